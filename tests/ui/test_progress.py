"""The quest player's "Step N of T" on a branching bundled quest, through the real game:
the number counts up one step at a time, the total never grows, and they meet on the
ending page, which shows the author's wrap-up before the celebration."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from quest_engine.app.service import GameService
from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store
from quest_engine.ui.app import App
from quest_engine.ui.pilot import Pilot
from quest_engine.ui.settings import Settings

STEP = re.compile(r"Step (\d+) of (\d+)")


def _label(pilot: Pilot) -> tuple[int, int]:
    found = STEP.search(pilot.screen_text())
    assert found, pilot.screen_text()[:300]
    return int(found[1]), int(found[2])


def _join(pilot: Pilot) -> None:
    pilot.click("Room 5")
    pilot.click("I'm new here")
    pilot.click("Display name")
    pilot.type("Robin")
    pilot.click("Start playing")


def test_fraction_trail_shows_a_stable_total_all_the_way_to_the_end(tmp_path):
    service = GameService(open_store(str(tmp_path / "store.db")), load_bundled_packs())
    service.create_class("Room 5")
    pilot = Pilot(App(service, size=(1024, 600)))
    try:
        _join(pilot)
        pilot.open_quest("Fraction Trail")
        shown = []
        for _ in range(80):
            scene = pilot.app.top
            if type(scene).__name__ == "CelebrationScene":
                pilot.click("Awesome!")
                continue
            if type(scene).__name__ != "QuestPlayerScene":
                break
            shown.append(_label(pilot))
            if scene.awaiting() == "answer" and scene.component is not None:
                pilot.answer_step()
            elif "Continue" in pilot.labels():
                pilot.click("Continue")
            else:
                break
        steps = list(dict.fromkeys(shown))
        # a perfect warm-up takes the longer branch (the expert round): still "of 9" throughout
        assert steps == [(n, 9) for n in range(1, 10)], shown
        # the last page is the author's wrap-up, then the celebration, then the map
        pilot.assert_text("Trail complete!")
        pilot.assert_text("QUEST COMPLETE")
        pilot.screenshot("/tmp/ending.png")
        pilot.click("Finish quest")
        assert type(pilot.app.top).__name__ == "CelebrationScene"
        pilot.click("Awesome!")
        assert type(pilot.app.top).__name__ == "HubScene"
        assert pilot.app.player.current() is None
    finally:
        pilot.app.quit()


def _check_hint_under_the_brief(scene) -> None:
    """The hint button sits under the mission brief (where hints appear), and the
    challenge card keeps the height a bottom row would take."""
    hint = next((w for w in scene.widgets if w.label in ("Show a hint", "Another hint")), None)
    r = scene.regions()
    if hint is None or scene.banner or not r["story"].width:
        return
    story, card = r["story"], r["challenge"]
    assert story.bottom <= hint.rect.top and story.x <= hint.rect.x, (story, hint.rect)
    assert hint.rect.right <= story.right and not hint.rect.colliderect(card)
    assert card.bottom >= hint.rect.bottom, "a bottom row still takes the card's height"


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)], ids=["1024x600", "1920x1080"])
def test_a_shorter_way_says_shortcut_and_the_top_bar_stays_clear_of_settings(tmp_path, size):
    """Launch Lab skips its help steps for a right answer: the total drops, and that step
    says "Shortcut!". With extra-large text the title, the label and the bar keep clear
    of the Settings button."""
    service = GameService(open_store(str(tmp_path / "store.db")), load_bundled_packs())
    service.create_class("Room 5")
    look = Settings(sound=False, text_size="x-large", dyslexia_font=True, high_contrast=True)
    pilot = Pilot(App(service, size=size, settings=look))
    try:
        _join(pilot)
        pilot.open_quest("Launch Lab")
        seen: list[tuple[str, int, int]] = []
        for _ in range(80):
            scene = pilot.app.top
            if type(scene).__name__ == "CelebrationScene":
                pilot.click("Awesome!")
                continue
            if type(scene).__name__ != "QuestPlayerScene":
                break
            label = scene.progress_label()
            seen.append((label, scene.view.step_number, scene.view.total_steps))
            title, text, bar = scene.progress_layout()
            settings = next(w for w in scene.widgets if w.label == "Settings")
            for part in (title, text, bar):
                assert part.right <= settings.rect.left, (label, part, settings.rect)
            _check_hint_under_the_brief(scene)
            if scene.awaiting() == "answer" and scene.component is not None:
                pilot.answer_step()
            elif "Continue" in pilot.labels():
                pilot.click("Continue")
            elif "Finish quest" in pilot.labels():
                pilot.click("Finish quest")
            else:
                break
        steps = list(dict.fromkeys(seen))
        assert steps[-1][1] == steps[-1][2], steps  # the last page: Step N of N
        shortcuts = [label for label, *_ in steps if label.endswith("Shortcut!")]
        assert shortcuts, steps
        for (_l0, n0, t0), (l1, n1, t1) in pairwise(steps):
            assert t1 <= t0 and n1 >= n0, steps
            assert l1.endswith("Shortcut!") == (n1 > n0 and t1 < t0), steps
    finally:
        pilot.app.quit()
