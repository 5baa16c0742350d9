"""Hostile input that is generated rather than stored: huge files, extreme nesting,
alias bombs with other shapes. Each is refused with one diagnostic, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quest_engine.content import load_pack, load_quest_file, yamlsource
from quest_engine.content.checks import find_cycle, nested_repetition
from quest_engine.content.yamlsource import MAX_BYTES, parse


def codes(raw: bytes) -> list[str]:
    return [d.code for d in parse(raw, "f.yaml").diagnostics]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, no_cache):
    big = tmp_path / "big.yaml"
    big.write_bytes(
        b"format: 1\ntext: |\n" + b"  la la la la la la la la\n" * (MAX_BYTES // 25 + 10)
    )
    result = load_quest_file(big, cache=no_cache)
    assert [(d.code, d.line) for d in result.diagnostics] == [("file-too-large", 1)]


def test_extreme_flow_nesting_is_refused(yaml_backend):
    assert codes(b"a: " + b"[" * 20000 + b"]" * 20000) == ["too-deep"]


def test_extreme_block_nesting_is_refused(yaml_backend):
    assert codes(b"- " * 5000 + b"x\n") == ["too-deep"]


def test_nesting_just_inside_the_limit_is_fine(yaml_backend):
    assert codes(b"a: " + b"[" * 60 + b"]" * 60) == []


def test_alias_bomb_of_mappings_is_refused(yaml_backend):
    lines = ['a0: &a0 {k: "lol", l: "lol", m: "lol", n: "lol"}']
    for i in range(1, 12):
        refs = ", ".join(f"k{j}: *a{i - 1}" for j in range(6))
        lines.append(f"a{i}: &a{i} {{{refs}}}")
    assert codes("\n".join(lines).encode()) == ["too-many-aliases"]


def test_many_small_aliases_within_the_limit_are_fine(yaml_backend):
    text = "base: &b {x: 1}\n" + "".join(f"k{i}: *b\n" for i in range(500))
    assert codes(text.encode()) == []


def test_non_utf8_reports_the_line_of_the_bad_byte():
    diag = parse(b"a: 1\nb: 2\nc: caf\xe9\n", "f.yaml").diagnostics[0]
    assert (diag.code, diag.line, diag.column) == ("not-utf8", 3, 7)


def test_python_tags_never_construct_objects(yaml_backend):
    for raw in [
        b"a: !!python/object/apply:os.system [echo hi]",
        b"a: !!python/name:os.system",
        b"!!python/object:collections.OrderedDict {}",
        b"a: !!binary aGVsbG8=",
        b"a: !!set {x, y}",
    ]:
        result = parse(raw, "f.yaml")
        assert result.data is None
        assert [d.code for d in result.diagnostics] == ["forbidden-tag"]


QUEST = """format: 1
id: case
title: Case
summary: A small quest used by the tests.
subject: physics
start: intro
steps:
  intro:
    text: Hello
    {extra}
    next: {next}
  done:
    ending: true
