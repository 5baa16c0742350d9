"""Checks plain data against the JSON Schemas and explains mismatches in a teacher's words.

Valid data (the usual case) is confirmed by a compiled predicate (see fastschema); only
invalid data pays for `jsonschema`, whose errors we group by place, pick with
`best_match`, and rewrite: the place in YAML terms (`steps.intro.challenge.kind`), the
allowed values, and "did you mean ...?" for a near miss.

This is also where the Norway problem is settled: where the schema wants text and the
teacher wrote a plain scalar that looks like a number (`1.10`, `0o17`) or a date-ish
`12:30`, the exact text they typed is used; a YAML 1.1 boolean spelling (`yes`, `off`)
where a boolean belongs is accepted with an `ambiguous-value` warning.
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from quest_engine.content.diagnostics import Diagnostic, make
from quest_engine.content.fastschema import Predicate, SchemaCompiler
from quest_engine.content.model import FORMAT_VERSION
from quest_engine.content.yamlsource import YAML11_BOOLS, SourceMap
from quest_engine.paths import schemas_dir

SCHEMA_FILES = {
    "quest": "quest.schema.json",
    "pack": "pack.schema.json",
    "badges": "badges.schema.json",
}
SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_UNDERSCORE_NUMBER = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]+)?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
"""`012`: 12 in YAML 1.2, but octal 10 in YAML 1.1, so it is read as text first."""

_BOOL_WORDS = frozenset(("true", "false", "yes", "no", "on", "off"))
_TYPE_WORDS = {
    "object": "a mapping (`key: value` lines)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "`true` or `false`",
    "null": "empty",
}


@functools.cache
def schema(kind: str) -> dict:
    """The parsed JSON Schema for `quest`, `pack` or `badges` files."""
    with open(schemas_dir() / SCHEMA_FILES[kind], encoding="utf-8") as fh:
        return json.load(fh)


@functools.cache
def fast_check(kind: str) -> Predicate:
    return SchemaCompiler(schema(kind)).compile()


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


def place(path: Iterable[Any]) -> str:
    """A JSON path in YAML terms: `steps.intro.challenge.options[1].text`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text `{shown}`"
    if isinstance(value, dict):
        return "a mapping"
    return "a list"


def _set(data: Any, path: tuple, value: Any) -> None:
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def check(kind: str, data: Any, source: SourceMap, path: str) -> tuple[Any, list[Diagnostic]]:
    """(data with text fix-ups applied, diagnostics). Data is unusable if any is an error."""
    if isinstance(data, dict):
        fmt = data.get("format")
        if type(fmt) is int and fmt > FORMAT_VERSION:
            line, col = source.position(("format",))
            return data, [
                make(
                    path,
                    line,
                    col,
                    "unsupported-format",
                    f"this file uses format {fmt}, but this Quest Engine reads format "
                    f"{FORMAT_VERSION}",
                    ("update Quest Engine to open this file",),
                )
            ]
    fast = fast_check(kind)
    if fast(data):
        return data, []
    errors = list(validator(kind).iter_errors(data))
    warnings: list[Diagnostic] = []
    if _fix_scalars(errors, data, source, path, warnings):
        if fast(data):
            return data, warnings
        errors = list(validator(kind).iter_errors(data))
    return data, warnings + explain(errors, source, path)


