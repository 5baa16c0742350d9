"""The bundled quests are correct and winnable, checked independently of the engine.

A teacher trusts a bundled quest only if its maths is right and its mini-games can be won
with the sliders and weights it offers. These tests recompute every numeric answer from the
quest's own story, search every mini-game for a winning move with our own physics, and then
check that the engine's judge agrees. They also check that the bundled content, taken
together, shows every feature of the format (so teachers can learn it by example), and that
the art it refers to is real.
"""

from __future__ import annotations

import itertools
import json
import math
import struct
from fractions import Fraction
from pathlib import Path

import pytest

from quest_engine.content import load_bundled_packs, load_pack, validate_paths
from quest_engine.content.cache import CompileCache
from quest_engine.content.model import (
    AllOf,
    AnyOf,
    BalanceParams,
    ChoiceChallenge,
    FlagSet,
    GameChallenge,
    HasBadge,
    LaunchParams,
    MatchChallenge,
    Not,
    NumberChallenge,
    NumberLineParams,
    OrderChallenge,
    Pack,
    QuestCompletedRule,
    QuestDone,
    QuestsInInterestRule,
    QuestsInSubjectRule,
    TextChallenge,
    WriteChallenge,
    XpAtLeast,
    XpReachedRule,
)
from quest_engine.content.report import format_text
from quest_engine.rules.answers import check_answer

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = Path(__file__).parent / "cases" / "valid" / "tutorial"


@pytest.fixture(scope="module")
def packs() -> dict[str, Pack]:
    results = load_bundled_packs(cache=CompileCache(None))
    assert results, "no bundled packs found"
    for result in results:
        assert result.pack is not None, [str(d) for d in result.diagnostics]
    return {r.pack.id: r.pack for r in results}


def steps_of(packs: dict[str, Pack]):
    for pack in packs.values():
        for quest in pack.quests.values():
            for step in quest.steps.values():
                yield pack, quest, step


def challenges(packs: dict[str, Pack], kind: type):
    for _pack, quest, step in steps_of(packs):
        if isinstance(step.challenge, kind):
            yield f"{quest.id}/{step.id}", step.challenge


def games(packs: dict[str, Pack], params_kind: type):
    for where, ch in challenges(packs, GameChallenge):
        if isinstance(ch.params, params_kind):
            yield where, ch


# --------------------------------------------------------------------------- validation


def test_every_bundled_file_validates_with_no_errors_and_no_warnings():
    report = validate_paths([ROOT / "quests"], cache=CompileCache(None))
    assert [str(d) for d in report.diagnostics] == []
    assert report.files >= 11


def test_the_readme_tutorial_quest_validates_clean():
    result = load_pack(TUTORIAL, cache=CompileCache(None))
    assert [str(d) for d in result.diagnostics] == []
    assert result.pack is not None
    assert list(result.pack.quests) == ["volcano-lab"]


def test_the_packs_have_enough_quests(packs):
    stem, writers = packs["stem-lab"], packs["writers-room"]
    assert len(stem.quests) >= 5
    assert {"math", "physics", "biology", "computing"} <= {q.subject for q in stem.quests.values()}
    assert len(writers.quests) >= 3
    for pack in packs.values():
        for quest in pack.quests.values():
            assert 5 <= quest.minutes <= 15, quest.id


# --------------------------------------------------------------------------- numbers

# Every numeric answer, recomputed from the story the quest tells.
EXPECTED_NUMBERS = {
    # launch at 45°: R = v² / g
    "launch-lab/formula": 14**2 / 9.8,
    # 2.4 km in metres
    "launch-lab/convert": 2.4 * 1000,
    # 3/4 cup for 4 people, scaled to 8 people
    "fraction-trail/recipe": float(Fraction(3, 4) * Fraction(8, 4)),
    # 30 kg at 2 m balances 40 kg at d: 30 × 2 = 40 × d
    "seesaw-science/maya-and-leo": 30 * 2 / 40,
    # 18 beats in 15 s, per minute
    "heartbeat-lab/count": 18 * 60 / 15,
    # 120 beats per minute, for 30 s
    "heartbeat-lab/tempo": 120 * 30 / 60,
    # 150 beats per minute for a 2-minute period
    "heartbeat-lab/match-period": 150 * 2,
    # repeat 8 times a 4-move routine
    "code-the-dance/routine": 8 * 4,
    # repeat 3 times (repeat 4 times clap)
    "code-the-dance/nested": 3 * 4,
    # W = m g on Earth and on the Moon
    "moon-weight/earth-weight": 40 * 9.8,
    "moon-weight/moon-pull": 40 * 1.62,
}


