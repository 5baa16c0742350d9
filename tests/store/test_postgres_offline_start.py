"""A game started while the shared store cannot be reached still lets the students who played
on this laptop sign in and carry on.

Real PostgreSQL server (tests/store/pg_fixture.py), stopped and started: the laptop is used
online, the game is closed, the server goes down, and a NEW store and game are opened on the
same outbox file. What the laptop keeps is in `quest_engine/store/offline_cache.py`.
"""

from __future__ import annotations

import pytest
from perfect_student import Recorder, bundled_packs, right_move

from quest_engine.app.service import GameService, PlayerSession
from quest_engine.cli.main import main
from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp
from quest_engine.store.outbox import NOT_PLAYED_HERE, NOT_PLAYED_HERE_HINT, OutboxStore
from quest_engine.store.postgres_backend import PostgresStore, StoreUnreachable

pytestmark = pytest.mark.postgres

FIRST, SECOND = "fraction-trail", "code-the-dance"
GONE = "Quillon Zebedee"


class WallClock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


def _laptop(url, tmp_path, **options) -> OutboxStore:
    store = open_store(url, outbox_path=tmp_path / "outbox.sqlite3", retry_interval=0, **options)
    assert isinstance(store, OutboxStore)
    return store


def _seen(player: PlayerSession) -> dict:
    """What the student sees of themselves: profile, quest map, the step they are on."""
    profile = player.profile()
    step = player.current()
    return {
        "xp": profile.xp,
        "level": profile.level,
        "badges": [b.id for b in profile.badges],
        "map": {c.quest.id: c.status for c in player.quest_map()},
        "step": (step.quest.id, step.step.id) if step else None,
    }


def _board(player: PlayerSession) -> dict:
    return {e.display_name: (e.xp, len(e.badges)) for e in player.class_board()}


def test_a_game_started_offline_lets_a_student_of_this_laptop_sign_in_and_play_on(
    server, pg_url, tmp_path
):
    with PostgresStore(pg_url) as admin:  # the teacher's machine
        token = admin.verify_facilitator(None)
        room = admin.create_class(token, "Room 9")
        ben = admin.add_student(token, room.id, "Ben", "owl", pin="1357")

    # Monday, online: Ada makes her profile on this laptop, finishes a quest, starts another.
    laptop = _laptop(pg_url, tmp_path)
    game = GameService(laptop, bundled_packs())
    ada = game.create_student(room.id, "Ada", "fox", pin="2468")
    player = game.sign_in(ada.id, "2468")
    player.start(FIRST)
    while right_move(player):
        pass
    player.start(SECOND)
    for _ in range(2):
        assert right_move(player)
    before = _seen(player)
    assert before["badges"] and before["xp"] > 0 and before["step"][0] == SECOND
    ada_row = (before["xp"], len(before["badges"]))
    assert _board(player) == {"Ada": ada_row, "Ben": (0, 0)}
    laptop.close()

    # Tuesday 9 am: no network, a fresh game.
    server.stop()
    clock = WallClock()
    laptop = _laptop(pg_url, tmp_path, wall_clock=clock)
    store = Recorder(laptop)
    game = GameService(store, bundled_packs())
    assert not laptop.online
    assert [c.name for c in game.classes()] == ["Room 9"]
    assert [(s.display_name, s.avatar, s.has_pin) for s in game.students(room.id)] == [
        ("Ada", "fox", True)
    ]  # only who played here: the laptop does not keep the roster
    with pytest.raises(QuestError, match="PIN doesn't match"):
        game.sign_in(ada.id, "1111")
    player = game.sign_in(ada.id, "2468")
    assert _seen(player) == before  # the same XP, level, badges, quest map and step
    assert _board(player) == {"Ada": ada_row}  # classmates who never played here: not kept
    moves = 0
    while right_move(player):
        moves += 1
    assert moves > 0 and laptop.queued() > 0
    after = _seen(player)
    assert after["map"][SECOND] == "done" and after["xp"] > before["xp"]

    # Ben never played on this laptop: a clear message, in words a child understands.
    with pytest.raises(QuestError) as caught:
        game.sign_in(ben.id, "1357")
    assert str(caught.value) == NOT_PLAYED_HERE and caught.value.hint == NOT_PLAYED_HERE_HINT
    assert "postgresql" not in str(caught.value)
    with pytest.raises(QuestError, match="new explorers can't be made"):
        game.create_student(room.id, "Ben two", "owl")

    # The server is back: Ada's offline moves land on it once each, in the order played.
    server.start()
    assert laptop.sync() == 0 and laptop.online
    with PostgresStore(pg_url) as direct:
        logged = [e.event_id for e in direct.events(student_id=ada.id)]
        assert len(logged) == len(set(logged))
        assert logged[-len(store.appended) :] == store.appended
        summary = direct.student_summary(ada.id)
        assert (summary.xp, summary.quests_done) == (after["xp"], 2)
        assert direct.check().ok
    assert {s.display_name for s in game.students(room.id)} == {"Ada", "Ben"}  # online again
    laptop.close()