def _fix_scalars(
    errors: list[ValidationError],
    data: Any,
    source: SourceMap,
    path: str,
    warnings: list[Diagnostic],
) -> bool:
    changed = False
    for err in errors:
        if err.validator != "type":
            continue
        where = tuple(err.absolute_path)
        if not where:
            continue
        expected = err.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        value = err.instance
        raw = source.plain_text(where)
        if raw is None:
            continue
        if "string" in expected and type(value) in (int, float, bool):
            _set(data, where, raw)
            changed = True
        elif "string" in expected and value is None:
            _set(data, where, raw)
            changed = True
        elif "boolean" in expected and raw in YAML11_BOOLS:
            meant = YAML11_BOOLS[raw]
            _set(data, where, meant)
            changed = True
            line, col = source.position(where)
            word = "true" if meant else "false"
            warnings.append(
                make(
                    path,
                    line,
                    col,
                    "ambiguous-value",
                    f"`{place(where)}: {raw}` is read as `{word}`",
                    (f"write `{word}`: only `true` and `false` are booleans in YAML 1.2",),
                )
            )
        elif (
            ("number" in expected or "integer" in expected)
            and len(raw) <= 100
            and (("_" in raw and _UNDERSCORE_NUMBER.fullmatch(raw)) or _LEADING_ZERO.fullmatch(raw))
        ):
            digits = raw.replace("_", "")
            number: int | float = float(digits) if "." in digits else int(digits)
            _set(data, where, number)
            changed = True
            line, col = source.position(where)
            if "_" in raw:
                hint = f"write `{digits}` without underscores"
            else:
                octal = f" ({int(digits, 8)} here)" if set(digits) <= set("+-01234567") else ""
                hint = (
                    f"write `{number}`: older YAML tools read a number that starts with 0 "
                    f"as octal{octal}"
                )
            warnings.append(
                make(
                    path,
                    line,
                    col,
                    "ambiguous-value",
                    f"`{place(where)}: {raw}` is read as the number {number}",
                    (hint,),
                )
            )
    return changed


def explain(errors: list[ValidationError], source: SourceMap, path: str) -> list[Diagnostic]:
    """One teacher-friendly diagnostic per place (plus one per unknown or missing key)."""
    out: list[Diagnostic] = []
    groups: dict[tuple, list[ValidationError]] = {}
    # A misspelt required key is one mistake: report the unknown key (with "did you
    # mean"), not also the missing one.
    misspelt: set[tuple[tuple, str]] = set()
    for err in errors:
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = _allowed_keys(err)
            for key in err.instance:
                if key not in allowed:
                    misspelt.update(
                        (tuple(err.absolute_path), g) for g in _close(str(key), allowed)
                    )
    for err in errors:
        where = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            out.extend(_unknown_keys(err, where, source, path))
        elif err.validator == "required" and isinstance(err.instance, dict):
            out.extend(_missing_keys(err, where, source, path, misspelt))
        elif err.validator == "propertyNames" or "propertyNames" in err.absolute_schema_path:
            out.append(_bad_key_name(err, where, source, path))
        else:
            groups.setdefault(where, []).append(err)
    for where, group in groups.items():
        err = best_match(group)
        if err is not None:
            out.append(_one(err, where, source, path))
    seen: set = set()
    unique = []
    for d in out:
        key = (d.line, d.column, d.code, d.message)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def _close(word: str, options: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)


def _allowed_keys(err: ValidationError) -> list[str]:
    return list(err.schema.get("properties", {}))


def _unknown_keys(err: ValidationError, where: tuple, source: SourceMap, path: str):
    allowed = _allowed_keys(err)
    for key in err.instance:
        if key in allowed:
            continue
        line, col = source.position(where + (key,), key=True)
        help = []
        guess = _close(str(key), allowed)
        if guess:
            help.append(f"did you mean `{guess[0]}`?")
        if key == "<<":
            help.append("merge keys (`<<: *name`) are not read; write the keys out")
        elif " " in str(key) and not guess:
            help.append(
                "is this the end of the text before it? Inside `{ ... }` a `,` or `: ` "
                "ends a value: put that text in quotes"
            )
        if allowed:
            help.append("allowed keys here: " + ", ".join(allowed))
        inside = f" in `{place(where)}`" if where else ""
        yield make(path, line, col, "unknown-key", f"unknown key `{key}`{inside}", help)


def _missing_keys(
    err: ValidationError,
    where: tuple,
    source: SourceMap,
    path: str,
    misspelt: set[tuple[tuple, str]],
):
    props = err.schema.get("properties", {})
    line, col = source.position(where)
    for key in err.validator_value:
        if key in err.instance or (where, key) in misspelt:
            continue
        owner = f"`{place(where)}`" if where else "the file"
        help = []
        desc = props.get(key, {}).get("description")
        if key == "format" and not where:
            help.append("add `format: 1` as the first line: the version of the format it is in")
        elif desc:
            help.append(f"`{key}`: {desc}")
        examples = props.get(key, {}).get("examples") or []
        if key != "format" and examples and isinstance(examples[0], str | int | float):
            help.append(f"for example `{key}: {examples[0]}`")
        yield make(path, line, col, "missing-key", f"{owner} is missing `{key}`", help)


