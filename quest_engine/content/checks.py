"""Semantic checks: what a schema cannot see (the step graph, references, numbers that
contradict each other). They run on schema-valid plain data, so every problem can be
pinned to its JSON path and from there to `file:line:col`.

`check_quest` needs only the file itself (its result is cached with the file);
`check_quest_refs` and `check_pack` need the pack around it and run every time.
"""

from __future__ import annotations

import difflib
import math
import os
import posixpath
import re
import re._constants as re_constants  # the parsed form, to spot slow patterns
import re._parser as re_parser
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

import regex

from quest_engine.content.diagnostics import Diagnostic, make


class Positions(Protocol):
    def position(self, path: tuple = (), key: bool = False) -> tuple[int, int]: ...


class Sink:
    """Collects diagnostics for one file."""

    def __init__(self, path: str, source: Positions) -> None:
        self.path = path
        self.source = source
        self.diagnostics: list[Diagnostic] = []

    def add(
        self,
        code: str,
        message: str,
        where: tuple = (),
        help: Iterable[str] = (),
        key: bool = False,
    ) -> None:
        line, col = self.source.position(where, key)
        self.diagnostics.append(make(self.path, line, col, code, message, help))


def _suggest(word: str, known: Iterable[str], what: str) -> list[str]:
    known = sorted(known)
    help = []
    guess = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if guess:
        help.append(f"did you mean `{guess[0]}`?")
    if known:
        shown = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        help.append(f"{what}: {shown}")
    return help


# --------------------------------------------------------------------------- walking


def route_refs(value: Any, where: tuple) -> Iterator[tuple[tuple, str]]:
    """(path of the step id, step id) for each target of a `next` value."""
    if value is None:
        return
    if isinstance(value, str):
        yield where, value
        return
    for i, r in enumerate(value):
        yield where + (i, "goto"), r["goto"]


def route_conditions(value: Any, where: tuple) -> Iterator[tuple[tuple, dict]]:
    if isinstance(value, list):
        for i, r in enumerate(value):
            if "when" in r:
                yield where + (i, "when"), r["when"]


def condition_refs(cond: dict, where: tuple) -> Iterator[tuple[str, tuple, Any]]:
    """(kind, path, value) for every leaf of a condition."""
    ((key, value),) = cond.items()
    if key in ("all", "any"):
        for i, c in enumerate(value):
            yield from condition_refs(c, where + (key, i))
    elif key == "not":
        yield from condition_refs(value, where + ("not",))
    else:
        yield key, where + (key,), value


def step_targets(sid: str, s: dict) -> Iterator[tuple[tuple, str]]:
    base = ("steps", sid)
    yield from route_refs(s.get("next"), base + ("next",))
    for outcome in ("on_correct", "on_wrong"):
        o = s.get(outcome)
        if o:
            yield from route_refs(o.get("next"), base + (outcome, "next"))
    ch = s.get("challenge")
    if ch and ch.get("kind") == "choice":
        for i, opt in enumerate(ch["options"]):
            if "goto" in opt:
                yield base + ("challenge", "options", i, "goto"), opt["goto"]


def quest_conditions(q: dict) -> Iterator[tuple[tuple, dict]]:
    for sid, s in q["steps"].items():
        base = ("steps", sid)
        yield from route_conditions(s.get("next"), base + ("next",))
        for outcome in ("on_correct", "on_wrong"):
            o = s.get(outcome)
            if o:
                yield from route_conditions(o.get("next"), base + (outcome, "next"))


def quest_images(q: dict) -> Iterator[tuple[tuple, str]]:
    for sid, s in q["steps"].items():
        image = s.get("image")
        if image:
            yield ("steps", sid, "image", "path"), image["path"]


def awarded_badges(q: dict) -> Iterator[tuple[tuple, str]]:
    for i, b in enumerate(q.get("badges", ())):
        yield ("badges", i), b
    for sid, s in q["steps"].items():
        for outcome in ("on_correct", "on_wrong"):
            o = s.get(outcome)
            if o:
                for i, b in enumerate(o.get("badges", ())):
                    yield ("steps", sid, outcome, "badges", i), b


