from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.api import ClassInfo, FacilitatorToken, StudentInfo
from quest_engine.store.sqlite_backend import SQLiteStore


@dataclass
class Classroom:
    store: SQLiteStore
    token: FacilitatorToken
    room: ClassInfo
    ada: StudentInfo
    ben: StudentInfo

    def play(self, student: StudentInfo, *events: ev.Event, at: str | None = None) -> list:
        return self.store.append([stamp(e, student.id, at=at) for e in events])


@pytest.fixture
def store(tmp_path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "progress.sqlite3")
    yield s
    s.close()


@pytest.fixture
def classroom(store) -> Classroom:
    token = store.verify_facilitator(None)
    room = store.create_class(token, "Room 12")
    ada = store.add_student(token, room.id, "Ada", "fox")
    ben = store.add_student(token, room.id, "Ben", "owl")
    return Classroom(store, token, room, ada, ben)
