"""Pilot: drives the real game loop with real pygame events (tests, `quest play --script`).

Like Textual's Pilot: `click("Start quest")` finds the control labelled so on the top
screen, posts mouse events at its centre into pygame's queue and runs frames, so input
takes exactly the path a student's mouse and keyboard take.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from quest_engine.ui.app import App

KEY_NAMES = {
    "enter": pygame.K_RETURN,
    "return": pygame.K_RETURN,
    "tab": pygame.K_TAB,
    "escape": pygame.K_ESCAPE,
    "esc": pygame.K_ESCAPE,
    "space": pygame.K_SPACE,
    "backspace": pygame.K_BACKSPACE,
    "up": pygame.K_UP,
    "down": pygame.K_DOWN,
    "left": pygame.K_LEFT,
    "right": pygame.K_RIGHT,
    "home": pygame.K_HOME,
    "end": pygame.K_END,
    "pageup": pygame.K_PAGEUP,
    "pagedown": pygame.K_PAGEDOWN,
}
MODS = {"shift": pygame.KMOD_SHIFT, "ctrl": pygame.KMOD_CTRL, "alt": pygame.KMOD_ALT}


class PilotError(AssertionError):
    """A scripted action could not be done (no such control, text not on screen)."""


class Pilot:
    def __init__(self, app: App) -> None:
        self.app = app
        if not app.scenes:
            app.start()
        self.frames(1)

    # ------------------------------------------------------------------ time
    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.tick(block=False)
            if not self.app.running:
                return

    wait = frames

    # ------------------------------------------------------------------ finding
    def controls(self) -> list:
        top = self.app.top
        return top.controls() if top is not None else []

    def find(self, label: str):
        controls = self.controls()
        for w in controls:
            if w.label == label:
                return w
        low = label.lower()
        for w in controls:
            if w.label.lower() == low:
                return w
        for w in controls:
            if low in w.label.lower():
                return w
        top = self.app.top
        for w in top.hidden_controls() if hasattr(top, "hidden_controls") else []:
            if w.label.lower() == low:
                shown = top.reveal(w)
                self.frames(1)
                if shown is not None and not shown.clipped:
                    return shown
        names = ", ".join(repr(w.label) for w in controls)
        raise PilotError(f"no control labelled {label!r} on this screen; there are: {names}")

    def labels(self) -> list[str]:
        return [w.label for w in self.controls()]

    # ------------------------------------------------------------------ input
    def click(self, label: str) -> None:
        widget = self.find(label)
        target = widget.entry_rect() if hasattr(widget, "entry_rect") else widget.rect
        self.click_at(target.center)

    def click_at(self, pos: tuple[int, int], button: int = 1) -> None:
        pos = (int(pos[0]), int(pos[1]))
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        )
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.frames(2)

    def drag(self, start: tuple[int, int], end: tuple[int, int], steps: int = 6) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
        self.frames(1)
        for i in range(1, steps + 1):
            p = (
                start[0] + (end[0] - start[0]) * i // steps,
                start[1] + (end[1] - start[1]) * i // steps,
            )
            pygame.event.post(
                pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(1, 0, 0))
            )
            self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
        self.frames(2)

    def press(self, *keys: str) -> None:
        """Press keys by name: "tab", "enter", "shift+tab", "down", "a" ..."""
        for name in keys:
            parts = name.lower().split("+")
            mod = 0
            for m in parts[:-1]:
                mod |= MODS.get(m, 0)
            key_name = parts[-1]
            key = KEY_NAMES.get(key_name)
            if key is None:
                key = pygame.key.key_code(key_name)
            uni = key_name if len(key_name) == 1 else ("\r" if key == pygame.K_RETURN else "")
            down = pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=uni, scancode=0)
            up = pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=uni, scancode=0)
            pygame.event.post(down)
            pygame.event.post(up)
            self.frames(2)

    def type(self, text: str) -> None:
        """Type text into the focused field, as the keyboard's text input does."""
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frames(2)

    def scroll(self, dy: int) -> None:
        pos = pygame.mouse.get_pos()
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEWHEEL,
                x=0,
                y=dy,
                flipped=False,
                precise_x=0.0,
                precise_y=float(dy),
                touch=False,
                pos=pos,
            )
        )
        self.frames(2)

    def resize(self, width: int, height: int) -> None:
        pygame.event.post(
            pygame.event.Event(pygame.VIDEORESIZE, size=(width, height), w=width, h=height)
        )
        self.frames(2)

    # ------------------------------------------------------------------ looking
    def screen_text(self) -> str:
        self.app.dirty = True
        self.frames(1)
        return self.app.visible_text()

    def assert_text(self, text: str) -> None:
        shown = self.screen_text()
        joined = " ".join(s.strip() for s in shown.split("\n"))
        if text.lower() not in shown.lower() and text.lower() not in joined.lower():
            flat = " | ".join(s for s in shown.split("\n") if s.strip())
            raise PilotError(f"{text!r} is not on screen; the screen shows: {flat[:600]}")

    def screenshot(self, path: str | Path) -> Path:
        path = Path(path)
        self.app.screenshot(path)
        return path

    # ------------------------------------------------------------------ auto-player
    def open_quest(self, title: str) -> None:
        """From the hub: choose the quest on the map and press Start / Continue."""
        hub = self.app.top
        node = self.find(title)
        card = next((c for c in getattr(hub, "cards", []) if c.quest.title == title), None)
        if card is None or getattr(hub, "selected", None) != card.quest.id:
            self.click(node.label)
        for label in ("Start quest", "Continue quest", "Play again"):
            if label in self.labels():
                self.click(label)
                return
        if card is not None and card.status == "locked":
            missing = "; ".join(card.missing) or "its prerequisites"
            raise PilotError(f"{title!r} is locked (unlock by: {missing})")
        raise PilotError(f"{title!r} cannot be started; the screen offers: {self.labels()}")

    def answer_step(self) -> None:
        """Answer the open challenge correctly, through the same input a student uses.

        Choices are clicked, numbers and words are typed, writing is typed and submitted;
        drag-based challenges (order, match, mini-games) hand the solved answer to the
        component's own submit callback.
        """
        from quest_engine.rules.autoplay import solve_challenge

        scene = self.app.top
        challenge = scene.challenge
        answer = solve_challenge(challenge)
        kind = challenge.kind
        comp = scene.component
        if kind == "choice":
            ids = answer if isinstance(answer, list) else [answer]
            for option in challenge.options:
                if option.id in ids:
                    if option.text not in self.labels() and hasattr(comp, "reveal"):
                        comp.reveal(f"opt:{option.id}")  # scroll it into view, as a wheel would
                        self.frames(1)
                    self.click(option.text)
            if challenge.multiple and comp.submit_label:
                self.click(comp.submit_label)
        elif kind in ("number", "text"):
            text = format(answer, "g") if isinstance(answer, float | int) else str(answer)
            if kind == "number" and challenge.unit:
                text = f"{text} {challenge.unit}"
            self.type(text)
            self.press("enter")
        elif kind == "write":
            self.type(answer)
            self.click(comp.submit_label)
        else:
            comp.on_submit(answer)
            self.frames(2)

    def play_quest(self, title: str, max_moves: int = 400) -> None:
        """Play a quest from the hub to the end with right answers (tests, demos)."""
        self.open_quest(title)
        for _ in range(max_moves):
            scene = self.app.top
            name = type(scene).__name__
            if name == "CelebrationScene":
                self.click("Awesome!")
                continue
            if name == "HubScene":
                return
            if name != "QuestPlayerScene":
                raise PilotError(f"the auto-player got lost on the {name} screen")
            if scene.awaiting() == "answer" and scene.component is not None:
                before = (scene.view.step.id, scene.view.attempts)
                self.answer_step()
                after = self.app.top
                if (
                    after is scene
                    and (scene.view.step.id, scene.view.attempts) == before
                    and scene.awaiting() == "answer"
                ):
                    raise PilotError(
                        f"answering step {before[0]!r} did nothing; screen: {self.labels()}"
                    )
                continue
            for label in ("Continue", "Finish quest"):
                if label in self.labels():
                    self.click(label)
                    break
            else:
                raise PilotError(f"stuck on step {scene.view.step.id!r}: {self.labels()}")
        raise PilotError(f"{title!r} did not finish within {max_moves} moves")
