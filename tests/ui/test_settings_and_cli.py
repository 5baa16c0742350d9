"""Settings persist across runs; `quest play` runs headless, takes screenshots and scripts."""

from __future__ import annotations

import argparse
import json

import pytest

from quest_engine.cli import play_cmd
from quest_engine.errors import QuestError
from quest_engine.ui.settings import load_settings, settings_path


def test_settings_change_at_once_and_persist(pilot, make_pilot):
    pilot.click("Settings")
    pilot.click("High-contrast colours")
    pilot.click("Extra large")
    pilot.click("Dyslexia-friendly font")
    assert pilot.app.theme.colors.background == (0, 0, 0, 255)
    saved = json.loads(settings_path().read_text())
    assert saved["high_contrast"] is True and saved["text_size"] == "x-large"
    assert saved["dyslexia_font"] is True
    again = make_pilot()
    assert again.app.settings.high_contrast and again.app.settings.text_size == "x-large"
    big = again.app.theme.font_size("body")
    assert big > 21


def test_a_damaged_settings_file_falls_back_to_defaults(tmp_path):
    bad = tmp_path / "settings.json"
    bad.write_text("{not json")
    assert load_settings(bad).text_size == "medium"
    bad.write_text(json.dumps({"text_size": "enormous", "sound": "yes"}))
    s = load_settings(bad)
    assert s.text_size == "medium" and s.sound is True


def _args(**kw):
    base = dict(headless=True, frames=None, screenshot=None, script=None, size=None, store=None)
    base.update(kw)
    return argparse.Namespace(**base)


def test_headless_frames_write_a_png(tmp_path, service):
    out = tmp_path / "shot.png"
    assert play_cmd.run(_args(frames=5, screenshot=str(out)), service=service) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_script_drives_the_real_ui(tmp_path, service):
    script = tmp_path / "walk.yaml"
    shot = tmp_path / "hub.png"
    script.write_text(
        "- click: Room 12\n"
        "- click: Maya\n"
        "- assert_text: Quest map\n"
        "- press: [tab, right, enter]\n"
        "- wait: 3\n"
        f"- screenshot: {shot}\n"
    )
    assert play_cmd.run(_args(script=str(script)), service=service) == 0
    assert shot.is_file()


def test_a_failing_script_step_is_a_clean_error(tmp_path, service):
    script = tmp_path / "bad.yaml"
    script.write_text("- click: Room 12\n- assert_text: Nothing like this\n")
    with pytest.raises(QuestError, match="action 2 .assert_text. failed"):
        play_cmd.run(_args(script=str(script)), service=service)


def test_a_script_playing_a_locked_quest_says_it_is_locked(tmp_path, service):
    script = tmp_path / "locked.yaml"
    script.write_text("- click: Room 12\n- click: Maya\n- play_quest: Orbit Odyssey\n")
    with pytest.raises(QuestError, match="'Orbit Odyssey' is locked .unlock by: Finish"):
        play_cmd.run(_args(script=str(script)), service=service)


def test_a_malformed_script_names_the_problem(tmp_path, service):
    script = tmp_path / "bad.yaml"
    script.write_text("- dance: now\n")
    with pytest.raises(QuestError, match="must be one of"):
        play_cmd.run(_args(script=str(script)), service=service)


def test_quest_play_headless_cli_exits_0_and_writes_a_png(tmp_path):
    import os
    import subprocess
    import sys

    out = tmp_path / "first.png"
    env = dict(os.environ, QUEST_CONFIG_DIR=str(tmp_path / "cfg"))
    cmd = [sys.executable, "-m", "quest_engine", "--store", str(tmp_path / "s.db"), "play"]
    cmd += ["--headless", "--frames", "5", "--screenshot", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert "Traceback" not in done.stderr


def test_a_script_can_play_a_whole_quest(tmp_path, service):
    script = tmp_path / "play.yaml"
    script.write_text(
        "- click: Room 12\n- click: Maya\n- play_quest: Fraction Pizza\n- assert_text: Done\n"
    )
    assert play_cmd.run(_args(script=str(script)), service=service) == 0
    assert "fraction-pizza" in service.sessions["s1"].done
