"""The game's one API: content, rules and store joined behind small, UI-shaped calls.

The UI asks "what do I show?" and "the student did X" and gets view objects back. Every
change goes to the store as it happens (answers, hints, drafts, awards), so closing the
window at any moment loses nothing and reopening resumes on the same step.

A `PlayerSession` keeps the student's events in memory (a few hundred at most) and folds
them with the rules engine: the store's log stays the single source of truth.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from quest_engine.app.reviews import review_rewards
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
from quest_engine.content import LoadResult
from quest_engine.content.model import Badge, Quest, WriteChallenge
from quest_engine.errors import QuestError
from quest_engine.rules import events as ev
from quest_engine.rules.badges import missing_prerequisites
from quest_engine.rules.graph import step_position
from quest_engine.rules.progression import level_progress
from quest_engine.rules.replay import fold_facts, resume_run
from quest_engine.rules.run import (
    Action,
    Proceed,
    RequestHint,
    RulesContext,
    RunState,
    SaveDraft,
    SubmitAnswer,
    SubmitWork,
    Transition,
    advance,
    start_run,
    visible_hints,
)
from quest_engine.store.api import Store, new_id, set_shared, stamp


def _first_error(result: LoadResult) -> str | None:
    for d in result.diagnostics:
        if d.severity == "error":
            return f"{d.path}:{d.line}:{d.column}: {d.message}"
    return None


class GameService:
    """One per running game: the packs that loaded, the store, and the rules context."""

    def __init__(self, store: Store, pack_results: Sequence[LoadResult]) -> None:
        self.store = store
        self._results = list(pack_results)
        packs = [r.pack for r in self._results if r.pack is not None]
        self.ctx = RulesContext.from_packs(packs)
        self.quests: dict[str, Quest] = dict(self.ctx.quests_by_id)
        self.badges: dict[str, Badge] = dict(self.ctx.badges)
        self._pack_order = packs

    # ------------------------------------------------------------------ content

    def packs(self) -> list[PackStatus]:
        statuses = []
        for result in self._results:
            if result.pack is not None:
                p = result.pack
                statuses.append(PackStatus(p.id, p.title, p, True))
            else:
                name = _pack_name(result)
                statuses.append(PackStatus(name, name, None, False, _first_error(result)))
        return statuses

    def badge(self, badge_id: str) -> Badge:
        """The badge, or a plain stand-in when its pack is gone (an award is never lost)."""
        found = self.badges.get(badge_id)
        if found is not None:
            return found
        return Badge(badge_id, badge_id.replace("-", " ").title(), "", "")

    def quest_title(self, quest_id: str | None) -> str | None:
        if not quest_id:
            return None
        quest = self.quests.get(quest_id)
        return quest.title if quest else quest_id

    # ------------------------------------------------------------------ connection

    def connection_status(self) -> ConnectionStatus:
        """Online or offline, and the moves waiting on this computer. Only a shared store
        that keeps playing without its server (an `OutboxStore`: `online`, `queued()`) is
        ever offline; a SQLite file is always here. Cheap: no network."""
        online = getattr(self.store, "online", None)
        queued = getattr(self.store, "queued", None)
        if not isinstance(online, bool) or not callable(queued):
            return ConnectionStatus()
        try:
            waiting = int(queued())
        except Exception:  # noqa: BLE001 - a count is a courtesy; never stop the game for it
            waiting = 0
        return ConnectionStatus(online=online, queued=waiting, shared=True)

    def check_server(self) -> ConnectionStatus:
        """`connection_status()`, after letting an offline shared store notice that its
        server is back: one read it answers from this computer while offline, which also
        starts its background retry (every 15 s at most); once that retry reached the
        server, the read sends the waiting moves and the store is online again. The game
        calls this every few seconds, so the Offline notice goes without anyone moving."""
        status = self.connection_status()
        if status.offline:
            try:
                self.store.classes()
            except QuestError:
                pass  # still offline; nobody known on this computer yet
            status = self.connection_status()
        return status

    # ------------------------------------------------------------------ people

    def classes(self) -> list[ClassInfo]:
        return self.store.classes()

    def needs_passphrase(self) -> bool:
        """Whether facilitator actions (creating a class, reviews) ask for a passphrase."""
        return self.store.facilitator_has_passphrase()

    def create_class(self, name: str, passphrase: str | None = None) -> ClassInfo:
        token = self.store.verify_facilitator(passphrase)
        return self.store.create_class(token, name)

    def students(self, class_id: str) -> list[StudentInfo]:
        return self.store.students(class_id)

    def create_student(
        self, class_id: str, display_name: str, avatar: str, pin: str | None = None
    ) -> StudentInfo:
        """A student makes their own profile: the class's join code is the permission."""
        join_code = next(c.join_code for c in self.store.classes() if c.id == class_id)
        return self.store.join_class(join_code, display_name, avatar, pin or None)

    def sign_in(self, student_id: str, pin: str | None = None) -> PlayerSession:
        if not self.store.check_pin(student_id, pin):
            raise QuestError("That PIN doesn't match.", "Try again, or ask your facilitator.")
        return PlayerSession(self, self.store.student(student_id))

    def facilitator_sign_in(self, passphrase: str | None) -> FacilitatorSession:
        return FacilitatorSession(self, passphrase)


