"""The only YAML reader in Quest Engine: safe by construction, position-preserving.

We let PyYAML (libyaml's CParser when present) *compose* a node graph and build plain
data from the nodes ourselves, so we decide everything a generic loader would decide
for us:

- no tags beyond the plain YAML types (no `!!python/...`, no custom `!tags`);
- duplicate keys are errors, not silently overwritten;
- aliases are never expanded: a running count of the data they would produce stops
  a "billion laughs" file at once; nesting depth and file size are limited;
- scalars follow YAML 1.2 core rules (only `true`/`false` are booleans), and the raw
  text of every plain scalar stays reachable, so a schema that expects text gets the
  exact characters the teacher typed (`no`, `on`, `12:30`, `1.10`).

Positions are not copied into the data: a `SourceMap` walks the node graph on demand,
which keeps the common (valid) case fast.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.scanner import ScannerError
from yaml.tokens import ScalarToken

from quest_engine.content.diagnostics import Diagnostic, make

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
"""Most data nodes one file may expand to, counting what its aliases stand for."""

BOM = b"\xef\xbb\xbf"
_IMPLICIT = "?"
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _STD + "str",
    _STD + "int",
    _STD + "float",
    _STD + "bool",
    _STD + "null",
    _STD + "map",
    _STD + "seq",
    "!",
}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_NUMBER_START = frozenset("0123456789+-.")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_MAX_NUMBER_CHARS = 100
"""Longer digit strings are text: no quest needs them, and Python refuses huge ints."""
YAML11_BOOLS = {
    **{w: True for w in ("y", "Y", "yes", "Yes", "YES", "on", "On", "ON")},
    **{w: False for w in ("n", "N", "no", "No", "NO", "off", "Off", "OFF")},
}
_YAML11_UNDERSCORE_NUMBER = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?")


def _resolve_nothing(self: Any, kind: Any, value: Any, implicit: Any) -> str:
    """Skip PyYAML's tag resolution: we type scalars ourselves (and faster)."""
    return _IMPLICIT


def _no_path_resolver(self: Any, *args: Any) -> None:
    return None


class _CLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    resolve = _resolve_nothing
    descend_resolver = _no_path_resolver
    ascend_resolver = _no_path_resolver


class _PyLoader(yaml.SafeLoader):
    resolve = _resolve_nothing
    descend_resolver = _no_path_resolver
    ascend_resolver = _no_path_resolver

    def scan_plain(self) -> ScalarToken:
        """PyYAML's own plain-scalar scanner, except that `?` may appear inside text in
        `{ ... }` and `[ ... ]`, as libyaml allows: `{prompt: How many?, answer: 3}`
        must read the same with either parser."""
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces: list[str] = []
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if (
                    ch in _PLAIN_END
                    or (
                        ch == ":"
                        and self.peek(length + 1)
                        in _PLAIN_END + (",[]{}" if self.flow_level else "")
                    )
                    or (self.flow_level and ch in ",[]{}")
                ):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_to_next_token(self) -> None:
        """PyYAML's, but a tab separates tokens where libyaml allows it: inside
        `[ ... ]`/`{ ... }` and wherever a key cannot start (after `key:`, after a value)."""
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (
                self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)
            ):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in _LINE_END:
                    self.forward()
            if self.scan_line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_plain_spaces(self, indent: int, start_mark: Any) -> list[str] | None:
        """PyYAML's, but tabs between words and after a value are blanks, as in libyaml
        (a tab that indents a continuation line less than the text stays an error)."""
        chunks: list[str] = []
        length = 0
        while self.peek(length) in " \t":
            length += 1
        whitespaces = self.prefix(length)
        self.forward(length)
        ch = self.peek()
        if ch in _LINE_BREAKS:
            line_break = self.scan_line_break()
            self.allow_simple_key = True
            if self._document_marker():
                return None
            breaks = []
            while self.peek() in " \t" + _LINE_BREAKS:
                if self.peek() == "\t" and self.column < indent:
                    raise ScannerError(
                        "while scanning a plain scalar",
                        start_mark,
                        "found a tab character that violates indentation",
                        self.get_mark(),
                    )
                if self.peek() in " \t":
                    self.forward()
                else:
                    breaks.append(self.scan_line_break())
                    if self._document_marker():
                        return None
            if line_break != "\n":
                chunks.append(line_break)
            elif not breaks:
                chunks.append(" ")
            chunks.extend(breaks)
        elif whitespaces:
            chunks.append(whitespaces)
        return chunks

    def _document_marker(self) -> bool:
        return self.prefix(3) in ("---", "...") and self.peek(3) in _PLAIN_END