# --------------------------------------------------------------------------- one quest


def _swallowed_key(text: object) -> str | None:
    """`next:` or `ending:` when the last line of a step's `|` text is one: indented one
    step too far, the way forward became part of the text the student reads."""
    if not isinstance(text, str) or not text.strip():
        return None
    last = text.strip().splitlines()[-1].strip()
    for key in ("next:", "ending:"):
        if last.startswith(key):
            return key
    return None


def check_quest(q: dict, sink: Sink) -> None:
    """Checks that need only this quest file."""
    steps: dict = q["steps"]
    ids = set(steps)
    if q["start"] not in ids:
        sink.add(
            "unknown-step",
            f"the start step `{q['start']}` does not exist",
            ("start",),
            _suggest(q["start"], ids, "steps"),
        )
    edges: dict[str, list[str]] = {}
    flags_set = {f for s in steps.values() for f in s.get("set_flags", ())}
    for s in steps.values():
        for outcome in ("on_correct", "on_wrong"):
            flags_set.update((s.get(outcome) or {}).get("set_flags", ()))
    for sid, s in steps.items():
        targets = []
        for where, target in step_targets(sid, s):
            targets.append(target)
            if target not in ids:
                sink.add(
                    "unknown-step",
                    f"step `{sid}` leads to `{target}`, which is not a step of this quest",
                    where,
                    _suggest(target, ids, "steps"),
                )
        edges[sid] = [t for t in targets if t in ids]
        if s.get("ending"):
            if "next" in s:
                sink.add(
                    "ending-has-next",
                    f"step `{sid}` is an ending, so its `next` is never followed",
                    ("steps", sid, "next"),
                    ("remove `next`, or remove `ending: true`",),
                    key=True,
                )
        elif not targets:
            swallowed = _swallowed_key(s.get("text"))
            help = (
                (
                    f"the `{swallowed}` line is indented as part of the `text` above it: "
                    "indent it like `text:`",
                )
                if swallowed
                else ("add `next: <step id>`, or `ending: true` if the quest finishes here",)
            )
            sink.add(
                "dead-end",
                f"step `{sid}` has no way forward and is not an ending",
                ("steps", sid),
                help,
                key=True,
            )
        ch = s.get("challenge")
        if ch:
            _check_challenge(sid, ch, sink)
    for where, cond in quest_conditions(q):
        for kind, cpath, value in condition_refs(cond, where):
            if kind == "flag" and value not in flags_set:
                sink.add(
                    "unknown-flag",
                    f"no step sets the flag `{value}`, so this condition never holds",
                    cpath,
                    _suggest(value, flags_set, "flags set in this quest"),
                )
    endings = [sid for sid, s in steps.items() if s.get("ending")]
    if not endings:
        sink.add(
            "no-ending",
            f"quest `{q['id']}` has no ending, so no one can finish it",
            ("steps",),
            ("mark the last step with `ending: true`",),
            key=True,
        )
    broken = any(d.code in ("unknown-step", "dead-end") for d in sink.diagnostics)
    if q["start"] in ids and not broken:
        seen = {q["start"]}
        todo = [q["start"]]
        while todo:
            for t in edges[todo.pop()]:
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        for sid in steps:
            if sid not in seen:
                sink.add(
                    "unreachable-step",
                    f"step `{sid}` cannot be reached from the start step `{q['start']}`",
                    ("steps", sid),
                    ("add a `next` or `goto` that leads here, or remove the step",),
                    key=True,
                )
        if endings and not any(e in seen for e in endings):
            sink.add(
                "no-ending",
                "no ending can be reached from the start step",
                ("start",),
                ("connect the steps so a path leads to a step with `ending: true`",),
            )
    for where, path in quest_images(q):
        _check_asset_form(path, where, sink)


_NUMBER = re.compile(r"\s*([-+]?)\s*(?:(\d+)\s+)?(\d+(?:\.\d*)?|\.\d+)(?:\s*/\s*(\d+))?\s*")


