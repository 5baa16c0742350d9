"""Offline tolerance: the real PostgreSQL server is stopped in the middle of play and started
again; the game keeps playing on a local outbox and nothing is lost or doubled."""

from __future__ import annotations

import pytest

from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp
from quest_engine.store.api import Store
from quest_engine.store.outbox import OutboxStore
from quest_engine.store.postgres_backend import PostgresStore, StoreUnreachable

pytestmark = pytest.mark.postgres


@pytest.fixture
def server(pg_server):
    if not pg_server.controllable:
        pytest.skip("QUEST_TEST_PG points at a server these tests may not stop")
    yield pg_server
    if not pg_server.cluster.running:
        pg_server.start()


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
    assert ben_pc.student_summary(ben.id).xp == 7
    with pytest.raises(StoreUnreachable):
        ada_pc.verify_facilitator(None)  # a facilitator action needs the server

    server.start()
    # The next move sends the queue first, in order, then the new event.
    after = stamp(ev.QuestCompleted("moon", "end"), ada.id)
    assert [e.event_id for e in ada_pc.append([after])] == [after.event_id]
    assert ada_pc.online and ada_pc.queued() == 0
    assert ben_pc.sync() == 0

    with PostgresStore(url) as direct:
        ada_log = [e.event_id for e in direct.events(student_id=ada.id)]
        assert ada_log[1:] == [e.event_id for e in [*sent_online, *offline_ada, after]]
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
