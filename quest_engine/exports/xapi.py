"""xAPI 1.0.3 statements for what happened in a class (adlnet/xAPI-Spec, xAPI-Data.md §2).

- actor: an Agent identified by an account {homePage, name}; the name is the student's
  opaque key (an HMAC, never the display name unless the facilitator asks for names);
- verb: ADL verbs (attempted, answered, completed, passed, failed, experienced);
- object: Activities whose ids live under a configurable homePage IRI;
- result: success, completion, score (scaled in [-1, 1], raw within [min, max]) and an ISO
  8601 duration; context: the class as an identified Group (`team`), the quest or the pack
  as the parent activity;
- id: UUID v5 of (homePage, event id, verb), so posting the same export twice never
  creates duplicates in a Learning Record Store.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from quest_engine.exports.atomic import write_chunks
from quest_engine.exports.report_model import Activity, ClassReport

XAPI_VERSION = "1.0.3"
DEFAULT_HOME_PAGE = "https://quest-engine.local"
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
VERBS = ("attempted", "answered", "completed", "passed", "failed", "experienced")
STATEMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://quest-engine.org/xapi/statements")

TYPE_QUEST = "http://adlnet.gov/expapi/activities/lesson"
TYPE_STEP = "http://adlnet.gov/expapi/activities/question"
TYPE_PACK = "http://adlnet.gov/expapi/activities/course"


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration (xAPI §4.6), to 0.01 s: 3725.5 -> "PT1H2M5.5S"."""
    hundredths = max(0, round(seconds * 100))
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    secs = rest / 100
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if secs or text == "PT":
        text += f"{secs:.2f}".rstrip("0").rstrip(".") + "S"
    return text


_NAMESPACE_BYTES = STATEMENT_NAMESPACE.bytes