def parse_number_text(text: str) -> Fraction | None:
    """`3/4`, `-1 1/2`, `0.2`, `7` -> a Fraction; None when it is none of those."""
    match = _NUMBER.fullmatch(text)
    if not match:
        return None
    sign, whole, num, den = match.groups()
    try:
        value = Fraction(num)
        if den is not None:
            if "." in num or int(den) == 0:
                return None
            value /= int(den)
        elif whole is not None:
            return None
        if whole is not None:
            value += int(whole)
    except (ValueError, ZeroDivisionError):
        return None
    return -value if sign == "-" else value


def _check_challenge(sid: str, ch: dict, sink: Sink) -> None:
    base = ("steps", sid, "challenge")
    kind = ch["kind"]
    if kind == "choice":
        opts = ch["options"]
        correct = [o for o in opts if o.get("correct")]
        if not correct:
            sink.add(
                "no-correct-option",
                f"the choice in step `{sid}` has no correct option",
                base + ("options",),
                ("add `correct: true` to the right option",),
                key=True,
            )
        elif len(correct) > 1 and not ch.get("multiple"):
            sink.add(
                "many-correct-single",
                f"the choice in step `{sid}` marks {len(correct)} options correct but lets "
                "students pick only one",
                base + ("options",),
                ("add `multiple: true`, or keep one `correct: true`",),
                key=True,
            )
        _dupes([o["id"] for o in opts], base + ("options",), "option", sink)
    elif kind == "number":
        for key in ("tolerance", "relative_tolerance"):
            if ch.get(key, 0) < 0:
                sink.add(
                    "negative-tolerance",
                    f"`{key}` is {ch[key]}; a tolerance cannot be negative",
                    base + (key,),
                )
        for i, mc in enumerate(ch.get("misconceptions", ())):
            if mc.get("tolerance", 0) < 0:
                sink.add(
                    "negative-tolerance",
                    f"`tolerance` is {mc['tolerance']}; a tolerance cannot be negative",
                    base + ("misconceptions", i, "tolerance"),
                )
    elif kind == "text":
        pattern = ch.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
                regex.compile(pattern, regex.V0)  # what the game matches answers with
            except (re.error, regex.error, RecursionError, OverflowError, ValueError) as exc:
                sink.add(
                    "bad-pattern",
                    f"`pattern` is not a valid regular expression: {exc}",
                    base + ("pattern",),
                )
            else:
                if nested_repetition(pattern):
                    sink.add(
                        "slow-pattern",
                        "`pattern` repeats something that itself repeats, like `(a+)+`; "
                        "some answers would make it run so long that the game gives up "
                        "and marks them wrong",
                        base + ("pattern",),
                        (
                            "repeat once: `a+` instead of `(a+)+`, `\\w+( \\w+)*` instead of "
                            "`(\\w+\\s?)+`; or list the answers in `accept`",
                        ),
                    )
    elif kind == "write":
        lo, hi = ch.get("min_words", 0), ch.get("max_words")
        if hi is not None and lo > hi:
            sink.add(
                "min-above-max-words",
                f"`min_words` ({lo}) is larger than `max_words` ({hi}), so no answer fits",
                base + ("min_words",),
            )
        _dupes(
            [r["id"] for r in ch.get("rubric", ())], base + ("rubric",), "rubric criterion", sink
        )
    elif kind == "game":
        _check_game(ch["game"], ch["params"], base + ("params",), sink)


_REPEATS = (re_constants.MAX_REPEAT, re_constants.MIN_REPEAT, re_constants.POSSESSIVE_REPEAT)


_ATOMS = (re_constants.LITERAL, re_constants.NOT_LITERAL, re_constants.IN, re_constants.ANY)


