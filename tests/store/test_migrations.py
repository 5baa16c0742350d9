from __future__ import annotations

import json
import os
import sqlite3

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.rules.events import to_record
from quest_engine.store import credentials, stamp
from quest_engine.store.sqlite_backend import (
    LATEST_VERSION,
    MIGRATIONS,
    SQLiteStore,
    connect,
    migrate,
)


@pytest.mark.sqlite_only
def test_a_new_store_records_every_migration(store):
    conn = store._conn
    names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY rowid")]
    assert names == [name for name, _ in MIGRATIONS]
    assert store.schema_version == LATEST_VERSION
    assert store.check().schema_version == LATEST_VERSION


def test_a_store_at_m001_is_migrated_and_its_new_read_models_filled(tmp_path):
    """An old store written by the first release opens, migrates and keeps everything."""
    path = str(tmp_path / "old.sqlite3")
    conn = connect(path)
    assert migrate(conn, upto=1) == ["m001_initial"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.execute("INSERT INTO classes VALUES ('c1', 'Room 1', 'ACDEFG', 't')")
    conn.execute("INSERT INTO students VALUES ('s1', 'c1', 'Ada', 'fox', ?, 't')", (PIN_HASH,))
    for seq, event in enumerate(
        [
            ev.ProfileCreated("Ada", "fox"),
            ev.QuestStarted("q", "h"),
            ev.XpGained(12, "step", "q"),
            ev.DraftSaved("q", "log", "half a story"),
            ev.FlagRaised("q", "briefed"),
        ],
        start=1,
    ):
        conn.execute(
            "INSERT INTO events (event_id, type, student_id, class_id, quest_id, at, data) "
            "VALUES (?, ?, 's1', 'c1', ?, '2026-01-01T00:00:00Z', ?)",
            (f"e{seq}", event.type, getattr(event, "quest_id", ""), json.dumps(to_record(event))),
        )
    conn.close()

    with SQLiteStore(path) as s:
        assert s.schema_version == LATEST_VERSION
        # The old events are still there and the read models were folded from them.
        assert len(list(s.events())) == 5
        assert s.student_summary("s1").xp == 12
        assert s.draft("s1", "q", "log") == "half a story"
        assert s.quest_progress("s1")[0].flags == ("briefed",)
        assert s.check().ok
        _pauses_after_five_wrong_pins(s)


PIN_HASH = credentials.hash_secret("2580")


def _pauses_after_five_wrong_pins(store) -> None:
    """The old student's PIN still signs them in, and wrong ones are counted (the new
    sign_in_guard table is there)."""
    assert store.check_pin("s1", "2580")
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        assert not store.check_pin("s1", guess)
    with pytest.raises(QuestError, match="Try again in"):
        store.check_pin("s1", "2580")


@pytest.mark.postgres
def test_a_postgres_store_at_pg001_is_migrated_and_keeps_everything(pg_url):
    """A shared database written by the first release opens, migrates and keeps its data."""
    import psycopg

    from quest_engine.store import postgres_backend as pg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert pg.migrate(conn, upto=1) == ["pg001_initial"]
        conn.execute("INSERT INTO classes VALUES ('c1', 'Room 1', 'ACDEFG', 't')")
        conn.execute("INSERT INTO students VALUES ('s1', 'c1', 'Ada', 'fox', %s, 't')", (PIN_HASH,))
    with pg.PostgresStore(pg_url) as s:
        assert s.applied_migrations() == [name for name, _ in pg.MIGRATIONS]
        assert s.schema_version == pg.LATEST_VERSION
        s.append([stamp(ev.XpGained(12, "step", "q"), "s1")])
        assert [c.name for c in s.classes()] == ["Room 1"]
        assert s.student_summary("s1").xp == 12
        assert s.check().ok
        _pauses_after_five_wrong_pins(s)


@pytest.mark.sqlite_only
def test_migrating_twice_does_nothing(store):
    assert migrate(store._conn) == []


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO migrations VALUES ('m999_future', 't')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(QuestError, match="newer Quest Engine"):
        SQLiteStore(path)
    assert path.read_bytes() == before  # refused before anything was written


def test_a_newer_schema_version_alone_is_refused_too(tmp_path):
    path = tmp_path / "new.sqlite3"
    SQLiteStore(path, journal_mode="delete").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(QuestError, match="newer Quest Engine"):
        SQLiteStore(path)
    assert path.read_bytes() == before  # its journal mode was not even switched to WAL


def test_a_read_only_store_says_so(tmp_path, monkeypatch):
    path = tmp_path / "locked.sqlite3"
    SQLiteStore(path).close()
    real_access = os.access
    for locked in (path, tmp_path):  # the file, or the folder its -wal and -shm go in
        monkeypatch.setattr(
            os,
            "access",
            lambda p, mode, locked=locked: (
                False if mode == os.W_OK and str(p) == str(locked) else real_access(p, mode)
            ),
        )
        with pytest.raises(QuestError) as info:
            SQLiteStore(path)
        assert "read-only" in str(info.value)
        assert "restore" not in (info.value.hint or "")  # restoring would not help


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(QuestError, match="not a readable progress store"):
        SQLiteStore(path)


def test_a_store_that_cannot_be_created_says_where_and_why(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    with pytest.raises(QuestError, match="cannot create the progress store") as info:
        SQLiteStore(blocker / "progress.sqlite3", create=True)
    assert "writable" in (info.value.hint or "")
