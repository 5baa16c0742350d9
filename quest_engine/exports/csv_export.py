"""CSV export: one row per student and quest, plus a per-student summary file.

Encoding: UTF-8 with a byte-order mark and CRLF line ends (RFC 4180). Without the BOM,
Excel on Windows opens a UTF-8 CSV as the local ANSI code page and turns "Zoë" into
"ZoÃ«"; with it, Excel, LibreOffice Calc, Numbers and Google Sheets all detect UTF-8, and
Python reads it back with `encoding="utf-8-sig"`. Dates are ISO 8601 UTC text.

No cell can start a formula: text beginning with = + - @ TAB or CR gets a leading
apostrophe (OWASP "CSV injection"), so a student named `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from quest_engine.exports.atomic import write_many
from quest_engine.exports.report_model import ClassReport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ROW_HEADER = (
    "student",
    "quest_id",
    "quest_title",
    "pack_id",
    "status",
    "score_percent",
    "attempts",
    "hints_used",
    "xp",
    "time_on_task_minutes",
    "started_at",
    "finished_at",
    "badges",
    "submission_state",
)

STUDENT_HEADER = (
    "student",
    "xp",
    "level",
    "quests_started",
    "quests_completed",
    "badges",
    "attempts",
    "hints_used",
    "time_on_task_minutes",
    "writing_submitted",
    "first_active",
    "last_active",
)


def safe_cell(value: object) -> object:
    """A cell value that a spreadsheet will never evaluate as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _minutes(seconds: float) -> float:
    return round(seconds / 60.0, 1)


def _table(header: tuple[str, ...], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return "\ufeff" + out.getvalue()


def rows_csv(report: ClassReport) -> str:
    """The student x quest table, as text (BOM included)."""
    rows = [
        [
            r.student_name,
            r.quest_id,
            r.quest_title,
            r.pack_id,
            r.status,
            None if r.score is None else round(r.score * 100),
            r.attempts,
            r.hints_used,
            r.xp,
            _minutes(r.time_on_task_s),
            r.started_at,
            r.finished_at,
            "; ".join(r.badges),
            r.submission_state,
        ]
        for r in report.rows
    ]
    return _table(ROW_HEADER, rows)


def students_csv(report: ClassReport) -> str:
    """One line per student: totals across quests (BOM included)."""
    rows = [
        [
            s.name,
            s.xp,
            s.level,
            s.quests_started,
            s.quests_completed,
            s.badges,
            s.attempts,
            s.hints_used,
            _minutes(s.time_on_task_s),
            s.writing_submitted,
            s.first_active,
            s.last_active,
        ]
        for s in report.students
    ]
    return _table(STUDENT_HEADER, rows)


def summary_path(path: Path) -> Path:
    """Where the per-student file goes: `class.csv` -> `class-students.csv`."""
    return path.with_name(f"{path.stem}-students{path.suffix or '.csv'}")


def write_csv(report: ClassReport, path: Path) -> list[Path]:
    """Write both CSV files atomically; returns their paths (rows first)."""
    path = Path(path)
    return write_many(
        {
            path: rows_csv(report).encode("utf-8"),
            summary_path(path): students_csv(report).encode("utf-8"),
        }
    )
