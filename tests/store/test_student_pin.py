"""A student forgot their PIN: a facilitator sets a new one (or none) and the pause after
wrong PINs ends at once, in the store (both backends), from `quest student pin`, and on a
laptop of a shared store, where the old PIN must stop working offline too."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp
from quest_engine.store.api import FacilitatorToken
from quest_engine.store.outbox import NEW_PIN_NOT_HERE, NEW_PIN_NOT_HERE_HINT, OutboxStore
from quest_engine.store.postgres_backend import PostgresStore, StoreUnreachable
from quest_engine.store.sqlite_backend import SQLiteStore

OLD, NEW, PASS = "2580", "1357", "correct horse battery"
PAUSED = "Too many wrong PINs"
FAR_AHEAD = 4_000_000_000.0  # 2096


def _room(store, *names_and_pins: tuple[str, str | None], room: str = "Room 1"):
    token = store.verify_facilitator(None)
    cls = store.create_class(token, room)
    kids = [store.add_student(token, cls.id, name, "cat", pin=pin) for name, pin in names_and_pins]
    return token, kids


def _pause(store, student_id: str) -> None:
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        assert not store.check_pin(student_id, guess)
    with pytest.raises(QuestError, match=PAUSED):
        store.check_pin(student_id, OLD)


# --------------------------------------------------------------------------- the store


def test_a_new_pin_signs_the_student_in_and_the_old_one_no_longer_does(store):
    token, (ana, bo) = _room(store, ("Ana", OLD), ("Bo", OLD))
    info = store.set_student_pin(token, ana.id, NEW)
    assert (info.id, info.display_name, info.has_pin) == (ana.id, "Ana", True)
    assert store.check_pin(ana.id, NEW)
    assert not store.check_pin(ana.id, OLD)
    assert store.check_pin(bo.id, OLD)  # a classmate's PIN is left alone


def test_a_paused_student_signs_in_at_once_after_the_reset(store, clock):
    token, (ana, bo) = _room(store, ("Ana", OLD), ("Bo", OLD))
    _pause(store, ana.id)
    _pause(store, bo.id)
    store.set_student_pin(token, ana.id, NEW)  # the clock has not moved
    assert store.check_pin(ana.id, NEW)
    for guess in ("0000", "0001", "0002", "0003"):  # the count starts again from nothing
        assert not store.check_pin(ana.id, guess)
    assert store.check_pin(ana.id, NEW)
    with pytest.raises(QuestError, match=PAUSED):
        store.check_pin(bo.id, OLD)  # only that student's pause is lifted


def test_clearing_the_pin_lets_them_in_without_one_even_while_paused(store):
    token, (ana,) = _room(store, ("Ana", OLD))
    _pause(store, ana.id)
    info = store.set_student_pin(token, ana.id, None)
    assert not info.has_pin and not store.student(ana.id).has_pin
    assert store.check_pin(ana.id, None)
    store.set_student_pin(token, ana.id, NEW)  # and a PIN can be given back later
    assert store.student(ana.id).has_pin
    assert not store.check_pin(ana.id, None) and store.check_pin(ana.id, NEW)


def test_only_a_facilitator_can_change_a_pin(store, open_again):
    _token, (ana,) = _room(store, ("Ana", OLD))
    store.set_facilitator_passphrase(PASS)
    token = store.verify_facilitator(PASS)
    other_machine = open_again().verify_facilitator(PASS)  # a token of another store object
    for forged in (None, FacilitatorToken("facilitator"), other_machine):
        with pytest.raises(QuestError, match="only a signed-in facilitator"):
            store.set_student_pin(forged, ana.id, NEW)  # type: ignore[arg-type]
    assert store.check_pin(ana.id, OLD)
    store.set_student_pin(token, ana.id, NEW)
    assert store.check_pin(ana.id, NEW)


def test_a_bad_pin_or_an_unknown_student_changes_nothing(store):
    token, (ana,) = _room(store, ("Ana", OLD))
    for bad in ("12a4", "123", "12345", "", " 1234", "1234\n", "١٢٣٤"):  # nobody could type
        with pytest.raises(QuestError, match="exactly 4 digits"):
            store.set_student_pin(token, ana.id, bad)
    with pytest.raises(QuestError, match="no student with id"):
        store.set_student_pin(token, "not-a-student", NEW)
    assert store.check_pin(ana.id, OLD)


def test_the_new_pin_is_roster_state_not_an_event_and_survives_a_rebuild(store):
    token, (ana,) = _room(store, ("Ana", OLD))
    store.append([stamp(ev.XpGained(10, "step"), ana.id)])
    logged = [e.event_id for e in store.events()]
    store.set_student_pin(token, ana.id, NEW)
    assert [e.event_id for e in store.events()] == logged  # no secret goes in the log
    store.rebuild()
    assert store.check_pin(ana.id, NEW) and store.student_summary(ana.id).xp == 10


# --------------------------------------------------------------------------- the command


def quest(path, *args: str, stdin: str = "", env: dict[str, str] | None = None):
    """`quest --store PATH ...` in a subprocess, as a teacher runs it (no terminal)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QUEST_")}
    return subprocess.run(
        [sys.executable, "-m", "quest_engine", "--store", str(path), *args],
        capture_output=True,
        text=True,
        input=stdin,
        env={**clean, **(env or {})},
    )


