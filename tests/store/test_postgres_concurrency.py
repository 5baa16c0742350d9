"""Forty machines at once: 40 client processes append events and read the class board on one
PostgreSQL store. No event may be lost, no badge awarded twice, and every board a client
reads must be one consistent moment of the class."""

from __future__ import annotations

import multiprocessing

import psycopg
import pytest

from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.postgres_backend import PostgresStore

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CLIENTS = 40
ROUNDS = 25
XP = 10


def _client(args: tuple[str, str, str, int]) -> tuple[list[str], list[str]]:
    """One machine: each round earns XP and badge `b<round>` for its student, then reads the
    board. Two machines share each student (a student who switched laptops mid-lesson), so
    both award the same badges and update the same rows at the same time."""
    url, class_id, student_id, _n = args
    acked: list[str] = []
    problems: list[str] = []
    with PostgresStore(url, migrate_on_open=True) as store:
        for k in range(ROUNDS):
            batch = [
                stamp(ev.XpGained(XP, "step", "q"), student_id),
                stamp(ev.BadgeEarned(f"b{k:02d}", "q"), student_id),
            ]
            added = store.append(batch)
            acked += [e.event_id for e in added]
            for row in store.class_board(class_id):
                held = len(row.badges)
                if len(set(row.badges)) != held:
                    problems.append(f"{row.display_name} holds a badge twice: {row.badges}")
                # both machines of a student award b00..b(n-1): XP is between 1x and 2x
                if not XP * held <= row.xp <= 2 * XP * held:
                    problems.append(f"{row.display_name}: xp {row.xp} with {held} badges")
    return acked, problems


def test_forty_clients_lose_nothing_award_each_badge_once_and_see_a_consistent_board(pg_url):
    with PostgresStore(pg_url) as admin:
        token = admin.verify_facilitator(None)
        room = admin.create_class(token, "Big Room")
        kids = [admin.add_student(token, room.id, f"Kid {i:02d}") for i in range(CLIENTS // 2)]
    jobs = [(pg_url, room.id, kids[i // 2].id, i) for i in range(CLIENTS)]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(CLIENTS) as pool:
        results = pool.map(_client, jobs, chunksize=1)

    acked = [eid for ids, _ in results for eid in ids]
    problems = [p for _, found in results for p in found]
    assert problems == []
    assert len(acked) == CLIENTS * ROUNDS * 2

    with PostgresStore(pg_url) as store:
        in_log = {e.event_id for e in store.events()}
        assert set(acked) <= in_log  # every acknowledged event is in the log
        board = store.class_board(room.id)
        assert len(board) == CLIENTS // 2
        for row in board:
            assert row.xp == 2 * ROUNDS * XP  # no lost update between the two machines
            assert row.badges == tuple(sorted(row.badges)) or len(row.badges) == ROUNDS
            assert sorted(row.badges) == [f"b{k:02d}" for k in range(ROUNDS)]
        assert store.check().ok  # the read models equal a fold of the log
    with psycopg.connect(pg_url) as conn:
        awards, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT (student_id, badge_id)) FROM rm_badge"
        ).fetchone()
    assert awards == distinct == (CLIENTS // 2) * ROUNDS
