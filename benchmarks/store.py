"""Benchmark of the progress store (SQLite backend).

1. Durable appends: 10,000 events, one transaction each (synchronous=FULL, WAL), median and
   p99 ms per event, against a bare sqlite3 insert-and-commit loop with the same pragmas
   measured in the same run (target: median within 1.5x of it).
2. The class board for 40 students x 30 quests over 100,000 events (target: 20 ms or less).
3. Rebuilding every read model from those 100,000 events (target: 2 s or less).

`--quick` shrinks the sizes. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quest_engine.rules import events as ev  # noqa: E402
from quest_engine.rules.events import to_record  # noqa: E402
from quest_engine.store.api import new_id, stamp, utc_now_iso  # noqa: E402
from quest_engine.store.sqlite_backend import SQLiteStore, connect  # noqa: E402

APPEND_RATIO_TARGET = 1.5
BOARD_TARGET_MS = 20.0
REBUILD_TARGET_S = 2.0


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def play_events(rng: random.Random, quest: str, n: int) -> list[ev.Event]:
    """A plausible slice of play: steps, answers, hints, XP, the odd badge and completion."""
    out: list[ev.Event] = []
    for i in range(n):
        step = f"step-{i % 12}"
        roll = rng.random()
        if roll < 0.3:
            out.append(ev.StepEntered(quest, step, "hash"))
        elif roll < 0.7:
            out.append(ev.AnswerChecked(quest, step, rng.randint(0, 99), rng.random() < 0.6, 1))
        elif roll < 0.8:
            out.append(ev.HintUsed(quest, step, 0))
        elif roll < 0.97:
            out.append(ev.XpGained(rng.randint(1, 20), "step", quest, step))
        elif roll < 0.99:
            out.append(ev.BadgeEarned(f"badge-{rng.randint(0, 9)}", quest))
        else:
            out.append(ev.QuestCompleted(quest, "end"))
    return out


def make_class(store: SQLiteStore, students: int) -> tuple[str, list[str]]:
    token = store.verify_facilitator(None)
    room = store.create_class(token, f"Room {random.randint(0, 10**9)}")
    ids = [store.add_student(token, room.id, f"Student {i}", "fox").id for i in range(students)]
    return room.id, ids


def bench_append(folder: Path, n: int, round_size: int = 100) -> dict[str, float]:
    """Ours and the baseline take turns in rounds, so a noisy neighbour on the disk hits both."""
    rng = random.Random(1)
    store = SQLiteStore(folder / "append.sqlite3")
    _, kids = make_class(store, 4)
    events = play_events(rng, "launch-lab", n)

    # Baseline: the same rows into a bare table, one insert and commit each, same pragmas.
    conn = connect(str(folder / "baseline.sqlite3"))
    conn.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, "
        "type TEXT NOT NULL, student_id TEXT, at TEXT NOT NULL, data TEXT NOT NULL)"
    )
    # For the record: what durability costs (synchronous=NORMAL in WAL skips the fsync
    # per commit; a power cut may lose the last commits, which FULL never does).
    relaxed = connect(str(folder / "normal.sqlite3"))
    relaxed.execute("PRAGMA synchronous = NORMAL")
    relaxed.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, "
        "type TEXT NOT NULL, student_id TEXT, at TEXT NOT NULL, data TEXT NOT NULL)"
    )
    ours: list[float] = []
    base: list[float] = []
    normal: list[float] = []
    for start in range(0, n, round_size):
        chunk = range(start, min(n, start + round_size))
        for i in chunk:
            t0 = time.perf_counter()
            store.append([stamp(events[i], kids[i % 4])])
            ours.append((time.perf_counter() - t0) * 1000)
        for i in chunk:
            event = events[i]
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "INSERT INTO events (event_id, type, student_id, at, data) VALUES (?, ?, ?, ?, ?)",
                (new_id(), event.type, kids[i % 4], utc_now_iso(), json.dumps(to_record(event))),
            )
            conn.execute("COMMIT")
            base.append((time.perf_counter() - t0) * 1000)
        for i in chunk:
            event = events[i]
            t0 = time.perf_counter()
            relaxed.execute("BEGIN IMMEDIATE")
            relaxed.execute(
                "INSERT INTO events (event_id, type, student_id, at, data) VALUES (?, ?, ?, ?, ?)",
                (new_id(), event.type, kids[i % 4], utc_now_iso(), json.dumps(to_record(event))),
            )
            relaxed.execute("COMMIT")
            normal.append((time.perf_counter() - t0) * 1000)
    conn.close()
    relaxed.close()
    store.close()
    ours_median = statistics.median(ours)
    base_median = statistics.median(base)
    return {
        "append_events": n,
        "append_median_ms": round(ours_median, 4),
        "append_p99_ms": round(p99(ours), 4),
        "baseline_median_ms": round(base_median, 4),
        "baseline_p99_ms": round(p99(base), 4),
        "append_ratio": round(ours_median / base_median, 3),
        "baseline_sync_normal_median_ms": round(statistics.median(normal), 4),
    }


def bench_board_and_rebuild(
    folder: Path, students: int, quests: int, total: int
) -> dict[str, float]:
    rng = random.Random(2)
    store = SQLiteStore(folder / "board.sqlite3")
    class_id, kids = make_class(store, students)
    per_pair = max(1, total // (students * quests))
    batch = []
    t_fill = time.perf_counter()
    for q in range(quests):
        quest = f"quest-{q}"
        for kid in kids:
            batch += [
                stamp(e, kid)
                for e in [ev.QuestStarted(quest, "hash"), *play_events(rng, quest, per_pair - 1)]
            ]
            if len(batch) >= 5000:
                store.append(batch)
                batch = []
    if batch:
        store.append(batch)
    fill_s = time.perf_counter() - t_fill
    # Shared writing, so the board has text to carry.
    for i, kid in enumerate(kids):
        store.append(
            [stamp(ev.WorkSubmitted(f"w{i}", "quest-0", "log", "A story " * 30, "peer", True), kid)]
        )
    events = store.check().events

    store.class_board(class_id)  # warm the page cache once
    board_ms = []
    for _ in range(30):
        t0 = time.perf_counter()
        board = store.class_board(class_id)
        board_ms.append((time.perf_counter() - t0) * 1000)
    assert len(board) == students

    live = store.read_model_snapshot()
    rebuild_s = []
    for _ in range(3):
        t0 = time.perf_counter()
        store.rebuild()
        rebuild_s.append(time.perf_counter() - t0)
    assert store.read_model_snapshot() == live, "rebuild differs from the live read models"
    store.close()
    return {
        "board_students": students,
        "board_quests": quests,
        "board_events": events,
        "fill_events_per_s": round(events / fill_s),
        "board_median_ms": round(statistics.median(board_ms), 3),
        "board_p99_ms": round(p99(board_ms), 3),
        "rebuild_median_s": round(statistics.median(rebuild_s), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a fast check")
    parser.add_argument("--dir", default=None, help="folder for the store files (default: temp)")
    args = parser.parse_args(argv)
    appends = 1000 if args.quick else 10_000
    total = 12_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        figures = bench_append(folder, appends)
        print(
            f"append x{appends}: median {figures['append_median_ms']:.3f} ms "
            f"(p99 {figures['append_p99_ms']:.3f}) vs bare sqlite3 "
            f"{figures['baseline_median_ms']:.3f} ms (p99 {figures['baseline_p99_ms']:.3f}): "
            f"{figures['append_ratio']:.2f}x; with synchronous=NORMAL (not durable) "
            f"{figures['baseline_sync_normal_median_ms']:.3f} ms"
        )
        board = bench_board_and_rebuild(folder, 40, 30, total)
        figures.update(board)
        print(
            f"class board, 40 students x 30 quests, {board['board_events']} events: "
            f"median {board['board_median_ms']:.2f} ms (p99 {board['board_p99_ms']:.2f})"
        )
        print(f"rebuild of every read model: {board['rebuild_median_s']:.3f} s")
    figures["quick"] = args.quick
    figures["append_ratio_target_met"] = figures["append_ratio"] <= APPEND_RATIO_TARGET
    figures["board_ms_target_met"] = figures["board_median_ms"] <= BOARD_TARGET_MS
    figures["rebuild_s_target_met"] = figures["rebuild_median_s"] <= REBUILD_TARGET_S
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
