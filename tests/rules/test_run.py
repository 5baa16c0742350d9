"""The quest run state machine: what a student sees and earns after each action."""

from __future__ import annotations

import pytest

from quest_engine.content.model import (
    ChoiceChallenge,
    ChoiceOption,
    Quest,
    RetryPolicy,
    Route,
    Step,
    frozen_map,
)
from quest_engine.rules import events as ev
from quest_engine.rules.facts import PlayerFacts
from quest_engine.rules.replay import fold_run
from quest_engine.rules.run import (
    LockedQuestError,
    Proceed,
    RequestHint,
    ReviewResult,
    RulesContext,
    SaveDraft,
    SubmitAnswer,
    SubmitWork,
    start_run,
    visible_hints,
)

from .fixtures import follow_up_quest, rich_context, rich_quest
from .play import Player

LOG_TEXT = "Today our capsule flew forty metres and landed."


def player(review: str = "peer") -> Player:
    quest = rich_quest(review=review)
    return Player(quest, rich_context(quest))


def goto(p: Player, step_id: str) -> None:
    """Play perfectly until `step_id` is the current step."""
    from quest_engine.rules.autoplay import next_action

    if p.state is None:
        p.start()
    for _ in range(100):
        if p.state.step_id == step_id and p.state.awaiting == "answer":
            return
        p.do(next_action(p.quest, p.state, f"sub-{len(p.log)}"))
    raise AssertionError(f"never reached {step_id}")


def test_start_enters_the_first_step_and_raises_its_flags():
    p = player()
    state = p.start()
    assert state.step_id == "briefing" and state.awaiting == "continue"
    assert [type(e).__name__ for e in p.log] == ["QuestStarted", "StepEntered", "FlagRaised"]
    assert "briefed" in state.flags


def test_a_locked_quest_cannot_be_started():
    with pytest.raises(LockedQuestError) as err:
        start_run(follow_up_quest(), PlayerFacts())
    assert err.value.missing == ("launch-lab", "rocketeer")
    state, _ = start_run(
        follow_up_quest(),
        PlayerFacts(completed=frozenset({"launch-lab"}), badges=frozenset({"rocketeer"})),
    )
    assert state.step_id == "only"


def test_narrative_step_pays_its_xp_on_leaving():
    p = player()
    p.start()
    t = p.do(Proceed())
    assert t.xp_gained == 5 and p.state.step_id == "predict"


def test_answering_a_narrative_step_is_refused_without_change():
    p = player()
    state = p.start()
    t = p.do(SubmitAnswer("a45"))
    assert not t.accepted and t.events == () and t.state == state


def test_correct_answer_pays_step_and_outcome_xp_minus_hints():
    p = player()
    goto(p, "predict")
    first = p.do(RequestHint())
    assert first.feedback == "Think of a ball thrown straight up."
    assert p.types() == ["HintUsed"]
    p.do(RequestHint())
    assert visible_hints(p.quest, p.state) == p.quest.step("predict").hints
    assert not p.do(RequestHint()).accepted  # no third hint
    t = p.do(SubmitAnswer(["a45"]))
    assert t.correct is True
    assert t.feedback == "Yes! Great thinking!"
    assert t.xp_gained == 10 + 5 - 2 * 5
    assert "knows-45" in t.state.flags
    assert t.badges_earned == ("sharp-eye",)
    assert t.state.awaiting == "continue"


def test_hint_cost_never_makes_xp_negative():
    quest = Quest(
        id="q",
        title="Q",
        summary="",
        subject="math",
        start="ask",
        steps=frozen_map(
            {
                "ask": Step(
                    "ask",
                    challenge=ChoiceChallenge("choice", "?", (ChoiceOption("y", "Y", True),)),
                    hints=("a", "b", "c"),
                    retry=RetryPolicy(hint_cost=50),
                    xp=10,
                    next=(Route("end"),),
                ),
                "end": Step("end", ending=True),
            }
        ),
    )
    p = Player(quest, RulesContext())
    p.start()
    for _ in range(3):
        p.do(RequestHint())
    t = p.do(SubmitAnswer("y"))
    assert t.correct and t.xp_gained == 0
    assert all(e.amount >= 0 for e in p.log if isinstance(e, ev.XpGained))


