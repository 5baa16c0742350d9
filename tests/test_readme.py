"""README tells the truth: every CLI command the parser knows is documented."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_cli_command_is_in_the_readme():
    from quest_engine.cli.main import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    missing = []
    for name, command in sub.choices.items():
        nested = [a for a in command._actions if a.__class__.__name__ == "_SubParsersAction"]
        if nested:
            for child in nested[0].choices:
                if f"quest {name} {child}" not in readme:
                    missing.append(f"quest {name} {child}")
        elif f"quest {name}" not in readme:
            missing.append(f"quest {name}")
    assert missing == [], "document these commands in README.md's CLI reference"
