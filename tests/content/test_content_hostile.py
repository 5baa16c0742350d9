"""Hostile input that is generated rather than stored: huge files, extreme nesting,
alias bombs with other shapes. Each is refused with one diagnostic, never a crash."""

from __future__ import annotations

from quest_engine.content import load_quest_file
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
