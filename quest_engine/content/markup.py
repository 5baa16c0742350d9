"""The small markup of step text: `*emphasis*`, `**strong**`, `- ` list items, blank-line
paragraphs. Parsed once into blocks of styled spans, so the UI only lays out and draws.

Anything that is not markup stays literal text: an unmatched `*` is just a star.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    emphasis: bool = False
    strong: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    spans: tuple[Span, ...]


Block: TypeAlias = Paragraph | ListItem

_INLINE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=[^\s*])(.+?)(?<=[^\s*])\*")


def parse_inline(text: str) -> tuple[Span, ...]:
    """Spans of one paragraph or list item; `**strong**` may contain `*emphasis*`."""
    spans: list[Span] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            spans.append(Span(text[pos : match.start()]))
        strong, em = match.group(1), match.group(2)
        if strong is not None:
            for inner in parse_inline(strong):
                spans.append(Span(inner.text, emphasis=inner.emphasis, strong=True))
        else:
            spans.append(Span(em, emphasis=True))
        pos = match.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return tuple(_merge(spans))


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if out and (out[-1].emphasis, out[-1].strong) == (s.emphasis, s.strong):
            out[-1] = Span(out[-1].text + s.text, s.emphasis, s.strong)
        elif s.text:
            out.append(s)
    return out


def parse_markup(text: str) -> tuple[Block, ...]:
    """Blocks of `text`: consecutive plain lines join into one paragraph (with spaces)."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(parse_inline(" ".join(para))))
            para.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("- ") or line == "-":
            flush()
            blocks.append(ListItem(parse_inline(line[2:].strip())))
        else:
            para.append(line)
    flush()
    return tuple(blocks)
