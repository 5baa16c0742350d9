"""Random play on every quest keeps the engine's promises (a hypothesis state machine)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from quest_engine.content.model import ChoiceChallenge, WriteChallenge
from quest_engine.rules import events as ev
from quest_engine.rules.autoplay import next_action, solve
from quest_engine.rules.replay import fold_run
from quest_engine.rules.run import (
    Proceed,
    RequestHint,
    ReviewResult,
    SaveDraft,
    SubmitAnswer,
    SubmitWork,
)

from .bundled import bundled_context, bundled_quests, unlocking_log
from .fixtures import rich_context, rich_quest
from .play import Player
from .test_run import _loop_quest


def _cases():
    cases = []
    for review in ("self", "peer", "teacher"):
        quest = rich_quest(review=review)
        cases.append((quest, rich_context(quest)))
    cases.append((_loop_quest(), rich_context()))
    ctx = bundled_context()
    cases.extend((q, ctx) for q in bundled_quests())
    return cases


CASES = _cases()

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
texts = st.sampled_from(
    ["", "short", "Today our capsule flew forty metres and landed.", " ".join(["word"] * 60)]
)


class QuestPlay(RuleBasedStateMachine):
    player: Player

    @initialize(case=st.sampled_from(CASES))
    def start(self, case):
        quest, ctx = case
        self.player = Player(quest, ctx, unlocking_log(quest))
        self.player.start()
        self.was_finished = False
        self.sub = 0

    # ------------------------------------------------------------ actions

    @rule()
    def answer_right(self):
        answer = solve(self.player.quest, self.player.state)
        self.player.do(SubmitAnswer(answer))

    @rule(n=st.integers(1, 12))
    def play_well(self, n):
        """A stretch of perfect play, so random runs reach late steps and endings."""
        for _ in range(n):
            self.sub += 1
            action = next_action(self.player.quest, self.player.state, f"sub-{self.sub}")
            if action is None:
                return
            self.player.do(action)

    @rule(data=st.data())
    def answer_something(self, data):
        step = self.player.quest.steps[self.player.state.step_id]
        options = []
        if isinstance(step.challenge, ChoiceChallenge):
            options = [o.id for o in step.challenge.options]
        strategy = junk
        if options:
            strategy = st.lists(st.sampled_from(options), max_size=3) | junk
        self.player.do(SubmitAnswer(data.draw(strategy)))

    @rule()
    def hint(self):
        self.player.do(RequestHint())

    @rule()
    def proceed(self):
        self.player.do(Proceed())

    @rule(text=texts)
    def save_draft(self, text):
        self.player.do(SaveDraft(text))

    @rule(text=texts, elsewhere=st.booleans())
    def submit_work(self, text, elsewhere):
        step_id = None
        if elsewhere:
            writes = [
                s.id
                for s in self.player.quest.steps.values()
                if isinstance(s.challenge, WriteChallenge)
            ]
            step_id = writes[0] if writes else None
        self.sub += 1
        self.player.do(SubmitWork(f"sub-{self.sub}", text, step_id=step_id))

    @rule(approved=st.booleans(), data=st.data())
    def review(self, approved, data):
        subs = self.player.state.submissions
        sid = data.draw(st.sampled_from([s.submission_id for s in subs] + ["nope"]))
        self.player.do(ReviewResult(sid, approved, {"clarity": 2}, "ok"))

    @precondition(lambda self: self.player.state.finished)
    @rule()
    def play_again(self):
        previous = self.player.state
        self.player.start(previous)
        self.was_finished = False

    # ------------------------------------------------------------ invariants

    @invariant()
    def step_is_real(self):
        assert self.player.state.step_id in self.player.quest.steps

    @invariant()
    def xp_never_negative(self):
        amounts = [e.amount for e in self.player.log if isinstance(e, ev.XpGained)]
        assert all(a > 0 for a in amounts)
        assert self.player.state.xp >= 0 and self.player.facts.xp >= 0

    @invariant()
    def no_badge_twice(self):
        earned = [e.badge_id for e in self.player.log if isinstance(e, ev.BadgeEarned)]
        waiting = [e.badge_id for e in self.player.log if isinstance(e, ev.BadgeAwaitingApproval)]
        assert len(earned) == len(set(earned))
        assert len(waiting) == len(set(waiting))

    @invariant()
    def levels_only_go_up(self):
        levels = [e.level for e in self.player.log if isinstance(e, ev.LevelReached)]
        assert levels == sorted(set(levels))

    @invariant()
    def finished_stays_finished(self):
        if self.was_finished:
            assert self.player.state.finished
        self.was_finished = self.player.state.finished

    @invariant()
    def replay_gives_the_same_state(self):
        assert fold_run(self.player.quest, self.player.log) == self.player.state

    @invariant()
    def replay_after_a_json_round_trip_gives_the_same_state(self):
        # like inkle/ink's tests: every run also survives serialising its save data
        records = json.loads(json.dumps([ev.to_record(e) for e in self.player.log]))
        log = [ev.event_from_record(r) for r in records]
        assert fold_run(self.player.quest, log) == self.player.state

    @invariant()
    def done_means_finished(self):
        assert (self.player.state.awaiting == "done") == self.player.state.finished


QuestPlay.TestCase.settings = settings(
    max_examples=250,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestQuestPlay = QuestPlay.TestCase
