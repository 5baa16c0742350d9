"""Audit: on every screen of the real game, every control fits the window, is big enough to
touch, does not overlap another, and is reached by the Tab key.

One sweep plays the whole game at a window size and text size: sign-in (first run, class
and profile lists, new class, new profile, facilitator), the hub, every step of every
bundled quest (each challenge kind while it waits for an answer, and after it), the
celebrations, the class board (teammates, shared writing, a classmate's work with the
guided feedback form, my work), settings and the facilitator's review screens. At each
screen it collects the controls the Pilot sees (the scene's buttons and fields and the
challenge's own targets) and presses Tab round the whole ring, noting what got focus.
"""

from __future__ import annotations

import pygame
import pytest
from e2e_player import AutoPlayer, open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.ui.controls import TextField
from quest_engine.ui.theme import MIN_TARGET


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


def is_component(widget) -> bool:
    return type(widget).__name__ == "ComponentControl"


def answering_component(scene):
    comp = getattr(scene, "component", None)
    if comp is None or scene.awaiting() != "answer":
        return None
    return comp


def audit(pilot, where: str, problems: list[str]) -> None:
    """Record every layout or keyboard problem of the screen on top."""
    app = pilot.app
    scene = app.top
    window = pygame.Rect((0, 0), app.size)
    comp = answering_component(scene)
    mine = [w for w in scene.controls() if not is_component(w) and type(w).__name__ != "Widget"]
    for w in mine:
        rect = w.entry_rect() if isinstance(w, TextField) else w.rect
        if not window.contains(rect):
            problems.append(f"{where}: {w.label!r} {tuple(rect)} leaves the window")
        if min(rect.size) < MIN_TARGET:
            problems.append(f"{where}: {w.label!r} {tuple(rect)} is smaller than {MIN_TARGET} px")
    for i, a in enumerate(mine):
        for b in mine[i + 1 :]:
            nested = a.rect.contains(b.rect) or b.rect.contains(a.rect)
            if a.rect.colliderect(b.rect) and not nested:
                problems.append(f"{where}: {a.label!r} overlaps {b.label!r}")
    if comp is not None:
        scrolls = bool(comp.max_scroll())
        for c in comp._all_controls():
            if not c.rect.width:
                continue
            if min(c.rect.size) < MIN_TARGET:
                problems.append(
                    f"{where}: challenge target {c.label!r} {tuple(c.rect)} is smaller than "
                    f"{MIN_TARGET} px"
                )
            if not scrolls and not window.contains(c.rect):
                problems.append(f"{where}: challenge target {c.label!r} leaves the window")
        # what can be tapped: in a scrolled list, the part inside the list's viewport
        shown = [
            (c.label, c.rect.clip(comp.body) if scrolls and c.key != "submit" else c.rect)
            for c in comp._all_controls()
            if c.rect.width
        ]
        shown = [(label, rect) for label, rect in shown if rect.width and rect.height]
        for i, (la, ra) in enumerate(shown):
            for lb, rb in shown[i + 1 :]:
                if ra.colliderect(rb) and not (ra.contains(rb) or rb.contains(ra)):
                    problems.append(f"{where}: challenge targets {la!r} and {lb!r} overlap")
        for label, rect in comp.controls():
            if not window.contains(rect):
                problems.append(f"{where}: challenge target {label!r} is drawn outside the window")

    # the keyboard: Tab round the whole ring, back to where focus started
    want = {w.label for w in scene.focus.available() if not is_component(w)}
    want_keys = {c.key for c in comp._focusable()} if comp is not None else set()

    def now():
        f = scene.focus.focused
        key = comp.focus_key if comp is not None and is_component(f) else None
        return (f.label if f is not None else None, key)

    start = now()
    got, got_keys = set(), set()
    presses = len(scene.focus.available()) + len(want_keys) + 2
    for i in range(3 * presses):
        if i >= presses and now() == start:
            break
        pilot.press("tab")
        if app.top is not scene:
            problems.append(f"{where}: Tab left the screen for {type(app.top).__name__}")
            return
        label, key = now()
        got.add(label)
        got_keys.add(key)
    if want - got:
        problems.append(f"{where}: Tab never reaches {sorted(want - got)}")
    if want_keys - got_keys:
        problems.append(
            f"{where}: Tab never reaches the challenge's {sorted(want_keys - got_keys)}"
        )


