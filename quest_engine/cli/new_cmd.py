"""`quest new quest NAME` / `quest new pack NAME`: commented templates that validate clean.

A teacher's first quest starts from a file that already works: every key is shown with a
comment saying what it does, so writing a quest is editing, not guessing.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from quest_engine.errors import QuestError
from quest_engine.exports.atomic import write_atomic
from quest_engine.paths import schemas_dir

COMMENT_COLUMN = 29  # where the templates' end-of-line comments start (0-based)

QUEST_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A quest: a small graph of steps. Check it with: quest validate {file}
# The full reference is docs/FORMAT.md. Lines starting with # are comments.
format: 1                    # format version: keep 1
{id_line}# a slug (lowercase, dashes), unique in its pack; also the file name
title: {title}
summary: One sentence that tells students what they will do.
subject: physics             # math | physics | chemistry | biology | earth-science | space-science |
                             # computing | engineering | writing | reading | history | civics | art | music
interests: [space]           # free tags: students pick quests by interest
level: 1                     # difficulty, 1 (first steps) to 5 (expert)
minutes: 10                  # about how long it takes
xp: 20                       # XP for finishing, on top of the XP of each step
# badges: [my-badge]         # badges (defined in pack.yaml) awarded on finishing
# prerequisites: {{quests: [another-quest]}}
start: hello                 # the id of the first step
steps:                       # step id -> step, in the order you like
  hello:
    text: |                  # *emphasis*, **strong**, and lines starting "- " make a list
      Welcome, explorer! Today you will find out **why things fall**.
      - Read each question carefully
      - Ask for a hint if you are stuck
    next: guess              # the step that comes after this one

  guess:
    challenge:
      kind: choice           # choice | number | text | order | match | write | game
      prompt: Which falls faster without air, a hammer or a feather?
      options:
        - id: hammer
          text: The hammer
          feedback: Heavier things are pulled harder, but they are also harder to speed up.
        - id: same
          text: They land together
          correct: true
          feedback: Yes! Astronauts tried it on the Moon.
        - id: feather
          text: The feather
    hints:                   # shown one at a time, on request
      - Think about what slows a feather down on Earth.
    retry: {{max_attempts: 2, after_last: reveal}}   # reveal | continue | retry
    xp: 10                   # XP for getting it right
    next: measure

  measure:
    challenge:
      kind: number
      prompt: A stone falls for 2 seconds. About how many metres does it fall? (Use 10 m/s² for gravity.)
      answer: 20
      unit: m
      tolerance: 1           # how far from the answer still counts as right
    hints:
      - Distance is half of gravity times the time squared.
    xp: 10
    next: reflect

  reflect:
    challenge:
      kind: write
      prompt: Explain to a friend why the hammer and the feather land together on the Moon.
      min_words: 15
      review: teacher        # self | peer | teacher
      shared: false          # true shows the writing on the class board
    next: done

  done:
    text: Well done! You think like a physicist.
    ending: true             # a finish: the quest is complete here
"""

PACK_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A pack: a folder holding this pack.yaml and one YAML file per quest.
# Check the whole pack with: quest validate {folder}
format: 1                    # format version: keep 1
{id_line}# a slug, unique across packs
title: {title}
version: 0.1.0               # the pack's own version; raise it when you change quests
authors:
  - Your Name                # or {{name: ..., email: ..., url: ...}}
license: CC-BY-4.0           # an SPDX licence id
language: en                 # the language of the quests (BCP 47, e.g. en, es, fr-CA)
description: What students will explore in this pack, in one or two sentences.
# levels: [100, 250, 450]    # XP needed for level 2, 3, 4 ... (default curve otherwise)
badges:
  - id: first-steps
    name: First Steps
    description: Finished the first quest of the pack.
    criteria: Finish the quest {quest_title}.
    color: "#2e86ab"         # the emblem colour when there is no image
    award:
      quest_completed: {quest_id}   # or quests_in_subject / quests_in_interest / xp_reached
# paths:                     # optional interest paths through the quests
#   - id: my-trail
#     title: My Trail
#     interest: space
#     quests: [{quest_id}]
"""


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    if not text:
        raise QuestError(f"{name!r} has no letters or digits to make an id from")
    return text


def _schema_ref(target_dir: Path, name: str) -> str:
    schema = schemas_dir() / name
    try:
        return os.path.relpath(schema, target_dir.resolve()).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="start a new quest or pack from a commented template")
    kinds = p.add_subparsers(dest="new_command", metavar="KIND", required=True)
    q = kinds.add_parser("quest", help="write NAME.yaml: a quest template that validates clean")
    q.add_argument("name", help='the quest title, e.g. "Volcano Lab"')
    q.add_argument("--dir", default=".", help="where to write it (default: here)")
    q.set_defaults(handler=run_quest)
    k = kinds.add_parser("pack", help="make a pack folder with pack.yaml and a first quest")
    k.add_argument("name", help='the pack title, e.g. "Earth Science"')
    k.add_argument("--dir", default=".", help="where to make the folder (default: here)")
    k.set_defaults(handler=run_pack)


def _quest_text(name: str, folder: Path) -> tuple[str, str]:
    qid = slug(name)
    file = folder / f"{qid}.yaml"
    title = " ".join(name.split())
    text = QUEST_TEMPLATE.format(
        schema=_schema_ref(folder, "quest.schema.json"),
        file=file,
        id=qid,
        id_line=_id_line(qid),
        title=_yaml_str(title),
    )
    return qid, text


def _id_line(ident: str) -> str:
    """`id: ...` padded so its comment lines up with the template's other comments."""
    return f"id: {ident}".ljust(COMMENT_COLUMN - 1) + " "


def _yaml_str(text: str) -> str:
    """Quote a title when YAML would read it as something else."""
    if re.fullmatch(r"[A-Za-z][\w .,!?'()&-]*", text) and ": " not in text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise QuestError(f"{path} already exists", "pick another name, or move the old one away")


def run_quest(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    qid, text = _quest_text(args.name, folder)
    path = folder / f"{qid}.yaml"
    _refuse_existing(path)
    write_atomic(path, text)
    print(f"wrote {path}")
    print(f"next: edit it, then check it with: quest validate {path}")
    return 0


def run_pack(args: argparse.Namespace) -> int:
    pid = slug(args.name)
    folder = Path(args.dir) / pid
    _refuse_existing(folder)
    qid, quest_text = _quest_text("First Quest", folder)
    pack_text = PACK_TEMPLATE.format(
        schema=_schema_ref(folder, "pack.schema.json"),
        folder=folder,
        id=pid,
        id_line=_id_line(pid),
        title=_yaml_str(" ".join(args.name.split())),
        quest_id=qid,
        quest_title="First Quest",
    )
    folder.mkdir(parents=True)
    write_atomic(folder / "pack.yaml", pack_text)
    write_atomic(folder / f"{qid}.yaml", quest_text)
    print(f"wrote {folder}/pack.yaml and {folder}/{qid}.yaml")
    print(
        f"next: add quests with `quest new quest NAME --dir {folder}`, then: quest validate {folder}"
    )
    return 0
