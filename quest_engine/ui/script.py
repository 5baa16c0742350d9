"""Scripted play: a YAML list of input actions run through the Pilot (`quest play --script`).

- click: Room 12            # a labelled control
- type: Maya                # text into the focused field
- press: [tab, enter]       # keys by name
- wait: 10                  # frames
- screenshot: out/hub.png
- assert_text: Quest map
- resize: [1024, 600]
- scroll: -3
- play_quest: Launch Lab    # from the map, play a whole quest with right answers
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quest_engine.errors import QuestError
from quest_engine.ui.pilot import Pilot, PilotError

ACTIONS = (
    "click",
    "type",
    "press",
    "wait",
    "screenshot",
    "assert_text",
    "resize",
    "scroll",
    "play_quest",
)


def load_script(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuestError(f"cannot read script {path}: {exc.strerror}") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise QuestError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    if isinstance(data, dict):
        data = data.get("steps", data.get("actions"))
    if not isinstance(data, list):
        raise QuestError(f"{path}: a script is a list of actions", "e.g. `- click: Room 12`")
    steps = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or len(item) != 1 or next(iter(item)) not in ACTIONS:
            raise QuestError(
                f"{path}: action {i} must be one of: {', '.join(ACTIONS)}", f"got {item!r}"
            )
        problem = _value_problem(*next(iter(item.items())))
        if problem:
            raise QuestError(f"{path}: action {i} ({next(iter(item))}): {problem}")
        steps.append(item)
    return steps


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value_problem(action: str, value: Any) -> str | None:
    """What is wrong with an action's value, in a sentence (None when it is fine)."""
    if action in ("wait", "scroll") and not _is_int(value):
        return f"{value!r} is not a whole number"
    if action == "resize" and not (
        isinstance(value, list) and len(value) == 2 and all(_is_int(v) and v > 0 for v in value)
    ):
        return f"{value!r} is not a size like [1024, 600]"
    if action == "press" and not all(
        isinstance(k, str) for k in (value if isinstance(value, list) else [value])
    ):
        return f"{value!r} is not a key name or a list of key names"
    return None


def run_script(pilot: Pilot, steps: list[dict[str, Any]], base: Path | None = None) -> None:
    """Perform each action; a failed action raises QuestError naming its number."""
    for i, step in enumerate(steps, 1):
        action, value = next(iter(step.items()))
        try:
            if action == "click":
                pilot.click(str(value))
            elif action == "type":
                pilot.type(str(value))
            elif action == "press":
                keys = value if isinstance(value, list) else [value]
                pilot.press(*[str(k) for k in keys])
            elif action == "wait":
                pilot.frames(int(value))
            elif action == "screenshot":
                target = Path(str(value))
                if base is not None and not target.is_absolute():
                    target = base / target
                pilot.screenshot(target)
            elif action == "assert_text":
                pilot.assert_text(str(value))
            elif action == "resize":
                w, h = value
                pilot.resize(int(w), int(h))
            elif action == "scroll":
                pilot.scroll(int(value))
            elif action == "play_quest":
                pilot.play_quest(str(value))
        except PilotError as exc:
            raise QuestError(f"script action {i} ({action}) failed: {exc}") from None
        except ValueError as exc:  # e.g. pygame does not know a key name
            raise QuestError(f"script action {i} ({action}): {exc}") from None
        except OSError as exc:
            raise QuestError(
                f"script action {i} ({action}): cannot write {value}: {exc.strerror}"
            ) from None
        if not pilot.app.running:
            return
