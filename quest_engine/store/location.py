"""Where the store lives, and whether that place is safe for SQLite.

Default: the user data folder (platformdirs) `quest-engine/progress.sqlite3`; `--store PATH`
and then `QUEST_STORE` override it. A file on a network share (a classroom shared drive) is
detected from the mount table: SQLite's WAL needs shared memory between the processes on one
machine and reliable file locks, which NFS, SMB and friends do not give.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "quest-engine"
DEFAULT_FILE_NAME = "progress.sqlite3"
ENV_STORE = "QUEST_STORE"

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ncpfs",
        "coda",
        "davfs",
        "fuse.sshfs",
        "sshfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.gvfsd-fuse",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "gpfs",
        "beegfs",
    }
)


def default_store_path() -> str:
    return str(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE_NAME)


def resolve_store_location(args_store: str | None) -> str:
    """`--store` if given, else `$QUEST_STORE`, else the user data folder."""
    if args_store:
        return args_store
    env = os.environ.get(ENV_STORE, "").strip()
    if env:
        return env
    return default_store_path()


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def _unescape_mount_field(text: str) -> str:
    """/proc/mounts writes spaces, tabs and backslashes as octal escapes (\\040)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 4 <= len(text) and text[i + 1 : i + 4].isdigit():
            out.append(chr(int(text[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def read_mount_table() -> str | None:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def filesystem_type(path: str | os.PathLike[str], mounts: str | None = None) -> str | None:
    """The fs type of the mount holding `path` (None when unknown, e.g. not on Linux)."""
    table = read_mount_table() if mounts is None else mounts
    if not table:
        return None
    target = Path(os.path.abspath(path))
    # The file (or even its folder) may not exist yet: resolve the deepest existing parent.
    probe = target
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    resolved = probe.resolve()
    best: tuple[int, str] | None = None
    for line in table.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = _unescape_mount_field(parts[1])
        fs_type = parts[2]
        mp = Path(mount_point)
        if resolved == mp or mp in resolved.parents:
            depth = len(mp.parts)
            if best is None or depth >= best[0]:
                best = (depth, fs_type)
    return best[1] if best else None


def network_filesystem(path: str | os.PathLike[str], mounts: str | None = None) -> str | None:
    """The network fs type holding `path`, or None when the path is on a local disk."""
    fs_type = filesystem_type(path, mounts)
    if fs_type is None:
        return None
    if fs_type in NETWORK_FILESYSTEMS or fs_type.split(".")[0] in {"nfs", "cifs", "smb3"}:
        return fs_type
    return None
