"""Breaking text into lines that fit a width, for any way of measuring text.

The theme (scenes) and the challenge components measure with different fonts and caches;
both break lines with this one routine so wrapping looks the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable


def break_lines(text: str, width: int, measure: Callable[[str], int]) -> list[str]:
    """Lines no wider than `width` as `measure` sees them: wrap on spaces, keep blank lines
    for newlines, and split a word only when it alone is wider than the line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if measure(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while measure(word) > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines
