from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.sqlite_backend import SQLiteStore

DAY1 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

pytestmark = pytest.mark.sqlite_only  # SQLite files and their backups


def test_daily_backup_happens_at_most_once_a_day(classroom):
    s = classroom.store
    first = s.daily_backup(now=DAY1)
    assert first is not None and Path(first).is_file()
    assert s.daily_backup(now=DAY1 + timedelta(hours=5)) is None
    assert s.daily_backup(now=DAY1 + timedelta(days=1)) is not None
    with SQLiteStore(first) as copy:
        assert [st.display_name for st in copy.students(classroom.room.id)] == ["Ada", "Ben"]
        assert copy.check().ok


def test_backups_rotate_keeping_the_newest_seven(classroom):
    s = classroom.store
    for day in range(10):
        classroom.play(classroom.ada, ev.XpGained(1, "step"))
        s.daily_backup(now=DAY1 + timedelta(days=day))
    names = sorted(p.name for p in s.backups_dir().iterdir())
    assert names == [f"progress-2026-03-{d:02d}.sqlite3" for d in range(5, 12)]


def test_restore_brings_back_a_backup_and_keeps_the_current_file_aside(classroom, tmp_path):
    s = classroom.store
    classroom.play(classroom.ada, ev.XpGained(10, "step"))
    backup = tmp_path / "monday.sqlite3"
    s.backup_to(backup)
    classroom.play(classroom.ada, ev.XpGained(99, "step"))
    assert s.student_summary(classroom.ada.id).xp == 109

    aside = s.restore_from(backup, now=DAY1)
    assert Path(aside).name == "progress.sqlite3.before-restore-20260302T080000Z"
    assert s.student_summary(classroom.ada.id).xp == 10
    with SQLiteStore(aside) as before:
        assert before.student_summary(classroom.ada.id).xp == 109
    # Another process opening the store sees the restored content.
    with SQLiteStore(s.location) as again:
        assert again.student_summary(classroom.ada.id).xp == 10
        assert again.check().ok


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page + 100, len(data), page):  # scribble over every page but the header
        data[offset : offset + 200] = b"\xa5" * 200
    path.write_bytes(bytes(data))


def test_restore_refuses_a_corrupted_file(classroom, tmp_path):
    s = classroom.store
    for i in range(200):
        classroom.play(classroom.ada, ev.DraftSaved("q", f"step-{i}", "words " * 40))
    backup = tmp_path / "broken.sqlite3"
    s.backup_to(backup)
    _corrupt(backup)
    with pytest.raises(QuestError, match="not a healthy progress store"):
        s.restore_from(backup)
    assert s.check().ok
    assert s.draft(classroom.ada.id, "q", "step-5") is not None
    assert not list(Path(s.location).parent.glob("*.before-restore-*"))


def test_restore_from_a_missing_file_says_there_is_no_file(classroom, tmp_path):
    with pytest.raises(QuestError, match="there is no file at .*nothing was restored"):
        classroom.store.restore_from(tmp_path / "typo.sqlite3")
    assert classroom.store.check().ok


