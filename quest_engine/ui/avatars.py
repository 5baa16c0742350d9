"""Avatar art: the drawn characters in assets/avatars (avatars.json), loaded once and cached.

The catalogue is optional: until the art exists (or when a file is missing) the UI draws
a friendly coloured face instead, so a student's avatar id never breaks a screen.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pygame

from quest_engine.paths import assets_dir

FALLBACK_AVATARS: tuple[tuple[str, str], ...] = (
    ("fox", "Fox"),
    ("owl", "Owl"),
    ("robot", "Robot"),
    ("cat", "Cat"),
    ("rocket", "Rocket"),
    ("turtle", "Turtle"),
    ("dragon", "Dragon"),
    ("bee", "Bee"),
)


@lru_cache(maxsize=1)
def avatar_catalogue() -> tuple[tuple[str, str, str | None], ...]:
    """(id, name, image path or None) for every avatar a student may pick."""
    root = assets_dir() / "avatars"
    try:
        data = json.loads((root / "avatars.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    items = data.get("avatars", data) if isinstance(data, dict) else data
    result: list[tuple[str, str, str | None]] = []
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                image = item.get("image") or item.get("file") or item.get("path")
                path = str(root / image) if isinstance(image, str) else None
                result.append((item["id"], str(item.get("name", item["id"]).title()), path))
    if not result:
        result = [(aid, name, None) for aid, name in FALLBACK_AVATARS]
    return tuple(result)


@lru_cache(maxsize=128)
def avatar_image(avatar_id: str, size: int) -> pygame.Surface | None:
    for aid, _name, path in avatar_catalogue():
        if aid == avatar_id and path:
            try:
                image = pygame.image.load(path)
            except (pygame.error, FileNotFoundError, OSError):
                return None
            if pygame.display.get_surface() is not None:
                image = image.convert_alpha()
            return pygame.transform.smoothscale(image, (size, size))
    return None
