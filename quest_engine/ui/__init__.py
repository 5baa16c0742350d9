"""ui layer: the pygame-ce game (the only package that imports pygame)."""

import os as _os

_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
