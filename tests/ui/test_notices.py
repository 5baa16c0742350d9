"""What the screens say when something goes wrong or the class server is away, and the
facilitator's PINs tab, on the fake service:

- a QuestError's hint shows under its message (a softer second line), on the sign-in
  screen, the quest map and the quest player; a hint meant for a terminal does not;
- offline, the sign-in screen says who can still play and that new explorers wait; the
  quest map and the quest header carry a calm "Offline" pill; all of it goes once online;
- the facilitator gives a student a new PIN (typed twice, masked) or removes it; the
  confirmation names the student and never the PIN; keyboard only works too.
"""

from __future__ import annotations

import pytest

from quest_engine.app.views import ConnectionStatus
from quest_engine.errors import QuestError
from quest_engine.ui.controls import TextField
from quest_engine.ui.offline import NO_NEW_EXPLORERS, SIGN_IN_TITLE
from quest_engine.ui.settings import Settings

OFFLINE = ConnectionStatus(online=False, queued=3, shared=True)


@pytest.fixture
def big_pilot(service, tmp_path):
    """1024x600, the largest text and the dyslexia font: the tightest the game gets."""
    from quest_engine.ui.app import App
    from quest_engine.ui.pilot import Pilot

    settings = Settings(text_size="x-large", dyslexia_font=True)
    app = App(service, size=(1024, 600), settings=settings, settings_file=tmp_path / "s.json")
    yield Pilot(app)
    app.quit()


def notice_fits(pilot) -> None:
    """The notice's pill is on screen and covers no control."""
    scene = pilot.app.top
    pill, lines = scene.message_rect()
    assert pygame_screen(pilot).contains(pill)
    for w in scene.controls():
        assert not pill.colliderect(w.rect), w.label
    assert len(lines) > scene.notice_split  # the hint has lines of its own


def pygame_screen(pilot):
    import pygame

    return pygame.Rect((0, 0), pilot.app.size)


def wrong_pin(pilot) -> None:
    pilot.click("Room 12")
    pilot.click("Leo")
    pilot.click("PIN")
    pilot.type("9999")
    pilot.press("enter")


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_a_wrong_pin_says_what_to_do_next_under_the_message(make_pilot, size):
    pilot = make_pilot(size)
    wrong_pin(pilot)
    scene = pilot.app.top
    assert scene.message == "That PIN doesn't match."
    assert scene.message_hint == "Try again, or ask your facilitator."
    pilot.assert_text("That PIN doesn't match.")
    pilot.assert_text("Try again, or ask your facilitator.")
    notice_fits(pilot)


def test_the_hint_fits_with_the_largest_text_and_the_dyslexia_font(big_pilot):
    wrong_pin(big_pilot)
    big_pilot.assert_text("ask your facilitator")
    notice_fits(big_pilot)


def test_a_new_notice_drops_the_old_hint(pilot):
    wrong_pin(pilot)
    scene = pilot.app.top
    scene.message = "Something else."
    assert scene.message_hint is None


def test_a_hint_meant_for_the_terminal_stays_off_the_screen(pilot, service, monkeypatch):
    def refuse(passphrase):
        raise QuestError(
            "wrong facilitator passphrase", hint="set QUEST_FACILITATOR_PASSPHRASE for scripts"
        )

    monkeypatch.setattr(service, "facilitator_sign_in", refuse)
    pilot.click("I'm a facilitator")
    pilot.click("Passphrase")
    pilot.type("nope")
    pilot.press("enter")
    scene = pilot.app.top
    assert scene.message == "That passphrase isn't right. Check it and try again."
    assert scene.message_hint is None
    assert "QUEST_" not in pilot.screen_text()


def test_a_quest_that_will_not_open_shows_the_hint_on_the_map(hub, service, monkeypatch):
    player = service.sessions["s1"]

    def refuse(quest_id):
        raise QuestError("that quest is being updated", hint="try it again in a minute")

    monkeypatch.setattr(player, "start", refuse)
    hub.click("Launch Lab")
    hub.click("Start quest")
    assert hub.app.top.message == "That quest is being updated."
    hub.assert_text("Try it again in a minute.")


