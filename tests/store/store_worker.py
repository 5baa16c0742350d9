"""A child process for the crash and concurrency tests (run as a script, not collected).

crash STORE STUDENT: resume at the student's current step and keep entering the next one,
    one transaction per step, printing "EVENT_ID STEP" after each acknowledged append.
burst STORE STUDENT N START_FILE: wait for START_FILE, then append N events one by one.
"""

from __future__ import annotations

import os
import sys
import time

from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp


def crash(path: str, student_id: str) -> None:
    store = open_store(path, create=False)
    current = store.student_summary(student_id).current_step
    n = int(current[1:]) + 1 if current else 0
    print("ready", flush=True)
    while True:
        step = f"s{n}"
        entered = stamp(ev.StepEntered("crash-quest", step), student_id)
        store.append(
            [
                stamp(ev.AnswerChecked("crash-quest", f"s{n - 1}", n, True, 1), student_id),
                stamp(ev.XpGained(1, "step", "crash-quest", f"s{n - 1}"), student_id),
                entered,
            ]
        )
        sys.stdout.write(f"{entered.event_id} {step}\n")
        sys.stdout.flush()
        n += 1


def burst(path: str, student_id: str, count: int, start_file: str) -> None:
    store = open_store(path, create=False)
    while not os.path.exists(start_file):
        time.sleep(0.005)
    for i in range(count):
        store.append([stamp(ev.XpGained(1, "step", "burst", f"p{os.getpid()}-{i}"), student_id)])
    store.close()
    print("done", flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "crash":
        crash(sys.argv[2], sys.argv[3])
    else:
        burst(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
