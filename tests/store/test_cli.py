"""The store's commands, run the way a teacher runs them: `quest ...` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from quest_engine.rules import events as ev
from quest_engine.store import open_store, stamp
from quest_engine.store.sqlite_backend import LATEST_VERSION

PASS = "correct horse battery"


def quest(store_path, *args: str, env: dict[str, str] | None = None, store_flag: bool = True):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("QUEST_")}
    full_env.update(env or {})
    cmd = [sys.executable, "-m", "quest_engine"]
    if store_flag:
        cmd += ["--store", str(store_path)]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=full_env, stdin=subprocess.DEVNULL
    )


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "progress.sqlite3"


def test_class_student_and_progress_commands(path):
    out = quest(path, "class", "create", "Room 12")
    assert out.returncode == 0, out.stderr
    assert "Join code: " in out.stdout
    code = out.stdout.strip().rsplit(" ", 1)[-1]
    assert len(code) == 6

    assert (
        quest(path, "student", "add", "--class", "Room 12", "Ada", "--avatar", "fox").returncode
        == 0
    )
    out = quest(path, "student", "add", "--class", "Room 12", "Benjamin", "--pin", "2580")
    assert out.returncode == 0 and "with a PIN" in out.stdout

    with open_store(path) as s:
        room = s.class_by_name("Room 12")
        ada = next(k for k in s.students(room.id) if k.display_name == "Ada")
        s.append(
            [
                stamp(e, ada.id)
                for e in (
                    ev.QuestStarted("launch-lab", "h"),
                    ev.XpGained(40, "step", "launch-lab"),
                    ev.BadgeEarned("rocketeer", "launch-lab"),
                )
            ]
        )

    listing = quest(path, "class", "list")
    assert "Room 12" in listing.stdout and code in listing.stdout

    table = quest(path, "progress", "--class", "Room 12")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "Student",
        "Level",
        "XP",
        "Badges",
        "Current",
        "quest",
        "Quests",
        "done",
    ]
    ada_line = next(line for line in lines if line.startswith("Ada"))
    # The current quest is shown by its title (the bundled Launch Lab), not its id.
    assert ada_line.split() == ["Ada", "1", "40", "rocketeer", "Launch", "Lab", "0"]
    # Columns line up: every row is as wide as the header's underline.
    assert lines[0].index("XP") + 1 == lines[2].index("40") + 1


def test_progress_shows_the_id_of_a_quest_it_cannot_find_and_aligns_emoji_names(path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    assert quest(path, "student", "add", "--class", "Room 12", "Zoë 🦊").returncode == 0
    assert quest(path, "student", "add", "--class", "Room 12", "Ben").returncode == 0
    with open_store(path) as s:
        room = s.class_by_name("Room 12")
        zoe = next(k for k in s.students(room.id) if k.display_name.startswith("Zo"))
        s.append([stamp(ev.QuestStarted("my-own-quest", "h"), zoe.id)])
    table = quest(path, "progress")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    zoe_line = next(line for line in lines if line.startswith("Zo"))
    assert "my-own-quest" in zoe_line.split()
    # The fox takes two terminal columns: the Level column still lines up under its header.
    level_col = lines[0].index("Level") + len("Level") - 1
    ben_line = next(line for line in lines if line.startswith("Ben"))
    assert ben_line[level_col] == "1"
    fox_extra = 1  # one character, two columns
    assert zoe_line[level_col - fox_extra] == "1"


def test_clear_errors_for_a_missing_store_and_an_unknown_class(path):
    out = quest(path, "progress")
    assert out.returncode == 1
    assert out.stderr.startswith("quest: error: no progress store at")
    assert "Traceback" not in out.stderr
    assert not path.exists()
    quest(path, "class", "create", "Room 12")
    out = quest(path, "student", "add", "--class", "Room 99", "Zed")
    assert out.returncode == 1
    assert "no class called 'Room 99'" in out.stderr
    assert "Room 12" in out.stderr


def test_quest_store_env_variable_is_honoured(path):
    out = quest(
        path, "class", "create", "Env Room", env={"QUEST_STORE": str(path)}, store_flag=False
    )
    assert out.returncode == 0, out.stderr
    assert path.is_file()


def _play_to_the_write_step(path, quest_id: str, text: str) -> tuple[str, int]:
    """Play a bundled quest through the game's own facade until its writing is submitted;
    returns (student id, XP so far)."""
    from quest_engine.app.service import GameService
    from quest_engine.content.loader import load_bundled_packs
    from quest_engine.content.model import WriteChallenge
    from quest_engine.rules.autoplay import solve_challenge

    with open_store(path) as s:
        kid = s.students(s.class_by_name("Room 12").id)[0]
        session = GameService(s, load_bundled_packs()).sign_in(kid.id)
        view = session.start(quest_id)
        while view is not None:
            challenge = view.step.challenge
            if isinstance(challenge, WriteChallenge):
                session.submit_work(text)
                break
            if challenge is not None:
                session.submit(solve_challenge(challenge))
            view = session.proceed()
        assert len(s.review_queue()) == 1
        return kid.id, s.student_summary(kid.id).xp


def test_review_flow_with_a_passphrase(path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    assert quest(path, "student", "add", "--class", "Room 12", "Ada").returncode == 0
    out = quest(path, "facilitator", "set-passphrase", env={"QUEST_FACILITATOR_PASSPHRASE": PASS})
    assert out.returncode == 0, out.stderr
    words = "When you run, your muscles need more oxygen, so your heart pumps blood faster. " * 4
    kid, xp_before = _play_to_the_write_step(path, "heartbeat-lab", words)

    locked = quest(path, "review")
    assert locked.returncode == 1 and "passphrase" in locked.stderr
    wrong = quest(path, "review", env={"QUEST_FACILITATOR_PASSPHRASE": "not it at all"})
    assert wrong.returncode == 1 and "wrong facilitator passphrase" in wrong.stderr
    fac = {"QUEST_FACILITATOR_PASSPHRASE": PASS}
    queue = quest(path, "review", "--class", "Room 12", env=fac)
    assert queue.returncode == 0, queue.stderr
    assert "Ada" in queue.stdout and "heartbeat-lab" in queue.stdout
    short_id = queue.stdout.splitlines()[2].split()[0]

    shown = quest(path, "review", "show", short_id, env=fac)
    assert shown.returncode == 0, shown.stderr
    assert "your muscles need more oxygen" in shown.stdout
    assert "science:" in shown.stdout and "audience:" in shown.stdout  # the rubric

    bad = quest(path, "review", "score", short_id, "--score", "science=three", "--approve", env=fac)
    assert bad.returncode == 2 and "whole number" in bad.stderr
    unknown = quest(
        path, "review", "score", short_id, "--score", "spelling=2", "--approve", env=fac
    )
    assert unknown.returncode == 1 and "no criterion 'spelling'" in unknown.stderr
    done = quest(
        path,
        "review",
        "score",
        short_id,
        "--score",
        "science=3",
        "--score",
        "audience=2",
        "--comment",
        "Clear!",
        "--approve",
        env=fac,
    )
    assert done.returncode == 0, done.stderr
    assert "Approved Ada's work (+15 XP" in done.stdout
    assert "Nothing waiting" in quest(path, "review", env=fac).stdout

    with open_store(path) as s:
        (sub,) = s.submissions(kid)
        assert sub.state == "approved"
        assert sub.reviews[0].scores == {"audience": 2, "science": 3}
        assert sub.reviews[0].comment == "Clear!"
        # The approval paid the write step's XP, decided by the rules engine.
        assert s.student_summary(kid).xp == xp_before + 15


def test_returning_work_pays_nothing(path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    assert quest(path, "student", "add", "--class", "Room 12", "Ada").returncode == 0
    kid, xp_before = _play_to_the_write_step(path, "heartbeat-lab", "My heart goes fast. " * 8)
    with open_store(path) as s:
        sub_id = s.review_queue()[0].id
    out = quest(path, "review", "score", sub_id, "--comment", "Say more about oxygen.", "--return")
    assert out.returncode == 0, out.stderr
    assert "Returned Ada's work" in out.stdout
    with open_store(path) as s:
        assert s.submission(sub_id).state == "returned"
        assert s.student_summary(kid).xp == xp_before


def test_store_backup_restore_and_check(path, tmp_path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    backup = tmp_path / "copy.sqlite3"
    out = quest(path, "store", "backup", str(backup))
    assert out.returncode == 0 and backup.is_file()
    assert quest(path, "class", "create", "Room 13").returncode == 0

    check = quest(path, "store", "check")
    assert check.returncode == 0
    assert f"Schema version: {LATEST_VERSION} " in check.stdout
    assert "Integrity:      ok" in check.stdout

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\0" * 5000)
    refused = quest(path, "store", "restore", str(junk))
    assert refused.returncode == 1 and "nothing was restored" in refused.stderr

    restored = quest(path, "store", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "before-restore-" in restored.stdout
    names = quest(path, "class", "list").stdout
    assert "Room 12" in names and "Room 13" not in names


def test_restore_rescues_a_store_that_no_longer_opens(path, tmp_path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    backup = tmp_path / "monday.sqlite3"
    assert quest(path, "store", "backup", str(backup)).returncode == 0
    path.write_bytes(b"\0garbage" * 1000)  # a bad shutdown, a stray copy ...
    broken = quest(path, "class", "list")
    assert broken.returncode == 1 and "quest store restore" in broken.stderr
    restored = quest(path, "store", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    assert "Room 12" in quest(path, "class", "list").stdout


def test_backup_and_restore_need_the_facilitator_once_a_passphrase_is_set(path, tmp_path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    fac = {"QUEST_FACILITATOR_PASSPHRASE": PASS}
    assert quest(path, "facilitator", "set-passphrase", env=fac).returncode == 0
    backup = tmp_path / "copy.sqlite3"
    refused = quest(path, "store", "backup", str(backup))
    assert refused.returncode == 1 and "passphrase" in refused.stderr
    assert not backup.exists()
    assert quest(path, "store", "backup", str(backup), env=fac).returncode == 0
    refused = quest(path, "store", "restore", str(backup))
    assert refused.returncode == 1 and "passphrase" in refused.stderr
    assert quest(path, "store", "restore", str(backup), env=fac).returncode == 0


def test_every_command_takes_store_after_it_too(path, tmp_path):
    import argparse

    from quest_engine.cli.main import build_parser

    def leaves(parser, trail=()):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield trail, parser
        for action in subs:
            for name, child in action.choices.items():
                yield from leaves(child, (*trail, name))

    missing = [
        " ".join(t) for t, p in leaves(build_parser()) if "--store" not in p._option_string_actions
    ]
    assert missing == []
    assert quest(path, "class", "create", "Room 12").returncode == 0
    after = quest(None, "class", "list", "--store", str(path), store_flag=False)
    assert after.returncode == 0 and "Room 12" in after.stdout
    # Given after the command it wins; given only before, it still counts.
    other = tmp_path / "other.sqlite3"
    both = quest(other, "store", "path", "--store", str(path))
    assert both.stdout.strip() == str(path)
    assert quest(other, "store", "path").stdout.strip() == str(other)


def test_review_show_never_passes_escape_sequences_to_the_terminal(path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    assert quest(path, "student", "add", "--class", "Room 12", "Ada").returncode == 0
    with open_store(path) as s:
        ada = s.students(s.class_by_name("Room 12").id)[0]
        text = "My story\x1b[2J\x1b]0;owned\x07 ends here.\nSecond line."
        s.append([stamp(ev.WorkSubmitted("sub-esc", "q", "log", text, "teacher"), ada.id)])
    queue = quest(path, "review")
    assert queue.returncode == 0 and "\x1b" not in queue.stdout
    shown = quest(path, "review", "show", "sub-esc")
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "My story?[2J" in shown.stdout and "\nSecond line." in shown.stdout


def test_progress_names_quests_of_a_class_pack_given_with_pack(path, tmp_path):
    made = subprocess.run(
        [sys.executable, "-m", "quest_engine", "new", "pack", "Our Pack", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    (pack,) = [p.parent for p in tmp_path.glob("*/pack.yaml")]
    assert quest(path, "class", "create", "Room 12").returncode == 0
    assert quest(path, "student", "add", "--class", "Room 12", "Ada").returncode == 0
    with open_store(path) as s:
        ada = s.students(s.class_by_name("Room 12").id)[0]
        s.append([stamp(ev.QuestStarted("first-quest", "h"), ada.id)])
    plain = quest(path, "progress")
    assert "first-quest" in plain.stdout  # unknown without the pack: its id
    named = quest(path, "progress", "--pack", str(pack))
    assert named.returncode == 0, named.stderr
    assert "First Quest" in named.stdout and "first-quest" not in named.stdout
    broken = tmp_path / "broken-pack"
    broken.mkdir()
    (broken / "pack.yaml").write_text("format: 1\nid: [oops\n")
    bad = quest(path, "progress", "--pack", str(broken))
    assert bad.returncode == 1 and "has errors" in bad.stderr


def test_a_facilitator_awards_badges_that_wait_for_approval(path):
    assert quest(path, "class", "create", "Room 12").returncode == 0
    assert quest(path, "student", "add", "--class", "Room 12", "Ada").returncode == 0
    fac = {"QUEST_FACILITATOR_PASSPHRASE": PASS}
    assert quest(path, "facilitator", "set-passphrase", env=fac).returncode == 0
    assert "No badges waiting" in quest(path, "review", "badges", env=fac).stdout
    with open_store(path) as s:
        ada = s.students(s.class_by_name("Room 12").id)[0]
        s.append([stamp(ev.BadgeAwaitingApproval("press-pass", "newsroom-scoop"), ada.id)])
    locked = quest(path, "review", "badges")
    assert locked.returncode == 1 and "passphrase" in locked.stderr
    listed = quest(path, "review", "badges", "--class", "Room 12", env=fac)
    assert listed.returncode == 0, listed.stderr
    assert "press-pass" in listed.stdout and "Ada" in listed.stdout
    refused = quest(path, "review", "badge", "Ada", "press-pass", "--approve")
    assert refused.returncode == 1
    awarded = quest(path, "review", "badge", "ada", "press-pass", "--approve", env=fac)
    assert awarded.returncode == 0, awarded.stderr
    assert "Awarded press-pass to Ada" in awarded.stdout
    assert "No badges waiting" in quest(path, "review", "badges", env=fac).stdout
    assert "press-pass" in quest(path, "progress").stdout
    again = quest(path, "review", "badge", "Ada", "press-pass", "--approve", env=fac)
    assert again.returncode == 1 and "waiting for approval" in again.stderr
