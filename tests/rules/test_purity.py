"""The rules engine is pure: no clock, no randomness, no files, no network, no database.

tests/test_architecture.py keeps pygame and sqlite3 out; this keeps out the rest of what
would make a replay of the log differ from the game that wrote it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "quest_engine" / "rules"
IMPURE_MODULES = {
    "time",
    "datetime",
    "random",
    "secrets",
    "uuid",
    "os",
    "pathlib",
    "io",
    "shutil",
    "tempfile",
    "glob",
    "socket",
    "urllib",
    "http",
    "subprocess",
    "threading",
    "sqlite3",
    "psycopg",
    "pygame",
    "yaml",
}
IMPURE_CALLS = {"open", "input", "print", "eval", "exec", "__import__"}


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_a_rules_module_touches_no_clock_file_or_randomness(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in IMPURE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in IMPURE_MODULES:
                found.append(node.module)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in IMPURE_CALLS:
                found.append(f"{node.func.id}() on line {node.lineno}")
    assert found == []
