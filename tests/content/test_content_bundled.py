"""Every bundled pack compiles with no errors and no warnings."""

from __future__ import annotations

import pytest

from quest_engine.content import load_bundled_packs, validate_paths
from quest_engine.content.cache import CompileCache
from quest_engine.paths import bundled_pack_dirs


def test_bundled_packs_validate_clean(yaml_backend):
    """With libyaml and with the pure-Python parser alike."""
    if not bundled_pack_dirs():
        pytest.skip("no bundled packs yet")
    report = validate_paths(None, cache=CompileCache(None))
    shown = "\n".join(
        f"{d.path}:{d.line}:{d.column}: {d.code}: {d.message}" for d in report.diagnostics
    )
    assert report.diagnostics == (), shown
    results = load_bundled_packs(cache=CompileCache(None))
    assert all(r.pack is not None for r in results)
    ids = [q for r in results for q in r.pack.quests]
    assert len(ids) == len(set(ids)), "quest ids repeat across bundled packs"
