"""build_report on a real SQLite store: read models in, one consistent ClassReport out."""

from __future__ import annotations

import pytest
from xapi_rules import statement_errors

from quest_engine.errors import QuestError
from quest_engine.exports.pseudonyms import student_key
from quest_engine.exports.report_builder import build_report
from quest_engine.exports.synthetic import fill_class, synthetic_pack
from quest_engine.exports.xapi import statements
from quest_engine.store import open_store

NAMES = ["Zoë Ångström", '=HYPERLINK("http://x","y")', "Amir <b>Bold</b>", "Lee"]
SECRET = b"k" * 32


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "progress.sqlite3"
    store = open_store(path)
    token = store.verify_facilitator(None)
    pack = synthetic_pack(4)
    students = fill_class(store, token, "Room 12", 4, pack, seed=3, names=NAMES)
    other = fill_class(store, token, "Room 13", 2, pack, seed=4)
    work = store.shared_work(store.class_by_name("Room 12").id)
    zoe, evil = students[0], students[1]
    target = next(w for w in work if w.student_id == evil.id)
    store.give_feedback(zoe.id, target.id, "Clear steps", "The second try", "Add numbers")
    yield store, pack, students, other
    store.close()


def test_one_row_per_student_and_quest(classroom):
    store, pack, students, _ = classroom
    report = build_report(store, "Room 12", packs=[pack], secret=SECRET)
    assert report.class_name == "Room 12"
    assert [s.name for s in report.students] == sorted(NAMES, key=str.casefold)
    assert len(report.rows) == 4 * 4
    assert {q.title for q in report.quests} == {q.title for q in pack.quests.values()}
    done = [r for r in report.rows if r.status == "completed"]
    assert done and all(r.finished_at and r.xp > 0 and r.score is not None for r in done)
    assert all(0 <= (r.score or 0) <= 1 for r in report.rows)
    for s in report.students:
        mine = report.rows_for(s.key)
        assert s.quests_completed == sum(r.status == "completed" for r in mine)
        assert s.time_on_task_s == pytest.approx(sum(r.time_on_task_s for r in mine))


def test_badges_writing_and_feedback(classroom):
    store, pack, *_ = classroom
    report = build_report(store, "Room 12", packs=[pack], secret=SECRET)
    assert report.badges and all(b.name.endswith(("Star 1", "Star 4")) for b in report.badges)
    assert all(b.criteria.startswith("Finish the quest") for b in report.badges)
    assert report.shared_writing  # peer-reviewed, shared work
    # Peers give feedback; a facilitator still approves peer-reviewed work, so it waits too.
    assert report.awaiting_review
    assert {w.review_mode for w in report.awaiting_review} == {"peer"}
    given = [f for w in report.shared_writing for f in w.feedback]
    assert [(f.from_name, f.helpful) for f in given] == [("Zoë Ångström", "Add numbers")]
    assert any(r.submission_state == "submitted" for r in report.rows)


def test_anonymized_report_has_stable_pseudonyms_and_no_names(classroom):
    store, pack, *_ = classroom
    a = build_report(store, "Room 12", anonymize=True, packs=[pack], secret=SECRET)
    b = build_report(store, "Room 12", anonymize=True, packs=[pack], secret=SECRET)
    assert [s.name for s in a.students] == [s.name for s in b.students]
    assert all(s.name.startswith("Student ") for s in a.students)
    assert len({s.name for s in a.students}) == 4
    text = repr(a)
    for name in NAMES:
        assert name not in text
    other_secret = build_report(store, "Room 12", anonymize=True, packs=[pack], secret=b"x" * 32)
    assert {s.key for s in other_secret.students}.isdisjoint({s.key for s in a.students})


def test_anonymized_order_follows_the_pseudonyms_not_the_roster(classroom):
    """Rows in alphabetical order of real names would map pseudonyms back to a class list."""
    store, pack, *_ = classroom
    for secret in (SECRET, b"z" * 32):
        report = build_report(store, "Room 12", anonymize=True, packs=[pack], secret=secret)
        labels = [s.name for s in report.students]
        assert labels == sorted(labels)
        row_order = list(dict.fromkeys(r.student_name for r in report.rows))
        assert row_order == labels


def test_all_classes_and_unknown_class(classroom):
    store, pack, *_ = classroom
    everyone = build_report(store, packs=[pack], secret=SECRET)
    assert everyone.class_name == "All classes" and len(everyone.students) == 6
    with pytest.raises(QuestError, match="no class called"):
        build_report(store, "Room 99", packs=[pack], secret=SECRET)


def test_activities_become_valid_xapi(classroom):
    store, pack, *_ = classroom
    report = build_report(store, "Room 12", packs=[pack], secret=SECRET, activities=True)
    verbs = {a.verb for a in report.activities}
    assert {"attempted", "answered", "completed", "experienced"} <= verbs
    assert verbs & {"passed", "failed"}
    stmts = statements(report)
    for stmt in stmts:
        assert statement_errors(stmt) == [], stmt
    assert len({s["id"] for s in stmts}) == len(stmts)


def test_anonymized_report_replaces_names_written_inside_feedback(tmp_path):
    store = open_store(tmp_path / "progress.sqlite3")
    try:
        token = store.verify_facilitator(None)
        pack = synthetic_pack(2)
        zoe, ben = fill_class(store, token, "Room 12", 2, pack, seed=5, names=NAMES[:1] + ["Ben"])
        (other,) = fill_class(store, token, "Room 13", 1, pack, seed=6, names=["Odile Marsh"])
        work = next(w for w in store.shared_work(store.class_by_name("Room 12").id))
        giver = ben if work.student_id == zoe.id else zoe
        store.give_feedback(
            giver.id, work.id, "Great story, zoë ångström!", "Zoë and Odile Marsh", "Ask Ben"
        )
        report = build_report(store, "Room 12", anonymize=True, packs=[pack], secret=SECRET)
    finally:
        store.close()
    label = {s.key: s.name for s in report.students}
    zoe_label = next(n for k, n in label.items() if k == student_key(SECRET, zoe.id))
    ben_label = next(n for k, n in label.items() if k == student_key(SECRET, ben.id))
    fb = next(f for w in report.shared_writing for f in w.feedback if f.helpful.startswith("Ask"))
    assert fb.kind == f"Great story, {zoe_label}!"
    assert fb.specific == f"{zoe_label} and a classmate"
    assert fb.helpful == f"Ask {ben_label}"
    text = repr(report)
    assert "Zoë" not in text and "Odile" not in text and "zoë" not in text
