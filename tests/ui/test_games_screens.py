"""Render the mini-games and challenge inputs headless, as the docs show them.

`python tests/ui/test_games_screens.py` rewrites docs/screens/games-*.png; the test renders
the same scenes into a temporary folder and checks they show what they should.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from quest_engine.content import model as m  # noqa: E402
from quest_engine.ui.challenges import build_component  # noqa: E402
from quest_engine.ui.challenges import draw as cdraw  # noqa: E402
from quest_engine.ui.challenges.style import Style  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "assets" / "fonts" / "DejaVuSans.ttf"
SIZE = (1280, 720)


def _frame(style: Style, title: str, size=SIZE) -> tuple[pygame.Surface, pygame.Rect]:
    surface = pygame.Surface(size)
    pal = style.palette
    surface.fill(pal.page)
    cdraw.blit_text(surface, style.font("title", bold=True), title, pal.ink, (40, 28))
    panel = pygame.Rect(28, 84, size[0] - 56, size[1] - 108)
    cdraw.card(surface, style, panel, pal.card, pal.border)
    return surface, panel


SMALL = (1024, 600)


def _small_frame(style: Style, title: str, game: bool = False):
    """The quest player's challenge area at 1024x600, beside a mission-brief panel."""
    surface = pygame.Surface(SMALL)
    pal = style.palette
    surface.fill(pal.page)
    brief = pygame.Rect(17, 92, 297 if game else 356, 431)
    cdraw.card(surface, style, brief, pal.card, pal.border)
    cdraw.blit_text(
        surface, style.font("small", bold=True), title.upper(), pal.secondary, (34, 110)
    )
    panel = pygame.Rect(brief.right + 17, 92, 1007 - brief.right - 17, 431)
    cdraw.card(surface, style, panel, pal.card, pal.border)
    return surface, panel


def _run(comp, seconds: float) -> None:
    for _ in range(int(seconds * 60)):
        comp.update(1 / 60)


def _event(kind, **kw):
    return pygame.event.Event(kind, **kw)


def scene_launch(style):
    ch = m.GameChallenge(
        "game",
        "Land the supply capsule on the pad 40 m away.",
        "launch",
        m.LaunchParams(40, 4, 9.8, m.Range(10, 80, 30), m.Range(5, 40, 15)),
    )
    surface, panel = _frame(style, "Launch Lab")
    comp = build_component(ch, panel, style, lambda v: None, random.Random(3))
    for angle, speed in ((30, 15), (55, 21)):
        comp.angle.set(angle)
        comp.speed.set(speed)
        comp.submit()
        _run(comp, 3)
    comp.angle.set(45)
    comp.speed.set(19.5)
    comp.submit()
    _run(comp, 1.1)  # mid-flight
    return surface, comp


def scene_moon(style):
    ch = m.GameChallenge(
        "game",
        "Land the sample box on the tent's pad 60 m away (Moon gravity: 1.62 m/s²).",
        "launch",
        m.LaunchParams(60, 6, 1.62, m.Range(10, 80, 45), m.Range(5, 15, 6)),
    )
    surface, panel = _frame(style, "Moon Weight")
    comp = build_component(ch, panel, style, lambda v: None, random.Random(3))
    comp.submit()
    _run(comp, 3)
    comp.speed.set(9.5)
    comp.submit()
    _run(comp, 1.6)
    return surface, comp


def scene_balance(style):
    ch = m.GameChallenge(
        "game",
        "Balance the see-saw: both sides must turn equally (mass × distance).",
        "balance",
        m.BalanceParams(
            2.0, (m.BalanceWeight(3, -1.5), m.BalanceWeight(1, 1.0)), (2, 1, 0.5, 4), 0.5
        ),
    )
    surface, panel = _frame(style, "Balance Bridge")
    comp = build_component(ch, panel, style, lambda v: None, random.Random(3))
    comp.place(1, comp.slots.index(1.5))
    _run(comp, 2)
    weight = comp.piece_rects()[0]
    comp.handle_event(_event(pygame.MOUSEBUTTONDOWN, pos=weight.center, button=1))
    target = (comp.beam_point(2.0)[0], comp.beam_point(2.0)[1] - 90)
    comp.handle_event(_event(pygame.MOUSEMOTION, pos=target, rel=(0, 0), buttons=(1, 0, 0)))
    return surface, comp


