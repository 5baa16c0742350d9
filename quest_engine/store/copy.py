"""`quest store copy`: move a class (or everything) between stores, e.g. a camp laptop's
SQLite file into the district's PostgreSQL database, or the shared store onto a laptop.

Copying is idempotent: people are matched by id and events by `event_id`, so copying twice
gives the same result as copying once, and an interrupted copy can simply be run again.
Events are appended in the source's log order through the target's own `append`, so the
target's read models are folded exactly as if the play had happened there.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from quest_engine.errors import QuestError
from quest_engine.store import credentials
from quest_engine.store.api import LoggedEvent, Store

BATCH = 500

People = dict[str, list[tuple[Any, ...]]]
"""Rows of `classes` (id, name, join_code, created_at), `students` (id, class_id,
display_name, avatar, pin_hash, created_at) and `facilitators` (name, passphrase_hash,
updated_at): the parts of a store that are not in the event log."""


class PeopleRows(Protocol):
    """What a backend offers `store copy` beyond the Store interface: raw people rows,
    PIN and passphrase hashes included (they never leave the stores in clear)."""

    def export_people(self, class_id: str | None = None) -> People: ...
    def import_people(self, people: People) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class CopyReport:
    classes: int
    students: int
    events_read: int
    events_added: int
    renamed_join_codes: tuple[str, ...] = ()


def _backend(store: Any) -> Any:
    """The store itself, or the shared store behind an offline outbox."""
    inner = getattr(store, "primary_store", None)
    return inner() if callable(inner) else store


def people_rows(store: Any) -> PeopleRows:
    store = _backend(store)
    if hasattr(store, "export_people") and hasattr(store, "import_people"):
        return store
    raise QuestError(f"{type(store).__name__} cannot be copied")


def _class_events(src: Store, student_ids: list[str]) -> Iterator[LoggedEvent]:
    """The events of these students, merged back into the source's log order."""
    streams = [src.events(student_id=sid) for sid in student_ids]
    return heapq.merge(*streams, key=lambda e: e.seq)


def _fit_people(people: People, dst: Store) -> tuple[People, list[str]]:
    """Refuse name clashes with other classes; give a class a new join code when the
    target already uses its code for another class."""
    existing = {c.id: c for c in dst.classes()}
    by_name = {c.name.casefold(): c for c in existing.values()}
    codes = {c.join_code: c.id for c in existing.values()}
    renamed: list[str] = []
    classes = []
    for cid, name, code, created in people["classes"]:
        if cid in existing:
            classes.append((cid, name, existing[cid].join_code, created))
            continue
        clash = by_name.get(str(name).casefold())
        if clash is not None:
            raise QuestError(
                f"the target store already has another class called {name!r}",
                hint="rename one of them first (quest class rename), then copy again",
            )
        if code in codes:
            while code in codes:
                code = credentials.new_join_code()
            renamed.append(f"{name}: {code}")
        codes[code] = cid
        classes.append((cid, name, code, created))
    return {**people, "classes": classes}, renamed


def copy_store(
    src: Store, dst: Store, *, class_id: str | None = None, facilitators: bool = True
) -> CopyReport:
    """Copy one class (`class_id`) or everything from `src` into `dst`.

    The facilitator passphrase travels only with a whole-store copy, and only into a store
    that has none yet (a district database keeps its own).
    """
    source_rows = people_rows(src)
    target_rows = people_rows(dst)
    people = source_rows.export_people(class_id)
    if class_id is not None and not people["classes"]:
        raise QuestError(f"no class with id {class_id!r} in {src.location}")
    if class_id is not None or not facilitators or dst.facilitator_has_passphrase():
        people = {**people, "facilitators": []}
    people, renamed = _fit_people(people, dst)
    added = target_rows.import_people(people)

    if class_id is None:
        stream: Iterator[LoggedEvent] = iter(src.events())
    else:
        stream = _class_events(src, [row[0] for row in people["students"]])
    read = appended = 0
    batch: list[LoggedEvent] = []
    for item in stream:
        batch.append(item)
        read += 1
        if len(batch) >= BATCH:
            appended += len(dst.append(batch))
            batch = []
    if batch:
        appended += len(dst.append(batch))
    return CopyReport(
        classes=added["classes"],
        students=added["students"],
        events_read=read,
        events_added=appended,
        renamed_join_codes=tuple(renamed),
    )
