"""Narrative text with the quest format's markup, wrapped to a width and drawn with scrolling.

Markup (see docs/FORMAT.md): `*emphasis*`, `**strong**`, lines starting with "- " are a
bulleted list, blank lines separate paragraphs. When `quest_engine.content.markup` offers
`parse_markup`, its blocks are used; otherwise a small local parser reads the same syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pygame

from quest_engine.ui.theme import Theme

_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "para" | "item"
    runs: tuple[Run, ...]


def parse_inline(text: str) -> tuple[Run, ...]:
    runs = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            runs.append(Run(part[2:-2], bold=True))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            runs.append(Run(part[1:-1], italic=True))
        else:
            runs.append(Run(part))
    return tuple(runs)


def _from_content_markup(text: str) -> list[Block] | None:
    """Use the content layer's parser when present (one source of truth for the syntax)."""
    try:
        from quest_engine.content.markup import ListItem, parse_markup
    except ImportError:
        return None
    blocks: list[Block] = []
    for block in parse_markup(text):
        runs = tuple(Run(sp.text, bold=sp.strong, italic=sp.emphasis) for sp in block.spans)
        blocks.append(Block("item" if isinstance(block, ListItem) else "para", runs))
    return blocks


def parse(text: str) -> list[Block]:
    blocks = _from_content_markup(text)
    if blocks is not None:
        return blocks
    blocks = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("para", parse_inline(" ".join(para))))
            para.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("- ") or line.startswith("* ") and not line.startswith("**"):
            flush()
            blocks.append(Block("item", parse_inline(line[2:].strip())))
        else:
            para.append(line)
    flush()
    return blocks


@dataclass(slots=True)
class Piece:
    x: int
    y: int
    run: Run


class RichText:
    """Laid-out markup: call `layout(width)` then `draw(surface, rect, scroll)`."""

    def __init__(self, theme: Theme, text: str, role: str = "body") -> None:
        self.theme = theme
        self.blocks = parse(text)
        self.role = role
        self.pieces: list[Piece] = []
        self.bullets: list[tuple[int, int]] = []
        self.height = 0
        self._width = -1

    def layout(self, width: int) -> int:
        t = self.theme
        key = (width, t.font_size(self.role), t.settings.dyslexia_font)
        if key == getattr(self, "_layout_key", None):
            return self.height
        self._layout_key = key
        self._width = width
        self.pieces = []
        self.bullets = []
        lh = t.line_height(self.role)
        space = t.measure(" ", self.role)
        y = 0
        indent_item = t.px(28)
        for i, block in enumerate(self.blocks):
            indent = indent_item if block.kind == "item" else 0
            if block.kind == "item":
                self.bullets.append((indent_item // 2, y + lh // 2))
            x = indent
            pending_space = False
            for run in block.runs:
                for j, word in enumerate(run.text.split(" ")):
                    if j > 0:
                        pending_space = True
                    if not word:
                        continue
                    w = t.measure(word, self.role, run.bold)
                    gap = space if (pending_space and x > indent) else 0
                    if x > indent and x + gap + w > width:
                        x = indent
                        y += lh
                        gap = 0
                    x += gap
                    self.pieces.append(Piece(x, y, Run(word, run.bold, run.italic)))
                    x += w
                    pending_space = False
            y += lh
            nxt = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
            if nxt is not None and not (block.kind == "item" and nxt.kind == "item"):
                y += lh // 2
        self.height = y
        return y

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, scroll: int = 0, color=None) -> None:
        t = self.theme
        self.layout(rect.width)
        color = color or t.colors.ink
        t.drawn_text.extend(" ".join(r.text.strip() for r in b.runs) for b in self.blocks)
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip) if clip else rect)
        lh = t.line_height(self.role)
        for bx, by in self.bullets:
            y = rect.y + by - scroll
            if rect.y - lh < y < rect.bottom + lh:
                pygame.draw.circle(surface, t.colors.primary, (rect.x + bx, y), max(3, t.px(4)))
        for p in self.pieces:
            y = rect.y + p.y - scroll
            if y + lh < rect.y or y > rect.bottom:
                continue
            ink = t.colors.primary_hover if p.run.bold and not t.high_contrast else color
            surface.blit(
                t.text(p.run.text, self.role, ink, bold=p.run.bold, italic=p.run.italic),
                (rect.x + p.x, y),
            )
        surface.set_clip(clip)

    def plain(self) -> str:
        return "\n".join("".join(r.text for r in b.runs) for b in self.blocks)
