from __future__ import annotations

import sqlite3
import sys

import pytest

from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp
from quest_engine.store.api import Store


def test_sqlite_store_implements_the_interface(store):
    assert isinstance(store, Store)


def test_appended_events_come_back_in_order_with_their_envelope(classroom):
    s = classroom.store
    added = classroom.play(
        classroom.ada,
        ev.QuestStarted("launch-lab", "hash-1"),
        ev.StepEntered("launch-lab", "briefing"),
        at="2026-03-02T09:00:00.000Z",
    )
    assert [a.seq for a in added] == sorted(a.seq for a in added)
    back = list(s.events(student_id=classroom.ada.id))
    assert [type(e.event) for e in back] == [ev.ProfileCreated, ev.QuestStarted, ev.StepEntered]
    started = back[1]
    assert started.event == ev.QuestStarted("launch-lab", "hash-1")
    assert started.quest_id == "launch-lab"
    assert started.content_hash == "hash-1"
    assert started.class_id == classroom.room.id
    assert started.at == "2026-03-02T09:00:00.000Z"


def test_a_duplicate_event_id_is_ignored(classroom):
    s = classroom.store
    item = stamp(ev.XpGained(10, "step", "q", "s"), classroom.ada.id)
    assert len(s.append([item])) == 1
    assert s.append([item, item]) == []
    assert s.student_summary(classroom.ada.id).xp == 10
    ids = [e.event_id for e in s.events()]
    assert ids.count(item.event_id) == 1


def test_events_since_a_seq_and_for_one_quest(classroom):
    s = classroom.store
    first = classroom.play(classroom.ada, ev.QuestStarted("a", "h"))
    classroom.play(classroom.ada, ev.QuestStarted("b", "h"), ev.StepEntered("a", "x"))
    later = [e.event for e in s.events(since=first[-1].seq)]
    assert later == [ev.QuestStarted("b", "h"), ev.StepEntered("a", "x")]
    only_a = [e.event for e in s.events(student_id=classroom.ada.id, quest_id="a")]
    assert only_a == [ev.QuestStarted("a", "h"), ev.StepEntered("a", "x")]


def test_a_batch_is_one_transaction(classroom, monkeypatch):
    """A failure half way through a batch leaves neither the log nor the read models changed."""
    s = classroom.store
    backend = sys.modules[type(s).__module__]
    before = len(list(s.events()))
    real_apply = backend.apply
    calls = []

    def failing_apply(rm, row):
        calls.append(row)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        real_apply(rm, row)

    monkeypatch.setattr(backend, "apply", failing_apply)
    batch = [stamp(ev.XpGained(5, "step"), classroom.ada.id) for _ in range(3)]
    with pytest.raises(RuntimeError):
        s.append(batch)
    monkeypatch.setattr(backend, "apply", real_apply)
    assert len(list(s.events())) == before
    assert s.student_summary(classroom.ada.id).xp == 0
    assert len(s.append(batch)) == 3
    assert s.student_summary(classroom.ada.id).xp == 15


def test_data_survives_reopening(tmp_path):
    path = tmp_path / "p.sqlite3"
    with open_store(path) as s:
        token = s.verify_facilitator(None)
        room = s.create_class(token, "Room 1")
        kid = s.add_student(token, room.id, "Kid", "cat")
        s.append([stamp(ev.XpGained(7, "step"), kid.id)])
    with open_store(path, create=False) as s:
        assert s.student_summary(kid.id).xp == 7
        assert s.check().ok


@pytest.mark.sqlite_only
def test_pragmas_are_set(store):
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


@pytest.mark.sqlite_only
def test_badge_uniqueness_is_a_database_constraint(classroom):
    s = classroom.store
    classroom.play(classroom.ada, ev.BadgeEarned("rocketeer", "q"))
    conn = sqlite3.connect(s.location)
    try:
        conn.execute(
            "INSERT INTO rm_badge (student_id, badge_id, quest_id, at) VALUES (?, ?, '', 't')",
            (classroom.ada.id, "rocketeer"),
        )
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a second copy of a badge was accepted by the database")
    finally:
        conn.close()


def test_two_connections_writing_for_one_student_never_lose_an_update(classroom, open_again):
    """Two store objects on one store (two processes, two machines) interleave appends for
    one student: every XP counts and the badge is held once (SQLite's append cache must be
    invalidated by the other connection's writes)."""
    first = classroom.store
    kid = classroom.ada.id
    first.append([stamp(ev.QuestStarted("q", "h"), kid)])
    second = open_again()
    for _ in range(3):
        first.append([stamp(ev.XpGained(1, "step", "q"), kid)])
        second.append([stamp(ev.XpGained(10, "step", "q"), kid)])
    first.append([stamp(ev.BadgeEarned("b", "q"), kid)])
    second.append([stamp(ev.BadgeEarned("b", "q"), kid)])
    assert second.student_summary(kid).xp == 33
    assert first.student_summary(kid).xp == 33
    assert [b.badge_id for b in first.student_summary(kid).badges] == ["b"]
    (row,) = first.quest_progress(kid)
    assert row.score == 33


def test_events_of_some_types_only(classroom):
    """A reader asking for a few kinds of event gets exactly those, in log order."""
    s = classroom.store
    classroom.play(
        classroom.ada,
        ev.QuestStarted("a", "h"),
        ev.XpGained(5, "step", "a", "x"),
        ev.StepEntered("a", "x"),
    )
    classroom.play(classroom.ben, ev.QuestStarted("b", "h"), ev.DraftSaved("b", "x", "hi"))
    kinds = {ev.QuestStarted.type, ev.StepEntered.type}
    wanted = [e.event for e in s.events(types=kinds)]
    assert wanted == [
        ev.QuestStarted("a", "h"),
        ev.StepEntered("a", "x"),
        ev.QuestStarted("b", "h"),
    ]
    mine = [e.event for e in s.events(student_id=classroom.ben.id, types=[ev.DraftSaved.type])]
    assert mine == [ev.DraftSaved("b", "x", "hi")]
    assert [e.event for e in s.events(types=ev.XpGained.type)] == [ev.XpGained(5, "step", "a", "x")]
    assert list(s.events(types=())) == []
    assert len(list(s.events(types=None))) == len(list(s.events()))


def test_a_type_filter_pages_through_a_long_log(classroom, monkeypatch):
    """Filtered reads page on seq like unfiltered ones: nothing skipped at a page edge."""
    from quest_engine.store import base

    monkeypatch.setattr(base, "EVENT_PAGE", 3)
    moves = [
        ev.XpGained(i, "step", "q", f"s{i}") if i % 3 else ev.StepEntered("q", f"s{i}")
        for i in range(20)
    ]
    classroom.play(classroom.ada, *moves)
    got = [e.event for e in classroom.store.events(types={ev.StepEntered.type})]
    assert got == [m for m in moves if isinstance(m, ev.StepEntered)]