def test_every_numeric_answer_is_recomputed_here(packs):
    found = dict(challenges(packs, NumberChallenge))
    assert set(found) == set(EXPECTED_NUMBERS), "add new number challenges to EXPECTED_NUMBERS"
    for where, ch in found.items():
        expected = EXPECTED_NUMBERS[where]
        assert math.isclose(ch.answer, expected, abs_tol=1e-9), where
        # the engine accepts the exact value, typed as a student would
        typed = f"{expected:g}" + (f" {ch.unit}" if ch.unit else "")
        assert check_answer(ch, typed).correct, (where, typed)


def test_no_misconception_sits_inside_the_answers_tolerance(packs):
    for where, ch in challenges(packs, NumberChallenge):
        allowed = max(ch.tolerance, abs(ch.answer) * ch.relative_tolerance)
        for mc in ch.misconceptions:
            assert abs(mc.value - ch.answer) > allowed + mc.tolerance, (where, mc.value)
            judged = check_answer(ch, f"{mc.value:g}")
            assert not judged.correct and judged.feedback, (where, mc.value)


def test_a_unit_answer_is_accepted_in_another_unit():
    pack = load_pack(ROOT / "quests" / "stem-lab", cache=CompileCache(None)).pack
    convert = pack.quests["launch-lab"].steps["convert"].challenge
    assert check_answer(convert, "2.4 km").correct
    assert not check_answer(convert, "24 m").correct


# --------------------------------------------------------------------------- launch


def lands(angle: float, speed: float, g: float) -> float:
    return speed * speed * math.sin(math.radians(2 * angle)) / g


def launch_hits(p: LaunchParams, slider_angle_step: float = 1.0, slider_speed_step: float = 0.5):
    """Winning (angle, speed) settings on a coarse slider grid: what a student can really set."""
    angles = (
        [p.fixed_angle]
        if p.fixed_angle is not None
        else [
            p.angle.min + i * slider_angle_step
            for i in range(int((p.angle.max - p.angle.min) / slider_angle_step) + 1)
        ]
    )
    speeds = [
        p.speed.min + i * slider_speed_step
        for i in range(int((p.speed.max - p.speed.min) / slider_speed_step) + 1)
    ]
    return [
        (a, v)
        for a, v in itertools.product(angles, speeds)
        if abs(lands(a, v, p.gravity) - p.target_distance) <= p.target_width / 2
    ]


def test_every_launch_game_can_be_won_with_its_sliders(packs):
    found = list(games(packs, LaunchParams))
    assert len(found) >= 4
    for where, ch in found:
        p = ch.params
        hits = launch_hits(p)
        assert hits, f"{where}: no slider setting lands on the target"
        assert p.angle.min <= p.angle.start <= p.angle.max, where
        assert p.speed.min <= p.speed.start <= p.speed.max, where
        # the starting sliders should not already win: the student has to think
        start_angle = p.fixed_angle if p.fixed_angle is not None else p.angle.start
        assert abs(lands(start_angle, p.speed.start, p.gravity) - p.target_distance) > (
            p.target_width / 2
        ), where
        angle, speed = hits[0]
        assert check_answer(ch, {"angle": angle, "speed": speed}).correct, where


def test_the_launch_hints_give_speeds_that_hit(packs):
    launch = dict(games(packs, LaunchParams))
    # "At 45° a speed of about 20 m/s reaches 40 m."
    assert check_answer(launch["launch-lab/launch"], {"angle": 45, "speed": 20}).correct
    # "About 17 m/s lands near 30 m." (fixed at 45°)
    assert check_answer(launch["launch-lab/practice"], {"angle": 45, "speed": 17}).correct
    assert check_answer(launch["launch-lab/sniper"], {"angle": 45, "speed": 17}).correct
    # "Try a speed near 10 m/s." on the Moon
    assert check_answer(launch["moon-weight/moon-launch"], {"angle": 45, "speed": 10}).correct
    # and that throw on Earth goes "only about 10 m"
    assert round(lands(45, math.sqrt(60 * 1.62), 9.8)) == 10


# --------------------------------------------------------------------------- balance


