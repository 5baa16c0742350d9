"""Benchmark of the shared store: a class of 40 machines playing at once.

40 client processes each append 250 events (one transaction per event, as the game does)
and read the class board after every 5th event, against PostgreSQL and, as the baseline
measured in the same run, against one SQLite file on the same machine (a lab PC). Figures
for each: events per second over the whole run and the class board's p95 latency under
that load, plus a check that every acknowledged event is in the log.

PostgreSQL: `--url postgresql://...` (or $QUEST_TEST_PG) uses that server; otherwise a
throw-away local cluster is started from the Debian binaries with durable settings (fsync
on, synchronous_commit on), like SQLite's synchronous=FULL.

Targets: PostgreSQL sustains at least 200 events/s with a class board p95 of 100 ms or
less, and loses nothing. `--quick` shrinks the run to 40 x 25 events.
The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quest_engine.rules import events as ev  # noqa: E402
from quest_engine.store.api import stamp  # noqa: E402

PG_EVENTS_PER_S_TARGET = 200.0
PG_BOARD_P95_TARGET_MS = 100.0
BOARD_EVERY = 5


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0


def _open(location: str):
    if location.startswith("postgresql://"):
        from quest_engine.store.postgres_backend import PostgresStore

        return PostgresStore(location)
    from quest_engine.store.sqlite_backend import SQLiteStore

    return SQLiteStore(location)


def _play(seed: int, quest: str, n: int) -> list[ev.Event]:
    rng = random.Random(seed)
    out: list[ev.Event] = [ev.QuestStarted(quest, "hash")]
    while len(out) < n:
        step = f"step-{len(out) % 12}"
        roll = rng.random()
        if roll < 0.3:
            out.append(ev.StepEntered(quest, step, "hash"))
        elif roll < 0.7:
            out.append(ev.AnswerChecked(quest, step, rng.randint(0, 99), rng.random() < 0.6, 1))
        elif roll < 0.8:
            out.append(ev.HintUsed(quest, step, 0))
        elif roll < 0.97:
            out.append(ev.XpGained(rng.randint(1, 20), "step", quest, step))
        else:
            out.append(ev.BadgeEarned(f"badge-{rng.randint(0, 9)}", quest))
    return out[:n]


def _client(location, class_id, student_id, index, n, barrier, results) -> None:
    store = _open(location)
    events = _play(index, f"quest-{index % 7}", n)
    acked: list[str] = []
    board_ms: list[float] = []
    barrier.wait()
    start = time.monotonic()
    for i, event in enumerate(events, start=1):
        acked += [e.event_id for e in store.append([stamp(event, student_id)])]
        if i % BOARD_EVERY == 0:
            t0 = time.perf_counter()
            store.class_board(class_id)
            board_ms.append((time.perf_counter() - t0) * 1000)
    end = time.monotonic()
    store.close()
    results.put((start, end, acked, board_ms))


def run_class(location: str, clients: int, per_client: int) -> dict[str, float]:
    """40 machines at once on one store; returns events/s, board p95 and a lost-event count."""
    admin = _open(location)
    token = admin.verify_facilitator(None)
    room = admin.create_class(token, f"Bench {os.getpid()} {time.monotonic_ns()}")
    kids = [admin.add_student(token, room.id, f"Kid {i:02d}") for i in range(clients)]
    admin.close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(clients)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_client,
            args=(location, room.id, kids[i].id, i, per_client, barrier, results),
        )
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=900) for _ in procs]
    for p in procs:
        p.join()
    starts, ends, acked, boards = zip(*outcomes, strict=True)
    wall = max(ends) - min(starts)
    sent = [eid for ids in acked for eid in ids]
    store = _open(location)
    in_log = {e.event_id for e in store.events()}
    store.close()
    return {
        "events": float(len(sent)),
        "seconds": wall,
        "events_per_s": len(sent) / wall if wall else 0.0,
        "board_p95_ms": p95([ms for b in boards for ms in b]),
        "lost_events": float(sum(1 for eid in sent if eid not in in_log)),
        "short_events": float(clients * per_client - len(sent)),
    }


def _local_pg() -> tuple[str, object]:
    sys.path.insert(0, str(ROOT / "tests" / "store"))
    from pg_fixture import find_pg_bin, start_cluster

    if find_pg_bin() is None:
        raise SystemExit(
            "no PostgreSQL binaries: install the `postgresql` package or pass --url postgresql://..."
        )
    cluster = start_cluster(fast=False)
    return cluster.url(), cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 clients x 25 events")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--events", type=int, default=None, help="events per client")
    parser.add_argument("--url", default=os.environ.get("QUEST_TEST_PG"))
    args = parser.parse_args(argv)
    per_client = args.events or (25 if args.quick else 250)
    clients = args.clients

    cluster = None
    url = args.url
    if not url:
        url, cluster = _local_pg()
    try:
        with tempfile.TemporaryDirectory(prefix="quest-bench-") as tmp:
            sqlite = run_class(str(Path(tmp) / "lab.sqlite3"), clients, per_client)
        print(
            f"SQLite, {clients} processes x {per_client} events on one file: "
            f"{sqlite['events_per_s']:.0f} events/s, class board p95 {sqlite['board_p95_ms']:.1f} ms"
        )
        pg = run_class(url, clients, per_client)
        print(
            f"PostgreSQL, {clients} clients x {per_client} events: "
            f"{pg['events_per_s']:.0f} events/s, class board p95 {pg['board_p95_ms']:.1f} ms"
        )
    finally:
        if cluster is not None:
            cluster.destroy()  # type: ignore[attr-defined]
    throughput_ratio = pg["events_per_s"] / sqlite["events_per_s"] if sqlite["events_per_s"] else 0
    board_ratio = pg["board_p95_ms"] / sqlite["board_p95_ms"] if sqlite["board_p95_ms"] else 0
    print(
        f"PostgreSQL vs SQLite: {throughput_ratio:.2f}x the events/s, "
        f"{board_ratio:.2f}x the board p95"
    )
    figures = {
        "quick": args.quick,
        "clients": clients,
        "events_per_client": per_client,
        "pg_events_per_s": round(pg["events_per_s"], 1),
        "pg_board_p95_ms": round(pg["board_p95_ms"], 2),
        "pg_lost_events": int(pg["lost_events"] + pg["short_events"]),
        "sqlite_events_per_s": round(sqlite["events_per_s"], 1),
        "sqlite_board_p95_ms": round(sqlite["board_p95_ms"], 2),
        "sqlite_lost_events": int(sqlite["lost_events"] + sqlite["short_events"]),
        "pg_vs_sqlite_events_per_s_ratio": round(throughput_ratio, 3),
        "pg_vs_sqlite_board_p95_ratio": round(board_ratio, 3),
        "pg_events_per_s_target_met": pg["events_per_s"] >= PG_EVENTS_PER_S_TARGET,
        "pg_board_p95_ms_target_met": pg["board_p95_ms"] <= PG_BOARD_P95_TARGET_MS,
        "no_lost_events_target_met": pg["lost_events"] + pg["short_events"] == 0
        and sqlite["lost_events"] + sqlite["short_events"] == 0,
    }
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