def _pack_name(result: LoadResult) -> str:
    if result.diagnostics:
        path = result.diagnostics[0].path.replace("\\", "/")
        parts = path.split("/")
        return parts[-2] if len(parts) > 1 else parts[-1]
    return "pack"


class PlayerSession:
    """A signed-in student: their quests, their current step, and every action they take."""

    def __init__(self, service: GameService, student: StudentInfo) -> None:
        self.service = service
        self.student = student
        self._store = service.store
        self._events: list[ev.Event] = [e.event for e in self._store.events(student.id)]
        self._quest_id: str | None = None
        self._run: RunState | None = None
        summary = self._store.student_summary(student.id)
        if summary.current_quest and summary.current_quest in service.quests:
            self._resume(summary.current_quest)

    def refresh(self) -> None:
        """Reload from the store: reviews, awards or another machine's events since sign-in."""
        self._events = [e.event for e in self._store.events(self.student.id)]
        if self._quest_id is not None:
            self._resume(self._quest_id)

    # ------------------------------------------------------------------ reading

    @property
    def facts(self):
        return fold_facts(self._events)

    @property
    def run(self) -> RunState | None:
        """The open quest run (read-only), for the auto-player and tests."""
        return self._run

    def profile(self) -> Profile:
        facts = self.facts
        level, into, needed = level_progress(facts.xp, self.service.ctx.level_thresholds)
        return Profile(
            xp=facts.xp,
            level=level,
            xp_in_level=into,
            xp_for_next_level=needed,
            badges=tuple(self.service.badge(b) for b in sorted(facts.badges)),
            pending_badges=tuple(self.service.badge(b) for b in sorted(facts.pending)),
        )

    def quest_map(self) -> list[QuestCard]:
        facts = self.facts
        started = {e.quest_id for e in self._events if isinstance(e, ev.QuestStarted)}
        cards = []
        for pack in self.service._pack_order:
            for quest in pack.quests.values():
                missing = missing_prerequisites(quest, facts)
                names = tuple(
                    [f"Finish {self.service.quest_title(q)}" for q in missing.quests]
                    + [f"Earn the {self.service.badge(b).name} badge" for b in missing.badges]
                )
                if quest.id in facts.completed:
                    status = "done"
                elif names:
                    status = "locked"
                elif quest.id in started:
                    status = "in_progress"
                else:
                    status = "available"
                cards.append(QuestCard(quest, pack.id, status, names))
        return cards

    def current(self) -> StepView | None:
        if self._run is None or self._quest_id is None:
            return None
        return self._view(self._run)

    def _view(self, run: RunState, notice: str | None = None) -> StepView:
        quest = self.service.quests[run.quest_id]
        step = quest.steps[run.step_id]
        number, total = step_position(quest, run)
        state = None
        comment = None
        if isinstance(step.challenge, WriteChallenge):
            latest = run.latest_submission(step.id)
            if latest is not None:
                state = {"pending": "submitted"}.get(latest.status, latest.status)
                comment = latest.comment
        return StepView(
            quest=quest,
            step=step,
            step_number=number,
            total_steps=total,
            hints_shown=visible_hints(quest, run),
            attempts=run.attempts,
            draft=run.draft,
            notice=notice or run.notice,
            awaiting="done" if run.finished else run.awaiting,
            submission_state=state,
            review_comment=comment,
        )

    # ------------------------------------------------------------------ playing

    def _record(self, quest: Quest | None, events: Iterable[ev.Event]) -> None:
        """Append to the store first: only what the store acknowledged counts as played."""
        batch = list(events)
        if not batch:
            return
        content_hash = quest.content_hash if quest else ""
        self._store.append(
            [
                stamp(e, self.student.id, class_id=self.student.class_id, content_hash=content_hash)
                for e in batch
            ]
        )
        self._events.extend(batch)

    def _resume(self, quest_id: str) -> RunState | None:
        quest = self.service.quests[quest_id]
        run, extra = resume_run(quest, self._events)  # reviews match by submission id
        self._record(quest, extra)
        if run is not None and not run.finished:
            self._quest_id, self._run = quest_id, run
        return run

    def start(self, quest_id: str) -> StepView:
        """Start a quest, or resume it on the step where the student left off."""
        quest = self.service.quests.get(quest_id)
        if quest is None:
            raise QuestError(f"There is no quest called {quest_id!r}.")
        previous = self._resume(quest_id)
        if previous is not None and not previous.finished:
            return self._view(previous)
        run, events = start_run(quest, self.facts, self.service.ctx, previous)
        self._record(quest, events)
        self._quest_id, self._run = quest_id, run
        return self._view(run)

    def _act(self, action: Action) -> Transition:
        if self._run is None or self._quest_id is None:
            raise QuestError("No quest is open.", "Pick a quest on the map first.")
        quest = self.service.quests[self._quest_id]
        transition = advance(quest, self._run, action, self.facts, self.service.ctx)
        if transition.accepted:
            self._record(quest, transition.events)
            self._run = transition.state
        return transition

    def _feedback(self, t: Transition) -> Feedback:
        ending = None
        if t.state.finished:
            step = self.service.quests[t.state.quest_id].steps.get(t.state.step_id)
            ending = step if step is not None and step.ending else None
        return Feedback(
            correct=bool(t.correct) if t.correct is not None else t.accepted,
            message=t.feedback,
            revealed=t.state.revealed,
            xp_gained=t.xp_gained,
            badges=tuple(self.service.badge(b) for b in t.badges_earned),
            level_up=t.level_up,
            finished=t.state.finished,
            can_retry=t.can_retry,
            ending=ending,
        )

    def submit(self, answer: object) -> Feedback:
        return self._feedback(self._act(SubmitAnswer(answer)))

    def hint(self) -> str | None:
        t = self._act(RequestHint())
        hints = visible_hints(self.service.quests[t.state.quest_id], t.state)
        return hints[-1] if t.accepted and hints else None

    def proceed(self) -> StepView | None:
        """Move on; returns the next step, or None when the quest is over."""
        t = self._act(Proceed())
        if t.state.finished:
            self._last_finish = self._feedback(t)
            self._run, self._quest_id = None, None
            return None
        return self._view(t.state)

    def finish_feedback(self) -> Feedback | None:
        """The awards of the move that finished the quest (for the celebration screen)."""
        return getattr(self, "_last_finish", None)

    def save_draft(self, text: str) -> None:
        if self._run is not None and self._run.draft == text:
            return
        self._act(SaveDraft(text))

    def submit_work(self, text: str, scores: dict[str, int] | None = None) -> Feedback:
        t = self._act(SubmitWork(new_id(), text, scores=scores or {}))
        return self._feedback(replace(t, state=t.state))

    def leave(self) -> None:
        """Back to the map; the run stays in the log and resumes next time."""
        self._run, self._quest_id = None, None

    # ------------------------------------------------------------------ the class

    def class_board(self) -> list[BoardEntry]:
        rows = self._store.class_board(self.student.class_id)
        return [
            BoardEntry(
                student_id=r.student_id,
                display_name=r.display_name,
                avatar=r.avatar,
                level=r.level,
                xp=r.xp,
                badges=tuple(self.service.badge(b) for b in r.badges),
                current_quest_title=self.service.quest_title(r.current_quest),
                quests_done=r.quests_done,
            )
            for r in sorted(rows, key=lambda r: r.display_name.casefold())
        ]

    def shared_work(self) -> list[SharedWork]:
        avatars = {s.id: s.avatar for s in self._store.students(self.student.class_id)}
        return [
            self._work(sub, avatars.get(sub.student_id, ""))
            for sub in self._store.shared_work(self.student.class_id)
        ]

    def _work(self, sub, avatar: str) -> SharedWork:
        quest = self.service.quests.get(sub.quest_id)
        step = quest.steps.get(sub.step_id) if quest else None
        prompt = step.challenge.prompt if step and step.challenge else ""
        return SharedWork(
            submission_id=sub.id,
            author_id=sub.student_id,
            author_name=sub.student_name,
            avatar=avatar,
            quest_title=quest.title if quest else sub.quest_id,
            prompt=prompt,
            text=sub.text,
            feedback=tuple(
                PeerFeedback(f.from_name, f.kind, f.specific, f.helpful) for f in sub.feedback
            ),
            shared=sub.shared,
            state=sub.state,
        )

    def my_work(self) -> list[SharedWork]:
        """Everything this student submitted, shared or not, with classmates' feedback."""
        mine = self._store.submissions(self.student.id)
        return [self._work(sub, self.student.avatar) for sub in mine]

    def set_shared(self, submission_id: str, shared: bool) -> None:
        """Show submitted writing on the class board, or take it off (the author decides)."""
        set_shared(self._store, self.student.id, submission_id, shared)
        self.refresh()

    def give_feedback(self, submission_id: str, kind: str, specific: str, helpful: str) -> None:
        logged = self._store.give_feedback(self.student.id, submission_id, kind, specific, helpful)
        self._events.append(logged.event)


