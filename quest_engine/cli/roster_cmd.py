"""`quest roster import roster.csv`: a class from a spreadsheet export.

The file holds one student a line: a name and, optionally, a 4-digit PIN. A header row
("name", "pin") is recognised but not needed; commas, semicolons and tabs all work (Excel
in many countries saves CSV with semicolons). Every row is checked before anything is
written, so a malformed row stops the import with its line number and nothing half-done.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from quest_engine.cli.store_session import facilitator_token, open_cli_store
from quest_engine.errors import QuestError
from quest_engine.store.api import clean_name

NAME_HEADERS = {"name", "student", "student name", "display name", "display_name", "pupil"}
PIN_HEADERS = {"pin", "pin code", "code"}
MAX_NAME = 40


@dataclass(frozen=True, slots=True)
class RosterRow:
    line: int
    name: str
    pin: str | None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("roster", help="import a class list from a spreadsheet")
    actions = p.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import",
        help="create a class from a CSV file (name, optional PIN)",
        description="Create a class (or add to the class of that name) from a CSV export: "
        "one student a line, name first, then an optional 4-digit PIN (a PIN of fewer "
        "digits lost its leading zeros in the spreadsheet: 42 is read as 0042). Every row is "
        "checked first: a bad row stops the import with its line number and nothing is added.",
    )
    imp.add_argument("file", help="the roster CSV file")
    imp.add_argument(
        "--class", dest="class_name", metavar="NAME", help="class name (default: the file name)"
    )
    imp.set_defaults(handler=run)


def _cell(value: str) -> str:
    return " ".join(value.replace("\ufeff", "").split())


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one found on most of the first lines (ties: comma)."""
    sample = [line for line in text.splitlines()[:20] if line.strip()]
    counts = {d: sum(1 for line in sample if d in line) for d in ",;\t"}
    best = max(counts.values(), default=0)
    return next((d for d in ",;\t" if counts[d] == best and best), ",")


def parse_roster(text: str, source: str = "roster") -> list[RosterRow]:
    """The rows of a roster file, or a QuestError naming the first bad line."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text), strict=True)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise QuestError(
            f"{source}:{reader.line_num}: not a readable CSV line ({exc})",
            "check the quotes on that line, or save the sheet again as CSV",
        ) from None
    name_col, pin_col, start = 0, 1, 0
    if lines:
        header = [_cell(c).casefold() for c in lines[0]]
        if set(header) & (NAME_HEADERS | PIN_HEADERS):
            names = [i for i, h in enumerate(header) if h in NAME_HEADERS]
            pins = [i for i, h in enumerate(header) if h in PIN_HEADERS]
            if not names:
                raise QuestError(f"{source}:1: the header has no name column", "call it 'name'")
            name_col, pin_col, start = names[0], (pins[0] if pins else -1), 1
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for index, cells in enumerate(lines[start:], start=start + 1):
        cells = [_cell(c) for c in cells]
        if not any(cells):
            continue
        where = f"{source}:{index}"
        name = cells[name_col] if name_col < len(cells) else ""
        if not name:
            raise QuestError(f"{where}: the name is empty", "every row needs a student name")
        if len(name) > MAX_NAME:
            raise QuestError(f"{where}: the name is longer than {MAX_NAME} characters")
        try:  # the store's own rules, checked before anything is written
            name = clean_name(name, "the name is empty")
        except QuestError as exc:
            raise QuestError(f"{where}: {exc}", exc.hint) from None
        pin = cells[pin_col] if 0 <= pin_col < len(cells) and cells[pin_col] else None
        if pin is not None:
            if not re.fullmatch(r"\d{1,4}", pin):
                raise QuestError(
                    f"{where}: the PIN {pin!r} for {name} is not 4 digits",
                    "a PIN is 4 digits, e.g. 2580; leave it empty for no PIN",
                )
            pin = pin.zfill(4)  # spreadsheets drop leading zeros: 42 was 0042
        key = name.casefold()
        if key in seen:
            raise QuestError(
                f"{where}: {name} is already on line {seen[key]}",
                "add an initial or a number to tell them apart",
            )
        seen[key] = index
        rows.append(RosterRow(index, name, pin))
    if not rows:
        raise QuestError(f"{source}: no students in the file", "one name a line, e.g. Ada Byron")
    return rows


def decode_roster(raw: bytes, source: str = "roster") -> str:
    """The text of a roster file: UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode
    text") or, failing those, Windows-1252 (an older Excel CSV export)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in raw:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    raise QuestError(
        f"{source}: not a text file", "save the spreadsheet as CSV (UTF-8) and import that"
    )


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise QuestError(f"no such file: {path}") from None
    except OSError as exc:
        raise QuestError(f"cannot read {path}: {exc}") from None
    rows = parse_roster(decode_roster(raw, path.name), path.name)
    class_name = args.class_name or path.stem.replace("_", " ").strip() or "My class"
    try:
        class_name = clean_name(class_name, "the class needs a name")
    except QuestError as exc:
        raise QuestError(f"class name {class_name!r}: {exc}", exc.hint) from None
    with open_cli_store(args, create=True) as store:
        token = facilitator_token(store)
        existing = {c.name.casefold(): c for c in store.classes()}
        cls = existing.get(" ".join(class_name.split()).casefold())
        if cls is not None:
            taken = {s.display_name.casefold(): s for s in store.students(cls.id)}
            for row in rows:
                if row.name.casefold() in taken:
                    raise QuestError(
                        f"{path.name}:{row.line}: {cls.name} already has a student called "
                        f"{row.name}; nothing was added",
                        "remove the line, or import into a new class with --class NAME",
                    )
        else:
            cls = store.create_class(token, class_name)
        for row in rows:
            store.add_student(token, cls.id, row.name, pin=row.pin)
        with_pin = sum(1 for r in rows if r.pin)
    students = "1 student" if len(rows) == 1 else f"{len(rows)} students"
    print(f"{cls.name}: added {students} ({with_pin} with a PIN)")
    print(f"join code: {cls.join_code}")
    return 0
