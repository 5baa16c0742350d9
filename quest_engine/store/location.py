"""Where the store lives, and whether that place is safe for SQLite.

Default: the user data folder (platformdirs) `quest-engine/progress.sqlite3`; `--store PATH`
and then `QUEST_STORE` override it. A file on a network share (a classroom shared drive) is
detected from the mount table: SQLite's WAL needs shared memory between the processes on one
machine and reliable file locks, which NFS, SMB and friends do not give.
"""

from __future__ import annotations

import ntpath
import os
import re
import subprocess
import sys
from collections.abc import Callable
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


DRIVE_REMOTE = 4
"""GetDriveTypeW's answer for a mapped network drive (H: on a school network)."""


def is_unc_path(text: str) -> bool:
    """`\\\\server\\share\\...` (or `//server/share` on Windows): a Windows file share."""
    if text.startswith("\\\\?\\UNC\\"):
        return True
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return False
    return text.startswith("\\\\") or (sys.platform == "win32" and text.startswith("//"))


def windows_network_drive(
    path: str | os.PathLike[str], get_drive_type: Callable[[str], int] | None = None
) -> bool:
    """Whether `path` is on a mapped network drive (Windows only; False elsewhere)."""
    if get_drive_type is None:
        if sys.platform != "win32":
            return False
        import ctypes

        get_drive_type = ctypes.windll.kernel32.GetDriveTypeW  # type: ignore[attr-defined]
    text = os.fspath(path)
    drive = ntpath.splitdrive(text)[0] or os.path.splitdrive(os.path.abspath(text))[0]
    return len(drive) == 2 and get_drive_type(drive + "\\") == DRIVE_REMOTE


_BSD_MOUNT = re.compile(r"^(?P<src>.+?) on (?P<point>.+) \((?P<fs>[^,)]+)[,)]")


def bsd_mount_table(mount_output: str) -> str:
    """macOS/BSD `mount` output ("//kid@srv/share on /Volumes/share (smbfs, ...)") in the
    /proc/mounts layout, so one parser serves both."""
    lines = []
    for line in mount_output.splitlines():
        m = _BSD_MOUNT.match(line.strip())
        if m:
            point = m.group("point").replace("\\", "\\134").replace(" ", "\\040")
            lines.append(f"{m.group('src').replace(' ', '')} {point} {m.group('fs')} rw 0 0")
    return "\n".join(lines)


def _platform_mount_table() -> str | None:
    table = read_mount_table()
    if table is None and sys.platform == "darwin":
        try:
            out = subprocess.run(
                ["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        return bsd_mount_table(out)
    return table


def network_filesystem(path: str | os.PathLike[str], mounts: str | None = None) -> str | None:
    """The network fs type holding `path`, or None when the path is on a local disk.

    Linux reads /proc/mounts, macOS `mount`; on Windows a UNC path or a mapped network
    drive counts as "smb". `mounts` injects a mount table (tests)."""
    if is_unc_path(os.fspath(path)):
        return "smb"
    if mounts is None and windows_network_drive(path):
        return "smb"
    fs_type = filesystem_type(path, mounts if mounts is not None else _platform_mount_table())
    if fs_type is None:
        return None
    if fs_type in NETWORK_FILESYSTEMS or fs_type.split(".")[0] in {"nfs", "cifs", "smb3"}:
        return fs_type
    return None
