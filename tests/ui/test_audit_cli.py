"""Audit: `quest play --headless` from the command line, as CI and the docs use it.

A script using every kind of action drives a first day and writes its screenshots; a
script that cannot be run (a control that is not there, broken YAML, an unknown action, a
value of the wrong type) ends with one line on stderr and exit 1, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MAIN = "import sys; from quest_engine.cli.main import main; sys.exit(main())"
ROOT = Path(__file__).resolve().parents[2]

WALK = """\
- screenshot: shots/first.png
- click: Start here
- click: Class name
- type: Room 9
- press: enter
- wait: 3
- assert_text: Step 2 of 2
- click: Display name
- type: Zoë
- press: [tab, shift+tab]
- click: Start playing
- assert_text: Quest map
- resize: [1024, 600]
- scroll: -2
- screenshot: shots/hub.png
"""


def quest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        QUEST_CONFIG_DIR=str(tmp_path / "config"),
        PYTHONPATH=str(ROOT),
    )
    env.pop("QUEST_STORE", None)
    env.pop("QUEST_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", MAIN, "--store", str(tmp_path / "class.db"), "play", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def is_png(path: Path) -> bool:
    return path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_headless_frames_and_a_screenshot_exit_0_with_a_png(tmp_path):
    done = quest(tmp_path, "--headless", "--frames", "30", "--screenshot", "out.png")
    assert done.returncode == 0, done.stderr
    assert is_png(tmp_path / "out.png")


def test_a_script_with_every_kind_of_action_plays_a_first_day(tmp_path):
    (tmp_path / "walk.yaml").write_text(WALK, encoding="utf-8")
    done = quest(tmp_path, "--headless", "--script", "walk.yaml")
    assert done.returncode == 0, done.stderr
    assert is_png(tmp_path / "shots" / "first.png")
    assert is_png(tmp_path / "shots" / "hub.png")
    again = quest(tmp_path, "--headless", "--script", "walk.yaml")
    assert again.returncode == 1  # the class exists now: no "Start here" on the second day
    assert "Start here" in again.stderr and "Room 9" in again.stderr


def one_clean_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    first = [line for line in lines if not line.lstrip().startswith("help:")]
    assert len(first) == 1, lines
    return first[0]


CLEAN = {
    "missing-control": ("- click: No Such Button\n", "No Such Button"),
    "broken-yaml": ("- click: [unclosed\n  : :\n", "YAML"),
    "unknown-action": ("- fly: away\n", "action 1"),
    "not-a-list": ("hello\n", "list of actions"),
}


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_a_script_that_cannot_run_is_one_clean_line(tmp_path, case):
    body, named = CLEAN[case]
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    line = one_clean_line(quest(tmp_path, "--headless", "--script", "bad.yaml"))
    assert named in line


BAD_VALUES = {
    "wait-not-a-number": "- wait: soon\n",
    "resize-not-a-pair": "- resize: 5\n",
    "unknown-key-name": "- press: nosuchkey\n",
    "scroll-not-a-number": "- scroll: lots\n",
    "screenshot-unwritable": "- screenshot: missing-dir/x.png/y.png\n",
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_an_action_value_of_the_wrong_kind_is_one_clean_line(tmp_path, case):
    (tmp_path / "missing-dir").mkdir()
    (tmp_path / "missing-dir" / "x.png").write_text("a file, not a folder", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BAD_VALUES[case], encoding="utf-8")
    line = one_clean_line(quest(tmp_path, "--headless", "--script", "bad.yaml"))
    assert "action 1" in line
