"""Nothing private reaches a peer: the class board shows numbers, badges and shared work only."""

from __future__ import annotations

import dataclasses

from quest_engine.rules import events as ev

SECRETS = ("DRAFT-SECRET", "UNSHARED-SECRET", "ANSWER-SECRET", "UNSHARED-LATER-SECRET")


def _all_text(value) -> str:
    if dataclasses.is_dataclass(value):
        return " ".join(_all_text(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, list | tuple):
        return " ".join(_all_text(v) for v in value)
    return str(value)


def test_the_class_board_shows_only_shared_writing(classroom):
    s = classroom.store
    ada = classroom.ada
    classroom.play(
        ada,
        ev.QuestStarted("launch-lab", "h"),
        ev.StepEntered("launch-lab", "log"),
        ev.AnswerChecked("launch-lab", "predict", "ANSWER-SECRET", False, 1),
        ev.DraftSaved("launch-lab", "log", "DRAFT-SECRET"),
        ev.WorkSubmitted("private", "launch-lab", "notes", "UNSHARED-SECRET", "teacher"),
        ev.WorkSubmitted("public", "launch-lab", "log", "Our capsule landed", "peer", shared=True),
        ev.WorkSubmitted("later", "launch-lab", "log2", "UNSHARED-LATER-SECRET", "peer", True),
        ev.WorkUnshared("later"),
        ev.XpGained(25, "step", "launch-lab"),
        ev.BadgeEarned("rocketeer", "launch-lab"),
    )
    board = s.class_board(classroom.room.id)
    text = _all_text(board)
    for secret in SECRETS:
        assert secret not in text
    shared_text = _all_text(s.shared_work(classroom.room.id))
    for secret in SECRETS:
        assert secret not in shared_text

    ada_row = next(r for r in board if r.student_id == ada.id)
    assert ada_row.display_name == "Ada"
    assert ada_row.avatar == "fox"
    assert ada_row.xp == 25
    assert ada_row.badges == ("rocketeer",)
    assert ada_row.current_quest == "launch-lab"
    assert [item.text for item in ada_row.shared] == ["Our capsule landed"]
    # Ben has played nothing yet, but is on the board with the defaults.
    ben_row = next(r for r in board if r.student_id == classroom.ben.id)
    assert (ben_row.level, ben_row.xp, ben_row.badges, ben_row.shared) == (1, 0, (), ())


def test_unsharing_takes_work_off_the_board_and_resharing_brings_it_back(classroom):
    s = classroom.store
    classroom.play(classroom.ada, ev.WorkSubmitted("w", "q", "log", "My poem", "peer", True))
    classroom.play(classroom.ada, ev.WorkUnshared("w"))
    assert "My poem" not in _all_text(s.class_board(classroom.room.id))
    classroom.play(classroom.ada, ev.WorkShared("w"))
    assert "My poem" in _all_text(s.class_board(classroom.room.id))


def test_another_class_never_sees_this_class(classroom):
    s = classroom.store
    other = s.create_class(classroom.token, "Room 13")
    s.add_student(classroom.token, other.id, "Cleo", "bee")
    classroom.play(classroom.ada, ev.WorkSubmitted("w", "q", "log", "Room 12 only", "peer", True))
    board = s.class_board(other.id)
    assert [r.display_name for r in board] == ["Cleo"]
    assert "Room 12 only" not in _all_text(board)
    assert s.shared_work(other.id) == []


def test_a_student_chooses_what_to_share_and_nobody_else_can(classroom):
    import pytest

    from quest_engine.errors import QuestError
    from quest_engine.store.api import set_shared

    s, ada, ben = classroom.store, classroom.ada, classroom.ben
    classroom.play(ada, ev.WorkSubmitted("w", "q", "log", "Only if I say so", "teacher"))
    assert "Only if I say so" not in _all_text(s.class_board(classroom.room.id))
    with pytest.raises(QuestError, match="only the author"):
        set_shared(s, ben.id, "w", True)
    # A share event logged by a classmate (a bug, a forged log) changes nothing either.
    classroom.play(ben, ev.WorkShared("w"))
    assert "Only if I say so" not in _all_text(s.class_board(classroom.room.id))
    assert set_shared(s, ada.id, "w", True)
    assert not set_shared(s, ada.id, "w", True)  # already shared: nothing logged
    assert "Only if I say so" in _all_text(s.class_board(classroom.room.id))
    classroom.play(ben, ev.WorkUnshared("w"))
    assert "Only if I say so" in _all_text(s.class_board(classroom.room.id))
    assert set_shared(s, ada.id, "w", False)
    assert "Only if I say so" not in _all_text(s.shared_work(classroom.room.id))
    live = s.read_model_snapshot() if hasattr(s, "read_model_snapshot") else None
    s.rebuild()
    if live is not None:
        assert s.read_model_snapshot() == live


def test_peers_never_see_a_facilitators_scores_or_comments_on_shared_work(classroom):
    s = classroom.store
    classroom.play(
        classroom.ada,
        ev.WorkSubmitted("shared", "launch-lab", "log", "Our capsule landed", "peer", True),
    )
    s.review(classroom.token, "shared", {"clarity": 1}, "REVIEW-SECRET: needs work", False)
    shared = s.shared_work(classroom.room.id)
    assert [w.text for w in shared] == ["Our capsule landed"]
    assert "REVIEW-SECRET" not in _all_text(shared)
    # The author (and the facilitator) still read the review.
    assert s.submission("shared").reviews[0].comment == "REVIEW-SECRET: needs work"
