"""Stable pseudonyms for anonymised exports: "Student Falcon-42" instead of a child's name.

A pseudonym is drawn from HMAC-SHA256(secret, student id), where the secret belongs to one
store and never leaves the machine. Same store, same student: same pseudonym in every export
and every format, so a facilitator can follow "Falcon-42" across reports; without the secret
nobody can go from the pseudonym back to the id (nor guess it from a list of names).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable

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


A_CLASSMATE = "a classmate"
_NAME_PART = re.compile(r"[^\W\d_][\w'’-]*[^\W_]", re.UNICODE)


def name_replacer(labels: dict[str, str]) -> Callable[[str], str]:
    """Replaces students' names inside free text (writing, feedback) by their pseudonyms.

    `labels` maps display names to pseudonyms. A full name is found in any case; a part of a
    name ("Zoë" of "Zoë Ångström", capitalised, three letters or more) as written, and a
    part two students share becomes "a classmate". Errs towards privacy: a capitalised
    word that happens to be someone's name ("Will it fly?" in a class with a Will) is
    replaced too.
    """
    full = {name.casefold(): label for name, label in labels.items() if name.strip()}
    parts: dict[str, str] = {}
    for name, label in labels.items():
        for part in _NAME_PART.findall(name):
            if len(part) >= 3 and part[0].isupper() and part.casefold() not in full:
                parts[part] = label if parts.get(part, label) == label else A_CLASSMATE
    if not full and not parts:
        return lambda text: text

    def alternation(words: Iterable[str]) -> str:
        ordered = sorted(set(words), key=len, reverse=True)
        return r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)"

    full_re = re.compile(alternation(labels), re.IGNORECASE) if full else None
    part_re = re.compile(alternation(parts)) if parts else None

    def replace(text: str) -> str:
        if full_re is not None:
            text = full_re.sub(lambda m: full.get(m.group(0).casefold(), m.group(0)), text)
        if part_re is not None:
            text = part_re.sub(lambda m: parts[m.group(0)], text)
        return text

    return replace