def nested_repetition(pattern: str) -> bool:
    """True when an unbounded repetition holds another one and nothing fixed between its
    rounds (`(a+)+`, `(\\w+\\s?)*`): the shape that makes Python's regex engine backtrack
    exponentially on a near miss. `( [a-z]+)*` is fine: each round starts with a space."""
    try:
        tree = re_parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False

    def children(op: Any, av: Any) -> list[Any]:
        if op in _REPEATS:
            return [av[2]]
        if op == re_constants.SUBPATTERN:
            return [av[-1]]
        if op == re_constants.ATOMIC_GROUP:
            return [av]
        if op == re_constants.BRANCH:
            return list(av[1])
        if op in (re_constants.ASSERT, re_constants.ASSERT_NOT):
            return [av[1]]
        return []

    def has_repeat(items: Any) -> bool:
        for op, av in items:
            if op in _REPEATS and (av[1] == re_constants.MAXREPEAT or av[1] > 20):
                return True
            if any(has_repeat(c) for c in children(op, av)):
                return True
        return False

    def has_fixed_atom(items: Any) -> bool:
        for op, av in items:
            if op in _ATOMS:
                return True
            if op == re_constants.SUBPATTERN and has_fixed_atom(av[-1]):
                return True
        return False

    def walk(items: Any) -> bool:
        for op, av in items:
            if op in _REPEATS and (av[1] == re_constants.MAXREPEAT or av[1] > 20):
                body = av[2]
                if has_repeat(body) and not has_fixed_atom(body):
                    return True
            if any(walk(c) for c in children(op, av)):
                return True
        return False

    return walk(tree)


def _dupes(ids: list[str], where: tuple, what: str, sink: Sink) -> None:
    seen: set[str] = set()
    for i, x in enumerate(ids):
        if x in seen:
            sink.add(
                "duplicate-id",
                f"two {what}s have the id `{x}`",
                where + (i, "id"),
                ("give each a different id",),
            )
        seen.add(x)


def _check_game(game: str, p: dict, where: tuple, sink: Sink) -> None:
    if game == "launch":
        before = len(sink.diagnostics)
        for key, low, high in (("angle", 0, 90), ("speed", 0, None)):
            r = p.get(key)
            if r and not (r["min"] <= r["start"] <= r["max"]):
                sink.add(
                    "bad-range",
                    f"`{key}` needs min ≤ start ≤ max, but it is {r['min']}, {r['start']}, {r['max']}",
                    where + (key,),
                )
            elif r and (r["min"] < low or (high is not None and r["max"] > high)):
                span = f"from {low} to {high}" if high is not None else f"from {low} up"
                sink.add(
                    "bad-range",
                    f"`{key}` runs from {r['min']} to {r['max']}, but it can only run {span}",
                    where + (key,),
                )
        if len(sink.diagnostics) == before:
            _check_launch_reach(p, where, sink)
    elif game == "balance":
        if p.get("tolerance", 0) < 0:
            sink.add("negative-tolerance", "`tolerance` cannot be negative", where + ("tolerance",))
        half = p["beam_half_length"]
        before = len(sink.diagnostics)
        for i, w in enumerate(p["fixed"]):
            if abs(w["position"]) > half:
                sink.add(
                    "bad-range",
                    f"a fixed weight at {w['position']} m is off the beam (half length {half} m)",
                    where + ("fixed", i, "position"),
                )
        if len(sink.diagnostics) == before:
            _check_balance_solvable(p, where, sink)
    else:
        if p.get("tolerance", 0.05) < 0:
            sink.add("negative-tolerance", "`tolerance` cannot be negative", where + ("tolerance",))
        lo, hi = p["min"], p["max"]
        if lo >= hi:
            sink.add(
                "bad-range",
                f"the line's `min` ({lo}) must be below its `max` ({hi})",
                where + ("min",),
            )
        for i, text in enumerate(p["values"]):
            value = parse_number_text(text)
            if value is None:
                sink.add(
                    "bad-number-value",
                    f"`{text}` is not a number, fraction or mixed number",
                    where + ("values", i),
                    ("write values like `3/4`, `0.2`, `-1` or `1 1/2`",),
                )
            elif lo < hi and not (lo <= value <= hi):
                sink.add(
                    "bad-range",
                    f"`{text}` lies outside the line, which runs from {lo} to {hi}",
                    where + ("values", i),
                )