def balance_solutions(p: BalanceParams, use_all: bool):
    """Placements of the available masses (each once, on free slots) that balance the beam."""
    n = int(p.beam_half_length / p.slot_spacing + 1e-9)
    taken = {round(w.position / p.slot_spacing) for w in p.fixed}
    slots = [i for i in range(-n, n + 1) if i != 0 and i not in taken]
    fixed = sum(w.mass * w.position for w in p.fixed)
    counts = [len(p.available)] if use_all else range(1, len(p.available) + 1)
    for count in counts:
        for masses in itertools.combinations(p.available, count):
            for chosen in itertools.permutations(slots, count):
                torque = fixed + sum(
                    m * i * p.slot_spacing for m, i in zip(masses, chosen, strict=True)
                )
                if abs(torque) <= p.tolerance + 1e-9:
                    yield [
                        {"mass": m, "position": i * p.slot_spacing}
                        for m, i in zip(masses, chosen, strict=True)
                    ]


def test_every_balance_game_can_be_balanced(packs):
    found = list(games(packs, BalanceParams))
    assert len(found) >= 2
    for where, ch in found:
        p = ch.params
        assert sum(w.mass * w.position for w in p.fixed) != 0, f"{where} starts balanced"
        for w in p.fixed:
            assert abs(w.position) <= p.beam_half_length, where
            assert (w.position / p.slot_spacing).is_integer(), where
        some = next(balance_solutions(p, use_all=False), None)
        assert some is not None, f"{where}: no placement balances the beam"
        assert check_answer(ch, {"placed": some}).correct, where
        # a student who places every block they were given can balance it too
        every = next(balance_solutions(p, use_all=True), None)
        assert every is not None, f"{where}: cannot balance using every block"
        assert check_answer(ch, {"placed": every}).correct, where


def test_the_seesaw_hints_lead_to_a_balance(packs):
    beams = dict(games(packs, BalanceParams))
    one, two = beams["seesaw-science/beam-one"], beams["seesaw-science/beam-two"]
    # "A 2 kg block needs 6 ÷ 2 = 3 m. A 4 kg block needs 6 ÷ 4 = 1.5 m."
    assert check_answer(one, {"placed": [{"mass": 2, "position": 3.0}]}).correct
    assert check_answer(one, {"placed": [{"mass": 4, "position": 1.5}]}).correct
    # "Try the 3 kg block at 1.5 m ... where must the 1 kg block go to add the last 2?" (2 m)
    hinted = [{"mass": 3, "position": 1.5}, {"mass": 1, "position": 2.0}]
    assert check_answer(two, {"placed": hinted}).correct
    fixed_slots = {w.position for w in two.params.fixed}
    assert not fixed_slots & {w["position"] for w in hinted}


# --------------------------------------------------------------------------- number line


def exact(text: str) -> Fraction:
    """Our own reading of "3/4", "1 1/2", "-1.25" (independent of the engine's parser)."""
    text = text.strip()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    if " " in text:
        whole, frac = text.split()
        return sign * (int(whole) + Fraction(frac))
    return sign * Fraction(text)


def test_every_number_line_value_lies_on_its_line(packs):
    found = list(games(packs, NumberLineParams))
    assert len(found) >= 2
    for where, ch in found:
        p = ch.params
        assert p.min < p.max
        steps = (Fraction(str(p.max)) - Fraction(str(p.min))) / Fraction(str(p.ticks))
        assert steps.denominator == 1, f"{where}: ticks do not divide the line"
        values = [exact(v) for v in p.values]
        assert len(set(values)) == len(values), f"{where}: two cards share a place"
        for v in values:
            assert p.min <= v <= p.max, (where, v)
        # cards are far enough apart to be placed separately
        ordered = sorted(values)
        assert all(b - a > 2 * p.tolerance for a, b in itertools.pairwise(ordered)), where
        perfect = {text: float(v) for text, v in zip(p.values, values, strict=True)}
        assert check_answer(ch, {"positions": perfect}).correct, where


# --------------------------------------------------------------------------- other kinds


def test_text_answers_are_accepted_and_known_wrong_answers_are_not(packs):
    for where, ch in challenges(packs, TextChallenge):
        for answer in ch.accept:
            assert check_answer(ch, answer).correct, (where, answer)
            assert check_answer(ch, f"  {answer.upper()} ").correct, (where, answer)
        for wrong, feedback in ch.feedback_wrong:
            judged = check_answer(ch, wrong)
            assert not judged.correct and judged.feedback == feedback, (where, wrong)


def test_accents_are_optional_where_the_quest_says_so(packs):
    cliche = dict(challenges(packs, TextChallenge))["fan-fiction-forge/cliche"]
    assert check_answer(cliche, "cliche").correct
    assert check_answer(cliche, "Clichés").correct


