"""Property tests: mutated quests never crash the validator, only produce diagnostics,
and the compiled fast schema check always agrees with jsonschema."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quest_engine.content import load_quest_file
from quest_engine.content.cache import CompileCache
from quest_engine.content.diagnostics import CODES
from quest_engine.content.schema_check import fast_check, validator
from quest_engine.content.yamlsource import parse

CASES = Path(__file__).parent / "cases"
SEED = (CASES / "valid" / "launch-lab.yaml").read_text(encoding="utf-8")
SEED_DATA = yaml.safe_load(SEED)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_TOKENS = [":", ": ", "- ", "[", "]", "{", "}", ",", "*", "&a ", "*a", "!", "!!python/name:os.system ",
           "\t", "\n", "  ", "'", '"', "#", "|", ">", "~", "yes", "no", "1.10", "12:30", "0o17",
           "null", "\x00", "é", "\ufeff", "\r\n", "<<: ", "? ", "---\n", "%YAML 1.1\n"]  # fmt: skip


def _validate_text(text: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quest.yaml"
        path.write_bytes(text)
        result = load_quest_file(path, cache=CompileCache(None))
    for d in result.diagnostics:
        assert d.code in CODES
        assert d.line >= 1 and d.column >= 1 and d.message
    if result.quest is None:
        assert any(d.severity == "error" for d in result.diagnostics)


@st.composite
def text_mutations(draw) -> bytes:
    text = SEED
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "dup-line", "token"]))
        if op == "insert":
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif op == "token":
            text = text[:at] + draw(st.sampled_from(_TOKENS)) + text[at:]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
    return text.encode("utf-8", "surrogatepass")


@given(text_mutations())
@SETTINGS
def test_text_mutations_give_diagnostics_not_crashes(raw):
    _validate_text(raw)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(SEED_DATA) if p]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5000) | st.floats(-10, 10, allow_nan=False)
    | st.sampled_from(["", "x", "done", "intro", "Bad Id", "choice", "launch", "../x.png", "yes"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "kind", "goto", "when", "flag", "text", "zzz"]), inner, max_size=3
    ),
    max_leaves=6,
)  # fmt: skip


@st.composite
def data_mutations(draw):
    data = copy.deepcopy(SEED_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            op = draw(st.sampled_from(["replace", "delete", "add"]))
            if op == "delete":
                del parent[path[-1]]
            elif op == "add" and isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "optons", "next", "ending"]))] = draw(VALUES)
            else:
                parent[path[-1]] = draw(VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return data


@given(data_mutations())
@SETTINGS
def test_data_mutations_give_diagnostics_and_the_fast_check_agrees(data):
    assert fast_check("quest")(data) == validator("quest").is_valid(data)
    _validate_text(yaml.safe_dump(data, allow_unicode=True).encode())


@given(st.binary(max_size=300))
@settings(max_examples=150, deadline=None)
def test_arbitrary_bytes_never_crash_the_parser(raw):
    result = parse(raw, "f.yaml")
    for d in result.diagnostics:
        assert d.code in CODES


def test_seed_is_valid():
    assert fast_check("quest")(SEED_DATA)
    assert json.loads(json.dumps(SEED_DATA)) == SEED_DATA
