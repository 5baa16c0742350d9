"""Stable pseudonyms for anonymised exports: "Student Falcon-42" instead of a child's name.

A pseudonym is drawn from HMAC-SHA256(secret, student id), where the secret belongs to one
store and never leaves the machine. Same store, same student: same pseudonym in every export
and every format, so a facilitator can follow "Falcon-42" across reports; without the secret
nobody can go from the pseudonym back to the id (nor guess it from a list of names).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

ANIMALS: tuple[str, ...] = (
    "Falcon", "Otter", "Lynx", "Heron", "Badger", "Koala", "Puffin", "Gecko",
    "Orca", "Panda", "Raven", "Bison", "Crane", "Dingo", "Egret", "Ferret",
    "Gazelle", "Hedgehog", "Ibis", "Jaguar", "Kestrel", "Lemur", "Marten", "Narwhal",
    "Ocelot", "Pelican", "Quokka", "Robin", "Salmon", "Tapir", "Urchin", "Vole",
    "Walrus", "Yak", "Zebra", "Beaver", "Cougar", "Dolphin", "Eagle", "Fox",
    "Gibbon", "Hawk", "Impala", "Jackal", "Kiwi", "Llama", "Moose", "Newt",
    "Owl", "Penguin", "Quail", "Seal", "Tiger", "Turtle", "Wombat", "Wolf",
    "Alpaca", "Bobcat", "Condor", "Dove", "Elk", "Finch", "Gull", "Hare",
)  # fmt: skip


def student_key(secret: bytes, student_id: str) -> str:
    """The opaque, stable id of a student in exports (hex, 32 chars)."""
    return hmac.new(secret, student_id.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def pseudonym_for(key: str) -> str:
    """A friendly label derived from a student key: "Student Falcon-42"."""
    n = int(key[:12], 16)
    animal = ANIMALS[n % len(ANIMALS)]
    number = 10 + (n // len(ANIMALS)) % 990
    return f"Student {animal}-{number}"


def pseudonyms(keys: Iterable[str]) -> dict[str, str]:
    """Pseudonyms for a whole class, unique within it.

    Two keys that happen to draw the same label are told apart by a short suffix taken
    from their own key, so each label still depends only on its own student.
    """
    keys = sorted(set(keys))
    labels = {k: pseudonym_for(k) for k in keys}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {k: (lbl if counts[lbl] == 1 else f"{lbl}-{k[12:14]}") for k, lbl in labels.items()}
