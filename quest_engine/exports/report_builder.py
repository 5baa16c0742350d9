"""Build a ClassReport from the store's read models (and, for xAPI, its event log).

This is the one place exports touch the store: every format is then a pure function of the
report. Names are replaced here, once, when the report is anonymised, so no format can
forget to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from quest_engine.content.model import Badge, Pack, WriteChallenge
from quest_engine.errors import QuestError
from quest_engine.exports.pseudonyms import name_replacer, pseudonyms, student_key
from quest_engine.exports.report_model import (
    Activity,
    BadgeAward,
    ClassReport,
    FeedbackItem,
    PackInfo,
    QuestInfo,
    QuestRow,
    ReviewItem,
    StudentSummary,
    SubmissionState,
    WritingItem,
)
from quest_engine.rules import events as ev
from quest_engine.store.api import SubmissionView

PASS_MARK = 0.5
"""Share of a quest's challenges right for an xAPI `passed` (below it: `failed`)."""
A_CLASSMATE = "A classmate"


def _same(text: str) -> str:
    return text


RESPONSE_LIMIT = 250


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _packs(packs: Iterable[Any] | None) -> list[Pack]:
    if packs is None:
        try:
            from quest_engine.content import load_bundled_packs  # type: ignore[attr-defined]
        except ImportError:  # the content loader is not available: report by quest id
            return []
        packs = load_bundled_packs()
    if isinstance(packs, dict):
        packs = packs.values()
    out = []
    for item in packs:
        pack = getattr(item, "pack", item)
        if isinstance(pack, Pack):
            out.append(pack)
    return out


class _Content:
    """What the report needs from the packs: titles, badges, prompts, challenge counts."""

    def __init__(self, packs: list[Pack]) -> None:
        self.packs = packs
        self.quests: dict[str, QuestInfo] = {}
        self.badges: dict[str, tuple[Badge, str]] = {}
        self.prompts: dict[tuple[str, str], str] = {}
        self.narrative_steps: set[tuple[str, str]] = set()
        self.write_steps: dict[str, list[str]] = {}
        for pack in packs:
            for quest in pack.quests.values():
                challenges = 0
                for step in quest.steps.values():
                    if step.challenge is None:
                        if not step.ending:  # an ending is reported as the completion
                            self.narrative_steps.add((quest.id, step.id))
                        continue
                    challenges += 0 if isinstance(step.challenge, WriteChallenge) else 1
                    self.prompts[(quest.id, step.id)] = step.challenge.prompt
                    if isinstance(step.challenge, WriteChallenge):
                        self.write_steps.setdefault(quest.id, []).append(step.id)
                self.quests.setdefault(
                    quest.id,
                    QuestInfo(
                        quest.id,
                        pack.id,
                        quest.title,
                        quest.subject,
                        quest.level,
                        quest.minutes,
                        quest.max_xp,
                        challenges,
                    ),
                )
            for badge in pack.badges.values():
                self.badges.setdefault(badge.id, (badge, pack.root))

    def quest(self, quest_id: str) -> QuestInfo:
        return self.quests.get(quest_id) or QuestInfo(quest_id, "", quest_id)


def _response(answer: Any) -> str | None:
    if isinstance(answer, bool) or answer is None:
        return None
    if isinstance(answer, str | int | float):
        text = str(answer)
    elif isinstance(answer, list | tuple) and all(isinstance(a, str | int | float) for a in answer):
        text = "[,]".join(str(a) for a in answer)
    else:
        text = json.dumps(answer, sort_keys=True, separators=(",", ":"))
    return text[:RESPONSE_LIMIT]


def _seconds_between(start: str | None, end: str) -> float | None:
    if not start:
        return None
    try:
        a = datetime.fromisoformat(start.replace("Z", "+00:00"))
        b = datetime.fromisoformat(end.replace("Z", "+00:00"))
    except ValueError:
        return None
    return max(0.0, (b - a).total_seconds())


