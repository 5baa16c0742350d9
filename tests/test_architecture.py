"""The layering and safety rules of DESIGN.md, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quest_engine"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(*layers: str) -> list[Path]:
    return sorted(p for layer in layers for p in (PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("content", "rules"), ids=lambda p: p.name)
def test_content_and_rules_import_neither_pygame_nor_sqlite(path):
    assert not _imports(path) & {"pygame", "pygame_gui", "sqlite3", "psycopg"}


def test_only_the_ui_imports_pygame():
    outside = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1] and _imports(p) & {"pygame", "pygame_gui"}
    ]
    assert outside == []


def test_no_pickle_and_no_eval_anywhere():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if _imports(path) & {"pickle", "marshal", "shelve", "dill"}:
            offenders.append(f"{path.name}: imports a pickle-like module")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id in {"eval", "exec"}:
                    offenders.append(f"{path.name}:{node.lineno}: {node.func.id}()")
    assert offenders == []


def test_yaml_is_read_only_by_content_and_the_ui_script_runner():
    readers = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "yaml" in _imports(p)
    )
    assert all(r.startswith("content/") or r == "ui/script.py" for r in readers), readers
