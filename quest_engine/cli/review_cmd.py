"""`quest review`: a facilitator's queue of submitted writing: read, score, comment, decide."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from quest_engine.cli.store_session import (
    check_pack_folder,
    facilitator_token,
    open_cli_store,
    print_table,
    safe_text,
    shorten,
)
from quest_engine.cli.student_purge_cmd import find_student
from quest_engine.errors import QuestError, UsageError
from quest_engine.rules import events as ev
from quest_engine.store.api import Store, SubmissionView

PACK_HELP = "the pack of your own the quest is in (for its rubric and XP); repeatable"
ID_HELP = "the submission's id from `quest review` (its first 4 or more characters are enough)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="a facilitator's queue of writing to review",
        description="With no action: the writing waiting for a facilitator, oldest first. "
        "Then read one with `quest review show ID` and decide with `quest review score ID`.",
    )
    p.add_argument(
        "--class", dest="class_name", default=None, metavar="NAME", help="only this class"
    )
    p.set_defaults(handler=run_queue)
    actions = p.add_subparsers(dest="review_command", metavar="ACTION")
    show = actions.add_parser("show", help="read one submission with its rubric and reviews")
    show.add_argument("id", help=ID_HELP)
    show.add_argument("--pack", action="append", default=[], metavar="FOLDER", help=PACK_HELP)
    show.set_defaults(handler=run_show)
    score = actions.add_parser("score", help="score, comment and approve or return a submission")
    score.add_argument("id", help=ID_HELP)
    score.add_argument("--pack", action="append", default=[], metavar="FOLDER", help=PACK_HELP)
    score.add_argument(
        "--score",
        action="append",
        default=[],
        metavar="CRITERION=N",
        help="a rubric score, e.g. --score arc=3; repeat for each criterion "
        "(quest review show ID lists them)",
    )
    score.add_argument(
        "--comment",
        default="",
        metavar="TEXT",
        help="a comment for the student, shown with their work (put it in quotes)",
    )
    decision = score.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true", help="accept the work")
    decision.add_argument(
        "--return", dest="return_", action="store_true", help="send it back for revision"
    )
    score.set_defaults(handler=run_score)
    badges = actions.add_parser("badges", help="badges waiting for a facilitator's approval")
    badges.add_argument(
        "--class",
        dest="class_name",
        default=argparse.SUPPRESS,
        metavar="NAME",
        help="only this class",
    )
    badges.set_defaults(handler=run_badges)
    badge = actions.add_parser("badge", help="approve a badge that waits for a facilitator")
    badge.add_argument("student", help="the student's display name")
    badge.add_argument("badge", help="the badge id (see: quest review badges)")
    badge.add_argument(
        "--class",
        dest="class_name",
        default=argparse.SUPPRESS,
        metavar="NAME",
        help="the student's class (when two students share the name)",
    )
    badge.add_argument("--approve", action="store_true", required=True, help="award it")
    badge.set_defaults(handler=run_badge)


# --------------------------------------------------------------------------- content lookup


def _rules_context(pack_folders: Sequence[str] = ()) -> Any | None:
    """The rules context of the bundled packs and the `--pack` folders, or None when the
    content cannot be loaded (a named pack with errors is a clear error)."""
    try:
        from quest_engine.content.loader import load_bundled_packs, load_pack
        from quest_engine.rules.run import RulesContext
    except ImportError:
        return None
    try:
        packs = [r.pack for r in load_bundled_packs() if r.pack is not None]
    except (QuestError, OSError):
        return None
    for folder in pack_folders:
        check_pack_folder(folder)
        result = load_pack(folder)
        if result.pack is None:
            raise QuestError(f"the pack {folder} has errors", f"see: quest validate {folder}")
        packs.append(result.pack)
    return RulesContext.from_packs(packs)


def _content_note(ctx: Any | None, quest_id: str, approved: bool) -> str | None:
    """A line for a submission whose quest none of the loaded packs has (a class's own pack
    not given with --pack): without it there is no rubric to check, and no XP to pay."""
    if ctx is None or quest_id in ctx.quests_by_id:
        return None
    what = "no rubric was checked and no XP or badges were paid" if approved else "no rubric"
    return (
        f"note: the quest `{quest_id}` is not in the bundled packs, so {what}; "
        "for a pack of your own, add --pack FOLDER"
    )


def _find_step(ctx: Any | None, quest_id: str, step_id: str) -> Any | None:
    quest = ctx.quests_by_id.get(quest_id) if ctx is not None else None
    return quest.steps.get(step_id) if quest is not None else None


def _rubric(step: Any | None) -> tuple[Any, ...]:
    return tuple(getattr(getattr(step, "challenge", None), "rubric", ()) or ())


def approval_rewards(
    store: Store, ctx: Any | None, sub: SubmissionView, scores: dict[str, int], comment: str
) -> list[ev.Event]:
    """What approving earns (the step's XP, badges, a level), decided by the rules engine
    exactly as the game decides it; nothing when the quest's content is not available."""
    if ctx is None:
        return []
    from quest_engine.app.reviews import review_rewards

    return review_rewards(store, ctx, sub, scores, comment, True)


# --------------------------------------------------------------------------- commands


def run_queue(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        class_id = store.class_by_name(args.class_name).id if args.class_name else None
        facilitator_token(store)
        queue = store.review_queue(class_id)
    if not queue:
        print("Nothing waiting for review.")
        return 0
    print_table(
        ["Id", "Student", "Quest", "Step", "Review", "Submitted", "Words", "Opening"],
        [
            (
                s.id[:8],
                s.student_name,
                s.quest_id,
                s.step_id,
                s.review_mode,
                s.submitted_at[:16].replace("T", " "),
                len(s.text.split()),
                shorten(s.text, 30),
            )
            for s in queue
        ],
    )
    print(f"\n{len(queue)} waiting. Read one: quest review show ID")
    return 0


def _submission(store: Store, given: str) -> SubmissionView:
    """The submission `quest review` lists as `given`: a full id or its first 4+ characters
    (fewer could name several, so they are refused with a plain reason)."""
    given = given.strip()
    try:
        return store.submission(given)
    except QuestError:
        if len(given) >= 4:
            raise
        raise QuestError(
            f"{given!r} is too short to find a submission",
            "give at least the first 4 characters of its id, as `quest review` lists it",
        ) from None


def run_show(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        facilitator_token(store)
        sub = _submission(store, args.id)
    ctx = _rules_context(getattr(args, "pack", ()))
    step = _find_step(ctx, sub.quest_id, sub.step_id)
    print(f"Submission {sub.id}")
    print(f"Student:   {safe_text(sub.student_name)}")
    print(f"Quest:     {sub.quest_id} / {sub.step_id}")
    print(
        f"Review:    {sub.review_mode}   State: {sub.state}   Shared: {'yes' if sub.shared else 'no'}"
    )
    print(f"Submitted: {sub.submitted_at}")
    prompt = getattr(getattr(step, "challenge", None), "prompt", None)
    if prompt:
        print(f"Prompt:    {prompt}")
    print()
    print(safe_text(sub.text))
    print()
    rubric = _rubric(step)
    if rubric:
        print("Rubric:")
        for c in rubric:
            levels = ", ".join(f"{lvl.score} {lvl.description}" for lvl in c.levels)
            print(f"  {c.id}: {c.criterion} ({levels})")
    for r in sub.reviews:
        verdict = "approved" if r.approved else "returned"
        scores = ", ".join(f"{k}={v}" for k, v in sorted(r.scores.items())) or "no scores"
        line = f"Review by {r.reviewer} at {r.at}: {verdict}; {scores}. {r.comment}"
        print(safe_text(line).rstrip())
    for f in sub.feedback:
        print(safe_text(f"Feedback from {f.from_name}: {f.kind} / {f.specific} / {f.helpful}"))
    if sub.state == "submitted":
        print(f"\nScore it: quest review score {sub.id[:8]} --score CRITERION=N --approve|--return")
    note = _content_note(ctx, sub.quest_id, False)
    if note:
        print(note, file=sys.stderr)
    return 0


def _parse_scores(items: list[str]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--score {item!r} should look like criterion=N")
        try:
            scores[name.strip()] = int(value)
        except ValueError:
            raise UsageError(f"--score {item!r}: {value!r} is not a whole number") from None
    return scores


def _check_scores(scores: dict[str, int], rubric: tuple[Any, ...]) -> None:
    if not rubric:
        return
    by_id = {c.id: c for c in rubric}
    for name, value in scores.items():
        if name not in by_id:
            raise QuestError(
                f"the rubric has no criterion {name!r}", hint=f"criteria: {', '.join(by_id)}"
            )
        allowed = sorted(lvl.score for lvl in by_id[name].levels)
        if allowed and value not in allowed:
            raise QuestError(
                f"{name} is scored {', '.join(map(str, allowed))}; {value} is not one of them"
            )


def run_score(args: argparse.Namespace) -> int:
    scores = _parse_scores(args.score)
    with open_cli_store(args) as store:
        token = facilitator_token(store)
        sub = _submission(store, args.id)
        ctx = _rules_context(getattr(args, "pack", ()))
        _check_scores(scores, _rubric(_find_step(ctx, sub.quest_id, sub.step_id)))
        approve = bool(args.approve)
        rewards = approval_rewards(store, ctx, sub, scores, args.comment) if approve else []
        added = store.review(token, sub.id, scores, args.comment, approve, rewards)
    if approve:
        gained = [a.event for a in added[1:]]
        xp = sum(e.amount for e in gained if isinstance(e, ev.XpGained))
        badges = [e.badge_id for e in gained if isinstance(e, ev.BadgeEarned)]
        extra = f" (+{xp} XP" + (f", badges: {', '.join(badges)}" if badges else "") + ")"
        print(f"Approved {sub.student_name}'s work{extra if xp or badges else ''}.")
    else:
        print(f"Returned {sub.student_name}'s work for revision.")
    note = _content_note(ctx, sub.quest_id, approve)
    if note:
        print(note, file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- badges


def _waiting_badges(store: Store, class_id: str | None) -> list[tuple[Any, str]]:
    """(progress row, badge id) for every badge that waits for a facilitator."""
    return [
        (row, badge_id)
        for row in store.progress(class_id)
        for badge_id in store.student_summary(row.student_id).pending_badges
    ]


def run_badges(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        class_id = store.class_by_name(args.class_name).id if args.class_name else None
        facilitator_token(store)
        waiting = _waiting_badges(store, class_id)
    if not waiting:
        print("No badges waiting for approval.")
        return 0
    print_table(
        ["Class", "Student", "Badge"],
        [(row.class_name, safe_text(row.display_name), badge) for row, badge in waiting],
    )
    print(f"\n{len(waiting)} waiting. Award one: quest review badge STUDENT BADGE --approve")
    return 0


def run_badge(args: argparse.Namespace) -> int:
    with open_cli_store(args) as store:
        token = facilitator_token(store)
        student, _class = find_student(store, args.student, getattr(args, "class_name", None))
        store.approve_badge(token, student.id, args.badge)
    print(f"Awarded {args.badge} to {safe_text(student.display_name)}.")
    return 0
