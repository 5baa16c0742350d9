"""Write export files all-or-nothing: into a temporary file beside the target, then rename.

A crash, a full disk or Ctrl-C while exporting leaves either the old file or the new one,
never half a report that a facilitator might send on without noticing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from quest_engine.errors import QuestError


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """A full disk, a read-only folder or a missing drive: one clear line, not a traceback."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise QuestError(
            f"cannot write {path}: {reason}", "choose another place with -o PATH"
        ) from None


def write_atomic(path: Path, data: bytes | str, mode: int | None = None) -> Path:
    """Write `data` to `path` atomically (text is written as UTF-8)."""
    write_many({path: data}, mode=mode)
    return path


def write_chunks(path: Path, chunks: Iterable[str]) -> Path:
    """Write text produced piece by piece (a big export need not sit in memory twice)."""
    path = Path(path)
    with _writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                for chunk in chunks:
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


def write_many(files: Mapping[Path, bytes | str], mode: int | None = None) -> list[Path]:
    """Write several files; each appears only once all of them were written completely.

    One file is fsynced on its own; many (a folder of credentials) are flushed with one
    sync() before the renames, which costs one disk flush instead of thousands."""
    temps: list[tuple[Path, Path]] = []
    single = len(files) == 1
    current = Path()
    try:
        for path, data in files.items():
            path = current = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
                fh.flush()
                if single:
                    os.fsync(fh.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
        if not single:
            os.sync()
    except BaseException as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            with _writing(current):
                raise
        raise
    for tmp, path in temps:
        with _writing(path):
            os.replace(tmp, path)
    return [path for _, path in temps]
