"""JSON export: the class summary as one structured document.

Described by `schemas/export.schema.json` (Draft 2020-12). Scores are fractions 0..1,
durations are seconds, dates are ISO 8601 UTC text; absent values are null, never "".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quest_engine.exports.atomic import write_atomic
from quest_engine.exports.report_model import REPORT_VERSION, ClassReport, WritingItem

SCHEMA_ID = "https://quest-engine.org/schemas/export.schema.json"


def _writing(w: WritingItem) -> dict[str, Any]:
    return {
        "submission_id": w.submission_id,
        "student": w.student_name,
        "student_key": w.student_key,
        "quest_id": w.quest_id,
        "quest_title": w.quest_title,
        "step_id": w.step_id,
        "prompt": w.prompt,
        "text": w.text,
        "words": w.words,
        "submitted_at": w.submitted_at,
        "review_mode": w.review_mode,
        "state": w.state,
        "shared": w.shared,
        "feedback": [
            {
                "from": f.from_name,
                "kind": f.kind,
                "specific": f.specific,
                "helpful": f.helpful,
                "at": f.at or None,
            }
            for f in w.feedback
        ],
        "reviews": [
            {
                "reviewer": r.reviewer,
                "comment": r.comment,
                "approved": r.approved,
                "scores": dict(r.scores),
                "at": r.at or None,
            }
            for r in w.reviews
        ],
    }


def report_to_dict(report: ClassReport) -> dict[str, Any]:
    """The report as plain JSON-able data, in the shape the schema describes."""
    rows_by_student: dict[str, list[dict[str, Any]]] = {}
    for r in report.rows:
        rows_by_student.setdefault(r.student_key, []).append(
            {
                "quest_id": r.quest_id,
                "pack_id": r.pack_id,
                "status": r.status,
                "score": None if r.score is None else round(r.score, 4),
                "attempts": r.attempts,
                "hints_used": r.hints_used,
                "xp": r.xp,
                "time_on_task_s": round(r.time_on_task_s, 1),
                "started_at": r.started_at,
                "finished_at": r.finished_at,
                "badges": list(r.badges),
                "submission_state": r.submission_state,
            }
        )
    return {
        "$schema": SCHEMA_ID,
        "format": "quest-engine-class-report",
        "version": REPORT_VERSION,
        "generated_at": report.generated_at,
        "class": {"name": report.class_name, "anonymized": report.anonymized},
        "packs": [
            {"id": p.id, "title": p.title, "version": p.version, "language": p.language}
            for p in report.packs
        ],
        "quests": [
            {
                "id": q.id,
                "pack_id": q.pack_id,
                "title": q.title,
                "subject": q.subject,
                "level": q.level,
                "minutes": q.minutes,
                "max_xp": q.max_xp,
                "challenges": q.challenges,
            }
            for q in report.quests
        ],
        "students": [
            {
                "key": s.key,
                "name": s.name,
                "xp": s.xp,
                "level": s.level,
                "quests_started": s.quests_started,
                "quests_completed": s.quests_completed,
                "badges": s.badges,
                "attempts": s.attempts,
                "hints_used": s.hints_used,
                "time_on_task_s": round(s.time_on_task_s, 1),
                "writing_submitted": s.writing_submitted,
                "first_active": s.first_active,
                "last_active": s.last_active,
                "quests": rows_by_student.get(s.key, []),
            }
            for s in report.students
        ],
        "badges": [
            {
                "student": b.student_name,
                "student_key": b.student_key,
                "badge_id": b.badge_id,
                "pack_id": b.pack_id,
                "name": b.name,
                "criteria": b.criteria,
                "earned_at": b.earned_at,
                "quest_id": b.quest_id or None,
            }
            for b in report.badges
        ],
        "awaiting_review": [_writing(w) for w in report.awaiting_review],
        "shared_writing": [_writing(w) for w in report.shared_writing],
    }


def json_text(report: ClassReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=1) + "\n"


def write_json(report: ClassReport, path: Path) -> list[Path]:
    return [write_atomic(Path(path), json_text(report))]
