"""The built wheel carries the schemas and bundled packs, and `quest validate` finds them
from an installed (non-editable) copy, run outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (built,) = out.glob("quest_engine-*.whl")
    return built


def test_the_wheel_carries_schemas_packs_and_the_quest_script(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in (ROOT / "schemas").glob("*.schema.json"):
        assert f"quest_engine/_data/schemas/{schema.name}" in names
    packs = [p.parent.name for p in (ROOT / "quests").glob("*/pack.yaml")]
    assert packs
    for pack in packs:
        assert f"quest_engine/_data/quests/{pack}/pack.yaml" in names
    assert "quest_engine/_data/assets/LICENSE-art.md" in names
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "quest = quest_engine.cli.main:main" in text


def test_validate_from_the_unpacked_wheel_finds_the_bundled_packs(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), QUEST_NO_CACHE="1")
    env.pop("QUEST_DEBUG", None)
    where = subprocess.run(
        [sys.executable, "-c", "import quest_engine.paths as p; print(p.schemas_dir())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert where.stdout.strip() == str(site / "quest_engine" / "_data" / "schemas")
    proc = subprocess.run(
        [sys.executable, "-m", "quest_engine", "validate"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = sum(1 for p in (ROOT / "quests").glob("*/*") if p.suffix in (".yaml", ".yml"))
    assert proc.stdout.strip() == f"0 errors, 0 warnings in {files} files"
