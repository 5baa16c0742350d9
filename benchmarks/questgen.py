"""Generates realistic quest packs for the validate benchmark (and for tests that need volume)."""

from __future__ import annotations

import random
from pathlib import Path

KINDS = ("choice", "number", "text", "order", "match", "write", "game")


def _step_yaml(i: int, n: int, kind: str | None, rng: random.Random) -> str:
    sid = f"step-{i}"
    nxt = f"step-{i + 1}"
    lines = [f"  {sid}:"]
    lines.append("    text: |")
    lines.append(f"      Part {i} of the mission. Read *carefully* and think about **units**.")
    lines.append("      - Notice what changes")
    lines.append("      - Notice what stays the same")
    if kind is None:
        lines.append(f"    image: {{path: assets/scene-{i % 3}.png, alt: A scene of part {i}}}")
    if i == n - 1:
        lines.append("    ending: true")
        return "\n".join(lines)
    if kind == "choice":
        lines += [
            "    challenge:",
            "      kind: choice",
            f"      prompt: Which angle sends the capsule farthest in round {i}?",
            "      shuffle: true",
            "      options:",
            "        - id: a30",
            "          text: 30°",
            "          feedback: Close, but a steeper angle keeps it up longer.",
            "        - id: a45",
            "          text: 45°",
            "          correct: true",
            "          feedback: Yes! 45° balances height and forward speed.",
            "        - id: a80",
            "          text: 80°",
            "          feedback: It goes high but not far.",
            "    hints:",
            "      - Think about a ball thrown straight up.",
            "      - The best angle is halfway between flat and straight up.",
            "    retry: {max_attempts: 2, after_last: reveal, hint_cost: 5}",
            f"    on_correct: {{feedback: 'Great thinking!', xp: {rng.randint(1, 9)}, set_flags: [knows-{i}]}}",
            "    on_wrong: {feedback: Let's test it in the lab.}",
        ]
    elif kind == "number":
        lines += [
            "    challenge:",
            "      kind: number",
            f"      prompt: A capsule flies {i}.4 km. How far is that in metres?",
            f"      answer: {i}400",
            "      unit: m",
            "      tolerance: 5",
            "      misconceptions:",
            f"        - value: {i}4",
            "          feedback: That divides by 100. A kilometre is 1000 metres.",
        ]
    elif kind == "text":
        lines += [
            "    challenge:",
            "      kind: text",
            "      prompt: What force pulls the capsule down?",
            "      accept: [gravity, gravitation, weight]",
            "      feedback_wrong:",
            "        - answer: air",
            "          feedback: Air slows it a little, but something else pulls it down.",
        ]
    elif kind == "order":
        lines += [
            "    challenge:",
            "      kind: order",
            "      prompt: Put the flight in order.",
            "      items: [Launch, Rise, Peak, Fall, Land]",
        ]
    elif kind == "match":
        lines += [
            "    challenge:",
            "      kind: match",
            "      prompt: Match each quantity to its unit.",
            "      pairs:",
            "        - {left: distance, right: metres}",
            "        - {left: time, right: seconds}",
            "        - {left: mass, right: kilograms}",
        ]
    elif kind == "write":
        lines += [
            "    challenge:",
            "      kind: write",
            "      prompt: Write a flight log for mission control.",
            "      min_words: 40",
            "      max_words: 200",
            "      review: peer",
            "      shared: true",
            "      rubric:",
            "        - id: clarity",
            "          criterion: Clear explanation of the launch",
            "          levels:",
            "            - {score: 1, description: Hard to follow}",
            "            - {score: 2, description: Mostly clear}",
            "            - {score: 3, description: Clear and complete}",
        ]
    elif kind == "game":
        lines += [
            "    challenge:",
            "      kind: game",
            "      game: launch",
            f"      prompt: Land the capsule on the pad {20 + i} m away.",
            "      params:",
            f"        target_distance: {20 + i}",
            "        target_width: 4",
            "        angle: {min: 10, max: 80, start: 30}",
            "        speed: {min: 5, max: 40, start: 15}",
        ]
    lines.append(f"    xp: {rng.randint(0, 20)}")
    if i > 0 and i % 5 == 0:
        lines += [
            f"    set_flags: [checkpoint-{i}]",
            "    next:",
            f"      - when: {{flag: checkpoint-{i}}}",
            f"        goto: {nxt}",
            f"      - goto: {nxt}",
        ]
    else:
        lines.append(f"    next: {nxt}")
    return "\n".join(lines)


def quest_yaml(index: int, steps: int = 20, seed: int = 0) -> str:
    """One realistic quest with `steps` steps cycling through every challenge kind."""
    rng = random.Random(seed * 100_003 + index)
    head = [
        "# yaml-language-server: $schema=../../schemas/quest.schema.json",
        "format: 1",
        f"id: quest-{index}",
        f"title: Launch Lab {index}",
        "summary: Use angle and speed to land a rescue capsule on target.",
        "subject: physics",
        "interests: [space, sports]",
        f"level: {rng.randint(1, 5)}",
        "minutes: 10",
        "xp: 50",
        "badges: [rocketeer]",
        "standards:",
        "  - framework: NGSS",
        "    code: MS-PS2-2",
        "    description: Forces and motion",
        "author: Ms. Rivera",
        "start: step-0",
        "steps:",
    ]
    body = [
        _step_yaml(i, steps, None if i % 4 == 3 else KINDS[i % len(KINDS)], rng)
        for i in range(steps)
    ]
    return "\n".join(head + body) + "\n"


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
"""A 1x1 transparent PNG."""

PACK_YAML = """\
format: 1
id: bench-pack
title: Benchmark Pack
version: 1.0.0
authors: [Quest Engine team]
license: CC-BY-4.0
language: en
description: Generated quests for the benchmark.
badges:
  - id: rocketeer
    name: Rocketeer
    description: Landed a projectile on target.
    criteria: Finish any benchmark quest.
"""


def write_pack(folder: Path, quests: int, steps: int = 20) -> list[Path]:
    """Write a pack folder with `quests` quest files; returns the quest file paths."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    # Story steps show pictures, so asset checks (paths, links, exact names) are measured too.
    (folder / "assets").mkdir(exist_ok=True)
    for i in range(3):
        (folder / "assets" / f"scene-{i}.png").write_bytes(_PNG)
    paths = []
    for i in range(quests):
        p = folder / f"quest-{i}.yaml"
        p.write_text(quest_yaml(i, steps), encoding="utf-8")
        paths.append(p)
    return paths
