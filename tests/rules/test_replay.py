"""Resuming from the event log: folds rebuild exactly the live state, across edits too."""

from __future__ import annotations

import json
from dataclasses import replace

from quest_engine.content.model import frozen_map
from quest_engine.rules import events as ev
from quest_engine.rules.autoplay import next_action
from quest_engine.rules.replay import RESTART_REASON, fold_facts, fold_run, resume_run
from quest_engine.rules.run import Proceed, SubmitAnswer

from .fixtures import rich_context, rich_quest
from .play import Player


def _played(steps: int) -> Player:
    quest = rich_quest()
    p = Player(quest, rich_context(quest))
    p.start()
    for i in range(steps):
        action = next_action(quest, p.state, f"s{i}")
        if action is None:
            break
        p.do(action)
    return p


def _json_round_trip(events):
    text = json.dumps([ev.to_record(e) for e in events])
    return [ev.event_from_record(r) for r in json.loads(text)]


def test_fold_matches_the_live_state_after_every_action():
    quest = rich_quest()
    p = Player(quest, rich_context(quest))
    p.start()
    assert fold_run(quest, p.log) == p.state
    for i in range(60):
        action = next_action(quest, p.state, f"s{i}")
        if action is None:
            break
        p.do(action)
        assert fold_run(quest, p.log) == p.state
    assert p.state.finished


def test_fold_survives_a_json_round_trip_of_the_log():
    p = _played(12)
    p.do(SubmitAnswer("a wrong answer"))
    assert fold_run(p.quest, _json_round_trip(p.log)) == p.state


def test_never_started_quest_folds_to_none():
    assert fold_run(rich_quest(), []) is None
    assert resume_run(rich_quest(), [ev.QuestStarted("other", "h")]) == (None, ())


def test_events_of_other_quests_are_ignored():
    p = _played(6)
    noisy = []
    for e in p.log:
        noisy.append(e)
        noisy.append(ev.StepEntered("other-quest", "x"))
        noisy.append(ev.XpGained(7, "step", "other-quest", "x"))
    assert fold_run(p.quest, noisy) == p.state


def test_removed_step_restarts_with_a_notice_and_nothing_is_lost():
    p = _played(6)
    current = p.state.step_id
    edited_steps = {k: v for k, v in p.quest.steps.items() if k != current}
    edited = replace(p.quest, steps=frozen_map(edited_steps), content_hash="hash-2")
    state, extra = resume_run(edited, p.log)
    assert isinstance(extra[0], ev.QuestRestarted) and extra[0].reason == RESTART_REASON
    assert state.step_id == edited.start and state.notice == RESTART_REASON
    assert state.content_hash == "hash-2"
    # appended to the log, the restart is stable and the old events are still there
    log = p.log + list(extra)
    assert resume_run(edited, log) == (state, ())
    assert fold_facts(log).xp == fold_facts(p.log).xp
    # the notice goes away once the student moves on
    again = Player(edited, p.ctx, log)
    again.state = state
    again.do(Proceed())
    assert again.state.notice is None


def test_edited_quest_with_the_step_still_there_resumes_in_place():
    p = _played(6)
    edited = replace(p.quest, content_hash="hash-2")
    state, extra = resume_run(edited, p.log)
    assert extra == () and state.step_id == p.state.step_id


def test_fold_facts():
    log = [
        ev.XpGained(30, "step"),
        ev.XpGained(20, "quest"),
        ev.BadgeAwaitingApproval("b1"),
        ev.BadgeEarned("b2"),
        ev.BadgeEarned("b1"),
        ev.BadgeAwaitingApproval("b3"),
        ev.QuestCompleted("q1"),
    ]
    facts = fold_facts(log)
    assert facts.xp == 50
    assert facts.badges == {"b1", "b2"} and facts.pending == {"b3"}
    assert facts.completed == {"q1"}
