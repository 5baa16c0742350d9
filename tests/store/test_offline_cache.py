"""The laptop's offline cache file itself (`quest_engine/store/offline_cache.py`), without a
server: what it keeps survives closing and reopening, and forgetting a student leaves no
trace of them in the file."""

from __future__ import annotations

import pytest

from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.api import (
    BadgeAward,
    BoardRow,
    ClassInfo,
    Review,
    SharedItem,
    StudentInfo,
    StudentSummary,
    SubmissionView,
)
from quest_engine.store.offline_cache import OfflineCache
from quest_engine.store.outbox import Outbox, offline_view

ROOM = ClassInfo("c1", "Room 7", "ACDEFG", 3)
ADA = StudentInfo("s-ada", "c1", "Ada", "fox", True)
CY = StudentInfo("s-cy", "c1", "Cy", "cat", False)
GONE = StudentInfo("s-gone", "c1", "Quillon Zebedee", "owl", True)
NEVER = StudentInfo("s-never", "c1", "Never Here", "owl", False)


class Laptop:
    """The outbox file as a game opens it: the queue and the cache in one connection."""

    def __init__(self, path) -> None:
        self.box = Outbox(path)
        self.cache = OfflineCache(self.box.connection, offline_view)
        self.cache.catch_up()

    def close(self) -> None:
        self.box.close()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "outbox.sqlite3"


def _summary(student: StudentInfo, xp: int) -> StudentSummary:
    return StudentSummary(
        student.id, "c1", xp, 2, (BadgeAward("star", "q", "2026-01-01T00:00:00.000Z"),), (),
        "q", "s2", 1,
    )  # fmt: skip


def _row(student: StudentInfo, xp: int, shared: tuple[SharedItem, ...] = ()) -> BoardRow:
    return BoardRow(student.id, student.display_name, student.avatar, 1, xp, (), "q", 0, shared)


def test_what_the_laptop_keeps_survives_closing_and_reopening(path):
    first = Laptop(path)
    first.cache.remember(ADA, ROOM, "2468")
    first.cache.remember(CY, ROOM, None)
    first.cache.keep("student_summary", (ADA.id,), _summary(ADA, 40))
    board = [_row(ADA, 40), _row(CY, 5), _row(NEVER, 90)]
    first.cache.keep("class_board", ("c1",), board)
    first.cache.keep("student_summary", (NEVER.id,), _summary(NEVER, 90))  # not played here
    work = SubmissionView(
        "w1", ADA.id, "Ada", "c1", "q", "s", "My story", "teacher", "approved", True,
        "2026-01-01T00:00:00.000Z", (Review("facilitator", {"voice": 3}, "Lovely", True, "t"),),
    )  # fmt: skip
    first.cache.keep("submissions", (ADA.id,), [work])
    # Ada plays on online: the server takes two more moves after the reads were kept.
    first.cache.note_sent([stamp(ev.XpGained(10, "step", "q"), ADA.id, class_id="c1")])
    first.cache.note_sent([stamp(ev.StepEntered("q", "s3"), ADA.id, class_id="c1")])
    first.close()

    again = Laptop(path)  # a fresh game: the moves are folded into the kept reads
    assert again.cache.counts()["sent_since"] == 0
    assert again.cache.classes() == [ROOM]
    assert again.cache.students("c1") == [ADA, CY]  # never the whole roster
    assert again.cache.student(NEVER.id) is None
    summary, since = again.cache.read("student_summary", (ADA.id,))
    assert since == [] and (summary.xp, summary.current_step) == (50, "s3")
    assert summary.badges == _summary(ADA, 0).badges
    kept_board, _ = again.cache.read("class_board", ("c1",))
    assert [(r.display_name, r.xp) for r in kept_board] == [("Ada", 50), ("Cy", 5)]
    assert again.cache.read("student_summary", (NEVER.id,)) is None
    assert again.cache.read("submissions", (ADA.id,)) == ([work], [])
    # PINs: the one typed here, checked against a hash made here; no PIN, no question.
    assert again.cache.check_pin(ADA.id, "2468", now=1e9) is True
    assert again.cache.check_pin(ADA.id, "1111", now=1e9) is False
    assert again.cache.check_pin(CY.id, None, now=1e9) is True
    assert again.cache.check_pin(NEVER.id, None, now=1e9) is None  # the laptop cannot tell
    again.close()
    assert b"2468" not in b"".join(f.read_bytes() for f in path.parent.glob("outbox.sqlite3*"))


