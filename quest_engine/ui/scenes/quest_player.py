"""The quest player: story, picture, progress, the step's challenge, hints and feedback.

The challenge itself is a component from `quest_engine.ui.challenges` (built by
`build_component`); this screen hosts it, sends its answer to the facade
(`PlayerSession.submit` / `submit_work`), shows the verdict in an encouraging voice and
moves on with `proceed()`. Drafts are saved by the component's autosave callback and once
more when the window closes.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pygame

from quest_engine.errors import QuestError
from quest_engine.ui import draw, offline
from quest_engine.ui.controls import Button, Widget
from quest_engine.ui.layout import row
from quest_engine.ui.richtext import RichText
from quest_engine.ui.scenes.base import BaseScene, screen_hint, screen_message
from quest_engine.ui.settings import TEXT_SCALE
from quest_engine.ui.theme import font_files

CHEERS_RIGHT = ("Nice work!", "You got it!", "Brilliant!", "Spot on!")
CHEERS_RETRY = (
    "Not quite yet. Have another go!",
    "Close! Take another look and try again.",
    "Good try. Check your thinking and try again.",
)


def make_style(theme) -> Any:
    """The challenge components' Style for the current settings and window scale."""
    from quest_engine.ui.challenges.style import Style

    settings = theme.settings
    scale = theme.scale * TEXT_SCALE.get(settings.text_size, 1.0) * theme.font_factor
    regular, _bold = font_files(settings.dyslexia_font)
    return Style.create(
        text_scale=scale,
        high_contrast=settings.high_contrast,
        font_path=str(regular),
        reduced_motion=settings.reduced_motion,
    )


def restyle(component: Any, style: Any) -> None:
    """Give a live component the new look (resize, text size, contrast) without rebuilding
    it, so an answer the student has typed or arranged but not sent is kept."""
    component.style = style
    for part in vars(component).values():
        if part is component:
            continue
        if hasattr(part, "style") and type(part.style) is type(style):
            part.style = style
        set_font = getattr(part, "set_font", None)
        if callable(set_font):
            set_font(style.font("body"))


class ComponentControl(Widget):
    """One focus stop in the scene's ring standing for the hosted challenge component."""

    def __init__(self, scene: QuestPlayerScene) -> None:
        super().__init__("Challenge")
        self.scene = scene

    def activate(self) -> None:
        pass

    def handle_event(self, event) -> bool:
        return False

    def draw(self, surface, theme, focused) -> None:
        pass


