"""Render every screen of the game headless to PNG, on the bundled packs and a seeded class.

    python docs/screens/render.py [OUT_DIR]     (default: docs/screens)

The class is seeded through the same facade the game uses (a few classmates with progress
and shared writing), then a Pilot drives the real UI and takes the screenshots.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quest_engine.app.service import GameService  # noqa: E402
from quest_engine.content.loader import load_bundled_packs  # noqa: E402
from quest_engine.rules.autoplay import solve_challenge  # noqa: E402
from quest_engine.store import open_store  # noqa: E402
from quest_engine.ui.app import App  # noqa: E402
from quest_engine.ui.pilot import Pilot  # noqa: E402
from quest_engine.ui.settings import Settings  # noqa: E402

STORY = (
    "The robot blinked twice. Nobody had told it the library closed at six, so it kept "
    "sorting the returned books by colour, then by size, then by how happy their covers looked. "
    "When the lights went out it found a torch, a map of the shelves and a note that said: "
    "the last book is missing. It decided to find it before morning. "
)


TEXTS = {
    "code-the-dance": (
        "repeat 4 times: step left, step right, spin. Then clap twice. Bitbot makes 4 times 3 "
        "moves plus 2 claps, so the whole dance is 14 moves long and it ends facing the crowd. "
    ),
    "heartbeat-lab": (
        "When you run, your muscles work harder and need more oxygen. Your heart beats faster "
        "so that red blood cells can carry oxygen from your lungs to your legs more quickly. "
        "My pulse went from 78 to 130 beats per minute after one minute of jumping jacks, and "
        "it took about two minutes to slow down again. "
    ),
}


def play(session, quest_id: str, stop_at: str | None = None) -> None:
    """Play a quest with right answers through the facade (seeding classmates)."""
    session.start(quest_id)
    for _ in range(200):
        view = session.current()
        if view is None:
            return
        if stop_at and view.step.id == stop_at:
            return
        ch = view.step.challenge
        if view.awaiting == "answer" and ch is not None:
            if ch.kind == "write":
                words = TEXTS.get(quest_id, STORY).split()
                need = max(ch.min_words, 30)
                text = " ".join((words * (need // len(words) + 1))[: need + 5])
                session.submit_work(text)
            else:
                session.submit(solve_challenge(ch))
            continue
        if session.proceed() is None:
            return


def advance_to(p: Pilot, kind: str) -> None:
    """Play on (right answers, Continue, dismiss celebrations) to the next `kind` step."""
    for _ in range(80):
        scene = p.app.top
        if type(scene).__name__ == "CelebrationScene":
            p.click("Awesome!")
            continue
        if scene.challenge is not None and scene.challenge.kind == kind:
            if scene.awaiting() == "answer":
                return
        if scene.awaiting() == "answer" and scene.component is not None:
            p.answer_step()
        else:
            p.click("Continue")


def seed(service: GameService):
    klass = service.create_class("Room 12")
    people = {}
    for name, avatar in (("Ana", "sofia"), ("Ben", "hoot"), ("Chidi", "kenji"), ("Dara", "priya")):
        people[name] = service.create_student(klass.id, name, avatar)
    ana = service.sign_in(people["Ana"].id)
    play(ana, "fan-fiction-forge")
    play(ana, "fraction-trail")
    play(ana, "launch-lab")
    ben = service.sign_in(people["Ben"].id)
    play(ben, "fraction-trail")
    play(ben, "heartbeat-lab", stop_at="journey")
    dara = service.sign_in(people["Dara"].id)
    play(dara, "heartbeat-lab")
    chidi = service.sign_in(people["Chidi"].id)
    play(chidi, "code-the-dance", stop_at="debug")
    maya = service.create_student(klass.id, "Maya", "amara")
    me = service.sign_in(maya.id)
    play(me, "fraction-trail")
    play(me, "code-the-dance")
    for work in ana.shared_work():
        if work.author_name == "Maya":
            ana.give_feedback(
                work.submission_id,
                "Your loop idea is so clever!",
                "Repeating the spin four times made it easy to count the moves.",
                "Try a loop inside a loop for the chorus.",
            )
    play(me, "launch-lab", stop_at="formula")
    me.leave()
    return klass, maya


SIZES = {"": (1280, 720), "small-": (1024, 600), "large-": (1920, 1080)}
"""Every screen at each size: name prefix -> window size (no prefix: 1280x720)."""


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for prefix, size in SIZES.items():
        walk(out, prefix, size, Settings(sound=False))
    # the accessibility combination: high contrast, extra-large text, dyslexia font
    access = Settings(sound=False, high_contrast=True, text_size="x-large", dyslexia_font=True)
    walk(out, "access-", (1280, 720), access, full=False)
    walk(out, "access-small-", (1024, 600), access, full=False)
    return 0


def pick(p: Pilot, label: str) -> None:
    """Click a tile, turning pages until it shows (big text fits fewer per page)."""
    for _ in range(10):
        if label in p.labels():
            break
        p.click("Next page")
    p.click(label)


def toggle_settings(p: Pilot, shot, prefix: str) -> None:
    """High contrast, then dyslexia font at large text, then back to normal."""
    p.click("High-contrast colours")
    p.press("escape")
    shot(p, "hub-high-contrast")
    p.click("Settings")
    p.click("High-contrast colours")
    p.click("Dyslexia-friendly font")
    p.click("Large")
    p.press("escape")
    p.open_quest("Heartbeat Lab")
    shot(p, "quest-dyslexia-large")
    p.click("Quest map")
    p.click("Settings")
    p.click("Dyslexia-friendly font")
    p.click("Medium")
    p.press("escape")
    if prefix == "":
        p.resize(1024, 600)
        shot(p, "hub-1024x600")
        p.resize(1920, 1080)
        shot(p, "hub-1920x1080")
        p.resize(1280, 720)


def walk(out: Path, prefix: str, size: tuple[int, int], settings: Settings, full=True) -> None:
    """Seed a fresh class and drive the real UI through every screen at `size`."""
    tmp = Path(tempfile.mkdtemp(prefix="quest-screens-"))
    os.environ["QUEST_CONFIG_DIR"] = str(tmp / "config")
    packs = load_bundled_packs()
    service = GameService(open_store(str(tmp / "store.db")), packs)
    empty = Pilot(App(service, size=size, settings=settings))
    shot_empty = out / f"{prefix}first-run.png"
    empty.frames(2)
    empty.screenshot(shot_empty)
    print("wrote", shot_empty)
    empty.app.close()
    seed(service)

    def shot(pilot: Pilot, name: str) -> None:
        pilot.frames(2)
        pilot.screenshot(out / f"{prefix}{name}.png")
        print("wrote", out / f"{prefix}{name}.png")

    p = Pilot(App(service, size=size, settings=settings))
    shot(p, "signin")
    p.click("Room 12")
    shot(p, "profiles")
    p.click("I'm new here")
    p.click("Display name")
    p.type("Zoë")
    p.click("Avatar Kai")
    shot(p, "create-profile")
    p.press("escape")
    pick(p, "Maya")
    shot(p, "hub")
    p.click("Moon Weight")
    shot(p, "hub-locked-quest")
    p.open_quest("Launch Lab")
    shot(p, "quest-number")
    p.type("30")
    p.press("enter")
    shot(p, "quest-try-again")
    # a fresh quest for story, choice with hint, and mini-games
    p.click("Quest map")
    p.open_quest("Seesaw Science")
    p.click("Quest map")
    p.open_quest("Heartbeat Lab")
    shot(p, "quest-story")
    p.click("Continue") if "Continue" in p.labels() else None
    advance_to(p, "choice")
    if "Show a hint" in p.labels():
        p.click("Show a hint")
    shot(p, "quest-choice-hint")
    p.answer_step()
    shot(p, "quest-correct")
    p.click("Quest map")
    p.open_quest("Launch Lab")
    advance_to(p, "game")
    shot(p, "game-launch")
    p.click("Quest map")
    p.open_quest("Seesaw Science")
    advance_to(p, "game")
    shot(p, "game-balance")
    p.click("Quest map")
    p.click("Class board")
    shot(p, "class-board")
    p.click("Shared writing")
    p.click("Kind")
    p.type("I loved the torch and the map!")
    shot(p, "shared-writing")
    p.click("My work")
    shot(p, "my-work")
    p.press("escape")
    p.open_quest("Newsroom Scoop")
    advance_to(p, "write")
    p.type("Who: the school garden club. What: a pumpkin that weighs more than a bike. ")
    shot(p, "writing-studio")
    from quest_engine.ui.scenes.celebration import CelebrationScene

    p.app.push(CelebrationScene(p.app, (service.badge("rocketeer"),), 3))
    p.frames(25)
    shot(p, "celebration")
    p.press("enter")
    p.click("Quest map")
    p.click("Settings")
    shot(p, "settings")
    if not full:
        p.press("escape")
    else:
        toggle_settings(p, shot, prefix)
    p.click("Sign out")
    p.click("I'm a facilitator")
    p.press("enter")
    for label in [w.label for w in p.app.top.controls()]:
        if ": 3 " in label:
            p.click(label)
    p.click("Comment for the student")
    p.type("Great use of your pulse data! Next time, add what the lungs do.")
    shot(p, "facilitator")
    p.click("Badges to approve")
    shot(p, "facilitator-badges")
    p.app.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
