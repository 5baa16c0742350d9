"""Audit of the laptop's outbox file on a shared store: a purge elsewhere reaches the queue
of a laptop that was offline, and a damaged or hostile outbox file never crashes the game.

Real PostgreSQL server (tests/store/pg_fixture.py), stopped and started."""

from __future__ import annotations

import sqlite3

import pytest

from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.outbox import Outbox, OutboxStore
from quest_engine.store.postgres_backend import PostgresStore

pytestmark = pytest.mark.postgres

GONE = "Quillon Zebedee"


@pytest.fixture
def school(pg_url):
    with PostgresStore(pg_url) as admin:
        token = admin.verify_facilitator(None)
        room = admin.create_class(token, "Room 5")
        gone = admin.add_student(token, room.id, GONE, "owl")
        ada = admin.add_student(token, room.id, "Ada", "fox")
    return pg_url, room, gone, ada


def _laptop(url, path) -> OutboxStore:
    return OutboxStore(url, outbox_path=path, retry_interval=0)


def test_a_student_purged_while_a_laptop_was_offline_does_not_come_back_from_its_queue(
    server, school, tmp_path
):
    url, room, gone, ada = school
    path = tmp_path / "outbox.sqlite3"
    laptop = _laptop(url, path)
    laptop.student_summary(gone.id)
    server.stop()
    laptop.append(
        [
            stamp(ev.XpGained(5, "step", "q"), gone.id),
            stamp(ev.DraftSaved("q", "s", "Quillon's secret diary"), gone.id),
            stamp(ev.XpGained(3, "step", "q"), ada.id),
        ]
    )
    assert laptop.queued() == 3
    odd = stamp(ev.XpGained(1, "step", "q"), gone.id)  # a row whose column lost the id
    laptop.outbox.put([odd])
    laptop.outbox.connection.execute(
        "UPDATE outbox SET student_id = NULL WHERE event_id = ?", (odd.event_id,)
    )
    laptop.close()  # the laptop is put away with its queue

    server.start()
    with PostgresStore(url) as admin:  # meanwhile the school purges the student
        admin.purge_student(admin.verify_facilitator(None), gone.id)

    again = _laptop(url, path)
    assert again.sync() == 0
    again.close()
    with PostgresStore(url) as admin:
        assert [e.student_id for e in admin.events()] and gone.id not in {
            e.student_id for e in admin.events()
        }
        assert admin.student_summary(ada.id).xp == 3  # the classmate's move still arrives
    for f in tmp_path.glob("outbox.sqlite3*"):
        data = f.read_bytes()
        assert b"Quillon" not in data and gone.id.encode() not in data, f.name


def test_purging_a_student_leaves_nothing_of_them_in_the_outbox_set_aside_table(
    server, school, tmp_path
):
    url, room, gone, ada = school
    path = tmp_path / "outbox.sqlite3"
    laptop = _laptop(url, path)
    server.stop()
    bad = stamp(ev.QuestStarted("moon\x00", "h"), gone.id)  # the server will refuse it
    laptop.append([bad, stamp(ev.DraftSaved("q", "s", "Quillon's plan"), gone.id)])
    server.start()
    laptop.sync()
    assert laptop.outbox.rejected_count() == 1
    laptop.purge_student(laptop.verify_facilitator(None), gone.id)
    assert laptop.outbox.rejected_count() == 0
    laptop.close()
    for f in tmp_path.glob("outbox.sqlite3*"):
        data = f.read_bytes()
        assert b"Quillon" not in data and gone.id.encode() not in data, f.name


def test_an_event_the_server_refuses_leaves_no_student_writing_in_the_log(
    server, school, tmp_path, caplog
):
    url, room, gone, ada = school
    laptop = _laptop(url, tmp_path / "outbox.sqlite3")
    server.stop()
    secret = "My secret diary about the volcano"
    laptop.append([stamp(ev.DraftSaved("q", "s", secret + "\x00"), ada.id)])
    server.start()
    caplog.set_level("DEBUG")
    laptop.sync()
    assert laptop.outbox.rejected_count() == 1
    laptop.close()
    assert "volcano" not in caplog.text and "refused" in caplog.text


def test_a_purge_on_another_computer_reaches_a_laptop_when_the_game_next_starts_online(
    server, school, tmp_path
):
    url, room, gone, ada = school
    path = tmp_path / "outbox.sqlite3"
    laptop = _laptop(url, path)
    for kid in (gone, ada):  # both signed in and played here
        assert laptop.check_pin(kid.id, None)
        laptop.student_summary(kid.id)
    laptop.close()
    with PostgresStore(url) as admin:
        admin.purge_student(admin.verify_facilitator(None), gone.id)

    again = _laptop(url, path)  # the game starts; nobody opens Room 5's sign-in list
    assert again.cache.student(gone.id) is None and again.cache.student(ada.id) is not None
    again.close()
    for f in tmp_path.glob("outbox.sqlite3*"):
        data = f.read_bytes()
        assert b"Quillon" not in data and gone.id.encode() not in data, f.name


def test_a_purge_also_deletes_a_set_aside_copy_of_the_laptop_file_that_holds_them(
    server, school, tmp_path
):
    url, room, gone, ada = school
    path = tmp_path / "outbox.sqlite3"
    laptop = _laptop(url, path)
    assert laptop.check_pin(gone.id, None)
    laptop.close()
    held = path.read_bytes()
    assert gone.id.encode() in held
    path.write_bytes(b"\x00garbage\x00" + held[20:])  # damaged: set aside at the next start
    laptop = _laptop(url, path)
    aside = [p for p in tmp_path.iterdir() if ".damaged" in p.name]
    assert aside and laptop.online

    laptop.purge_student(laptop.verify_facilitator(None), gone.id)
    laptop.close()
    for f in tmp_path.iterdir():
        data = f.read_bytes()
        assert b"Quillon" not in data and gone.id.encode() not in data, f.name


def test_a_full_disk_while_dropping_a_purged_students_moves_does_not_stop_play(
    server, school, tmp_path, monkeypatch
):
    url, room, gone, ada = school
    laptop = _laptop(url, tmp_path / "outbox.sqlite3")
    assert laptop.check_pin(gone.id, None)
    server.stop()
    laptop.append([stamp(ev.XpGained(5, "step", "q"), gone.id)])
    server.start()
    with PostgresStore(url) as admin:
        admin.purge_student(admin.verify_facilitator(None), gone.id)

    def full(*_args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Outbox, "compact", full)
    assert laptop.sync() == 0  # the network is back; the purged student's move is dropped
    added = laptop.append([stamp(ev.XpGained(3, "step", "q"), ada.id)])  # Ada plays on
    assert [e.seq > 0 for e in added] == [True] and laptop.queued() == 0
    laptop.close()
