"""A damaged or hostile outbox file on a laptop (garbage, a table of another shape, rows no
version of the game wrote) never stops the game with a traceback: the file is set aside
or the bad rows are skipped, and play goes on. No server: the shared store is unreachable."""

from __future__ import annotations

import os
import sqlite3

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.api import ClassInfo, StudentInfo
from quest_engine.store.offline_cache import OfflineCache
from quest_engine.store.outbox import NOT_PLAYED_HERE, Outbox, OutboxStore, offline_view
from quest_engine.store.postgres_backend import StoreUnreachable

DEAD = "postgresql://quest@127.0.0.1:1/quest"
ROOM = ClassInfo("c1", "Room 7", "ACDEFG", 3)
ADA = StudentInfo("s-ada", "c1", "Ada", "fox", True)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "outbox.sqlite3"


def _offline(path) -> OutboxStore:
    return OutboxStore(DEAD, outbox_path=path, retry_interval=1e9, connect_timeout=1)


def test_a_file_that_is_not_a_database_is_set_aside_and_play_goes_on(path):
    path.write_bytes(b"this is not what the game wrote " * 200)
    laptop = _offline(path)
    queued = laptop.append([stamp(ev.XpGained(5, "step", "q"), ADA.id)])
    assert [e.seq for e in queued] == [0] and laptop.queued() == 1
    with pytest.raises(StoreUnreachable) as err:
        laptop.check_pin(ADA.id, "2468")
    assert str(err.value) == NOT_PLAYED_HERE
    laptop.close()
    aside = [p for p in path.parent.iterdir() if ".damaged" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not")


def test_a_table_of_another_shape_is_made_again_not_a_crash_at_sign_in(path):
    box = Outbox(path)
    box.put([stamp(ev.XpGained(5, "step", "q"), ADA.id)])  # a move still to be sent
    box.connection.execute("CREATE TABLE laptop_students (student_id TEXT PRIMARY KEY)")
    box.close()
    laptop = _offline(path)
    with pytest.raises(StoreUnreachable) as err:
        laptop.check_pin(ADA.id, "2468")
    assert str(err.value) == NOT_PLAYED_HERE
    assert laptop.queued() == 1  # the queue is kept: only the cache is made again
    laptop.close()


def test_a_queue_table_of_another_shape_sets_the_file_aside(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE outbox (n INTEGER PRIMARY KEY, x TEXT)")
    conn.commit()
    conn.close()
    laptop = _offline(path)
    laptop.append([stamp(ev.XpGained(5, "step", "q"), ADA.id)])
    assert laptop.queued() == 1
    laptop.close()
    assert [p.name for p in path.parent.iterdir() if ".damaged" in p.name] == [
        "outbox.sqlite3.damaged-1"
    ]


def test_a_queued_row_no_game_wrote_is_set_aside_and_the_rest_still_reads(path):
    box = Outbox(path)
    box.connection.execute(
        "INSERT INTO outbox (event_id, student_id, record, queued_at) "
        "VALUES ('e-bad', 's-ada', 'not json at all', 'x')"
    )
    box.close()
    laptop = _offline(path)
    laptop.append([stamp(ev.DraftSaved("q", "s", "My plan"), ADA.id)])
    assert laptop.draft(ADA.id, "q", "s") == "My plan"  # offline reads fold the queue
    assert [e.event.type for _n, e in laptop.outbox.peek()] == [ev.DraftSaved.type]
    assert laptop.outbox.rejected_count() == 1  # kept aside, not sent, not in the way
    laptop.close()


def test_a_garbled_count_of_wrong_pins_is_no_traceback_at_offline_sign_in(path):
    box = Outbox(path)
    cache = OfflineCache(box.connection, offline_view)
    cache.remember(ADA, ROOM, "2468")
    box.connection.execute("INSERT INTO pin_guard VALUES ('s-ada', 'x', 'y', 'z')")
    assert cache.check_pin(ADA.id, "1111", now=1e9) is False
    assert cache.check_pin(ADA.id, "2468", now=1e9) is True
    for _ in range(5):
        cache.check_pin(ADA.id, "1111", now=1e9)
    with pytest.raises(QuestError, match="Too many wrong PINs"):
        cache.check_pin(ADA.id, "2468", now=1e9)
    box.close()


def test_garbled_people_rows_are_left_out_offline_not_a_crash(path):
    box = Outbox(path)
    cache = OfflineCache(box.connection, offline_view)
    cache.remember(ADA, ROOM, "2468")
    conn = box.connection
    conn.execute("INSERT INTO laptop_students VALUES ('s-x', 'c1', 42, X'00', 'y', 7, 't')")
    conn.execute("INSERT INTO laptop_classes VALUES ('c2', 'Room 9', 'QQQQQQ', 'many')")
    conn.execute("INSERT INTO laptop_students VALUES ('s-y', 'c2', 'Yu', 'cat', 1, 1234, 't')")
    box.close()
    laptop = _offline(path)
    assert [c.name for c in laptop.classes()] == ["Room 7"]
    assert [s.display_name for s in laptop.students("c1")] == ["Ada"]
    with pytest.raises(StoreUnreachable):
        laptop.check_pin("s-x", "1234")
    assert laptop.check_pin("s-y", "1234") is False  # a hash no game wrote matches nothing
    assert laptop.check_pin(ADA.id, "2468")
    laptop.close()


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_laptop_file_is_readable_by_its_owner_only(path):
    """It holds names, writing and PIN hashes: another account on a shared computer
    must not read it."""
    box = Outbox(path)
    OfflineCache(box.connection, offline_view).remember(ADA, ROOM, "2468")
    files = list(path.parent.glob("outbox.sqlite3*"))
    assert any(f.name.endswith("-wal") for f in files)
    for f in files:
        assert f.stat().st_mode & 0o077 == 0, f.name
    box.close()


def test_a_place_the_file_cannot_be_made_is_one_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("a file where the folder should be")
    with pytest.raises(QuestError, match="cannot open this computer's offline file"):
        _offline(tmp_path / "notes.txt" / "outbox.sqlite3")


def test_forgetting_a_purged_student_drops_garbled_rows_that_name_them(path):
    box = Outbox(path)
    cache = OfflineCache(box.connection, offline_view)
    gone = StudentInfo("s-gone", "c1", "Quillon Zebedee", "owl", False)
    cache.remember(ADA, ROOM, "2468")
    cache.remember(gone, ROOM, None)
    cache.keep("draft", (ADA.id, "q", "s"), "My plan")
    conn = box.connection
    conn.execute("UPDATE last_reads SET value = '[\"Quillon wrote' WHERE kind = 'draft'")
    conn.execute("INSERT INTO sent_since (student_id, record) VALUES ('s-ada', '{Quillon')")
    cache.keep("class_board", ("c1",), [])
    conn.execute("UPDATE last_reads SET value = 'not json' WHERE kind = 'class_board'")
    conn.execute(
        "INSERT INTO outbox (event_id, student_id, record, queued_at) "
        "VALUES ('e1', 's-ada', '{\"event\": \"Quillon', 'x')"
    )
    conn.execute("INSERT INTO rejected VALUES ('e2', 'Quillon said [', 'unreadable row', 'x')")
    assert cache.forget(gone.id, gone.display_name)
    box.replace_name(gone.display_name)
    box.compact()
    box.close()
    for f in path.parent.glob("outbox.sqlite3*"):
        assert b"Quillon" not in f.read_bytes(), f.name
