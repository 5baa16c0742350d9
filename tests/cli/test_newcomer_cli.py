"""What a teacher new to the `quest` command runs into: playing their own pack, finding a
student whose name has an accent, short submission ids, an export named like another
format, and templates that line up."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from quest_engine.cli.main import main
from quest_engine.cli.play_cmd import build_service
from quest_engine.errors import QuestError, UsageError

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "tests" / "content" / "cases" / "valid" / "tutorial"


@pytest.fixture
def store(tmp_path, monkeypatch) -> str:
    monkeypatch.delenv("QUEST_FACILITATOR_PASSPHRASE", raising=False)
    path = str(tmp_path / "q.sqlite3")
    assert main(["--store", path, "class", "create", "Room 12"]) == 0
    assert main(["--store", path, "class", "create", "Room 14"]) == 0
    assert main(["--store", path, "student", "add", "--class", "Room 12", "Zoë Martin"]) == 0
    assert main(["--store", path, "student", "add", "--class", "Room 14", "Mia Chen"]) == 0
    return path


def _service_args(store: str, *packs: str) -> argparse.Namespace:
    return argparse.Namespace(store=store, pack=list(packs))


def test_the_game_plays_a_teachers_own_pack_next_to_the_bundled_ones(store):
    service = build_service(_service_args(store, str(TUTORIAL)))
    assert "volcano-lab" in service.quests
    assert "launch-lab" in service.quests
    assert "My First Pack" in [p.title for p in service.packs()]


def test_a_bundled_pack_given_again_is_not_loaded_twice(store):
    service = build_service(_service_args(store, str(ROOT / "quests" / "stem-lab")))
    assert [p.title for p in service.packs()].count("STEM Lab") == 1


def test_a_pack_with_errors_is_shown_unavailable_not_refused(store, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in TUTORIAL.iterdir():
        (broken / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    quest = broken / "volcano-lab.yaml"
    quest.write_text(quest.read_text(encoding="utf-8").replace("start: intro", "start: intr"))
    service = build_service(_service_args(store, str(broken)))
    assert "volcano-lab" not in service.quests
    assert [p.ok for p in service.packs()].count(False) == 1


def test_a_pack_folder_that_is_not_a_pack_is_a_clear_error(store, tmp_path):
    with pytest.raises(UsageError, match="no such folder"):
        build_service(_service_args(store, str(tmp_path / "nothere")))
    with pytest.raises(UsageError, match="has no pack.yaml"):
        build_service(_service_args(store, str(tmp_path)))


def test_a_pack_that_reuses_a_bundled_quest_id_is_refused(store, tmp_path):
    clash = tmp_path / "clash"
    clash.mkdir()
    for f in TUTORIAL.iterdir():
        (clash / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    quest = clash / "volcano-lab.yaml"
    quest.write_text(
        quest.read_text(encoding="utf-8").replace("id: volcano-lab", "id: moon-weight")
    )
    with pytest.raises(QuestError, match="`moon-weight` is already used by STEM Lab"):
        build_service(_service_args(store, str(clash)))


def test_a_name_typed_without_its_accent_gets_a_did_you_mean(store, capsys):
    assert main(["--store", store, "student", "pin", "Zoe Martin", "--clear"]) == 1
    err = capsys.readouterr().err
    assert "no student called 'Zoe Martin'" in err
    assert "did you mean 'Zoë Martin'?" in err


def test_a_student_looked_for_in_the_wrong_class_is_found_in_hers(store, capsys):
    assert main(["--store", store, "student", "pin", "Mia Chen", "--class", "Room 12", "--clear"])
    assert "Mia Chen is in Room 14: use --class 'Room 14'" in capsys.readouterr().err


def test_a_submission_id_too_short_to_find_says_so(store, capsys):
    assert main(["--store", store, "review", "show", "e3a"]) == 1
    err = capsys.readouterr().err
    assert "too short" in err and "first 4 characters" in err


def test_an_export_named_like_another_format_is_refused(store, tmp_path, capsys):
    out = tmp_path / "room12.html"
    assert main(["--store", store, "export", "--format", "csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "named like an HTML file" in err and "room12.csv" in err
    assert not out.exists()
    badges = tmp_path / "badges.json"
    assert main(["--store", store, "export", "--format", "openbadges", "-o", str(badges)]) == 2
    assert "give a folder" in capsys.readouterr().err
    assert not badges.exists()


def test_an_unknown_avatar_is_added_with_a_note_naming_the_characters(store, capsys):
    args = ["--store", store, "student", "add", "--class", "Room 12", "Bo", "--avatar", "Dragon"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "Added Bo to Room 12." in captured.out
    assert "no drawn character is called 'Dragon'" in captured.err and "kenji" in captured.err
    args = ["--store", store, "student", "add", "--class", "Room 12", "Cy", "--avatar", "Kenji"]
    assert main(args) == 0
    assert "note" not in capsys.readouterr().err


def test_templates_line_their_comments_up_whatever_the_name(tmp_path, capsys):
    assert main(["new", "pack", "Earth Science", "--dir", str(tmp_path)]) == 0
    for name in ("pack.yaml", "first-quest.yaml"):
        lines = (tmp_path / "earth-science" / name).read_text(encoding="utf-8").splitlines()
        format_line = next(line for line in lines if line.startswith("format:"))
        id_line = next(line for line in lines if line.startswith("id:"))
        assert id_line.index("#") == format_line.index("#"), name


def test_a_one_student_roster_says_student(tmp_path, capsys):
    roster = tmp_path / "Room 15.csv"
    roster.write_text("Ada Byron\n", encoding="utf-8")
    assert main(["--store", str(tmp_path / "q.sqlite3"), "roster", "import", str(roster)]) == 0
    assert "Room 15: added 1 student (0 with a PIN)" in capsys.readouterr().out


def _own_pack_with_writing(tmp_path: Path) -> Path:
    """`quest new pack`'s first quest ends with teacher-reviewed writing; give it 10 XP."""
    assert main(["new", "pack", "Our Pack", "--dir", str(tmp_path)]) == 0
    quest = tmp_path / "our-pack" / "first-quest.yaml"
    text = quest.read_text(encoding="utf-8")
    assert text.count("\n    next: done\n") == 1
    quest.write_text(text.replace("\n    next: done\n", "\n    xp: 10\n    next: done\n"))
    return tmp_path / "our-pack"


