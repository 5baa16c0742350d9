"""Hand-built model objects for the rules tests: one rich quest that uses every feature."""

from __future__ import annotations

from quest_engine.content.model import (
    Badge,
    BalanceParams,
    BalanceWeight,
    ChoiceChallenge,
    ChoiceOption,
    FlagSet,
    GameChallenge,
    LaunchParams,
    MatchChallenge,
    MatchPair,
    Misconception,
    NumberChallenge,
    NumberLineParams,
    OrderChallenge,
    Outcome,
    Prerequisites,
    Quest,
    QuestCompletedRule,
    RetryPolicy,
    Route,
    RubricCriterion,
    RubricLevel,
    Step,
    TextChallenge,
    WriteChallenge,
    XpReachedRule,
    frozen_map,
)
from quest_engine.rules.run import RulesContext


def _steps(*steps: Step):
    return frozen_map({s.id: s for s in steps})


def rich_quest(content_hash: str = "hash-1", review: str = "peer") -> Quest:
    """The launch-lab example of docs/FORMAT.md, plus balance and number-line games."""
    return Quest(
        id="launch-lab",
        title="Launch Lab",
        summary="Land a capsule on target.",
        subject="physics",
        interests=("space",),
        start="briefing",
        xp=50,
        badges=("rocketeer",),
        content_hash=content_hash,
        pack_id="stem-lab",
        steps=_steps(
            Step(
                "briefing",
                text="Mission control here.",
                set_flags=("briefed",),
                xp=5,
                next=(Route("predict"),),
            ),
            Step(
                "predict",
                challenge=ChoiceChallenge(
                    "choice",
                    "Which angle goes farthest?",
                    (
                        ChoiceOption("a30", "30°", feedback="A steeper angle keeps it up longer."),
                        ChoiceOption("a45", "45°", correct=True, feedback="Yes!"),
                        ChoiceOption("a80", "80°", feedback="High, not far.", goto="steep-detour"),
                    ),
                ),
                hints=("Think of a ball thrown straight up.", "Halfway between flat and up."),
                retry=RetryPolicy(max_attempts=2, after_last="reveal", hint_cost=5),
                xp=10,
                on_correct=Outcome(
                    feedback="Great thinking!", xp=5, set_flags=("knows-45",), badges=("sharp-eye",)
                ),
                on_wrong=Outcome(feedback="Let's test it in the lab."),
                next=(Route("launch"),),
            ),
            Step(
                "steep-detour",
                text="Steep angles waste speed going up.",
                xp=3,
                next=(Route("launch"),),
            ),
            Step(
                "launch",
                challenge=GameChallenge(
                    "game", "Land it 40 m away.", "launch", LaunchParams(target_distance=40)
                ),
                retry=RetryPolicy(max_attempts=None),
                xp=20,
                next=(Route("bonus", when=FlagSet("knows-45")), Route("measure")),
            ),
            Step("bonus", text="Extra credit!", xp=20, next=(Route("measure"),)),
            Step(
                "measure",
                challenge=NumberChallenge(
                    "number",
                    "2.4 km in metres?",
                    2400,
                    tolerance=5,
                    unit="m",
                    misconceptions=(Misconception(24, "A kilometre is 1000 metres."),),
                ),
                retry=RetryPolicy(max_attempts=2, after_last="continue"),
                xp=10,
                on_wrong=Outcome(set_flags=("unit-trouble",), routes=(Route("units-help"),)),
                next=(Route("name-it"),),
            ),
            Step("units-help", text="1 km = 1000 m.", next=(Route("name-it"),)),
            Step(
                "name-it",
                challenge=TextChallenge(
                    "text",
                    "What pulls it down?",
                    ("gravity", "weight"),
                    pattern="grav.*",
                    ignore_accents=True,
                    feedback_wrong=(("air", "Air only slows it."),),
                ),
                retry=RetryPolicy(max_attempts=3, after_last="retry"),
                xp=10,
                next=(Route("sequence"),),
            ),
            Step(
                "sequence",
                challenge=OrderChallenge(
                    "order", "Order it", ("Launch", "Rise", "Peak", "Fall", "Land")
                ),
                xp=5,
                next=(Route("pairs"),),
            ),
            Step(
                "pairs",
                challenge=MatchChallenge(
                    "match",
                    "Match",
                    (MatchPair("distance", "metres"), MatchPair("time", "seconds")),
                ),
                xp=5,
                next=(Route("seesaw"),),
            ),
            Step(
                "seesaw",
                challenge=GameChallenge(
                    "game",
                    "Balance it",
                    "balance",
                    BalanceParams(
                        beam_half_length=2, fixed=(BalanceWeight(2, -1.5),), available=(1, 3)
                    ),
                ),
                xp=10,
                next=(Route("line"),),
            ),
            Step(
                "line",
                challenge=GameChallenge(
                    "game",
                    "Place them",
                    "number-line",
                    NumberLineParams(min=-1, max=2, values=("3/4", "-1/2", "1 1/2")),
                ),
                xp=10,
                next=(Route("log"),),
            ),
            Step(
                "log",
                challenge=WriteChallenge(
                    "write",
                    "Write a flight log.",
                    min_words=5,
                    max_words=200,
                    review=review,
                    shared=True,
                    rubric=(
                        RubricCriterion(
                            "clarity", "Clear", (RubricLevel(1, "Hard"), RubricLevel(3, "Clear"))
                        ),
                    ),
                ),
                hints=("Start with the angle you chose.",),
                retry=RetryPolicy(hint_cost=2),
                xp=15,
                on_correct=Outcome(xp=5, badges=("flight-writer",), set_flags=("logged",)),
                next=(Route("done"),),
            ),
            Step("done", text="Mission complete!", ending=True, xp=5),
        ),
    )


def follow_up_quest() -> Quest:
    return Quest(
        id="orbit",
        title="Orbit",
        summary="Next.",
        subject="physics",
        interests=("space",),
        start="only",
        prerequisites=Prerequisites(quests=("launch-lab",), badges=("rocketeer",)),
        steps=_steps(Step("only", text="Orbit!", ending=True, xp=1)),
    )


BADGES = frozen_map(
    {
        "rocketeer": Badge("rocketeer", "Rocketeer", "Landed it.", "Finish Launch Lab."),
        "sharp-eye": Badge("sharp-eye", "Sharp Eye", "Knew 45°.", "Pick 45°."),
        "flight-writer": Badge(
            "flight-writer", "Flight Writer", "Logged.", "Approved log.", requires_approval=True
        ),
        "first-launch": Badge(
            "first-launch", "First Launch", "", "", award=QuestCompletedRule("launch-lab")
        ),
        "century": Badge("century", "Century", "", "", award=XpReachedRule(100)),
    }
)


def rich_context(quest: Quest | None = None) -> RulesContext:
    quest = quest or rich_quest()
    follow = follow_up_quest()
    return RulesContext(
        badges=BADGES,
        quests_by_id=frozen_map({quest.id: quest, follow.id: follow}),
        level_thresholds=(50, 120, 200),
    )