def test_every_choice_gives_feedback_on_every_option(packs):
    for where, ch in challenges(packs, ChoiceChallenge):
        assert any(o.correct for o in ch.options), where
        for option in ch.options:
            assert option.feedback, (where, option.id)
        right = [o.id for o in ch.options if o.correct]
        answer = right if ch.multiple else right[0]
        assert check_answer(ch, answer).correct, where


def test_order_and_match_items_are_distinct(packs):
    for where, ch in challenges(packs, OrderChallenge):
        assert len(set(ch.items)) == len(ch.items) >= 3, where
    for where, ch in challenges(packs, MatchChallenge):
        lefts = [p.left for p in ch.pairs]
        rights = [p.right for p in ch.pairs]
        assert len(set(lefts)) == len(lefts) and len(set(rights)) == len(rights) >= 3, where


def test_writing_rubrics_have_rising_levels(packs):
    for where, ch in challenges(packs, WriteChallenge):
        assert ch.rubric, where
        for criterion in ch.rubric:
            scores = [lvl.score for lvl in criterion.levels]
            assert scores == sorted(scores) and len(set(scores)) == len(scores) >= 3, where


# --------------------------------------------------------------------------- feature coverage


def conditions_in(packs: dict[str, Pack]):
    def walk(cond):
        yield cond
        if isinstance(cond, AllOf | AnyOf):
            for c in cond.conditions:
                yield from walk(c)
        elif isinstance(cond, Not):
            yield from walk(cond.condition)

    for _pack, _quest, step in steps_of(packs):
        for route in step.next + step.on_correct.routes + step.on_wrong.routes:
            if route.when is not None:
                yield from walk(route.when)


def test_the_bundled_content_shows_every_feature_of_the_format(packs):
    steps = [s for _p, _q, s in steps_of(packs)]
    quests = [q for p in packs.values() for q in p.quests.values()]
    badges = [b for p in packs.values() for b in p.badges.values()]
    chs = [s.challenge for s in steps if s.challenge is not None]

    choice = [c for c in chs if isinstance(c, ChoiceChallenge)]
    assert any(c.multiple for c in choice) and any(not c.multiple for c in choice)
    assert any(o.goto for c in choice for o in c.options)
    assert any(c.shuffle for c in choice)
    number = [c for c in chs if isinstance(c, NumberChallenge)]
    assert any(c.unit and c.tolerance and c.misconceptions for c in number)
    assert any(c.relative_tolerance for c in number)
    text = [c for c in chs if isinstance(c, TextChallenge)]
    assert any(c.pattern and c.ignore_accents and len(c.accept) > 1 for c in text)
    assert any(isinstance(c, OrderChallenge) for c in chs)
    assert any(isinstance(c, MatchChallenge) for c in chs)
    write = [c for c in chs if isinstance(c, WriteChallenge)]
    assert {c.review for c in write} == {"self", "peer", "teacher"}
    assert any(c.shared for c in write) and any(c.starter for c in write)
    assert {c.game for c in chs if isinstance(c, GameChallenge)} == {
        "launch",
        "balance",
        "number-line",
    }
    assert any(isinstance(c, GameChallenge) and getattr(c.params, "fixed_angle", None) for c in chs)

    assert any(len(s.hints) >= 2 for s in steps)
    assert {s.retry.after_last for s in steps if s.challenge} == {"reveal", "continue", "retry"}
    assert any(s.retry.hint_cost for s in steps)
    assert any(s.on_correct.xp and s.on_correct.badges and s.on_correct.feedback for s in steps)
    assert any(s.on_correct.set_flags for s in steps)
    assert any(s.on_wrong.routes for s in steps)
    assert any(s.set_flags for s in steps)
    assert any(s.image and s.image.alt for s in steps)
    assert any(len(s.next) > 1 for s in steps)
    kinds = {type(c) for c in conditions_in(packs)}
    assert kinds == {HasBadge, FlagSet, QuestDone, XpAtLeast, AllOf, AnyOf, Not}

    assert any(q.prerequisites.quests for q in quests)
    assert any(q.prerequisites.badges for q in quests)
    assert all(q.standards and q.interests for q in quests)
    assert all(q.badges or any(b.award for b in badges) for q in quests)
    rules = {type(b.award) for b in badges if b.award}
    assert rules == {QuestCompletedRule, QuestsInSubjectRule, QuestsInInterestRule, XpReachedRule}
    assert any(b.requires_approval for b in badges)
    for pack in packs.values():
        assert pack.paths and pack.level_thresholds
    interests = {path.interest for pack in packs.values() for path in pack.paths}
    assert {"space", "sports", "music", "games", "fashion", "wrestling", "cooking"} <= interests