def test_the_quest_player_shows_an_error_with_its_hint(hub, service, monkeypatch):
    hub.click("Launch Lab")
    hub.click("Start quest")
    hub.click("Continue")
    player = service.sessions["s1"]

    def refuse(answer):
        raise QuestError("No quest is open.", "Pick a quest on the map first.")

    monkeypatch.setattr(player, "submit", refuse)
    hub.click("45°")  # a choice is checked as it is picked
    hub.assert_text("No quest is open.")
    hub.assert_text("Pick a quest on the map first.")


# ---------------------------------------------------------------------------- offline


def go_offline(pilot, service) -> None:
    service.connection = OFFLINE
    pilot.app.check_connection(force=True)


def test_offline_the_sign_in_screen_says_who_can_play(pilot, service):
    go_offline(pilot, service)
    pilot.assert_text(SIGN_IN_TITLE)
    pilot.click("Room 12")
    pilot.assert_text(SIGN_IN_TITLE)
    pilot.assert_text("pick your name and play")
    assert {"Maya", "Leo"} <= set(pilot.labels())  # who played here is listed
    pilot.click("I'm new here")
    scene = pilot.app.top
    assert scene.mode == "student"  # no form that could not be saved
    assert scene.message == NO_NEW_EXPLORERS
    pilot.assert_text("try again when the network is back")
    pilot.click("Leo")  # has a PIN: the name is picked, so the band says what still holds
    assert pilot.app.top.mode == "pin"
    pilot.assert_text(SIGN_IN_TITLE)
    pilot.assert_text("Type your PIN as usual")
    assert "pick your name" not in pilot.screen_text()


def test_the_offline_notice_leaves_room_for_the_profiles_at_1024x600(big_pilot, service):
    go_offline(big_pilot, service)
    big_pilot.click("Room 12")
    scene = big_pilot.app.top
    band, lines = scene.offline_band()
    assert lines and big_pilot.app.screen.get_rect().contains(band)
    tiles = [w for w in scene.controls() if w.label in ("Maya", "Leo")]
    assert len(tiles) == 2
    for tile in tiles:
        assert tile.rect.top >= band.bottom
    big_pilot.click("I'm new here")
    pill, _lines = scene.message_rect()
    assert not pill.colliderect(band)  # the notice never covers the explanation


def test_offline_the_map_and_the_quest_carry_a_calm_pill_gone_when_back(hub, service):
    hub.assert_text("Quest map")
    assert "Offline" not in hub.screen_text()
    go_offline(hub, service)
    hub.assert_text("Offline — ")
    hub.click("Launch Lab")
    hub.click("Start quest")
    hub.assert_text("Offline — ")
    service.connection = ConnectionStatus(online=True, queued=0, shared=True)
    hub.app.check_connection(force=True)
    assert "Offline" not in hub.screen_text()
    hub.click("Quest map")
    assert "Offline" not in hub.screen_text()


def test_the_pills_fit_beside_the_buttons_at_1024x600(big_pilot, service):
    big_pilot.click("Room 12")
    big_pilot.click("Maya")
    go_offline(big_pilot, service)
    big_pilot.assert_text("Offline")
    hub = big_pilot.app.top
    for w in hub.controls():
        assert not hub.offline_rect.colliderect(w.rect), w.label
    big_pilot.click("Launch Lab")
    big_pilot.click("Start quest")
    scene = big_pilot.app.top
    big_pilot.assert_text("Offline")
    pill, _text = scene.offline_pill
    title, label, bar = scene.progress_layout()
    settings = next(w for w in scene.controls() if w.label == "Settings")
    assert pill.left > max(title.right, label.right) and pill.right < settings.rect.left
    assert not bar.width or bar.right < pill.left


def test_a_store_on_this_computer_shows_no_offline_notice(pilot, service):
    service.connection = ConnectionStatus()  # what a SQLite file reports
    pilot.app.check_connection(force=True)
    assert not pilot.app.offline
    assert "Offline" not in pilot.screen_text()


# ---------------------------------------------------------------------------- PINs


def open_pins(pilot) -> None:
    pilot.click("I'm a facilitator")
    pilot.click("Passphrase")
    pilot.type("teach")
    pilot.press("enter")
    pilot.click("Student PINs")


