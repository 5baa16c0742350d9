"""Progress through a quest's step graph."""

from __future__ import annotations

from quest_engine.rules.autoplay import next_action
from quest_engine.rules.graph import step_position, steps_to_end, successors

from .fixtures import rich_context, rich_quest
from .play import Player


def test_successors_include_option_gotos_and_outcome_routes():
    quest = rich_quest()
    assert set(successors(quest.step("predict"))) == {"steep-detour", "launch"}
    assert set(successors(quest.step("measure"))) == {"units-help", "name-it"}


def test_steps_to_end():
    quest = rich_quest()
    assert steps_to_end(quest, "done") == 0
    assert steps_to_end(quest, "log") == 1
    assert steps_to_end(quest, "nowhere") is None


def test_position_counts_up_to_the_total_when_finished():
    quest = rich_quest()
    p = Player(quest, rich_context(quest))
    p.start()
    assert step_position(quest, p.state)[0] == 1
    numbers = []
    for i in range(80):
        action = next_action(quest, p.state, f"s{i}")
        if action is None:
            break
        p.do(action)
        numbers.append(step_position(quest, p.state))
    assert [n for n, _ in numbers] == sorted(n for n, _ in numbers)
    number, total = numbers[-1]
    assert number == total == len(set(p.state.visited))