_PLAIN_END = "\0 \t\r\n\x85\u2028\u2029"
_LINE_BREAKS = "\r\n\x85\u2028\u2029"
_LINE_END = "\0" + _LINE_BREAKS


HAVE_LIBYAML = hasattr(yaml, "CSafeLoader")


class YamlProblem(Exception):
    """A problem that stops construction; becomes one diagnostic."""

    def __init__(self, code: str, message: str, node: Node | None, help: tuple[str, ...] = ()):
        super().__init__(message)
        self.code = code
        self.message = message
        self.node = node
        self.help = help


def scalar_value(node: ScalarNode) -> Any:
    """YAML 1.2 core schema typing of one scalar node."""
    tag = node.tag
    value = node.value
    if tag == _IMPLICIT:
        if node.style:
            return value
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        if value[0] in _NUMBER_START:
            return _number(value, value)
        return value
    if tag == _STD + "str" or tag == "!":
        return value
    if tag == _STD + "int":
        try:
            if len(value) > _MAX_NUMBER_CHARS:
                raise ValueError(value)
            return int(value.replace("_", ""), 0)
        except ValueError:
            raise YamlProblem(
                "wrong-type", f"`{value}` is tagged !!int but is not a whole number", node
            ) from None
    if tag == _STD + "float":
        result = _number(value, None)
        if result is None:
            raise YamlProblem(
                "wrong-type", f"`{value}` is tagged !!float but is not a number", node
            )
        return float(result)
    if tag == _STD + "bool":
        if value in _TRUE or value in _FALSE:
            return value in _TRUE
        raise YamlProblem(
            "wrong-type", f"`{value}` is tagged !!bool but is not true or false", node
        )
    if tag == _STD + "null":
        return None
    raise _tag_problem(node)


def _number(value: str, default: Any) -> Any:
    """The number `value` spells, else `default`.

    Only finite numbers of sensible size count: `.inf`, `.nan`, `1e999` and integers of
    thousands of digits stay text, so a schema that wants a number says so at their line
    (an infinite answer or a NaN tolerance would make a challenge impossible to pass).
    """
    if len(value) > _MAX_NUMBER_CHARS:
        return default
    if _INT.fullmatch(value):
        if len(value) > 1 and value.lstrip("+-")[:1] == "0" and len(value.lstrip("+-")) > 1:
            return default  # `012`: octal in YAML 1.1; the schema check decides, with a warning
        return int(value)
    if _FLOAT.fullmatch(value):
        number = float(value)
        return number if math.isfinite(number) else default
    if len(value) > 2 and value[0] == "0" and value[1] in "oxOX":
        try:
            return int(value, 8 if value[1] in "oO" else 16)
        except ValueError:
            return default
    return default


def _tag_problem(node: Node) -> YamlProblem:
    return YamlProblem(
        "forbidden-tag",
        f"the tag `{node.tag.replace(_STD, '!!')}` is not allowed: quest files hold plain data only",
        node,
        ("remove the tag; write the value as plain text, a number, a list or a mapping",),
    )


