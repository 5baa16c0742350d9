"""The content compiler's pipeline: files -> plain data -> checks -> frozen model.

    read bytes ─► yamlsource.parse ─► schema_check.check ─► checks.check_quest   (cached per file)
                                                         └► checks.check_quest_refs, pack checks
                                                            (run every time) ─► builder ─► Pack

Every step collects diagnostics instead of raising, so one run reports everything.
"""

from __future__ import annotations

import gc
import hashlib
import os
import posixpath
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quest_engine.content import builder, checks, model
from quest_engine.content.cache import CompileCache
from quest_engine.content.diagnostics import Diagnostic, count, make
from quest_engine.content.schema_check import check as schema_check
from quest_engine.content.yamlsource import MAX_BYTES, SourceMap, parse, read_limited, too_large

QUEST_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A loaded pack, or None when any error was found; all diagnostics either way."""

    pack: model.Pack | None
    diagnostics: tuple[Diagnostic, ...]
    files: int

    @property
    def errors(self) -> int:
        return count(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        return count(self.diagnostics)[1]


@dataclass(frozen=True, slots=True)
class QuestResult:
    """One quest file compiled on its own (with its sibling pack.yaml, if any)."""

    quest: model.Quest | None
    diagnostics: tuple[Diagnostic, ...]
    files: int = 1


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of `quest validate`: diagnostics in file order, and how many files."""

    diagnostics: tuple[Diagnostic, ...]
    files: int

    @property
    def errors(self) -> int:
        return count(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        return count(self.diagnostics)[1]


# --------------------------------------------------------------------------- one file


class CachedSource:
    """Positions recorded in the cache; anything else re-parses the file on demand."""

    def __init__(self, recorded: list, raw: bytes, display: str) -> None:
        self._recorded = {(tuple(p), bool(k)): (int(ln), int(c)) for p, k, ln, c in recorded}
        self._raw = raw
        self._display = display
        self._full: SourceMap | None = None

    def position(self, path: tuple = (), key: bool = False) -> tuple[int, int]:
        hit = self._recorded.get((tuple(path), key))
        if hit is not None:
            return hit
        if self._full is None:
            self._full = parse(self._raw, self._display).source
        return self._full.position(path, key)


def _source_order(d: Diagnostic) -> tuple[int, int]:
    return (d.line, d.column)


@dataclass(slots=True)
class Unit:
    """One compiled file: its data (usable when `ok`), local diagnostics and positions."""

    path: Path
    display: str
    kind: str
    data: Any
    diagnostics: list[Diagnostic]
    source: Any
    content_hash: str = ""
    extra: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(d.is_error for d in self.diagnostics)

    def sink(self) -> checks.Sink:
        sink = checks.Sink(self.display, self.source)
        sink.diagnostics = self.extra
        return sink

    def all_diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of this file in source order, so a teacher can fix top-down."""
        return sorted(self.diagnostics + self.extra, key=_source_order)

    def where(self, path: tuple) -> model.SourcePos:
        line, col = self.source.position(path, True)
        return model.SourcePos(self.display, line, col)


def _needed_positions(kind: str, data: Any) -> list[tuple[tuple, bool]]:
    if not isinstance(data, dict):
        return [((), True)]
    if kind == "quest":
        steps = data.get("steps")
        ids = list(steps) if isinstance(steps, dict) else []
        return [((), True)] + [(("steps", sid), True) for sid in ids]
    badges = data.get("badges")
    n = len(badges) if isinstance(badges, list) else 0
    return [((), True)] + [(("badges", i), True) for i in range(n)]


def compile_file(path: Path, display: str, kind: str, cache: CompileCache) -> Unit:
    """Read, parse, schema-check and (quests) locally check one file, using the cache."""
    try:
        raw = read_limited(path)
        if len(raw) > MAX_BYTES:
            diag = too_large(display, path.stat().st_size)
            return Unit(path, display, kind, None, [diag], SourceMap(None))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        diag = make(display, 1, 1, "unreadable-file", f"cannot read the file: {reason}")
        return Unit(path, display, kind, None, [diag], SourceMap(None))
    content_hash = hashlib.sha256(raw).hexdigest()
    key = cache.key(raw, display, kind)
    bucket = cache.bucket_for(path)
    entry = cache.get(key, bucket)
    if entry is not None:
        try:
            diags = [Diagnostic.from_json(d) for d in entry["diagnostics"]]
            source = CachedSource(entry["positions"], raw, display)
            return Unit(path, display, kind, entry["data"], diags, source, content_hash)
        except (KeyError, TypeError, ValueError):
            pass
    parsed = parse(raw, display)
    diags = parsed.diagnostics
    data = parsed.data
    if data is not None and not any(d.is_error for d in diags):
        data, more = schema_check(kind, data, parsed.source, display)
        diags = diags + more
        if kind == "quest" and not any(d.is_error for d in diags):
            sink = checks.Sink(display, parsed.source)
            checks.check_quest(data, sink)
            diags += sink.diagnostics
    elif any(d.code in ("duplicate-key", "complex-key") for d in diags) and data is not None:
        # Still look at the shape, so one run shows every kind of mistake.
        data, more = schema_check(kind, data, parsed.source, display)
        diags = diags + more
    recorded = [
        [list(p), k, *parsed.source.position(p, k)] for p, k in _needed_positions(kind, data)
    ]
    # Keep only the recorded positions, not the node graph: memory stays small for big
    # packs, and a rare position lookup beyond them re-parses the file.
    source = CachedSource(recorded, raw, display)
    unit = Unit(path, display, kind, data, diags, source, content_hash)
    cache.put(
        key,
        {
            "path": display,
            "data": data,
            "diagnostics": [d.to_json() for d in diags],
            "positions": recorded,
        },
        bucket,
    )
    return unit


# --------------------------------------------------------------------------- packs


def _display(path: Path, base: str | None) -> str:
    if base is not None:
        return os.path.join(base, path.name)
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _quest_files(folder: Path, skip: set[str]) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in QUEST_SUFFIXES and p.name not in skip and p.is_file()
    )


def _compile_quest_in_pack(path: Path, display: str, folder: Path, cache: CompileCache) -> Unit:
    """A quest file of a pack; a link to a file outside the pack is refused, not read
    (a shared pack must not show text from elsewhere on the computer)."""
    if path.is_symlink():
        try:
            outside = folder.resolve() not in path.resolve().parents
        except (OSError, RuntimeError):
            outside = True
        if outside:
            diag = make(
                display,
                1,
                1,
                "asset-outside-pack",
                "this quest file is a link to a file outside the pack folder; it is not read",
                ("copy the quest file into the pack folder",),
            )
            return Unit(path, display, "quest", None, [diag], SourceMap(None))
    return compile_file(path, display, "quest", cache)


@dataclass(slots=True)
class _Badges:
    """The pack's badges as (unit they are written in, index, data)."""

    entries: list[tuple[Unit, int, dict]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    ok: bool = True


def _pack_badges(pack_unit: Unit, folder: Path, base: str | None, cache: CompileCache) -> _Badges:
    result = _Badges()
    if not pack_unit.ok:
        result.ok = False
        return result
    data = pack_unit.data
    for i, b in enumerate(data.get("badges", ())):
        result.entries.append((pack_unit, i, b))
    file_name = data.get("badges_file")
    if file_name is None:
        return result
    sink = pack_unit.sink()
    if "badges" in data:
        sink.add(
            "badges-twice",
            "pack.yaml has both `badges` and `badges_file`",
            ("badges_file",),
            ("keep the badges in one place",),
            key=True,
        )
        result.ok = False
        return result
    before = len(sink.diagnostics)
    if posixpath.normpath(file_name.replace("\\", "/")) == "pack.yaml":
        sink.add(
            "bad-value",
            "`badges_file` names pack.yaml itself",
            ("badges_file",),
            (
                "write the badges in a file of their own, like `badges.yaml`, or list them "
                "under `badges:` here",
            ),
        )
    else:
        checks.check_asset(
            file_name, ("badges_file",), checks.PackContext(folder), sink, "badges file"
        )
    if len(sink.diagnostics) > before:
        result.ok = False
        return result
    bpath = folder / file_name
    display = os.path.join(base, file_name) if base is not None else _display(bpath, None)
    unit = compile_file(bpath, display, "badges", cache)
    result.units.append(unit)
    if not unit.ok:
        result.ok = False
        return result
    for i, b in enumerate(unit.data["badges"]):
        result.entries.append((unit, i, b))
    return result


@contextmanager
def _compiling(cache: CompileCache | None) -> Iterator[CompileCache]:
    """One compile session: the cyclic GC paused (compiling makes many objects and no
    cycles worth collecting), and the cache saved once at the end."""
    cache = cache if cache is not None else CompileCache.default()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield cache
    finally:
        if was_enabled:
            gc.enable()
        cache.save()


def load_pack(
    path: str | os.PathLike[str],
    *,
    cache: CompileCache | None = None,
    display_base: str | None = None,
) -> LoadResult:
    """Compile a pack folder (or its pack.yaml): a Pack when there are no errors."""
    with _compiling(cache) as session:
        return _load_pack(Path(path), session, display_base)


def _load_pack(folder: Path, cache: CompileCache, display_base: str | None) -> LoadResult:
    if folder.name == "pack.yaml" and folder.is_file():
        folder = folder.parent
    base = display_base
    pack_file = folder / "pack.yaml"
    if not pack_file.is_file():
        shown = base if base is not None else _display(folder, None)
        diag = make(
            shown,
            1,
            1,
            "pack-not-found",
            "this folder has no pack.yaml",
            ("a pack is a folder with pack.yaml and one YAML file per quest",),
        )
        return LoadResult(None, (diag,), 0)
    pack_unit = compile_file(pack_file, _display(pack_file, base), "pack", cache)
    badges = _pack_badges(pack_unit, folder, base, cache)
    skip = {"pack.yaml"}
    if pack_unit.ok and isinstance(pack_unit.data.get("badges_file"), str):
        skip.add(Path(pack_unit.data["badges_file"]).name)
    quest_units = [
        _compile_quest_in_pack(p, _display(p, base), folder, cache)
        for p in _quest_files(folder, skip)
    ]
    pack_sink = pack_unit.sink()
    _check_pack(pack_unit, pack_sink, badges, quest_units, folder)
    units = [pack_unit, *badges.units, *quest_units]
    diagnostics = tuple(d for u in units for d in u.all_diagnostics())
    files = len(units)
    if any(d.is_error for d in diagnostics):
        return LoadResult(None, diagnostics, files)
    pack_id = pack_unit.data["id"]
    quests = [
        (
            builder.quest(
                u.data,
                path=u.display,
                content_hash=u.content_hash,
                pack_id=pack_id,
                where=u.where,
            ),
            u.path.name,
        )
        for u in quest_units
    ]
    badge_objs = [
        builder.badge(b, pack_id=pack_id, pos=unit.where(("badges", i)))
        for unit, i, b in badges.entries
    ]
    pack = builder.pack(
        pack_unit.data, quests=quests, badges=badge_objs, root=str(folder.resolve())
    )
    return LoadResult(pack, diagnostics, files)


def _check_pack(
    pack_unit: Unit,
    sink: checks.Sink,
    badges: _Badges,
    quest_units: list[Unit],
    folder: Path,
) -> None:
    # Quest ids, and duplicates across files.
    quest_ids: dict[str, Unit] = {}
    for u in quest_units:
        qid = u.data.get("id") if isinstance(u.data, dict) else None
        if not isinstance(qid, str):
            continue
        if qid in quest_ids:
            u.sink().add(
                "duplicate-id",
                f"the quest id `{qid}` is also used by {quest_ids[qid].display}",
                ("id",),
                ("give each quest its own id",),
            )
        else:
            quest_ids[qid] = u
    # Badges: duplicates, images, award rules.
    badge_ids: set[str] = set()
    for unit, i, b in badges.entries:
        bsink = unit.sink()
        if b["id"] in badge_ids:
            bsink.add("duplicate-id", f"two badges have the id `{b['id']}`", ("badges", i, "id"))
        badge_ids.add(b["id"])
        if "image" in b:
            checks.check_asset(
                b["image"], ("badges", i, "image"), checks.PackContext(folder), bsink
            )
        award = b.get("award") or {}
        target = award.get("quest_completed")
        if target is not None and target not in quest_ids:
            bsink.add(
                "unknown-quest",
                f"badge `{b['id']}` is awarded for quest `{target}`, which is not in this pack",
                ("badges", i, "award", "quest_completed"),
                checks._suggest(target, quest_ids, "quests"),
            )
    ctx = checks.PackContext(folder, badge_ids if badges.ok else None, set(quest_ids))
    ok_quests = [u for u in quest_units if u.ok]
    for u in ok_quests:
        checks.check_quest_refs(u.data, ctx, u.sink())
    # Prerequisite cycles.
    graph = {
        u.data["id"]: list((u.data.get("prerequisites") or {}).get("quests", ()))
        for u in ok_quests
        if quest_ids.get(u.data["id"]) is u
    }
    for cycle in checks.find_cycle(graph):
        first = quest_ids[cycle[0]]
        index = graph[cycle[0]].index(cycle[1])
        first.sink().add(
            "prerequisite-cycle",
            "quests require each other in a circle, so none of them can start: "
            + " → ".join(cycle),
            ("prerequisites", "quests", index),
            ("remove one prerequisite from the circle",),
        )
    # Interest paths.
    if pack_unit.ok:
        for i, p in enumerate(pack_unit.data.get("paths", ())):
            for j, qid in enumerate(p["quests"]):
                if qid not in quest_ids:
                    sink.add(
                        "unknown-quest",
                        f"interest path `{p['id']}` lists `{qid}`, which is not a quest of this pack",
                        ("paths", i, "quests", j),
                        checks._suggest(qid, quest_ids, "quests"),
                    )
        levels = pack_unit.data.get("levels", [])
        for i in range(1, len(levels)):
            if levels[i] <= levels[i - 1]:
                sink.add(
                    "bad-range",
                    f"`levels` must rise: level {i + 2} needs {levels[i]} XP, "
                    f"but level {i + 1} already needs {levels[i - 1]}",
                    ("levels", i),
                    ("list the XP for level 2, 3, ... in increasing order",),
                )
                break
        seen_paths: set[str] = set()
        for i, p in enumerate(pack_unit.data.get("paths", ())):
            if p["id"] in seen_paths:
                sink.add(
                    "duplicate-id",
                    f"two interest paths have the id `{p['id']}`",
                    ("paths", i, "id"),
                )
            seen_paths.add(p["id"])
    # Badges nothing can award (only when every quest compiled, to avoid false alarms).
    if badges.ok and len(ok_quests) == len(quest_units):
        awarded = {b for u in ok_quests for _, b in checks.awarded_badges(u.data)}
        for unit, i, b in badges.entries:
            if b["id"] not in awarded and not b.get("award"):
                unit.sink().add(
                    "badge-never-awarded",
                    f"nothing awards the badge `{b['id']}`",
                    ("badges", i),
                    (
                        "list it in a quest's `badges`, in an outcome's `badges`, "
                        "or give it an `award` rule",
                    ),
                    key=True,
                )


# --------------------------------------------------------------------------- lone files


def load_quest_file(
    path: str | os.PathLike[str],
    *,
    cache: CompileCache | None = None,
    display: str | None = None,
) -> QuestResult:
    """Compile one quest file; a sibling pack.yaml supplies badges and the pack id."""
    with _compiling(cache) as session:
        return _load_quest_file(Path(path), session, display)


def _load_quest_file(file: Path, cache: CompileCache, display: str | None) -> QuestResult:
    shown = display if display is not None else _display(file, None)
    unit = compile_file(file, shown, "quest", cache)
    pack_id = ""
    badge_ids: set[str] | None = None
    pack_file = file.parent / "pack.yaml"
    if unit.ok and pack_file.is_file():
        pack_unit = compile_file(pack_file, _display(pack_file, None), "pack", cache)
        if pack_unit.ok:
            pack_id = pack_unit.data["id"]
            badges = _pack_badges(pack_unit, file.parent, None, cache)
            if badges.ok:
                badge_ids = {b["id"] for _, _, b in badges.entries}
    if unit.ok:
        ctx = checks.PackContext(file.parent, badge_ids, None)
        checks.check_quest_refs(unit.data, ctx, unit.sink())
    diagnostics = tuple(unit.all_diagnostics())
    if any(d.is_error for d in diagnostics):
        return QuestResult(None, diagnostics)
    quest = builder.quest(
        unit.data, path=shown, content_hash=unit.content_hash, pack_id=pack_id, where=unit.where
    )
    return QuestResult(quest, diagnostics)


def load_bundled_packs(cache: CompileCache | None = None) -> list[LoadResult]:
    """Every bundled pack, compiled (the game's default content)."""
    from quest_engine.paths import bundled_pack_dirs

    with _compiling(cache) as session:
        return [_load_pack(d, session, None) for d in bundled_pack_dirs()]


def validate_paths(
    paths: Sequence[str | os.PathLike[str]] | None = None,
    *,
    cache: CompileCache | None = None,
) -> Report:
    """What `quest validate` checks: quest files and pack folders (none: the bundled packs)."""
    with _compiling(cache) as session:
        return _validate_paths(paths, session)


def _validate_paths(paths: Sequence[str | os.PathLike[str]] | None, cache: CompileCache) -> Report:
    diagnostics: list[Diagnostic] = []
    files = 0
    if not paths:
        from quest_engine.paths import bundled_pack_dirs

        targets: Iterable[tuple[Path, str | None]] = [(d, None) for d in bundled_pack_dirs()]
    else:
        targets = [(Path(p), os.fspath(p)) for p in paths]
    seen: set[Path] = set()
    for target, shown in targets:
        for kind, item, disp in expand_path(target, shown):
            key = item.resolve()
            if key in seen:
                continue
            seen.add(key)
            if kind == "pack":
                result = _load_pack(item, cache, disp)
                diagnostics.extend(result.diagnostics)
                files += result.files
            elif kind == "missing":
                diagnostics.append(
                    make(disp or str(item), 1, 1, "unreadable-file", "no such file or folder")
                )
            else:
                qres = _load_quest_file(item, cache, disp)
                diagnostics.extend(qres.diagnostics)
                files += qres.files
    return Report(tuple(diagnostics), files)


def expand_path(target: Path, shown: str | None = None) -> Iterable[tuple[str, Path, str | None]]:
    """('pack' | 'quest' | 'missing', path, display) for one command-line path."""
    if target.is_dir():
        if (target / "pack.yaml").is_file():
            yield "pack", target, shown
            return
        subpacks = sorted(p for p in target.iterdir() if (p / "pack.yaml").is_file())
        if subpacks:
            for p in subpacks:
                yield "pack", p, os.path.join(shown, p.name) if shown is not None else None
            return
        for f in _quest_files(target, set()):
            yield "quest", f, os.path.join(shown, f.name) if shown is not None else None
        return
    if target.is_file():
        if target.name == "pack.yaml":
            parent_shown = os.path.dirname(shown) if shown is not None else None
            yield "pack", target.parent, parent_shown
        else:
            yield "quest", target, shown
        return
    yield "missing", target, shown
