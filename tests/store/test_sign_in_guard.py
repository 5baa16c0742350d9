"""Pauses after wrong PINs and facilitator passphrases, kept in the store itself: closing
the game, a second process or another machine of the class sees the same count."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading

import pytest

from quest_engine.errors import QuestError
from quest_engine.store import credentials
from quest_engine.store.sqlite_backend import SQLiteStore, connect, migrate

PIN, PASS = "2580", "correct horse battery"
LOCKED = "Too many wrong PINs"


def _kid(store, name: str = "Ana", pin: str = PIN):
    token = store.verify_facilitator(None)
    classes = store.classes()
    room = classes[0] if classes else store.create_class(token, "Room 1")
    return store.add_student(token, room.id, name, "cat", pin=pin)


def quest(store_path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`quest --store PATH ...` in a subprocess, as a teacher runs it."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QUEST_")}
    return subprocess.run(
        [sys.executable, "-m", "quest_engine", "--store", str(store_path), *args],
        capture_output=True,
        text=True,
        env={**full_env, **env},
        stdin=subprocess.DEVNULL,
    )


def _guard_rows(store) -> list[str]:
    return sorted(r[0] for r in store._read("SELECT who FROM sign_in_guard"))


def test_a_pin_pause_survives_closing_and_reopening_the_store(open_again):
    first = open_again()
    ana = _kid(first)
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        assert not first.check_pin(ana.id, guess)
    first.close()  # the game is closed and started again
    again = open_again()
    with pytest.raises(QuestError, match="Try again in 60 seconds"):
        again.check_pin(ana.id, PIN)
    again.rebuild()  # the pause is state, not a read model: a rebuild leaves it
    with pytest.raises(QuestError, match=LOCKED):
        again.check_pin(ana.id, PIN)


def test_two_store_objects_share_one_count(open_again, clock):
    laptop, tablet = open_again(), open_again()  # two machines (or processes) of a class
    ana = _kid(laptop)
    for store, guess in zip([laptop, tablet] * 3, ["1", "2", "3", "4", "5"], strict=False):
        assert not store.check_pin(ana.id, guess * 4)
    for store in (laptop, tablet):
        with pytest.raises(QuestError, match=LOCKED):
            store.check_pin(ana.id, PIN)
    clock.now += 60
    for guess in ("0000", "0001", "0002", "0003"):
        assert not laptop.check_pin(ana.id, guess)
    assert tablet.check_pin(ana.id, PIN)  # a right PIN on one machine clears the count
    for guess in ("0000", "0001", "0002", "0003"):
        assert not laptop.check_pin(ana.id, guess)  # 4 more after the reset: still free
    assert laptop.check_pin(ana.id, PIN)


def test_the_pause_ends_after_a_minute_and_a_right_pin_starts_the_count_again(store, clock):
    ana, bo = _kid(store), _kid(store, "Bo", "1111")
    for guess in ("0000", "0001", "0002", "0003"):
        assert not store.check_pin(ana.id, guess)
    assert store.check_pin(ana.id, PIN)
    for guess in ("0000", "0001", "0002", "0003", "0004"):
        assert not store.check_pin(ana.id, guess)
    clock.now += 59.5
    with pytest.raises(QuestError, match="Try again in 1 second\\."):
        store.check_pin(ana.id, PIN)
    assert store.check_pin(bo.id, "1111")  # a classmate is not paused
    clock.now += 0.5
    assert store.check_pin(ana.id, PIN)
    assert _guard_rows(store) == []  # a right PIN leaves no row behind


def test_guesses_at_once_from_many_machines_check_at_most_five_pins(open_again):
    """However the tries interleave, each is counted before its PIN is checked."""
    stores = [open_again() for _ in range(4)]
    ana = _kid(stores[0])
    results: list[str] = []
    lock = threading.Lock()

    def guess(store, n: int) -> None:
        for i in range(3):
            try:
                outcome = "right" if store.check_pin(ana.id, f"{n}{i}00") else "wrong"
            except QuestError:
                outcome = "refused"
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=guess, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused"] * 7 + ["wrong"] * 5


def test_wrong_passphrases_pause_facilitator_sign_in_longer_each_time(store, clock):
    ana = _kid(store, pin=None)
    store.set_facilitator_passphrase(PASS)
    expected = ["60 seconds", "2 minutes", "4 minutes", "8 minutes", "15 minutes", "15 minutes"]
    for wait, seconds in zip(expected, (60, 120, 240, 480, 900, 900), strict=True):
        for _ in range(4):
            with pytest.raises(QuestError, match="^wrong facilitator passphrase$"):
                store.verify_facilitator("not it at all")
        with pytest.raises(QuestError, match=f"try again in {wait}"):
            store.verify_facilitator("not it either")  # the fifth says how long, at once
        with pytest.raises(QuestError) as caught:
            store.verify_facilitator(PASS)  # paused: even the right one is refused
        assert str(caught.value) == (
            f"too many wrong facilitator passphrases in a row: try again in {wait}"
        )
        assert store.check_pin(ana.id, None)  # students still sign in meanwhile
        clock.now += seconds - 1
        with pytest.raises(QuestError, match="try again in 1 second$"):
            store.verify_facilitator(PASS)
        clock.now += 1
    store.verify_facilitator(PASS)  # a right passphrase ends the run of pauses
    for _ in range(5):
        with pytest.raises(QuestError, match="wrong facilitator passphrase"):
            store.verify_facilitator("not it at all")
    with pytest.raises(QuestError, match="try again in 60 seconds"):
        store.verify_facilitator(PASS)


def test_purging_a_student_removes_their_count(store, tmp_path):
    ana, bo = _kid(store), _kid(store, "Bo", "1111")
    assert not store.check_pin(ana.id, "0000") and not store.check_pin(bo.id, "0000")
    if isinstance(store, SQLiteStore):
        store.daily_backup()  # the backup holds the count too
        old = store.backups_dir() / "progress-from-an-older-release.sqlite3"
        conn = connect(str(old))
        migrate(conn, upto=2)  # no sign_in_guard table yet
        conn.execute("INSERT INTO classes VALUES ('c1', 'Room 1', 'ACDEFG', 't')")
        conn.execute("INSERT INTO students VALUES (?, 'c1', 'Ana', 'cat', NULL, 't')", (ana.id,))
        conn.close()
    token = store.verify_facilitator(None)
    report = store.purge_student(token, ana.id)
    assert _guard_rows(store) == [credentials.student_guard_key(bo.id)]
    if isinstance(store, SQLiteStore):
        assert report.backups_cleaned == 2
        backup = next(store.backups_dir().glob("progress-20*.sqlite3"))
        conn = sqlite3.connect(backup)
        try:
            rows = [r[0] for r in conn.execute("SELECT who FROM sign_in_guard")]
        finally:
            conn.close()
        assert rows == [credentials.student_guard_key(bo.id)]


@pytest.mark.sqlite_only
def test_a_paused_passphrase_is_one_clean_error_line_from_the_cli(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with SQLiteStore(path) as s:
        s.set_facilitator_passphrase(PASS)
        for _ in range(4):
            with pytest.raises(QuestError):
                s.verify_facilitator("not it at all")
    wrong = quest(path, "review", env={"QUEST_FACILITATOR_PASSPHRASE": "not it at all"})
    assert wrong.returncode == 1, wrong.stderr
    assert wrong.stderr.startswith("quest: error: wrong facilitator passphrase; too many in a row")
    paused = quest(path, "review", env={"QUEST_FACILITATOR_PASSPHRASE": PASS})
    assert paused.returncode == 1 and paused.stdout == ""
    lines = paused.stderr.splitlines()
    assert lines[0].startswith(
        "quest: error: too many wrong facilitator passphrases in a row: try again in "
    )
    assert lines[0].endswith(" seconds") and len(lines) == 2 and lines[1].startswith("  help: ")
    assert "Traceback" not in paused.stderr


def test_a_pause_set_by_a_machine_whose_clock_runs_ahead_is_never_longer_than_the_rule():
    ahead = credentials.PASSPHRASE_RULE.counted(credentials.GuardState(failures=4), 1e9 + 3600)
    assert credentials.PASSPHRASE_RULE.wait_s(ahead, 1e9) == 15 * 60
    assert credentials.PIN_RULE.wait_s(ahead, 1e9) == 60


@pytest.mark.postgres
def test_a_laptop_whose_clock_is_set_ahead_does_not_skip_a_pause_on_the_shared_store(
    pg_url, monkeypatch
):
    import time

    from quest_engine.store.postgres_backend import PostgresStore

    with PostgresStore(pg_url) as teacher:  # a machine with the right time
        ana = _kid(teacher)
        for _ in range(credentials.PIN_MAX_FAILURES):
            assert not teacher.check_pin(ana.id, "0000")
    real = time.time
    with monkeypatch.context() as m:  # a kid sets the laptop's clock an hour ahead
        m.setattr(time, "time", lambda: real() + 3600)
        laptop = PostgresStore(pg_url)
    with laptop, pytest.raises(QuestError, match=LOCKED):
        laptop.check_pin(ana.id, PIN)


@pytest.mark.postgres
def test_pulling_the_network_after_five_wrong_pins_does_not_give_five_more_guesses(
    server, pg_url, tmp_path
):
    from quest_engine.store.outbox import OutboxStore
    from quest_engine.store.postgres_backend import PostgresStore

    with PostgresStore(pg_url) as teacher:
        ana = _kid(teacher)
    laptop = OutboxStore(pg_url, outbox_path=tmp_path / "outbox.sqlite3", retry_interval=0)
    assert laptop.check_pin(ana.id, PIN)  # Ana played on this laptop
    for _ in range(credentials.PIN_MAX_FAILURES):  # a classmate guesses online
        assert not laptop.check_pin(ana.id, "0000")
    laptop.close()
    server.stop()  # ... then unplugs the network and starts the game again
    laptop = OutboxStore(pg_url, outbox_path=tmp_path / "outbox.sqlite3", retry_interval=0)
    with pytest.raises(QuestError, match=LOCKED):
        laptop.check_pin(ana.id, "1111")
    laptop.close()
