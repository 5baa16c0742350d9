"""Benchmark: export a synthetic class of 500 students x 50 quests (~500,000 events).

Each format is timed end to end as `quest export` runs it (build the report from the store,
then write the files); the goal is 5 s or less per format. The baseline, measured in the same
run, is the bare cost of reading the whole event log once through the store's API: every
export has to read at least the read models, so ratios show how much work the format adds.

    python benchmarks/export.py [--quick] [--keep DIR]

Last line: one JSON object of figures with a `<format>_target_met` boolean for each format.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quest_engine.exports.csv_export import write_csv  # noqa: E402
from quest_engine.exports.html_report import write_html  # noqa: E402
from quest_engine.exports.issuer_key import load_or_create_issuer_key  # noqa: E402
from quest_engine.exports.json_export import write_json  # noqa: E402
from quest_engine.exports.openbadges import write_openbadges  # noqa: E402
from quest_engine.exports.report_builder import build_report  # noqa: E402
from quest_engine.exports.synthetic import fill_class, synthetic_pack  # noqa: E402
from quest_engine.exports.xapi import write_xapi  # noqa: E402
from quest_engine.store import open_store  # noqa: E402

TARGET_S = 5.0
SECRET = b"benchmark-secret-benchmark-secret"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="50 students x 10 quests")
    ap.add_argument("--keep", metavar="DIR", help="keep the store and exports in DIR")
    args = ap.parse_args()
    n_students, n_quests = (50, 10) if args.quick else (500, 50)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="quest-bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        return run(work, n_students, n_quests)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, n_students: int, n_quests: int) -> int:
    pack = synthetic_pack(n_quests)
    store_path = work / "progress.sqlite3"
    store_path.unlink(missing_ok=True)
    store = open_store(store_path)
    token = store.verify_facilitator(None)
    t0 = time.perf_counter()
    fill_class(store, token, "Benchmark class", n_students, pack)
    setup_s = time.perf_counter() - t0
    n_events = store.check().events
    print(f"synthetic class: {n_students} students x {n_quests} quests, {n_events} events "
          f"(made in {setup_s:.1f} s)")  # fmt: skip

    t0 = time.perf_counter()
    read = sum(1 for _ in store.events())
    baseline_s = time.perf_counter() - t0
    print(f"baseline: read the whole log ({read} events) in {baseline_s:.2f} s")

    # The badges are one file each: show what creating a file costs on this disk.
    probe = work / "file-probe"
    shutil.rmtree(probe, ignore_errors=True)
    probe.mkdir()
    t0 = time.perf_counter()
    for i in range(500):
        (probe / f"{i}.jwt").write_bytes(b"x" * 4000)
    file_ms = (time.perf_counter() - t0) / 500 * 1000
    shutil.rmtree(probe, ignore_errors=True)
    print(f"baseline: creating one small file takes {file_ms:.2f} ms on this disk")

    key = load_or_create_issuer_key(work)
    out = work / "out"
    writers = {
        "csv": lambda r: write_csv(r, out / "class.csv"),
        "json": lambda r: write_json(r, out / "class.json"),
        "html": lambda r: write_html(r, out / "class.html"),
        "xapi": lambda r: write_xapi(r, out / "statements.json"),
        "openbadges": lambda r: write_openbadges(r, out / "badges", key),
    }
    figures: dict[str, object] = {
        "students": n_students,
        "quests": n_quests,
        "events": n_events,
        "setup_s": round(setup_s, 2),
        "baseline_read_log_s": round(baseline_s, 3),
        "file_create_ms": round(file_ms, 3),
    }
    print(f"{'format':<11} {'build s':>8} {'write s':>8} {'total s':>8} {'x baseline':>10}  output")
    for fmt, write in writers.items():
        t0 = time.perf_counter()
        report = build_report(
            store,
            "Benchmark class",
            packs=[pack],
            secret=SECRET,
            activities=fmt == "xapi",
            writing=fmt != "xapi",
        )
        t1 = time.perf_counter()
        files = write(report)
        t2 = time.perf_counter()
        total = t2 - t0
        size = sum(p.stat().st_size for p in files)
        print(f"{fmt:<11} {t1 - t0:>8.2f} {t2 - t1:>8.2f} {total:>8.2f} "
              f"{total / baseline_s if baseline_s else 0:>10.1f}  "
              f"{len(files)} files, {size / 1e6:.1f} MB")  # fmt: skip
        figures[f"{fmt}_s"] = round(total, 3)
        figures[f"{fmt}_vs_baseline"] = round(total / baseline_s, 2) if baseline_s else None
        figures[f"{fmt}_target_met"] = total <= TARGET_S
        if fmt == "openbadges":
            figures["openbadges_files"] = len(files)
    store.close()
    figures["target_s"] = TARGET_S
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