def type_into(pilot, label: str, text: str) -> None:
    pilot.click(label)
    pilot.type(text)


def test_the_facilitator_gives_a_student_a_new_pin(pilot, service):
    open_pins(pilot)
    pilot.assert_text("Pick a student")
    pilot.click("PIN for Leo")
    fields = [w for w in pilot.app.top.controls() if isinstance(w, TextField)]
    assert [f.label for f in fields] == ["New PIN", "Type it again"]
    assert all(f.secret for f in fields)  # masked like the sign-in PIN
    type_into(pilot, "New PIN", "2468")
    type_into(pilot, "Type it again", "2486")
    assert pilot.app.top.focus.focused.label == "Type it again"  # the ring follows a click
    pilot.click("Set new PIN")
    assert service.pin_changes == []
    pilot.assert_text("The two PINs differ")
    pilot.assert_text("Nothing was changed.")
    type_into(pilot, "Type it again", "2468")
    pilot.click("Set new PIN")
    assert service.pin_changes == [("s2", "2468")]
    pilot.assert_text("New PIN set for Leo. They can sign in with it now.")
    assert "2468" not in pilot.screen_text()  # the confirmation never shows the PIN

    pilot.click("Sign out")
    pilot.click("Room 12")
    pilot.click("Leo")
    pilot.click("PIN")
    pilot.type("2468")
    pilot.press("enter")
    pilot.assert_text("Quest map")


def test_a_pin_that_is_not_four_digits_is_refused_before_saving(pilot, service):
    open_pins(pilot)
    pilot.click("PIN for Leo")
    type_into(pilot, "New PIN", "12")
    type_into(pilot, "Type it again", "12")
    pilot.click("Set new PIN")
    assert service.pin_changes == []
    pilot.assert_text("A PIN is exactly 4 digits")


def test_the_facilitator_removes_a_pin(pilot, service):
    open_pins(pilot)
    pilot.click("PIN for Maya")
    assert "Remove PIN" not in pilot.labels()  # Maya has none to remove
    pilot.click("PIN for Leo")
    pilot.click("Remove PIN")
    assert service.pin_changes == [("s2", None)]
    pilot.assert_text("Leo can now sign in without a PIN.")
    pilot.click("Sign out")
    pilot.click("Room 12")
    pilot.click("Leo")
    pilot.assert_text("Quest map")  # straight in


def test_a_refused_pin_change_shows_the_store_s_message_and_hint(pilot, service, monkeypatch):
    open_pins(pilot)
    fac = pilot.app.facilitator

    def refuse(student_id, pin):
        raise QuestError("that student was just removed", hint="pick the student again")

    monkeypatch.setattr(fac, "set_student_pin", refuse)
    pilot.click("PIN for Leo")
    pilot.click("Remove PIN")
    pilot.assert_text("That student was just removed.")
    pilot.assert_text("Pick the student again.")


def test_a_pin_change_while_the_server_is_away_says_so_without_its_address(
    pilot, service, monkeypatch
):
    open_pins(pilot)
    fac = pilot.app.facilitator

    def unreachable(student_id, pin):
        raise QuestError(
            "the shared store postgresql://quest:***@db.school/quest cannot be reached (offline)",
            hint="progress is kept on this machine and sent when the network is back",
        )

    monkeypatch.setattr(fac, "set_student_pin", unreachable)
    pilot.click("PIN for Leo")
    pilot.click("Remove PIN")
    pilot.assert_text("The class server can't be reached right now.")
    pilot.assert_text("A new PIN needs the class server")
    assert "postgresql" not in pilot.screen_text()


