from __future__ import annotations

from pathlib import Path

import pytest

from quest_engine.content import yamlsource
from quest_engine.content.cache import CompileCache

CASES = Path(__file__).parent / "cases"


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_backend(request, monkeypatch):
    """Run a test with libyaml's parser and again with PyYAML's pure-Python one."""
    if request.param == "libyaml" and not yamlsource.HAVE_LIBYAML:
        pytest.skip("libyaml is not installed")
    monkeypatch.setattr(yamlsource, "HAVE_LIBYAML", request.param == "libyaml")
    return request.param


@pytest.fixture
def no_cache() -> CompileCache:
    return CompileCache(None)