def test_offline_pins_pause_after_wrong_tries_and_a_student_without_pin_just_signs_in(
    server, pg_url, tmp_path
):
    laptop = _laptop(pg_url, tmp_path)
    game = GameService(laptop, bundled_packs())
    room = game.create_class("Room 4")
    ada = game.create_student(room.id, "Ada", "fox", pin="2468")
    cy = game.create_student(room.id, "Cy", "cat")
    game.sign_in(ada.id, "2468")
    game.sign_in(cy.id)
    laptop.close()

    server.stop()
    clock = WallClock()
    laptop = _laptop(pg_url, tmp_path, wall_clock=clock)
    game = GameService(laptop, bundled_packs())
    assert game.sign_in(cy.id).profile().xp == 0  # no PIN: just signs in
    for _ in range(5):
        with pytest.raises(QuestError, match="PIN doesn't match"):
            game.sign_in(ada.id, "0000")
    laptop.close()
    laptop = _laptop(pg_url, tmp_path, wall_clock=clock)  # a restart does not reset the count
    game = GameService(laptop, bundled_packs())
    with pytest.raises(QuestError, match="Too many wrong PINs"):
        game.sign_in(ada.id, "2468")
    clock.now += 61
    assert game.sign_in(ada.id, "2468").student.display_name == "Ada"
    laptop.close()


def test_quest_student_purge_on_the_laptop_forgets_the_student_there(
    server, pg_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the game's and the CLI's outbox
    laptop = open_store(pg_url, retry_interval=0)
    files = laptop.outbox.path.parent
    game = GameService(laptop, bundled_packs())
    room = game.create_class("Room 5")
    gone = game.create_student(room.id, GONE, "fox", pin="2468")
    cy = game.create_student(room.id, "Cy", "cat")
    game.sign_in(gone.id, "2468").start(FIRST)
    cy_player = game.sign_in(cy.id)
    laptop.append([stamp(ev.DraftSaved(FIRST, "line", "Quillon and I measured"), cy.id)])
    assert laptop.draft(cy.id, FIRST, "line") == "Quillon and I measured"
    cy_player.class_board()
    assert laptop.cache.counts()["laptop_students"] == 2
    laptop.close()

    assert main(["--store", pg_url, "student", "purge", GONE, "--yes"]) == 0
    found = list(files.glob("outbox-*"))
    assert found
    for f in found:
        data = f.read_bytes()
        assert b"Quillon" not in data and b"Zebedee" not in data and gone.id.encode() not in data

    server.stop()
    laptop = open_store(pg_url, retry_interval=0)
    game = GameService(laptop, bundled_packs())
    assert [s.display_name for s in game.students(room.id)] == ["Cy"]
    with pytest.raises(QuestError, match="haven't played on this computer"):
        game.sign_in(gone.id, "2468")
    assert laptop.draft(cy.id, FIRST, "line") == "a classmate and I measured"
    assert [e.display_name for e in game.sign_in(cy.id).class_board()] == ["Cy"]
    laptop.close()


def test_a_student_purged_on_another_machine_is_forgotten_at_the_next_online_roster(
    server, pg_url, tmp_path
):
    laptop = _laptop(pg_url, tmp_path)
    game = GameService(laptop, bundled_packs())
    room = game.create_class("Room 6")
    gone = game.create_student(room.id, GONE, "fox")
    game.sign_in(gone.id).start(FIRST)
    with PostgresStore(pg_url) as admin:
        admin.purge_student(admin.verify_facilitator(None), gone.id)
    assert game.students(room.id) == []  # the sign-in screen lists the class online
    assert laptop.cache.counts()["laptop_students"] == 0
    laptop.close()
    server.stop()
    laptop = _laptop(pg_url, tmp_path)
    with pytest.raises(StoreUnreachable):
        laptop.classes()  # nothing is kept here any more
    laptop.close()
