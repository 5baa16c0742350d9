"""Pictures that come with the packs (badge art), loaded once per size and cached.

The app registers each playable pack's folder at start; a badge's `image` is relative to
its pack folder. A missing or broken file falls back to the drawn emblem, never an error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

_roots: dict[str, str] = {}


def set_pack_roots(roots: dict[str, str]) -> None:
    _roots.clear()
    _roots.update({k: v for k, v in roots.items() if v})
    badge_image.cache_clear()


@lru_cache(maxsize=256)
def badge_image(pack_id: str, image: str, size: int) -> pygame.Surface | None:
    root = _roots.get(pack_id)
    if not root or not image:
        return None
    path = Path(root) / image
    try:
        surface = pygame.image.load(str(path))
    except (pygame.error, FileNotFoundError, OSError):
        return None
    if pygame.display.get_surface() is not None:
        surface = surface.convert_alpha()
    return pygame.transform.smoothscale(surface, (size, size))
