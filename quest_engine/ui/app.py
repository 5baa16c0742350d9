"""The game application: window, scene stack, pygame_gui manager and the event loop.

The loop caps at 60 FPS while something moves and otherwise sleeps in
`pygame.event.wait(timeout)`, so an idle game uses almost no CPU. Every student action is
written by the facade as it happens, so closing the window at any moment loses nothing.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from quest_engine.ui.controls import TextField
from quest_engine.ui.settings import Settings, load_settings, save_settings
from quest_engine.ui.sound import Sounds
from quest_engine.ui.theme import Theme, font_files

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (1024, 600)
MAX_FPS = 60
IDLE_TIMEOUT_MS = 1000
BLINK_TIMEOUT_MS = 500
POLL_INTERVAL_S = 0.02
CONNECTION_CHECK_S = 2.0
"""How often the loop asks whether the shared store answers (a cheap, local question)."""


def use_headless_drivers() -> None:
    """Run without a window or sound card (tests, CI, screenshots)."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"


class App:
    """One running game: owns the window and the scene stack; scenes call back into it."""

    def __init__(
        self,
        service: Any,
        size: tuple[int, int] = DEFAULT_SIZE,
        settings: Settings | None = None,
        settings_file: Path | None = None,
        fps: int = MAX_FPS,
    ) -> None:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        pygame.display.init()
        pygame.font.init()
        self.size = (max(size[0], 320), max(size[1], 240))
        self.screen = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        pygame.display.set_caption("Quest Engine")
        self._driver_blocks = pygame.display.get_driver() not in ("dummy", "offscreen")
        self._set_minimum_size()
        pygame.key.set_repeat(400, 40)
        self.settings_file = settings_file
        self.settings = settings or load_settings(settings_file)
        self.theme = Theme(self.settings, self.size)
        self._set_icon()
        self.manager = self._make_manager()
        self.sounds = Sounds(self.settings.sound)
        self.service = service
        self._register_pack_art()
        self.player: Any = None
        self.facilitator: Any = None
        self.scenes: list[Any] = []
        self.fps = fps
        self.clock = pygame.time.Clock()
        self.dirty = True
        self.animating = False
        self.running = True
        self.frame = 0
        self.last_frame_text: list[str] = []
        self.connection = self._read_connection()
        self._connection_at = time.monotonic()

    # ------------------------------------------------------------------ setup
    def _set_minimum_size(self) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                window = pygame.Window.from_display_module()
            window.minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
            pass

    def _set_icon(self) -> None:
        """A small star emblem for the window and task bar."""
        from quest_engine.ui.draw import badge_emblem

        icon = pygame.Surface((64, 64), pygame.SRCALPHA)
        badge_emblem(icon, self.theme, (32, 32), 30, "#C2410C", "Q")
        pygame.display.set_icon(icon)

    def _gui_theme(self) -> dict:
        """The JSON theme for pygame_gui, with our bundled font at the current text size."""
        data = json.loads(self.theme.gui_theme_path.read_text(encoding="utf-8"))
        regular, bold = font_files(self.settings.dyslexia_font)
        font = {
            "name": "questfont-dyslexic" if self.settings.dyslexia_font else "questfont",
            "size": str(self.theme.font_size("body")),
            "bold": "0",
            "italic": "0",
            "regular_path": str(regular),
            "bold_path": str(bold),
            "italic_path": str(regular),
            "bold_italic_path": str(bold),
        }
        for element in ("defaults", "text_entry_line", "button", "label"):
            data.setdefault(element, {})["font"] = dict(font)
        return data

    def _make_manager(self) -> pygame_gui.UIManager:
        return pygame_gui.UIManager(self.size, self._gui_theme(), enable_live_theme_updates=False)

    def _register_pack_art(self) -> None:
        from quest_engine.ui.images import set_pack_roots

        try:
            packs = self.service.packs()
        except Exception:  # noqa: BLE001 - art is optional; the screens report pack problems
            packs = []
        set_pack_roots({p.pack_id: p.pack.root for p in packs if p.ok and p.pack is not None})

    # ------------------------------------------------------------------ connection
    def _read_connection(self) -> Any:
        read = getattr(self.service, "check_server", None) or getattr(
            self.service, "connection_status", None
        )
        if read is None:
            return None
        try:
            return read()
        except Exception:  # noqa: BLE001 - the notice is a courtesy; never stop the game for it
            return None

    @property
    def offline(self) -> bool:
        """The shared store's server cannot be reached (a SQLite file never is offline)."""
        return bool(getattr(self.connection, "offline", False))

    def check_connection(self, force: bool = False) -> None:
        """Ask the facade whether the server answers (at most every CONNECTION_CHECK_S
        unless `force`); when that changes, the screens lay out their notice again."""
        now = time.monotonic()
        if not force and now - self._connection_at < CONNECTION_CHECK_S:
            return
        self._connection_at = now
        status = self._read_connection()
        if status == self.connection:
            return
        was_offline = self.offline
        self.connection = status
        self.dirty = True
        if self.offline != was_offline:
            for scene in self.scenes[:-1]:
                scene.relayout()
                scene.cover()
            if self.scenes:
                self.scenes[-1].relayout()

    # ------------------------------------------------------------------ scenes
    @property
    def top(self) -> Any:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Any) -> None:
        if self.scenes:
            self.scenes[-1].cover()
        self.scenes.append(scene)
        scene.enter()
        self.dirty = True

    def pop(self) -> None:
        if not self.scenes:
            return
        self.scenes.pop().exit()
        if self.scenes:
            self.scenes[-1].uncover()
        self.dirty = True

    def reset(self, scene: Any) -> None:
        """Replace the whole stack (sign in, sign out)."""
        self.check_connection(force=True)
        while self.scenes:
            self.scenes.pop().exit()
        self.push(scene)

    # ------------------------------------------------------------------ sessions
    def start(self) -> None:
        from quest_engine.ui.scenes.signin import SignInScene

        self.reset(SignInScene(self))

    def signed_in(self, player: Any) -> None:
        from quest_engine.ui.scenes.hub import HubScene

        self.player = player
        self.facilitator = None
        self.reset(HubScene(self))

    def facilitator_signed_in(self, facilitator: Any) -> None:
        from quest_engine.ui.scenes.facilitator import FacilitatorScene

        self.facilitator = facilitator
        self.player = None
        self.reset(FacilitatorScene(self))

    def sign_out(self) -> None:
        self.player = None
        self.facilitator = None
        self.start()

    def celebrate(self, feedback: Any) -> None:
        """Show the badge / level-up moment when the feedback carries one."""
        if getattr(feedback, "badges", None) or getattr(feedback, "level_up", None):
            from quest_engine.ui.scenes.celebration import CelebrationScene

            self.push(CelebrationScene(self, tuple(feedback.badges), feedback.level_up))

    def open_settings(self) -> None:
        from quest_engine.ui.scenes.settings_scene import SettingsScene

        self.push(SettingsScene(self))

    def apply_settings(self, settings: Settings) -> None:
        """Adopt and persist new settings; every screen lays itself out again."""
        self.settings = settings
        save_settings(settings, self.settings_file)
        self.sounds.enabled = settings.sound
        self.theme.apply(settings, self.size)
        for scene in self.scenes:
            for w in scene.widgets:
                if isinstance(w, TextField):
                    w.detach()
        self.manager = self._make_manager()
        for scene in self.scenes[:-1]:
            scene.relayout()
            scene.cover()
        if self.scenes:
            self.scenes[-1].relayout()
        self.dirty = True

    # ------------------------------------------------------------------ loop
    def resize(self, size: tuple[int, int]) -> None:
        size = (max(320, int(size[0])), max(240, int(size[1])))
        if self.screen.get_size() != size:
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.size = size
        self.theme.apply(self.settings, size)
        self.manager.set_window_resolution(size)
        for scene in self.scenes[:-1]:
            scene.resize(size)
            scene.cover()
        if self.scenes:
            self.scenes[-1].resize(size)
        self.dirty = True

    def set_pointer(self, over_control: bool) -> None:
        """A hand over things you can click, the arrow elsewhere."""
        if over_control == getattr(self, "_hand", False):
            return
        self._hand = over_control
        cursor = pygame.SYSTEM_CURSOR_HAND if over_control else pygame.SYSTEM_CURSOR_ARROW
        try:
            pygame.mouse.set_cursor(cursor)
        except pygame.error:
            pass  # no cursor without a real display

    def text_focused(self) -> bool:
        top = self.top
        focused = top.focus.focused if top is not None else None
        return isinstance(focused, TextField)

    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize(event.size)
            return
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self.dirty = True
            return
        if event.type in (pygame.WINDOWSIZECHANGED, pygame.WINDOWRESIZED):
            return
        if event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED, pygame.WINDOWHIDDEN):
            # the student switched away: save what they typed now, not on the next keypress
            for scene in self.scenes:
                hook = getattr(scene, "save_now", None)
                if hook:
                    hook()
            return
        self.dirty = True
        hook = getattr(self.top, "focus_field_at", None)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and hook is not None:
            hook(event.pos)  # the text entry takes the click itself: move the ring with it
        if self.manager.process_events(event):
            return
        top = self.top
        if top is not None:
            top.handle_event(event)

    def wait_for_event(self, timeout_ms: int) -> pygame.event.Event:
        """Sleep until an event arrives or the timeout passes.

        Real video drivers block inside SDL_WaitEventTimeout. SDL's dummy and offscreen
        drivers cannot block, and SDL falls back to polling every millisecond; there we poll
        every 20 ms ourselves, so a headless game idles as quietly as a windowed one."""
        if self._driver_blocks:
            return pygame.event.wait(timeout_ms)
        deadline = time.monotonic() + timeout_ms / 1000.0
        while True:
            event = pygame.event.poll()
            if event.type != pygame.NOEVENT or time.monotonic() >= deadline:
                return event
            time.sleep(POLL_INTERVAL_S)

    def tick(self, block: bool = True) -> None:
        """One pass of the loop: wait (when idle), handle input, animate, draw."""
        events: list[pygame.event.Event] = []
        if block and not (self.dirty or self.animating):
            timeout = BLINK_TIMEOUT_MS if self.text_focused() else IDLE_TIMEOUT_MS
            first = self.wait_for_event(timeout)
            if first.type != pygame.NOEVENT:
                events.append(first)
            elif self.text_focused():
                self.dirty = True  # let the text cursor blink
        events.extend(pygame.event.get())
        for event in events:
            self.dispatch(event)
            if not self.running:
                return
        dt = min(self.clock.tick(self.fps) / 1000.0, 0.1)
        self.check_connection()
        self.manager.update(dt)
        animating = False
        for scene in self.visible_scenes():
            animating = scene.update(dt) or animating
        self.animating = animating
        if self.dirty or self.animating:
            self.draw()
        self.frame += 1

    def visible_scenes(self) -> list[Any]:
        start = len(self.scenes) - 1
        while start > 0 and getattr(self.scenes[start], "overlay", False):
            start -= 1
        return self.scenes[max(start, 0) :]

    def draw(self) -> None:
        self.theme.begin_frame()
        for scene in self.visible_scenes():
            scene.draw(self.screen)
        self.manager.draw_ui(self.screen)
        self.last_frame_text = list(self.theme.drawn_text)
        pygame.display.flip()
        self.dirty = False

    def run(self, frames: int | None = None) -> None:
        """Play until the window closes (or for `frames` frames, without waiting)."""
        if not self.scenes:
            self.start()
        count = 0
        failures = 0
        while self.running:
            try:
                self.tick(block=frames is None)
                failures = 0
            except Exception as exc:  # noqa: BLE001 - keep playing; progress is already saved
                failures += 1
                if os.environ.get("QUEST_DEBUG") or failures > 3:
                    raise
                self.recover(exc)
            count += 1
            if frames is not None and count >= frames:
                break

    def recover(self, exc: Exception) -> None:
        """A screen failed: leave it for the one beneath, say so kindly, keep the game running.

        Everything the student did is already in the store, so nothing is lost. The log line
        names the error type only (never student text)."""
        from quest_engine.errors import QuestError

        print(
            f"quest: a screen failed ({type(exc).__name__}); returning to the previous one",
            file=sys.stderr,
        )
        if len(self.scenes) > 1:
            self.pop()
        if self.top is not None:
            if isinstance(exc, QuestError):
                self.top.show_error(exc)
            else:
                self.top.message = "Sorry, that screen hit a problem. Your progress is saved."
        self.dirty = True

    def quit(self) -> None:
        """The window is closing: let scenes flush anything pending (a writing draft)."""
        for scene in reversed(self.scenes):
            hook = getattr(scene, "save_now", None)
            if hook:
                hook()
        self.running = False

    def screenshot(self, path: str | Path) -> None:
        self.draw()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.screen, str(path))

    def visible_text(self) -> str:
        """Everything drawn as text in the last frame plus the text in entry fields."""
        parts = list(self.last_frame_text)
        top = self.top
        if top is not None:
            extra = getattr(top, "extra_text", None)
            if extra is not None:
                parts.extend(extra())
            for w in top.widgets:
                if isinstance(w, TextField) and w.visible:
                    parts.append(w.text)
        return "\n".join(parts)

    def close(self) -> None:
        self.quit()
        pygame.display.quit()
