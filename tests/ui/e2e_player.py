"""An auto-player for end-to-end tests: plays the real game through the real input path.

It asks the rules engine what a perfect student would do next
(`quest_engine.rules.autoplay.next_action` on the open run, `app.player.run`) and then
*enters* that answer the way a student does: clicks the option labelled X, types into the
entry and presses Enter, reorders cards with the keyboard, drags match lines, types an
essay and clicks Submit, sets launch sliders with the arrow keys, taps weights onto the
beam and drags fraction cards onto the number line. Every target comes from the screen's
own labelled controls (`controls()`), so a control a student cannot reach fails the test.

`Shots` saves one PNG per screen type into docs/screens/ when QUEST_SCREENSHOTS=1, so a
normal test run writes nothing into the repository.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

from quest_engine.rules import minigames
from quest_engine.rules.autoplay import next_action
from quest_engine.rules.run import Proceed, SubmitAnswer, SubmitWork
from quest_engine.ui.pilot import Pilot, PilotError
from quest_engine.ui.scenes.signin import START_HERE

SCREENS_DIR = Path(__file__).resolve().parents[2] / "docs" / "screens"
ESSAY = (
    "Our team tested the idea three times and wrote down every result we saw. "
    "The first try failed, so we changed one thing and tried again with care. "
    "In the end the numbers agreed, and we learned that patient testing beats guessing. "
    "Next time we will plan the fair test before we start and share it with the class."
)


def open_game(store_path: Path, packs: list, config_dir: Path, motion: bool = False) -> Pilot:
    """The real game (GameService on the SQLite file, the real App) under a Pilot.

    Reduced motion (the player setting) keeps runs fast: flights land and beams settle at
    once. The uncapped frame rate means no frame waits on the clock.
    """
    from quest_engine.app.service import GameService
    from quest_engine.store import open_store
    from quest_engine.ui.app import App
    from quest_engine.ui.settings import Settings

    settings = Settings(reduced_motion=not motion, sound=False)
    service = GameService(open_store(str(store_path)), packs)
    app = App(service, settings=settings, settings_file=config_dir / "settings.json", fps=1000)
    return Pilot(app)


class Shots:
    """One screenshot per screen type, only when QUEST_SCREENSHOTS=1 (or a folder is given)."""

    def __init__(self, directory: Path | None, prefix: str = "") -> None:
        self.directory = directory
        self.prefix = prefix
        """Prefix for the file names of one run (e.g. "small-" for the 1024x600 run)."""
        self.taken: list[str] = []

    @classmethod
    def from_env(cls) -> Shots:
        on = os.environ.get("QUEST_SCREENSHOTS", "") not in ("", "0")
        return cls(SCREENS_DIR if on else None)

    def wants(self, name: str) -> bool:
        return self.directory is not None and name not in self.taken

    def take(self, pilot: Pilot, name: str) -> None:
        if self.directory is None or name in self.taken:
            return
        self.taken.append(name)
        pilot.screenshot(self.directory / f"e2e-{self.prefix}{name}.png")


@dataclass
class QuestLog:
    """What the auto-player did in one quest: the steps answered, by kind."""

    quest_id: str
    title: str
    answered: list[tuple[str, str]] = field(default_factory=list)
    """(step id, kind) for every challenge answered, e.g. ("line", "game:number-line")."""
    celebrations: int = 0


def challenge_kind(challenge: Any) -> str:
    if challenge.kind == "game":
        return f"game:{challenge.game}"
    return challenge.kind


def essay(min_words: int, max_words: int | None) -> str:
    """A real-looking text of a word count the writing step accepts."""
    words = ESSAY.split()
    want = max(min_words, 1) + 4
    if max_words is not None:
        want = min(want, max_words)
    out = (words * (want // len(words) + 1))[:want]
    return " ".join(out)


class AutoPlayer:
    """Drives a Pilot on the real App: sign in, open quests, answer every step."""

    def __init__(
        self,
        pilot: Pilot,
        shots: Shots | None = None,
        settle_frames: int = 5000,
        keyboard: bool = False,
    ):
        self.keyboard = keyboard
        """Keyboard only: Tab, arrows, Enter and typing, never the mouse."""
        self.pilot = pilot
        self.app = pilot.app
        self.shots = shots or Shots(None)
        self.settle_frames = settle_frames

    # ------------------------------------------------------------------ helpers
    @property
    def scene(self) -> Any:
        return self.app.top

    @property
    def scene_name(self) -> str:
        return type(self.app.top).__name__

    def shot(self, name: str) -> None:
        self.shots.take(self.pilot, name)

    def settle(self) -> None:
        """Run frames until nothing moves (flights land, beams stop swinging)."""
        for _ in range(self.settle_frames):
            if not self.app.animating:
                return
            self.pilot.frames(1)
        raise PilotError("the screen kept animating")

    def run_while(self, moving, limit: int = 2000) -> None:
        """Screenshot runs only: frames while an animation gets to its best moment."""
        for _ in range(limit):
            if not moving():
                return
            self.pilot.frames(1)

    def visible(self, label: str) -> pygame.Rect | None:
        """The shown part of the component's control labelled `label`, if big enough to tap."""
        for lab, rect in self.scene.component.controls():
            if lab == label and rect.height >= 16 and rect.width >= 16:
                return rect
        return None

    def wheel(self, dy: int) -> None:
        """Turn the mouse wheel over the challenge (long lists scroll)."""
        pos = self.scene.component.body.center
        self.pilot.app.dirty = True
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        )
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
        self.pilot.frames(1)

    def target(self, label: str) -> pygame.Rect:
        """The rect of the challenge's control labelled `label`, scrolling it into view."""
        comp = self.scene.component
        down = True
        for _ in range(60):
            rect = self.visible(label)
            if rect is not None:
                return rect
            top = comp.max_scroll() if hasattr(comp, "max_scroll") else 0
            if not top:
                break
            if down and comp.scroll >= top:
                down = False
            elif not down and comp.scroll <= 0:
                break
            self.wheel(-1 if down else 1)
        names = ", ".join(repr(lab) for lab, _ in comp.controls())
        raise PilotError(f"no challenge control labelled {label!r}; there are: {names}")

    def click_target(self, label: str) -> None:
        self.pilot.click_at(self.target(label).center)

    def expect_scene(self, name: str) -> None:
        if self.scene_name != name:
            raise PilotError(
                f"expected the {name} screen, got {self.scene_name}: {self.pilot.labels()}"
            )

    def expect_keyboard_on_challenge(self) -> None:
        """A new step puts keyboard focus on the challenge's first control."""
        scene = self.scene
        focused = scene.focus.focused
        if type(focused).__name__ != "ComponentControl" or scene.component.focus_key is None:
            raise PilotError(f"the keyboard is not on the challenge (focus: {focused!r})")

    def focused_label(self) -> str | None:
        focused = self.scene.focus.focused
        return focused.label if focused is not None else None

    def tab_to(self, label: str, limit: int = 60) -> None:
        """Press Tab until the screen's keyboard focus is on the control labelled `label`."""
        for _ in range(limit):
            if self.focused_label() == label:
                return
            self.pilot.press("tab")
        raise PilotError(f"Tab never reached {label!r} on the {self.scene_name} screen")

    def tab_to_challenge(self, key: str, limit: int = 60) -> None:
        """Press Tab until the challenge's own focus is on its control `key` (e.g. "submit")."""
        for _ in range(limit):
            scene = self.scene
            on = type(scene.focus.focused).__name__ == "ComponentControl"
            if on and scene.component.focus_key == key:
                return
            self.pilot.press("tab")
        raise PilotError(f"Tab never reached the challenge control {key!r}")

    def activate(self, label: str) -> None:
        """Keyboard: Tab to the control and press Enter. Mouse: click it."""
        if self.keyboard:
            self.tab_to(label)
            self.pilot.press("enter")
        else:
            self.pilot.click(label)

    def submit_challenge(self) -> None:
        comp = self.scene.component
        if self.keyboard:
            self.tab_to_challenge("submit")
            self.pilot.press("enter")
        else:
            self.click_target(comp.submit_label)

    # ------------------------------------------------------------------ sign in
    def create_class(self, name: str) -> None:
        """Sign-in screen, class list: New class (on a fresh machine: Start here) -> type the
        name -> Create class. The first class goes straight on to making a profile."""
        first = "New class" not in [w.label for w in self.scene.controls()]
        self.activate(START_HERE if first else "New class")
        if self.keyboard:
            self.tab_to("Class name")
            self.pilot.type(name)
            self.pilot.press("enter")
        else:
            self.pilot.click("Class name")
            self.pilot.type(name)
            self.pilot.click("Create class")
        self.pilot.assert_text("Step 2 of 2" if first else f"{name}: pick your profile")

    def create_student(self, name: str, avatar: str | None = None, pin: str | None = None) -> None:
        """On the class's profile list: I'm new here -> name, character, PIN -> Start playing."""
        if "I'm new here" in [w.label for w in self.scene.controls()]:
            self.activate("I'm new here")  # (the first profile of a first class is asked for)
        pin_label = next(w.label for w in self.scene.widgets if "PIN" in w.label)
        for label, text in (("Display name", name), (pin_label, pin)):
            if text:
                if self.keyboard:
                    self.tab_to(label)
                else:
                    self.pilot.click(label)
                self.pilot.type(text)
        if avatar:
            self.activate(f"Avatar {avatar}")
        self.shot("signin-create")
        self.activate("Start playing")
        self.expect_scene("HubScene")

    def sign_in(self, class_name: str, student: str, pin: str | None = None) -> None:
        self.activate(class_name)
        self.activate(student)
        if pin:
            if self.keyboard:
                self.tab_to("PIN")
            else:
                self.pilot.click("PIN")
            self.pilot.type(pin)
            self.pilot.press("enter")
        self.expect_scene("HubScene")

    # ------------------------------------------------------------------ hub
    def open_quest(self, title: str) -> None:
        """On the map: pick the quest's node, then Start / Continue / Play again."""
        self.expect_scene("HubScene")
        hub = self.scene
        card = next(c for c in hub.cards if c.quest.title == title)
        if hub.selected != card.quest.id:
            self.activate(title)
        for label in ("Start quest", "Continue quest", "Play again"):
            if label in self.pilot.labels():
                self.activate(label)
                self.expect_scene("QuestPlayerScene")
                return
        raise PilotError(f"{title!r} cannot be started; the hub offers {self.pilot.labels()}")

    def playable(self) -> list[Any]:
        return [c for c in self.app.player.quest_map() if c.status in ("available", "in_progress")]

    def play_all(self, limit: int = 40) -> list[QuestLog]:
        """Play every quest the map offers until none is left (later ones unlock)."""
        logs = []
        for _ in range(limit):
            todo = self.playable()
            if not todo:
                return logs
            logs.append(self.play_quest(todo[0].quest.title))
        raise PilotError("quests kept appearing on the map")

    # ------------------------------------------------------------------ quest
    def play_until(self, arrived, max_moves: int = 100) -> None:
        """Play right answers until `arrived(scene)` holds on the quest player."""
        for _ in range(max_moves):
            if self.scene_name == "CelebrationScene":
                self.pilot.click("Awesome!")
                continue
            self.expect_scene("QuestPlayerScene")
            if arrived(self.scene):
                return
            self.step()
        raise PilotError("the quest never reached the wanted step")

    def play_quest(self, title: str, max_moves: int = 200) -> QuestLog:
        self.open_quest(title)
        quest = self.scene.view.quest
        log = QuestLog(quest.id, title)
        for _ in range(max_moves):
            name = self.scene_name
            if name == "CelebrationScene":
                if self.shots.wants("celebration"):
                    self.run_while(lambda: self.scene.t < 1.2)  # let the confetti fall in
                self.shot("celebration")
                log.celebrations += 1
                self.pilot.press("enter") if self.keyboard else self.pilot.click("Awesome!")
                continue
            if name == "HubScene":
                return log
            self.expect_scene("QuestPlayerScene")
            self.step(log)
        raise PilotError(f"{title!r} did not finish within {max_moves} moves")

    def step(self, log: QuestLog | None = None) -> None:
        """One move on the quest player: answer the challenge, or Continue / Finish."""
        scene = self.scene
        run = self.app.player.run
        if run is None and not scene.run_over:
            raise PilotError("the quest player is open but no run is in progress")
        # the ending page comes after the run is over: only Finish quest is left
        action = None if run is None else next_action(scene.view.quest, run)
        if isinstance(action, Proceed) or action is None:
            if scene.challenge is None:
                self.shot("story")
            labels = self.pilot.labels()
            for label in ("Continue", "Finish quest"):
                if label in labels:
                    if self.keyboard and self.focused_label() != label:
                        raise PilotError(f"{label} is not focused after step {scene.step.id!r}")
                    self.pilot.press("enter") if self.keyboard else self.pilot.click(label)
                    return
            raise PilotError(f"stuck on step {scene.view.step.id!r}: {labels}")
        kind = challenge_kind(scene.challenge)
        answer = action.answer if isinstance(action, SubmitAnswer) else action.text
        before = (scene.view.step.id, scene.view.attempts)
        self.enter(kind, answer)
        after = self.scene
        if after is scene and scene.feedback is None:
            raise PilotError(
                f"entering the answer to {before[0]!r} ({kind}) sent nothing; the screen shows "
                f"{self.pilot.screen_text()[:400]!r}"
            )
        if after is scene and not scene.feedback.correct:
            raise PilotError(
                f"the right answer to {before[0]!r} ({kind}) was judged wrong: "
                f"{scene.feedback.message!r}"
            )
        if log is not None:
            log.answered.append((before[0], kind))
        if self.scene_name == "QuestPlayerScene":
            self.shot("feedback-correct")

    # ------------------------------------------------------------------ entering answers
    def enter(self, kind: str, answer: Any) -> None:
        """Enter `answer` through the challenge's own controls; the component submits it."""
        if isinstance(answer, SubmitWork):  # pragma: no cover - next_action gives the text
            answer = answer.text
        if self.keyboard:
            self.expect_keyboard_on_challenge()
        enter = {
            "choice": self.enter_choice,
            "number": self.enter_typed,
            "text": self.enter_typed,
            "order": self.enter_order,
            "match": self.enter_match,
            "write": self.enter_write,
            "game:launch": self.enter_launch,
            "game:balance": self.enter_balance,
            "game:number-line": self.enter_number_line,
        }[kind]
        enter(answer)

    def enter_choice(self, answer: list[str]) -> None:
        challenge = self.scene.challenge
        texts = {o.id: o.text for o in challenge.options}
        if self.keyboard:
            for option_id in answer:
                self.tab_to_challenge(f"opt:{option_id}")
                self.pilot.press("enter")  # single choice: submits; multiple: ticks
            if challenge.multiple:
                self.shot("choice-multiple")
                self.submit_challenge()
            return
        if challenge.multiple:
            for option_id in answer:
                self.click_target(texts[option_id])
            self.shot("choice-multiple")
            self.click_target(self.scene.component.submit_label)
        else:
            self.shot("choice")
            self.click_target(texts[answer[0]])

    def enter_typed(self, answer: Any) -> None:
        """Click the answer field, type what a student would type, press Enter."""
        challenge = self.scene.challenge
        if isinstance(answer, float | int):
            text = format(answer, "g")
            if challenge.unit:
                text = f"{text} {challenge.unit}"
        else:
            text = str(answer)
        if self.keyboard:
            self.tab_to_challenge("entry")
        else:
            self.click_target("Answer")
        self.pilot.type(text)
        self.shot(challenge.kind)
        self.pilot.press("enter")

    def enter_order(self, answer: list[str]) -> None:
        """Keyboard contract: ↑/↓ to a card, Enter picks it up, ↑ moves it, Enter drops it."""
        comp = self.scene.component
        self.expect_keyboard_on_challenge()
        for place, text in enumerate(answer):
            item = comp.texts.index(text)
            focus = int(comp.focus_key.split(":")[1])
            here = comp.order.index(focus)
            want = comp.order.index(item)
            for _ in range(abs(want - here)):
                self.pilot.press("down" if want > here else "up")
            if comp.focus_key != f"item:{item}":
                raise PilotError(f"arrow keys did not reach the card {text!r}")
            if want == place:
                continue
            self.pilot.press("enter")
            for _ in range(want - place):
                self.pilot.press("up")
            self.pilot.press("enter")
            if comp.order.index(item) != place:
                raise PilotError(f"the card {text!r} did not move to place {place + 1}")
        self.settle()
        self.shot("order")
        self.submit_challenge()

    def enter_match(self, answer: dict[str, str]) -> None:
        """Drag from each left card onto its partner on the right."""
        comp = self.scene.component
        if self.keyboard:
            for left, right in answer.items():
                li, ri = comp.lefts.index(left), comp.rights.index(right)
                self.tab_to_challenge(f"L:{li}")
                self.pilot.press("enter")  # pick the left card: focus jumps to the right side
                for _ in range(len(comp.rights) + 1):
                    at = int(comp.focus_key[2:]) if comp.focus_key.startswith("R:") else None
                    if at is None:
                        raise PilotError("picking a left card did not move focus to the right")
                    if at == ri:
                        break
                    self.pilot.press("down" if ri > at else "up")
                self.pilot.press("enter")
                if comp.links.get(li) != ri:
                    raise PilotError(f"Enter did not pair {left!r} with {right!r}")
            self.shot("match")
            self.submit_challenge()
            return
        for left, right in answer.items():
            self.target(left)
            end = self.target(right).center
            start = self.visible(left)
            if start is not None:
                self.pilot.drag(start.center, end)
            else:  # not both in view at once: tap one, scroll, tap the other
                self.click_target(left)
                self.click_target(right)
            li, ri = comp.lefts.index(left), comp.rights.index(right)
            if comp.links.get(li) != ri:
                raise PilotError(f"dragging {left!r} onto {right!r} did not pair them")
        self.shot("match")
        self.submit_challenge()

    def enter_write(self, answer: str) -> None:
        """Type an essay of the right length into the editor and press the submit button."""
        challenge = self.scene.challenge
        comp = self.scene.component
        if self.keyboard:
            self.tab_to_challenge("editor")
        else:
            self.click_target("Your writing")
        self.pilot.type(essay(challenge.min_words, challenge.max_words))
        self.shot("writing-studio")
        if self.keyboard:
            self.pilot.press("ctrl+enter")  # the editor's send shortcut
        else:
            self.click_target(comp.submit_label)

    def enter_launch(self, answer: dict[str, float]) -> None:
        """Arrow keys set each slider (PageUp / Shift+arrow for big steps), then Launch!"""
        comp = self.scene.component
        angle, speed = self.launch_setting(comp, answer)
        self.expect_keyboard_on_challenge()
        for slider, value in ((comp.angle, angle), (comp.speed, speed)):
            if slider not in comp.sliders:
                continue
            if comp.focus_key != slider.key:
                self.pilot.press("tab")
            if comp.focus_key != slider.key:
                raise PilotError(f"Tab did not reach the {slider.label} slider")
            self.set_slider(slider, value)
        self.shot("game-launch")
        if self.keyboard:
            self.pilot.press("enter")  # Enter on a slider launches
        else:
            self.click_target(comp.submit_label)
        if self.shots.wants("game-launch-flight") and comp.flying is not None:
            self.run_while(lambda: comp.flying is not None and comp.flight_t < comp.duration * 0.6)
            self.shot("game-launch-flight")
        self.settle()

    def set_slider(self, slider: Any, value: float) -> None:
        for _ in range(80):
            diff = round((value - slider.value) / slider.step)
            if diff == 0:
                return
            up = diff > 0
            if abs(diff) >= 10:
                self.pilot.press("pageup" if up else "pagedown")
            elif abs(diff) >= 5:
                self.pilot.press("shift+right" if up else "shift+left")
            else:
                self.pilot.press("right" if up else "left")
        raise PilotError(f"the {slider.label} slider did not reach {value}")

    @staticmethod
    def launch_setting(comp: Any, ideal: dict[str, float]) -> tuple[float, float]:
        """The slider setting nearest the engine's solution that still hits the pad."""
        p = comp.p
        angles = [comp.angle.value] if comp.fixed else [comp.angle.clamp(ideal["angle"])]
        if not comp.fixed:
            lo, hi = int(comp.angle.lo), int(comp.angle.hi)
            angles += sorted(range(lo, hi + 1), key=lambda a: abs(a - ideal["angle"]))
        for angle in angles:
            base = comp.speed.clamp(ideal["speed"])
            for k in range(0, 200):
                for speed in {
                    comp.speed.clamp(base + k * comp.speed.step),
                    comp.speed.clamp(base - k * comp.speed.step),
                }:
                    if minigames.launch_hits(p, angle, speed):
                        return angle, speed
                if k > 4 and angle != angles[0]:
                    break
        raise PilotError("no slider setting lands on the target")

    def enter_balance(self, answer: dict[str, list[dict[str, float]]]) -> None:
        """Tap a weight in the tray, then tap its slot on the beam."""
        comp = self.scene.component
        for want in answer["placed"]:
            piece = next(
                pc for pc in comp.pieces if pc.slot is None and abs(pc.mass - want["mass"]) < 1e-9
            )
            self.settle()
            if self.keyboard:
                self.tab_to_challenge(f"w:{piece.id}")
                self.pilot.press("enter")  # pick it up
                slot = comp.slots.index(want["position"])
                for _ in range(len(comp.slots)):
                    if comp.hold_slot == slot:
                        break
                    self.pilot.press("right" if slot > comp.hold_slot else "left")
                self.pilot.press("enter")  # put it down
            else:
                self.click_target(f"{piece.mass:g} kg weight")
                if comp.holding != piece.id:
                    raise PilotError(f"tapping the {piece.mass:g} kg weight did not pick it up")
                self.click_target(f"slot {want['position']:+g} m")
            if piece.slot is None or abs(comp.slots[piece.slot] - want["position"]) > 1e-9:
                raise PilotError(f"the weight did not land on the slot {want['position']:+g} m")
        self.settle()
        self.shot("game-balance")
        self.submit_challenge()

    def enter_number_line(self, answer: dict[str, dict[str, float]]) -> None:
        """Drag each card onto the line; fix a near miss with Enter, ← → and Enter."""
        comp = self.scene.component
        for text, value in answer["positions"].items():
            index = next(i for i, c in enumerate(comp.cards) if c.text == text)
            if self.keyboard:
                self.tab_to_challenge(f"c:{index}")
                self.pilot.press("enter")  # pick the card up
                self.move_held_card(value)
                self.pilot.press("enter")  # put it down
                if abs((comp.cards[index].value or 0.0) - value) > 1e-6:
                    raise PilotError(f"the card {text!r} did not land at {value}")
                continue
            start = comp.card_rects()[index].center
            end = (round(comp.to_x(value)), comp.line_y)
            self.pilot.drag(start, end)
            card = comp.cards[index]
            if card.value is None:
                raise PilotError(f"dropping {text!r} on the line did not place it")
            if abs(card.value - value) > 1e-6:
                self.nudge_card(index, value)
        self.shot("game-number-line")
        self.submit_challenge()

    def move_held_card(self, value: float) -> None:
        """← → move a held card by a fine step, Shift+← → by a whole tick."""
        comp = self.scene.component
        for _ in range(80):
            diff = value - comp.hold_value
            if abs(diff) < comp.fine / 2:
                return
            big = abs(diff) >= comp.tick - 1e-9
            key = "right" if diff > 0 else "left"
            self.pilot.press(f"shift+{key}" if big else key)
        raise PilotError(f"the held card never reached {value}")

    def nudge_card(self, index: int, value: float) -> None:
        comp = self.scene.component
        self.pilot.click_at(comp.card_rects()[index].center)  # tap: pick it up
        self.move_held_card(value)
        self.pilot.press("enter")
        if abs((comp.cards[index].value or 0.0) - value) > 1e-6:
            raise PilotError(f"the card {comp.cards[index].text!r} could not be put at {value}")
