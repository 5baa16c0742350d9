"""The real game: GameService on a fresh SQLite store and the bundled packs, driven by the
Pilot. An auto-player finishes every bundled quest through the UI; closing the window
mid-quest and reopening resumes on the same step with the draft intact."""

from __future__ import annotations

import pytest

from quest_engine.app.service import GameService
from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store
from quest_engine.ui.app import App
from quest_engine.ui.pilot import Pilot


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


@pytest.fixture
def real(tmp_path, packs):
    path = tmp_path / "store.db"
    service = GameService(open_store(str(path)), packs)
    service.create_class("Room 5")
    return path, service


def _pilot(service, size=(1280, 720)) -> Pilot:
    return Pilot(App(service, size=size))


def _join(pilot: Pilot, name: str = "Robin") -> None:
    pilot.click("Room 5")
    pilot.click("I'm new here")
    pilot.click("Display name")
    pilot.type(name)
    pilot.click("Start playing")
    pilot.assert_text("Quest map")


def test_every_bundled_quest_can_be_finished_through_the_ui(real):
    _path, service = real
    pilot = _pilot(service)
    _join(pilot)
    played: list[str] = []
    for _ in range(60):
        cards = pilot.app.player.quest_map()
        todo = [c for c in cards if c.status in ("available", "in_progress")]
        if not todo:
            break
        pilot.play_quest(todo[0].quest.title)
        played.append(todo[0].quest.id)
    cards = pilot.app.player.quest_map()
    assert cards and all(c.status == "done" for c in cards), [(c.quest.id, c.status) for c in cards]
    assert len(played) == len(cards)
    profile = pilot.app.player.profile()
    assert profile.xp > 0 and profile.badges
    pilot.assert_text("Badge case")
    pilot.app.quit()


def test_closing_mid_quest_resumes_on_the_same_step_with_the_draft(real):
    path, service = real
    pilot = _pilot(service)
    _join(pilot, "Sam")
    cards = pilot.app.player.quest_map()
    writing = next(
        c
        for c in cards
        if c.status == "available"
        and any(
            s.challenge is not None and s.challenge.kind == "write" for s in c.quest.steps.values()
        )
    )
    pilot.open_quest(writing.quest.title)
    for _ in range(60):
        scene = pilot.app.top
        if (
            scene.challenge is not None
            and scene.challenge.kind == "write"
            and scene.awaiting() == "answer"
        ):
            break
        if scene.awaiting() == "answer":
            pilot.answer_step()
        elif type(scene).__name__ == "CelebrationScene":
            pilot.click("Awesome!")
        else:
            pilot.click("Continue")
    step_id = pilot.app.top.view.step.id
    pilot.type("My draft about the robot who loved libraries")
    pilot.app.quit()  # the window closes: nothing is lost

    again = _pilot(GameService(open_store(str(path)), service._results))
    again.click("Room 5")
    again.click("Sam")
    again.assert_text("Continue quest")
    again.click("Continue quest")
    assert again.app.top.view.step.id == step_id
    again.assert_text("My draft about the robot who loved libraries")


def test_a_broken_pack_shows_as_unavailable_while_the_others_play(tmp_path, packs):
    from quest_engine.content.loader import load_pack

    broken = tmp_path / "broken-pack"
    broken.mkdir()
    (broken / "pack.yaml").write_text(
        "format: 1\nid: broken-pack\ntitle: Broken Pack\nversion: 1.0.0\nauthors: [Me]\n"
        "license: CC-BY-4.0\nlanguage: en\ndescription: Oops.\n"
    )
    (broken / "oops.yaml").write_text(
        "format: 1\nid: oops\ntitle: Oops\nsummary: x\nsubject: math\nstart: nowhere\n"
        "steps:\n  a:\n    text: hi\n    ending: true\n"
    )
    result = load_pack(broken)
    assert result.pack is None
    service = GameService(open_store(str(tmp_path / "s.db")), [*packs, result])
    service.create_class("Room 5")
    pilot = _pilot(service)
    _join(pilot)
    pilot.assert_text("can't open right now")
    pilot.assert_text("oops.yaml")
    pilot.play_quest("Fraction Trail")
    assert any(c.status == "done" for c in pilot.app.player.quest_map())
