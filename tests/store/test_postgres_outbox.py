"""Offline tolerance: the real PostgreSQL server is stopped in the middle of play and started
again; the game keeps playing on a local outbox and nothing is lost or doubled."""

from __future__ import annotations

import threading

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp
from quest_engine.store.api import Store
from quest_engine.store.outbox import OutboxStore
from quest_engine.store.postgres_backend import PostgresStore, StoreUnreachable

pytestmark = pytest.mark.postgres


@pytest.fixture
def school(pg_url):
    """A class with two students, set up by the facilitator while the network is fine."""
    with PostgresStore(pg_url) as admin:
        token = admin.verify_facilitator(None)
        room = admin.create_class(token, "Room 3")
        ada = admin.add_student(token, room.id, "Ada", "fox")
        ben = admin.add_student(token, room.id, "Ben", "owl")
    return pg_url, room, ada, ben


def _laptop(url, tmp_path, name):
    return OutboxStore(url, outbox_path=tmp_path / f"{name}-outbox.sqlite3", retry_interval=0)


def test_play_continues_through_a_server_outage_and_nothing_is_lost_or_doubled(
    server, school, tmp_path
):
    url, room, ada, ben = school
    ada_pc = _laptop(url, tmp_path, "ada")
    ben_pc = _laptop(url, tmp_path, "ben")
    sent_online = ada_pc.append(
        [stamp(e, ada.id) for e in (ev.QuestStarted("moon", "h1"), ev.XpGained(10, "step", "moon"))]
    )
    assert all(e.seq > 0 for e in sent_online)
    assert [r.xp for r in ada_pc.class_board(room.id)] == [10, 0]
    assert ada_pc.student_summary(ada.id).xp == 10  # the game shows the hub
    ben_pc.student_summary(ben.id)
    drafts = {ev.DraftSaved.type}
    assert list(ada_pc.events(student_id=ada.id, types=drafts)) == []  # read while online

    server.stop()
    offline_ada = [
        stamp(ev.StepEntered("moon", "weigh"), ada.id),
        stamp(ev.XpGained(15, "step", "moon"), ada.id),
        stamp(ev.BadgeEarned("moonwalker", "moon"), ada.id),
        stamp(ev.DraftSaved("moon", "log", "The moon is light"), ada.id),
    ]
    queued = ada_pc.append(offline_ada[:2]) + ada_pc.append(offline_ada[2:])
    assert [e.event_id for e in queued] == [e.event_id for e in offline_ada]
    assert all(e.seq == 0 for e in queued)  # accepted, waiting to be sent
    assert not ada_pc.online and ada_pc.queued() == 4
    ben_pc.append([stamp(ev.XpGained(7, "step"), ben.id)])

    # The game keeps showing progress that includes what was played offline.
    me = ada_pc.student_summary(ada.id)
    assert me.xp == 25 and [b.badge_id for b in me.badges] == ["moonwalker"]
    assert me.current_quest == "moon" and me.current_step == "weigh"
    board = {r.display_name: r for r in ada_pc.class_board(room.id)}
    assert board["Ada"].xp == 25 and board["Ada"].badges == ("moonwalker",)
    assert ada_pc.draft(ada.id, "moon", "log") == "The moon is light"
    # a filtered read adds only the queued events of the kinds asked for
    offline_drafts = [e.event for e in ada_pc.events(student_id=ada.id, types=drafts)]
    assert offline_drafts == [ev.DraftSaved("moon", "log", "The moon is light")]
    assert ben_pc.student_summary(ben.id).xp == 7
    with pytest.raises(StoreUnreachable):
        ada_pc.verify_facilitator(None)  # a facilitator action needs the server

    server.start()
    # The next move does not wait for the network: it is queued as well, and a reconnect
    # starts in the background. Once that reached the server, the next move sends the queue
    # first, in order, then itself.
    after = stamp(ev.QuestCompleted("moon", "end"), ada.id)
    assert ada_pc.append([after])[0].seq == 0
    assert ada_pc.wait_for_reconnect(timeout=60)
    last = stamp(ev.XpGained(0, "step", "moon"), ada.id)
    assert [e.event_id for e in ada_pc.append([last])] == [last.event_id]
    assert ada_pc.online and ada_pc.queued() == 0
    assert ben_pc.sync() == 0

    with PostgresStore(url) as direct:
        ada_log = [e.event_id for e in direct.events(student_id=ada.id)]
        assert ada_log[1:] == [e.event_id for e in [*sent_online, *offline_ada, after, last]]
        assert len(ada_log) == len(set(ada_log))
        summary = direct.student_summary(ada.id)
        assert (summary.xp, summary.quests_done) == (25, 1)
        assert [b.badge_id for b in summary.badges] == ["moonwalker"]
        assert direct.student_summary(ben.id).xp == 7
        assert direct.check().ok
    ada_pc.close()
    ben_pc.close()


