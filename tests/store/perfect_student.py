"""A perfect student for the shared-store tests: the bundled packs, the store as the game sees
it, and one right move at a time (the rules' auto-player through the real GameService)."""

from __future__ import annotations

import functools

from quest_engine.app.service import PlayerSession
from quest_engine.content import load_bundled_packs
from quest_engine.content.cache import CompileCache
from quest_engine.rules.autoplay import next_action
from quest_engine.rules.run import Proceed, SubmitAnswer, SubmitWork


@functools.cache
def bundled_packs():
    return tuple(load_bundled_packs(CompileCache(None)))


class Recorder:
    """The store as the game sees it, noting every event the game hands it, in order."""

    def __init__(self, store) -> None:
        self._store = store
        self.appended: list[str] = []

    def append(self, events):
        self.appended += [e.event_id for e in events]
        return self._store.append(events)

    def __getattr__(self, name):
        return getattr(self._store, name)


def right_move(player: PlayerSession) -> bool:
    """One right move of a perfect student; False when the open quest is over."""
    run = player.run
    action = next_action(player.service.quests[run.quest_id], run) if run else None
    if action is None:
        return False
    if isinstance(action, Proceed):
        return player.proceed() is not None
    if isinstance(action, SubmitWork):
        player.submit_work(action.text)
    elif isinstance(action, SubmitAnswer):
        assert player.submit(action.answer).correct
    return True