def statement_id(home_page: str, event_id: str, verb: str, variant: str = "") -> str:
    """Stable UUID v5: the same event exported again gets the same statement id.

    `variant` names how the export was made ("names", "anonymized"): an LRS refuses a
    second statement with a known id and other content, so an export with students' names
    and a pseudonymised one of the same class must not share ids. Equal to
    `uuid.uuid5(STATEMENT_NAMESPACE, name)` (a test checks it), computed without the UUID
    object because a big class has a few hundred thousand statements."""
    name = f"{home_page}|{event_id}|{verb}" + (f"|{variant}" if variant else "")
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class StatementBuilder:
    """Turns a report's activities into statements; shares sub-objects between statements."""

    def __init__(
        self, report: ClassReport, home_page: str = DEFAULT_HOME_PAGE, names: bool = False
    ) -> None:
        self.report = report
        self.home = home_page.rstrip("/")
        self.lang = {p.id: p.language or "en" for p in report.packs}
        self.quests = {q.id: q for q in report.quests}
        self.pack_titles = {p.id: p.title for p in report.packs}
        self.student_names = {s.key: s.name for s in report.students}
        self.names = names
        self.variant = "+".join(
            flag for flag, on in (("names", names), ("anonymized", report.anonymized)) if on
        )
        self._agents: dict[str, dict[str, Any]] = {}
        self._activities: dict[tuple[str, str], dict[str, Any]] = {}
        self._contexts: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
        self._verbs = {
            v: {"id": ADL_VERBS + v, "display": {"en-US": v}} for v in (*VERBS, "voided")
        }
        class_key = quote(report.class_id or report.class_name, safe="")
        self.team = {
            "objectType": "Group",
            "name": report.class_name,
            "account": {"homePage": self.home, "name": f"class:{class_key}"},
        }

    def _iri(self, *segments: str) -> str:
        return self.home + "/xapi/" + "/".join(quote(s, safe="") for s in segments)

    def agent(self, key: str) -> dict[str, Any]:
        agent = self._agents.get(key)
        if agent is None:
            agent = {"objectType": "Agent", "account": {"homePage": self.home, "name": key}}
            if self.names and self.student_names.get(key):
                agent["name"] = self.student_names[key]
            self._agents[key] = agent
        return agent

    def pack_activity(self, pack_id: str) -> dict[str, Any]:
        key = (pack_id, "")
        act = self._activities.get(key)
        if act is None:
            lang = self.lang.get(pack_id, "en")
            act = {
                "objectType": "Activity",
                "id": self._iri("packs", pack_id),
                "definition": {
                    "name": {lang: self.pack_titles.get(pack_id, pack_id)},
                    "type": TYPE_PACK,
                },
            }
            self._activities[key] = act
        return act

    def quest_activity(self, quest_id: str) -> dict[str, Any]:
        key = ("quest", quest_id)
        act = self._activities.get(key)
        if act is None:
            quest = self.quests.get(quest_id)
            pack_id = quest.pack_id if quest else ""
            lang = self.lang.get(pack_id, "en")
            act = {
                "objectType": "Activity",
                "id": self._iri("packs", pack_id or "unknown", "quests", quest_id),
                "definition": {
                    "name": {lang: quest.title if quest else quest_id},
                    "type": TYPE_QUEST,
                },
            }
            self._activities[key] = act
        return act

    def step_activity(self, quest_id: str, step_id: str) -> dict[str, Any]:
        key = (quest_id, step_id)
        act = self._activities.get(key)
        if act is None:
            quest = self.quests.get(quest_id)
            pack_id = quest.pack_id if quest else ""
            lang = self.lang.get(pack_id, "en")
            title = quest.title if quest else quest_id
            act = {
                "objectType": "Activity",
                "id": self._iri(
                    "packs", pack_id or "unknown", "quests", quest_id, "steps", step_id
                ),
                "definition": {"name": {lang: f"{title}: {step_id}"}, "type": TYPE_STEP},
            }
            self._activities[key] = act
        return act

    def object_and_context(self, a: Activity) -> tuple[dict[str, Any], dict[str, Any]]:
        """The Activity acted on and the statement's context (shared between statements).

        Context activities name only ids: their definitions travel with the statements
        whose object they are, which keeps a class's export a fraction of the size."""
        cache_key = (a.quest_id, a.step_id)
        hit = self._contexts.get(cache_key)
        if hit is not None:
            return hit
        quest = self.quests.get(a.quest_id)
        pack_id = quest.pack_id if quest else ""
        if a.step_id:
            obj = self.step_activity(a.quest_id, a.step_id)
            context_acts = {
                "parent": [{"objectType": "Activity", "id": self.quest_activity(a.quest_id)["id"]}],
                "grouping": [{"objectType": "Activity", "id": self.pack_activity(pack_id)["id"]}],
            }
        else:
            obj = self.quest_activity(a.quest_id)
            context_acts = {
                "parent": [{"objectType": "Activity", "id": self.pack_activity(pack_id)["id"]}]
            }
        context = {
            "team": self.team,
            "contextActivities": context_acts,
            "platform": "Quest Engine",
            "language": self.lang.get(pack_id, "en"),
        }
        self._contexts[cache_key] = (obj, context)
        return obj, context

    @staticmethod
    def result(a: Activity) -> dict[str, Any] | None:
        result: dict[str, Any] = {}
        if a.score_max is not None and a.score_raw is not None and a.score_max > 0:
            raw = min(max(float(a.score_raw), 0.0), float(a.score_max))
            result["score"] = {
                "scaled": round(raw / a.score_max, 4),
                "raw": raw,
                "min": 0,
                "max": a.score_max,
            }
        if a.success is not None:
            result["success"] = a.success
        if a.completion is not None:
            result["completion"] = a.completion
        if a.response is not None:
            result["response"] = a.response
        if a.duration_s is not None:
            result["duration"] = iso_duration(a.duration_s)
        return result or None

    def statement(self, a: Activity) -> dict[str, Any]:
        obj, context = self.object_and_context(a)
        stmt: dict[str, Any] = {
            "id": statement_id(self.home, a.event_id, a.verb, self.variant),
            "actor": self.agent(a.student_key),
            "verb": self._verbs[a.verb],
            "object": obj,
        }
        result = self.result(a)
        if result:
            stmt["result"] = result
        stmt["context"] = context
        stmt["timestamp"] = a.at
        return stmt

    def statements_text(self) -> str:
        """All statements as one JSON array (see `statement_chunks`)."""
        return "".join(self.statement_chunks())

    def statement_chunks(self) -> Iterator[str]:
        """The JSON array of all statements in pieces, with shared parts encoded once.

        Same JSON as `json.dumps(statements(...))` (a test checks it), several times
        faster for a big class: most of a statement is the same for many statements."""
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        actors: dict[str, str] = {}
        verbs = {v: encode(d) for v, d in self._verbs.items()}
        parts: dict[tuple[str, str], tuple[str, str]] = {}
        out: list[str] = []
        first = True
        home, variant = self.home, self.variant
        yield "["
        for a in self.report.activities:
            actor = actors.get(a.student_key)
            if actor is None:
                actor = actors[a.student_key] = encode(self.agent(a.student_key))
            fixed = parts.get((a.quest_id, a.step_id))
            if fixed is None:
                obj, context = self.object_and_context(a)
                fixed = parts[(a.quest_id, a.step_id)] = (encode(obj), encode(context))
            result = self.result(a)
            out.append(
                f'{{"id":"{statement_id(home, a.event_id, a.verb, variant)}","actor":{actor},'
                f'"verb":{verbs[a.verb]},"object":{fixed[0]},'
                + (f'"result":{encode(result)},' if result else "")
                + f'"context":{fixed[1]},"timestamp":{encode(a.at)}}}'
            )
            if len(out) >= 2000:
                yield ("" if first else ",") + ",".join(out)
                first, out = False, []
        if out:
            yield ("" if first else ",") + ",".join(out)
        yield "]\n"


def statements(
    report: ClassReport, home_page: str = DEFAULT_HOME_PAGE, names: bool = False
) -> list[dict[str, Any]]:
    """Every activity of the report as an xAPI 1.0.3 statement, in time order."""
    builder = StatementBuilder(report, home_page, names or False)
    return [builder.statement(a) for a in report.activities]


def statements_json(stmts: list[dict[str, Any]]) -> str:
    return json.dumps(stmts, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_xapi(
    report: ClassReport, path: Path, home_page: str = DEFAULT_HOME_PAGE, names: bool = False
) -> list[Path]:
    """Write the statements as one JSON array (what an LRS accepts in a POST)."""
    chunks = StatementBuilder(report, home_page, names).statement_chunks()
    return [write_chunks(Path(path), chunks)]
