"""CSV and JSON exports of a hand-made report: what a facilitator's spreadsheet sees."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from export_sample import EVIL, sample_report

from quest_engine.exports.csv_export import safe_cell, summary_path, write_csv
from quest_engine.exports.json_export import json_text, write_json

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "export.schema.json"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_files_start_with_bom_and_header(tmp_path):
    rows_path, students_path = write_csv(sample_report(), tmp_path / "room12.csv")
    assert students_path == summary_path(rows_path) == tmp_path / "room12-students.csv"
    raw = rows_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfstudent,quest_id,quest_title")
    assert b"\r\n" in raw
    assert students_path.read_bytes().startswith(b"\xef\xbb\xbfstudent,xp,level")


def test_csv_has_one_row_per_student_and_quest(tmp_path):
    rows_path, students_path = write_csv(sample_report(), tmp_path / "r.csv")
    rows = read_csv(rows_path)
    assert len(rows) == 3 * 3
    zoe_launch = next(
        r for r in rows if r["student"] == "Zoë Ångström" and r["quest_id"] == "launch-lab"
    )
    assert zoe_launch["status"] == "completed"
    assert zoe_launch["score_percent"] == "83"
    assert zoe_launch["hints_used"] == "1"
    assert zoe_launch["time_on_task_minutes"] == "15.0"
    assert zoe_launch["started_at"] == "2026-03-02T09:00:00Z"
    assert zoe_launch["badges"] == "Rocketeer"
    students = read_csv(students_path)
    assert [s["student"] for s in students][0] == "Zoë Ångström"
    assert students[0]["quests_completed"] == "2"


def test_formula_in_a_name_stays_text(tmp_path):
    rows_path, students_path = write_csv(sample_report(), tmp_path / "r.csv")
    for path in (rows_path, students_path):
        text = path.read_text(encoding="utf-8-sig")
        assert '"\'=HYPERLINK(""http://x"",""y"")"' in text
        for row in read_csv(path):
            for value in row.values():
                assert not value.startswith(("=", "+", "@", "\t", "\r")), value
                assert not (value.startswith("-") and not value[1:].replace(".", "").isdigit())
    names = {r["student"] for r in read_csv(rows_path)}
    assert "'" + EVIL in names


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_defuses_every_formula_start(text):
    assert safe_cell(text) == "'" + text


def test_safe_cell_keeps_numbers_and_plain_text():
    assert safe_cell(-3) == -3
    assert safe_cell("Zoë") == "Zoë"
    assert safe_cell(None) == ""


def test_json_export_validates_against_its_schema(tmp_path):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for anonymized in (False, True):
        (path,) = write_json(sample_report(anonymized), tmp_path / "r.json")
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: e.path)
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
        assert doc["class"]["anonymized"] is anonymized


def test_json_carries_the_same_summary(tmp_path):
    doc = json.loads(json_text(sample_report()))
    zoe = doc["students"][0]
    assert zoe["name"] == "Zoë Ångström"
    assert {q["quest_id"]: q["status"] for q in zoe["quests"]}["launch-lab"] == "completed"
    assert doc["badges"][0]["name"] == "Rocketeer"
    assert doc["awaiting_review"][0]["submission_id"] == "sub-zoe"
    assert doc["shared_writing"][0]["feedback"][0]["helpful"] == "Say how far it flew."


def test_schema_rejects_a_broken_document():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(json_text(sample_report()))
    doc["students"][0]["quests"][0]["score"] = 1.5
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