def _bad_key_name(err: ValidationError, where: tuple, source: SourceMap, path: str) -> Diagnostic:
    key = err.instance
    line, col = source.position(where + (key,), key=True)
    what = "step id" if where == ("steps",) else "key"
    return make(
        path,
        line,
        col,
        "bad-id",
        f"{what} `{key}` is not a valid id",
        (_slug_help(str(key)),),
    )


def _slug_help(value: str) -> str:
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    suggestion = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "my-id"
    return f"ids use lowercase letters, digits and single hyphens, like `{suggestion}`"


def _comment_help(source: SourceMap, line: int, col: int) -> list[str]:
    """When an empty value is really text after a `#` (a comment to YAML), say so."""
    text = getattr(source, "line_text", lambda n: "")(line)
    at = text.find("#", max(0, col - 1))
    if at < 0 or (at > 0 and text[at - 1] not in " \t"):
        return []
    rest = text[at:].strip().replace('"', '\\"')
    shown = rest if len(rest) <= 30 else rest[:27] + "..."
    return [f'`#` starts a comment in YAML, so this value is empty; quote the text: `"{shown}"`']


def _unusable_number(text: str) -> bool:
    """`.inf`, `.nan`, `1e999` or a number of over 100 characters (read as text)."""
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        return True
    try:
        number = float(text)
    except ValueError:
        return False
    return not math.isfinite(number) or len(text) > 100


