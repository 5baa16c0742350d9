from __future__ import annotations

import pytest

from quest_engine.errors import QuestError
from quest_engine.store import open_store, resolve_store_location
from quest_engine.store.location import filesystem_type, network_filesystem
from quest_engine.store.sqlite_backend import SQLiteStore


def mounts_with(tmp_path, fs_type: str) -> str:
    return (
        "/dev/vda / ext4 rw,relatime 0 0\n"
        "proc /proc proc rw 0 0\n"
        f"server:/export {tmp_path} {fs_type} rw,relatime 0 0\n"
    )


@pytest.mark.parametrize("fs_type", ["nfs", "nfs4", "cifs", "smb3", "9p", "fuse.sshfs", "afs"])
def test_a_store_on_a_network_share_is_refused(tmp_path, fs_type):
    path = tmp_path / "class" / "progress.sqlite3"
    with pytest.raises(QuestError) as info:
        SQLiteStore(path, mounts=mounts_with(tmp_path, fs_type))
    assert fs_type in str(info.value)
    assert "network share" in str(info.value)
    assert "postgresql://" in (info.value.hint or "")
    assert not path.exists()


def test_a_local_disk_is_fine(tmp_path):
    mounts = mounts_with(tmp_path / "elsewhere", "nfs")
    assert filesystem_type(tmp_path / "x.sqlite3", mounts) == "ext4"
    assert network_filesystem(tmp_path / "x.sqlite3", mounts) is None
    SQLiteStore(tmp_path / "x.sqlite3", mounts=mounts).close()


def test_mount_points_with_spaces_are_understood(tmp_path):
    share = tmp_path / "Shared Drive"
    share.mkdir()
    mounts = (
        "/dev/vda / ext4 rw 0 0\n"
        + f"//srv/c {str(share).replace(' ', chr(92) + '040')} cifs rw 0 0\n"
    )
    assert network_filesystem(share / "p.sqlite3", mounts) == "cifs"


def test_journal_mode_delete_is_an_explicit_escape_hatch(tmp_path, caplog):
    path = tmp_path / "progress.sqlite3"
    with SQLiteStore(path, mounts=mounts_with(tmp_path, "nfs"), journal_mode="delete") as s:
        assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert "network share" in caplog.text


def test_location_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv("QUEST_STORE", raising=False)
    default = resolve_store_location(None)
    assert default.endswith("progress.sqlite3") and "quest-engine" in default
    monkeypatch.setenv("QUEST_STORE", str(tmp_path / "env.sqlite3"))
    assert resolve_store_location(None) == str(tmp_path / "env.sqlite3")
    assert resolve_store_location("cli.sqlite3") == "cli.sqlite3"


def test_a_postgres_url_picks_the_postgres_backend(monkeypatch):
    import sys
    import types

    fake = types.ModuleType("quest_engine.store.postgres_backend")
    fake.open_postgres_store = lambda url, create=True, **kw: ("pg", url, create)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "quest_engine.store.postgres_backend", fake)
    assert open_store("postgresql://db/quest", create=False) == (
        "pg",
        "postgresql://db/quest",
        False,
    )


def test_a_postgres_url_without_that_backend_is_a_clear_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "quest_engine.store.postgres_backend", None)
    with pytest.raises(QuestError, match="PostgreSQL"):
        open_store("postgresql://localhost/quest")


def test_a_missing_store_file_is_an_error_when_one_must_exist(tmp_path):
    with pytest.raises(QuestError, match="no progress store"):
        open_store(tmp_path / "nope.sqlite3", create=False)
    assert not (tmp_path / "nope.sqlite3").exists()


@pytest.mark.parametrize(
    "path", [r"\\school-srv\class\progress.sqlite3", r"\\?\UNC\school-srv\class\p.sqlite3"]
)
def test_a_windows_share_path_is_refused(path):
    from quest_engine.store.location import is_unc_path

    assert is_unc_path(path)
    with pytest.raises(QuestError, match="network share"):
        SQLiteStore(path)


def test_windows_long_paths_and_devices_are_not_shares():
    from quest_engine.store.location import is_unc_path

    assert not is_unc_path(r"\\?\C:\Users\kid\progress.sqlite3")
    assert not is_unc_path(r"C:\Users\kid\progress.sqlite3")


def test_a_mapped_network_drive_is_recognised():
    from quest_engine.store.location import windows_network_drive

    asked = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return 4 if root.upper().startswith("H") else 3  # DRIVE_REMOTE, DRIVE_FIXED

    assert windows_network_drive("H:\\class\\progress.sqlite3", drive_type)
    assert asked == ["H:\\"]
    assert not windows_network_drive("C:\\Users\\kid\\progress.sqlite3", drive_type)
    assert not windows_network_drive("/home/kid/progress.sqlite3", lambda root: 4)  # no drive


def test_macos_mount_output_is_understood(tmp_path):
    from quest_engine.store.location import bsd_mount_table

    share = tmp_path / "Class Share"
    share.mkdir()
    output = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        f"//teacher@school-srv/class on {share} (smbfs, nodev, nosuid, mounted by teacher)\n"
    )
    table = bsd_mount_table(output)
    assert network_filesystem(share / "progress.sqlite3", table) == "smbfs"
    assert network_filesystem(tmp_path / "local.sqlite3", table) is None