@dataclass(slots=True)
class _Builder:
    """Builds plain data from a node graph, counting alias expansion."""

    sizes: dict[int, int] = field(default_factory=dict)
    """Values each collection node expands to (-1 while it is being built)."""
    count: int = 0
    """Values built so far, counting each alias use at its full size."""
    problems: list[YamlProblem] = field(default_factory=list)
    _built: dict[int, Any] = field(default_factory=dict)

    def build(self, node: Node, depth: int) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            self.count += 1
            return scalar_value(node)
        key = id(node)
        seen = self.sizes.get(key)
        if seen is not None:
            if seen < 0:
                raise YamlProblem(
                    "recursive-alias", "this alias refers to the node that contains it", node
                )
            self.count += seen
            if self.count > MAX_NODES:
                raise YamlProblem(
                    "too-many-aliases",
                    f"aliases here expand to more than {MAX_NODES:,} values; refusing to expand them",
                    node,
                    ("use fewer `*alias` references, or write the data out",),
                )
            # Shared object, never expanded; consumers treat it as read-only.
            return self._built[key]
        if depth > MAX_DEPTH:
            raise YamlProblem(
                "too-deep",
                f"values are nested more than {MAX_DEPTH} levels deep",
                node,
                ("quest files never need this much nesting; check the indentation",),
            )
        tag = node.tag
        if tag != _IMPLICIT and tag not in _ALLOWED_TAGS:
            raise _tag_problem(node)
        self.sizes[key] = -1
        before = self.count
        self.count += 1
        if cls is MappingNode:
            result: Any = {}
            for knode, vnode in node.value:
                if knode.__class__ is not ScalarNode:
                    self.problems.append(
                        YamlProblem(
                            "complex-key",
                            "a key must be plain text, not a list or mapping",
                            knode,
                            ("remove the `?` or the brackets around the key",),
                        )
                    )
                    continue
                if knode.tag != _IMPLICIT and knode.tag not in _ALLOWED_TAGS:
                    raise _tag_problem(knode)
                k = knode.value
                if k in result:
                    first = next(kn for kn, _ in node.value if kn.value == k)
                    self.problems.append(
                        YamlProblem(
                            "duplicate-key",
                            f"the key `{k}` is written twice in this mapping",
                            knode,
                            (
                                f"the first `{k}` is on line {first.start_mark.line + 1};"
                                " keep one of them",
                            ),
                        )
                    )
                    continue
                result[k] = self.build(vnode, depth + 1)
        else:
            result = [self.build(child, depth + 1) for child in node.value]
        self.sizes[key] = self.count - before
        self._built[key] = result
        if self.count > MAX_NODES:
            raise YamlProblem(
                "too-many-aliases",
                f"the data here expands to more than {MAX_NODES:,} values",
                node,
                ("a quest file never needs this much data",),
            )
        return result