def _one(err: ValidationError, where: tuple, source: SourceMap, path: str) -> Diagnostic:
    line, col = source.position(where)
    name = f"`{place(where)}`" if where else "the file"
    value = err.instance
    kind = err.validator
    if kind == "type":
        expected = err.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
        help = []
        if "array" in expected and isinstance(value, str | int | float):
            help.append(f"write a list: `[{value}]`, or one `- item` per line")
        elif "string" in expected and "array" in expected and isinstance(value, dict):
            help.append("write a step id (`next: done`) or a list of routes (`- goto: done`)")
        elif "string" in expected and isinstance(value, dict | list):
            help.append("text that contains `: ` or starts with `[`, `{` or `-` must be quoted")
        elif "object" in expected and len(where) >= 2 and where[-2] == "next":
            help.append(
                "`next` is one step id (`next: done`) or a list of routes, "
                "each like `- goto: done` with an optional `when:`"
            )
        elif "object" in expected and not where:
            help.append("a quest or pack file is `key: value` lines, starting with `format: 1`")
        elif "object" in expected and not isinstance(value, list):
            required = err.schema.get("required") or []
            keys = ", ".join(f"`{k}:`" for k in required)
            if isinstance(where[-1], int):
                help.append(
                    "write each entry as `key: value` lines"
                    + (f"; each needs {keys}" if keys else "")
                )
            else:
                help.append(
                    "write `key: value` lines indented under it"
                    + (f"; it needs {keys}" if keys else "")
                )
        elif "boolean" in expected and isinstance(value, str) and value.lower() in _BOOL_WORDS:
            help.append("write `true` or `false` without quotes")
        elif "integer" in expected and isinstance(value, float):
            help.append("write a whole number, without a decimal point")
        elif ("number" in expected or "integer" in expected) and isinstance(value, str):
            if re.fullmatch(r"[-+]?\d+(:[0-5]?\d)+(\.\d*)?", value):
                help.append(
                    f"older YAML reads `{value}` as a base-60 number; write the number you mean"
                )
            elif _unusable_number(value):
                help.append(
                    "write an ordinary number (infinity, not-a-number and numbers of over "
                    "100 digits cannot be used)"
                )
            elif value.strip().lstrip("+-").replace(".", "", 1).isdigit():
                help.append(f"write the number without quotes: `{value.strip()}`")
            elif value.strip().replace(",", "").replace(".", "", 1).isdigit():
                plain = value.strip().replace(",", "")
                help.append(f"write the number without thousands separators: `{plain}`")
            elif unit := re.fullmatch(r"\s*([-+]?\d+(?:\.\d+)?)\s*([^\d\s].*?)\s*", value):
                number, written = unit.groups()
                if where and where[-1] == "answer":
                    help.append(
                        f"write the number alone, `answer: {number}`, and the unit on a line "
                        f"of its own: `unit: {written}`"
                    )
                else:
                    help.append(f"write the number alone: `{number}`")
            else:
                like = "`3`" if "number" not in expected else "`12` or `2.5`"
                help.append(f"write it in digits, like {like}, without quotes")
        return make(
            path, line, col, "wrong-type", f"{name} should be {words}, not {describe(value)}", help
        )
    if kind in ("enum", "const"):
        allowed = err.validator_value if kind == "enum" else [err.validator_value]
        help = []
        if isinstance(value, str):
            guess = _close(value, [str(a) for a in allowed])
            if guess:
                help.append(f"did you mean `{guess[0]}`?")
        help.append("allowed values: " + ", ".join(str(a) for a in allowed))
        return make(
            path,
            line,
            col,
            "bad-value",
            f"{name} is {describe(value)}, which is not allowed here",
            help,
        )
    if kind == "pattern":
        pattern = err.validator_value
        if pattern == SLUG:
            return make(
                path,
                line,
                col,
                "bad-id",
                f"{name} is `{value}`, which is not a valid id",
                (_slug_help(str(value)),),
            )
        help = []
        if pattern.startswith("^#"):
            help.append('write a colour as `"#rrggbb"` in quotes, e.g. `"#e4572e"`')
        elif "A-Za-z" in pattern:
            help.append("use a language tag such as `en`, `es` or `pt-BR`")
        if value == "":
            return make(
                path,
                line,
                col,
                "bad-id",
                f"{name} is empty",
                _comment_help(source, line, col) + help,
            )
        return make(
            path,
            line,
            col,
            "bad-id",
            f"{name} is `{value}`, which does not have the expected form",
            help,
        )
    if kind == "minLength":
        help = _comment_help(source, line, col) or ["write some text"]
        return make(path, line, col, "bad-value", f"{name} must not be empty", help)
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = err.validator_value
        words = {
            "minimum": f"at least {bound}",
            "maximum": f"at most {bound}",
            "exclusiveMinimum": f"more than {bound}",
            "exclusiveMaximum": f"less than {bound}",
        }[kind]
        return make(path, line, col, "out-of-range", f"{name} is {value}, but it must be {words}")
    if kind in ("minProperties", "maxProperties"):
        sch = err.schema
        if sch.get("minProperties") == 1 and sch.get("maxProperties") == 1:
            keys = ", ".join(f"`{k}`" for k in sch.get("properties", {}))
            return make(
                path,
                line,
                col,
                "one-key-only",
                f"{name} must have exactly one key, it has {len(value)}",
                (
                    f"use one of: {keys}"
                    + (
                        "; combine conditions with `all:` or `any:`"
                        if "all" in sch.get("properties", {})
                        else ""
                    ),
                ),
            )
        return make(
            path, line, col, "too-few-items", f"{name} needs at least {err.validator_value} entry"
        )
    if kind == "minItems":
        n = err.validator_value
        return make(
            path,
            line,
            col,
            "too-few-items",
            f"{name} has {len(value)} item{'s' if len(value) != 1 else ''}; it needs at least {n}",
        )
    if kind == "uniqueItems":
        dupes = sorted({str(v) for v in value if value.count(v) > 1})
        return make(
            path,
            line,
            col,
            "duplicate-item",
            f"{name} lists {', '.join(f'`{d}`' for d in dupes) or 'an entry'} more than once",
            ("remove the repeated entry",),
        )
    return make(path, line, col, "schema", f"{name}: {err.message}")