def test_forgetting_a_student_leaves_nothing_of_them_in_the_file(path):
    laptop = Laptop(path)
    laptop.cache.remember(GONE, ROOM, "2468")
    laptop.cache.remember(CY, ROOM, None)
    shared = (SharedItem("w9", "q", "s", "Quillon's volcano story", "t"),)
    laptop.cache.keep("class_board", ("c1",), [_row(GONE, 30, shared), _row(CY, 5)])
    laptop.cache.keep("student_summary", (GONE.id,), _summary(GONE, 30))
    laptop.cache.keep("draft", (CY.id, "q", "s"), "Quillon and I built it")
    laptop.cache.note_sent([stamp(ev.DraftSaved("q", "s", "With Zebedee"), CY.id)])
    laptop.cache.note_sent([stamp(ev.XpGained(5, "step", "q"), GONE.id)])
    assert laptop.cache.check_pin(GONE.id, "0000", now=1e9) is False  # a guard row too

    assert laptop.cache.forget(GONE.id, GONE.display_name)
    laptop.box.compact()
    assert laptop.cache.students("c1") == [CY]
    assert laptop.cache.pin_hash(GONE.id) is None
    assert laptop.cache.read("student_summary", (GONE.id,)) is None
    board, _ = laptop.cache.read("class_board", ("c1",))
    assert [r.display_name for r in board] == ["Cy"]
    draft, since = laptop.cache.read("draft", (CY.id, "q", "s"))
    assert draft == "a classmate and I built it"
    assert [e.event.text for e in since] == ["With a classmate"]
    laptop.close()
    for f in path.parent.glob("outbox.sqlite3*"):
        data = f.read_bytes()
        assert b"Quillon" not in data and b"Zebedee" not in data and b"s-gone" not in data, f.name

    again = Laptop(path)
    assert again.cache.student(GONE.id) is None and again.cache.classes() == [ROOM]
    again.close()


def test_an_online_roster_refreshes_profiles_and_forgets_who_is_gone(path):
    laptop = Laptop(path)
    laptop.cache.remember(ADA, ROOM, "2468")
    laptop.cache.remember(GONE, ROOM, "1357")
    renamed = StudentInfo(ADA.id, "c1", "Ada L.", "lion", False)  # the PIN was taken off
    assert laptop.cache.update_roster("c1", [renamed, CY, NEVER]) == [GONE.id]
    assert laptop.cache.students("c1") == [renamed]  # Cy and Never did not play here
    assert laptop.cache.pin_hash(ADA.id) is None
    assert laptop.cache.check_pin(ADA.id, None, now=1e9) is True
    laptop.close()


def test_a_row_another_version_wrote_is_read_again_online_not_a_crash(path):
    laptop = Laptop(path)
    laptop.cache.remember(ADA, ROOM, None)
    laptop.cache.keep("student_summary", (ADA.id,), _summary(ADA, 40))
    laptop.cache.keep("draft", (ADA.id, "q", "s"), "My plan")
    laptop.box.connection.execute(
        "UPDATE last_reads SET value = '{\"points\": 40}' WHERE kind = 'student_summary'"
    )
    assert laptop.cache.read("student_summary", (ADA.id,)) is None
    laptop.cache.note_sent([stamp(ev.XpGained(10, "step", "q"), ADA.id)])
    laptop.close()
    again = Laptop(path)  # folding what was sent skips the row it cannot read
    assert again.cache.read("student_summary", (ADA.id,)) is None
    assert again.cache.read("draft", (ADA.id, "q", "s")) == ("My plan", [])
    again.close()


def test_a_student_not_seen_online_for_90_days_is_forgotten_on_the_laptop(path):
    """A school laptop moves between classes and years: last year's profiles, PIN hashes
    and writing do not stay on it. Cy, seen recently, stays; nothing is rewritten."""
    from datetime import UTC, datetime, timedelta

    from quest_engine.store.outbox import _open_laptop_file

    laptop = Laptop(path)
    laptop.cache.remember(ADA, ROOM, "2468")
    laptop.cache.remember(CY, ROOM, None)
    laptop.cache.keep("student_summary", (ADA.id,), _summary(ADA, 40))
    laptop.cache.keep("student_summary", (CY.id,), _summary(CY, 5))
    laptop.cache.keep("class_board", ("c1",), [_row(ADA, 40), _row(CY, 5)])
    laptop.box.connection.execute(
        "UPDATE laptop_students SET signed_in_at = '2025-01-10T08:00:00.000Z' WHERE student_id = ?",
        (ADA.id,),
    )
    soon = datetime(2025, 4, 9, 8, tzinfo=UTC)  # 89 days later: still remembered
    assert laptop.cache.expire(soon) == 0 and laptop.cache.student(ADA.id) == ADA
    laptop.close()

    box, cache = _open_laptop_file(path)  # as the game opens it: today, long after
    try:
        assert cache.student(ADA.id) is None and cache.pin_hash(ADA.id) is None
        assert cache.read("student_summary", (ADA.id,)) is None
        assert cache.students("c1") == [CY] and cache.classes() == [ROOM]
        assert cache.read("student_summary", (CY.id,)) is not None
        assert cache.expire(datetime.now(UTC) + timedelta(days=91)) == 1  # then Cy too
        assert cache.classes() == [] and cache.read("class_board", ("c1",)) is None
    finally:
        box.close()
