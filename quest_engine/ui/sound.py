"""Sounds made by code: short, soft chimes for correct answers, badges and level-ups.

No audio files to license: each sound is a few sine notes with a gentle envelope,
synthesised with `array` and the math module into a pygame Sound. When there is no audio
device (CI, a muted lab machine) everything silently does nothing.
"""

from __future__ import annotations

import math
from array import array

import pygame

RATE = 22050

CHIMES: dict[str, tuple[tuple[float, float], ...]] = {
    # (frequency Hz, duration s)
    "correct": ((659.25, 0.09), (987.77, 0.16)),
    "try_again": ((392.0, 0.12), (349.23, 0.16)),
    "badge": ((523.25, 0.09), (659.25, 0.09), (783.99, 0.09), (1046.5, 0.30)),
    "level_up": ((392.0, 0.08), (523.25, 0.08), (659.25, 0.08), (783.99, 0.08), (1046.5, 0.36)),
    "click": ((880.0, 0.025),),
}


def synth(notes: tuple[tuple[float, float], ...], volume: float = 0.35) -> array:
    """Mono 16-bit samples of the notes played one after another (with a soft tail)."""
    samples = array("h")
    for freq, dur in notes:
        n = int(RATE * dur)
        attack = max(1, int(RATE * 0.008))
        for i in range(n):
            env = min(1.0, i / attack) * math.exp(-3.0 * i / n)
            value = math.sin(2 * math.pi * freq * i / RATE) + 0.3 * math.sin(
                4 * math.pi * freq * i / RATE
            )
            samples.append(int(32767 * volume * env * value / 1.3))
    return samples


class Sounds:
    """Plays the named chimes when sound is on; a no-op when off or without a device."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._ready: bool | None = None
        self.played: list[str] = []
        """Names of chimes requested while sound was on (tests read this)."""

    def _init(self) -> bool:
        if self._ready is None:
            try:
                if not pygame.mixer.get_init():
                    pygame.mixer.init(frequency=RATE, size=-16, channels=1)
                freq, _fmt, channels = pygame.mixer.get_init()
                self._channels = channels
                self._ready = freq == RATE
            except pygame.error:
                self._ready = False
        return bool(self._ready)

    def play(self, name: str) -> None:
        if not self.enabled or name not in CHIMES:
            return
        self.played.append(name)
        if not self._init():
            return
        sound = self._sounds.get(name)
        if sound is None:
            samples = synth(CHIMES[name])
            if getattr(self, "_channels", 1) == 2:
                stereo = array("h")
                for s in samples:
                    stereo.append(s)
                    stereo.append(s)
                samples = stereo
            try:
                sound = pygame.mixer.Sound(buffer=samples.tobytes())
            except pygame.error:
                return
            self._sounds[name] = sound
        sound.play()