def test_a_resend_after_a_crash_stores_each_event_once(server, school, tmp_path):
    """A laptop that sent its queue but died before forgetting it sends it again."""
    url, _room, ada, _ben = school
    pc = _laptop(url, tmp_path, "ada")
    server.stop()
    items = [stamp(ev.XpGained(5, "step"), ada.id) for _ in range(3)]
    pc.append(items)
    server.start()
    assert pc.sync() == 0
    pc.outbox.put(items)  # as if the forget had never happened
    assert pc.queued() == 3 and pc.sync() == 0
    with PostgresStore(url) as direct:
        assert direct.student_summary(ada.id).xp == 15
        ids = [e.event_id for e in direct.events(student_id=ada.id)]
        assert len(ids) == len(set(ids)) == 4
    pc.close()


def test_a_laptop_that_starts_offline_plays_and_sends_later(server, school, tmp_path):
    url, _room, ada, _ben = school
    server.stop()
    pc = _laptop(url, tmp_path, "ada")  # opening does not need the server
    pc.append([stamp(ev.XpGained(9, "step"), ada.id)])
    with pytest.raises(QuestError):
        pc.class_board("anything")  # nothing seen yet: a clear error, not a crash
    server.start()
    assert pc.sync() == 0
    assert pc.student_summary(ada.id).xp == 9
    pc.close()


def test_queued_events_survive_a_restart_of_the_game(server, school, tmp_path):
    url, _room, ada, _ben = school
    server.stop()
    first = _laptop(url, tmp_path, "ada")
    first.append([stamp(ev.XpGained(4, "step"), ada.id)])
    first.close()  # the game is closed while offline
    server.start()
    again = _laptop(url, tmp_path, "ada")
    assert again.sync() == 0
    assert again.student_summary(ada.id).xp == 4
    again.close()