def build_report(
    store: Any,
    class_name: str | None = None,
    anonymize: bool = False,
    packs: Iterable[Any] | None = None,
    *,
    secret: bytes | None = None,
    activities: bool = False,
    writing: bool = True,
    now: str | None = None,
) -> ClassReport:
    """The report of one class (or of every class when `class_name` is None).

    `activities=True` also reads the event log for xAPI (the other formats do not need it);
    `writing=False` leaves out submissions, reviews and feedback (xAPI does not use them).
    `secret` keys the pseudonyms; by default the store's own export secret.
    """
    if class_name is not None:
        classes = [store.class_by_name(class_name)]
    else:
        classes = list(store.classes())
        if not classes:
            raise QuestError(
                "this store has no classes yet", "create one with: quest roster import FILE"
            )
    if secret is None:
        from quest_engine.exports.datadir import export_secret

        secret = export_secret(store.location)
    content = _Content(_packs(packs))

    infos = [s for c in classes for s in store.students(c.id)]
    keys = {s.id: student_key(secret, s.id) for s in infos}
    if anonymize:
        labels = pseudonyms(keys.values())
        names = {sid: labels[k] for sid, k in keys.items()}
        # In the order of the pseudonyms: the roster's alphabetical order would tell
        # anyone with a class list who is who.
        infos.sort(key=lambda s: (names[s.id], keys[s.id]))
        # Names written inside writing and feedback too ("Great story, Zoë!"); a student of
        # another class becomes "a classmate".
        everyone = {
            s.display_name: A_CLASSMATE.lower()
            for c in store.classes()
            for s in store.students(c.id)
        }
        everyone.update({s.display_name: names[s.id] for s in infos})
        scrub = name_replacer(everyone)
    else:
        scrub = _same
        names = {s.id: s.display_name for s in infos}

    def who(student_id: str | None) -> str:
        return names.get(student_id or "", A_CLASSMATE)

    quest_ids = list(content.quests)
    progress = {s.id: store.quest_progress(s.id) for s in infos}
    for rows in progress.values():
        for qp in rows:
            if qp.quest_id not in content.quests and qp.quest_id not in quest_ids:
                quest_ids.append(qp.quest_id)
    quests = tuple(content.quest(q) for q in quest_ids)

    def as_item(view: Any) -> WritingItem:
        q = content.quest(view.quest_id)
        return WritingItem(
            submission_id=view.id,
            student_key=keys.get(view.student_id, ""),
            student_name=who(view.student_id),
            quest_id=view.quest_id,
            quest_title=q.title,
            step_id=view.step_id,
            prompt=content.prompts.get((view.quest_id, view.step_id), ""),
            text=scrub(view.text),
            submitted_at=view.submitted_at,
            review_mode=view.review_mode,
            state=view.state
            if view.state in ("submitted", "returned", "approved")
            else "submitted",
            shared=view.shared,
            feedback=tuple(
                FeedbackItem(
                    who(f.from_student_id) if f.from_student_id else A_CLASSMATE,
                    scrub(f.kind),
                    scrub(f.specific),
                    scrub(f.helpful),
                    f.at,
                )
                for f in view.feedback
            ),
            reviews=tuple(
                ReviewItem(
                    names.get(r.reviewer, r.reviewer) or A_CLASSMATE,
                    scrub(r.comment),
                    r.approved,
                    tuple(sorted(r.scores.items())),
                    r.at,
                )
                for r in view.reviews
            ),
        )

    students: list[StudentSummary] = []
    rows: list[QuestRow] = []
    badges: list[BadgeAward] = []
    acts: list[Activity] = []
    shared_views = [v for c in classes for v in store.shared_work(c.id)] if writing else []
    shared_by_quest: dict[tuple[str, str], list[str]] = {}
    full_views: dict[str, SubmissionView] = {}  # with reviews: the facilitator's own report
    for view in shared_views:
        shared_by_quest.setdefault((view.student_id, view.quest_id), []).append(view.id)

    for info in infos:
        sid, key, name = info.id, keys[info.id], names[info.id]
        summary = store.student_summary(sid)
        subs = store.submissions(sid) if writing else []
        full_views.update((view.id, view) for view in subs)
        sub_state: dict[str, SubmissionState] = {}
        for view in subs:  # oldest first: the latest submission of a quest wins
            sub_state[view.quest_id] = (
                view.state if view.state in ("submitted", "returned", "approved") else "submitted"
            )
        badge_names: dict[str, list[str]] = {}
        for award in summary.badges:
            badge, root = content.badges.get(award.badge_id, (None, ""))
            title = badge.name if badge else award.badge_id
            badge_names.setdefault(award.quest_id, []).append(title)
            image = None
            if badge is not None and badge.image and root:
                image = f"{root.rstrip('/')}/{badge.image}"
            badges.append(
                BadgeAward(
                    event_id=f"badge:{sid}:{award.badge_id}",
                    student_key=key,
                    student_name=name,
                    badge_id=award.badge_id,
                    pack_id=badge.pack_id if badge else "",
                    name=title,
                    description=badge.description if badge else "",
                    criteria=badge.criteria if badge else "",
                    earned_at=award.at,
                    quest_id=award.quest_id,
                    image=image,
                    color=badge.color if badge else None,
                    evidence=tuple(shared_by_quest.get((sid, award.quest_id), ())),
                )
            )
        by_quest = {qp.quest_id: qp for qp in progress[sid]}
        times: list[str] = []
        attempts = hints = 0
        time_s = 0.0
        for q in quests:
            qp = by_quest.get(q.id)
            state = sub_state.get(q.id, "none")
            if state == "none" and qp is not None and qp.status != "done":
                for step_id in content.write_steps.get(q.id, ()):
                    if store.draft(sid, q.id, step_id):
                        state = "draft"
            if qp is None:
                rows.append(QuestRow(key, name, q.id, q.pack_id, q.title, submission_state=state))
                continue
            score = None
            if qp.attempts and q.challenges:
                score = min(1.0, qp.correct / q.challenges)
            rows.append(
                QuestRow(
                    student_key=key,
                    student_name=name,
                    quest_id=q.id,
                    pack_id=q.pack_id,
                    quest_title=q.title,
                    status="completed" if qp.status == "done" else "in_progress",
                    score=score,
                    attempts=qp.attempts,
                    hints_used=qp.hints,
                    xp=qp.score,
                    time_on_task_s=qp.time_on_task_s,
                    started_at=qp.started_at,
                    finished_at=qp.finished_at,
                    badges=tuple(badge_names.get(q.id, ())),
                    submission_state=state,
                )
            )
            attempts += qp.attempts
            hints += qp.hints
            time_s += qp.time_on_task_s
            times += [t for t in (qp.started_at, qp.finished_at) if t]
        times += [v.submitted_at for v in subs]
        students.append(
            StudentSummary(
                key=key,
                name=name,
                xp=summary.xp,
                level=summary.level,
                quests_started=len(by_quest),
                quests_completed=sum(1 for qp in by_quest.values() if qp.status == "done"),
                badges=len(summary.badges),
                attempts=attempts,
                hints_used=hints,
                time_on_task_s=time_s,
                first_active=min(times) if times else None,
                last_active=max(times) if times else None,
                writing_submitted=len(subs),
            )
        )
        if activities:
            acts += _activities(store, sid, key, content, by_quest, anonymize)

    awaiting = [as_item(v) for c in classes for v in store.review_queue(c.id)] if writing else []
    shared = [as_item(full_views.get(v.id, v)) for v in shared_views]
    return ClassReport(
        class_name=classes[0].name if len(classes) == 1 else "All classes",
        generated_at=now or _now(),
        anonymized=anonymize,
        students=tuple(students),
        quests=quests,
        rows=tuple(rows),
        badges=tuple(sorted(badges, key=lambda b: (b.earned_at, b.student_name))),
        awaiting_review=tuple(sorted(awaiting, key=lambda w: w.submitted_at)),
        shared_writing=tuple(sorted(shared, key=lambda w: w.submitted_at)),
        activities=tuple(acts),
        packs=tuple(PackInfo(p.id, p.title, p.version, p.language) for p in content.packs),
        class_id=classes[0].id if len(classes) == 1 else "",
    )


