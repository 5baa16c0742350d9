"""Layout arithmetic shared by the screens: columns, grids and pages of tiles."""

from __future__ import annotations

import pygame


def grid(
    area: pygame.Rect, count: int, tile_w: int, tile_h: int, gap: int
) -> tuple[list[pygame.Rect], int]:
    """Rects for up to one page of tiles filling `area` row by row; returns (rects, per_page)."""
    cols = max(1, (area.width + gap) // (tile_w + gap))
    rows = max(1, (area.height + gap) // (tile_h + gap))
    per_page = cols * rows
    # stretch tiles to use the full width
    w = (area.width - gap * (cols - 1)) // cols
    rects = []
    for i in range(min(count, per_page)):
        r, c = divmod(i, cols)
        rects.append(pygame.Rect(area.x + c * (w + gap), area.y + r * (tile_h + gap), w, tile_h))
    return rects, per_page


def split_columns(area: pygame.Rect, fractions: list[float], gap: int) -> list[pygame.Rect]:
    total = area.width - gap * (len(fractions) - 1)
    x = area.x
    out = []
    for i, f in enumerate(fractions):
        w = int(total * f) if i < len(fractions) - 1 else area.right - x
        out.append(pygame.Rect(x, area.y, w, area.height))
        x += w + gap
    return out


def row(
    area: pygame.Rect, widths: list[int], height: int, gap: int, align: str = "left"
) -> list[pygame.Rect]:
    """Rects of the given widths side by side in `area` (left or right aligned)."""
    total = sum(widths) + gap * (len(widths) - 1)
    x = area.x if align == "left" else area.right - total
    if align == "center":
        x = area.centerx - total // 2
    out = []
    for w in widths:
        out.append(pygame.Rect(x, area.y, w, height))
        x += w + gap
    return out
