"""A tiny test driver: keeps a player's log and facts the way the store and facade do."""

from __future__ import annotations

from quest_engine.content.model import Quest
from quest_engine.rules.events import Event
from quest_engine.rules.facts import PlayerFacts
from quest_engine.rules.replay import fold_facts
from quest_engine.rules.run import RulesContext, RunState, Transition, advance, start_run


class Player:
    def __init__(self, quest: Quest, ctx: RulesContext, log: list[Event] | None = None) -> None:
        self.quest = quest
        self.ctx = ctx
        self.log: list[Event] = list(log or [])
        self.state: RunState | None = None
        self.last: Transition | None = None

    @property
    def facts(self) -> PlayerFacts:
        return fold_facts(self.log)

    def start(self, previous: RunState | None = None) -> RunState:
        self.state, events = start_run(self.quest, self.facts, self.ctx, previous)
        self.log.extend(events)
        return self.state

    def do(self, action) -> Transition:
        assert self.state is not None
        self.last = advance(self.quest, self.state, action, self.facts, self.ctx)
        self.state = self.last.state
        self.log.extend(self.last.events)
        return self.last

    def types(self) -> list[str]:
        assert self.last is not None
        return [type(e).__name__ for e in self.last.events]
