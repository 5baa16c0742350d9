"""The JSON Schemas are valid Draft 2020-12, explain every property, and the compiled
fast check used for valid files agrees with jsonschema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from quest_engine.content.fastschema import SchemaCompiler
from quest_engine.content.schema_check import fast_check, validator
from quest_engine.paths import schemas_dir

CASES = Path(__file__).parent / "cases"
NAMES = ["pack", "quest", "badges"]


def _load(name: str) -> dict:
    return json.loads((schemas_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name):
    schema = _load(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _properties(node, where="#"):
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            yield f"{where}/properties/{key}", sub
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_a_description(name):
    schema = _load(name)
    props = list(_properties(schema))
    assert len(props) > 20 if name != "badges" else len(props) > 5
    missing = [
        where
        for where, sub in props
        if "/if/" not in where and not (isinstance(sub, dict) and sub.get("description"))
    ]
    assert missing == []


def _objects(node, where="#"):
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _objects(value, f"{where}/{i}")


@pytest.mark.parametrize("name", NAMES)
def test_closed_objects_catch_misspelt_keys(name):
    open_objects = [
        where
        for where, sub in _objects(_load(name))
        if sub.get("additionalProperties") is not False
    ]
    # A challenge's keys are closed by the schema of its kind (`then: $ref`).
    assert open_objects == (["#/$defs/challenge"] if name == "quest" else [])


def test_quest_schema_lists_the_enums_of_the_format():
    schema = _load("quest")
    defs = schema["$defs"]
    assert "physics" in schema["properties"]["subject"]["enum"]
    assert defs["challenge"]["properties"]["kind"]["enum"] == [
        "choice",
        "number",
        "text",
        "order",
        "match",
        "write",
        "game",
    ]
    assert defs["game"]["properties"]["game"]["enum"] == ["launch", "balance", "number-line"]
    assert defs["write"]["properties"]["review"]["enum"] == ["self", "peer", "teacher"]
    assert defs["retry"]["properties"]["after_last"]["enum"] == ["reveal", "continue", "retry"]


def test_fast_check_agrees_with_jsonschema_on_the_corpus():
    files = list((CASES / "valid").glob("*.yaml")) + list((CASES / "invalid").glob("*.yaml"))
    checked = 0
    for path in files:
        try:
            data = yaml.safe_load(path.read_bytes())
        except (yaml.YAMLError, ValueError):
            continue
        kind = "pack" if path.name == "pack.yaml" else "quest"
        assert fast_check(kind)(data) == validator(kind).is_valid(data), path.name
        checked += 1
    assert checked > 30


def test_fast_check_rejects_keywords_it_does_not_know():
    with pytest.raises(ValueError, match="unsupported"):
        SchemaCompiler({"type": "object", "dependentRequired": {"a": ["b"]}}).compile()


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "integer"}, [1, 2.0], [1.5, True, "1"]),
        ({"type": "number", "minimum": 0}, [0, 0.5], [-1, False]),
        ({"enum": [1, "a"]}, [1, 1.0, "a"], [True, "b"]),
        (
            {"type": ["string", "array"], "pattern": "^a", "items": {"type": "integer"}},
            ["ab", [1]],
            ["b", ["x"], 3],
        ),
        ({"type": "array", "uniqueItems": True}, [[1, 2], ["a", "b"]], [[1, 1.0], ["a", "a"]]),
        ({"minProperties": 1, "maxProperties": 1}, [{"a": 1}, 5], [{}, {"a": 1, "b": 2}]),
    ],
)
def test_fast_check_follows_json_schema_semantics(schema, good, bad):
    fast = SchemaCompiler(schema).compile()
    slow = Draft202012Validator(schema)
    for value in good:
        assert fast(value) and slow.is_valid(value), value
    for value in bad:
        assert not fast(value) and not slow.is_valid(value), value


def test_every_diagnostic_code_is_documented():
    from quest_engine.content.diagnostics import CODES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "DIAGNOSTICS.md").read_text(
        encoding="utf-8"
    )
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \| (?:error|warning) \|", doc, re.M))
    assert documented == set(CODES)
