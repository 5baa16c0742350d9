"""`quest export` end to end: passphrase, store selection, every format, clean failures."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from quest_engine.cli.main import main
from quest_engine.exports.synthetic import fill_class, synthetic_pack
from quest_engine.exports.vc_jwt import b64url_decode
from quest_engine.store import open_store

PASSPHRASE = "correct horse battery staple"
NAMES = ["Zoë Ångström", '=HYPERLINK("http://x","y")', "Amir Khan"]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "progress.sqlite3"
    store = open_store(path)
    store.set_facilitator_passphrase(PASSPHRASE)
    token = store.verify_facilitator(PASSPHRASE)
    fill_class(store, token, "Room 12", 3, synthetic_pack(3), seed=5, names=NAMES)
    store.close()
    return path


@pytest.fixture
def env(monkeypatch, store_path):
    monkeypatch.setenv("QUEST_FACILITATOR_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("QUEST_STORE", raising=False)
    return store_path


def export(store_path, *args):
    return main(["--store", str(store_path), "export", "--class", "Room 12", *args])


def test_csv_export(env, tmp_path, capsys):
    assert export(env, "--format", "csv", "-o", str(tmp_path / "room.csv")) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "room-students.csv" in out
    with open(tmp_path / "room.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["student"] for r in rows} == {"Zoë Ångström", "'" + NAMES[1], "Amir Khan"}
    assert not list(tmp_path.glob(".*.tmp"))


def test_every_format_and_anonymize_hides_every_name(env, tmp_path):
    outputs = {
        "csv": tmp_path / "r.csv",
        "json": tmp_path / "r.json",
        "html": tmp_path / "r.html",
        "xapi": tmp_path / "statements.json",
        "openbadges": tmp_path / "badges",
    }
    for fmt, path in outputs.items():
        assert export(env, "--format", fmt, "--anonymize", "-o", str(path)) == 0, fmt
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) >= 6
    assert any(p.suffix == ".jwt" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".jwt":  # the credential is the base64url payload
            text = b64url_decode(text.split(".")[1]).decode("utf-8")
            assert "credentialSubject" in text
        for name in ("Zoë", "HYPERLINK", "Amir"):
            assert name not in text, (path.name, name)
    doc = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert all(s["name"].startswith("Student ") for s in doc["students"])
    again = tmp_path / "again.json"
    assert export(env, "--format", "json", "--anonymize", "-o", str(again)) == 0
    names = [s["name"] for s in json.loads(again.read_text(encoding="utf-8"))["students"]]
    assert names == [s["name"] for s in doc["students"]]  # stable pseudonyms


def test_format_from_extension_and_quest_store_env(env, tmp_path, monkeypatch):
    monkeypatch.setenv("QUEST_STORE", str(env))
    assert main(["export", "--class", "Room 12", "-o", str(tmp_path / "r.html")]) == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_wrong_passphrase_is_refused(env, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QUEST_FACILITATOR_PASSPHRASE", "not it at all")
    assert export(env, "--format", "json", "-o", str(tmp_path / "r.json")) == 1
    assert "wrong facilitator passphrase" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()


def test_missing_store_and_unknown_class_are_one_line_errors(env, tmp_path, capsys):
    missing = tmp_path / "nope.sqlite3"
    assert (
        main(["--store", str(missing), "export", "--format", "csv", "-o", str(tmp_path / "a.csv")])
        == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("quest: error: no progress store") and "Traceback" not in err
    assert not missing.exists() and not (tmp_path / "a.csv").exists()
    out = tmp_path / "b.csv"
    assert main(["--store", str(env), "export", "--class", "Room 99", "-o", str(out)]) == 1
    assert "no class called 'Room 99'" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["csv", "json", "xapi", "openbadges"])
def test_a_place_that_cannot_be_written_is_a_one_line_error(env, tmp_path, capsys, fmt):
    blocker = tmp_path / "report.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert export(env, "--format", fmt, "-o", str(blocker / "out")) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"quest: error: cannot write {blocker / 'out'}") and "internal" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_export_needs_a_destination_and_a_format(env, tmp_path, capsys):
    assert export(env, "--format", "csv") == 2
    assert "-o PATH" in capsys.readouterr().err
    assert export(env, "-o", str(tmp_path / "r.txt")) == 2


def test_badges_export_verifies(env, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QUEST_STORE", str(env))
    assert export(env, "--format", "openbadges", "-o", str(tmp_path / "b")) == 0
    jwts = sorted((tmp_path / "b").glob("*.jwt"))
    assert jwts
    capsys.readouterr()
    assert main(["badges", "verify", str(jwts[0])]) == 0
    assert "this machine's issuer" in capsys.readouterr().out
    key = env.parent / "issuer-ed25519.pem"
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600
    copy = tmp_path / "copy.jwt"
    shutil.copy(jwts[0], copy)
    copy.write_text(copy.read_text().replace(".", ".x", 1))
    assert main(["badges", "verify", str(copy)]) == 1


def test_xapi_to_an_lrs_with_credentials_from_the_environment(env, lrs, monkeypatch, capsys):
    monkeypatch.setenv("QUEST_LRS_USER", "teacher")
    monkeypatch.setenv("QUEST_LRS_PASSWORD", "s3cret")
    assert export(env, "--format", "xapi", "--lrs", lrs.url, "--batch-size", "50") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"posted {len(lrs.stored)} statements")
    first = dict(lrs.stored)
    assert export(env, "--lrs", lrs.url) == 0  # again: the same ids, nothing new
    assert lrs.stored == first
    names = {s["actor"]["account"]["name"] for s in first.values()}
    assert len(names) == 3 and not any(
        "actor" in s and "name" in s["actor"] for s in first.values()
    )


def test_own_packs_give_titles(env, tmp_path, capsys):
    assert main(["new", "pack", "Earth Science", "--dir", str(tmp_path)]) == 0
    out = tmp_path / "r.json"
    assert export(env, "--pack", str(tmp_path / "earth-science"), "-o", str(out)) == 0
    quests = json.loads(out.read_text(encoding="utf-8"))["quests"]
    assert {"id": "first-quest", "title": "First Quest"}.items() <= next(
        q for q in quests if q["id"] == "first-quest"
    ).items()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.yaml").write_text("format: 1\nid: Not A Slug\n", encoding="utf-8")
    capsys.readouterr()
    assert export(env, "--pack", str(broken), "-o", str(tmp_path / "x.json")) == 1
    assert "has errors" in capsys.readouterr().err
