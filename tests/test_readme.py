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


def _subparser(parser, words: list[str]):
    """The parser of `quest WORD WORD`, following sub-commands as far as the words go."""
    for word in words:
        subs = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not subs or word not in subs[0].choices:
            break
        parser = subs[0].choices[word]
    return parser


def test_every_example_command_in_the_readme_is_one_the_cli_accepts():
    """The `quest ...` lines a reader copies from the README's shell blocks parse (only
    parse: nothing runs), so a renamed option or command cannot leave an example behind."""
    import re
    import shlex

    from quest_engine.cli.main import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("quest ") and "[" not in line:  # `[--x]` lines are synopses
                commands.append(shlex.split(line, comments=True))
    assert len(commands) >= 10
    assert ["quest", "play", "--pack", "quests/my-first-pack"] in commands
    refused = []
    for argv in commands:
        try:
            build_parser().parse_args(argv[1:])
        except SystemExit:
            refused.append(" ".join(argv))
    assert refused == []


def test_every_option_in_the_cli_reference_tables_exists():
    """Each table row `quest CMD ... --option` names options that command really has."""
    import re

    from quest_engine.cli.main import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = readme.split("## CLI reference", 1)[1]
    parser = build_parser()
    unknown = []
    rows = re.findall(r"^\| `(quest [^`]*)` \|", reference, re.M)
    assert len(rows) >= 20
    for row in rows:
        words = [w for w in row.split()[1:] if re.fullmatch(r"[a-z][a-z-]*", w)]
        command = _subparser(parser, words)
        for option in re.findall(r"--[a-z][a-z-]*", row):
            if option not in command._option_string_actions:
                unknown.append(f"{row}: {option}")
    assert unknown == []
