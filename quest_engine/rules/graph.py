"""The step graph of a quest, for progress bars: how far along a student is, how far to go."""

from __future__ import annotations

from collections import deque

from quest_engine.content.model import ChoiceChallenge, Quest, Step
from quest_engine.rules.run import RunState


def successors(step: Step) -> tuple[str, ...]:
    """Every step this one can lead to: option gotos, outcome routes and `next`."""
    targets: list[str] = []
    if isinstance(step.challenge, ChoiceChallenge):
        targets.extend(o.goto for o in step.challenge.options if o.goto)
    for route in step.on_correct.routes + step.on_wrong.routes + step.next:
        targets.append(route.goto)
    return tuple(dict.fromkeys(targets))


def steps_to_end(quest: Quest, step_id: str) -> int | None:
    """Fewest steps after `step_id` until an ending (0 on an ending; None if none is reachable)."""
    if step_id not in quest.steps:
        return None
    seen = {step_id}
    queue = deque([(step_id, 0)])
    while queue:
        current, distance = queue.popleft()
        step = quest.steps[current]
        if step.ending:
            return distance
        for target in successors(step):
            if target in quest.steps and target not in seen:
                seen.add(target)
                queue.append((target, distance + 1))
    return None


def step_position(quest: Quest, state: RunState) -> tuple[int, int]:
    """(step number, total steps) for "Step 3 of 7": distinct steps seen so far, plus the
    shortest way still to go. The total can shrink or grow when a branch is taken."""
    number = max(1, len(dict.fromkeys(state.visited)))
    remaining = 0 if state.finished else steps_to_end(quest, state.step_id) or 0
    return number, number + remaining