def test_restore_refuses_a_database_that_is_not_a_store(classroom, tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(QuestError) as info:
        classroom.store.restore_from(other)
    assert "not a Quest Engine progress store" in (info.value.hint or "")


def test_restore_refuses_a_backup_from_a_newer_version(classroom, tmp_path):
    newer = tmp_path / "newer.sqlite3"
    classroom.store.backup_to(newer)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO migrations VALUES ('m999_future', 't')")
    conn.commit()
    conn.close()
    with pytest.raises(QuestError, match="nothing was restored") as info:
        classroom.store.restore_from(newer)
    assert "newer Quest Engine" in (info.value.hint or "")
    # The current store is untouched and still opens.
    assert [k.display_name for k in classroom.store.students(classroom.room.id)] == ["Ada", "Ben"]
    with SQLiteStore(classroom.store.location) as again:
        assert again.check().ok


def test_a_store_that_cannot_be_opened_is_restored_from_a_backup(classroom, tmp_path):
    from quest_engine.store.sqlite_backend import restore_file

    backup = tmp_path / "monday.sqlite3"
    classroom.store.backup_to(backup)
    broken = tmp_path / "broken" / "progress.sqlite3"
    broken.parent.mkdir()
    broken.write_bytes(b"half a file" * 300)
    with pytest.raises(QuestError, match="not a readable progress store"):
        SQLiteStore(broken)
    aside = restore_file(broken, backup, now=DAY1)
    assert Path(aside).read_bytes() == b"half a file" * 300  # kept aside untouched
    with SQLiteStore(broken) as restored:
        assert [k.display_name for k in restored.students(classroom.room.id)] == ["Ada", "Ben"]
        assert restored.check().ok


def test_starting_the_game_takes_the_daily_backup(tmp_path):
    import argparse

    from quest_engine.cli.play_cmd import build_service

    path = tmp_path / "progress.sqlite3"
    SQLiteStore(path).close()
    for _ in range(2):  # a second start on the same day adds nothing
        service = build_service(argparse.Namespace(store=str(path)))
        service.store.close()
    copies = list((tmp_path / "backups").glob("progress-*.sqlite3"))
    assert len(copies) == 1
    with SQLiteStore(copies[0]) as copy:
        assert copy.check().ok


def test_a_full_disk_loses_nothing_and_leaves_no_half_files(classroom, tmp_path):
    s = classroom.store
    before = s.check().events
    pages = s._conn.execute("PRAGMA page_count").fetchone()[0]
    s._conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # the disk is now "full"
    big = ev.DraftSaved("q", "log", "words " * 50_000)
    with pytest.raises(QuestError, match="disk is full") as info:
        s.append([stamp(big, classroom.ada.id)])
    assert "space" in (info.value.hint or "")
    assert s.check().events == before and s.check().ok  # all or nothing
    s._conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
    s.append([stamp(big, classroom.ada.id)])
    assert s.draft(classroom.ada.id, "q", "log") == big.text


def test_a_failed_backup_leaves_no_partial_file(classroom, tmp_path, monkeypatch):
    target = tmp_path / "out" / "copy.sqlite3"

    class FillsTheDisk:
        """The store's connection, whose copy runs out of space half way."""

        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def backup(self, dst: sqlite3.Connection, **kwargs) -> None:
            dst.execute("CREATE TABLE half_a_copy (x)")
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name: str):
            return getattr(self.real, name)

    monkeypatch.setattr(classroom.store, "_conn", FillsTheDisk(classroom.store._conn))
    with pytest.raises(QuestError, match="backup .* failed"):
        classroom.store.backup_to(target)
    assert list(target.parent.iterdir()) == []


def test_a_backup_never_overwrites_the_live_store(classroom, tmp_path):
    s = classroom.store
    for target in (
        s.location,
        s.location + "-wal",
        str(Path(s.location).parent / "." / "progress.sqlite3"),
    ):
        with pytest.raises(QuestError, match="own file"):
            s.backup_to(target)
    with pytest.raises(QuestError, match="own file"):
        s.restore_from(s.location)
    assert [k.display_name for k in s.students(classroom.room.id)] == ["Ada", "Ben"]


def test_a_backup_to_an_impossible_place_is_one_clear_error(classroom, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(QuestError, match="backup .* failed"):
        classroom.store.backup_to(blocker / "copy.sqlite3")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX special file")
def test_restore_never_moves_something_that_is_not_a_file(classroom, tmp_path):
    """`--store /dev/null store restore X` must not move /dev/null aside."""
    from quest_engine.store.sqlite_backend import restore_file

    backup = tmp_path / "monday.sqlite3"
    classroom.store.backup_to(backup)
    special = tmp_path / "pipe.sqlite3"
    os.mkfifo(special)
    with pytest.raises(QuestError, match="not a file"):
        SQLiteStore(special)
    with pytest.raises(QuestError, match="not a file; nothing was restored"):
        restore_file(special, backup)
    assert special.exists() and not special.is_file()
    assert not list(tmp_path.glob("pipe.sqlite3.before-restore-*"))