def _check_launch_reach(p: dict, where: tuple, sink: Sink) -> None:
    """The sliders can land the projectile on the pad: the ranges v² sin 2θ / g that
    the allowed angles and speeds give form one interval, which must meet the pad."""
    gravity = p.get("gravity", 9.8)
    if p.get("fixed_angle") is not None:
        a = b = p["fixed_angle"]
    else:
        angle = p.get("angle") or {"min": 10, "max": 80}
        a, b = angle["min"], angle["max"]
    speed = p.get("speed") or {"min": 5, "max": 40}
    v_lo, v_hi = speed["min"], speed["max"]

    def s2(deg: float) -> float:
        return math.sin(math.radians(2 * deg))

    best = 1.0 if a <= 45 <= b else max(s2(a), s2(b))
    worst = min(s2(a), s2(b))
    shortest, longest = v_lo * v_lo * worst / gravity, v_hi * v_hi * best / gravity
    target, half = p["target_distance"], p.get("target_width", 4) / 2
    if longest < target - half - 1e-9:
        need = math.sqrt((target - half) * gravity / best) if best > 0 else math.inf
        sink.add(
            "unwinnable-game",
            f"no launch reaches the pad: the farthest one flies {longest:.1f} m, "
            f"the pad starts at {target - half:g} m",
            where + ("target_distance",),
            (
                f"raise `speed.max` to at least {math.ceil(need * 10) / 10:g}, or bring the pad closer",
            )
            if math.isfinite(need)
            else ("allow angles between 0 and 90 degrees",),
        )
    elif shortest > target + half + 1e-9:
        sink.add(
            "unwinnable-game",
            f"every launch overshoots the pad: the shortest one flies {shortest:.1f} m, "
            f"the pad ends at {target + half:g} m",
            where + ("target_distance",),
            ("lower `speed.min`, widen the angles, or move the pad farther",),
        )


_MAX_REACHABLE = 20_000
"""States of the balance search; beyond it the check gives up rather than slow down."""


def _check_balance_solvable(p: dict, where: tuple, sink: Sink) -> None:
    """Some choice of the available weights on the beam's slots balances it (each weight
    placed at most once, or left off), within the tolerance."""
    spacing = p.get("slot_spacing", 0.5)
    half = p["beam_half_length"]
    n = int(half / spacing + 1e-9)
    slots = [i * spacing for i in range(-n, n + 1)]
    fixed = math.fsum(w["mass"] * w["position"] for w in p["fixed"])
    tolerance = max(0.0, p.get("tolerance", 0.0))
    reach = {round(fixed, 9)}
    for mass in p["available"]:
        reach |= {round(r + mass * x, 9) for r in reach for x in slots}
        if len(reach) > _MAX_REACHABLE:
            return
    if not any(abs(r) <= tolerance + 1e-6 for r in reach):
        sink.add(
            "unwinnable-game",
            f"no way of placing the available weights balances the beam "
            f"(the fixed weights turn it by {fixed:g} kg·m)",
            where + ("available",),
            ("change `available`, the fixed weights or `slot_spacing`, or allow a `tolerance`",),
        )


