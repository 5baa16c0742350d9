"""Small celebrations for the mini-games: a confetti burst when something works.

Skipped entirely under reduced motion (the caller checks the style).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pygame


@dataclass(slots=True)
class _Bit:
    x: float
    y: float
    vx: float
    vy: float
    spin: float
    life: float
    colour: tuple[int, int, int]


class Confetti:
    gravity = 520.0

    def __init__(self) -> None:
        self.bits: list[_Bit] = []

    def burst(self, pos: tuple[float, float], rng: random.Random, colours, count: int = 48) -> None:
        for _ in range(count):
            angle = rng.uniform(math.radians(20), math.radians(160))
            speed = rng.uniform(160, 420)
            self.bits.append(
                _Bit(
                    pos[0],
                    pos[1],
                    math.cos(angle) * speed,
                    -math.sin(angle) * speed,
                    rng.uniform(0, math.tau),
                    rng.uniform(0.8, 1.4),
                    rng.choice(colours),
                )
            )

    @property
    def active(self) -> bool:
        return bool(self.bits)

    def update(self, dt: float) -> bool:
        alive = []
        for b in self.bits:
            b.life -= dt
            if b.life <= 0:
                continue
            b.vy += self.gravity * dt
            b.vx *= 0.99
            b.x += b.vx * dt
            b.y += b.vy * dt
            b.spin += dt * 9
            alive.append(b)
        self.bits = alive
        return bool(alive)

    def draw(self, surface: pygame.Surface) -> None:
        for b in self.bits:
            w = 3 + 3 * abs(math.sin(b.spin))
            pygame.draw.rect(surface, b.colour, (round(b.x), round(b.y), round(w), 7))
