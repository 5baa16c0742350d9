"""A badge emblem drawn as SVG, for badges whose pack gives no image.

Used by the HTML report and as the Open Badges `image` (a data: URI), so a credential
always carries a picture and never points at a server that may not exist.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import mimetypes
from html import escape
from pathlib import Path

PALETTE = ("#e4572e", "#2e86ab", "#f2a541", "#5b8c5a", "#8e5ea2", "#d1495b", "#00798c", "#edae49")


def badge_color(badge_id: str, color: str | None = None) -> str:
    if color:
        return color
    digest = hashlib.sha256(badge_id.encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "★"


def emblem_svg(badge_id: str, name: str, color: str | None = None, size: int = 64) -> str:
    """A round rosette with the badge's initials; self-contained SVG text."""
    fill = escape(badge_color(badge_id, color))
    label = escape(initials(name))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 64 64" role="img" aria-label="{escape(name)}">'
        f'<polygon points="32,2 39,9 49,7 52,17 61,22 57,32 61,42 52,47 49,57 39,55 32,62 '
        f'25,55 15,57 12,47 3,42 7,32 3,22 12,17 15,7 25,9" fill="{fill}"/>'
        '<circle cx="32" cy="32" r="20" fill="#fff" fill-opacity="0.92"/>'
        f'<circle cx="32" cy="32" r="17" fill="none" stroke="{fill}" stroke-width="2"/>'
        f'<text x="32" y="38.5" text-anchor="middle" font-family="sans-serif" '
        f'font-weight="700" font-size="17" fill="{fill}">{label}</text></svg>'
    )


def data_uri(svg_or_bytes: str | bytes, mime: str = "image/svg+xml") -> str:
    data = svg_or_bytes.encode() if isinstance(svg_or_bytes, str) else svg_or_bytes
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@functools.lru_cache(maxsize=256)
def badge_image_uri(badge_id: str, name: str, color: str | None, image: str | None) -> str:
    """The pack's image file as a data: URI, or the drawn emblem when there is none."""
    if image:
        path = Path(image)
        if path.is_file() and path.stat().st_size <= 512_000:
            mime = mimetypes.guess_type(path.name)[0] or "image/png"
            return data_uri(path.read_bytes(), mime)
    return data_uri(emblem_svg(badge_id, name, color))