def test_wrong_answer_gives_option_feedback_then_reveals_after_the_last_attempt():
    p = player()
    goto(p, "predict")
    t = p.do(SubmitAnswer(["a30"]))
    assert t.correct is False
    assert t.feedback == "A steeper angle keeps it up longer. Let's test it in the lab."
    assert t.can_retry and t.state.attempts == 1
    t = p.do(SubmitAnswer(["a30"]))
    assert t.state.awaiting == "continue" and t.state.revealed == "45°"
    assert not t.can_retry
    assert t.xp_gained == 0
    p.do(Proceed())
    assert p.state.step_id == "launch"  # via next; no knows-45 flag later


def test_an_option_goto_branches_even_when_wrong():
    p = player()
    goto(p, "predict")
    t = p.do(SubmitAnswer(["a80"]))
    assert t.state.awaiting == "continue" and t.state.revealed is None
    p.do(Proceed())
    assert p.state.step_id == "steep-detour"


def test_routes_follow_flags():
    p = player()
    goto(p, "launch")
    p.do(SubmitAnswer({"angle": 45, "speed": 19.8}))
    p.do(Proceed())
    assert p.state.step_id == "bonus"  # knows-45 was set by predict's on_correct

    q = player()
    goto(q, "predict")
    q.do(SubmitAnswer("a30"))
    q.do(SubmitAnswer("a30"))
    q.do(Proceed())
    q.do(SubmitAnswer({"angle": 45, "speed": 19.8}))
    q.do(Proceed())
    assert q.state.step_id == "measure"


def test_a_game_result_is_recomputed():
    p = player()
    goto(p, "launch")
    t = p.do(SubmitAnswer({"angle": 45, "speed": 10, "distance": 40}))
    assert t.correct is False and "short" in t.feedback
    assert t.state.awaiting == "answer"  # unlimited attempts


def test_misconception_then_continue_policy_follows_on_wrong_routes():
    p = player()
    goto(p, "measure")
    t = p.do(SubmitAnswer("24"))
    assert t.feedback == "A kilometre is 1000 metres."
    assert "unit-trouble" in t.state.flags
    t = p.do(SubmitAnswer("nonsense"))
    assert "doesn't look like a number" in t.feedback
    assert t.state.awaiting == "continue" and t.state.revealed is None
    p.do(Proceed())
    assert p.state.step_id == "units-help"


def test_retry_policy_never_locks_out():
    p = player()
    goto(p, "name-it")
    for _ in range(7):
        t = p.do(SubmitAnswer("air"))
        assert t.can_retry and t.feedback == "Air only slows it."
    assert p.do(SubmitAnswer("Gravité")).correct  # accents ignored, pattern grav.*


def test_garbage_answers_never_raise():
    p = player()
    goto(p, "name-it")  # retry policy: answers keep coming
    for junk in (None, 3, [1, 2], {"a": object()}, float("nan"), b"x", object()):
        t = p.do(SubmitAnswer(junk))
        assert t.correct is False
    assert fold_run(p.quest, p.log) == p.state


def _loop_quest() -> Quest:
    return Quest(
        id="loop",
        title="Loop",
        summary="",
        subject="math",
        start="ask",
        steps=frozen_map(
            {
                "ask": Step(
                    "ask",
                    challenge=ChoiceChallenge(
                        "choice",
                        "?",
                        (ChoiceOption("y", "Y", True), ChoiceOption("n", "N", goto="detour")),
                    ),
                    xp=10,
                    next=(Route("end"),),
                ),
                "detour": Step("detour", xp=3, next=(Route("ask"),)),
                "end": Step("end", ending=True),
            }
        ),
    )


def test_step_xp_is_paid_once_per_run_even_in_loops():
    p = Player(_loop_quest(), RulesContext())
    p.start()
    for _ in range(3):
        p.do(SubmitAnswer("n"))
        p.do(Proceed())
        p.do(Proceed())
    assert p.state.step_id == "ask"
    assert p.state.xp == 3
    p.do(SubmitAnswer("y"))
    assert p.state.xp == 13


