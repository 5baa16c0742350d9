"""A synthetic class: a generated pack and plausible play, for benchmarks, tests and demos.

Deterministic (seeded), so a benchmark measures the same work every run and a test can
count on who finished what. Events go through the store's public API, exactly like play.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from quest_engine.content.model import (
    Badge,
    ChoiceChallenge,
    ChoiceOption,
    Pack,
    Quest,
    QuestCompletedRule,
    Route,
    Step,
    WriteChallenge,
    frozen_map,
)
from quest_engine.rules import events as ev

SUBJECTS = ("physics", "math", "biology", "writing", "computing", "space-science")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def synthetic_pack(n_quests: int = 5, pack_id: str = "bench-pack") -> Pack:
    """A pack of `n_quests` quests: intro, three choice questions, a shared write step."""
    quests = {}
    badges = {}
    for i in range(n_quests):
        qid = f"quest-{i + 1:02d}"
        opts = (ChoiceOption("a", "Right", correct=True), ChoiceOption("b", "Wrong"))
        steps = {
            "intro": Step("intro", text="Welcome!", next=(Route("q1"),)),
            "q1": Step("q1", challenge=ChoiceChallenge("choice", "First?", opts), xp=10,
                       next=(Route("q2"),)),
            "q2": Step("q2", challenge=ChoiceChallenge("choice", "Second?", opts), xp=10,
                       next=(Route("q3"),)),
            "q3": Step("q3", challenge=ChoiceChallenge("choice", "Third?", opts), xp=10,
                       next=(Route("log"),)),
            "log": Step("log", challenge=WriteChallenge("write", "Tell the class what you found.",
                                                         review="peer", shared=True),
                        next=(Route("done"),)),
            "done": Step("done", text="Well done!", ending=True),
        }  # fmt: skip
        title = f"Quest {i + 1}: {SUBJECTS[i % len(SUBJECTS)].replace('-', ' ').title()}"
        quests[qid] = Quest(
            id=qid,
            title=title,
            summary="A generated quest.",
            subject=SUBJECTS[i % len(SUBJECTS)],
            start="intro",
            steps=frozen_map(steps),
            level=1 + i % 5,
            xp=20,
            badges=(f"badge-{i + 1:02d}",) if i % 3 == 0 else (),
            pack_id=pack_id,
        )
        if i % 3 == 0:
            bid = f"badge-{i + 1:02d}"
            badges[bid] = Badge(
                bid,
                f"{title.split(':')[1].strip()} Star {i + 1}",
                f"Finished {title}.",
                f"Finish the quest {title}.",
                award=QuestCompletedRule(qid),
                pack_id=pack_id,
            )
    return Pack(
        id=pack_id,
        title="Benchmark Pack",
        version="1.0.0",
        authors=(),
        license="CC0-1.0",
        language="en",
        description="Generated quests.",
        quests=frozen_map(quests),
        badges=frozen_map(badges),
    )


def play_events(quest: Quest, rng: random.Random, t: datetime, finish: bool) -> list[Any]:
    """(event, time) pairs for one student playing one quest (about 20 events)."""
    out: list[tuple[ev.Event, datetime]] = []

    def add(event: ev.Event, seconds: float) -> None:
        nonlocal t
        t += timedelta(seconds=seconds)
        out.append((event, t))

    add(ev.QuestStarted(quest.id, "", quest.pack_id), 1)
    add(ev.StepEntered(quest.id, "intro"), 1)
    for step in ("q1", "q2", "q3"):
        add(ev.StepEntered(quest.id, step), rng.uniform(5, 20))
        if rng.random() < 0.45:
            add(ev.HintUsed(quest.id, step, 0), rng.uniform(3, 10))
            if rng.random() < 0.45:
                add(ev.HintUsed(quest.id, step, 1), rng.uniform(3, 10))
        tries = 1 if rng.random() < 0.6 else 2
        for attempt in range(1, tries + 1):
            correct = attempt == tries and rng.random() < 0.85
            add(ev.AnswerChecked(quest.id, step, "a" if correct else "b", correct, attempt),
                rng.uniform(5, 40))  # fmt: skip
        if correct:
            add(ev.XpGained(10, "step", quest.id, step), 0.1)
            if step == "q1":
                add(ev.FlagRaised(quest.id, "warmed-up"), 0.1)
        if not finish and step == "q2":
            return out
    add(ev.StepEntered(quest.id, "log"), 2)
    add(ev.DraftSaved(quest.id, "log", "We tried it and"), rng.uniform(30, 90))
    add(ev.DraftSaved(quest.id, "log", "We tried it and it worked"), rng.uniform(30, 90))
    add(ev.WorkSubmitted(f"{quest.id}-{rng.getrandbits(64):016x}", quest.id, "log",
                         "We tried it and it worked: the second way was faster.", "peer", True),
        rng.uniform(60, 240))  # fmt: skip
    add(ev.StepEntered(quest.id, "done"), 1)
    add(ev.QuestCompleted(quest.id, "done"), 0.1)
    add(ev.XpGained(quest.xp, "quest", quest.id), 0.1)
    for badge in quest.badges:
        add(ev.BadgeEarned(badge, quest.id, "quest"), 0.1)
    return out


def fill_class(
    store: Any,
    token: Any,
    class_name: str,
    n_students: int,
    pack: Pack,
    seed: int = 7,
    names: list[str] | None = None,
    batch: int = 5000,
) -> list[Any]:
    """Create a class of students who played the pack's quests; returns the StudentInfos."""
    from quest_engine.store.api import stamp

    rng = random.Random(seed)
    cls = store.create_class(token, class_name)
    students = []
    for i in range(n_students):
        name = names[i] if names and i < len(names) else f"Student {i + 1:04d}"
        students.append(store.add_student(token, cls.id, name))
    pending = []
    quests = list(pack.quests.values())
    for n, student in enumerate(students):
        t = START + timedelta(minutes=n % 60)
        for j, quest in enumerate(quests):
            if rng.random() < 0.08 and j > 0:
                continue  # not started (everyone has played the first quest)
            finish = rng.random() < 0.85 or j == 0
            for event, when in play_events(quest, rng, t, finish):
                pending.append(
                    stamp(
                        event,
                        student.id,
                        class_id=cls.id,
                        at=_iso(when),
                        event_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    )
                )
            t += timedelta(minutes=20)
            if len(pending) >= batch:
                store.append(pending)
                pending = []
    if pending:
        store.append(pending)
    return students
