"""The corpus of broken and valid files: each broken file must produce exactly the
diagnostics (line, column, severity, code) listed next to it, with either YAML parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from quest_engine.content import load_pack, load_quest_file
from quest_engine.content.cache import CompileCache

from .conftest import CASES

INVALID = sorted(p for p in (CASES / "invalid").glob("*.yaml") if p.name != "pack.yaml")
VALID = sorted(p for p in (CASES / "valid").glob("*.yaml") if p.name != "pack.yaml")
PACKS = sorted(p for p in (CASES / "packs").iterdir() if p.is_dir())


def test_the_corpus_is_large_enough():
    assert len(INVALID) + len(PACKS) >= 40
    for case in INVALID:
        assert case.with_suffix(".expected").is_file(), f"{case.name} has no .expected"


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_file(case: Path, yaml_backend, no_cache):
    result = load_quest_file(case, cache=no_cache, display=case.name)
    got = [f"{d.line}:{d.column} {d.severity}[{d.code}]" for d in result.diagnostics]
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").split("\n")
    assert got == [line for line in expected if line]
    places = [(d.line, d.column) for d in result.diagnostics]
    assert places == sorted(places), "diagnostics come in source order"
    if any(d.severity == "error" for d in result.diagnostics):
        assert result.quest is None
    for d in result.diagnostics:
        assert d.message and d.path == case.name


@pytest.mark.parametrize("case", PACKS, ids=lambda p: p.name)
def test_invalid_pack(case: Path, yaml_backend, no_cache):
    result = load_pack(case, cache=no_cache, display_base="")
    got = [f"{d.path}:{d.line} {d.severity}[{d.code}]" for d in result.diagnostics]
    expected = [x for x in (case / "expected").read_text(encoding="utf-8").split("\n") if x]
    assert got == expected
    if result.errors:
        assert result.pack is None
    else:
        assert result.pack is not None


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_valid_file(case: Path, yaml_backend, no_cache):
    result = load_quest_file(case, cache=no_cache)
    assert result.diagnostics == ()
    assert result.quest is not None
    assert result.quest.pack_id == "valid-cases"


def test_bom_and_crlf_do_not_leak_into_text(no_cache):
    quest = load_quest_file(CASES / "valid" / "bom-crlf.yaml", cache=no_cache).quest
    assert quest is not None
    assert quest.id == "bom-crlf"
    assert quest.steps["intro"].text == "Hello"


def test_norway_problem_keeps_the_teachers_text(yaml_backend, no_cache):
    quest = load_quest_file(CASES / "valid" / "norway.yaml", cache=no_cache).quest
    assert quest is not None
    assert quest.title == "no"
    assert quest.summary == "1.10"
    assert quest.author == "12:30"
    step = quest.steps["intro"]
    assert step.text == "on"
    assert step.challenge.prompt == "0o17"
    assert [(o.id, o.text) for o in step.challenge.options] == [("yes", "yes"), ("no", "Null")]
    assert step.hints == ("1.0", "2e3", "0x1F")


def test_ambiguous_boolean_is_read_as_meant_with_a_warning(no_cache):
    case = CASES / "invalid" / "ambiguous-bool.yaml"
    result = load_quest_file(case, cache=no_cache)
    assert [d.code for d in result.diagnostics] == ["ambiguous-value"]
    assert result.quest is not None
    assert result.quest.steps["intro"].challenge.shuffle is True


def test_anchors_and_aliases_share_data_without_errors(no_cache):
    quest = load_quest_file(CASES / "valid" / "aliases.yaml", cache=no_cache).quest
    assert quest is not None
    assert quest.steps["intro"].challenge.rubric == quest.steps["again"].challenge.rubric


def test_cached_load_gives_the_same_model_and_diagnostics(tmp_path):
    cache = CompileCache(tmp_path / "cache")
    for case in [CASES / "valid" / "launch-lab.yaml", CASES / "invalid" / "unknown-step-next.yaml"]:
        cold = load_quest_file(case, cache=cache)
        warm = load_quest_file(case, cache=cache)
        assert warm.diagnostics == cold.diagnostics
        assert warm.quest == cold.quest
        if cold.quest is not None:
            assert [s.pos for s in warm.quest.steps.values()] == [
                s.pos for s in cold.quest.steps.values()
            ]
    assert any((tmp_path / "cache").iterdir())


def test_a_corrupt_cache_entry_is_ignored(tmp_path):
    cache = CompileCache(tmp_path / "cache")
    case = CASES / "valid" / "launch-lab.yaml"
    cold = load_quest_file(case, cache=cache)
    for entry in (tmp_path / "cache").iterdir():
        entry.write_text("{not json", encoding="utf-8")
    again = load_quest_file(case, cache=cache)
    assert again.quest == cold.quest and again.diagnostics == ()


def test_the_cache_follows_edits_and_keeps_other_files(tmp_path):
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(CASES / "valid", pack)
    cache_dir = tmp_path / "cache"
    first = load_pack(pack, cache=CompileCache(cache_dir))
    assert first.pack is not None and first.diagnostics == ()
    norway = pack / "norway.yaml"
    norway.write_text(
        norway.read_text(encoding="utf-8").replace("title: no", "title: yes"), encoding="utf-8"
    )
    edited = load_quest_file(norway, cache=CompileCache(cache_dir))
    assert edited.quest is not None and edited.quest.title == "yes"
    (bucket,) = cache_dir.glob("*.json")
    text = bucket.read_text(encoding="utf-8")
    assert "launch-lab" in text and text.count('"title":"no"') == 0
    again = load_pack(pack, cache=CompileCache(cache_dir))
    assert again.pack is not None and again.pack.quests["norway"].title == "yes"


def test_the_whole_corpus_reads_the_same_cold_warm_and_uncached(tmp_path):
    from quest_engine.content import validate_paths

    paths = [CASES / "invalid", CASES / "packs", CASES / "valid"]
    cache_dir = tmp_path / "cache"
    cold = validate_paths(paths, cache=CompileCache(cache_dir))
    warm = validate_paths(paths, cache=CompileCache(cache_dir))
    fresh = validate_paths(paths, cache=CompileCache(None))
    assert cold.errors > 100
    assert warm == cold == fresh