def _submit_writing(store_path: str, pack: Path, name: str) -> str:
    """Play the pack's quest through the game's facade up to its writing; the submission id."""
    from quest_engine.content.model import WriteChallenge
    from quest_engine.rules.autoplay import solve_challenge

    service = build_service(_service_args(store_path, str(pack)))
    kid = next(
        s
        for s in service.store.students(service.store.class_by_name("Room 12").id)
        if s.display_name == name
    )
    session = service.sign_in(kid.id)
    view = session.start("first-quest")
    while view is not None:
        challenge = view.step.challenge
        if isinstance(challenge, WriteChallenge):
            session.submit_work(
                "The Moon has no air, so nothing slows the feather down there. " * 2
            )
            break
        if challenge is not None:
            session.submit(solve_challenge(challenge))
        view = session.proceed()
    sub_id = service.store.review_queue()[-1].id
    service.store.close()
    return sub_id


def test_approving_writing_of_an_own_pack_pays_its_xp_with_pack_and_says_so_without(
    store, tmp_path, capsys
):
    pack = _own_pack_with_writing(tmp_path)
    assert main(["--store", store, "student", "add", "--class", "Room 12", "Ben"]) == 0
    first = _submit_writing(store, pack, "Zoë Martin")
    second = _submit_writing(store, pack, "Ben")
    capsys.readouterr()

    assert main(["--store", store, "review", "score", first, "--approve"]) == 0
    out = capsys.readouterr()
    assert "(+10 XP)" not in out.out
    assert "no XP or badges were paid" in out.err and "--pack FOLDER" in out.err

    assert (
        main(["--store", store, "review", "score", second, "--approve", "--pack", str(pack)]) == 0
    )
    out = capsys.readouterr()
    assert "Approved Ben's work (+10 XP)." in out.out and out.err == ""


def test_a_wrong_passphrase_from_the_environment_says_to_check_the_variable(
    store, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("QUEST_FACILITATOR_PASSPHRASE", "correct horse battery")
    assert main(["--store", store, "facilitator", "set-passphrase"]) == 0
    monkeypatch.setenv("QUEST_FACILITATOR_PASSPHRASE", "wrong horse battery")
    capsys.readouterr()
    assert main(["--store", store, "export", "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "wrong facilitator passphrase" in err
    assert "QUEST_FACILITATOR_PASSPHRASE is set, but not to this store's passphrase" in err


def test_a_backup_never_writes_over_a_file_unless_told_to(store, tmp_path, capsys):
    other = tmp_path / "other-class.sqlite3"
    assert main(["--store", str(other), "class", "create", "Room 99"]) == 0
    before = other.read_bytes()
    assert main(["--store", store, "store", "backup", str(other)]) == 1
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert other.read_bytes() == before
    assert main(["--store", store, "store", "backup", str(other), "--replace"]) == 0
    assert "(replaced)" in capsys.readouterr().out
    assert main(["--store", str(other), "class", "list"]) == 0
    assert "Room 12" in capsys.readouterr().out


def test_the_first_steps_in_quest_help_are_commands_the_cli_accepts():
    import shlex

    from quest_engine.cli.main import FIRST_STEPS, build_parser

    lines = [line.strip() for line in FIRST_STEPS.splitlines() if line.startswith("  quest ")]
    commands = [shlex.split(line.split("   ")[0]) for line in lines if "COMMAND" not in line]
    commands += [shlex.split(c.splitlines()[0]) for c in FIRST_STEPS.split("then: ")[1:2]]
    assert len(commands) == 5
    for argv in commands:
        build_parser().parse_args(argv[1:])  # SystemExit here means the help text is stale
