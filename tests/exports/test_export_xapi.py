"""xAPI statements: valid under the spec's statement rules, stable ids, posted without duplicates."""

from __future__ import annotations

import copy
import json

import pytest
from export_sample import K_ZOE, sample_report
from xapi_rules import statement_errors

from quest_engine.errors import QuestError
from quest_engine.exports.lrs import post_statements
from quest_engine.exports.xapi import iso_duration, statements, write_xapi

HOME = "https://school.example.org/quest"


def test_every_statement_follows_the_statement_rules():
    stmts = statements(sample_report(), HOME)
    assert len(stmts) == len(sample_report().activities)
    for stmt in stmts:
        assert statement_errors(stmt) == [], stmt


def test_verbs_results_and_context():
    stmts = statements(sample_report(), HOME)
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in stmts]
    assert verbs[:3] == ["attempted", "answered", "answered"]
    assert set(verbs) == {"attempted", "answered", "experienced", "failed", "completed", "passed"}
    done = next(s for s in stmts if s["verb"]["display"] == {"en-US": "completed"})
    assert done["result"]["score"] == {"scaled": 0.8333, "raw": 5.0, "min": 0, "max": 6}
    assert done["result"]["duration"] == "PT15M"
    assert done["result"]["completion"] is True
    assert done["context"]["team"]["objectType"] == "Group"
    assert done["context"]["contextActivities"]["parent"][0]["id"] == HOME + "/xapi/packs/stem-lab"
    answered = stmts[1]
    assert answered["object"]["id"].startswith(
        HOME + "/xapi/packs/stem-lab/quests/launch-lab/steps/"
    )
    assert answered["context"]["contextActivities"]["parent"][0]["id"].endswith(
        "/quests/launch-lab"
    )
    assert answered["result"] == {"success": False, "response": "a30", "duration": "PT40.5S"}


def test_actor_is_a_pseudonymous_account_unless_names_are_asked_for():
    stmt = statements(sample_report(), HOME)[0]
    assert stmt["actor"] == {"objectType": "Agent", "account": {"homePage": HOME, "name": K_ZOE}}
    named = statements(sample_report(), HOME, names=True)[0]
    assert named["actor"]["name"] == "Zoë Ångström"
    assert statement_errors(named) == []


def test_statement_ids_are_stable_and_unique():
    first = [s["id"] for s in statements(sample_report(), HOME)]
    again = [s["id"] for s in statements(sample_report(), HOME)]
    assert first == again
    assert len(set(first)) == len(first)  # completed + passed share an event, not an id
    other_home = [s["id"] for s in statements(sample_report(), "https://other.example")]
    assert not set(first) & set(other_home)


def test_named_and_pseudonymised_exports_of_one_class_never_share_a_statement_id():
    """An LRS answers 409 to a known id with other content: the variants must not collide."""
    plain = {s["id"] for s in statements(sample_report(), HOME)}
    named = {s["id"] for s in statements(sample_report(), HOME, names=True)}
    anonymous = {s["id"] for s in statements(sample_report(anonymized=True), HOME)}
    assert len(plain) == len(named) == len(anonymous)
    assert not plain & named and not plain & anonymous and not named & anonymous
    assert named == {s["id"] for s in statements(sample_report(), HOME, names=True)}


def test_statement_id_is_a_uuid5():
    import uuid

    from quest_engine.exports.xapi import STATEMENT_NAMESPACE, statement_id

    for event in ("e-1", "ü-2", ""):
        expected = uuid.uuid5(STATEMENT_NAMESPACE, f"{HOME}|{event}|answered")
        assert statement_id(HOME, event, "answered") == str(expected)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "PT0S"), (12.25, "PT12.25S"), (60, "PT1M"), (3725.5, "PT1H2M5.5S"), (36000, "PT10H")],
)
def test_iso_durations(seconds, text):
    assert iso_duration(seconds) == text


def test_the_checker_catches_broken_statements():
    good = statements(sample_report(), HOME)[5]
    assert statement_errors(good) == []
    cases = {
        "id": lambda s: s.update(id="not-a-uuid"),
        "extra": lambda s: s.update(grade="A"),
        "ifi": lambda s: s["actor"].update(mbox="mailto:a@b.org"),
        "lang": lambda s: s["verb"].update(display={"english!": "completed"}),
        "iri": lambda s: s["object"].update(id="quests/launch-lab"),
        "scaled": lambda s: s["result"]["score"].update(scaled=1.5),
        "raw": lambda s: s["result"]["score"].update(raw=7),
        "minmax": lambda s: s["result"]["score"].update(min=6),
        "duration": lambda s: s["result"].update(duration="00:15:00"),
        "null": lambda s: s["result"].update(response=None),
        "future": lambda s: s.update(timestamp="2999-01-01T00:00:00Z"),
        "ctx": lambda s: s["context"]["contextActivities"].update(sibling=[]),
        "success": lambda s: s["result"].update(success="true"),
        "ctx-single": lambda s: s["context"]["contextActivities"].update(
            parent=s["context"]["contextActivities"]["parent"][0]
        ),
        "version": lambda s: s.update(version="1.0.3"),
        "verb-display": lambda s: s["verb"].update(display={}),
        "account": lambda s: s["actor"]["account"].update(homePage="quest-engine.local"),
        "team": lambda s: s["context"]["team"].pop("account"),
    }
    for name, breaks in cases.items():
        bad = copy.deepcopy(good)
        breaks(bad)
        assert statement_errors(bad), name


def test_write_xapi_writes_the_same_statements_as_a_json_array(tmp_path):
    for names in (False, True):
        (path,) = write_xapi(sample_report(), tmp_path / "statements.json", HOME, names)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data == statements(sample_report(), HOME, names)
        assert data[0]["verb"]["id"].endswith("/attempted")


def test_posting_to_an_lrs_retries_batches_and_never_duplicates(lrs):
    stmts = statements(sample_report(), HOME)
    sleeps: list[float] = []
    result = post_statements(stmts, lrs.url, "teacher", "s3cret", batch_size=3, sleep=sleeps.append)
    assert result.batches == 3 and result.retries == 1
    assert sleeps == [0.5]
    assert lrs.posts == [3, 3, 2]
    assert set(lrs.headers) == {("/xapi/statements", "1.0.3")}
    assert len(lrs.stored) == len(stmts)
    again = post_statements(
        statements(sample_report(), HOME),
        lrs.url,
        "teacher",
        "s3cret",
        batch_size=3,
        sleep=sleeps.append,
    )
    assert again.retries == 0
    assert len(lrs.stored) == len(stmts)  # same ids: the LRS holds each statement once


def test_wrong_password_is_a_clear_error(lrs):
    lrs.requests = 1  # skip the simulated outage
    with pytest.raises(QuestError, match="HTTP 401"):
        post_statements(
            statements(sample_report(), HOME), lrs.url, "teacher", "nope", sleep=lambda s: None
        )


def test_unreachable_lrs_gives_up_after_retries():
    sleeps: list[float] = []
    with pytest.raises(QuestError, match="could not reach the LRS"):
        post_statements(
            statements(sample_report(), HOME),
            "http://127.0.0.1:9/xapi",
            attempts=3,
            sleep=sleeps.append,
            timeout_s=2,
        )
    assert sleeps == [0.5, 1.0]
