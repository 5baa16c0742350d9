"""End to end through the real GameService and the real sign-in screen:

- on a SQLite store, Ada forgets her PIN and pauses her sign-in with five wrong tries; the
  facilitator gives her a new PIN on the PINs tab; she signs in with it at once;
- on the shared PostgreSQL store while its server is down (a port nothing listens on), the
  game still starts: a laptop that knows nobody says so, and one where Ada played before
  lists her, tells the class it is offline, refuses new explorers and lets her play.
"""

from __future__ import annotations

import pytest
from e2e_player import AutoPlayer, open_game

from quest_engine.app.service import GameService
from quest_engine.content.loader import load_bundled_packs
from quest_engine.store import open_store
from quest_engine.store.api import ClassInfo, StudentInfo, StudentSummary
from quest_engine.ui.offline import NO_NEW_EXPLORERS, SIGN_IN_TITLE

DOWN = "postgresql://quest:x@127.0.0.1:9/quest?connect_timeout=1"
"""A shared store whose server never answers (nothing listens on port 9)."""


@pytest.fixture(scope="module")
def packs():
    return load_bundled_packs()


def type_pin(pilot, pin: str) -> None:
    pilot.click("PIN")
    pilot.type(pin)
    pilot.press("enter")


def test_the_facilitator_resets_a_forgotten_pin_and_lifts_the_pause(tmp_path, packs):
    store = open_store(str(tmp_path / "class.db"))
    room = store.create_class(store.verify_facilitator(None), "Room 9")
    store.join_class(room.join_code, "Ada", "fox", "1357")
    store.close()
    pilot = open_game(tmp_path / "class.db", packs, tmp_path)
    player = AutoPlayer(pilot)
    try:
        pilot.click("Room 9")
        pilot.click("Ada")
        for _ in range(5):
            type_pin(pilot, "0000")
        type_pin(pilot, "1357")  # even the right PIN waits out the pause
        player.expect_scene("SignInScene")
        pilot.assert_text("Too many wrong PINs")
        pilot.assert_text("If you forgot your PIN, ask your facilitator.")

        pilot.click("Back")
        pilot.click("Back")
        pilot.click("I'm a facilitator")
        pilot.click("Sign in")  # no passphrase is set on this store
        player.expect_scene("FacilitatorScene")
        pilot.click("Student PINs")
        pilot.click("PIN for Ada")
        pilot.click("New PIN")
        pilot.type("2468")
        pilot.click("Type it again")
        pilot.type("2468")
        pilot.click("Set new PIN")
        pilot.assert_text("New PIN set for Ada")
        assert "2468" not in pilot.screen_text()

        pilot.click("Sign out")
        pilot.click("Room 9")
        pilot.click("Ada")
        type_pin(pilot, "1357")  # the old PIN stopped working
        pilot.assert_text("That PIN doesn't match.")
        type_pin(pilot, "2468")
        player.expect_scene("HubScene")
    finally:
        pilot.app.close()


def offline_game(outbox, packs, tmp_path):
    """The real game on the shared store with its server down."""
    from quest_engine.ui.app import App
    from quest_engine.ui.pilot import Pilot
    from quest_engine.ui.settings import Settings

    store = open_store(DOWN, outbox_path=outbox)  # starts offline rather than raising
    service = GameService(store, packs)
    settings = Settings(reduced_motion=True, sound=False)
    app = App(service, settings=settings, settings_file=tmp_path / "settings.json", fps=1000)
    return Pilot(app)


def test_a_laptop_that_knows_nobody_starts_and_says_the_server_is_away(tmp_path, packs):
    pilot = offline_game(tmp_path / "outbox.sqlite3", packs, tmp_path)
    try:
        status = pilot.app.service.connection_status()
        assert (status.online, status.shared) == (False, True)
        assert pilot.app.top.mode == "class"
        pilot.assert_text("Can't reach the class server")
        assert "Start here: make a new class" not in pilot.labels()
        pilot.click("Try again")
        pilot.assert_text("Can't reach the class server")
    finally:
        pilot.app.close()


def test_offline_a_student_who_played_here_signs_in_and_new_ones_wait(tmp_path, packs):
    from quest_engine.store.offline_cache import OfflineCache
    from quest_engine.store.outbox import Outbox, offline_view

    # what the laptop kept when Ada last played on it, online
    outbox = tmp_path / "outbox.sqlite3"
    box = Outbox(outbox)
    cache = OfflineCache(box.connection, offline_view)
    cache.catch_up()
    ada = StudentInfo("s-ada", "c1", "Ada", "fox", True)
    cache.remember(ada, ClassInfo("c1", "Room 7", "ACDEFG", 1), "2468")
    summary = StudentSummary(ada.id, "c1", 40, 1, (), (), None, None, 0)
    cache.keep("student_summary", (ada.id,), summary)
    cache.keep("events", (ada.id, None, None, None), [])
    box.close()

    pilot = offline_game(outbox, packs, tmp_path)
    player = AutoPlayer(pilot)
    try:
        assert pilot.app.offline
        pilot.assert_text(SIGN_IN_TITLE)
        pilot.click("Room 7")
        pilot.assert_text(SIGN_IN_TITLE)
        assert "Ada" in pilot.labels()
        pilot.click("I'm new here")
        assert player.scene.message == NO_NEW_EXPLORERS
        pilot.click("Ada")
        type_pin(pilot, "2468")
        player.expect_scene("HubScene")
        pilot.assert_text("Offline — ")
    finally:
        pilot.app.close()


class _SharedStoreStub:
    """Just what `connection_status` and `check_server` look at on an OutboxStore."""

    def __init__(self, server_back: bool) -> None:
        self.online = False
        self.server_back = server_back
        self.reads = 0

    def queued(self) -> int:
        return 0 if self.online else 4

    def classes(self):
        self.reads += 1
        if self.server_back:
            self.online = True  # the read reached the server and sent the queue
            return []
        from quest_engine.errors import QuestError

        raise QuestError("the shared store cannot be reached (offline)")


@pytest.mark.parametrize("back", [False, True])
def test_check_server_lets_the_store_notice_the_server_is_back(back):
    store = _SharedStoreStub(server_back=back)
    service = GameService(store, [])
    assert service.connection_status().offline  # connection_status itself asks nothing
    assert store.reads == 0
    status = service.check_server()
    assert store.reads == 1
    assert (status.offline, status.queued) == ((False, 0) if back else (True, 4))


def test_a_store_on_this_computer_is_never_offline(tmp_path, packs):
    service = GameService(open_store(str(tmp_path / "class.db")), packs)
    try:
        status = service.check_server()
        assert (status.online, status.shared, status.offline) == (True, False, False)
    finally:
        service.store.close()
