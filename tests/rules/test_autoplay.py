"""The auto-player finishes every quest; the rules package stays pure."""

from __future__ import annotations

import ast
import pathlib

import pytest

import quest_engine.rules as rules_pkg
from quest_engine.content.model import (
    BalanceParams,
    BalanceWeight,
    GameChallenge,
    LaunchParams,
    Range,
)
from quest_engine.rules.answers import check_answer
from quest_engine.rules.autoplay import next_action, reveal_text, solve_challenge
from quest_engine.rules.replay import fold_run

from .bundled import bundled_context, bundled_quests, bundled_results, unlocking_log
from .fixtures import rich_context, rich_quest
from .play import Player


def autoplay(player: Player, limit: int = 500) -> None:
    player.start()
    for i in range(limit):
        action = next_action(player.quest, player.state, f"auto-{i}")
        if action is None:
            return
        t = player.do(action)
        assert t.accepted, (player.quest.id, player.state.step_id, t.feedback)
    raise AssertionError(f"{player.quest.id} did not finish in {limit} actions")


@pytest.mark.parametrize("review", ["self", "peer", "teacher"])
def test_autoplay_finishes_the_fixture_quest(review):
    quest = rich_quest(review=review)
    p = Player(quest, rich_context(quest))
    autoplay(p)
    assert p.state.finished and p.state.xp > 0
    assert fold_run(quest, p.log) == p.state


def test_every_bundled_pack_reaches_the_engine():
    results = bundled_results()
    assert results and all(r.pack is not None for r in results)
    assert len(bundled_quests()) >= len(results)


@pytest.mark.parametrize("quest", bundled_quests(), ids=lambda q: q.id)
def test_autoplay_finishes_every_bundled_quest(quest):
    p = Player(quest, bundled_context(), unlocking_log(quest))
    autoplay(p)
    assert p.state.finished
    correct = [e for e in p.log if type(e).__name__ == "AnswerChecked"]
    assert all(e.correct for e in correct)


def test_solvers_give_answers_the_judge_accepts():
    launch = GameChallenge(
        "game",
        "?",
        "launch",
        LaunchParams(target_distance=60, angle=Range(10, 30, 20), speed=Range(5, 40, 10)),
    )
    answer = solve_challenge(launch)
    assert 10 <= answer["angle"] <= 30 and check_answer(launch, answer).correct
    balance = GameChallenge(
        "game",
        "?",
        "balance",
        BalanceParams(beam_half_length=3, fixed=(BalanceWeight(4, -1.5),), available=(1, 2, 2)),
    )
    assert check_answer(balance, solve_challenge(balance)).correct
    assert "kg" in reveal_text(balance) and "m/s" in reveal_text(launch)


FORBIDDEN = {"pygame", "sqlite3", "time", "datetime", "random", "os", "pathlib", "socket"}


@pytest.mark.parametrize(
    "path", sorted(pathlib.Path(rules_pkg.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_rules_modules_are_pure(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or "").split(".")[0]]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
            "open",
            "eval",
            "exec",
        }:
            raise AssertionError(f"{path.name}:{node.lineno} calls {node.func.id}")
        else:
            continue
        assert not FORBIDDEN & set(names), f"{path.name}:{node.lineno} imports {names}"
