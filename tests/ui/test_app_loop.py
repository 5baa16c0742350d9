"""The real loop opens headless, signs a student in and shows the quest map."""

from __future__ import annotations


def test_sign_in_opens_the_quest_map(hub):
    hub.assert_text("Quest map")
    hub.assert_text("Launch Lab")
    assert "Start quest" in hub.labels()


def test_a_pack_with_errors_shows_as_unavailable_and_others_still_play(hub):
    hub.assert_text("Broken Pack can't open right now")
    hub.assert_text("Fraction Pizza")


def test_locked_quest_shows_what_unlocks_it(hub):
    hub.click("Orbit Odyssey")
    hub.assert_text("Unlock by: Finish Launch Lab")
    hub.assert_text("Locked")
    assert "Start quest" not in hub.labels()


def test_wrong_pin_is_refused_kindly(pilot):
    pilot.click("Room 12")
    pilot.click("Leo")
    pilot.type("9999")
    pilot.press("enter")
    pilot.assert_text("PIN doesn't match")
    pilot.type("1234")
    pilot.click("Sign in")
    pilot.assert_text("Quest map")


def test_a_failing_screen_returns_to_the_map_instead_of_crashing(hub, monkeypatch):
    hub.click("Launch Lab")
    hub.click("Start quest")
    scene = hub.app.top

    def broken(surface):
        raise RuntimeError("a component bug")

    monkeypatch.setattr(scene, "paint", broken)
    hub.app.dirty = True
    hub.app.run(frames=2)
    assert hub.app.running
    hub.assert_text("Your progress is saved")
    hub.assert_text("Quest map")


def test_an_idle_loop_sleeps_in_wait_and_never_redraws(hub, monkeypatch):
    import quest_engine.ui.app as app_module

    monkeypatch.setattr(app_module, "IDLE_TIMEOUT_MS", 5)
    app = hub.app
    hub.frames(2)
    draws, waits = [], []
    real_wait = app.wait_for_event
    monkeypatch.setattr(app, "draw", lambda: draws.append(1))
    monkeypatch.setattr(app, "wait_for_event", lambda t: waits.append(t) or real_wait(t))
    for _ in range(3):
        app.tick(block=True)
    assert len(waits) == 3 and draws == []
