from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.api import ClassInfo, FacilitatorToken, StudentInfo
from quest_engine.store.sqlite_backend import SQLiteStore

try:  # the PostgreSQL test server (tests/store/pg_fixture.py): fixtures pg_server, pg_url
    from .pg_fixture import pg_server, pg_url  # noqa: F401
except ImportError:
    from pg_fixture import pg_server, pg_url  # noqa: F401

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
"""The `store` fixture runs every store test on both backends."""


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite specifics (not run on pg)")


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked sqlite_only keep only their SQLite variant."""
    keep, drop = [], []
    for item in items:
        spec = getattr(item, "callspec", None)
        on_pg = spec is not None and spec.params.get("open_again") == "postgres"
        (drop if on_pg and item.get_closest_marker("sqlite_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@dataclass
class Classroom:
    store: SQLiteStore
    token: FacilitatorToken
    room: ClassInfo
    ada: StudentInfo
    ben: StudentInfo

    def play(self, student: StudentInfo, *events: ev.Event, at: str | None = None) -> list:
        return self.store.append([stamp(e, student.id, at=at) for e in events])


class HandClock:
    """A hand-turned wall clock (seconds since the epoch): time-dependent rules (sign-in
    pauses) tested without waiting."""

    def __init__(self) -> None:
        self.now = 1_780_000_000.0  # 2026-05-28

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> HandClock:
    """The clock the `store` fixture's store reads (turn it with `clock.now += s`)."""
    return HandClock()


@pytest.fixture(params=BACKENDS)
def open_again(request, tmp_path, clock) -> Iterator[Callable[[], SQLiteStore]]:
    """Opens a store object on the test's store (each call a new one, as on another
    machine or in another process); all are closed at the end."""
    opened: list[SQLiteStore] = []

    def make() -> SQLiteStore:
        if request.param == "postgres":
            from quest_engine.store.postgres_backend import PostgresStore

            s = PostgresStore(request.getfixturevalue("pg_url"), wall_clock=clock)
        else:
            s = SQLiteStore(tmp_path / "progress.sqlite3", wall_clock=clock)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store(open_again) -> SQLiteStore:
    """The store under test, on each backend in turn."""
    return open_again()


@pytest.fixture
def classroom(store) -> Classroom:
    token = store.verify_facilitator(None)
    room = store.create_class(token, "Room 12")
    ada = store.add_student(token, room.id, "Ada", "fox")
    ben = store.add_student(token, room.id, "Ben", "owl")
    return Classroom(store, token, room, ada, ben)


@pytest.fixture
def server(pg_server):
    """The test PostgreSQL server, for tests that stop it mid-play (started again after)."""
    if not pg_server.controllable:
        pytest.skip("QUEST_TEST_PG points at a server these tests may not stop")
    yield pg_server
    if not pg_server.cluster.running:
        pg_server.start()