def test_open_store_gives_the_game_an_offline_tolerant_store(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    with open_store(pg_url) as s:
        assert isinstance(s, OutboxStore) and isinstance(s, Store) and s.online
        assert s.outbox.path.is_relative_to(tmp_path)


def test_an_event_the_server_refuses_is_set_aside_and_the_rest_still_goes(server, school, tmp_path):
    url, _room, ada, _ben = school
    pc = _laptop(url, tmp_path, "ada")
    server.stop()
    bad = stamp(ev.QuestStarted("moon\x00", "h"), ada.id)  # SQLite keeps a NUL; PostgreSQL won't
    good = stamp(ev.XpGained(3, "step"), ada.id)
    pc.append([bad])
    pc.append([good])
    server.start()
    assert pc.sync() == 0
    assert pc.outbox.rejected_count() == 1
    with PostgresStore(url) as direct:
        ids = {e.event_id for e in direct.events(student_id=ada.id)}
        assert good.event_id in ids and bad.event_id not in ids
        assert direct.student_summary(ada.id).xp == 3
    pc.close()


def test_play_never_waits_for_a_reconnect_on_a_dead_network(server, school, tmp_path):
    """On a dead network a connection attempt hangs until its timeout. That attempt runs in
    the background: the moves and reads the game makes meanwhile return at once."""
    url, room, ada, _ben = school
    hanging = threading.Event()
    network_back = threading.Event()
    probes: list[str] = []

    def dead_network_probe() -> bool:
        probes.append("try")
        hanging.set()
        network_back.wait(60)  # a connect that hangs until the network is back
        return network_back.is_set()

    pc = OutboxStore(
        url,
        outbox_path=tmp_path / "outbox.sqlite3",
        retry_interval=0,
        probe=dead_network_probe,
    )
    pc.class_board(room.id)  # the hub, seen while the network was fine
    pc.student_summary(ada.id)
    server.stop()
    pc.append([stamp(ev.XpGained(5, "step"), ada.id)])  # the drop is noticed here
    assert not pc.online
    pc.append([stamp(ev.XpGained(5, "step"), ada.id)])  # starts a reconnect
    assert hanging.wait(60) and pc.reconnecting
    for _ in range(3):  # the game keeps going while the reconnect hangs
        pc.append([stamp(ev.XpGained(5, "step"), ada.id)])
        pc.student_summary(ada.id)
        pc.class_board(room.id)
    assert pc.reconnecting and probes == ["try"]  # still hanging; one attempt at a time
    assert pc.queued() == 5 and pc.student_summary(ada.id).xp == 25

    server.start()
    network_back.set()
    assert pc.wait_for_reconnect(timeout=60)
    pc.append([stamp(ev.XpGained(5, "step"), ada.id)])  # goes straight to the server
    assert pc.online and pc.queued() == 0
    with PostgresStore(url) as direct:
        assert direct.student_summary(ada.id).xp == 30
    pc.close()


def test_facilitator_work_tries_the_server_at_once(server, school, tmp_path):
    """A review or a sign-in needs the server, so it does not wait for the background
    reconnect: it tries now (and sends the queue first)."""
    url, _room, ada, _ben = school
    pc = OutboxStore(
        url, outbox_path=tmp_path / "outbox.sqlite3", retry_interval=3600, probe=lambda: False
    )
    server.stop()
    pc.append([stamp(ev.XpGained(5, "step"), ada.id)])
    with pytest.raises(StoreUnreachable):
        pc.verify_facilitator(None)
    server.start()
    assert pc.verify_facilitator(None) is not None  # no reconnect would come for an hour
    assert pc.online and pc.queued() == 0


def test_a_malformed_url_is_one_clear_line_without_the_password(tmp_path):
    with pytest.raises(QuestError) as caught:
        OutboxStore("postgresql://quest:hunter22@[::1/quest", outbox_path=tmp_path / "o.sqlite3")
    assert "not a valid PostgreSQL URL" in str(caught.value)
    assert "hunter22" not in str(caught.value) and "quest:***@" in str(caught.value)
    assert not (tmp_path / "o.sqlite3").exists()  # nothing was set up for a URL that cannot work


def test_approve_badge_and_set_shared_pass_through_with_the_usual_offline_rules(
    server, school, tmp_path
):
    """Approving a badge is facilitator work (it needs the server); sharing is a student's
    move (queued while offline, from the submission as last seen plus what was queued)."""
    url, _room, ada, _ben = school
    pc = _laptop(url, tmp_path, "ada")
    token = pc.verify_facilitator(None)
    pc.append(
        [
            stamp(ev.BadgeAwaitingApproval("press-pass", "news"), ada.id),
            stamp(ev.WorkSubmitted("w1", "news", "log", "My scoop", "teacher"), ada.id),
        ]
    )
    assert pc.approve_badge(token, ada.id, "press-pass").seq > 0
    assert pc.set_shared(ada.id, "w1", True)
    server.stop()
    with pytest.raises(StoreUnreachable):
        pc.approve_badge(token, ada.id, "press-pass")
    assert pc.set_shared(ada.id, "w1", False)  # shared a moment ago: unsharing is queued
    assert not pc.set_shared(ada.id, "w1", False)  # already asked for: nothing more queued
    assert pc.queued() == 1
    server.start()
    assert pc.sync() == 0
    with PostgresStore(url) as direct:
        assert not direct.submission("w1").shared
        assert [b.badge_id for b in direct.student_summary(ada.id).badges] == ["press-pass"]
    pc.close()
