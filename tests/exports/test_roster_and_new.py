"""`quest roster import` and `quest new quest|pack`."""

from __future__ import annotations

import pytest

from quest_engine.cli.main import main
from quest_engine.cli.roster_cmd import parse_roster
from quest_engine.errors import QuestError
from quest_engine.store import open_store


@pytest.fixture
def store_env(tmp_path, monkeypatch):
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("QUEST_STORE", str(path))
    monkeypatch.delenv("QUEST_FACILITATOR_PASSPHRASE", raising=False)
    return path


def students_of(path, class_name):
    store = open_store(path, create=False)
    try:
        cls = store.class_by_name(class_name)
        return {s.display_name: s.has_pin for s in store.students(cls.id)}
    finally:
        store.close()


def test_import_a_spreadsheet_export(store_env, tmp_path, capsys):
    roster = tmp_path / "room_12.csv"
    roster.write_bytes(
        "\ufeffName;PIN\r\nZoë Ångström;0042\r\nBen Okafor;\r\n\r\nAmir Khan;42\r\n".encode()
    )
    assert main(["roster", "import", str(roster)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("room 12: added 3 students (2 with a PIN)")
    assert "join code:" in out
    assert students_of(store_env, "room 12") == {
        "Zoë Ångström": True,
        "Ben Okafor": False,
        "Amir Khan": True,
    }
    store = open_store(store_env, create=False)
    amir = next(
        s
        for s in store.students(store.class_by_name("room 12").id)
        if s.display_name == "Amir Khan"
    )
    assert store.check_pin(amir.id, "0042")  # Excel dropped the leading zeros
    store.close()


def test_a_file_without_header_and_a_chosen_class_name(store_env, tmp_path):
    roster = tmp_path / "list.csv"
    roster.write_text("Ada Byron,1234\nGrace Hopper\n", encoding="utf-8")
    assert main(["roster", "import", str(roster), "--class", "Coding Club"]) == 0
    assert students_of(store_env, "Coding Club") == {"Ada Byron": True, "Grace Hopper": False}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,pin\nAda,1234\nBen,12ab\n", "roster.csv:3: the PIN '12ab' for Ben is not 4 digits"),
        ("name,pin\nAda,1234\n,5678\n", "roster.csv:3: the name is empty"),
        ("Ada\nBen\nada\n", "roster.csv:3: ada is already on line 1"),
        ("pin\n1234\n", "roster.csv:1: the header has no name column"),
        ("\n\n", "roster.csv: no students in the file"),
        (
            'name\nAda\n"Ben, 1234\n',
            "roster.csv:3: not a readable CSV line (unexpected end of data)",
        ),
        ("name\nAda\nBo\x1b[31mb\n", "roster.csv:3: a name cannot contain control characters"),
        ("Zoe\u0308\nZo\u00eb\n", "roster.csv:2: Zoë is already on line 1"),
    ],
)
def test_malformed_rows_name_the_line(text, message):
    with pytest.raises(QuestError) as info:
        parse_roster(text, "roster.csv")
    assert str(info.value) == message


def test_a_bad_row_imports_nothing(store_env, tmp_path, capsys):
    roster = tmp_path / "room.csv"
    roster.write_text("Ada,1234\nBen,99999\nCleo\n", encoding="utf-8")
    assert main(["roster", "import", str(roster)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quest: error: room.csv:2: the PIN '99999' for Ben is not 4 digits")
    assert not store_env.exists()  # not even an empty store or class
    assert main(["roster", "import", str(tmp_path / "missing.csv")]) == 1


def test_a_name_the_store_would_refuse_creates_no_class(store_env, tmp_path, capsys):
    roster = tmp_path / "room.csv"
    roster.write_text("Ada\nBen\u202eevil\n", encoding="utf-8")
    assert main(["roster", "import", str(roster)]) == 1
    assert "room.csv:2: a name cannot contain control characters" in capsys.readouterr().err
    assert not store_env.exists()


def test_excel_unicode_text_and_binary_files(store_env, tmp_path, capsys):
    roster = tmp_path / "unicode.csv"
    roster.write_bytes("Name\tPIN\r\nZoë Ångström\t0042\r\n".encode("utf-16"))
    assert main(["roster", "import", str(roster), "--class", "Room 2"]) == 0
    assert students_of(store_env, "Room 2") == {"Zoë Ångström": True}
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["roster", "import", str(binary)]) == 1
    assert "photo.csv: not a text file" in capsys.readouterr().err


def test_importing_a_name_the_class_already_has_changes_nothing(store_env, tmp_path, capsys):
    first = tmp_path / "a.csv"
    first.write_text("Ada\nBen\n", encoding="utf-8")
    assert main(["roster", "import", str(first), "--class", "Room 1"]) == 0
    second = tmp_path / "b.csv"
    second.write_text("Cleo\nBen\n", encoding="utf-8")
    assert main(["roster", "import", str(second), "--class", "Room 1"]) == 1
    assert "b.csv:2: Room 1 already has a student called Ben" in capsys.readouterr().err
    assert set(students_of(store_env, "Room 1")) == {"Ada", "Ben"}


def test_new_quest_and_pack_validate_clean(tmp_path, capsys):
    assert main(["new", "quest", "Falling Things", "--dir", str(tmp_path)]) == 0
    quest = tmp_path / "falling-things.yaml"
    text = quest.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=") and "id: falling-things" in text
    assert text.count("#") > 20  # commented
    assert main(["new", "pack", "Earth Science", "--dir", str(tmp_path)]) == 0
    assert main(["new", "quest", "Volcano: Lab", "--dir", str(tmp_path / "earth-science")]) == 0
    capsys.readouterr()
    for target in (quest, tmp_path / "earth-science"):
        assert main(["validate", str(target)]) == 0
        assert " 0 errors, 0 warnings" in " " + capsys.readouterr().out
    assert main(["new", "quest", "Falling Things", "--dir", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