class AuditPlayer(AutoPlayer):
    """The mouse auto-player, auditing each screen it passes (once per screen state)."""

    def __init__(self, pilot, problems: list[str]) -> None:
        super().__init__(pilot)
        self.problems = problems
        self.seen: set = set()
        self.kinds: set[str] = set()
        self.visited: list[str] = []

    def audit(self, where: str) -> None:
        scene = self.scene
        if hasattr(scene, "view"):
            state = (scene.view.quest.id, scene.view.step.id, scene.awaiting())
            if state in self.seen:
                return
            self.seen.add(state)
            where = f"{where} {state[0]}/{state[1]} ({state[2]})"
            if answering_component(scene) is not None:
                ch = scene.challenge
                self.kinds.add(f"game:{ch.game}" if ch.kind == "game" else ch.kind)
        self.visited.append(where)
        audit(self.pilot, f"{self.app.size} {where}", self.problems)

    def shot(self, name: str) -> None:
        if name == "celebration" or self.scene_name != "QuestPlayerScene":
            if (name, self.scene_name) not in self.seen:
                self.seen.add((name, self.scene_name))
                self.audit(name)
        else:
            self.audit(name)

    def step(self, log=None) -> None:
        self.audit("quest")
        super().step(log)


def back_to(player: AutoPlayer, scene: str) -> None:
    for _ in range(5):
        if player.scene_name == scene:
            return
        player.pilot.press("escape")
    player.expect_scene(scene)


def sweep(tmp_path, packs, size, text_size: str = "medium") -> tuple[list[str], AuditPlayer]:
    problems: list[str] = []
    pilot = open_game(tmp_path / "class.db", packs, tmp_path)
    app = pilot.app
    player = AuditPlayer(pilot, problems)
    try:
        pilot.resize(*size)
        app.apply_settings(app.settings.with_changes(text_size=text_size))
        player.audit("first run")
        player.create_class("Room 7")
        player.create_student("Robin", avatar="Kenji")
        player.audit("hub")
        player.play_all()
        player.audit("hub, all done")
        pilot.click("Class board")
        player.audit("board")
        for tab in ("Shared writing", "My work", "Teammates"):
            pilot.click(tab)
            player.audit(f"board: {tab}")
        pilot.click("Shared writing")
        pilot.click(next(lab for lab in pilot.labels() if lab.startswith("Robin: ")))
        player.audit("board: my shared work")
        back_to(player, "HubScene")
        pilot.click("Settings")
        player.audit("settings")
        pilot.click("Done")
        pilot.click("Sign out")
        player.audit("class list")
        pilot.click("New class")
        player.audit("new class")
        pilot.press("escape")
        pilot.click("Room 7")
        player.audit("profile list")
        pilot.click("I'm new here")
        player.audit("new profile")
        pilot.press("escape")
        player.create_student("Ada", avatar="Amara") if "I'm new here" in pilot.labels() else None
        if player.scene_name == "HubScene":
            pilot.click("Class board")
            pilot.click("Shared writing")
            pilot.click(next(lab for lab in pilot.labels() if lab.startswith("Robin: ")))
            player.audit("board: a classmate's work with the feedback form")
            back_to(player, "HubScene")
            pilot.click("Sign out")
        pilot.click("I'm a facilitator")
        player.audit("facilitator sign-in")
        pilot.click("Sign in")
        player.expect_scene("FacilitatorScene")
        player.audit("facilitator: review queue")
        return problems, player
    finally:
        app.close()


ALL_KINDS = {
    "choice",
    "number",
    "text",
    "order",
    "match",
    "write",
    "game:launch",
    "game:balance",
    "game:number-line",
}


@pytest.mark.parametrize(
    ("size", "text_size"),
    [((1280, 720), "medium"), ((1920, 1080), "x-large")],
    ids=["1280x720", "1920x1080-xlarge"],
)
def test_every_control_of_every_screen_fits_is_touch_sized_and_tab_reachable(
    tmp_path, packs, size, text_size
):
    problems, player = sweep(tmp_path, packs, size, text_size)
    assert player.kinds == ALL_KINDS
    assert "facilitator: review queue" in player.visited
    assert problems == []


@pytest.fixture(scope="module")
def smallest(tmp_path_factory, packs):
    """The smallest window with the largest text, swept once for the two tests below."""
    problems, player = sweep(tmp_path_factory.mktemp("small"), packs, (1024, 600), "x-large")
    return problems, player.kinds


def test_the_smallest_window_with_the_largest_text_keeps_every_control_usable(smallest):
    problems, kinds = smallest
    assert kinds == ALL_KINDS
    assert [p for p in problems if "seesaw-science/beam" not in p] == []


def test_the_balance_game_keeps_touch_sized_separate_targets_in_the_smallest_window(smallest):
    problems, _kinds = smallest
    assert [p for p in problems if "seesaw-science/beam" in p] == []