"""


def _quest(tmp_path, *, extra: str = "", next: str = "done"):
    path = tmp_path / "quest.yaml"
    path.write_text(QUEST.format(extra=extra, next=next), encoding="utf-8")
    return path


def test_a_number_of_thousands_of_digits_is_text_not_a_crash(tmp_path, yaml_backend, no_cache):
    extra = "challenge: {kind: number, prompt: How many?, answer: 1" + "0" * 5000 + "}"
    result = load_quest_file(_quest(tmp_path, extra=extra), cache=no_cache)
    assert [(d.code, d.line) for d in result.diagnostics] == [("wrong-type", 10)]
    assert len(result.diagnostics[0].message) < 200


def test_a_huge_number_with_underscores_is_text_not_a_crash(tmp_path, yaml_backend, no_cache):
    extra = "xp: 1_" + "0" * 5000
    result = load_quest_file(_quest(tmp_path, extra=extra), cache=no_cache)
    assert [(d.code, d.line) for d in result.diagnostics] == [("wrong-type", 10)]


def test_a_gigantic_single_line_gives_one_short_diagnostic(tmp_path, yaml_backend, no_cache):
    result = load_quest_file(_quest(tmp_path, next="x" * 900_000), cache=no_cache)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("unknown-step", 11, 11)]
    diag = result.diagnostics[0]
    assert len(diag.message) < 200 and all(len(h) < 200 for h in diag.help)


def test_links_that_lead_out_of_the_pack_are_refused(tmp_path, no_cache):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.png").write_bytes(b"not really a picture")
    pack = tmp_path / "pack"
    (pack / "assets").mkdir(parents=True)
    try:
        (pack / "assets" / "link.png").symlink_to(secret / "secret.png")
        (pack / "assets" / "elsewhere").symlink_to(secret, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symbolic links")
    for path in ["assets/link.png", "assets/elsewhere/secret.png"]:
        quest = _quest(pack, extra=f"image: {{path: {path}, alt: A secret}}")
        result = load_quest_file(quest, cache=no_cache)
        assert [(d.code, d.line) for d in result.diagnostics] == [("asset-outside-pack", 10)]


def test_a_link_inside_the_pack_is_fine(tmp_path, no_cache):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "real.png").write_bytes(b"png")
    try:
        (tmp_path / "assets" / "alias.png").symlink_to(tmp_path / "assets" / "real.png")
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symbolic links")
    quest = _quest(tmp_path, extra="image: {path: assets/alias.png, alt: A picture}")
    assert load_quest_file(quest, cache=no_cache).diagnostics == ()
    quest = _quest(tmp_path, extra="image: {path: assets/ALIAS.png, alt: A picture}")
    (diag,) = load_quest_file(quest, cache=no_cache).diagnostics
    assert diag.code == "asset-missing" and "did you mean `assets/alias.png`?" in diag.help[0]


def test_a_very_long_prerequisite_chain_is_searched_without_recursion():
    graph = {f"q{i}": [f"q{i + 1}"] for i in range(20_000)}
    graph["q20000"] = ["q0"]
    (cycle,) = find_cycle(graph)
    assert cycle[0] == cycle[-1] == "q0" and len(cycle) == 20_002


@pytest.mark.parametrize(
    "text",
    [
        "a:\tb",  # a tab after the colon
        "a: b\t",  # a trailing tab
        "a: b\t# comment",
        "a: b\tc",  # a tab between words
        "a: [b,\tc]",
        "a: {prompt: How many?, answer: 3}",  # `?` inside text in braces
        "a: [x?, a?b]",
        "x: 1\n  \t# comment\ny: 2",
        "a:\n\t- b",  # a tab that indents: an error with both
        "- a\n-\tb",
        "a:\n  b: c\n\t\n  d: e",
    ],
)
def test_both_parsers_read_tabs_and_question_marks_alike(text):
    """The pure-Python fallback follows libyaml where PyYAML's own scanner is stricter."""
    if not yamlsource.HAVE_LIBYAML:
        pytest.skip("libyaml is not installed")
    fast = parse(text.encode(), "f.yaml", use_libyaml=True)
    slow = parse(text.encode(), "f.yaml", use_libyaml=False)
    assert slow.data == fast.data
    assert [(d.code, d.line, d.column) for d in slow.diagnostics] == [
        (d.code, d.line, d.column) for d in fast.diagnostics
    ]


def test_a_folder_given_as_a_quest_file_is_unreadable_not_a_crash(tmp_path, no_cache):
    folder = tmp_path / "looks-like-a-quest.yaml"
    folder.mkdir()
    result = load_quest_file(folder, cache=no_cache)
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("unreadable-file", 1, 1)]


def test_a_folder_without_pack_yaml_is_not_a_pack(tmp_path, no_cache):
    result = load_pack(tmp_path, cache=no_cache)
    assert result.pack is None
    assert [d.code for d in result.diagnostics] == ["pack-not-found"]


def test_a_huge_file_is_refused_without_reading_it_into_memory(tmp_path, no_cache):
    import tracemalloc

    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as fh:
        fh.truncate(64 * 1024 * 1024)  # sparse: costs no disk space
    tracemalloc.start()
    try:
        result = load_quest_file(huge, cache=no_cache)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (diag,) = result.diagnostics
    assert (diag.code, diag.line) == ("file-too-large", 1)
    assert "64.0 MiB" in diag.message
    assert peak < 8 * 1024 * 1024


@pytest.mark.parametrize(
    ("pattern", "slow"),
    [
        (r"(a+)+$", True),
        (r"^(\w+\s?)+$", True),
        (r"((ab)*)*", True),
        (r"(?:[a-z]+,?)+", True),
        (r"(the )?denominat(or|er)s?", False),
        (r"(\d+,)*\d+", False),  # each round ends with a comma
        (r"\w+( \w+)*", False),  # each round starts with a space
        (r"(a|b)*c", False),
    ],
)
def test_patterns_that_backtrack_for_minutes_are_spotted(pattern, slow):
    assert nested_repetition(pattern) is slow


def test_a_quest_file_linked_from_outside_the_pack_is_not_read(tmp_path, no_cache):
    shutil.copytree(Path(__file__).parent / "cases" / "valid", tmp_path / "pack")
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    try:
        (tmp_path / "pack" / "notes.yaml").symlink_to(secret)
    except (OSError, NotImplementedError):
        pytest.skip("this system cannot make symbolic links")
    result = load_pack(tmp_path / "pack", cache=no_cache, display_base="")
    assert [(d.path, d.code) for d in result.diagnostics] == [("notes.yaml", "asset-outside-pack")]
    assert "hunter2" not in str(result.diagnostics)
