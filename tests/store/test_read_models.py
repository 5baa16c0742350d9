from __future__ import annotations

import random

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import stamp


def at(minute: int, second: int = 0) -> str:
    return f"2026-03-02T09:{minute:02d}:{second:02d}.000Z"


def test_quest_progress_counts_attempts_hints_score_and_time(classroom):
    kid = classroom.ada
    classroom.play(kid, ev.QuestStarted("launch-lab", "h1"), at=at(0))
    classroom.play(kid, ev.StepEntered("launch-lab", "predict"), at=at(0, 30))
    classroom.play(kid, ev.HintUsed("launch-lab", "predict", 0), at=at(1))
    classroom.play(kid, ev.AnswerChecked("launch-lab", "predict", ["a"], False, 1), at=at(2))
    classroom.play(kid, ev.AnswerChecked("launch-lab", "predict", ["b"], True, 2), at=at(3))
    classroom.play(kid, ev.XpGained(15, "step", "launch-lab", "predict"), at=at(3))
    # A long break (a lunch hour) counts as at most five minutes of work.
    classroom.play(kid, ev.StepEntered("launch-lab", "done"), at="2026-03-02T11:00:00.000Z")
    classroom.play(kid, ev.QuestCompleted("launch-lab", "done"), at="2026-03-02T11:00:10.000Z")

    (row,) = classroom.store.quest_progress(kid.id)
    assert row.quest_id == "launch-lab"
    assert row.status == "done"
    assert (row.attempts, row.correct, row.hints, row.score) == (2, 1, 1, 15)
    assert row.time_on_task_s == pytest.approx(180 + 300 + 10)
    assert row.started_at == at(0)
    assert row.finished_at == "2026-03-02T11:00:10.000Z"
    summary = classroom.store.student_summary(kid.id)
    assert summary.quests_done == 1
    assert summary.current_quest is None


def test_current_quest_and_step_follow_the_latest_step(classroom):
    kid = classroom.ada
    classroom.play(kid, ev.QuestStarted("a", "h"), ev.StepEntered("a", "one"))
    classroom.play(kid, ev.QuestStarted("b", "h"), ev.StepEntered("b", "intro"))
    classroom.play(kid, ev.StepEntered("a", "two"))
    summary = classroom.store.student_summary(kid.id)
    assert (summary.current_quest, summary.current_step) == ("a", "two")
    (b,) = classroom.store.quest_progress(kid.id, "b")
    assert b.current_step == "intro" and b.status == "in_progress"


def test_a_restarted_quest_forgets_its_step_but_keeps_the_counts(classroom):
    kid = classroom.ada
    classroom.play(kid, ev.QuestStarted("a", "h1"), ev.StepEntered("a", "gone"))
    classroom.play(kid, ev.AnswerChecked("a", "gone", 1, True, 1))
    classroom.play(kid, ev.QuestRestarted("a", "step removed", "h2"))
    (row,) = classroom.store.quest_progress(kid.id)
    assert row.current_step is None
    assert row.attempts == 1
    assert row.content_hash == "h2"


def test_xp_never_goes_below_zero_and_level_only_rises(classroom):
    from quest_engine.rules.replay import fold_facts

    kid = classroom.ada
    classroom.play(kid, ev.QuestStarted("q", "h"))
    classroom.play(kid, ev.XpGained(30, "step", "q"), ev.XpGained(-100, "review", "q"))
    classroom.play(kid, ev.LevelReached(3), ev.LevelReached(2))
    summary = classroom.store.student_summary(kid.id)
    # A negative amount (never emitted by the engine) is ignored, as the game's own fold
    # ignores it: the class board and the student's profile show the same XP.
    logged = [e.event for e in classroom.store.events(kid.id)]
    assert summary.xp == fold_facts(logged).xp == 30
    assert classroom.store.quest_progress(kid.id, "q")[0].score == 30
    assert summary.level == 3


def test_a_badge_is_held_once_and_an_approved_badge_leaves_the_waiting_list(classroom):
    kid = classroom.ada
    classroom.play(kid, ev.BadgeAwaitingApproval("storyteller", "log"))
    assert classroom.store.student_summary(kid.id).pending_badges == ("storyteller",)
    classroom.play(kid, ev.BadgeEarned("rocketeer", "launch-lab"))
    classroom.play(kid, ev.BadgeEarned("rocketeer", "launch-lab"))
    classroom.play(kid, ev.BadgeEarned("storyteller", "log"))
    summary = classroom.store.student_summary(kid.id)
    assert [b.badge_id for b in summary.badges] == ["rocketeer", "storyteller"]
    assert summary.pending_badges == ()


