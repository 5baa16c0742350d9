"""Random input never crashes a component, whatever the content (edge cases included)."""

from __future__ import annotations

import os
import random
import zlib

import pygame
import pytest
from test_challenges import ALL, LONG_MATCH, LONG_ORDER, make
from test_games import GAMES

from quest_engine.content import model as m

EDGE = [
    m.ChoiceChallenge("choice", "", (m.ChoiceOption("only", "Only one"),)),
    m.OrderChallenge("order", "One item", ("alone",)),
    m.MatchChallenge("match", "One pair", (m.MatchPair("a", "b"),)),
    m.NumberChallenge("number", "No unit", 3.0),
    m.WriteChallenge("write", "No limits"),
    m.GameChallenge("game", "Tiny beam", "balance", m.BalanceParams(0.2, (), (1.0,), 0.5)),
    m.GameChallenge(
        "game", "Nothing to place", "balance", m.BalanceParams(1.0, (m.BalanceWeight(1, 0.5),), ())
    ),
    m.GameChallenge("game", "Point line", "number-line", m.NumberLineParams(1, 1, ("1",), 0, 0)),
    m.GameChallenge(
        "game",
        "Huge target",
        "launch",
        m.LaunchParams(900, 1, 30.0, m.Range(80, 10, 45), m.Range(1, 1, 1)),
    ),
]
KEYS = [
    pygame.K_TAB,
    pygame.K_RETURN,
    pygame.K_SPACE,
    pygame.K_UP,
    pygame.K_DOWN,
    pygame.K_LEFT,
    pygame.K_RIGHT,
    pygame.K_HOME,
    pygame.K_END,
    pygame.K_PAGEUP,
    pygame.K_PAGEDOWN,
    pygame.K_BACKSPACE,
    pygame.K_DELETE,
    pygame.K_ESCAPE,
    pygame.K_a,
]
MODS = [0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL]


def _random_event(rng: random.Random, rect: pygame.Rect):
    pos = (
        rng.randint(rect.left - 20, rect.right + 20),
        rng.randint(rect.top - 20, rect.bottom + 20),
    )
    kind = rng.random()
    if kind < 0.2:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=rng.choice((1, 1, 3)))
    if kind < 0.4:
        return pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)
    if kind < 0.55:
        buttons = rng.choice(((1, 0, 0), (0, 0, 0)))
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=buttons)
    if kind < 0.6:
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice((-2, 1)), flipped=False)
    if kind < 0.7:
        return pygame.event.Event(
            pygame.TEXTINPUT, text=rng.choice(("a", "7", " ", "é", "½", "\n", "km"))
        )
    return pygame.event.Event(
        pygame.KEYDOWN, key=rng.choice(KEYS), mod=rng.choice(MODS), unicode=""
    )


@pytest.mark.parametrize(
    "challenge",
    ALL + GAMES + EDGE + [LONG_ORDER, LONG_MATCH],
    ids=lambda c: f"{c.kind}-{c.prompt[:12]}",
)
def test_random_input_never_crashes(challenge):
    seed = int(os.environ.get("QUEST_FUZZ_SEED", "0"))
    rng = random.Random(zlib.crc32(challenge.prompt.encode()) + seed)
    comp, got = make(challenge)
    surface = pygame.Surface((1280, 720))
    sizes = [
        pygame.Rect(24, 100, 1232, 596),
        pygame.Rect(300, 90, 660, 400),
        pygame.Rect(10, 10, 1900, 1000),
    ]
    for i in range(400):
        comp.handle_event(_random_event(rng, comp.rect))
        comp.update(rng.choice((0.0, 1 / 60, 0.5)))
        if i % 50 == 0:
            comp.draw(surface)
        if i % 97 == 0:
            comp.set_rect(rng.choice(sizes))
        if i % 61 == 0 and got:
            comp.show_feedback(rng.random() < 0.3, rng.choice((None, "Try again!")))
        if i % 67 == 0:
            comp.reset_for_retry()
    comp.draw(surface)
    for label, rect in comp.controls():
        assert comp.rect.contains(rect), label
