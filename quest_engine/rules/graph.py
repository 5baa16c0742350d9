"""The step graph of a quest, for progress bars: how far along a student is, how far to go."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

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


def most_new_steps_to_end(quest: Quest, step_id: str, visited: Iterable[str] = ()) -> int | None:
    """The most not-yet-visited steps a student could still meet after `step_id` on the way
    to an ending (0 on an ending; None if no ending is reachable).

    Loops are counted once: the graph is folded into its strongly connected parts (a retry
    loop is one part), and a walk can cover every step of a part before leaving it, so the
    answer is the heaviest chain of parts, each weighing its unvisited steps.
    """
    if step_id not in quest.steps:
        return None
    seen = set(visited) | {step_id}
    part_of, parts = _parts(quest, step_id)
    best: dict[int, int | None] = {}
    for index, members in enumerate(parts):  # sinks come first
        weight = sum(1 for m in members if m not in seen)
        options = [weight] if any(quest.steps[m].ending for m in members) else []
        for member in members:
            for target in _targets(quest, member):
                later = best.get(part_of[target]) if part_of[target] != index else None
                if later is not None:
                    options.append(weight + later)
        best[index] = max(options) if options else None
    return best[part_of[step_id]]


def _targets(quest: Quest, step_id: str) -> tuple[str, ...]:
    return tuple(t for t in successors(quest.steps[step_id]) if t in quest.steps)


def _parts(quest: Quest, root: str) -> tuple[dict[str, int], list[list[str]]]:
    """Tarjan's strongly connected parts of the steps reachable from `root`, iteratively
    (a long quest must not hit the recursion limit), sinks first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    part_of: dict[str, int] = {}
    parts: list[list[str]] = []
    work = [(root, iter(_targets(quest, root)))]
    index[root] = low[root] = 0
    stack.append(root)
    on_stack.add(root)
    while work:
        node, children = work[-1]
        child = next(children, None)
        if child is not None:
            if child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(_targets(quest, child))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
            continue
        work.pop()
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[node])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part_of[member] = len(parts)
                members.append(member)
                if member == node:
                    break
            parts.append(members)
    return part_of, parts


def step_position(quest: Quest, state: RunState) -> tuple[int, int]:
    """(step number, total steps) for "Step 3 of 7": distinct steps seen so far, plus the
    most new steps still possible before an ending.

    The longest way, not the shortest: then the total never grows mid-quest (a finish line
    that moves away feels like a trick to a 12-year-old); it can only shrink when the student
    takes a shorter branch or skips a help step, which reads as a shortcut. Each new step adds
    one to the number, a loop back adds nothing, and the number reaches the total at the end.
    """
    number = max(1, len(dict.fromkeys(state.visited)))
    if state.finished:
        return number, number
    remaining = most_new_steps_to_end(quest, state.step_id, state.visited) or 0
    return number, number + remaining
