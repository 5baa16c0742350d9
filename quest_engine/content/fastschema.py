"""A tiny compiler from our JSON Schemas to plain Python predicates.

`jsonschema` explains *why* data is invalid, beautifully but slowly. Almost every file a
teacher saves is valid, so we first ask a compiled yes/no predicate (a handful of
closures per schema, built once), and only run `jsonschema` for the explanation when
the answer is no. A property test checks both always agree.

Only the keywords our schemas use are supported; anything else fails at compile time,
so the schemas cannot silently outgrow this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

Predicate = Callable[[Any], bool]

_ANNOTATIONS = frozenset(
    ("description", "examples", "default", "title", "$schema", "$id", "$defs", "$comment")
)


def _is_number(x: Any) -> bool:
    return (type(x) is int or type(x) is float) and type(x) is not bool


def _type_test(name: str) -> Predicate:
    if name == "object":
        return lambda x: type(x) is dict
    if name == "array":
        return lambda x: type(x) is list
    if name == "string":
        return lambda x: type(x) is str
    if name == "boolean":
        return lambda x: type(x) is bool
    if name == "null":
        return lambda x: x is None
    if name == "number":
        return lambda x: type(x) is int or type(x) is float
    if name == "integer":
        return lambda x: type(x) is int or (type(x) is float and x.is_integer())
    raise ValueError(f"unsupported type {name!r}")


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True != 1."""
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    return a == b


class SchemaCompiler:
    """Compiles one root schema (with local `$ref`s) into predicates."""

    def __init__(self, root: dict) -> None:
        self.root = root
        self._refs: dict[str, Predicate] = {}

    def compile(self, schema: Any = None) -> Predicate:
        return self._compile(self.root if schema is None else schema)

    def _ref(self, ref: str) -> Predicate:
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref are supported: {ref}")
        if ref not in self._refs:
            cell: list[Predicate] = []
            self._refs[ref] = lambda x: cell[0](x)
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            cell.append(self._compile(target))
        return self._refs[ref]

    def _compile(self, s: Any) -> Predicate:  # noqa: C901 - one branch per keyword
        if s is True:
            return lambda x: True
        if s is False:
            return lambda x: False
        checks: list[Predicate] = []
        keys = set(s) - _ANNOTATIONS
        if "$ref" in s:
            checks.append(self._ref(s["$ref"]))
        if "type" in s:
            types = s["type"] if isinstance(s["type"], list) else [s["type"]]
            tests = [_type_test(t) for t in types]
            if len(tests) == 1:
                checks.append(tests[0])
            else:
                checks.append(lambda x, tests=tests: any(t(x) for t in tests))
        if "enum" in s:
            values = s["enum"]
            checks.append(lambda x, values=values: any(_equal(x, v) for v in values))
        if "const" in s:
            value = s["const"]
            checks.append(lambda x, value=value: _equal(x, value))
        if "pattern" in s:
            search = re.compile(s["pattern"]).search
            checks.append(lambda x: type(x) is not str or search(x) is not None)
        if "minLength" in s:
            n = s["minLength"]
            checks.append(lambda x: type(x) is not str or len(x) >= n)
        for key, op in (
            ("minimum", lambda a, b: a >= b),
            ("maximum", lambda a, b: a <= b),
            ("exclusiveMinimum", lambda a, b: a > b),
            ("exclusiveMaximum", lambda a, b: a < b),
        ):
            if key in s:
                bound = s[key]
                checks.append(lambda x, bound=bound, op=op: not _is_number(x) or op(x, bound))
        if "minItems" in s:
            n_items = s["minItems"]
            checks.append(lambda x: type(x) is not list or len(x) >= n_items)
        if "maxItems" in s:
            max_items = s["maxItems"]
            checks.append(lambda x: type(x) is not list or len(x) <= max_items)
        if s.get("uniqueItems"):
            checks.append(_unique)
        if "items" in s:
            item = self._compile(s["items"])

            def items(x: Any, item: Predicate = item) -> bool:
                if type(x) is not list:
                    return True
                for v in x:
                    if not item(v):
                        return False
                return True

            checks.append(items)
        if "properties" in s or "additionalProperties" in s or "required" in s:
            checks.append(self._object(s))
        if "propertyNames" in s:
            names = self._compile(s["propertyNames"])
            checks.append(lambda x: type(x) is not dict or all(names(k) for k in x))
        if "minProperties" in s:
            min_p = s["minProperties"]
            checks.append(lambda x: type(x) is not dict or len(x) >= min_p)
        if "maxProperties" in s:
            max_p = s["maxProperties"]
            checks.append(lambda x: type(x) is not dict or len(x) <= max_p)
        if "allOf" in s:
            checks.extend(self._compile(sub) for sub in s["allOf"])
        if "anyOf" in s:
            subs = [self._compile(sub) for sub in s["anyOf"]]
            checks.append(lambda x, subs=subs: any(f(x) for f in subs))
        if "oneOf" in s:
            one = [self._compile(sub) for sub in s["oneOf"]]
            checks.append(lambda x, one=one: sum(1 for f in one if f(x)) == 1)
        if "not" in s:
            neg = self._compile(s["not"])
            checks.append(lambda x: not neg(x))
        if "if" in s:
            cond = self._compile(s["if"])
            then = self._compile(s.get("then", True))
            other = self._compile(s.get("else", True))
            checks.append(lambda x: then(x) if cond(x) else other(x))
        handled = {
            "$ref", "type", "enum", "const", "pattern", "minLength", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "uniqueItems",
            "items", "properties", "additionalProperties", "required", "propertyNames",
            "minProperties", "maxProperties", "allOf", "anyOf", "oneOf", "not", "if", "then",
            "else",
        }  # fmt: skip
        unknown = keys - handled
        if unknown:
            raise ValueError(f"unsupported schema keywords: {sorted(unknown)}")
        if not checks:
            return lambda x: True
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            a, b = checks
            return lambda x: a(x) and b(x)
        checks_t = tuple(checks)

        def every(x: Any) -> bool:
            for c in checks_t:
                if not c(x):
                    return False
            return True

        return every

    def _object(self, s: dict) -> Predicate:
        props = {k: self._compile(v) for k, v in s.get("properties", {}).items()}
        extra = s.get("additionalProperties", True)
        extra_check = None if extra is True else self._compile(extra)
        required = tuple(s.get("required", ()))
        get = props.get

        def check(x: Any) -> bool:
            if type(x) is not dict:
                return True
            for k, v in x.items():
                f = get(k)
                if f is None:
                    if extra_check is not None and not extra_check(v):
                        return False
                elif not f(v):
                    return False
            for r in required:
                if r not in x:
                    return False
            return True

        return check


def _unique_key(v: Any) -> Any:
    if type(v) is bool:
        return ("b", v)
    if type(v) is int or type(v) is float:
        return ("n", float(v))
    if type(v) is str:
        return ("s", v)
    return ("j", json.dumps(v, sort_keys=True, default=str))


def _unique(x: Any) -> bool:
    if type(x) is not list:
        return True
    keys = {_unique_key(v) for v in x}
    return len(keys) == len(x)