def test_write_step_drafts_submit_and_carry_on_while_waiting_for_review():
    p = player("peer")
    goto(p, "log")
    assert p.do(SaveDraft("Today our")).events
    assert p.do(SaveDraft("Today our")).events == ()  # unchanged text, no new event
    assert p.state.draft == "Today our"
    short = p.do(SubmitWork("s1", "Too short."))
    assert not short.accepted and "at least 5 words" in short.feedback
    assert not p.do(SubmitAnswer(LOG_TEXT)).accepted
    t = p.do(SubmitWork("s1", LOG_TEXT))
    assert p.types() == ["WorkSubmitted"]
    assert t.events[0].review == "peer" and t.events[0].shared is True
    assert t.state.awaiting == "review" and t.xp_gained == 0
    p.do(Proceed())  # never stuck waiting
    assert p.state.finished
    finished_xp = p.state.xp
    r = p.do(ReviewResult("s1", True, {"clarity": 3}, "Lovely detail.", "Ms. Rivera"))
    assert r.xp_gained == 15 + 5
    assert "logged" in r.state.flags
    assert [type(e).__name__ for e in r.events][:1] == ["WorkReviewed"]
    assert r.badges_awaiting == ("flight-writer",)  # the badge requires approval
    assert r.state.finished and r.state.xp == finished_xp + 20
    assert not p.do(ReviewResult("s1", True)).accepted  # reviewed once
    assert fold_run(p.quest, p.log) == p.state


def test_returned_work_is_revised_and_approved_once():
    p = player("teacher")
    goto(p, "log")
    p.do(RequestHint())
    p.do(SubmitWork("s1", LOG_TEXT))
    r = p.do(ReviewResult("s1", False, {"clarity": 1}, "Say which angle you used."))
    assert r.xp_gained == 0 and "revision" in r.feedback
    assert r.state.awaiting == "review"
    p.do(Proceed())
    assert p.state.finished
    assert not p.do(SubmitWork("s2", LOG_TEXT)).accepted  # needs the step id once moved on
    t = p.do(SubmitWork("s2", LOG_TEXT + " At 45 degrees.", step_id="log"))
    assert t.accepted and t.events[0].step_id == "log"
    assert t.feedback.startswith("Submitted for your teacher's review")
    a = p.do(ReviewResult("s2", True, {"clarity": 3}))
    assert a.xp_gained == 15 + 5 - 2  # one hint used on the step
    assert p.state.finished


def test_self_review_completes_on_submit():
    p = player("self")
    goto(p, "log")
    t = p.do(SubmitWork("s1", LOG_TEXT, scores={"clarity": 3}))
    assert p.types()[:2] == ["WorkSubmitted", "WorkReviewed"]
    assert t.events[1].reviewer == "self" and t.events[1].approved
    assert t.xp_gained == 20 and t.state.awaiting == "continue"
    assert t.feedback and "Submitted" in t.feedback


def test_finishing_pays_quest_xp_badges_rule_badges_and_levels():
    p = player()
    goto(p, "log")
    p.do(SubmitWork("s1", LOG_TEXT))
    t = p.do(Proceed())
    names = [type(e).__name__ for e in t.events]
    assert names[:4] == ["StepEntered", "XpGained", "QuestCompleted", "XpGained"]
    assert {"rocketeer", "first-launch"} <= set(t.badges_earned)
    assert t.state.finished and t.state.awaiting == "done"
    assert t.level_up is not None
    for action in (Proceed(), SubmitAnswer("x"), RequestHint(), SaveDraft("x")):
        refused = p.do(action)
        assert not refused.accepted and refused.state.finished


def test_levels_are_reached_in_order_without_gaps():
    p = player()
    goto(p, "log")
    levels = [e.level for e in p.log if isinstance(e, ev.LevelReached)]
    assert levels == sorted(levels) and levels == list(range(2, 2 + len(levels)))


def test_a_badge_is_never_awarded_twice():
    p = player()
    p.log.append(ev.BadgeEarned("sharp-eye"))
    goto(p, "predict")
    t = p.do(SubmitAnswer("a45"))
    assert t.badges_earned == ()


def test_replaying_a_finished_quest_is_practice_without_xp():
    p = player()
    goto(p, "log")
    p.do(SubmitWork("s1", LOG_TEXT))
    p.do(Proceed())
    xp_before = p.facts.xp
    previous = fold_run(p.quest, p.log)
    p.start(previous)
    assert p.state.practice and p.state.submissions == previous.submissions
    goto(p, "log")
    p.do(SubmitWork("s2", LOG_TEXT))
    p.do(Proceed())
    assert p.state.finished and p.facts.xp == xp_before
    # the first run's work is still reviewable and still pays
    r = p.do(ReviewResult("s1", True))
    assert r.xp_gained == 20
    assert fold_run(p.quest, p.log) == p.state