def test_flags_are_kept_per_quest(classroom):
    kid = classroom.ada
    classroom.play(kid, ev.QuestStarted("a", "h"), ev.FlagRaised("a", "knows-45"))
    classroom.play(kid, ev.FlagRaised("a", "knows-45"), ev.FlagRaised("a", "briefed"))
    (row,) = classroom.store.quest_progress(kid.id)
    assert row.flags == ("briefed", "knows-45")


def test_drafts_keep_the_latest_text(classroom):
    kid = classroom.ada
    classroom.play(kid, ev.DraftSaved("a", "log", "Today our"))
    classroom.play(kid, ev.DraftSaved("a", "log", "Today our capsule"))
    assert classroom.store.draft(kid.id, "a", "log") == "Today our capsule"
    assert classroom.store.draft(kid.id, "a", "other") is None


def test_submission_lifecycle_and_review_queue(classroom):
    s = classroom.store
    kid = classroom.ada
    classroom.play(kid, ev.WorkSubmitted("sub-1", "a", "log", "My flight log", "teacher"))
    classroom.play(kid, ev.WorkSubmitted("sub-2", "a", "self", "Self check", "self"))
    assert [q.id for q in s.review_queue(classroom.room.id)] == ["sub-1"]
    s.review(classroom.token, "sub-1", {"clarity": 2}, "Say more about the angle.", approve=False)
    assert s.review_queue() == []
    returned = s.submission("sub-1")
    assert returned.state == "returned"
    assert returned.reviews[0].scores == {"clarity": 2}
    assert returned.reviews[0].comment == "Say more about the angle."
    with pytest.raises(QuestError):
        s.review(classroom.token, "sub-1", {}, "", approve=True)

    classroom.play(kid, ev.WorkSubmitted("sub-3", "a", "log", "Better log", "teacher"))
    added = s.review(
        classroom.token,
        "sub-3",
        {"clarity": 3},
        "Clear!",
        approve=True,
        rewards=[ev.XpGained(20, "review", "a", "log"), ev.BadgeEarned("storyteller", "a")],
    )
    assert [type(a.event) for a in added] == [ev.WorkReviewed, ev.XpGained, ev.BadgeEarned]
    assert s.submission("sub-3").state == "approved"
    summary = s.student_summary(kid.id)
    assert summary.xp == 20
    assert [b.badge_id for b in summary.badges] == ["storyteller"]


def test_only_a_facilitator_token_from_this_store_can_review(classroom, tmp_path):
    from quest_engine.store.api import FacilitatorToken
    from quest_engine.store.sqlite_backend import SQLiteStore

    classroom.play(classroom.ada, ev.WorkSubmitted("sub-1", "a", "log", "Log", "teacher"))
    other = SQLiteStore(tmp_path / "other.sqlite3")
    try:
        foreign = other.verify_facilitator(None)
    finally:
        other.close()
    for token in (foreign, FacilitatorToken("facilitator"), None):
        with pytest.raises(QuestError):
            classroom.store.review(token, "sub-1", {}, "", approve=True)  # type: ignore[arg-type]
    assert classroom.store.submission("sub-1").state == "submitted"


def test_peer_feedback_only_on_a_classmates_shared_work(classroom):
    s = classroom.store
    classroom.play(
        classroom.ada, ev.WorkSubmitted("shared", "a", "log", "Ada's log", "peer", shared=True)
    )
    classroom.play(classroom.ada, ev.WorkSubmitted("private", "a", "log2", "Ada's notes", "peer"))
    s.give_feedback(classroom.ben.id, "shared", "Vivid start", "the countdown", "add the speed")
    with pytest.raises(QuestError):
        s.give_feedback(classroom.ben.id, "private", "a", "b", "c")
    with pytest.raises(QuestError):
        s.give_feedback(classroom.ada.id, "shared", "a", "b", "c")
    with pytest.raises(QuestError):
        s.give_feedback(classroom.ben.id, "shared", "only kind", "", "")
    (work,) = s.shared_work(classroom.room.id)
    assert work.id == "shared"
    (fb,) = work.feedback
    assert (fb.from_name, fb.kind, fb.specific, fb.helpful) == (
        "Ben",
        "Vivid start",
        "the countdown",
        "add the speed",
    )


