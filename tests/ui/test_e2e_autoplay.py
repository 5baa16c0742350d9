"""End to end: a student signs up through the sign-in screen and the auto-player finishes
every bundled quest through the real UI (clicks, typing, keys, drags) on a real SQLite
store; then the store file, opened afresh, records every quest done with XP and badges,
and the hub shows them done.

With QUEST_SCREENSHOTS=1 the run also saves docs/screens/e2e-*.png (one per screen type).
"""

from __future__ import annotations

import pygame
import pytest
from e2e_player import AutoPlayer, Shots, open_game

from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store

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


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


def test_a_new_student_finishes_every_bundled_quest_through_the_ui(tmp_path, packs):
    store_path = tmp_path / "class.db"
    shots = Shots.from_env()
    # the screenshot run keeps motion so the pictures show what students see
    pilot = open_game(store_path, packs, tmp_path, motion=shots.directory is not None)
    app = pilot.app
    player = AutoPlayer(pilot, shots)
    try:
        pilot.assert_text("No classes yet")
        player.create_class("Room 7")
        player.create_student("Robin", avatar="Kenji")
        pilot.assert_text("Robin")
        pilot.assert_text("Quest map")
        player.shot("hub")

        logs = player.play_all()

        # every quest was played once, through every kind of challenge
        cards = app.player.quest_map()
        assert sorted(log.quest_id for log in logs) == sorted(c.quest.id for c in cards)
        kinds = {kind for log in logs for _step, kind in log.answered}
        assert kinds == ALL_KINDS
        assert sum(log.celebrations for log in logs) > 0

        # what the student sees: back on the hub, every node done, badges in the case
        player.expect_scene("HubScene")
        hub = app.top
        hub.refresh()
        hub.relayout()
        assert {c.status for c in hub.cards} == {"done"}
        for log in logs:
            hub.selected = log.quest_id
            hub.relayout()
            assert "Play again" in pilot.labels(), log.title
        pilot.assert_text("Badge case")
        profile = app.player.profile()
        assert profile.badges
        pilot.assert_text(profile.badges[0].name[:8])
        player.shot("hub-done")
        student_id = app.player.student.id
    finally:
        app.close()

    # what the store recorded, read back from the file by a fresh store object
    store = open_store(str(store_path))
    try:
        summary = store.student_summary(student_id)
        progress = store.quest_progress(student_id)
        assert {p.quest_id for p in progress} == {log.quest_id for log in logs}
        assert {p.status for p in progress} == {"done"}
        assert summary.quests_done == len(logs)
        assert summary.xp > 0
        assert summary.badges
        assert {b.badge_id for b in summary.badges} == {b.id for b in profile.badges}
        assert summary.current_quest is None
        assert all(
            p.correct > 0
            for p in progress
            if any(p.quest_id == lg.quest_id and lg.answered for lg in logs)
        )
    finally:
        store.close()


def test_a_keyboard_only_student_finishes_every_bundled_quest(tmp_path, packs):
    """Tab, arrows, Enter, Ctrl+Enter and typing only: no mouse event is ever sent."""
    pilot = open_game(tmp_path / "class.db", packs, tmp_path)
    app = pilot.app
    player = AutoPlayer(pilot, keyboard=True)
    sent = []
    real_post = pygame.event.post

    def post(event):
        sent.append(event.type)
        return real_post(event)

    pygame.event.post = post
    try:
        player.create_class("Room 8")
        player.create_student("Kai", pin="2468")
        logs = player.play_all()
        assert {kind for log in logs for _step, kind in log.answered} == ALL_KINDS
        assert {c.status for c in app.player.quest_map()} == {"done"}
        player.activate("Sign out")
        player.sign_in("Room 8", "Kai", pin="2468")
        pilot.assert_text("Kai")
    finally:
        pygame.event.post = real_post
        app.close()
    mouse = {pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL}
    assert sent and not mouse & set(sent)