class QuestPlayerScene(BaseScene):
    title = "Quest"

    def __init__(self, app, view) -> None:
        super().__init__(app)
        self.view = view
        self.component: Any = None
        self.component_error: str | None = None
        self.feedback: Any = None
        self.banner: tuple[str, str] | None = None  # (kind, text): good | retry | info
        self.revealed: str | None = None
        self.hints: list[str] = list(view.hints_shown)
        self.story_scroll = 0
        self.story: RichText | None = None
        self.image: pygame.Surface | None = None
        self.image_failed = False
        self.profile_before = self._profile()
        self.rng = random.Random(f"{view.quest.id}:{view.step.id}")
        self.component_focus = False
        self.rubric_panel: Any = None
        self.returned_comment: str | None = None
        self.returned_pending = False
        self.run_over = False  # on the ending page: the run is finished, the celebration is next
        self._load_step(view, first=True)

    # ------------------------------------------------------------------ data
    def _profile(self):
        try:
            return self.app.player.profile()
        except Exception:  # noqa: BLE001 - a profile is only needed for celebrations
            return None

    @property
    def step(self):
        return self.view.step

    @property
    def challenge(self):
        return self.view.step.challenge

    def awaiting(self) -> str:
        v = self.view
        aw = getattr(v, "awaiting", "answer")
        if aw == "answer" and self.challenge is None:
            return "done" if v.step.ending else "continue"
        returned = getattr(v, "submission_state", None) == "returned"
        if aw == "review" and returned and self.challenge is not None:
            return "answer"  # the teacher sent it back: the editor is open for a revision
        return aw

    def _load_step(self, view, first: bool = False) -> None:
        old = None if first else self.view
        # the total counts the longest way still open, so it only ever shrinks: say why
        self.shortcut = (
            old is not None
            and view.step_number > old.step_number
            and view.total_steps < old.total_steps
        )
        self.view = view
        self.feedback = None
        self.banner = None
        self.revealed = None
        self.hints = list(view.hints_shown)
        self.story_scroll = 0
        self.story = RichText(self.theme, view.step.text or "")
        self.image = None
        self._scaled_image = None
        self.image_failed = False
        self._load_image()
        if view.notice:
            self.banner = ("info", view.notice)
        state = getattr(view, "submission_state", None)
        self.returned_comment = None
        self.returned_pending = state == "returned"
        if state == "returned":
            # the writing component shows the note above the editor (show_returned)
            self.returned_comment = getattr(view, "review_comment", None)
        elif state in ("submitted", "approved"):
            self.banner = (
                "good",
                "Sent for review. You can keep going!"
                if state == "submitted"
                else "Approved. Well done!",
            )
            notes = self._peer_notes()
            if notes:
                kind, text = self.banner
                who = "1 classmate" if notes == 1 else f"{notes} classmates"
                self.banner = (kind, f"{text} {who} left you feedback on the class board.")
        self.component = None
        self.component_error = None
        self.rubric_panel = None
        if not first:
            self.relayout()

    def _peer_notes(self) -> int:
        """How many peer feedback notes the student's shared work on this quest received."""
        try:
            works = self.app.player.shared_work()
        except Exception:  # noqa: BLE001 - a count is a bonus; never block the step
            return 0
        me = self.app.player.student.id
        title = self.view.quest.title
        return sum(len(w.feedback) for w in works if w.author_id == me and w.quest_title == title)

    def _load_image(self) -> None:
        img = self.step.image
        if img is None:
            return
        try:
            packs = {p.pack_id: p.pack for p in self.app.service.packs() if p.ok and p.pack}
            pack = packs.get(self.view.quest.pack_id)
            from pathlib import Path

            path = Path(pack.root) / img.path if pack and pack.root else None
            if path is None or not path.is_file():
                raise FileNotFoundError(img.path)
            image = pygame.image.load(str(path))
            self.image = image.convert_alpha() if pygame.display.get_surface() else image
        except (FileNotFoundError, pygame.error, OSError):
            self.image_failed = True

    # ------------------------------------------------------------------ component
    def _make_component(self, rect: pygame.Rect) -> None:
        ch = self.challenge
        if ch is None or self.awaiting() not in ("answer", "continue", "review"):
            self.component = None
            return
        if self.component is not None:
            if self._style_changed():
                self._style = make_style(self.theme)
                restyle(self.component, self._style)
            self.component.set_rect(rect)
            return
        try:
            from quest_engine.ui.challenges import build_component

            self._style = make_style(self.theme)
            self._style_key = self._current_style_key()
            kwargs = {"show_prompt": True}
            if ch.kind == "write":
                kwargs["on_draft"] = self.save_draft
                kwargs["draft"] = self.view.draft
            self.component = build_component(
                ch, rect, self._style, self.on_answer, self.rng, **kwargs
            )
            if ch.kind == "write":
                if getattr(ch, "rubric", None) and self.regions()["story"].width:
                    self.rubric_panel = self.component.detach_rubric()
                if self.returned_pending:
                    self.component.show_returned(self.returned_comment)
        except Exception as exc:  # noqa: BLE001 - a broken component must not crash the game
            self.component = None
            self.component_error = f"This challenge can't be shown ({type(exc).__name__})."

    def _current_style_key(self):
        s = self.theme.settings
        return (
            s.text_size,
            s.high_contrast,
            s.dyslexia_font,
            s.reduced_motion,
            round(self.theme.scale, 3),
        )

    def _style_changed(self) -> bool:
        if getattr(self, "_style_key", None) != self._current_style_key():
            self._style_key = self._current_style_key()
            return True
        return False

    def save_draft(self, text: str) -> None:
        try:
            self.app.player.save_draft(text)
        except QuestError:
            pass

    def save_now(self) -> None:
        """The window is closing: flush the writing draft."""
        flush = getattr(self.component, "flush_draft", None)
        if flush:
            flush()

    def on_answer(self, answer: Any) -> None:
        ch = self.challenge
        if ch is not None and ch.kind == "choice" and isinstance(answer, str):
            answer = [answer]
        try:
            if ch is not None and ch.kind == "write":
                fb = self.app.player.submit_work(answer)
            else:
                fb = self.app.player.submit(answer)
        except QuestError as exc:
            self.error_banner(exc)
            self.relayout()
            return
        self.feedback = fb
        self.revealed = fb.revealed
        message = fb.message or (
            self.rng.choice(CHEERS_RIGHT) if fb.correct else self.rng.choice(CHEERS_RETRY)
        )
        xp = f"+{fb.xp_gained} XP" if fb.xp_gained else None
        if self.component is not None:
            self.component.show_feedback(fb.correct, message, extra=xp)
        shown_by_component = self.component is not None
        if fb.correct:
            # one verdict only: the component's banner carries the message and the XP
            self.banner = None if shown_by_component else ("good", f"{message} {xp or ''}".strip())
            self.app.sounds.play("correct")
        elif fb.can_retry:
            self.banner = None if shown_by_component else ("retry", message)
            self.app.sounds.play("try_again")
        else:
            shown = f"The answer was: {fb.revealed}. " if fb.revealed else ""
            self.banner = ("info", f"{shown}Every try teaches something. Let's keep going!")
        current = self.app.player.current()
        if current is not None:
            self.view = current
        self.relayout()
        cont = [w for w in self.widgets if w.label in ("Continue", "Finish quest")]
        if cont:
            self.focus.focus(cont[0])
        self.app.celebrate(fb)

    # ------------------------------------------------------------------ actions
    def ask_hint(self) -> None:
        try:
            hint = self.app.player.hint()
        except QuestError as exc:
            self.error_banner(exc)
            self.relayout()
            return
        if hint:
            self.hints.append(hint)
            self._scroll_story_to_end()
        self.relayout()

    def _scroll_story_to_end(self) -> None:
        self.story_scroll = 10**6  # clamped at draw time

    def proceed(self) -> None:
        if self.run_over:
            self.finish()
            return
        self.save_now()
        try:
            nxt = self.app.player.proceed()
        except QuestError as exc:
            self.error_banner(exc)
            self.relayout()
            return
        if nxt is None:
            if not self.show_ending():
                self.finish()
            return
        self._load_step(nxt)
        self.initial_focus()

    def show_ending(self) -> bool:
        """Show the ending the quest just reached as its last page ("Step 9 of 9"), before the
        celebration: the rules finish a run on entering a plain ending, and without this page
        the author's wrap-up ("You learned that ...") would never be read."""
        final = getattr(self.app.player, "finish_feedback", None)
        ending = getattr(final() if final else None, "ending", None)
        if ending is None or ending.id == self.step.id or not (ending.text or ending.image):
            return False
        number = self.view.step_number + 1
        view = replace(
            self.view,
            step=ending,
            step_number=number,
            total_steps=number,
            hints_shown=(),
            attempts=0,
            draft=None,
            notice=None,
            awaiting="done",
            submission_state=None,
            review_comment=None,
        )
        self.run_over = True
        self._load_step(view)
        self.initial_focus()
        return True

    def finish(self) -> None:
        """The quest is over: back to the map with a celebration of what was earned."""
        from quest_engine.ui.scenes.celebration import CelebrationScene

        before = self.profile_before
        quest = self.view.quest
        self.app.pop()
        final = getattr(self.app.player, "finish_feedback", None)
        fb = final() if final else None
        if fb is not None:
            badges, level, xp = tuple(fb.badges), fb.level_up, fb.xp_gained
        else:
            after = self._profile()
            old = {b.id for b in before.badges} if before else set()
            badges = tuple(b for b in after.badges if b.id not in old) if after else ()
            level = after.level if after and before and after.level > before.level else None
            xp = after.xp - before.xp if after and before else 0
        self.app.push(CelebrationScene(self.app, badges, level, quest_title=quest.title, xp=xp))

    def back(self) -> None:
        if self.run_over:
            self.finish()  # the quest is already finished: the map comes after the celebration
            return
        self.save_now()
        leave = getattr(self.app.player, "leave", None)
        if leave:
            leave()
        self.app.pop()

    # ------------------------------------------------------------------ layout
    def regions(self) -> dict[str, pygame.Rect]:
        t = self.theme
        w, h = self.size
        top = pygame.Rect(0, 0, w, t.top_bar_height())
        bh = max(t.min_target, t.px(52))
        bottom = pygame.Rect(t.pad, h - t.pad - bh, w - 2 * t.pad, bh)
        end = bottom.y - t.pad if self._needs_bottom_bar() else h - t.pad
        body = pygame.Rect(t.pad, top.bottom + t.pad, w - 2 * t.pad, end - top.bottom - t.pad)
        if self.challenge is None:
            story_w = min(body.width, t.px(900))
            inner_w = story_w - 2 * t.pad
            need = (self.story.layout(inner_w) if self.story else 0) + 2 * t.pad + t.px(70)
            if self.step.image is not None:
                need += int(body.height * 0.4)
            story_h = max(int(body.height * 0.45), min(body.height, need))
            top_y = body.y + max(0, (body.height - story_h) // 3)
            story = pygame.Rect(body.centerx - story_w // 2, top_y, story_w, story_h)
            return {
                "top": top,
                "body": body,
                "story": story,
                "challenge": pygame.Rect(0, 0, 0, 0),
                "bottom": bottom,
            }
        if not (self.step.text or "").strip() and self.step.image is None and not self.hints:
            chal_w = min(body.width, t.px(1100))
            chal = pygame.Rect(body.centerx - chal_w // 2, body.y, chal_w, body.height)
            none = pygame.Rect(0, 0, 0, 0)
            return {"top": top, "body": body, "story": none, "challenge": chal, "bottom": bottom}
        story_w = int(body.width * (0.36 if self.challenge.kind != "game" else 0.3))
        story = pygame.Rect(body.x, body.y, story_w, body.height)
        chal = pygame.Rect(
            story.right + t.pad, body.y, body.right - story.right - t.pad, body.height
        )
        out = {"top": top, "body": body, "story": story, "challenge": chal, "bottom": bottom}
        if self._hint_under_brief():
            story.height -= bh + t.pad
            out["hint"] = pygame.Rect(story.x, story.bottom + t.pad, story.width, bh)
        return out

    def _hint_offered(self) -> bool:
        return bool(
            self.challenge is not None
            and self.awaiting() == "answer"
            and self.step.hints
            and len(self.hints) < len(self.step.hints)
        )

    def _hint_under_brief(self) -> bool:
        """The hint button sits under the mission brief, where its hints appear, rather
        than alone in a bottom row: the challenge card keeps that row's height (at
        1024x600 with big text, room for the launch scene or a whole answer)."""
        if not self._hint_offered() or self.banner:
            return False
        if getattr(self.view, "awaiting", "") == "review":
            return False
        return bool((self.step.text or "").strip() or self.step.image is not None or self.hints)

    def _needs_bottom_bar(self) -> bool:
        """The bottom row holds hints, Continue and the scene's banner; without any of
        them the challenge card takes that room (it matters most at 1024x600)."""
        if self.banner or self.challenge is None:
            return True
        aw = self.awaiting()
        if aw != "answer" or getattr(self.view, "awaiting", "") == "review":
            return True
        return self._hint_offered() and not self._hint_under_brief()

    def build(self) -> None:
        t = self.theme
        r = self.regions()
        top, bottom = r["top"], r["bottom"]
        bh = max(t.min_target, t.px(48))
        back = Button("Quest map", self.back, "quiet")
        back.rect = pygame.Rect(t.pad, top.centery - bh // 2, back.preferred_width(t), bh)
        self.add(back)
        self._make_component(r["challenge"])
        if self.component is not None:
            stop = ComponentControl(self)
            stop.rect = pygame.Rect(r["challenge"])  # arrow keys find it where it is drawn
            self.add(stop)
        aw = self.awaiting()
        actions: list[Button] = []
        if aw == "answer" and self.step.hints and len(self.hints) < len(self.step.hints):
            hint = Button(
                "Show a hint" if not self.hints else "Another hint", self.ask_hint, "secondary"
            )
            if "hint" in r:
                hint.rect = pygame.Rect(r["hint"])
                self.add(hint)
            else:
                actions.append(hint)
        if aw in ("continue", "review") or getattr(self.view, "awaiting", "") == "review":
            actions.append(Button("Continue", self.proceed, "primary"))
        elif aw == "done":
            actions.append(Button("Finish quest", self.proceed, "primary"))
        widths = [b.preferred_width(t) for b in actions]
        for b, rect in zip(
            actions, row(bottom, widths, bottom.height, t.gap, "right"), strict=True
        ):
            b.rect = rect
            self.add(b)
        settings = Button("Settings", self.app.open_settings, "quiet")
        settings.rect = pygame.Rect(0, top.centery - bh // 2, settings.preferred_width(t), bh)
        settings.rect.right = top.right - t.pad
        self.add(settings)
        self.banner_rect = pygame.Rect(
            bottom.x,
            bottom.y,
            (actions[-1].rect.x if actions else bottom.right) - bottom.x - t.gap,
            bottom.height,
        )

    def enter(self) -> None:
        super().enter()
        self.initial_focus()

    def initial_focus(self) -> None:
        """Focus the challenge when there is one to answer, else Continue / Finish."""
        if self.component is not None and self.awaiting() == "answer":
            self.focus.focus(
                next((w for w in self.widgets if isinstance(w, ComponentControl)), None)
            )
            self.component_focus = True
        else:
            cont = [w for w in self.widgets if w.label in ("Continue", "Finish quest")]
            if cont:
                self.focus.focus(cont[0])

    # ------------------------------------------------------------------ input
    def handle_event(self, event: pygame.event.Event) -> None:
        comp = self.component
        answering = comp is not None and self.awaiting() == "answer"
        focused = self.focus.focused
        on_component = isinstance(focused, ComponentControl)
        panel = self.rubric_panel
        if panel is not None and event.type in (pygame.MOUSEMOTION, pygame.MOUSEWHEEL):
            if panel.handle_event(event):
                self.app.dirty = True
                return
        if (
            comp is not None
            and event.type == pygame.MOUSEBUTTONUP
            and getattr(comp, "dragging_now", lambda: False)()
        ):
            # a drag released anywhere on screen (even outside the card) ends in the component
            comp.handle_event(event)
            self.app.dirty = True
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            # a challenge may use Esc first (put a held card down); otherwise back to the map
            if answering and on_component and comp.handle_event(event):
                self.app.dirty = True
                return
            self.back()
            return
        if answering and event.type == pygame.KEYDOWN and on_component:
            if event.key == pygame.K_TAB:
                shift = event.mod & pygame.KMOD_SHIFT
                stays = comp.focus_prev() if shift else comp.focus_next()
                if not stays:
                    self.focus.move(-1 if shift else 1)
                self.app.dirty = True
                return
            if comp.handle_event(event):
                self.app.dirty = True
                return
        if answering and event.type in (
            pygame.MOUSEBUTTONDOWN,
            pygame.MOUSEBUTTONUP,
            pygame.MOUSEMOTION,
            pygame.MOUSEWHEEL,
            pygame.TEXTINPUT,
            pygame.KEYUP,
        ):
            # drags may leave the component: it always hears motion and the release
            anywhere = (pygame.TEXTINPUT, pygame.KEYUP, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP)
            inside = event.type in anywhere or comp.rect.collidepoint(
                getattr(event, "pos", pygame.mouse.get_pos())
            )
            if inside and (event.type != pygame.TEXTINPUT or on_component):
                used = comp.handle_event(event)
                if used and event.type == pygame.MOUSEBUTTONDOWN:
                    self.focus.focus(
                        next((w for w in self.widgets if isinstance(w, ComponentControl)), None)
                    )
                if used:
                    self.app.dirty = True
                    return
        if (
            event.type == pygame.KEYDOWN
            and event.key == pygame.K_TAB
            and not on_component
            and answering
        ):
            # entering the component from the scene's controls
            before = self.focus.focused
            self.focus.handle_key(event)
            if (
                isinstance(self.focus.focused, ComponentControl)
                and before is not self.focus.focused
            ):
                comp.focus_key = None
                (comp.focus_prev if event.mod & pygame.KMOD_SHIFT else comp.focus_next)()
            return
        super().handle_event(event)
        if event.type == pygame.MOUSEMOTION and answering:
            hit = getattr(comp, "control_at", None)
            target = hit(event.pos) if hit else None
            if target is not None and getattr(target, "enabled", True):
                self.app.set_pointer(True)

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.on_scroll(-3 if event.key == pygame.K_PAGEDOWN else 3)
            return True
        return False

    def on_scroll(self, dy: int) -> None:
        self.story_scroll = max(0, self.story_scroll - dy * self.theme.px(48))
        self.app.dirty = True

    def update(self, dt: float) -> bool:
        if self.component is not None:
            return bool(self.component.update(dt))
        return False

    def controls(self) -> list[Widget]:
        """Scene buttons plus the component's labelled targets (as click-only controls)."""
        out = [w for w in super().controls() if not isinstance(w, ComponentControl)]
        if self.component is not None and self.awaiting() == "answer":
            for label, rect in self.component.controls():
                proxy = Widget(label, rect)
                out.append(proxy)
        return out

    def extra_text(self) -> list[str]:
        """What the hosted component shows (drawn with its own fonts), for assert_text."""
        comp = self.component
        if comp is None:
            return []
        out = [getattr(self.challenge, "prompt", "")]
        out.extend(label for label, _rect in comp.controls())
        feedback = getattr(comp, "feedback", None)
        if feedback and feedback[1]:
            out.append(feedback[1])
        if getattr(comp, "feedback_extra", None):
            out.append(comp.feedback_extra)
        for name in ("status_text",):
            fn = getattr(comp, name, None)
            value = fn() if fn else None
            if value:
                out.append(value)
        if getattr(comp, "notice", None):
            out.append(comp.notice)
        returned = getattr(comp, "returned", None)
        if returned:
            out.extend(part for part in returned if part)
        if self.rubric_panel is not None:
            out.extend(text for _font, text, *_rest in self.rubric_panel.rows)
        editor = getattr(comp, "editor", None)
        if editor is not None and getattr(editor, "text", None):
            out.append(editor.text)
        return out

    # ------------------------------------------------------------------ drawing
    def paint(self, surface: pygame.Surface) -> None:
        t = self.theme
        c = t.colors
        surface.fill(c.background)
        r = self.regions()
        self._paint_top(surface, r["top"])
        if r["story"].width:
            self._paint_story(surface, r["story"])
        chal = r["challenge"]
        if chal.width:
            draw.card(surface, t, chal)
            if self.component is not None:
                self.component.draw(surface)
                focused = isinstance(self.focus.focused, ComponentControl)
                if focused and self.component.focus_key is None:
                    draw.focus_ring(surface, t, chal)
            elif self.component_error:
                surface.blit(
                    t.text(self.component_error, "body", c.warning),
                    (chal.x + t.pad, chal.y + t.pad),
                )
            else:
                self._paint_done_card(surface, chal)
        self._paint_banner(surface)

    def progress_label(self) -> str:
        """The progress line, e.g. "Step 3 of 12", with "Shortcut!" on the step where the
        way got shorter (a right answer skipped a help step, or a shorter branch was taken):
        the total counts the longest way still open, so it never grows."""
        v = self.view
        text = f"Step {v.step_number} of {v.total_steps}"
        return f"{text} · Shortcut!" if self.shortcut else text

    def progress_layout(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        """(title, progress label, segment bar) in the top bar; the bar stops short of the
        Settings button (and is left out when there is no room for it)."""
        t = self.theme
        top = self.regions()["top"]
        back = next((w for w in self.widgets if w.label == "Quest map"), None)
        right = next((w for w in self.widgets if w.label == "Settings"), None)
        x = back.rect.right + t.pad if back is not None else t.pad + t.px(170)
        limit = (right.rect.left if right is not None else top.right - t.pad) - t.gap
        c = t.colors
        tw, th = t.text(self.view.quest.title, "heading", c.ink, bold=True).get_size()
        lw, lh = t.text(self.progress_label(), "small", c.muted, bold=True).get_size()
        self.offline_pill = None
        if self.app.offline:
            # a calm "Offline" pill beside Settings: never over the title, and the step
            # bar keeps a readable length (the pill says less first)
            text = offline.header_text(t, limit - x - max(tw, lw + t.px(160) + t.gap) - t.gap)
            if text is not None:
                w, h = offline.pill_size(t, text)
                pill = pygame.Rect(limit - w, top.centery - h // 2, w, h)
                self.offline_pill = (pill, text)
                limit = pill.x - t.gap
        y0 = top.centery - (th + lh) // 2
        title = pygame.Rect(x, y0, tw, th)
        label = pygame.Rect(x, y0 + th, lw, lh)
        bar_x = label.right + t.gap
        bar_w = min(t.px(360), limit - bar_x)
        if bar_w < t.px(60):
            bar_w = 0
        bar = pygame.Rect(bar_x, label.centery - t.px(5), max(0, bar_w), t.px(10))
        return title, label, bar

    def _paint_top(self, surface, top) -> None:
        t = self.theme
        c = t.colors
        pygame.draw.rect(surface, c.card, top)
        pygame.draw.line(surface, c.card_border, top.bottomleft, top.bottomright, 2)
        v = self.view
        title_rect, label_rect, bar = self.progress_layout()
        title = t.text(v.quest.title, "heading", c.ink, bold=True)
        label = t.text(self.progress_label(), "small", c.muted, bold=True)
        surface.blit(title, title_rect.topleft)
        surface.blit(label, label_rect.topleft)
        if self.offline_pill is not None:
            offline.paint_pill(surface, t, *self.offline_pill)
        if not bar.width:
            return
        n = max(1, v.total_steps)
        seg_gap = 4 if bar.width >= 8 * n else 2
        seg_w = max(2, (bar.width - seg_gap * (n - 1)) // n)
        for i in range(n):
            done = i < v.step_number - 1 or self.run_over
            current = i == v.step_number - 1
            color = c.success if done else (c.primary if current else c.xp_track)
            pygame.draw.rect(
                surface,
                color,
                (bar.x + i * (seg_w + seg_gap), bar.y, seg_w, bar.height),
                border_radius=t.px(5),
            )

    def _paint_story(self, surface, rect) -> None:
        t = self.theme
        c = t.colors
        draw.card(surface, t, rect)
        band = draw.subject_color(self.view.quest.subject)
        pygame.draw.rect(
            surface,
            band,
            (rect.x, rect.y, rect.width, t.px(10)),
            border_top_left_radius=t.radius,
            border_top_right_radius=t.radius,
        )
        inner = rect.inflate(-2 * t.pad, -2 * t.pad)
        inner.y += t.px(6)
        inner.height -= t.px(6)
        kind = "Story" if self.challenge is None else "Mission brief"
        if self.step.ending:
            kind = "Quest complete"
        label = t.text(kind.upper(), "small", band if not t.high_contrast else c.ink, bold=True)
        surface.blit(label, inner.topleft)
        inner.y += label.get_height() + t.gap
        inner.height -= label.get_height() + t.gap
        y = inner.y
        if self.image is not None or self.image_failed:
            max_h = int(inner.height * 0.38)
            if self.image is not None:
                iw, ih = self.image.get_size()
                scale = min(inner.width / iw, max_h / ih, 2.0)
                size = (max(1, int(iw * scale)), max(1, int(ih * scale)))
                cached = getattr(self, "_scaled_image", None)
                if cached is None or cached.get_size() != size:
                    cached = self._scaled_image = pygame.transform.smoothscale(self.image, size)
                img = cached
                surface.blit(img, img.get_rect(midtop=(inner.centerx, y)))
                y += img.get_height() + t.gap
            else:
                box = pygame.Rect(inner.x, y, inner.width, min(max_h, t.px(90)))
                pygame.draw.rect(surface, c.background_alt, box, border_radius=t.px(10))
                alt = self.step.image.alt if self.step.image else ""
                for i, line in enumerate(
                    t.wrap(f"Picture: {alt}", box.width - 2 * t.gap, "small")[:3]
                ):
                    surface.blit(
                        t.text(line, "small", c.muted, italic=True),
                        (box.x + t.gap, box.y + t.gap + i * t.line_height("small")),
                    )
                y += box.height + t.gap
        text_rect = pygame.Rect(inner.x, y, inner.width, inner.bottom - y)
        story = self.story
        content_h = story.layout(text_rect.width) if story is not None else 0
        hint_blocks = []
        if self.hints:
            for i, h in enumerate(self.hints, 1):
                lines = t.wrap(h, text_rect.width - 2 * t.gap, "body")
                hint_blocks.append((f"Hint {i}", lines))
            content_h += t.gap + sum(
                t.line_height("small") + len(ls) * t.line_height("body") + t.gap * 2
                for _, ls in hint_blocks
            )
        if (
            not (self.step.text or "").strip()
            and not self.hints
            and self.challenge is not None
            and self.rubric_panel is None
        ):
            tip = "Read the challenge on the right. You've got this!"
            for i, line in enumerate(t.wrap(tip, text_rect.width, "body")):
                pos = (text_rect.x, text_rect.y + i * t.line_height("body"))
                surface.blit(t.text(line, "body", c.muted, italic=True), pos)
        panel = self.rubric_panel
        if panel is not None:
            # the rubric lives here, in full, under the brief (it scrolls if it must)
            avail = text_rect.height
            panel.set_rect(
                pygame.Rect(text_rect.x - t.px(8), 0, text_rect.width + t.px(16), 10),
                compact=False,  # every level, in full: this panel has the room
            )
            want = panel.content_height + 2 * panel.padding[1]
            story_h = min(content_h, max(int(avail * 0.4), avail - want - t.gap))
            if not (self.step.text or "").strip() and not self.hints:
                story_h = 0
            text_rect.height = story_h
            top = text_rect.bottom + (t.gap if story_h else 0)
            panel.set_rect(
                pygame.Rect(
                    text_rect.x - t.px(8),
                    top,
                    text_rect.width + t.px(16),
                    min(want, inner.bottom - top),
                )
            )
            panel.draw(surface)
        band = None
        if content_h > text_rect.height and text_rect.height:
            # the "Scroll for more" cue gets its own band under the text, never over it
            cue_h = t.line_height("small") + t.px(4)
            text_rect.height -= cue_h
            band = pygame.Rect(text_rect.x, text_rect.bottom, inner.width, cue_h)
        limit = max(0, content_h - text_rect.height)
        self.story_scroll = min(self.story_scroll, limit)
        if story is not None:
            story.draw(surface, text_rect, self.story_scroll)
        clip = surface.get_clip()
        surface.set_clip(text_rect)
        hy = text_rect.y + story.height + t.gap - self.story_scroll if story else text_rect.y
        for title, lines in hint_blocks:
            box_h = t.line_height("small") + len(lines) * t.line_height("body") + t.gap
            box = pygame.Rect(text_rect.x, hy, text_rect.width, box_h)
            pygame.draw.rect(surface, c.warning_bg, box, border_radius=t.px(10))
            pygame.draw.rect(
                surface, c.accent, (box.x, box.y, t.px(6), box.height), border_radius=3
            )
            surface.blit(
                t.text(title, "small", c.warning, bold=True),
                (box.x + t.gap + t.px(6), box.y + t.px(6)),
            )
            ly = box.y + t.px(6) + t.line_height("small")
            for line in lines:
                surface.blit(t.text(line, "body", c.ink), (box.x + t.gap + t.px(6), ly))
                ly += t.line_height("body")
            hy += box_h + t.gap
        surface.set_clip(clip)
        if limit > 0:
            track = pygame.Rect(rect.right - t.px(10), text_rect.y, t.px(5), text_rect.height)
            pygame.draw.rect(surface, c.xp_track, track, border_radius=3)
            th = max(20, int(track.height * text_rect.height / max(1, content_h)))
            ty = track.y + int((track.height - th) * self.story_scroll / limit)
            pygame.draw.rect(surface, c.muted, (track.x, ty, track.width, th), border_radius=3)
            draw.scroll_edges(surface, text_rect, self.story_scroll, limit, c.card, t.px(22))
            if band is not None:
                more = "Scroll for more ↓" if self.story_scroll < limit else "The end ↑"
                draw.more_cue(surface, t, band, c.muted, more)

    def _paint_done_card(self, surface, rect) -> None:
        t = self.theme
        c = t.colors
        msg = "Sent for review!" if self.awaiting() == "review" else "Challenge complete!"
        s = t.text(msg, "title", c.success, bold=True)
        surface.blit(s, s.get_rect(center=rect.center))

    def error_banner(self, exc: QuestError) -> None:
        """A QuestError in the bottom row: its message, and its hint on a softer line."""
        text = screen_message(str(exc))
        self.banner = ("info", text)
        self.banner_hint = (text, screen_hint(getattr(exc, "hint", None)))

    def _banner_lines(self, width: int) -> tuple[str, list[str], list[str]]:
        """(message role, message lines, hint lines): two lines of message, or one of
        message and one of hint when the banner came from an error with a hint."""
        t = self.theme
        text = self.banner[1]
        said, hint = getattr(self, "banner_hint", (None, None))
        if hint and said == text:
            role, lines = t.fit_lines(text, width, 1, "body", True)
            if not lines[0].endswith("…"):
                return role, lines, t.fit_lines(hint, width, 1, "small")[1]
        return "body", t.wrap(text, width, "body", True)[:2], []

    def _paint_banner(self, surface) -> None:
        if not self.banner:
            return
        t = self.theme
        c = t.colors
        kind, text = self.banner
        bg, fg = {
            "good": (c.success_bg, c.success),
            "retry": (c.warning_bg, c.warning),
            "info": (c.background_alt, c.ink),
        }[kind]
        rect = self.banner_rect
        role, lines, hints = self._banner_lines(rect.width - 2 * t.pad - t.px(34))
        lines = lines + hints
        pygame.draw.rect(
            surface, bg, rect, border_radius=rect.height // 2 if len(lines) == 1 else t.radius
        )
        pygame.draw.rect(
            surface,
            fg,
            rect,
            t.border,
            border_radius=rect.height // 2 if len(lines) == 1 else t.radius,
        )
        icon_c = (rect.x + t.pad + t.px(8), rect.centery)
        if kind == "good":
            draw.check_icon(surface, fg, icon_c, t.px(18))
        else:
            from quest_engine.ui.challenges.draw import info_badge

            info_badge(surface, icon_c, t.px(11), fg if kind != "info" else c.primary)
        ink = fg if kind != "info" else c.ink
        x = rect.x + t.pad + t.px(28)
        said = lines[: len(lines) - len(hints)]
        y = (
            rect.centery
            - (len(said) * t.line_height(role) + len(hints) * t.line_height("small")) // 2
        )
        for line in said:
            surface.blit(t.text(line, role, ink, bold=True), (x, y))
            y += t.line_height(role)
        for line in hints:
            surface.blit(t.text(line, "small", ink), (x, y))
            y += t.line_height("small")

    def exit(self) -> None:
        self.save_now()
        super().exit()
