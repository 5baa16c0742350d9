from __future__ import annotations

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import credentials


def test_a_pin_is_stored_as_a_salted_hash(store):
    token = store.verify_facilitator(None)
    room = store.create_class(token, "Room 1")
    a = store.add_student(token, room.id, "Ana", "cat", pin="2580")
    b = store.add_student(token, room.id, "Bo", "dog", pin="2580")
    assert a.has_pin
    # export_people gives the rows as stored (what `store copy` moves between backends).
    rows = sorted(store.export_people()["students"], key=lambda r: r[2])
    hashes = [r[4] for r in rows]
    assert all("2580" not in h and h.startswith("scrypt$") for h in hashes)
    assert hashes[0] != hashes[1]  # salted
    assert store.check_pin(a.id, "2580")
    assert not store.check_pin(a.id, "0000")
    assert not store.check_pin(a.id, None)
    assert store.check_pin(b.id, "2580")


def test_a_student_without_pin_signs_in_freely(classroom):
    assert not classroom.ada.has_pin
    assert classroom.store.check_pin(classroom.ada.id, None)


@pytest.mark.parametrize("pin", ["123", "12345", "abcd", "12 4"])
def test_a_pin_is_four_digits(classroom, pin):
    with pytest.raises(QuestError, match="4 digits"):
        classroom.store.add_student(classroom.token, classroom.room.id, "Cy", "cat", pin=pin)


def test_creating_a_profile_logs_profile_created(classroom):
    (first,) = list(classroom.store.events(student_id=classroom.ada.id))
    assert first.event == ev.ProfileCreated("Ada", "fox")
    assert first.class_id == classroom.room.id


def test_facilitator_passphrase_guards_facilitator_calls(store):
    open_token = store.verify_facilitator(None)
    store.set_facilitator_passphrase("correct horse battery")
    with pytest.raises(QuestError, match="wrong facilitator passphrase"):
        store.verify_facilitator("guess")
    with pytest.raises(QuestError):
        store.verify_facilitator(None)
    token = store.verify_facilitator("correct horse battery")
    room = store.create_class(token, "Room 1")
    assert room.name == "Room 1"
    # Changing it needs a signed-in facilitator.
    with pytest.raises(QuestError):
        store.set_facilitator_passphrase("another passphrase")
    store.set_facilitator_passphrase("another passphrase", token)
    assert store.verify_facilitator("another passphrase").name == "facilitator"
    assert open_token.name == "facilitator"


def test_passphrase_hash_is_memory_hard_scrypt():
    stored = credentials.hash_secret("correct horse battery")
    scheme, n, r, p, _salt, _digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert credentials.verify_secret("correct horse battery", stored)
    assert not credentials.verify_secret("correct horse batterY", stored)
    assert not credentials.verify_secret("x", "garbage")


def test_a_short_passphrase_is_refused(store):
    with pytest.raises(QuestError, match="at least"):
        store.set_facilitator_passphrase("short")


def test_join_codes_avoid_look_alike_characters(store):
    token = store.verify_facilitator(None)
    codes = [store.create_class(token, f"Room {i}").join_code for i in range(20)]
    assert len(set(codes)) == 20
    for code in codes:
        assert len(code) == 6
        assert not set(code) & set("0O1IL2Z5S8B")


def test_a_student_joins_with_the_class_code(classroom):
    code = classroom.room.join_code
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    kid = classroom.store.join_class(typed, "Dee", "owl", pin="1111")
    assert kid.class_id == classroom.room.id
    with pytest.raises(QuestError, match="join code"):
        classroom.store.join_class("XXXXXX", "Eve", "owl")


def test_names_are_unique_where_people_would_confuse_them(classroom):
    s = classroom.store
    with pytest.raises(QuestError, match="already a class"):
        s.create_class(classroom.token, "room 12")
    with pytest.raises(QuestError, match="already has a student"):
        s.add_student(classroom.token, classroom.room.id, "Ada", "cat")
    with pytest.raises(QuestError, match="no class called"):
        s.class_by_name("Room 99")
    assert [c.student_count for c in s.classes()] == [2]


def test_five_wrong_pins_in_a_row_lock_sign_in_for_a_minute(store, clock):
    token = store.verify_facilitator(None)
    room = store.create_class(token, "Room 1")
    ana = store.add_student(token, room.id, "Ana", "cat", pin="2580")
    bo = store.add_student(token, room.id, "Bo", "dog", pin="1111")
    for guess in ("0000", "0001", "0002", "0003"):
        assert not store.check_pin(ana.id, guess)
    assert store.check_pin(ana.id, "2580")  # a right PIN starts the count again
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        assert not store.check_pin(ana.id, guess)
    # Locked: even the right PIN is refused, with how long to wait.
    with pytest.raises(QuestError, match="Try again in 60 seconds"):
        store.check_pin(ana.id, "2580")
    clock.now += 45
    with pytest.raises(QuestError, match="Try again in 15 seconds"):
        store.check_pin(ana.id, "0005")
    assert store.check_pin(bo.id, "1111")  # a classmate is not locked out
    clock.now += 15
    assert store.check_pin(ana.id, "2580")
    # After the pause the count starts from zero: one slip does not lock again.
    assert not store.check_pin(ana.id, "9999")
    assert store.check_pin(ana.id, "2580")


def test_the_lockout_message_says_how_long_to_wait_and_who_can_help():
    rule = credentials.PIN_RULE
    state = credentials.GuardState()
    for _ in range(credentials.PIN_MAX_FAILURES):
        assert rule.wait_s(state, 1000.0) == 0
        state = rule.counted(state, 1000.0)
    with pytest.raises(QuestError) as caught:
        raise rule.refusal(rule.wait_s(state, 1000.0))
    assert "Try again in 60 seconds" in str(caught.value)
    assert "facilitator" in (caught.value.hint or "")


def test_names_are_kept_readable(classroom):
    s, token, room = classroom.store, classroom.token, classroom.room
    with pytest.raises(QuestError, match="at most 40 characters"):
        s.add_student(token, room.id, "x" * 10_000)
    with pytest.raises(QuestError, match="control characters"):
        s.add_student(token, room.id, "Eve\x1b[2J")  # would clear a teacher's terminal
    with pytest.raises(QuestError, match="control characters"):
        s.join_class(room.join_code, "Mal\u202eyrolG")  # would show reversed on the board
    with pytest.raises(QuestError, match="at most 40"):
        s.create_class(token, "Room " * 20)
    zoe = s.add_student(token, room.id, "Zoë 🦊‍🔥")
    assert s.student(zoe.id).display_name == "Zoë 🦊‍🔥"
    # "Zoë" typed with a combining diaeresis is the same name, not a look-alike twin.
    with pytest.raises(QuestError, match="already has a student"):
        s.add_student(token, room.id, "Zoe\u0308 🦊‍🔥")
    assert any(row.display_name == "Zoë 🦊‍🔥" for row in s.class_board(room.id))