def _rich_history(classroom, seed: int) -> None:
    """Many students, every event type, shuffled across batches."""
    rng = random.Random(seed)
    s = classroom.store
    kids = [classroom.ada, classroom.ben] + [
        s.add_student(classroom.token, classroom.room.id, f"Kid {i}", "cat") for i in range(4)
    ]
    quests = ["a", "b", "c"]
    sub_n = 0
    for minute in range(60):
        kid = rng.choice(kids)
        q = rng.choice(quests)
        step = rng.choice(["one", "two", "log"])
        options = [
            ev.QuestStarted(q, f"h-{q}"),
            ev.StepEntered(q, step),
            ev.AnswerChecked(q, step, rng.randint(0, 9), rng.random() < 0.5, 1),
            ev.HintUsed(q, step, 0),
            ev.FlagRaised(q, rng.choice(["x", "y"])),
            ev.XpGained(rng.randint(-20, 40), "step", q, step),
            ev.LevelReached(rng.randint(1, 4)),
            ev.BadgeEarned(rng.choice(["b1", "b2"]), q),
            ev.BadgeAwaitingApproval(rng.choice(["b2", "b3"]), q),
            ev.QuestCompleted(q, "end"),
            ev.QuestRestarted(q, "edited", "h2"),
            ev.DraftSaved(q, "log", f"draft {minute}"),
        ]
        batch = rng.sample(options, rng.randint(1, 4))
        if rng.random() < 0.3:
            sub_n += 1
            batch.append(
                ev.WorkSubmitted(
                    f"s{sub_n}", q, "log", f"text {sub_n}", "teacher", rng.random() < 0.5
                )
            )
        if sub_n and rng.random() < 0.3:
            sid = f"s{rng.randint(1, sub_n)}"
            batch.append(rng.choice([ev.WorkShared(sid), ev.WorkUnshared(sid)]))
            batch.append(ev.WorkReviewed(sid, "facilitator", {"c": 2}, "ok", rng.random() < 0.5))
        s.append([stamp(e, kid.id, at=f"2026-03-02T10:{minute:02d}:00.000Z") for e in batch])
        if sub_n and rng.random() < 0.2:
            sid = f"s{rng.randint(1, sub_n)}"
            other = rng.choice(kids)
            try:
                s.give_feedback(other.id, sid, "kind", "specific", "helpful")
            except QuestError:
                pass


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rebuild_from_the_log_equals_the_live_read_models(classroom, seed):
    _rich_history(classroom, seed)
    live = classroom.store.read_model_snapshot()
    board = classroom.store.class_board(classroom.room.id)
    assert sum(len(rows) for rows in live.values()) > 20
    assert classroom.store.rebuild() == len(list(classroom.store.events()))
    assert classroom.store.read_model_snapshot() == live
    assert classroom.store.class_board(classroom.room.id) == board


def test_peer_reviewed_work_reaches_the_facilitator_who_alone_approves_it(classroom):
    """Classmates give peer work guided feedback; its XP waits for a facilitator's approval,
    so it must be in the facilitator's queue (the bundled Fan Fiction Forge has such a step)."""
    from quest_engine.app.service import GameService
    from quest_engine.content.loader import load_bundled_packs
    from quest_engine.content.model import WriteChallenge
    from quest_engine.rules.autoplay import solve_challenge

    s = classroom.store
    service = GameService(s, load_bundled_packs())
    session = service.sign_in(classroom.ada.id)
    view = session.start("fan-fiction-forge")
    while not isinstance(view.step.challenge, WriteChallenge):
        if view.step.challenge is not None:
            session.submit(solve_challenge(view.step.challenge))
        view = session.proceed()
    assert view.step.challenge.review == "peer"
    session.submit_work(" ".join(["story"] * max(view.step.challenge.min_words, 5)))
    xp_before = s.student_summary(classroom.ada.id).xp

    (waiting,) = s.review_queue(classroom.room.id)
    assert waiting.review_mode == "peer" and waiting.student_id == classroom.ada.id
    facilitator = service.facilitator_sign_in(None)
    assert [w.id for w in facilitator.review_queue()] == [waiting.id]
    facilitator.review(waiting.id, {}, "Lovely twist.", approve=True)
    assert s.review_queue() == []
    assert s.submission(waiting.id).state == "approved"
    assert s.student_summary(classroom.ada.id).xp > xp_before


def test_a_badge_that_requires_approval_is_awarded_by_a_facilitator_only(classroom, tmp_path):
    from quest_engine.store.sqlite_backend import SQLiteStore

    s, kid = classroom.store, classroom.ada
    classroom.play(kid, ev.BadgeAwaitingApproval("press-pass", "newsroom-scoop"))
    assert s.student_summary(kid.id).pending_badges == ("press-pass",)
    with SQLiteStore(tmp_path / "other.sqlite3") as other:
        with pytest.raises(QuestError, match="facilitator"):
            s.approve_badge(other.verify_facilitator(None), kid.id, "press-pass")
    logged = s.approve_badge(classroom.token, kid.id, "press-pass")
    assert logged.event == ev.BadgeEarned("press-pass", "newsroom-scoop", "approved")
    summary = s.student_summary(kid.id)
    assert summary.pending_badges == ()
    assert [(b.badge_id, b.quest_id) for b in summary.badges] == [("press-pass", "newsroom-scoop")]
    with pytest.raises(QuestError, match="no badge 'press-pass' waiting"):
        s.approve_badge(classroom.token, kid.id, "press-pass")
    live = s.read_model_snapshot()
    s.rebuild()
    assert s.read_model_snapshot() == live
