"""Produce a right answer from the quest data: for tests, for the UI's auto-player, and for
the "here is the answer" text shown when attempts run out."""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

from quest_engine.content.model import (
    BalanceParams,
    ChoiceChallenge,
    GameChallenge,
    LaunchParams,
    MatchChallenge,
    NumberChallenge,
    NumberLineParams,
    OrderChallenge,
    Quest,
    TextChallenge,
    WriteChallenge,
)
from quest_engine.rules import minigames

if TYPE_CHECKING:
    from quest_engine.rules.run import Action, RunState

AUTOPLAY_WORD = "quest"


def solve_challenge(challenge: object) -> Any:
    """A correct answer for `challenge`, as the UI would send it (None if none can be built)."""
    if isinstance(challenge, ChoiceChallenge):
        right = [o.id for o in challenge.options if o.correct]
        return right if challenge.multiple else right[:1]
    if isinstance(challenge, NumberChallenge):
        return challenge.answer
    if isinstance(challenge, TextChallenge):
        return challenge.accept[0] if challenge.accept else None
    if isinstance(challenge, OrderChallenge):
        return list(challenge.items)
    if isinstance(challenge, MatchChallenge):
        return {p.left: p.right for p in challenge.pairs}
    if isinstance(challenge, WriteChallenge):
        words = max(challenge.min_words, 1)
        return " ".join([AUTOPLAY_WORD] * words)
    if isinstance(challenge, GameChallenge):
        params = challenge.params
        if isinstance(params, LaunchParams):
            return solve_launch(params)
        if isinstance(params, BalanceParams):
            return solve_balance(params)
        if isinstance(params, NumberLineParams):
            return {
                "positions": {v: minigames.parse_line_value(v) for v in params.values},
            }
    return None


def solve_launch(params: LaunchParams) -> dict[str, float] | None:
    """An angle and speed inside the sliders' ranges that land on the target."""
    if params.fixed_angle is not None:
        angles = [params.fixed_angle]
    else:
        preferred = [params.angle.start, 45.0]
        steps = int(max(0.0, params.angle.max - params.angle.min) * 2) + 1
        scan = [params.angle.min + i * 0.5 for i in range(steps)]
        angles = [a for a in preferred if params.angle.min <= a <= params.angle.max] + scan
    for angle in angles:
        s2 = math.sin(math.radians(2 * angle))
        if s2 <= 1e-9:
            continue
        speed = math.sqrt(params.target_distance * params.gravity / s2)
        if params.speed.min <= speed <= params.speed.max:
            if minigames.launch_hits(params, angle, speed):
                return {"angle": angle, "speed": speed}
    return None


def solve_balance(params: BalanceParams) -> dict[str, list[dict[str, float]]] | None:
    """Weights from `available` on slots that balance the beam (up to three weights)."""
    fixed = minigames.net_torque(params.fixed)
    if abs(fixed) <= params.tolerance + 1e-6:
        return {"placed": []}
    spacing = params.slot_spacing if params.slot_spacing > 0 else 0.5
    n = int(params.beam_half_length / spacing + 1e-9)
    slots = [i * spacing for i in range(-n, n + 1) if i != 0]
    masses = list(params.available)
    for count in (1, 2, 3):
        for chosen in itertools.combinations(range(len(masses)), count):
            picked = [masses[i] for i in chosen]
            for positions in itertools.product(slots, repeat=count):
                placed = list(zip(picked, positions, strict=True))
                if abs(fixed + minigames.net_torque(placed)) <= params.tolerance + 1e-6:
                    return {"placed": [{"mass": m, "position": p} for m, p in placed]}
    return None


def reveal_text(challenge: object) -> str | None:
    """The right answer in words, shown when a student's attempts run out."""
    if isinstance(challenge, ChoiceChallenge):
        texts = [o.text for o in challenge.options if o.correct]
        return ", ".join(texts) or None
    if isinstance(challenge, NumberChallenge):
        unit = f" {challenge.unit}" if challenge.unit else ""
        return f"{challenge.answer:g}{unit}"
    if isinstance(challenge, TextChallenge):
        return challenge.accept[0] if challenge.accept else None
    if isinstance(challenge, OrderChallenge):
        return " → ".join(challenge.items)
    if isinstance(challenge, MatchChallenge):
        return "; ".join(f"{p.left} → {p.right}" for p in challenge.pairs)
    if isinstance(challenge, GameChallenge):
        params = challenge.params
        solution = solve_challenge(challenge)
        if isinstance(params, LaunchParams) and solution:
            return (
                f"An angle of {solution['angle']:.0f}° and a speed of "
                f"{solution['speed']:.1f} m/s land on the target."
            )
        if isinstance(params, BalanceParams) and solution:
            parts = [
                f"{w['mass']:g} kg at {abs(w['position']):g} m "
                f"{'left' if w['position'] < 0 else 'right'}"
                for w in solution["placed"]
            ]
            return "Balanced with " + (", ".join(parts) or "nothing more") + "."
        if isinstance(params, NumberLineParams):
            return ", ".join(
                f"{v} is at {minigames.parse_line_value(v):.3g}" for v in params.values
            )
    return None


def solve(quest: Quest, state: RunState) -> Any:
    """A correct answer for the run's current step (None for a step without a challenge)."""
    step = quest.steps.get(state.step_id)
    if step is None or step.challenge is None:
        return None
    return solve_challenge(step.challenge)


def next_action(quest: Quest, state: RunState, submission_id: str = "autoplay") -> Action | None:
    """The action a perfect student takes now; None when the run is over."""
    from quest_engine.rules.run import Proceed, SubmitAnswer, SubmitWork

    if state.finished:
        return None
    step = quest.steps.get(state.step_id)
    if state.awaiting in ("continue", "review") or step is None or step.challenge is None:
        return Proceed()
    if isinstance(step.challenge, WriteChallenge):
        used = {s.submission_id for s in state.submissions}
        sid, n = submission_id, 1
        while sid in used:
            n += 1
            sid = f"{submission_id}-{n}"
        return SubmitWork(sid, solve_challenge(step.challenge))
    return SubmitAnswer(solve(quest, state))
