"""The mistakes a teacher makes while typing the README tutorial, and what the validator
says about each: the line to look at, a plain message and a fix that can be copied."""

from __future__ import annotations

import pytest

from quest_engine.content import validate_paths
from quest_engine.content.cache import CompileCache

from .test_bundled_solvable import tutorial_files

# (what the teacher typed instead of the tutorial's line, line:col, message part, fix part)
MISTAKES = [
    (  # a list key that lost its colon: the parser only notices three lines later
        ("    hints:\n", "    hints\n", 1),
        "37:5",
        "`hints` needs a `:` after it",
        "write `hints:`",
    ),
    (  # a step id without its colon: the parser complains about the next line's `text:`
        ("  intro:\n", "  intro\n", 1),
        "14:3",
        "`intro` needs a `:` after it",
        "write `intro:`",
    ),
    (  # a key and its text without the colon between them
        ("      prompt: What do we call", "      prompt What do we call", 1),
        "25:7",
        "YAML expects `key: value` here",
        "write `prompt: What do we call magma o…`",
    ),
    (  # the same, on a line the parser reads as going on from the line above
        ("    text: Lava can be", "    text Lava can be", 1),
        "45:5",
        "YAML expects `key: value` here",
        "write `text: Lava can be about **120…`",
    ),
    (  # `next:` indented into the `text: |` block above it: it became words to read
        ("    next: name-it\n", "      next: name-it\n", 1),
        "14:3",
        "step `intro` has no way forward",
        "the `next:` line is indented as part of the `text` above it: indent it like `text:`",
    ),
    (  # no space after the colon
        ("    xp: 10\n", "    xp:10\n", 1),
        "41:5",
        "`xp:10` needs a space after its `:`",
        "write `xp: 10`",
    ),
    (  # an option's second key indented deeper than its first
        ("        - id: lava\n", "      - id: lava\n", 1),
        "28:11",
        "`text:` is indented more than the line above allows",
        "line it up with `id` on line 27: 8 spaces before `text`",
    ),
    (  # a step indented by three spaces instead of two
        ("  how-hot:\n", "   how-hot:\n", 1),
        "44:4",
        "this line is not lined up with the lines above it",
        "keys at the same level start in the same column",
    ),
    (
        ("      answer: 1100\n", "      answer: 1100 °C\n", 1),
        "49:15",
        "should be a number, not the text `1100 °C`",
        "write the number alone, `answer: 1100`, and the unit on a line of its own: `unit: °C`",
    ),
    (
        ("      answer: 1100\n", "      answer: eleven hundred\n", 1),
        "49:15",
        "should be a number, not the text `eleven hundred`",
        "write it in digits, like `12` or `2.5`, without quotes",
    ),
    (
        ("        - value: 1300\n", "        - value: 1300 degrees\n", 1),
        "51:18",
        "should be a number, not the text `1300 degrees`",
        "write the number alone: `1300`",
    ),
    (
        ("level: 1 ", "level: one ", 1),
        "8:8",
        "should be a whole number, not the text `one`",
        "write it in digits, like `3`, without quotes",
    ),
]


@pytest.mark.parametrize("mistake, place, message, fix", MISTAKES, ids=lambda m: str(m)[:30])
def test_a_typing_mistake_is_pointed_at_where_it_was_made(
    tmp_path, monkeypatch, yaml_backend, mistake, place, message, fix
):
    folder = tutorial_files(tmp_path)
    quest = folder / "volcano-lab.yaml"
    text = quest.read_text(encoding="utf-8")
    old, new, count = mistake
    assert text.count(old) >= count, old
    quest.write_text(text.replace(old, new, count), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = validate_paths(["quests/my-first-pack"], cache=CompileCache(None))
    errors = [d for d in report.diagnostics if d.severity == "error"]
    assert len(errors) == 1, [str(d) for d in errors]
    (found,) = errors
    assert f"{found.line}:{found.column}" == place
    assert message in found.message
    assert any(fix in h for h in found.help), found.help


def test_text_that_goes_on_at_the_wrong_indent_is_told_how_to_indent(tmp_path, yaml_backend):
    quest = tmp_path / "q.yaml"
    quest.write_text(
        "format: 1\nid: q\ntitle: Q\nsummary: S.\nsubject: physics\nstart: a\nsteps:\n"
        "  a:\n    text: Deep under\n    your feet\n    ending: true\n",
        encoding="utf-8",
    )
    report = validate_paths([quest], cache=CompileCache(None))
    (found,) = report.diagnostics
    assert (found.line, found.column, found.code) == (10, 5, "yaml-syntax")
    assert "indent it more than that text's key" in found.help[0]


def test_a_colon_inside_text_still_says_to_quote_it(tmp_path, yaml_backend):
    quest = tmp_path / "q.yaml"
    quest.write_text(
        "format: 1\nid: q\ntitle: Q\nsummary: S.\nsubject: physics\nstart: a\nsteps:\n"
        "  a:\n    text: Remember: the unit is metres\n    ending: true\n",
        encoding="utf-8",
    )
    report = validate_paths([quest], cache=CompileCache(None))
    (found,) = report.diagnostics
    assert (found.line, found.code) == (9, "yaml-syntax")
    assert found.help == ("a `: ` inside text? put the whole text in quotes",)


def test_a_missing_key_says_what_to_write(tmp_path, monkeypatch, yaml_backend):
    folder = tutorial_files(tmp_path)
    quest = folder / "volcano-lab.yaml"
    text = quest.read_text(encoding="utf-8")
    quest.write_text(text.replace("format: 1\n", "").replace("start: intro\n", ""))
    monkeypatch.chdir(tmp_path)
    report = validate_paths(["quests/my-first-pack"], cache=CompileCache(None))
    helps = {d.message: d.help for d in report.diagnostics}
    assert helps["the file is missing `format`"] == (
        "add `format: 1` as the first line: the version of the format it is in",
    )
    assert "for example `start: briefing`" in helps["the file is missing `start`"]