def _failed(out: subprocess.CompletedProcess[str], first_line: str) -> None:
    assert out.returncode == 1 and out.stdout == "", (out.stdout, out.stderr)
    assert out.stderr.splitlines()[0] == f"quest: error: {first_line}"
    assert "Traceback" not in out.stderr


@pytest.fixture
def school(tmp_path):
    """A SQLite store with Ana (paused after wrong PINs) in Room 1 and another Ana in Room 2."""
    path = tmp_path / "progress.sqlite3"
    # Paused from a clock far ahead: a pause is never longer than a minute from now, so she
    # stays paused however slowly the test runs (nothing here depends on timing).
    with SQLiteStore(path, wall_clock=lambda: FAR_AHEAD) as s:
        _token, (ana, bo) = _room(s, ("Ana", OLD), ("Bo", OLD))
        _pause(s, ana.id)
        _room(s, ("Ana", OLD), room="Room 2")
    return path, ana, bo


def _signs_in(path, student_id: str, pin: str | None) -> bool:
    with SQLiteStore(path) as s:
        return s.check_pin(student_id, pin)


@pytest.mark.sqlite_only
def test_the_command_sets_a_new_pin_in_one_line_that_never_shows_it(school):
    path, ana, bo = school
    out = quest(path, "student", "pin", "bo", "--pin-stdin", stdin=f"{NEW}\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "New PIN set for Bo (Room 1); they can sign in now.\n"
    assert NEW not in out.stdout + out.stderr
    assert _signs_in(path, bo.id, NEW) and not _signs_in(path, bo.id, OLD)

    out = quest(path, "student", "pin", "Ana", "--class", "room 1", "--pin-stdin", stdin=NEW)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "New PIN set for Ana (Room 1); they can sign in now.\n"
    assert _signs_in(path, ana.id, NEW)  # she was paused: no waiting

    out = quest(path, "student", "pin", "Ana", "--class", "Room 2", "--clear")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Ana (Room 2) can now sign in without a PIN.\n"
    assert _signs_in(path, ana.id, NEW) and not _signs_in(path, ana.id, None)  # Room 1's Ana


@pytest.mark.sqlite_only
def test_the_command_asks_for_the_facilitator_passphrase(school):
    path, _ana, bo = school
    with SQLiteStore(path) as s:
        s.set_facilitator_passphrase(PASS)
    args = ("student", "pin", "Bo", "--pin-stdin")
    _failed(quest(path, *args, stdin=NEW), "the facilitator passphrase is needed")
    wrong = {"QUEST_FACILITATOR_PASSPHRASE": "not it at all"}
    _failed(quest(path, *args, stdin=NEW, env=wrong), "wrong facilitator passphrase")
    assert _signs_in(path, bo.id, OLD)
    right = {"QUEST_FACILITATOR_PASSPHRASE": PASS}
    out = quest(path, *args, stdin=NEW, env=right)
    assert out.returncode == 0, out.stderr
    assert _signs_in(path, bo.id, NEW)


@pytest.mark.sqlite_only
def test_the_command_refuses_a_bad_pin_and_a_student_it_cannot_tell(school):
    path, ana, bo = school
    bad = quest(path, "student", "pin", "Bo", "--pin-stdin", stdin="12a4\n")
    _failed(bad, "a PIN is exactly 4 digits")
    assert "12a4" not in bad.stderr
    _failed(quest(path, "student", "pin", "Bo"), "the new PIN is needed")  # no terminal
    _failed(quest(path, "student", "pin", "Zed", "--clear"), "no student called 'Zed'")
    both = quest(path, "student", "pin", "ana", "--clear")
    _failed(both, "2 students are called 'ana' (Room 1, Room 2)")
    assert "add --class NAME" in both.stderr
    assert _signs_in(path, bo.id, OLD)
    with pytest.raises(QuestError, match=PAUSED):
        _signs_in(path, ana.id, OLD)  # nothing changed: still paused


# --------------------------------------------------------------------------- a laptop


def _laptop(url, tmp_path) -> OutboxStore:
    store = open_store(url, outbox_path=tmp_path / "outbox.sqlite3", retry_interval=0)
    assert isinstance(store, OutboxStore)
    return store


@pytest.mark.postgres
def test_after_a_reset_on_a_laptop_the_old_pin_no_longer_works_there_offline(
    server, pg_url, tmp_path
):
    with PostgresStore(pg_url) as admin:
        _token, (ana, bo, cy) = _room(admin, ("Ana", OLD), ("Bo", OLD), ("Cy", OLD))
    laptop = _laptop(pg_url, tmp_path)
    for kid in (ana, bo, cy):  # each signs in on this laptop while the network is fine
        assert laptop.check_pin(kid.id, OLD)
    token = laptop.verify_facilitator(None)
    assert laptop.set_student_pin(token, ana.id, NEW).has_pin
    assert not laptop.set_student_pin(token, cy.id, None).has_pin
    laptop.close()

    server.stop()
    for _restart in range(2):  # the game open offline, then closed and started again
        laptop = _laptop(pg_url, tmp_path)
        assert not laptop.online
        with pytest.raises(StoreUnreachable) as caught:
            laptop.check_pin(ana.id, OLD)
        assert (str(caught.value), caught.value.hint) == (NEW_PIN_NOT_HERE, NEW_PIN_NOT_HERE_HINT)
        with pytest.raises(StoreUnreachable):
            laptop.check_pin(ana.id, NEW)  # never typed here: the laptop cannot tell
        assert laptop.check_pin(bo.id, OLD)  # a classmate still signs in offline
        assert laptop.check_pin(cy.id, None)  # no PIN any more: just signs in
        assert not laptop.student(cy.id).has_pin
        laptop.close()

    server.start()
    laptop = _laptop(pg_url, tmp_path)
    assert laptop.online
    assert laptop.check_pin(ana.id, NEW) and not laptop.check_pin(ana.id, OLD)
    laptop.close()
    server.stop()
    laptop = _laptop(pg_url, tmp_path)
    assert laptop.check_pin(ana.id, NEW)  # typed online once: it works here offline now
    assert not laptop.check_pin(ana.id, OLD)
    laptop.close()


@pytest.mark.postgres
def test_after_a_reset_elsewhere_the_old_pin_stops_working_offline_on_a_laptop_that_was_online(
    server, pg_url, tmp_path
):
    with PostgresStore(pg_url) as admin:
        token, (ana, bo) = _room(admin, ("Ana", OLD), ("Bo", OLD))
    laptop = _laptop(pg_url, tmp_path)
    for kid in (ana, bo):  # both play on this laptop; a classmate learns Ana's PIN
        assert laptop.check_pin(kid.id, OLD)
    laptop.close()
    with PostgresStore(pg_url) as admin:  # the teacher resets it on their own computer
        admin.set_student_pin(admin.verify_facilitator(None), ana.id, NEW)

    laptop = _laptop(pg_url, tmp_path)  # next lesson: the sign-in screen lists the class
    assert {s.display_name for s in laptop.students(ana.class_id)} == {"Ana", "Bo"}
    laptop.close()
    server.stop()  # then the network drops
    laptop = _laptop(pg_url, tmp_path)
    with pytest.raises(StoreUnreachable) as caught:
        laptop.check_pin(ana.id, OLD)  # the classmate cannot use the old PIN offline
    assert str(caught.value) == NEW_PIN_NOT_HERE
    assert laptop.check_pin(bo.id, OLD)  # Bo's PIN did not change
    laptop.close()


@pytest.mark.sqlite_only
def test_a_student_added_with_pin_stdin_has_that_pin_and_it_is_never_in_argv(school):
    path, _ana, _bo = school
    out = quest(path, "student", "add", "--class", "Room 1", "Cy", "--pin-stdin", stdin=NEW)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Added Cy to Room 1 with a PIN.\n"
    with SQLiteStore(path) as s:
        room = s.class_by_name("Room 1")
        cy = next(x for x in s.students(room.id) if x.display_name == "Cy")
    assert _signs_in(path, cy.id, NEW) and not _signs_in(path, cy.id, OLD)

    out = quest(path, "student", "add", "--class", "Room 1", "Di", "--ask-pin")
    _failed(out, "the new PIN is needed")  # no terminal to type it at, and nothing was added
    out = quest(path, "student", "add", "--class", "Room 1", "Ed", "--pin-stdin", stdin="12")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    with SQLiteStore(path) as s:
        names = {x.display_name for x in s.students(s.class_by_name("Room 1").id)}
    assert "Cy" in names and not {"Di", "Ed"} & names
