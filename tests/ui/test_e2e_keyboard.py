"""End to end on the real game: Esc, window sizes and text sizes.

- Esc on a quest goes back to the map and keeps the draft; Continue quest resumes there;
- Esc while holding a card (order, match, balance, number line) is documented as "cancel":
  it must put the card down, not leave the quest;
- the smallest window (1024x600) with the largest text still lets a student finish every
  quest with the mouse: every target stays reachable.
"""

from __future__ import annotations

import pytest
from e2e_player import AutoPlayer, Shots, open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


@pytest.fixture
def sam(tmp_path, packs):
    pilot = open_game(tmp_path / "class.db", packs, tmp_path)
    player = AutoPlayer(pilot, keyboard=True)
    player.create_class("Room 7")
    player.create_student("Sam")
    yield pilot, player
    if pilot.app.running:
        pilot.app.close()


def is_kind(kind: str):
    def wanted(step) -> bool:
        ch = step.challenge
        return ch is not None and (ch.kind == kind or f"game:{getattr(ch, 'game', '')}" == kind)

    return wanted


def open_step_of_kind(player: AutoPlayer, kind: str) -> None:
    wanted = is_kind(kind)
    cards = player.app.player.quest_map()
    if not any(any(map(wanted, c.quest.steps.values())) for c in player.playable()):
        locked = next(c for c in cards if any(map(wanted, c.quest.steps.values())))
        for need in locked.quest.prerequisites.quests:  # unlock it first
            player.play_quest(next(c.quest.title for c in cards if c.quest.id == need))
    title = next(
        c.quest.title for c in player.playable() if any(map(wanted, c.quest.steps.values()))
    )
    player.open_quest(title)
    player.play_until(lambda s: wanted(s.step) and s.awaiting() == "answer")


def test_esc_goes_back_to_the_map_keeping_the_draft_and_continue_resumes(sam, tmp_path):
    pilot, player = sam
    open_step_of_kind(player, "write")
    scene = player.scene
    quest_id, step_id = scene.view.quest.id, scene.step.id
    pilot.type("A first line about my idea")
    pilot.press("escape")
    player.expect_scene("HubScene")
    student_id = pilot.app.player.student.id
    store = open_store(str(tmp_path / "class.db"))
    try:
        assert store.draft(student_id, quest_id, step_id) == "A first line about my idea"
    finally:
        store.close()
    assert "Continue quest" in pilot.labels()
    player.activate("Continue quest")
    scene = player.scene
    assert scene.step.id == step_id
    assert scene.component.editor.text == "A first line about my idea"


HELD = {
    "order": lambda c: c.grabbed,
    "match": lambda c: c.picked,
    "game:balance": lambda c: c.holding,
    "game:number-line": lambda c: c.holding,
}


@pytest.mark.parametrize("kind", sorted(HELD))
def test_esc_puts_a_held_card_down_and_stays_on_the_step(sam, kind):
    pilot, player = sam
    open_step_of_kind(player, kind)
    comp = player.scene.component
    step_id = player.scene.step.id
    if kind == "game:balance":  # the first control is a weight in the tray
        player.tab_to_challenge(next(c.key for c in comp._focusable() if c.key.startswith("w:")))
    pilot.press("enter")  # pick up the focused card (or weight)
    assert HELD[kind](comp) is not None
    pilot.press("escape")
    assert player.scene_name == "QuestPlayerScene" and player.scene.step.id == step_id
    assert HELD[kind](comp) is None
    pilot.press("escape")  # nothing held now: Esc goes back to the map
    player.expect_scene("HubScene")


def test_the_smallest_window_with_the_largest_text_still_plays_every_quest(tmp_path, packs):
    pilot = open_game(tmp_path / "class.db", packs, tmp_path)
    app = pilot.app
    shots = Shots.from_env()
    shots.prefix = "small-"
    player = AutoPlayer(pilot, shots)
    try:
        pilot.resize(1024, 600)
        app.apply_settings(app.settings.with_changes(text_size="x-large"))
        assert app.size == (1024, 600)
        player.create_class("Room 7")
        player.create_student("Robin", avatar="Zara")
        player.shot("hub")
        logs = player.play_all()
        assert len(logs) == len(app.player.quest_map())
        assert {c.status for c in app.player.quest_map()} == {"done"}
    finally:
        app.close()


def test_resizing_the_window_while_writing_keeps_the_text(sam):
    pilot, player = sam
    open_step_of_kind(player, "write")
    pilot.type("Half a sentence before the window")
    pilot.resize(1024, 600)
    pilot.resize(1600, 900)
    assert player.scene.component.editor.text == "Half a sentence before the window"
    pilot.assert_text("Half a sentence before the window")


UNSENT = {
    "number": lambda c: c.entry.text,
    "order": lambda c: list(c.order),
    "match": lambda c: dict(c.links),
    "game:launch": lambda c: (c.angle.value, c.speed.value),
}
"""How to read the not-yet-sent answer of each kind of challenge."""

KEYS = {
    "number": [],  # typed below
    "order": ["enter", "down", "enter"],  # move the first card one place down
    "match": ["enter", "down", "enter"],  # pair the first left card
    "game:launch": ["pageup"],  # the first slider up ten steps
}


@pytest.mark.parametrize("kind", sorted(UNSENT))
def test_resizing_the_window_or_the_text_keeps_an_unsent_answer(sam, kind):
    pilot, player = sam
    open_step_of_kind(player, kind)
    read = UNSENT[kind]
    untouched = read(player.scene.component)
    if kind == "number":
        pilot.type("31")
    pilot.press(*KEYS[kind])
    before = read(player.scene.component)
    assert before != untouched  # the student really started an answer
    pilot.resize(1024, 600)
    assert read(player.scene.component) == before
    pilot.app.apply_settings(pilot.app.settings.with_changes(text_size="large"))
    pilot.frames(2)
    assert read(player.scene.component) == before
    pilot.resize(1600, 900)
    assert read(player.scene.component) == before
