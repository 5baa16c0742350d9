"""`quest student purge`: afterwards the name is nowhere in the store file, not even in free pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quest_engine.cli.main import main
from quest_engine.exports.report_builder import build_report
from quest_engine.exports.synthetic import fill_class, synthetic_pack
from quest_engine.rules import events as ev
from quest_engine.store import open_store
from quest_engine.store.api import stamp

GONE = "Quillon Zebedee-Marchetti"
OTHERS = ["Ada Byron", "Ben Okafor"]


def _files(path: Path) -> list[Path]:
    return [p for p in path.parent.rglob("*") if p.is_file() and "sqlite3" in p.name]


def _traces(db: Path, needles: list[str]) -> list[str]:
    """Every place a needle appears: each text column of each table, then the raw bytes."""
    found = []
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for row in conn.execute(f"SELECT * FROM {table}"):
                for col, value in zip(cols, row, strict=True):
                    for needle in needles:
                        if needle in str(value):
                            found.append(f"{db.name}:{table}.{col}")
    finally:
        conn.close()
    for path in [db, db.with_name(db.name + "-wal")]:
        if path.exists():
            raw = path.read_bytes()
            found += [f"{path.name}: raw bytes" for n in needles if n.encode() in raw]
    return found


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    path = tmp_path / "store" / "progress.sqlite3"
    store = open_store(path)
    token = store.verify_facilitator(None)
    pack = synthetic_pack(2)
    gone, ada, ben = fill_class(store, token, "Room 12", 3, pack, seed=2, names=[GONE, *OTHERS])
    cls = store.class_by_name("Room 12")
    work = {w.student_id: w for w in store.shared_work(cls.id)}
    # feedback the student gave (kept), and feedback others gave on their work (deleted)
    store.give_feedback(gone.id, work[ada.id].id, "Vivid words", "The launch part", "Add a title")
    store.give_feedback(ben.id, work[gone.id].id, f"Great work {GONE}", "Your numbers", "More")
    store.append([
        stamp(ev.DraftSaved("quest-01", "log", f"Draft by {GONE}"), gone.id),
        stamp(ev.WorkSubmitted("s-teacher", "quest-02", "log", "My essay", "teacher"), gone.id),
    ])  # fmt: skip
    store.review(token, "s-teacher", {}, "Good start", False)
    store.daily_backup()
    ids = (gone.id, ada.id, ben.id)
    store.close()
    monkeypatch.setenv("QUEST_STORE", str(path))
    return path, pack, ids


def test_purge_removes_every_trace(classroom, capsys):
    path, pack, (gone_id, ada_id, _) = classroom
    assert _traces(path, [GONE]) or _traces(next(path.parent.glob("backups/*")), [GONE])
    assert main(["student", "purge", GONE, "--class", "Room 12", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "removed" in out and "feedback they gave classmates kept" in out
    assert "1 backup" in out
    leftovers = [t for f in _files(path) for t in _traces(f, [GONE, gone_id])]
    assert leftovers == []

    store = open_store(path, create=False)
    try:
        names = [s.display_name for s in store.students(store.class_by_name("Room 12").id)]
        assert names == OTHERS
        report = build_report(store, "Room 12", packs=[pack], secret=b"s" * 32)
        feedback = [f for w in report.shared_writing for f in w.feedback]
        assert [(f.from_name, f.kind) for f in feedback] == [("A classmate", "Vivid words")]
        assert all(w.student_name in OTHERS for w in report.shared_writing)
        assert store.quest_progress(ada_id)  # the others keep their progress
        before = [s for s in store.read_model_snapshot()["rm_feedback"]]
        store.rebuild()  # the log alone gives the same read models
        assert store.read_model_snapshot()["rm_feedback"] == before
    finally:
        store.close()


def test_purge_refuses_unknown_or_ambiguous_names(classroom, capsys):
    assert main(["student", "purge", "Nobody", "--yes"]) == 1
    assert "no student called 'Nobody'" in capsys.readouterr().err


def test_purge_asks_for_confirmation_in_scripts(classroom, capsys):
    path, *_ = classroom
    assert main(["student", "purge", GONE]) == 1
    assert "needs confirmation" in capsys.readouterr().err
    assert _traces(path, [GONE])  # still there


def test_classmates_words_keep_everything_but_the_name(classroom, capsys):
    """Feedback and drafts others wrote that name the student stay, naming 'a classmate'."""
    path, pack, (gone_id, ada_id, ben_id) = classroom
    store = open_store(path, create=False)
    try:
        cls = store.class_by_name("Room 12")
        ada_work = next(w for w in store.shared_work(cls.id) if w.student_id == ada_id)
        store.give_feedback(
            ben_id, ada_work.id, "Like Quillon said: great!", f"{GONE.upper()} agrees", "Add a map"
        )
        store.append([stamp(ev.DraftSaved("quest-02", "log", "Quillon and I tried 45°"), ada_id)])
    finally:
        store.close()
    assert main(["student", "purge", GONE, "--yes"]) == 0
    assert "name replaced by 'a classmate' in 2 texts" in capsys.readouterr().out
    leftovers = [t for f in _files(path) for t in _traces(f, [GONE, GONE.upper(), "Quillon"])]
    assert leftovers == []
    store = open_store(path, create=False)
    try:
        report = build_report(store, "Room 12", packs=[pack], secret=b"s" * 32)
        feedback = [
            f for w in report.shared_writing for f in w.feedback if f.helpful == "Add a map"
        ]
        assert [(f.kind, f.specific) for f in feedback] == [
            ("Like a classmate said: great!", "a classmate agrees")
        ]
        assert store.draft(ada_id, "quest-02", "log") == "a classmate and I tried 45°"
        before = store.read_model_snapshot()["rm_feedback"]
        store.rebuild()  # the log says the same as the read models
        assert store.read_model_snapshot()["rm_feedback"] == before
    finally:
        store.close()
