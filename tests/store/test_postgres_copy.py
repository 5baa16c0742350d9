"""`quest store copy` between SQLite and PostgreSQL, and `quest store migrate` / `check`."""

from __future__ import annotations

import pytest

from quest_engine.cli.main import main
from quest_engine.rules import events as ev
from quest_engine.store import stamp
from quest_engine.store.postgres_backend import MIGRATIONS, PostgresStore
from quest_engine.store.sqlite_backend import SQLiteStore

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _quiet_env(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # outbox files land here
    monkeypatch.delenv("QUEST_STORE", raising=False)
    monkeypatch.delenv("QUEST_FACILITATOR_PASSPHRASE", raising=False)


def _camp_laptop(path):
    """A summer-camp laptop: one class of two with quests, a badge, shared writing, feedback,
    and another class that should stay behind."""
    s = SQLiteStore(path)
    token = s.verify_facilitator(None)
    camp = s.create_class(token, "Camp Blue")
    ada = s.add_student(token, camp.id, "Ada", "fox", pin="1234")
    ben = s.add_student(token, camp.id, "Ben", "owl")
    other = s.create_class(token, "Camp Red")
    s.add_student(token, other.id, "Cy", "cat")
    t = "2026-07-01T10:{:02d}:00.000Z"
    s.append(
        [
            stamp(e, ada.id, at=t.format(i))
            for i, e in enumerate(
                [
                    ev.QuestStarted("moon", "h1"),
                    ev.StepEntered("moon", "weigh"),
                    ev.AnswerChecked("moon", "weigh", 16.5, True, 1),
                    ev.XpGained(20, "step", "moon"),
                    ev.WorkSubmitted("sub-1", "moon", "log", "The moon is light.", "peer", True),
                    ev.BadgeEarned("moonwalker", "moon"),
                    ev.QuestCompleted("moon", "end"),
                ]
            )
        ]
    )
    s.append([stamp(ev.XpGained(5, "step"), ben.id, at=t.format(20))])
    s.give_feedback(ben.id, "sub-1", "Nice start", "The numbers", "Add a picture")
    return s, camp, ada, ben


def _view(store, class_id, students):
    return (
        store.class_board(class_id),
        [store.student_summary(s.id) for s in students],
        [store.quest_progress(s.id) for s in students],
        store.shared_work(class_id),
        store.students(class_id),
    )


def test_a_class_moves_from_a_laptop_to_the_district_database_and_copying_twice_changes_nothing(
    tmp_path, pg_url, capsys
):
    laptop_path = tmp_path / "camp.sqlite3"
    laptop, camp, ada, ben = _camp_laptop(laptop_path)
    expected = _view(laptop, camp.id, [ada, ben])
    laptop.close()

    assert main(["store", "copy", str(laptop_path), pg_url, "--class", "camp blue"]) == 0
    first = capsys.readouterr().out
    assert "students new: 2" in first and "events new:   11 of 11" in first
    assert "quest-test" not in first  # the password is not printed

    with PostgresStore(pg_url) as district:
        assert _view(district, camp.id, [ada, ben]) == expected
        assert [c.name for c in district.classes()] == ["Camp Blue"]  # Camp Red stayed
        assert district.check_pin(ada.id, "1234") and not district.check_pin(ada.id, "9999")
        snapshot = district.read_model_snapshot()
        count = len(list(district.events()))

    assert main(["store", "copy", str(laptop_path), pg_url, "--class", "Camp Blue"]) == 0
    assert "events new:   0 of 11" in capsys.readouterr().out
    with PostgresStore(pg_url) as district:
        assert district.read_model_snapshot() == snapshot
        assert len(list(district.events())) == count


def test_everything_comes_back_from_postgres_into_a_new_sqlite_file(tmp_path, pg_url):
    laptop_path = tmp_path / "camp.sqlite3"
    laptop, camp, ada, ben = _camp_laptop(laptop_path)
    expected = _view(laptop, camp.id, [ada, ben])
    classes = laptop.classes()
    laptop.close()
    assert main(["store", "copy", str(laptop_path), pg_url]) == 0
    back = tmp_path / "back.sqlite3"
    assert main(["store", "copy", pg_url, str(back)]) == 0
    with SQLiteStore(back) as again:
        assert _view(again, camp.id, [ada, ben]) == expected
        assert again.classes() == classes
        assert again.check().ok


def test_a_different_class_with_the_same_name_is_a_clear_error(tmp_path, pg_url, capsys):
    laptop_path = tmp_path / "camp.sqlite3"
    _camp_laptop(laptop_path)[0].close()
    with PostgresStore(pg_url) as district:
        district.create_class(district.verify_facilitator(None), "Camp Blue")
    assert main(["store", "copy", str(laptop_path), pg_url, "--class", "Camp Blue"]) == 1
    err = capsys.readouterr().err
    assert "already has another class called 'Camp Blue'" in err
    assert "Traceback" not in err


def test_copy_needs_the_facilitator_passphrase_of_the_source(tmp_path, pg_url, capsys):
    laptop_path = tmp_path / "camp.sqlite3"
    laptop = _camp_laptop(laptop_path)[0]
    laptop.set_facilitator_passphrase("correct horse battery", laptop.verify_facilitator(None))
    laptop.close()
    assert main(["store", "copy", str(laptop_path), pg_url]) == 1
    assert "passphrase" in capsys.readouterr().err


def test_migrate_then_check_a_new_shared_store(pg_url, capsys):
    assert main(["--store", pg_url, "store", "migrate"]) == 0
    out = capsys.readouterr().out
    assert f"Applied {len(MIGRATIONS)} migration(s)" in out and "up to date" in out
    assert main(["--store", pg_url, "store", "migrate"]) == 0
    assert "Applied" not in capsys.readouterr().out
    assert main(["--store", pg_url, "store", "check"]) == 0
    assert "Integrity:      ok" in capsys.readouterr().out


def test_an_unreachable_server_is_one_clear_line(capsys):
    url = "postgresql://quest:x@127.0.0.1:9/quest?connect_timeout=1"
    assert main(["--store", url, "store", "migrate"]) == 1
    err = capsys.readouterr().err
    assert "cannot be reached" in err and ":***@" in err and "Traceback" not in err


def test_backup_and_restore_of_a_shared_store(tmp_path, pg_url, capsys):
    laptop_path = tmp_path / "camp.sqlite3"
    laptop, camp, ada, ben = _camp_laptop(laptop_path)
    expected = _view(laptop, camp.id, [ada, ben])
    laptop.close()
    assert main(["store", "copy", str(laptop_path), pg_url]) == 0
    snapshot = tmp_path / "monday.sqlite3"
    assert main(["--store", pg_url, "store", "backup", str(snapshot)]) == 0
    with SQLiteStore(snapshot) as copy:  # a laptop can open the snapshot
        assert _view(copy, camp.id, [ada, ben]) == expected

    with PostgresStore(pg_url) as district:  # a bad afternoon
        district.append([stamp(ev.XpGained(500, "step"), ada.id)])
    assert main(["--store", pg_url, "store", "restore", str(snapshot)]) == 0
    assert "kept as" in capsys.readouterr().out
    with PostgresStore(pg_url) as district:
        assert _view(district, camp.id, [ada, ben]) == expected
        assert district.check().ok
    aside = list(tmp_path.glob("shared-store.before-restore-*.sqlite3"))
    with SQLiteStore(aside[0]) as before:
        assert before.student_summary(ada.id).xp == 520


def test_quest_store_selects_the_shared_store_for_every_command(
    tmp_path, pg_url, monkeypatch, capsys, caplog
):
    """A school sets QUEST_STORE once: every command then works on the PostgreSQL store, and
    none of them prints or logs the password."""
    from pg_fixture import PASSWORD  # tests/store is on the path, as for conftest.py

    monkeypatch.setenv("QUEST_STORE", pg_url)
    said: list[str] = []

    def quest(*argv: str) -> int:
        code = main(list(argv))
        out = capsys.readouterr()
        said.append(out.out + out.err)
        return code

    assert quest("store", "migrate") == 0
    assert quest("class", "create", "Room 4") == 0
    assert quest("student", "add", "--class", "Room 4", "--avatar", "fox", "Ada") == 0
    with PostgresStore(pg_url) as district:
        ada = district.students(district.class_by_name("Room 4").id)[0]
        district.append(
            [
                stamp(ev.XpGained(20, "step", "moon"), ada.id),
                stamp(
                    ev.WorkSubmitted("w-1", "moon", "log", "The moon is light.", "teacher", False),
                    ada.id,
                ),
            ]
        )
    assert quest("progress") == 0 and "Ada" in said[-1] and "20" in said[-1]
    assert quest("review") == 0 and "w-1" in said[-1]
    assert quest("review", "score", "w-1", "--comment", "Good", "--approve") == 0
    assert quest("export", "--format", "csv", "-o", str(tmp_path / "room4.csv")) == 0
    assert "Ada" in (tmp_path / "room4.csv").read_text(encoding="utf-8-sig")
    assert quest("store", "check") == 0 and "Integrity:      ok" in said[-1]
    assert quest("store", "path") == 0 and "quest:***@127.0.0.1" in said[-1]
    with PostgresStore(pg_url) as district:
        assert [c.name for c in district.classes()] == ["Room 4"]
        assert district.submission("w-1").state == "approved"
    assert all(PASSWORD not in text for text in said)
    assert PASSWORD not in caplog.text
