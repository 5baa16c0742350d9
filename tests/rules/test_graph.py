"""Progress through a quest's step graph."""

from __future__ import annotations

import random
from itertools import pairwise

from quest_engine.content.loader import load_bundled_packs
from quest_engine.content.model import Outcome, Quest, Route, Step, frozen_map
from quest_engine.rules.autoplay import next_action
from quest_engine.rules.graph import most_new_steps_to_end, step_position, steps_to_end, successors
from quest_engine.rules.run import RunState

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


# --------------------------------------------------------------------------- branching progress


def _branching_quest() -> Quest:
    """start -> pick -> (short -> end) or (long1 -> long2 -> end); long2 can loop back to
    long1 (a retry loop), and pick can skip to a help step that rejoins at long2."""
    return Quest(
        id="fork",
        title="Fork",
        summary="",
        subject="math",
        start="start",
        steps=frozen_map(
            {
                s.id: s
                for s in (
                    Step("start", next=(Route("pick"),)),
                    Step("pick", next=(Route("short", when=None), Route("long1"))),
                    Step("short", next=(Route("end"),)),
                    Step("long1", next=(Route("long2"),)),
                    Step(
                        "long2",
                        on_wrong=Outcome(routes=(Route("long1"),)),
                        next=(Route("end"),),
                    ),
                    Step("end", ending=True),
                )
            }
        ),
    )


def _positions(quest: Quest, walk: list[str], finished: bool = True) -> list[tuple[int, int]]:
    out = []
    for i, step_id in enumerate(walk):
        state = RunState(quest.id, "", step_id, visited=tuple(walk[: i + 1]))
        out.append(step_position(quest, state))
    if finished:
        done = RunState(quest.id, "", walk[-1], visited=tuple(walk), finished=True)
        out.append(step_position(quest, done))
    return out


def test_the_total_is_the_longest_way_and_only_shrinks_on_a_shortcut():
    quest = _branching_quest()
    assert _positions(quest, ["start", "pick", "short", "end"]) == [
        (1, 5),
        (2, 5),
        (3, 4),  # the shortcut: one step fewer to go, never one more
        (4, 4),
        (4, 4),
    ]
    assert _positions(quest, ["start", "pick", "long1", "long2", "end"]) == [
        (1, 5),
        (2, 5),
        (3, 5),
        (4, 5),
        (5, 5),
        (5, 5),
    ]


def test_a_loop_back_neither_counts_up_nor_moves_the_total():
    quest = _branching_quest()
    walk = ["start", "pick", "long1", "long2", "long1", "long2", "long1", "long2", "end"]
    assert _positions(quest, walk, finished=False) == [
        (1, 5),
        (2, 5),
        (3, 5),
        (4, 5),
        (4, 5),
        (4, 5),
        (4, 5),
        (4, 5),
        (5, 5),
    ]
    assert most_new_steps_to_end(quest, "long1", walk[:3]) == 2
    assert most_new_steps_to_end(quest, "long1", walk[:5]) == 1


def test_progress_is_honest_on_every_walk_through_every_bundled_quest():
    """Random walks over the step graph (any route may be taken): the number goes up by one
    on each new step and never down, the total never grows, and the two meet at the end."""
    rng = random.Random(7)
    for result in load_bundled_packs():
        for quest in result.pack.quests.values():
            first_total = None
            for _ in range(60):
                walk = [quest.start]
                while not quest.steps[walk[-1]].ending and len(walk) < 60:
                    targets = [t for t in successors(quest.steps[walk[-1]]) if t in quest.steps]
                    walk.append(rng.choice(targets))
                if not quest.steps[walk[-1]].ending:
                    continue
                positions = _positions(quest, walk)
                first_total = first_total or positions[0][1]
                assert positions[0][1] == first_total, quest.id
                for i, ((n0, t0), (n1, t1)) in enumerate(pairwise(positions[:-1])):
                    new = walk[i + 1] not in walk[: i + 1]
                    assert n1 == n0 + (1 if new else 0), (quest.id, walk)
                    assert t1 <= t0, (quest.id, walk)
                    assert n1 <= t1, (quest.id, walk)
                number, total = positions[-1]
                assert number == total == len(set(walk)), (quest.id, walk)


def test_a_perfect_run_of_fraction_trail_counts_one_two_three_to_nine_of_nine():
    """Fraction Trail branches after `pairs`: a perfect warm-up earns the expert round.
    The total is 9 from the first step, so the student never sees "Step 8 of 9" jump."""
    quest = next(
        r.pack.quests["fraction-trail"]
        for r in load_bundled_packs()
        if r.pack and "fraction-trail" in r.pack.quests
    )
    p = Player(quest, rich_context(quest))
    p.start()
    seen = [step_position(quest, p.state)]
    for i in range(80):
        action = next_action(quest, p.state, f"s{i}")
        if action is None:
            break
        p.do(action)
        if step_position(quest, p.state) != seen[-1]:
            seen.append(step_position(quest, p.state))
    assert seen == [(n, 9) for n in range(1, 10)]