MAX_ASSET_PATH = 255
"""Longest asset path: longer ones do not open on every operating system."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def _check_asset_form(path: str, where: tuple, sink: Sink, what: str = "asset") -> bool:
    """False (with a diagnostic) when `path` leaves the pack folder or cannot be a
    portable relative file name; decided from the text alone, the same on every OS."""
    shown = _short(path)
    if _URL.match(path):
        sink.add(
            "bad-asset-path",
            f"the {what} `{shown}` is a web address; files are read from the pack folder only",
            where,
            (
                "download the file into the pack (check its license) and write its path, "
                "like `assets/picture.png`",
            ),
        )
        return False
    norm = posixpath.normpath(path.replace("\\", "/"))
    if (
        path.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", path)
        or norm == ".."
        or norm.startswith("../")
    ):
        sink.add(
            "asset-outside-pack",
            f"the {what} path `{shown}` leaves the pack folder",
            where,
            ("write a path inside the pack folder, like `assets/picture.png`",),
        )
        return False
    if _CONTROL.search(path) or len(path) > MAX_ASSET_PATH:
        reason = (
            "holds a control character"
            if _CONTROL.search(path)
            else f"is longer than {MAX_ASSET_PATH} characters"
        )
        sink.add(
            "bad-asset-path",
            f"the {what} path `{shown}` {reason}, so it cannot name a file",
            where,
            ("write a short path inside the pack folder, like `assets/picture.png`",),
        )
        return False
    if "\\" in path:
        sink.add(
            "bad-asset-path",
            f"the {what} path `{shown}` uses `\\` between folders",
            where,
            (f"write `{norm}`: `/` works on every computer, `\\` only on Windows",),
        )
        return False
    return True


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- in a pack


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: str
    """`file`, `dir`, `link` or `other`."""


@dataclass(frozen=True, slots=True)
class Located:
    """Where an asset path leads inside the pack, read from folder listings."""

    actual: str | None
    """The path spelt as on disk (case-insensitive match), or None when nothing matches."""
    kind: str
    """`file`, `dir`, `missing`, `other`, or `link` when a symbolic link is on the way."""
    exact: bool = True
    """False when `actual` is spelt differently from the path asked for."""


class PackContext:
    """What a quest may refer to: known badge and quest ids (None: unknown, skip the check)."""

    def __init__(
        self,
        root: Path | None,
        badge_ids: set[str] | None = None,
        quest_ids: set[str] | None = None,
    ) -> None:
        self.root = root
        self.badge_ids = badge_ids
        self.quest_ids = quest_ids
        self._listings: dict[str, tuple[dict[str, _Entry], dict[str, _Entry]]] = {}

    def _listing(self, folder: str) -> tuple[dict[str, _Entry], dict[str, _Entry]]:
        """(exact name -> entry, lower-cased name -> entry) of one pack sub-folder; one
        `scandir` per folder, so checking many pictures costs no file-system calls each."""
        listing = self._listings.get(folder)
        if listing is None:
            exact: dict[str, _Entry] = {}
            folded: dict[str, _Entry] = {}
            try:
                assert self.root is not None
                with os.scandir(self.root / folder) as entries:
                    for e in entries:
                        if e.is_symlink():
                            kind = "link"
                        elif e.is_dir(follow_symlinks=False):
                            kind = "dir"
                        elif e.is_file(follow_symlinks=False):
                            kind = "file"
                        else:
                            kind = "other"
                        exact[e.name] = _Entry(e.name, kind)
            except (OSError, ValueError):
                pass
            for name in sorted(exact, reverse=True):
                folded[name.lower()] = exact[name]
            listing = (exact, folded)
            self._listings[folder] = listing
        return listing

    def locate(self, path: str) -> Located:
        """Follow `path` (already known to stay in the pack by its form) through the folder
        listings. Names are matched exactly; failing that, ignoring case, so a path that a
        case-insensitive disk (Windows, macOS) would open, but Linux would not, is caught."""
        folder = ""
        exact_so_far = True
        parts = [p for p in posixpath.normpath(path).split("/") if p not in ("", ".")]
        if not parts:
            return Located("", "dir")
        if path.endswith("/"):
            # `assets/moon.png/` would open on no system; suggest the name without `/`.
            found = self.locate(path.rstrip("/"))
            if found.kind == "dir":
                return found
            return Located(found.actual, "link" if found.kind == "link" else "missing", False)
        for i, part in enumerate(parts):
            exact, folded = self._listing(folder)
            entry = exact.get(part)
            if entry is None:
                exact_so_far = False
                entry = folded.get(part.lower())
                if entry is None:
                    return Located(None, "missing")
            folder = posixpath.join(folder, entry.name)
            if entry.kind == "link":
                return Located(folder, "link", exact_so_far)
            if i < len(parts) - 1 and entry.kind != "dir":
                return Located(None, "missing")
        if not exact_so_far:
            return Located(folder, "missing", False)
        return Located(folder, entry.kind)


def check_asset(path: str, where: tuple, ctx: PackContext, sink: Sink, what: str = "asset") -> None:
    """The asset (or badges file) exists as a file inside the pack, with its exact name."""
    if not _check_asset_form(path, where, sink, what) or ctx.root is None:
        return
    shown = _short(path)
    found = ctx.locate(path)
    kind = found.kind
    if kind == "link":
        # Rare: a symbolic link on the way. Follow it, and refuse it if it leaves the pack.
        try:
            root = ctx.root.resolve()
            target = (ctx.root / path).resolve()
            outside = root not in target.parents and target != root
            kind = "file" if target.is_file() else "dir" if target.is_dir() else "missing"
        except (OSError, ValueError, RuntimeError):
            outside, kind = False, "missing"
        if outside:
            sink.add(
                "asset-outside-pack",
                f"the {what} path `{shown}` leads outside the pack folder",
                where,
                ("a link inside the pack points elsewhere; copy the file into the pack",),
            )
            return
        if not found.exact:
            kind = "missing"  # the link itself is spelt in another case
    if kind == "file":
        return
    if kind == "dir":
        sink.add(
            "asset-missing",
            f"the {what} `{shown}` is a folder, not a file",
            where,
            ("name the file inside it, like `assets/picture.png`",),
        )
        return
    help = []
    if found.actual and not found.exact:
        case = not path.endswith("/") and found.actual.lower() == posixpath.normpath(path).lower()
        note = " (names must match in upper and lower case)" if case else ""
        help.append(f"did you mean `{found.actual}`?{note}")
    help.append("check the spelling and the folder; paths are relative to the pack folder")
    sink.add(
        "asset-missing",
        f"the {what} `{shown}` does not exist in the pack folder",
        where,
        help,
    )


def check_quest_refs(q: dict, ctx: PackContext, sink: Sink) -> None:
    """Checks of a quest's references to badges, quests and assets."""
    badge_refs: list[tuple[tuple, str]] = list(awarded_badges(q))
    prereq = q.get("prerequisites") or {}
    badge_refs += [
        (("prerequisites", "badges", i), b) for i, b in enumerate(prereq.get("badges", ()))
    ]
    quest_refs = [
        (("prerequisites", "quests", i), x) for i, x in enumerate(prereq.get("quests", ()))
    ]
    for where, cond in quest_conditions(q):
        for kind, cpath, value in condition_refs(cond, where):
            if kind == "has_badge":
                badge_refs.append((cpath, value))
            elif kind == "quest_done":
                quest_refs.append((cpath, value))
    if ctx.badge_ids is not None:
        for where, b in badge_refs:
            if b not in ctx.badge_ids:
                sink.add(
                    "unknown-badge",
                    f"the pack defines no badge `{b}`",
                    where,
                    _suggest(b, ctx.badge_ids, "badges in this pack")
                    or ["add it to the pack's `badges`"],
                )
    for where, x in quest_refs:
        if x == q["id"] and where[0] == "prerequisites":
            sink.add(
                "prerequisite-cycle",
                f"quest `{x}` lists itself as a prerequisite, so it can never start",
                where,
            )
        elif ctx.quest_ids is not None and x not in ctx.quest_ids:
            sink.add(
                "unknown-quest",
                f"there is no quest `{x}` in this pack",
                where,
                _suggest(x, ctx.quest_ids, "quests"),
            )
    for where, path in quest_images(q):
        check_asset(path, where, ctx, sink)


def find_cycle(graph: dict[str, list[str]]) -> list[list[str]]:
    """Every elementary cycle met by a depth-first search (each reported once).

    Iterative, so a long chain of prerequisites cannot exhaust Python's stack.
    """
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()
    for root in sorted(graph):
        if root in state:
            continue
        state[root] = 1
        stack: list[str] = [root]
        todo: list[Iterator[str]] = [iter(graph.get(root, ()))]
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[stack.pop()] = 2
                todo.pop()
                continue
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                key = frozenset(cycle)
                if key not in reported and len(cycle) > 1:
                    reported.add(key)
                    cycles.append(cycle + [nxt])
            elif nxt not in state:
                state[nxt] = 1
                stack.append(nxt)
                todo.append(iter(graph.get(nxt, ())))
    return cycles
