"""The game itself keeps playing while the shared store's server is down.

`GameService` (the facade the UI drives) runs on the store `open_store` gives for a
postgresql:// URL: the offline outbox. The real PostgreSQL server is stopped in the middle of
a quest, the student plays it to the end, and after the restart every move is on the server:
all of them, in the order they were played, each once.
"""

from __future__ import annotations

import pytest
from perfect_student import Recorder, bundled_packs, right_move

from quest_engine.app.service import GameService
from quest_engine.store import open_store
from quest_engine.store.outbox import OutboxStore
from quest_engine.store.postgres_backend import PostgresStore

pytestmark = pytest.mark.postgres

QUEST = "fraction-trail"


def test_a_student_finishes_a_quest_while_the_server_is_down(pg_server, pg_url, tmp_path):
    if not pg_server.controllable:
        pytest.skip("QUEST_TEST_PG points at a server these tests may not stop")
    laptop = open_store(pg_url, outbox_path=tmp_path / "outbox.sqlite3", retry_interval=0)
    assert isinstance(laptop, OutboxStore) and laptop.online
    store = Recorder(laptop)
    game = GameService(store, bundled_packs())
    room = game.create_class("Room 9")
    ada = game.create_student(room.id, "Ada", "fox", pin="2468")
    player = game.sign_in(ada.id, "2468")
    player.start(QUEST)
    for _ in range(3):
        assert right_move(player)
    board_before = {e.display_name: e.xp for e in player.class_board()}
    xp_before = player.profile().xp
    assert xp_before > 0 and board_before == {"Ada": xp_before}

    pg_server.stop()
    moves = 0
    while right_move(player):
        moves += 1
        assert moves < 100
    assert not laptop.online and laptop.queued() > 0
    # The game shows the finished quest, the XP and the badge earned offline.
    cards = {c.quest.id: c.status for c in player.quest_map()}
    assert cards[QUEST] == "done"
    profile = player.profile()
    assert profile.xp > xp_before and profile.badges
    assert {e.display_name: e.xp for e in player.class_board()} == {"Ada": profile.xp}
    # Signing in again (the game was restarted offline) still works from what was seen.
    again = game.sign_in(ada.id, "2468")
    assert again.profile().xp == profile.xp

    pg_server.start()
    assert laptop.sync() == 0 and laptop.online
    with PostgresStore(pg_url) as server:
        logged = [e.event_id for e in server.events(student_id=ada.id)]
        assert len(logged) == len(set(logged))  # nothing twice
        assert logged[1:] == store.appended  # all of it, in the order played
        summary = server.student_summary(ada.id)
        assert summary.xp == profile.xp and summary.quests_done == 1
        assert sorted(b.badge_id for b in summary.badges) == [b.id for b in profile.badges]
        assert server.check().ok
    laptop.close()
