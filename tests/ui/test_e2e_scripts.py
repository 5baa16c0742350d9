"""End to end through the real command line: `quest --store FILE play --headless --script`
drives the game from YAML scripts (tests/ui/scripts/) in a separate process; the store
file keeps what the student did between two runs, as it would between two school days."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quest_engine.store import open_store

SCRIPTS = Path(__file__).parent / "scripts"
MAIN = "import sys; from quest_engine.cli.main import main; sys.exit(main())"


def quest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        QUEST_CONFIG_DIR=str(tmp_path / "config"),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    env.pop("QUEST_STORE", None)
    env.pop("QUEST_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", MAIN, "--store", str(tmp_path / "class.db"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def first_day(tmp_path):
    done = quest(tmp_path, "play", "--headless", "--script", str(SCRIPTS / "first-day.yaml"))
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_a_scripted_first_day_is_recorded_in_the_store(first_day):
    assert (first_day / "correct.png").stat().st_size > 10_000
    store = open_store(str(first_day / "class.db"))
    try:
        (room,) = store.classes()
        assert room.name == "Room 5"
        (maya,) = store.students(room.id)
        assert (maya.display_name, maya.avatar) == ("Maya", "mei")
        (progress,) = store.quest_progress(maya.id)
        assert (progress.quest_id, progress.status) == ("fraction-trail", "in_progress")
        assert progress.current_step == "line"
        assert progress.correct == 1 and progress.attempts == 1
        assert store.student_summary(maya.id).xp > 0
    finally:
        store.close()


def test_the_next_run_resumes_where_the_script_stopped(first_day):
    again = quest(first_day, "play", "--headless", "--script", str(SCRIPTS / "come-back.yaml"))
    assert again.returncode == 0, again.stderr
    assert (first_day / "resumed.png").is_file()


def test_a_script_asking_for_a_missing_control_fails_with_one_clean_line(first_day):
    bad = quest(first_day, "play", "--headless", "--script", str(SCRIPTS / "broken.yaml"))
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    first = bad.stderr.splitlines()[0]
    assert first.startswith("quest: error: script action 2 (click) failed")
    assert "'Nobody Here'" in first and "'Maya'" in first