def scene_number_line(style):
    ch = m.GameChallenge(
        "game",
        "Drag each number to its place on the line.",
        "number-line",
        m.NumberLineParams(0, 2, ("3/4", "0.2", "1 1/2", "5/4", "1.9"), 0.05, 0.25),
    )
    surface, panel = _frame(style, "Fraction Trail")
    comp = build_component(ch, panel, style, lambda v: None, random.Random(5))
    for i, card in enumerate(comp.cards):
        if card.text in ("3/4", "1 1/2", "0.2"):
            comp.place(i, {"3/4": 0.75, "1 1/2": 1.5, "0.2": 0.2}[card.text])
    index = next(i for i, c in enumerate(comp.cards) if c.text == "5/4")
    start = comp.card_rects()[index].center
    comp.handle_event(_event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    end = (round(comp.to_x(1.25)) + 4, comp.line_y - 120)
    comp.handle_event(_event(pygame.MOUSEMOTION, pos=end, rel=(0, 0), buttons=(1, 0, 0)))
    return surface, comp


def scene_writing(style):
    ch = WRITING
    surface, panel = _frame(style, "Writing studio")
    comp = build_component(ch, panel, style, lambda v: None, random.Random(1), draft="")
    text = (
        "Today our capsule flew 31 metres on the first try. It landed short because the "
        "angle was only 30°.\nThen we tried 45° and 19.5 m/s and it landed right on the pad at "
        "38.8 metres. The best angle is 45° because"
    )
    comp.handle_event(_event(pygame.TEXTINPUT, text=text))
    return surface, comp


WRITING = m.WriteChallenge(
    "write",
    "Write a flight log for mission control.",
    min_words=40,
    max_words=200,
    rubric=(
        m.RubricCriterion(
            "clarity",
            "Clear explanation of the launch",
            (
                m.RubricLevel(1, "Hard to follow"),
                m.RubricLevel(2, "Mostly clear"),
                m.RubricLevel(3, "Clear and complete"),
            ),
        ),
        m.RubricCriterion(
            "evidence",
            "Uses numbers from the lab",
            (m.RubricLevel(1, "No numbers"), m.RubricLevel(3, "Numbers explain the result")),
        ),
    ),
    review="teacher",
    starter="Today our capsule...",
)


def scene_challenges(style):
    """Four challenge kinds side by side, each rendered full size then scaled down."""
    kinds = [
        m.ChoiceChallenge(
            "choice",
            "Which angle sends a capsule farthest (no air)?",
            (
                m.ChoiceOption("a", "30°"),
                m.ChoiceOption("b", "45°", True),
                m.ChoiceOption("c", "80°"),
            ),
        ),
        m.NumberChallenge(
            "number", "A capsule flies 2.4 km. How far is that in metres?", 2400, unit="m"
        ),
        m.OrderChallenge(
            "order", "Put the flight in order.", ("Launch", "Rise", "Peak", "Fall", "Land")
        ),
        m.MatchChallenge(
            "match",
            "Match each quantity to its unit.",
            (
                m.MatchPair("distance", "metres"),
                m.MatchPair("time", "seconds"),
                m.MatchPair("mass", "kilograms"),
            ),
        ),
    ]
    out = pygame.Surface(SIZE)
    out.fill(style.palette.page)
    comps = []
    for n, ch in enumerate(kinds):
        surface, panel = _frame(style, ["Choice", "Number with unit", "Order", "Match"][n])
        comp = build_component(ch, panel, style, lambda v: None, random.Random(2))
        if ch.kind == "choice":
            comp.handle_event(
                _event(
                    pygame.MOUSEMOTION,
                    pos=comp.option_rects["b"].center,
                    rel=(0, 0),
                    buttons=(0, 0, 0),
                )
            )
        if ch.kind == "number":
            comp.handle_event(_event(pygame.TEXTINPUT, text="2.4 km"))
        if ch.kind == "match":
            comp.link(comp.lefts.index("distance"), comp.rights.index("metres"))
        comp.draw(surface)
        small = pygame.transform.smoothscale(surface, (SIZE[0] // 2 - 6, SIZE[1] // 2 - 6))
        out.blit(small, ((n % 2) * (SIZE[0] // 2) + 3, (n // 2) * (SIZE[1] // 2) + 3))
        comps.append(comp)
    return out, comps


def scene_small_balance(style):
    ch = m.GameChallenge(
        "game",
        "Place blocks on the beam until it balances.",
        "balance",
        m.BalanceParams(3.0, (m.BalanceWeight(3, -2.0),), (2, 4), 0.5),
    )
    surface, panel = _small_frame(style, "Seesaw Science", game=True)
    comp = build_component(ch, panel, style, lambda v: None, random.Random(3))
    comp.place(0, len(comp.slots) - 1)  # the 2 kg block on the last slot: still on the beam
    comp.place(1, comp.slots.index(-0.5))
    _run(comp, 3)
    return surface, comp


def scene_small_number_line(style):
    ch = m.GameChallenge(
        "game",
        "Place each number on the line from 0 to 2.",
        "number-line",
        m.NumberLineParams(0, 2, ("0.2", "1/2", "3/4", "1.25", "1 1/2"), 0.05, 0.25),
    )
    surface, panel = _small_frame(style, "Fraction Trail", game=True)
    comp = build_component(ch, panel, style, lambda v: None, random.Random(5))
    values = {"0.2": 0.2, "1/2": 0.5, "3/4": 0.75, "1.25": 1.25, "1 1/2": 1.5}
    for i, card in enumerate(comp.cards):
        comp.place(i, values[card.text])
    return surface, comp


def scene_small_writing(style):
    surface, panel = _small_frame(style, "Mission brief")
    comp = build_component(WRITING, panel, style, lambda v: None, random.Random(1), draft="")
    comp.set_text(
        "Today our capsule flew 31 metres on the first try. It landed short because the "
        "angle was only 30°. Then we tried 45° and 19.5 m/s."
    )
    comp.show_returned("Lovely start! Add one sentence on why 45° goes farthest.")
    return surface, comp


def scene_small_order(style):
    ch = m.OrderChallenge(
        "order",
        "Put the steps of debugging in order.",
        (
            "Run the program and watch what happens.",
            "Notice where it does something different from what you expected.",
            "Find the instruction that causes the difference.",
            "Change that instruction.",
            "Run the program again to test your fix.",
            "Tell a friend what the bug was.",
        ),
    )
    surface, panel = _small_frame(style, "Code the Dance")
    comp = build_component(ch, panel, style, lambda v: None, random.Random(2))
    comp.scroll_to(comp.max_scroll() // 2)
    return surface, comp


def scene_feedback(style):
    ch = m.ChoiceChallenge(
        "choice",
        "Which of these are equal to one half? Select all that apply.",
        tuple(
            m.ChoiceOption(f"o{i}", t, t in ("1/2", "0.5", "2/4"))
            for i, t in enumerate(["1/4", "1/2", "0.2", "0.5", "2/4"])
        ),
        multiple=True,
    )
    surface, panel = _frame(style, "Fraction Trail")
    comp = build_component(ch, panel, style, lambda v: None, random.Random(2))
    for option in ("o1", "o3", "o4"):
        comp.activate(f"opt:{option}")
    comp.submit()
    comp.show_feedback(
        True,
        "Perfect! 1/2, 0.5 and 2/4 are three names for the same number. "
        "You can carry on with the next step whenever you are ready.",
        extra="+10 XP",
    )
    return surface, comp


SMALL_SCENES = {
    "games-small-balance": scene_small_balance,
    "games-small-number-line": scene_small_number_line,
    "games-small-writing": scene_small_writing,
    "games-small-order": scene_small_order,
}

SCENES = {
    "games-launch": scene_launch,
    "games-launch-moon": scene_moon,
    "games-balance": scene_balance,
    "games-number-line": scene_number_line,
    "games-writing": scene_writing,
    "games-feedback": scene_feedback,
}


def render_all(folder: Path, style: Style | None = None) -> dict[str, Path]:
    style = style or Style.create(1.0, False, str(FONT) if FONT.exists() else None)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, build in SCENES.items():
        surface, comp = build(style)
        comp.draw(surface)
        path = folder / f"{name}.png"
        pygame.image.save(surface, str(path))
        written[name] = path
    contrast = Style.create(1.25, True, str(FONT) if FONT.exists() else None)
    surface, comp = scene_launch(contrast)
    _run(comp, 4)  # landed: the result and the enabled controls show
    comp.keyboard_mode = True  # show the focus ring, as a keyboard user sees it
    comp.draw(surface)
    path = folder / "games-launch-high-contrast.png"
    pygame.image.save(surface, str(path))
    written["games-launch-high-contrast"] = path
    surface, _ = scene_challenges(style)
    path = folder / "games-challenges.png"
    pygame.image.save(surface, str(path))
    written["games-challenges"] = path
    # the quest player's challenge area at 1024x600 (window scale 0.85)
    small = Style.create(0.85, False, str(FONT) if FONT.exists() else None)
    for name, build in SMALL_SCENES.items():
        surface, comp = build(small)
        comp.draw(surface)
        path = folder / f"{name}.png"
        pygame.image.save(surface, str(path))
        written[name] = path
    return written


def test_screens_render_and_show_the_game_state(tmp_path):
    written = render_all(tmp_path)
    assert set(written) == {
        *SCENES,
        *SMALL_SCENES,
        "games-challenges",
        "games-launch-high-contrast",
    }
    style = Style.create(1.0, False, str(FONT) if FONT.exists() else None)
    launch_surface, launch = scene_launch(style)
    assert launch.flying is not None and len(launch.shots) == 2  # one in the air, two trails
    _, balance = scene_balance(style)
    assert balance.dragging
    _, writing = scene_writing(style)
    assert writing.word_count_text() == "42 / 40–200 words" and writing.can_submit()
    _, feedback = scene_feedback(style)
    assert feedback.submit_rect.width == 0 and " ".join(feedback.banner_lines()).endswith("ready.")
    _, returned = scene_small_writing(Style.create(0.85, False, str(FONT)))
    assert returned.returned is not None and returned.editor.rect.height > 120
    for name, path in written.items():
        image = pygame.image.load(str(path))
        w, h = SMALL if name in SMALL_SCENES else SIZE
        assert image.get_size() == (w, h)
        pixels = {image.get_at((x, y))[:3] for x in range(0, w, 8) for y in range(0, h, 8)}
        assert len(pixels) > 12  # a drawn scene, not a blank page


if __name__ == "__main__":
    pygame.init()
    out = render_all(ROOT / "docs" / "screens")
    for path in out.values():
        print(path)
    sys.exit(0)
