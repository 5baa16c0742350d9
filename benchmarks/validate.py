"""Benchmark: `quest validate` against bare libyaml parsing of the same files.

Generates N realistic quests (20 steps each, every challenge kind) in a temporary pack and
measures, in one run:

- baseline: read every file and `yaml.load(..., Loader=CSafeLoader)` it (parsing only);
- cold: full validation (parse, schema, semantic checks, model) with an empty cache,
  including writing the cache;
- warm: the same validation again over unchanged files (served from the content-hash cache).

Each figure is the best of a few rounds (the machine is shared). Validation pauses
Python's cyclic GC while compiling, so the baseline is the faster of yaml.load with the GC
on and with it paused. Validation runs in-process
through `validate_paths`, the function `quest validate` calls; interpreter start-up of the
command is not included. Targets: cold <= 1.5x baseline, warm <= 0.3x baseline.

    python benchmarks/validate.py [--quick] [--quests N] [--rounds R]
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from questgen import write_pack  # noqa: E402

from quest_engine.content import validate_paths  # noqa: E402
from quest_engine.content.cache import CompileCache  # noqa: E402

COLD_TARGET = 1.5
WARM_TARGET = 0.3


def bare_libyaml(files: list[Path], *, gc_paused: bool = False) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if gc_paused:
        gc.disable()
    try:
        start = time.perf_counter()
        for f in files:
            with open(f, "rb") as fh:
                yaml.load(fh.read(), Loader=loader)  # noqa: S506 - CSafeLoader is safe
        return time.perf_counter() - start
    finally:
        gc.enable()


def validate(folder: Path, cache: CompileCache) -> tuple[float, int, int]:
    start = time.perf_counter()
    report = validate_paths([folder], cache=cache)
    return time.perf_counter() - start, report.files, len(report.diagnostics)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 quests, 2 rounds")
    parser.add_argument("--quests", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    quests = 100 if args.quick else args.quests
    rounds = 2 if args.quick else args.rounds

    work = Path(tempfile.mkdtemp(prefix="quest-bench-"))
    try:
        folder = work / "bench-pack"
        files = write_pack(folder, quests, args.steps)
        size = sum(f.stat().st_size for f in files)
        print(f"{quests} quests x {args.steps} steps, {size / 1024 / 1024:.1f} MiB, libyaml: "
              f"{hasattr(yaml, 'CSafeLoader')}")  # fmt: skip
        # Warm up imports, schema compilation and the OS file cache.
        bare_libyaml(files[:20])
        validate_paths([folder / files[0].name], cache=CompileCache(None))

        base_t, base_nogc_t, cold_t, warm_t, nocache_t = [], [], [], [], []
        diagnostics = files_seen = 0
        for r in range(rounds):
            gc.collect()
            base_t.append(bare_libyaml(files))
            gc.collect()
            base_nogc_t.append(bare_libyaml(files, gc_paused=True))
            cache = CompileCache(work / f"cache-{r}")
            gc.collect()
            t, files_seen, diagnostics = validate(folder, cache)
            cold_t.append(t)
            gc.collect()
            warm_t.append(validate(folder, cache)[0])
            gc.collect()
            nocache_t.append(validate(folder, CompileCache(None))[0])
        plain_base, base_nogc = min(base_t), min(base_nogc_t)
        cold, warm, nocache = min(cold_t), min(warm_t), min(nocache_t)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # Validation pauses the cyclic GC while it compiles; to compare like with like, the
    # baseline is the faster of plain yaml.load and yaml.load with the GC paused too.
    base = min(plain_base, base_nogc)
    cold_ratio = cold / base
    warm_ratio = warm / base
    print(f"bare libyaml yaml.load       {plain_base * 1000:8.1f} ms  (GC on)")
    print(f"bare libyaml, GC paused      {base_nogc * 1000:8.1f} ms")
    print(f"baseline (the faster)        {base * 1000:8.1f} ms  (1.00x)")
    print(
        f"quest validate, cold cache   {cold * 1000:8.1f} ms  ({cold_ratio:.2f}x, target <= {COLD_TARGET}x)"
    )
    print(
        f"quest validate, no cache     {nocache * 1000:8.1f} ms  ({nocache / base:.2f}x, no cache writes)"
    )
    print(
        f"quest validate, warm cache   {warm * 1000:8.1f} ms  ({warm_ratio:.2f}x, target <= {WARM_TARGET}x)"
    )
    print(f"{files_seen} files, {diagnostics} diagnostics (expected 0)")
    figures = {
        "quests": quests,
        "steps_per_quest": args.steps,
        "files": files_seen,
        "diagnostics": diagnostics,
        "bare_libyaml_s": round(plain_base, 4),
        "bare_libyaml_gc_paused_s": round(base_nogc, 4),
        "baseline_s": round(base, 4),
        "cold_s": round(cold, 4),
        "nocache_s": round(nocache, 4),
        "warm_s": round(warm, 4),
        "cold_ratio": round(cold_ratio, 3),
        "warm_ratio": round(warm_ratio, 3),
        "cold_target_met": cold_ratio <= COLD_TARGET and diagnostics == 0,
        "warm_target_met": warm_ratio <= WARM_TARGET and diagnostics == 0,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