def test_a_new_pin_by_keyboard_alone(pilot, service):
    open_pins(pilot)
    scene = pilot.app.top
    for _ in range(30):
        if scene.focus.focused is not None and scene.focus.focused.label == "PIN for Leo":
            break
        pilot.press("tab")
    assert scene.focus.focused.label == "PIN for Leo"
    pilot.press("enter")
    assert scene.focus.focused.label == "New PIN"
    pilot.type("1357")
    pilot.press("enter")  # Enter in the first box moves to the second
    assert scene.focus.focused.label == "Type it again"
    pilot.type("1357")
    pilot.press("enter")
    assert service.pin_changes == [("s2", "1357")]
    pilot.press("enter")  # the confirmation leaves the focus on Leo: open his card again
    assert scene.focus.focused.label == "New PIN"
    pilot.type("99")
    pilot.press("escape")  # Esc closes the card, back on Leo, nothing typed is kept
    assert scene.pin_target() is None
    assert scene.focus.focused.label == "PIN for Leo"
    assert all(f.text == "" for f in scene.pin_fields.values())
    assert service.pin_changes == [("s2", "1357")]


@pytest.mark.parametrize("size", [(1024, 600), (1280, 720)])
def test_the_pins_tab_fits_with_big_text(service, tmp_path, size):
    from quest_engine.ui.app import App
    from quest_engine.ui.pilot import Pilot

    settings = Settings(text_size="x-large", dyslexia_font=True)
    app = App(service, size=size, settings=settings, settings_file=tmp_path / "s.json")
    try:
        pilot = Pilot(app)
        open_pins(pilot)
        pilot.click("PIN for Leo")
        screen = app.screen.get_rect()
        shown = [w for w in app.top.controls() if w.visible]
        for w in shown:
            assert screen.contains(w.rect), w.label
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                assert not a.rect.colliderect(b.rect), (a.label, b.label)
    finally:
        app.quit()


def test_several_classes_are_switched_with_one_button(pilot, service):
    from quest_engine.app.views import ClassInfo, StudentInfo

    service._classes.append(ClassInfo("c2", "Room 14", "QRS456"))
    service._students["s9"] = StudentInfo("s9", "c2", "Noor", "sofia", True)
    open_pins(pilot)
    assert "PIN for Noor" not in pilot.labels()
    pilot.click("Next class")
    pilot.click("PIN for Noor")
    type_into(pilot, "New PIN", "8080")
    type_into(pilot, "Type it again", "8080")
    pilot.click("Set new PIN")
    assert service.pin_changes == [("s9", "8080")]


def test_a_big_class_pages_through_its_students(service, tmp_path):
    from quest_engine.app.views import StudentInfo
    from quest_engine.ui.app import App
    from quest_engine.ui.pilot import Pilot

    for i in range(30):
        service._students[f"k{i}"] = StudentInfo(f"k{i}", "c1", f"Kid {i:02d}", "sofia", False)
    settings = Settings(text_size="x-large", dyslexia_font=True)
    app = App(service, size=(1024, 600), settings=settings, settings_file=tmp_path / "s.json")
    try:
        pilot = Pilot(app)
        open_pins(pilot)
        seen: set[str] = set()
        for _ in range(40):
            shown = [w for w in app.top.controls() if w.label.startswith("PIN for ")]
            assert shown and all(app.screen.get_rect().contains(w.rect) for w in shown)
            seen |= {w.label for w in shown}
            more = next(w for w in app.top.widgets if w.label == "More students")
            if not more.enabled:
                break
            pilot.click("More students")
        assert len(seen) == 32  # every student of the class, Leo and Maya too
        pilot.click("PIN for Maya")  # last in the alphabet, on the last page
        assert app.top.pin_target().display_name == "Maya"
        pilot.click("Previous students")
        assert "PIN for Maya" not in pilot.labels()
    finally:
        app.quit()


def test_the_quest_card_keeps_its_room_beside_a_broken_pack_in_the_tightest_look(big_pilot):
    """Extra-large text, dyslexia font, 1024x600 and a broken pack: the badge case gives up
    its room, so "Start quest" no longer covers the card's title and facts."""
    big_pilot.click("Room 12")
    big_pilot.click("Maya")
    scene = big_pilot.app.top
    side = scene.regions()[2]
    card = scene._card_rect(side)
    problems = scene.problems_rect(side)
    assert problems.height and not card.colliderect(problems)
    big_pilot.frames(1)
    start = next(c for c in scene.controls() if c.label == "Start quest")
    assert card.contains(start.rect)
    assert scene.card_text_bottom <= start.rect.top, "the button covers the card's words"
    big_pilot.assert_text("Fraction Pizza")