_ACTIVITY_EVENTS = frozenset(
    {ev.QuestStarted, ev.StepEntered, ev.AnswerChecked, ev.WorkSubmitted, ev.QuestCompleted}
)
_ACTIVITY_TYPES = frozenset(kind.type for kind in _ACTIVITY_EVENTS)
"""Asked of the store by type, so it skips decoding the rest of the log (about half)."""


def _activities(
    store: Any,
    student_id: str,
    key: str,
    content: _Content,
    progress: dict[str, Any],
    anonymize: bool,
) -> list[Activity]:
    """The xAPI-worthy facts of one student's log, interpreted."""
    out: list[Activity] = []
    entered: dict[tuple[str, str], str] = {}
    for item in store.events(student_id=student_id, types=_ACTIVITY_TYPES):
        e = item.event
        kind = type(e)
        if kind not in _ACTIVITY_EVENTS:
            continue
        at = item.at
        if isinstance(e, ev.QuestStarted):
            out.append(Activity(item.event_id, key, "attempted", e.quest_id, at))
        elif isinstance(e, ev.StepEntered):
            entered[(e.quest_id, e.step_id)] = at
            if (e.quest_id, e.step_id) in content.narrative_steps:
                out.append(Activity(item.event_id, key, "experienced", e.quest_id, at, e.step_id))
        elif isinstance(e, ev.AnswerChecked):
            since = entered.get((e.quest_id, e.step_id))
            entered[(e.quest_id, e.step_id)] = at
            out.append(
                Activity(
                    item.event_id,
                    key,
                    "answered",
                    e.quest_id,
                    at,
                    e.step_id,
                    success=bool(e.correct),
                    response=None if anonymize else _response(e.answer),
                    duration_s=_seconds_between(since, at),
                )
            )
            if e.revealed and not e.correct:
                out.append(
                    Activity(item.event_id, key, "failed", e.quest_id, at, e.step_id, success=False)
                )
        elif isinstance(e, ev.WorkSubmitted):
            out.append(
                Activity(
                    item.event_id,
                    key,
                    "answered",
                    e.quest_id,
                    at,
                    e.step_id,
                    completion=True,
                    duration_s=_seconds_between(entered.get((e.quest_id, e.step_id)), at),
                )
            )
        elif isinstance(e, ev.QuestCompleted):
            q = content.quest(e.quest_id)
            qp = progress.get(e.quest_id)
            duration = qp.time_on_task_s if qp is not None else None
            if q.challenges and qp is not None:
                raw = float(min(qp.correct, q.challenges))
                success = raw / q.challenges >= PASS_MARK
                for verb in ("completed", "passed" if success else "failed"):
                    out.append(
                        Activity(
                            item.event_id, key, verb, e.quest_id, at,
                            success=success, completion=True, score_raw=raw,
                            score_max=float(q.challenges), duration_s=duration,
                        )
                    )  # fmt: skip
            else:
                out.append(
                    Activity(
                        item.event_id, key, "completed", e.quest_id, at,
                        completion=True, duration_s=duration,
                    )
                )  # fmt: skip
    return out
