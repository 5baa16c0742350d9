"""Plain, schema-valid data -> the frozen domain model (quest_engine.content.model).

The builder trusts its input: the schema check has already run, so there is no
validation here, only construction (defaults, tuples, read-only mappings).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quest_engine.content import model as m

Where = Callable[[tuple], "m.SourcePos | None"]


def _none(_path: tuple) -> None:
    return None


def condition(data: dict) -> m.Condition:
    ((key, value),) = data.items()
    if key == "has_badge":
        return m.HasBadge(value)
    if key == "flag":
        return m.FlagSet(value)
    if key == "quest_done":
        return m.QuestDone(value)
    if key == "xp_at_least":
        return m.XpAtLeast(int(value))
    if key == "all":
        return m.AllOf(tuple(condition(c) for c in value))
    if key == "any":
        return m.AnyOf(tuple(condition(c) for c in value))
    return m.Not(condition(value))


def routes(value: Any) -> tuple[m.Route, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (m.Route(value),)
    return tuple(m.Route(r["goto"], condition(r["when"]) if "when" in r else None) for r in value)


def outcome(data: dict | None) -> m.Outcome:
    if not data:
        return _EMPTY_OUTCOME
    return m.Outcome(
        feedback=data.get("feedback"),
        xp=int(data.get("xp", 0)),
        badges=tuple(data.get("badges", ())),
        set_flags=tuple(data.get("set_flags", ())),
        routes=routes(data.get("next")),
    )


_EMPTY_OUTCOME = m.Outcome()
_DEFAULT_RETRY = m.RetryPolicy()


def retry(data: dict | None) -> m.RetryPolicy:
    if not data:
        return _DEFAULT_RETRY
    return m.RetryPolicy(
        max_attempts=data.get("max_attempts", 3),
        after_last=data.get("after_last", "reveal"),
        hint_cost=int(data.get("hint_cost", 0)),
    )


def _range(data: dict | None, default: m.Range) -> m.Range:
    if not data:
        return default
    return m.Range(float(data["min"]), float(data["max"]), float(data["start"]))


def game_params(game: str, p: dict) -> m.GameParams:
    if game == "launch":
        fixed = p.get("fixed_angle")
        return m.LaunchParams(
            target_distance=float(p["target_distance"]),
            target_width=float(p.get("target_width", 4.0)),
            gravity=float(p.get("gravity", 9.8)),
            angle=_range(p.get("angle"), m.Range(10, 80, 45)),
            speed=_range(p.get("speed"), m.Range(5, 40, 15)),
            fixed_angle=None if fixed is None else float(fixed),
        )
    if game == "balance":
        return m.BalanceParams(
            beam_half_length=float(p["beam_half_length"]),
            fixed=tuple(
                m.BalanceWeight(float(w["mass"]), float(w["position"])) for w in p["fixed"]
            ),
            available=tuple(float(x) for x in p["available"]),
            slot_spacing=float(p.get("slot_spacing", 0.5)),
            tolerance=float(p.get("tolerance", 0.0)),
        )
    return m.NumberLineParams(
        min=float(p["min"]),
        max=float(p["max"]),
        values=tuple(p["values"]),
        tolerance=float(p.get("tolerance", 0.05)),
        ticks=float(p.get("ticks", 0.25)),
    )


def challenge(c: dict) -> m.Challenge:
    kind = c["kind"]
    prompt = c["prompt"]
    if kind == "choice":
        return m.ChoiceChallenge(
            kind="choice",
            prompt=prompt,
            options=tuple(
                m.ChoiceOption(
                    id=o["id"],
                    text=o["text"],
                    correct=o.get("correct", False),
                    feedback=o.get("feedback"),
                    goto=o.get("goto"),
                )
                for o in c["options"]
            ),
            multiple=c.get("multiple", False),
            shuffle=c.get("shuffle", False),
        )
    if kind == "number":
        return m.NumberChallenge(
            kind="number",
            prompt=prompt,
            answer=float(c["answer"]),
            tolerance=float(c.get("tolerance", 0.0)),
            relative_tolerance=float(c.get("relative_tolerance", 0.0)),
            unit=c.get("unit"),
            misconceptions=tuple(
                m.Misconception(float(x["value"]), x["feedback"], float(x.get("tolerance", 0.0)))
                for x in c.get("misconceptions", ())
            ),
        )
    if kind == "text":
        return m.TextChallenge(
            kind="text",
            prompt=prompt,
            accept=tuple(c["accept"]),
            pattern=c.get("pattern"),
            case_sensitive=c.get("case_sensitive", False),
            ignore_accents=c.get("ignore_accents", False),
            feedback_wrong=tuple((x["answer"], x["feedback"]) for x in c.get("feedback_wrong", ())),
        )
    if kind == "order":
        return m.OrderChallenge(kind="order", prompt=prompt, items=tuple(c["items"]))
    if kind == "match":
        return m.MatchChallenge(
            kind="match",
            prompt=prompt,
            pairs=tuple(m.MatchPair(p["left"], p["right"]) for p in c["pairs"]),
        )
    if kind == "write":
        max_words = c.get("max_words")
        return m.WriteChallenge(
            kind="write",
            prompt=prompt,
            min_words=int(c.get("min_words", 0)),
            max_words=None if max_words is None else int(max_words),
            rubric=tuple(
                m.RubricCriterion(
                    r["id"],
                    r["criterion"],
                    tuple(m.RubricLevel(int(lv["score"]), lv["description"]) for lv in r["levels"]),
                )
                for r in c.get("rubric", ())
            ),
            review=c.get("review", "teacher"),
            shared=c.get("shared", False),
            starter=c.get("starter"),
        )
    return m.GameChallenge(
        kind="game", prompt=prompt, game=c["game"], params=game_params(c["game"], c["params"])
    )


def step(sid: str, s: dict, pos: m.SourcePos | None) -> m.Step:
    image = s.get("image")
    ch = s.get("challenge")
    return m.Step(
        id=sid,
        text=s.get("text") or "",
        image=m.Image(image["path"], image["alt"]) if image else None,
        challenge=challenge(ch) if ch else None,
        hints=tuple(s.get("hints", ())),
        retry=retry(s.get("retry")),
        on_correct=outcome(s.get("on_correct")),
        on_wrong=outcome(s.get("on_wrong")),
        next=routes(s.get("next")),
        set_flags=tuple(s.get("set_flags", ())),
        xp=int(s.get("xp", 0)),
        ending=s.get("ending", False),
        pos=pos,
    )


def quest(
    q: dict, *, path: str, content_hash: str, pack_id: str = "", where: Where = _none
) -> m.Quest:
    prereq = q.get("prerequisites") or {}
    return m.Quest(
        id=q["id"],
        title=q["title"],
        summary=q["summary"],
        subject=q["subject"],
        start=q["start"],
        steps=m.frozen_map(
            {sid: step(sid, s, where(("steps", sid))) for sid, s in q["steps"].items()}
        ),
        interests=tuple(q.get("interests", ())),
        level=int(q.get("level", 1)),
        minutes=int(q.get("minutes", 10)),
        prerequisites=m.Prerequisites(
            tuple(prereq.get("quests", ())), tuple(prereq.get("badges", ()))
        ),
        xp=int(q.get("xp", 0)),
        badges=tuple(q.get("badges", ())),
        standards=tuple(
            m.StandardAlignment(s["framework"], s["code"], s.get("description"))
            for s in q.get("standards", ())
        ),
        author=q.get("author"),
        content_hash=content_hash,
        pack_id=pack_id,
        path=path,
        pos=where(()),
    )


def award_rule(a: dict | None) -> m.AwardRule | None:
    if not a:
        return None
    ((key, value),) = a.items()
    if key == "quest_completed":
        return m.QuestCompletedRule(value)
    if key == "quests_in_subject":
        return m.QuestsInSubjectRule(value["subject"], int(value["count"]))
    if key == "quests_in_interest":
        return m.QuestsInInterestRule(value["interest"], int(value["count"]))
    return m.XpReachedRule(int(value))


def badge(b: dict, *, pack_id: str, pos: m.SourcePos | None) -> m.Badge:
    return m.Badge(
        id=b["id"],
        name=b["name"],
        description=b["description"],
        criteria=b["criteria"],
        image=b.get("image"),
        award=award_rule(b.get("award")),
        requires_approval=b.get("requires_approval", False),
        color=b.get("color"),
        pack_id=pack_id,
        pos=pos,
    )


def author(a: Any) -> m.Author:
    if isinstance(a, str):
        return m.Author(a)
    return m.Author(a["name"], a.get("email"), a.get("url"))


def pack(
    p: dict,
    *,
    quests: list[tuple[m.Quest, str]],
    badges: list[m.Badge],
    root: str,
) -> m.Pack:
    """`quests` are (quest, file name) pairs; the pack orders them by (level, file name)."""
    ordered = sorted(quests, key=lambda qf: (qf[0].level, qf[1]))
    return m.Pack(
        id=p["id"],
        title=p["title"],
        version=p["version"],
        authors=tuple(author(a) for a in p["authors"]),
        license=p["license"],
        language=p["language"],
        description=p["description"],
        quests=m.frozen_map({q.id: q for q, _ in ordered}),
        badges=m.frozen_map({b.id: b for b in badges}),
        paths=tuple(
            m.InterestPath(
                x["id"], x["title"], x["interest"], tuple(x["quests"]), x.get("description")
            )
            for x in p.get("paths", ())
        ),
        level_thresholds=tuple(p.get("levels", ())),
        root=root,
        format=int(p.get("format", m.FORMAT_VERSION)),
    )
