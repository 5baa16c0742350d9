"""Purging a student, on both backends: every trace goes, and classmates' words that name
the student keep everything but the name ("a classmate")."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest

from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.outbox import Outbox
from quest_engine.store.postgres_backend import PostgresStore

GONE = "Quillon Zebedee-Marchetti"
NEEDLES = [GONE, GONE.upper(), "Quillon", "Zebedee"]


def _text_cells(store, request) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text cell of every table in the store's database."""
    cells = []
    if isinstance(store, PostgresStore):
        with psycopg.connect(request.getfixturevalue("pg_url")) as conn:
            columns = conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() "
                "AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
            ).fetchall()
            for table, column in columns:
                for (value,) in conn.execute(f'SELECT "{column}"::text FROM "{table}"'):
                    cells.append((table, column, value or ""))
        assert {t for t, _c, _v in cells} >= {"events", "rm_feedback", "rm_draft"}
        return cells
    conn = sqlite3.connect(store._path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for row in conn.execute(f"SELECT * FROM {table}"):
                cells += [
                    (table, c, v) for c, v in zip(names, row, strict=True) if isinstance(v, str)
                ]
    finally:
        conn.close()
    return cells


@pytest.fixture
def named(classroom):
    """Room 12 with a third student, and classmates' writing that names them."""
    c = classroom
    s, ada, ben = c.store, c.ada, c.ben
    gone = s.add_student(c.token, c.room.id, GONE, "cat")
    s.append(
        [
            stamp(ev.WorkSubmitted("w-ada", "q", "log", "Ada's story", "peer", True), ada.id),
            stamp(ev.WorkSubmitted("w-gone", "q", "log", "Gone's tale", "peer", True), gone.id),
            stamp(ev.DraftSaved("q", "log2", f"draft by {GONE}"), gone.id),
            stamp(
                ev.WorkSubmitted("w-ada2", "q2", "map", "Quillon drew the map", "teacher"), ada.id
            ),
            stamp(ev.DraftSaved("q2", "log", "Quillon and I tried 45°"), ada.id),
        ]
    )
    s.give_feedback(gone.id, "w-ada", "Vivid", "The ending", "A title")
    s.give_feedback(ben.id, "w-gone", f"Great work {GONE}", "Numbers", "More")
    s.give_feedback(ben.id, "w-ada", "Like Quillon said: great!", f"{GONE.upper()} agrees", "Map")
    s.review(c.token, "w-ada2", {}, "Thank Zebedee-Marchetti for the idea", True)
    return c, gone


def test_purge_removes_the_student_and_their_name_from_every_text_column(named, request):
    c, gone = named
    s = c.store
    assert any(GONE in v for _t, _c, v in _text_cells(s, request))

    report = s.purge_student(c.token, gone.id)

    assert (report.submissions_deleted, report.feedback_kept) == (1, 1)
    assert report.names_replaced == 4  # Ada's work and draft, Ben's feedback, a review
    left = [
        (t, col) for t, col, v in _text_cells(s, request) for n in [*NEEDLES, gone.id] if n in v
    ]
    assert left == []
    assert [x.display_name for x in s.students(c.room.id)] == ["Ada", "Ben"]


def test_classmates_words_keep_everything_but_the_name(named):
    c, gone = named
    s = c.store
    s.purge_student(c.token, gone.id)

    feedback = [(f.kind, f.specific, f.from_student_id) for f in s.submission("w-ada").feedback]
    assert feedback == [
        ("Vivid", "The ending", ""),
        ("Like a classmate said: great!", "a classmate agrees", c.ben.id),
    ]
    assert s.draft(c.ada.id, "q2", "log") == "a classmate and I tried 45°"
    work = s.submission("w-ada2")
    assert work.text == "a classmate drew the map"
    assert [r.comment for r in work.reviews] == ["Thank a classmate for the idea"]
    before = s.read_model_snapshot()
    s.rebuild()  # the log says the same as the read models
    assert s.read_model_snapshot() == before
    texts = [e.event for e in s.events(student_id=c.ben.id)]
    assert (
        ev.PeerFeedbackGiven("w-ada", "Like a classmate said: great!", "a classmate agrees", "Map")
        in texts
    )


def test_words_that_only_look_like_the_name_are_kept(classroom):
    """Lower-case name parts and longer words are ordinary words, not the name."""
    c = classroom
    s = c.store
    gone = s.add_student(c.token, c.room.id, "Mark Rose", "cat")
    c.play(c.ada, ev.DraftSaved("q", "log", "I mark the rose garden, Marks and Rosemary; Mark R."))
    c.play(c.ben, ev.DraftSaved("q", "log", "MARK ROSE and mark rose"))
    assert s.purge_student(c.token, gone.id).names_replaced == 2
    assert s.draft(c.ada.id, "q", "log") == (
        "I mark the rose garden, Marks and Rosemary; a classmate R."
    )
    assert s.draft(c.ben.id, "q", "log") == "a classmate and a classmate"


def test_classmates_queued_words_lose_the_name_on_a_laptop(tmp_path, classroom):
    """Events waiting in a laptop's outbox are cleaned like the shared store's."""
    c = classroom
    box = Outbox(tmp_path / "outbox.sqlite3")
    try:
        box.put(
            [
                stamp(ev.DraftSaved("q", "log", "Quillon and I"), c.ada.id),
                stamp(ev.XpGained(5, "step", "q", "s"), c.ada.id),
            ]
        )
        assert box.replace_name(GONE) == 1
        queued = [e.event for e in box.pending()]
        assert queued == [ev.DraftSaved("q", "log", "a classmate and I"), queued[1]]
        box.compact()
        for f in tmp_path.glob("outbox.sqlite3*"):
            assert b"Quillon" not in f.read_bytes(), f.name
    finally:
        box.close()