class FacilitatorSession:
    """A signed-in facilitator: the review queue, and approving or returning work."""

    def __init__(self, service: GameService, passphrase: str | None) -> None:
        self.service = service
        self._token = service.store.verify_facilitator(passphrase)

    def review_queue(self, class_id: str | None = None) -> list[Submission]:
        queue = []
        for sub in self.service.store.review_queue(class_id):
            quest = self.service.quests.get(sub.quest_id)
            step = quest.steps.get(sub.step_id) if quest else None
            challenge = step.challenge if step else None
            rubric = challenge.rubric if isinstance(challenge, WriteChallenge) else ()
            prompt = challenge.prompt if challenge else ""
            queue.append(
                Submission(
                    id=sub.id,
                    student_name=sub.student_name,
                    quest_title=quest.title if quest else sub.quest_id,
                    prompt=prompt,
                    text=sub.text,
                    rubric=rubric,
                    state=sub.state,
                    review_mode=sub.review_mode,
                )
            )
        return queue

    def review(self, submission_id: str, scores: dict[str, int], comment: str, approve: bool):
        store = self.service.store
        sub = store.submission(submission_id)
        rewards = review_rewards(store, self.service.ctx, sub, scores, comment, approve)
        return store.review(self._token, submission_id, scores, comment, approve, rewards)

    def pending_badges(self, class_id: str | None = None) -> list[PendingBadge]:
        """Badges that need a facilitator's approval, student by student."""
        store = self.service.store
        classes = [class_id] if class_id else [c.id for c in store.classes()]
        waiting = []
        for cid in classes:
            for student in store.students(cid):
                for badge_id in store.student_summary(student.id).pending_badges:
                    badge = self.service.badge(badge_id)
                    waiting.append(PendingBadge(student.id, student.display_name, badge))
        return waiting

    def approve_badge(self, student_id: str, badge_id: str) -> None:
        self.service.store.approve_badge(self._token, student_id, badge_id)

    def classes(self) -> list[ClassInfo]:
        return self.service.store.classes()

    def students(self, class_id: str) -> list[StudentInfo]:
        return self.service.store.students(class_id)

    def set_student_pin(self, student_id: str, pin: str | None) -> StudentInfo:
        """Give a student who forgot their PIN a new one (None: no PIN at all); a pause
        after wrong PINs ends at once, so they can sign in straight away."""
        return self.service.store.set_student_pin(self._token, student_id, pin)
