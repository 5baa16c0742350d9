"""Audit: an answer, a draft and an award reach the store file as they happen.

The game runs in a child process on a real SQLite file and is killed with SIGKILL (no quit
handlers, no flush, no goodbye) right after the student's action; a fresh store opened by
the test then has to hold what the student did.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from quest_engine.store import open_store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

HERE = Path(__file__).resolve().parent
DRAFT = "Our park needs shade: 40 °C in July, said Señora Núñez."

CHILD = r"""
import json, os, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from e2e_player import AutoPlayer, open_game
from quest_engine.content.loader import load_bundled_packs

mode, store, config, draft = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
pilot = open_game(store, load_bundled_packs(), config)
player = AutoPlayer(pilot)
player.create_class("Room 7")
player.create_student("Sam")
student = pilot.app.player.student.id


def die(**facts):
    print(json.dumps(dict(facts, student=student)), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def answering(scene):
    return scene.challenge is not None and scene.awaiting() == "answer"


if mode == "answer":
    player.open_quest(player.playable()[0].quest.title)
    player.play_until(answering)
    scene = player.scene
    step = scene.view.step.id
    player.step()  # the right answer, entered through the UI
    die(quest=scene.view.quest.id, step=step)

if mode == "draft":
    def is_write(step):
        return step.challenge is not None and step.challenge.kind == "write"

    title = next(c.quest.title for c in player.playable() if any(map(is_write, c.quest.steps.values())))
    player.open_quest(title)
    player.play_until(lambda s: is_write(s.step) and s.awaiting() == "answer")
    scene = player.scene
    player.click_target("Your writing")
    pilot.type(draft)
    comp = scene.component
    for _ in range(5000):  # the student pauses; the loop keeps running on its own
        if comp.draft_timer is None:
            break
        pilot.frames(1)
    die(quest=scene.view.quest.id, step=scene.view.step.id)

if mode == "award":
    for _ in range(200):
        if player.scene_name == "CelebrationScene":
            die(celebrating=True)
        if player.scene_name == "HubScene":
            player.open_quest(player.playable()[0].quest.title)
            continue
        player.step()
    die(celebrating=False)
"""


def run_and_kill(mode: str, tmp_path: Path) -> tuple[dict, Path]:
    store = tmp_path / "class.db"
    env = dict(
        os.environ,
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        QUEST_CONFIG_DIR=str(tmp_path / "config"),
        PYGAME_HIDE_SUPPORT_PROMPT="1",
    )
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(HERE), mode, str(store), str(tmp_path), DRAFT],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    facts = json.loads(proc.stdout.strip().splitlines()[-1])
    return facts, store


def test_an_answer_is_in_the_store_the_moment_it_is_checked(tmp_path):
    facts, path = run_and_kill("answer", tmp_path)
    store = open_store(str(path))
    try:
        answers = [
            e.event
            for e in store.events(facts["student"], types={"answer_checked"})
            if e.event.step_id == facts["step"]
        ]
    finally:
        store.close()
    assert answers, "the answer entered just before the kill is not in the store"
    assert answers[-1].correct


def test_an_autosaved_draft_survives_a_killed_process(tmp_path):
    facts, path = run_and_kill("draft", tmp_path)
    store = open_store(str(path))
    try:
        draft = store.draft(facts["student"], facts["quest"], facts["step"])
        summary = store.student_summary(facts["student"])
    finally:
        store.close()
    assert draft == DRAFT
    assert (summary.current_quest, summary.current_step) == (facts["quest"], facts["step"])


def test_a_badge_or_level_being_celebrated_is_already_in_the_store(tmp_path):
    facts, path = run_and_kill("award", tmp_path)
    assert facts["celebrating"], "no celebration came up while playing"
    store = open_store(str(path))
    try:
        awards = list(
            store.events(facts["student"], types={"badge_earned", "level_reached", "xp_gained"})
        )
        summary = store.student_summary(facts["student"])
    finally:
        store.close()
    kinds = {e.event.type for e in awards}
    assert kinds & {"badge_earned", "level_reached"}, kinds
    assert summary.xp > 0
    assert summary.badges or summary.level > 1
