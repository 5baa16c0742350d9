"""`quest validate` as a teacher runs it: output format, exit codes, never a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quest_engine.cli import main as cli_main

CASES = Path(__file__).parent / "cases"
ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning)\[(?P<code>[a-z0-9-]+)\]: .+$"
)
SUMMARY = re.compile(r"^\d+ errors, \d+ warnings in \d+ files$")


def quest(*args: str, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("QUEST_DEBUG", None)
    if cache is not None:
        env["QUEST_CACHE_DIR"] = str(cache)
    else:
        env["QUEST_NO_CACHE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "quest_engine", "validate", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def check_text_format(stdout: str) -> list[re.Match]:
    lines = stdout.rstrip("\n").split("\n")
    assert SUMMARY.match(lines[-1]), lines[-1]
    matches = []
    for line in lines[:-1]:
        if line.startswith("  help: "):
            assert matches, "a help line must follow a diagnostic"
            continue
        m = LINE.match(line)
        assert m, line
        matches.append(m)
    return matches


def test_errors_exit_1_with_compiler_style_lines(tmp_path):
    case = "tests/content/cases/invalid/unknown-step-next.yaml"
    proc = quest(case, "tests/content/cases/invalid/dead-end.yaml", cache=tmp_path)
    assert proc.returncode == 1, proc.stderr
    matches = check_text_format(proc.stdout)
    assert [(m["path"], m["line"], m["col"], m["code"]) for m in matches][0] == (
        case,
        "10",
        "11",
        "unknown-step",
    )
    assert "  help: did you mean `done`?" in proc.stdout
    assert proc.stdout.rstrip().endswith("2 errors, 0 warnings in 2 files")
    # A second run is served from the cache and says exactly the same.
    assert (
        quest(case, "tests/content/cases/invalid/dead-end.yaml", cache=tmp_path).stdout
        == proc.stdout
    )


def test_warnings_alone_exit_0():
    proc = quest("tests/content/cases/invalid/unreachable-step.yaml")
    assert proc.returncode == 0
    assert proc.stdout.rstrip().endswith("0 errors, 1 warnings in 1 files")


def test_a_valid_pack_folder_exits_0():
    proc = quest("tests/content/cases/valid")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip() == "0 errors, 0 warnings in 5 files"


def test_json_format_lists_the_same_diagnostics():
    case = "tests/content/cases/invalid/unknown-key-typo.yaml"
    text = quest(case)
    proc = quest(case, "--format", "json")
    assert proc.returncode == 1
    items = json.loads(proc.stdout)
    assert [set(i) for i in items] == [
        {"path", "line", "column", "severity", "code", "message", "help"}
    ] * len(items)
    assert [(i["line"], i["column"], i["code"]) for i in items] == [
        (int(m["line"]), int(m["col"]), m["code"]) for m in check_text_format(text.stdout)
    ]
    assert "did you mean `options`?" in items[0]["help"]


@pytest.mark.parametrize(
    "args",
    [
        ["no/such/file.yaml"],
        ["--format", "xml"],
        ["--nope"],
        ["tests/content/cases/invalid/assets"],
    ],
)
def test_usage_errors_exit_2_without_traceback(args):
    proc = quest(*args)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout


def test_a_folder_with_nothing_to_check_is_a_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("not a quest", encoding="utf-8")
    proc = quest(str(tmp_path))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "nothing to check" in proc.stderr and proc.stderr.count("\n") == 2


def test_hostile_files_never_print_a_traceback(tmp_path):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 8)
    bomb = CASES / "invalid" / "billion-laughs.yaml"
    proc = quest(str(junk), str(bomb), str(CASES / "invalid" / "python-tag.yaml"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    codes = [m["code"] for m in check_text_format(proc.stdout)]
    assert codes == ["not-utf8", "too-many-aliases", "forbidden-tag"]


def test_a_pack_yaml_path_checks_its_pack():
    proc = quest("tests/content/cases/packs/badge-never-awarded/pack.yaml")
    assert proc.returncode == 0
    assert "warning[badge-never-awarded]" in proc.stdout
    assert proc.stdout.rstrip().endswith("in 2 files")


def test_a_file_is_a_quest_whatever_its_name(tmp_path):
    odd = tmp_path / "notes.txt"
    odd.write_text("format: 1\nid: x\n", encoding="utf-8")
    proc = quest(str(odd))
    assert proc.returncode == 1
    assert "error[missing-key]" in proc.stdout


def test_no_path_checks_the_bundled_packs():
    proc = quest()
    assert proc.returncode in (0, 1)
    check_text_format(proc.stdout)


def test_internal_errors_exit_3_with_one_line(monkeypatch, capsys):
    import quest_engine.content.loader as loader

    def boom(*args, **kwargs):
        raise RuntimeError("simulated")

    monkeypatch.delenv("QUEST_DEBUG", raising=False)
    monkeypatch.setattr(loader, "validate_paths", boom)
    code = cli_main.main(["validate", str(CASES / "valid" / "norway.yaml")])
    err = capsys.readouterr().err
    assert code == 3
    assert len(err.strip().splitlines()) == 1 and "report" in err


def test_the_content_layer_imports_neither_pygame_nor_sqlite3():
    code = (
        "import sys, quest_engine.content, quest_engine.cli.validate_cmd;"
        "from quest_engine.content import validate_paths;"
        "validate_paths(['tests/content/cases/valid']);"
        "bad = {'pygame', 'sqlite3'} & set(sys.modules); print(sorted(bad))"
    )
    env = dict(os.environ, QUEST_NO_CACHE="1")
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert proc.stdout.strip() == "[]", proc.stderr