class SourceMap:
    """Where each value of a file was written, looked up by its JSON path.

    A path is a tuple of mapping keys (str) and list indices (int), e.g.
    `("steps", "intro", "challenge", "options", 1)`.
    """

    def __init__(self, root: Node | None, text: str = "") -> None:
        self.root = root
        self.text = text
        self._index: dict[int, dict[str, tuple[Node, Node]]] = {}

    def line_text(self, line: int) -> str:
        """The text of a 1-based source line ('' when unknown)."""
        lines = self.text.split("\n", line)
        return lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""

    def node(self, path: tuple, key: bool = False) -> Node | None:
        """The node at `path` (or the key node naming its last part), else the nearest one."""
        node = self.root
        last_key: Node | None = None
        for part in path:
            if isinstance(node, MappingNode) and isinstance(part, str):
                index = self._index.get(id(node))
                if index is None:
                    index = {}
                    for kn, vn in node.value:
                        if isinstance(kn, ScalarNode):
                            index.setdefault(kn.value, (kn, vn))
                    self._index[id(node)] = index
                pair = index.get(part)
                if pair is None:
                    return node
                last_key, node = pair
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                last_key, node = None, node.value[part]
            else:
                return node
        if key and last_key is not None:
            return last_key
        return node

    def position(self, path: tuple = (), key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at `path`; (1, 1) when unknown."""
        node = self.node(tuple(path), key)
        if node is None:
            return (1, 1)
        mark = node.start_mark
        return (mark.line + 1, mark.column + 1)

    def plain_text(self, path: tuple) -> str | None:
        """The exact text of a plain (unquoted) scalar at `path`, else None."""
        node = self.node(tuple(path))
        if isinstance(node, ScalarNode) and not node.style and node.tag == _IMPLICIT:
            if _walk_matches(self, node, path):
                return node.value
        return None


def _walk_matches(smap: SourceMap, node: Node, path: tuple) -> bool:
    """True when `path` really ends at `node` (not at a nearest ancestor)."""
    if not path:
        return node is smap.root
    parent = smap.node(tuple(path[:-1]))
    part = path[-1]
    if isinstance(parent, MappingNode):
        index = smap._index.get(id(parent)) or {}
        pair = index.get(part) if isinstance(part, str) else None
        return pair is not None and pair[1] is node
    if isinstance(parent, SequenceNode) and isinstance(part, int):
        return 0 <= part < len(parent.value) and parent.value[part] is node
    return False


@dataclass(slots=True)
class ParsedYaml:
    """Plain data (or None), where it came from, and what went wrong reading it."""

    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic]
    text: str = ""


def decode(raw: bytes, path: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text (a BOM removed), or a `not-utf8` diagnostic at the bad byte's line."""
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        help = ["save the file as UTF-8 (most editors offer this under 'Save with encoding')"]
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            help.insert(0, "this file looks like UTF-16")
        return None, make(
            path,
            line,
            column,
            "not-utf8",
            f"byte 0x{raw[start]:02x} is not valid UTF-8 text",
            help,
        )


_SYNTAX_HELP = (
    ("found character '\\t'", "indent with spaces, never tabs"),
    ("mapping values are not allowed", "a `: ` inside text? put the whole text in quotes"),
    ("could not find expected ':'", "each line of a mapping needs `key: value`"),
    ("found undefined alias", "define the anchor (`&name`) before using `*name`"),
    (
        "did not find expected key",
        "keys at the same level start in the same column: indent this line like the key "
        "above it that it belongs with",
    ),
    ("found unexpected end of stream", "a quote or bracket is never closed"),
    ("expected a single document", "remove the `---` line: one quest per file"),
    ("found character '@'", "`@` and `` ` `` cannot start a value; put the text in quotes"),
    ("found character '`'", "`@` and `` ` `` cannot start a value; put the text in quotes"),
)


def _line_col(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_LOOKALIKES = {
    "\u00a0": ("a no-break space (U+00A0)", "space"),
    "\u2002": ("an en space (U+2002)", "space"),
    "\u2003": ("an em space (U+2003)", "space"),
    "\u2007": ("a figure space (U+2007)", "space"),
    "\u2009": ("a thin space (U+2009)", "space"),
    "\u200b": ("a zero-width space (U+200B)", "space"),
    "\u202f": ("a narrow no-break space (U+202F)", "space"),
    "\u3000": ("an ideographic space (U+3000)", "space"),
    "\ufeff": ("an invisible byte-order mark (U+FEFF)", "space"),
    "\uff1a": ("a full-width colon `：`", "colon"),
    "\u201c": ("a curly quote", "quotes"),
    "\u201d": ("a curly quote", "quotes"),
    "\u2018": ("a curly quote", "quotes"),
    "\u2019": ("a curly quote", "quotes"),
}
_SPACES = "".join(c for c, (_, meant) in _LOOKALIKES.items() if meant == "space")
_LOOKALIKE_PLACES = (
    re.compile(f"^[ \\t]*(?:- )?([{_SPACES}])"),  # in the indentation
    re.compile("^[ \\t]*(?:- )?[A-Za-z0-9_-]+(\uff1a)"),  # right after a key
    re.compile("([\u201c\u201d\u2018])"),  # curly quotes (not a lone apostrophe)
)


def _find_lookalike(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """(line, column, char) of the first character that stands where YAML syntax belongs
    but only looks like it (a no-break space in the indentation, a full-width colon after
    a key, a curly quote), on the error's line or the two before it, where a parser error
    usually starts. The same characters inside text are content and are left alone."""
    for n in range(max(1, line - 2), min(line, len(lines)) + 1):
        for place in _LOOKALIKE_PLACES:
            match = place.search(lines[n - 1])
            if match is not None:
                return n, match.start(1) + 1, match.group(1)
    return None


_BARE_LINE = re.compile(r"^(\s*(?:- )?)([^\s:#'\"\[{&*!|>%@`-][^:#]*?)\s*$")
_KEY_FIRST = re.compile(r"^\s*(?:- )?[^\s:#'\"][^:#'\"]*$")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _next_content_line(lines: list[str], n: int) -> str | None:
    for text in lines[n:]:
        if text.strip() and not text.lstrip().startswith("#"):
            return text
    return None


def _missing_colon(exc: yaml.YAMLError, lines: list[str]) -> tuple[int, int, str, str] | None:
    """(line, column, message, help) when the parser's complaint comes from a line whose
    key lost its `:` (`hints`, `intro` or `prompt What is...`): the parser notices only a
    line or more later, so its place and words would send a teacher to the wrong line."""
    problem = str(getattr(exc, "problem", "") or "")
    context = getattr(exc, "context_mark", None)
    mark = getattr(exc, "problem_mark", None)
    found: tuple[int, int] | None = None  # (line, column) of the key without its colon
    if "could not find expected ':'" in problem and context is not None:
        n = context.line + 1
        if n <= len(lines) and not lines[n - 1][: context.column].strip(" -"):
            found = (n, context.column)
    elif "mapping values are not allowed" in problem and mark is not None:
        n = mark.line + 1
        if n <= len(lines) and _KEY_FIRST.match(lines[n - 1][: mark.column]):
            before = n - 1
            while before >= 1 and (
                not lines[before - 1].strip() or lines[before - 1].lstrip().startswith("#")
            ):
                before -= 1
            bare = _BARE_LINE.match(lines[before - 1]) if before >= 1 else None
            if bare is not None and _indent(lines[before - 1]) <= _indent(lines[n - 1]):
                found = (before, len(bare.group(1)))
    if found is None:
        return None
    n, column = found
    words = lines[n - 1][column:].split()
    if not words:
        return None
    key, rest = words[0], " ".join(words[1:])
    if re.fullmatch(r"[\w-]+:\S.*", key):  # `xp:10`: the colon is there, the space is not
        name, value = key.split(":", 1)
        value = " ".join([value, rest]).strip()
        value = value if len(value) <= 24 else value[:23] + "…"
        shown = key if len(key) <= 24 else key[:23] + "…"
        return n, column + 1, f"`{shown}` needs a space after its `:`", f"write `{name}: {value}`"
    following = _next_content_line(lines, n)
    opens_a_block = following is not None and _indent(following) > _indent(lines[n - 1])
    if not rest:
        message = f"`{key}` needs a `:` after it"
        fix = f"write `{key}:`"
    else:
        message = "this line has no `:`, but YAML expects `key: value` here"
        fix = f"write `{key}: {rest if len(rest) <= 24 else rest[:23] + '…'}`"
    if rest or not opens_a_block:
        fix += "; or, if the line goes on with the text above it, indent it more than that "
        fix += "text's key"
    return n, column + 1, message, fix


_KEY_AND_VALUE = re.compile(r"^(\s*(?:- )?)([\w-]+):[ \t]+[^\s|>#&!*]")


def _over_indented(exc: yaml.YAMLError, lines: list[str]) -> tuple[int, int, str, str] | None:
    """(line, column, message, help) for a `key:` line indented under a line that already
    holds a whole `key: value`, where nothing can nest: the parser calls it a colon in the
    wrong place and suggests quotes, but the fix is to line the key up with the one above."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or "mapping values are not allowed" not in str(getattr(exc, "problem", "")):
        return None
    n = mark.line + 1
    if n > len(lines) or not re.fullmatch(r"\s*[\w-]+", lines[n - 1][: mark.column]):
        return None
    before = n - 1
    while before >= 1 and (
        not lines[before - 1].strip() or lines[before - 1].lstrip().startswith("#")
    ):
        before -= 1
    above = _KEY_AND_VALUE.match(lines[before - 1]) if before >= 1 else None
    if above is None or _indent(lines[n - 1]) <= len(above.group(1)):
        return None
    key = lines[n - 1][: mark.column].strip()
    at = len(above.group(1))
    return (
        n,
        _indent(lines[n - 1]) + 1,
        f"`{key}:` is indented more than the line above allows",
        f"line it up with `{above.group(2)}` on line {before}: {at} spaces before `{key}`",
    )


def _syntax_diagnostic(exc: yaml.YAMLError, path: str, source: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = source.split("\n")
    colon = _missing_colon(exc, lines) or _over_indented(exc, lines)
    if colon is not None and _find_lookalike(lines, colon[0]) is None:
        at_line, at_column, message, fix = colon
        tab_before = "\t" in "".join(lines[at_line - 1 : line])
        if not tab_before:
            return make(path, at_line, at_column, "yaml-syntax", f"YAML syntax: {message}", [fix])
    if mark is not None and line <= len(lines):
        bad = lines[line - 1][column - 1 : column]
        if bad == "\t" or "\t" in lines[line - 1][: column - 1].lstrip(" ")[:1]:
            help_tab = (
                "replace the tab with spaces (many editors offer 'Convert indentation to spaces')"
            )
        else:
            help_tab = None
    else:
        help_tab = None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else str(problem)
    if "nesting depth" in text:
        return make(path, line, column, "too-deep", "values are nested far too deeply")
    code = "multiple-documents" if "single document" in text else "yaml-syntax"
    help = [h for needle, h in _SYNTAX_HELP if needle in text]
    misaligned = ("did not find expected key", "expected <block end>")
    if any(words in text for words in misaligned) and not help_tab:
        text = "this line is not lined up with the lines above it"
        help = [h for needle, h in _SYNTAX_HELP if needle == misaligned[0]]
    if help_tab:
        help.insert(0, help_tab)
        text = "a tab is used for indentation here; YAML indents with spaces only"
    lookalike = _find_lookalike(lines, line) if code == "yaml-syntax" else None
    if lookalike is not None and not help_tab:
        at_line, at_column, char = lookalike
        name, meant = _LOOKALIKES[char]
        if meant == "quotes":
            help = [
                "curly quotes “ ” ‘ ’ do not quote text in YAML: use straight quotes, "
                "`\"like this\"` or `'like this'`"
            ]
        else:
            line, column = at_line, at_column
            text = f"{name} here looks like a {meant} but is not one"
            help = [
                f"type an ordinary {meant} instead (such characters come from pasting out of "
                "a web page, a word processor or another keyboard layout)"
            ]
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        text = f"the control character {shown} is not allowed in YAML text"
        help = ["remove it (such characters often come from pasting out of another program)"]
        line, column = _line_col(source, exc.position or 0)
    return make(path, line, column, code, f"YAML syntax: {text}", help[:1])


def too_large(path: str, size: int) -> Diagnostic:
    return make(
        path,
        1,
        1,
        "file-too-large",
        f"the file is {size / 1024 / 1024:.1f} MiB; the limit is 1 MiB",
        ("split it into several quests, or move long texts out",),
    )


def read_limited(file: Any) -> bytes:
    """A file's bytes, but never more than one byte past the size limit (a 5 GB file
    given by mistake is refused without being read into memory)."""
    with open(file, "rb") as fh:
        return fh.read(MAX_BYTES + 1)


def parse(raw: bytes, path: str, *, use_libyaml: bool | None = None) -> ParsedYaml:
    """Parse one file's bytes; never raises for bad input, returns diagnostics instead."""
    empty = SourceMap(None)
    if len(raw) > MAX_BYTES:
        return ParsedYaml(None, empty, [too_large(path, len(raw))])
    text, problem = decode(raw, path)
    if text is None:
        return ParsedYaml(None, empty, [problem] if problem else [])
    if use_libyaml is None:
        use_libyaml = HAVE_LIBYAML
    loader_class = _CLoader if use_libyaml else _PyLoader
    try:
        loader = loader_class(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return ParsedYaml(None, empty, [_syntax_diagnostic(exc, path, text)], text)
    except RecursionError:
        return ParsedYaml(
            None, empty, [make(path, 1, 1, "too-deep", "values are nested far too deeply")], text
        )
    source = SourceMap(root, text)
    if root is None:
        what = "the file holds only comments" if text.strip() else "the file is empty"
        return ParsedYaml(
            None,
            source,
            [make(path, 1, 1, "empty-file", what, ("start with `format: 1`",))],
            text,
        )
    builder = _Builder()
    diagnostics: list[Diagnostic] = []
    try:
        data = builder.build(root, 0)
    except YamlProblem as exc:
        builder.problems.append(exc)
        data = None
    except RecursionError:
        builder.problems.append(YamlProblem("too-deep", "values are nested far too deeply", root))
        data = None
    for p in builder.problems:
        mark = p.node.start_mark if p.node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        diagnostics.append(make(path, line, column, p.code, p.message, p.help))
    return ParsedYaml(data, source, diagnostics, text)