# --------------------------------------------------------------------------- art


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_every_badge_has_its_own_256px_emblem(packs):
    for pack in packs.values():
        for badge in pack.badges.values():
            assert badge.image, badge.id
            assert png_size(Path(pack.root) / badge.image) == (256, 256), badge.id


def test_step_pictures_are_pngs_with_alt_text(packs):
    seen = 0
    for pack, _quest, step in steps_of(packs):
        if step.image is not None:
            seen += 1
            assert len(step.image.alt) >= 20, step.id
            w, h = png_size(Path(pack.root) / step.image.path)
            assert w >= 320 and h >= 180
    assert seen >= 6


def test_the_avatar_manifest_lists_at_least_twelve_drawn_avatars():
    folder = ROOT / "assets" / "avatars"
    manifest = json.loads((folder / "avatars.json").read_text(encoding="utf-8"))["avatars"]
    assert len(manifest) >= 12
    ids = [a["id"] for a in manifest]
    assert len(set(ids)) == len(ids)
    for entry in manifest:
        assert entry["name"] and png_size(folder / entry["file"]) == (128, 128)


def test_the_art_license_is_stated():
    text = (ROOT / "assets" / "LICENSE-art.md").read_text(encoding="utf-8")
    assert "CC0" in text and "tools/make_art.py" in text


# --------------------------------------------------------------------------- README tutorial


def tutorial_files(tmp_path: Path) -> Path:
    """Assemble the README tutorial's YAML blocks into a pack, exactly as a teacher would."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing your first quest (tutorial)", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in section.split("```yaml\n")[1:]]
    assert len(blocks) == 6, "the tutorial has a pack block and five quest blocks"
    folder = tmp_path / "quests" / "my-first-pack"
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(blocks[0], encoding="utf-8")
    # the quest blocks follow one another, with a blank line between steps
    quest = blocks[1] + "\n".join(blocks[2:])
    (folder / "volcano-lab.yaml").write_text(quest, encoding="utf-8")
    return folder


def test_the_readme_tutorial_builds_a_valid_pack(tmp_path):
    folder = tutorial_files(tmp_path)
    result = load_pack(folder, cache=CompileCache(None))
    assert [str(d) for d in result.diagnostics] == []
    steps = result.pack.quests["volcano-lab"].steps
    assert list(steps) == ["intro", "name-it", "how-hot", "done"]
    # the tutorial's files match the copy kept with the test cases
    case = load_pack(TUTORIAL, cache=CompileCache(None)).pack.quests["volcano-lab"]
    assert case.steps == steps


def _readme_block_after(marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    after = readme.split(marker, 1)[1]
    return after.split("```text\n", 1)[1].split("```", 1)[0].rstrip("\n")


def test_the_error_shown_in_the_readme_is_what_the_validator_says(tmp_path, monkeypatch):
    folder = tutorial_files(tmp_path)
    quest = folder / "volcano-lab.yaml"
    quest.write_text(
        quest.read_text(encoding="utf-8").replace("next: how-hot\n", "next: how-hott\n"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    report = validate_paths(["quests/my-first-pack"], cache=CompileCache(None))
    shown = format_text(report.diagnostics, report.files)
    assert shown == _readme_block_after("Here `next: how-hott` has a typo:")


def test_the_cli_reference_example_is_what_the_validator_says(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "quests" / "stem-lab"
    shutil.copytree(ROOT / "quests" / "stem-lab", folder)
    quest = folder / "launch-lab.yaml"
    quest.write_text(
        quest.read_text(encoding="utf-8").replace("options:", "optons:", 1), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    report = validate_paths(["quests/stem-lab"], cache=CompileCache(None))
    shown = format_text(report.diagnostics, report.files)
    assert shown == _readme_block_after("followed by\n`help:` lines with a fix where there is one")


def test_markup_is_only_used_where_it_is_rendered(packs):
    """Prompts, options, feedback and hints are plain text: a `*` there would show as-is."""
    for _pack, quest, step in steps_of(packs):
        ch = step.challenge
        plain = [*step.hints, step.on_correct.feedback or "", step.on_wrong.feedback or ""]
        if ch is not None:
            plain.append(ch.prompt)
            for option in getattr(ch, "options", ()):
                plain += [option.text, option.feedback or ""]
            for mc in getattr(ch, "misconceptions", ()):
                plain.append(mc.feedback)
            plain += [feedback for _answer, feedback in getattr(ch, "feedback_wrong", ())]
        for text in plain:
            assert "*" not in text, (quest.id, step.id, text)
