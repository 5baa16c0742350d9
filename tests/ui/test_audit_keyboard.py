"""Audit: every control of every screen can be reached and used by keyboard alone.

For each screen and each control in its focus ring, two fresh games are driven to that
screen: in one, Tab reaches the control and Enter activates it; in the other, the mouse
clicks it. What the student sees next (the screen, its controls and text, the settings)
must be the same: the keyboard is a full way in, not a subset.
"""

from __future__ import annotations

import pytest

from quest_engine.ui.controls import TextField

pytestmark = pytest.mark.filterwarnings("ignore")


def go(pilot, screen: str) -> None:
    """Drive the UI to a screen the way a student would (mouse)."""
    if screen == "class list":
        return
    if screen == "facilitator sign-in":
        pilot.click("I'm a facilitator")
        return
    if screen == "facilitator":
        pilot.click("I'm a facilitator")
        pilot.type("teach")
        pilot.press("enter")
        return
    pilot.click("Room 12")
    if screen == "profile list":
        return
    if screen == "new profile":
        pilot.click("I'm new here")
        return
    pilot.click("Maya")
    if screen == "quest":
        pilot.click("Launch Lab")
        pilot.click("Start quest")
        pilot.click("Continue")
    elif screen.startswith("board"):
        pilot.click("Class board")
        if ": " in screen:
            pilot.click(screen.split(": ", 1)[1])
    elif screen == "settings":
        pilot.click("Settings")


SCREENS = [
    "class list",
    "profile list",
    "new profile",
    "facilitator sign-in",
    "facilitator",
    "hub",
    "quest",
    "board",
    "board: Shared writing",
    "board: My work",
    "settings",
]


def seen(pilot) -> tuple:
    app = pilot.app
    text = tuple(sorted({line.strip() for line in pilot.screen_text().split("\n") if line.strip()}))
    picked = tuple((w.label, getattr(w, "selected", None)) for w in app.top.widgets)
    state = tuple(  # the scene's own simple choices (the avatar picked, the tab open ...);
        # floats are animation clocks that depend on wall time, not on what was chosen
        (name, value)
        for name, value in sorted(vars(app.top).items())
        if not name.startswith("_") and isinstance(value, str | int | bool | type(None))
    )
    return (type(app.top).__name__, tuple(pilot.labels()), picked, state, app.settings, text)


def ring(pilot) -> list[str]:
    scene = pilot.app.top
    return [
        w.label
        for w in scene.focus.available()
        if type(w).__name__ != "ComponentControl" and not isinstance(w, TextField)
    ]


def tab_to(pilot, label: str) -> None:
    scene = pilot.app.top
    for _ in range(3 * len(scene.focus.available()) + 10):
        focused = scene.focus.focused
        if focused is not None and focused.label == label:
            return
        pilot.press("tab")
    raise AssertionError(f"Tab never reaches {label!r}")


@pytest.mark.parametrize("screen", SCREENS)
def test_enter_on_each_control_does_what_a_click_does(make_pilot, screen, tmp_path, monkeypatch):
    from fake_service import FakeService

    games = iter(range(10_000))

    def fresh():
        """A new game with its own service and its own settings file."""
        monkeypatch.setenv("QUEST_CONFIG_DIR", str(tmp_path / f"config-{next(games)}"))
        pilot = make_pilot(svc=FakeService())
        pilot.app.fps = 0  # no frame waits for the 60 FPS clock
        return pilot

    first = fresh()
    go(first, screen)
    labels = ring(first)
    assert labels, f"nothing to focus on the {screen} screen"
    differ = []
    for label in labels:
        by_key = fresh()
        go(by_key, screen)
        tab_to(by_key, label)
        by_key.press("enter")
        by_mouse = fresh()
        go(by_mouse, screen)
        by_mouse.click(label)
        if seen(by_key) != seen(by_mouse):
            differ.append(label)
        for pilot in (by_key, by_mouse):
            pilot.app.quit()
    assert differ == [], f"on the {screen} screen Enter and a click differ for {differ}"
