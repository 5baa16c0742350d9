"""An in-memory stand-in for quest_engine.app.service.GameService (same API, same views).

The UI tests drive screens against it so they do not depend on the store; a tiny demo pack
built from model objects covers every challenge kind, locked and available quests, badges
and a write step. Judging is deliberately simple: the real rules live in quest_engine.rules.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from quest_engine.app.views import (
    BoardEntry,
    ClassInfo,
    ConnectionStatus,
    Feedback,
    PackStatus,
    PeerFeedback,
    PendingBadge,
    Profile,
    QuestCard,
    SharedWork,
    StepView,
    StudentInfo,
    Submission,
)
from quest_engine.content.model import (
    Badge,
    ChoiceChallenge,
    ChoiceOption,
    GameChallenge,
    InterestPath,
    LaunchParams,
    MatchChallenge,
    MatchPair,
    NumberChallenge,
    OrderChallenge,
    Outcome,
    Pack,
    Prerequisites,
    Quest,
    Route,
    RubricCriterion,
    RubricLevel,
    Step,
    TextChallenge,
    WriteChallenge,
    frozen_map,
)
from quest_engine.errors import QuestError


def _quest(qid, title, subject, steps, **kw) -> Quest:
    return Quest(
        id=qid,
        title=title,
        summary=kw.pop("summary", f"A short quest about {title.lower()}."),
        subject=subject,
        start=steps[0].id,
        steps=frozen_map({s.id: s for s in steps}),
        pack_id="demo",
        **kw,
    )


def demo_pack() -> Pack:
    rubric = (
        RubricCriterion(
            "clarity",
            "Clear explanation",
            (
                RubricLevel(1, "Hard to follow"),
                RubricLevel(2, "Mostly clear"),
                RubricLevel(3, "Clear"),
            ),
        ),
    )
    launch = _quest(
        "launch-lab",
        "Launch Lab",
        "physics",
        [
            Step(
                "briefing",
                text="Mission control here. A *supply capsule* must land on the pad.\n"
                "- Set the **angle**\n- Set the **speed**",
                next=(Route("predict"),),
                xp=5,
            ),
            Step(
                "predict",
                text="Before you launch, think about the angle.",
                challenge=ChoiceChallenge(
                    "choice",
                    "Which angle sends a capsule farthest (no air)?",
                    (
                        ChoiceOption(
                            "a30", "30°", feedback="Close, but steeper keeps it up longer."
                        ),
                        ChoiceOption(
                            "a45", "45°", correct=True, feedback="Yes! 45° balances both."
                        ),
                        ChoiceOption("a80", "80°", feedback="It goes high but not far."),
                    ),
                ),
                hints=("Think about a ball thrown straight up.", "Halfway between flat and up."),
                xp=10,
                on_correct=Outcome(feedback="Great thinking!", xp=5),
                next=(Route("measure"),),
            ),
            Step(
                "measure",
                challenge=NumberChallenge(
                    "number",
                    "A capsule flies 2.4 km. How far in metres?",
                    2400,
                    tolerance=5,
                    unit="m",
                ),
                xp=10,
                next=(Route("name-it"),),
            ),
            Step(
                "name-it",
                challenge=TextChallenge(
                    "text", "What force pulls the capsule down?", ("gravity", "weight")
                ),
                xp=10,
                next=(Route("sequence"),),
            ),
            Step(
                "sequence",
                challenge=OrderChallenge(
                    "order", "Put the flight in order.", ("Launch", "Rise", "Peak", "Fall", "Land")
                ),
                xp=10,
                next=(Route("pairs"),),
            ),
            Step(
                "pairs",
                challenge=MatchChallenge(
                    "match",
                    "Match each quantity to its unit.",
                    (MatchPair("distance", "metres"), MatchPair("time", "seconds")),
                ),
                xp=10,
                next=(Route("fly"),),
            ),
            Step(
                "fly",
                challenge=GameChallenge(
                    "game", "Land the capsule on the pad 40 m away.", "launch", LaunchParams(40)
                ),
                xp=15,
                next=(Route("log"),),
            ),
            Step(
                "log",
                challenge=WriteChallenge(
                    "write",
                    "Write a flight log for mission control.",
                    min_words=5,
                    rubric=rubric,
                    review="peer",
                    shared=True,
                ),
                xp=20,
                next=(Route("done"),),
            ),
            Step("done", text="Mission complete! The capsule is safe.", ending=True),
        ],
        interests=("space",),
        level=2,
        minutes=15,
        xp=50,
        badges=("rocketeer",),
        summary="Use angle and speed to land a rescue capsule on target.",
    )
    fractions = _quest(
        "fraction-pizza",
        "Fraction Pizza",
        "math",
        [
            Step(
                "intro",
                text="Pizza night! Share slices fairly, and find out what **3/4** really means.",
                next=(Route("q1"),),
            ),
            Step(
                "q1",
                challenge=ChoiceChallenge(
                    "choice",
                    "Which is bigger?",
                    (ChoiceOption("a", "1/2", correct=True), ChoiceOption("b", "1/3")),
                ),
                xp=10,
                next=(Route("end"),),
            ),
            Step("end", text="Delicious maths!", ending=True),
        ],
        interests=("food",),
        level=1,
        minutes=5,
        xp=20,
        badges=("fraction-fan",),
        summary="Slice pizzas to compare fractions.",
    )
    orbit = _quest(
        "orbit-odyssey",
        "Orbit Odyssey",
        "space-science",
        [Step("go", text="Around and around we go.", ending=True)],
        interests=("space",),
        level=3,
        minutes=20,
        xp=60,
        prerequisites=Prerequisites(quests=("launch-lab",)),
        summary="Why doesn't the Moon fall down? Find out by flying.",
    )
    story = _quest(
        "story-spark",
        "Story Spark",
        "writing",
        [
            Step("open", text="Every story starts with a *spark*.", next=(Route("w"),)),
            Step(
                "w",
                challenge=WriteChallenge(
                    "write",
                    "Write the first lines of a story about a lost robot.",
                    min_words=20,
                    max_words=150,
                    rubric=rubric,
                    shared=True,
                ),
                next=(Route("fin"),),
            ),
            Step("fin", text="You wrote a beginning!", ending=True),
        ],
        interests=("stories",),
        level=1,
        minutes=15,
        xp=40,
        summary="Write the opening of a story and share it with your class.",
    )
    badges = {
        "rocketeer": Badge(
            "rocketeer",
            "Rocketeer",
            "Landed a projectile on target.",
            "Finish Launch Lab.",
            color="#e4572e",
            pack_id="demo",
        ),
        "fraction-fan": Badge(
            "fraction-fan",
            "Fraction Fan",
            "Compared fractions.",
            "Finish Fraction Pizza.",
            color="#2f855a",
            pack_id="demo",
        ),
    }
    return Pack(
        id="demo",
        title="Demo Pack",
        version="1.0.0",
        authors=(),
        license="CC-BY-4.0",
        language="en",
        description="A tiny pack for UI tests.",
        quests=frozen_map({q.id: q for q in (fractions, story, launch, orbit)}),
        badges=frozen_map(badges),
        paths=(
            InterestPath("space-trail", "Space Explorer", "space", ("launch-lab", "orbit-odyssey")),
        ),
    )


@dataclass
class _Run:
    quest: Quest
    step_id: str
    visited: list[str] = field(default_factory=list)
    attempts: int = 0
    hints: int = 0
    awaiting: str = "answer"
    draft: str | None = None
    submission: str | None = None


class FakePlayerSession:
    def __init__(self, service: FakeService, student: StudentInfo) -> None:
        self.service = service
        self.student = student
        self.xp = 0
        self.badges: list[Badge] = []
        self.done: set[str] = set()
        self.runs: dict[str, _Run] = {}
        self.active: str | None = None

    # -------------------------------------------------------------- progress
    def profile(self) -> Profile:
        level = 1 + self.xp // 100
        return Profile(self.xp, level, self.xp % 100, 100, tuple(self.badges))

    def quest_map(self) -> list[QuestCard]:
        cards = []
        for pack in self.service._ok_packs():
            for quest in pack.quests.values():
                missing = tuple(
                    f"Finish {pack.quests[q].title}" if q in pack.quests else f"Finish {q}"
                    for q in quest.prerequisites.quests
                    if q not in self.done
                )
                if quest.id in self.done:
                    status = "done"
                elif missing:
                    status = "locked"
                elif quest.id in self.runs:
                    status = "in_progress"
                else:
                    status = "available"
                cards.append(QuestCard(quest, pack.id, status, missing))
        return cards

    # -------------------------------------------------------------- play
    def _view(self, run: _Run, notice: str | None = None) -> StepView:
        step = run.quest.step(run.step_id)
        order = list(run.quest.steps)
        awaiting = run.awaiting
        if step.challenge is None and awaiting == "answer":
            awaiting = "done" if step.ending else "continue"
        return StepView(
            quest=run.quest,
            step=step,
            step_number=order.index(run.step_id) + 1,
            total_steps=len(order),
            hints_shown=step.hints[: run.hints],
            attempts=run.attempts,
            draft=run.draft,
            notice=notice,
            awaiting=awaiting,
            submission_state="submitted" if run.submission else None,
        )

    def start(self, quest_id: str) -> StepView:
        quest = self.service._quest(quest_id)
        run = self.runs.get(quest_id)
        if run is None:
            run = self.runs[quest_id] = _Run(quest, quest.start)
        self.active = quest_id
        return self._view(run)

    def current(self) -> StepView | None:
        if self.active is None:
            return None
        return self._view(self.runs[self.active])

    def _run(self) -> _Run:
        if self.active is None:
            raise QuestError("no quest in progress")
        return self.runs[self.active]

    def hint(self) -> str | None:
        run = self._run()
        step = run.quest.step(run.step_id)
        if run.hints >= len(step.hints):
            return None
        run.hints += 1
        return step.hints[run.hints - 1]

    def submit(self, answer) -> Feedback:
        run = self._run()
        step = run.quest.step(run.step_id)
        ch = step.challenge
        self.service.answers.append((run.quest.id, step.id, answer))
        correct, message = _judge(ch, answer)
        run.attempts += 1
        if not correct:
            can_retry = run.attempts < (step.retry.max_attempts or 99)
            revealed = None if can_retry else _reveal(ch)
            if not can_retry:
                run.awaiting = "continue"
            return Feedback(
                False, message or "Not quite yet. Have another go!", revealed, can_retry=can_retry
            )
        gained = step.xp + step.on_correct.xp
        return self._complete_step(run, gained, step.on_correct.feedback or message or "Correct!")

    def _complete_step(self, run: _Run, gained: int, message: str) -> Feedback:
        before = self.profile().level
        self.xp += gained
        run.awaiting = "continue"
        level = self.profile().level
        return Feedback(True, message, None, gained, (), level if level > before else None)

    def proceed(self) -> StepView | None:
        run = self._run()
        step = run.quest.step(run.step_id)
        if step.ending or not step.next:
            self._finish(run)
            return None
        run.step_id = step.next[0].goto
        run.attempts = run.hints = 0
        run.awaiting = "answer"
        run.draft = None
        run.submission = None
        nxt = run.quest.step(run.step_id)
        if nxt.xp and nxt.challenge is None:
            self.xp += nxt.xp
        return self._view(run)

    def _finish(self, run: _Run) -> None:
        before = self.profile()
        earned = []
        self.done.add(run.quest.id)
        self.xp += run.quest.xp
        for bid in run.quest.badges:
            for pack in self.service._ok_packs():
                if bid in pack.badges and pack.badges[bid] not in self.badges:
                    self.badges.append(pack.badges[bid])
                    earned.append(pack.badges[bid])
        level = self.profile().level
        self._last_finish = Feedback(
            True,
            None,
            None,
            run.quest.xp,
            tuple(earned),
            level if level > before.level else None,
            True,
        )
        self.runs.pop(run.quest.id, None)
        self.active = None

    def finish_feedback(self) -> Feedback | None:
        return getattr(self, "_last_finish", None)

    def leave(self) -> None:
        self.active = None

    def save_draft(self, text: str) -> None:
        self._run().draft = text
        self.service.drafts.append(text)

    def submit_work(self, text: str) -> Feedback:
        run = self._run()
        step = run.quest.step(run.step_id)
        sid = uuid.uuid4().hex[:8]
        run.submission = sid
        run.draft = text
        self.service.submissions[sid] = Submission(
            sid,
            self.student.display_name,
            run.quest.title,
            step.challenge.prompt,
            text,
            step.challenge.rubric,
            "submitted",
            step.challenge.review,
        )
        if getattr(step.challenge, "shared", False):
            self.service.shared.append(
                SharedWork(
                    sid,
                    self.student.id,
                    self.student.display_name,
                    self.student.avatar,
                    run.quest.title,
                    step.challenge.prompt,
                    text,
                )
            )
        return self._complete_step(run, step.xp, "Sent! Your work is waiting for feedback.")

    # -------------------------------------------------------------- class
    def class_board(self) -> list[BoardEntry]:
        entries = [
            BoardEntry(
                "s-ana",
                "Ana",
                "sofia",
                3,
                240,
                tuple(self.service.pack.badges.values())[:1],
                "Orbit Odyssey",
                4,
            ),
            BoardEntry("s-ben", "Ben", "hoot", 2, 130, (), "Fraction Pizza", 2),
            BoardEntry("s-chi", "Chidi", "kenji", 1, 40, (), None, 1),
        ]
        me = self.profile()
        current = self.runs[self.active].quest.title if self.active else None
        entries.append(
            BoardEntry(
                self.student.id,
                self.student.display_name,
                self.student.avatar,
                me.level,
                me.xp,
                me.badges,
                current,
                len(self.done),
            )
        )
        return entries

    def shared_work(self) -> list[SharedWork]:
        return list(self.service.shared)

    def my_work(self) -> list[SharedWork]:
        return [w for w in self.service.shared if w.author_id == self.student.id] + [
            w for w in self.service.private if w.author_id == self.student.id
        ]

    def set_shared(self, submission_id: str, shared: bool) -> None:
        svc = self.service
        pool_from, pool_to = (svc.private, svc.shared) if shared else (svc.shared, svc.private)
        for w in list(pool_from):
            if w.submission_id == submission_id and w.author_id == self.student.id:
                pool_from.remove(w)
                pool_to.append(replace(w, shared=shared))
                return

    def give_feedback(self, submission_id, kind, specific, helpful) -> None:
        for i, work in enumerate(self.service.shared):
            if work.submission_id == submission_id:
                fb = PeerFeedback(self.student.display_name, kind, specific, helpful)
                self.service.shared[i] = SharedWork(
                    work.submission_id,
                    work.author_id,
                    work.author_name,
                    work.avatar,
                    work.quest_title,
                    work.prompt,
                    work.text,
                    work.feedback + (fb,),
                )
                return
        raise QuestError("that piece of work is no longer shared")


def _judge(ch, answer) -> tuple[bool, str | None]:
    if isinstance(ch, ChoiceChallenge):
        chosen = set(answer)
        right = {o.id for o in ch.options if o.correct}
        picked = [o for o in ch.options if o.id in chosen]
        msg = picked[0].feedback if len(picked) == 1 else None
        return chosen == right, msg
    if isinstance(ch, NumberChallenge):
        try:
            value = float(str(answer).split()[0])
        except (ValueError, IndexError):
            return False, "Type a number, like 42 or 3.5."
        return abs(value - ch.answer) <= ch.tolerance, None
    if isinstance(ch, TextChallenge):
        return str(answer).strip().lower() in ch.accept, None
    if isinstance(ch, OrderChallenge):
        return tuple(answer) == ch.items, None
    if isinstance(ch, MatchChallenge):
        return dict(answer) == {p.left: p.right for p in ch.pairs}, None
    if isinstance(ch, GameChallenge):
        return True, "Right on target!"
    return True, None


def _reveal(ch) -> str | None:
    if isinstance(ch, ChoiceChallenge):
        return ", ".join(o.text for o in ch.options if o.correct)
    if isinstance(ch, NumberChallenge):
        return f"{ch.answer:g} {ch.unit or ''}".strip()
    if isinstance(ch, TextChallenge):
        return ch.accept[0]
    return None


class FakeFacilitatorSession:
    def __init__(self, service: FakeService) -> None:
        self.service = service

    def review_queue(self) -> list[Submission]:
        return [s for s in self.service.submissions.values() if s.state == "submitted"]

    def pending_badges(self, class_id: str | None = None) -> list[PendingBadge]:
        return list(self.service.pending)

    def approve_badge(self, student_id: str, badge_id: str) -> None:
        self.service.approved_badges.append((student_id, badge_id))
        self.service.pending = [
            p for p in self.service.pending if (p.student_id, p.badge.id) != (student_id, badge_id)
        ]

    def classes(self) -> list[ClassInfo]:
        return self.service.classes()

    def students(self, class_id: str) -> list[StudentInfo]:
        return self.service.students(class_id)

    def set_student_pin(self, student_id: str, pin: str | None) -> StudentInfo:
        if pin is not None and not (pin.isdigit() and len(pin) == 4):
            raise QuestError("a PIN is exactly 4 digits", hint="for example --pin 2580")
        svc = self.service
        svc.pin_changes.append((student_id, pin))
        if pin is None:
            svc._pins.pop(student_id, None)
        else:
            svc._pins[student_id] = pin
        svc._students[student_id] = replace(svc._students[student_id], has_pin=pin is not None)
        return svc._students[student_id]

    def review(self, submission_id, scores, comment, approve) -> None:
        sub = self.service.submissions[submission_id]
        self.service.reviews.append((submission_id, dict(scores), comment, approve))
        self.service.submissions[submission_id] = Submission(
            sub.id,
            sub.student_name,
            sub.quest_title,
            sub.prompt,
            sub.text,
            sub.rubric,
            "approved" if approve else "returned",
            sub.review_mode,
        )


class FakeService:
    """Same API as GameService; everything in memory; records what the UI sent."""

    def __init__(self, with_broken_pack: bool = True) -> None:
        self.pack = demo_pack()
        self._packs = [PackStatus("demo", "Demo Pack", self.pack, True)]
        if with_broken_pack:
            self._packs.append(
                PackStatus(
                    "broken",
                    "Broken Pack",
                    None,
                    False,
                    "broken/intro.yaml:3:1: error Q001: `start` names a step that does not exist",
                )
            )
        self._classes = [ClassInfo("c1", "Room 12", "ABC123")]
        self._students: dict[str, StudentInfo] = {
            "s1": StudentInfo("s1", "c1", "Maya", "amara", False),
            "s2": StudentInfo("s2", "c1", "Leo", "bitbot", True),
        }
        self._pins = {"s2": "1234"}
        self.sessions: dict[str, FakePlayerSession] = {}
        self.answers: list = []
        self.drafts: list[str] = []
        self.submissions: dict[str, Submission] = {
            "sub0": Submission(
                "sub0",
                "Ana",
                "Story Spark",
                "Write the first lines of a story.",
                "The robot blinked. Nobody had told it the library closed at six.",
                demo_pack().quests["launch-lab"].steps["log"].challenge.rubric,
                "submitted",
                "teacher",
            ),
        }
        self.shared: list[SharedWork] = [
            SharedWork(
                "sub0",
                "s-ana",
                "Ana",
                "sofia",
                "Story Spark",
                "Write the first lines of a story.",
                "The robot blinked. Nobody had told it the library closed at six.",
            ),
        ]
        self.reviews: list = []
        self.private: list[SharedWork] = []
        self.pending = [PendingBadge("s-ana", "Ana", self.pack.badges["rocketeer"])]
        self.approved_badges: list = []
        self.pin_changes: list = []
        self.connection = ConnectionStatus()
        """Set to ConnectionStatus(online=False, shared=True) for a game whose server is down."""

    def connection_status(self) -> ConnectionStatus:
        return self.connection

    def _ok_packs(self) -> list[Pack]:
        return [p.pack for p in self._packs if p.ok and p.pack]

    def _quest(self, quest_id: str) -> Quest:
        for pack in self._ok_packs():
            if quest_id in pack.quests:
                return pack.quests[quest_id]
        raise QuestError(f"no quest {quest_id!r}")

    def packs(self) -> list[PackStatus]:
        return list(self._packs)

    def classes(self) -> list[ClassInfo]:
        return list(self._classes)

    def create_class(self, name: str, passphrase: str | None = None) -> ClassInfo:
        info = ClassInfo(f"c{len(self._classes) + 1}", name, "XYZ789")
        self._classes.append(info)
        return info

    def students(self, class_id: str) -> list[StudentInfo]:
        return sorted(
            (s for s in self._students.values() if s.class_id == class_id),
            key=lambda s: s.display_name.lower(),
        )

    def create_student(self, class_id, display_name, avatar, pin=None) -> StudentInfo:
        if not display_name.strip():
            raise QuestError("a display name is needed")
        sid = f"s{len(self._students) + 1}"
        info = StudentInfo(sid, class_id, display_name.strip(), avatar, bool(pin))
        self._students[sid] = info
        if pin:
            self._pins[sid] = pin
        return info

    def sign_in(self, student_id: str, pin: str | None = None) -> FakePlayerSession:
        if self._pins.get(student_id) and self._pins[student_id] != pin:
            raise QuestError("That PIN doesn't match.", "Try again, or ask your facilitator.")
        if student_id not in self.sessions:
            self.sessions[student_id] = FakePlayerSession(self, self._students[student_id])
        return self.sessions[student_id]

    def facilitator_sign_in(self, passphrase: str) -> FakeFacilitatorSession:
        if passphrase not in ("teach",):
            raise QuestError("That passphrase is not right.")
        return FakeFacilitatorSession(self)
