"""A checker for the statement rules of xAPI 1.0.3 (adlnet/xAPI-Spec, xAPI-Data.md).

xAPI has no official JSON Schema, so this encodes the requirements of Part Two §2
(Statements) and §4 (data types) that a machine can check. Each message names the section.
`statement_errors(stmt)` returns [] for a valid statement.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

STATEMENT_KEYS = {
    "id", "actor", "verb", "object", "result", "context",
    "timestamp", "stored", "authority", "version", "attachments",
}  # fmt: skip
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
GROUP_KEYS = AGENT_KEYS | {"member"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
VERB_KEYS = {"id", "display"}
ACTIVITY_KEYS = {"objectType", "id", "definition"}
DEFINITION_KEYS = {
    "name", "description", "type", "moreInfo", "extensions", "interactionType",
    "correctResponsesPattern", "choices", "scale", "source", "target", "steps",
}  # fmt: skip
INTERACTION_TYPES = {
    "true-false", "choice", "fill-in", "long-fill-in", "matching",
    "performance", "sequencing", "likert", "numeric", "other",
}  # fmt: skip
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
SCORE_KEYS = {"scaled", "raw", "min", "max"}
CONTEXT_KEYS = {
    "registration", "instructor", "team", "contextActivities", "revision",
    "platform", "language", "statement", "extensions",
}  # fmt: skip
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}

UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
# RFC 5646 language tag (langtag production; grandfathered and private-use tags left out).
LANG_RE = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{3}){0,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?"
    r"(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*(-[0-9A-WY-Za-wy-z](-[a-zA-Z0-9]{2,8})+)*"
    r"(-x(-[a-zA-Z0-9]{1,8})+)?$"
)
_NUM = r"\d+(?:[.,]\d+)?"
# ISO 8601:2004 4.4.3.2 format with designators (the alternative format is not allowed).
DURATION_RE = re.compile(
    rf"^P(?:{_NUM}W|(?=\d|T\d)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}D)?"
    rf"(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?)$"
)
TIMESTAMP_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)  # RFC 3339 profile of ISO 8601, time zone included
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_iri(value: Any) -> bool:
    """An absolute IRI: a scheme, no spaces; http(s) IRIs need a host (§2.2, §4.3)."""
    if not isinstance(value, str) or not SCHEME_RE.match(value) or re.search(r"\s", value):
        return False
    parts = urlsplit(value)
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc)
    return True


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def err(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def keys(self, obj: Any, allowed: set[str], where: str) -> bool:
        if not isinstance(obj, dict):
            self.err(where, "must be an object")
            return False
        extra = set(obj) - allowed
        if extra:
            self.err(where, f"properties not allowed by the specification: {sorted(extra)} (§2.2)")
        return True

    def nulls_and_empties(self, value: Any, where: str) -> None:
        """§2.2: no null values (except inside extensions); SHOULD NOT have empty objects."""
        if value is None:
            self.err(where, "null value (§2.2.s4.b1.b1)")
        elif isinstance(value, dict):
            if not value:
                self.err(where, "empty object (§2.2.s2.b1)")
            for k, v in value.items():
                if k != "extensions":
                    self.nulls_and_empties(v, f"{where}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.nulls_and_empties(v, f"{where}[{i}]")

    def lang_map(self, value: Any, where: str) -> None:
        if not isinstance(value, dict) or not value:
            self.err(where, "must be a non-empty language map (§4.2)")
            return
        for tag, text in value.items():
            if not LANG_RE.match(tag):
                self.err(where, f"{tag!r} is not an RFC 5646 language tag (§2.2.s3.b2)")
            if not isinstance(text, str):
                self.err(where, "language map values must be strings (§4.2)")

    def agent(self, obj: Any, where: str, as_object: bool = False) -> None:
        if not isinstance(obj, dict):
            self.err(where, "must be an Agent or Group object")
            return
        if obj.get("objectType") == "Group":
            self.group(obj, where)
            return
        self.keys(obj, AGENT_KEYS, where)
        if "objectType" in obj and obj["objectType"] != "Agent":
            self.err(where, "objectType must be Agent or Group (§2.4.2)")
        if as_object and "objectType" not in obj:
            self.err(where, "an Agent as Object needs objectType (§2.4.4.2)")
        self.ifi(obj, where, required=True)

    def group(self, obj: dict[str, Any], where: str) -> None:
        self.keys(obj, GROUP_KEYS, where)
        members = obj.get("member")
        identified = any(k in obj for k in IFI_KEYS)
        if identified:
            self.ifi(obj, where, required=True)
        elif not isinstance(members, list) or not members:
            self.err(where, "an Anonymous Group must list its members (§2.4.2.2.s4.b1)")
        if members is not None:
            if not isinstance(members, list):
                self.err(where, "member must be an array")
            else:
                for i, m in enumerate(members):
                    if isinstance(m, dict) and m.get("objectType") == "Group":
                        self.err(f"{where}.member[{i}]", "Groups cannot contain Groups (§2.4.2.2)")
                    else:
                        self.agent(m, f"{where}.member[{i}]")
        if "name" in obj and not isinstance(obj["name"], str):
            self.err(where, "name must be a string")

    def ifi(self, obj: dict[str, Any], where: str, required: bool) -> None:
        present = [k for k in IFI_KEYS if k in obj]
        if required and len(present) != 1:
            self.err(
                where, f"needs exactly one inverse functional identifier, has {present} (§2.4.2.1)"
            )
        if "mbox" in obj and not (
            isinstance(obj["mbox"], str) and re.match(r"^mailto:[^@\s]+@[^@\s]+$", obj["mbox"])
        ):
            self.err(where, "mbox must be a mailto IRI (§2.4.2.3)")
        if "mbox_sha1sum" in obj and not re.fullmatch(r"[0-9a-f]{40}", str(obj["mbox_sha1sum"])):
            self.err(where, "mbox_sha1sum must be a hex SHA1 (§2.4.2.3)")
        if "openid" in obj and not is_iri(obj["openid"]):
            self.err(where, "openid must be a URI (§2.4.2.3)")
        if "account" in obj:
            acc = obj["account"]
            if self.keys(acc, {"homePage", "name"}, f"{where}.account"):
                if not is_iri(acc.get("homePage")):
                    self.err(f"{where}.account", "homePage must be an absolute IRL (§2.4.2.4)")
                if not isinstance(acc.get("name"), str) or not acc.get("name"):
                    self.err(f"{where}.account", "name must be a non-empty string (§2.4.2.4)")
        if "name" in obj and not isinstance(obj["name"], str):
            self.err(where, "name must be a string")

    def verb(self, obj: Any, where: str) -> None:
        if not self.keys(obj, VERB_KEYS, where):
            return
        if not is_iri(obj.get("id")):
            self.err(where, "verb id must be an absolute IRI (§2.4.3)")
        if "display" in obj:
            self.lang_map(obj["display"], f"{where}.display")
        else:
            self.err(where, "display SHOULD be used by all Statements (§2.4.3.s5.b1)")

    def activity(self, obj: Any, where: str) -> None:
        if not self.keys(obj, ACTIVITY_KEYS, where):
            return
        if "objectType" in obj and obj["objectType"] != "Activity":
            self.err(where, "objectType must be Activity (§2.4.4.1)")
        if not is_iri(obj.get("id")):
            self.err(where, "Activity id must be an absolute IRI (§2.4.4.1)")
        d = obj.get("definition")
        if d is None:
            return
        if not self.keys(d, DEFINITION_KEYS, f"{where}.definition"):
            return
        for key in ("name", "description"):
            if key in d:
                self.lang_map(d[key], f"{where}.definition.{key}")
        if "type" in d and not is_iri(d["type"]):
            self.err(where, "definition.type must be an IRI (§2.4.4.1)")
        if "moreInfo" in d and not is_iri(d["moreInfo"]):
            self.err(where, "definition.moreInfo must be an IRL (§2.4.4.1)")
        if "interactionType" in d and d["interactionType"] not in INTERACTION_TYPES:
            self.err(where, "unknown interactionType (§2.4.4.1.s8)")
        if "extensions" in d:
            self.extensions(d["extensions"], f"{where}.definition.extensions")

    def extensions(self, ext: Any, where: str) -> None:
        if not isinstance(ext, dict):
            self.err(where, "extensions must be an object")
            return
        for key in ext:
            if not is_iri(key):
                self.err(where, f"extension key {key!r} must be an IRI (§4.1)")

    def object(self, obj: Any, where: str) -> None:
        kind = obj.get("objectType", "Activity") if isinstance(obj, dict) else None
        if kind == "Activity":
            self.activity(obj, where)
        elif kind in ("Agent", "Group"):
            self.agent(obj, where, as_object=True)
        elif kind == "StatementRef":
            self.keys(obj, {"objectType", "id"}, where)
            if not UUID_RE.match(str(obj.get("id"))):
                self.err(where, "StatementRef id must be a UUID (§2.4.4.3)")
        elif kind == "SubStatement":
            for banned in ("id", "stored", "version", "authority"):
                if banned in obj:
                    self.err(where, f"a SubStatement must not have {banned} (§2.4.4.3.s8.b3)")
        else:
            self.err(where, f"unknown objectType {kind!r} (§2.4.4)")

    def result(self, obj: Any, where: str) -> None:
        if not self.keys(obj, RESULT_KEYS, where):
            return
        for key in ("success", "completion"):
            if key in obj and not isinstance(obj[key], bool):
                self.err(where, f"{key} must be a boolean (§2.4.5)")
        if "response" in obj and not isinstance(obj["response"], str):
            self.err(where, "response must be a string (§2.4.5)")
        if "duration" in obj and not (
            isinstance(obj["duration"], str) and DURATION_RE.match(obj["duration"])
        ):
            self.err(where, f"duration {obj['duration']!r} is not an ISO 8601 duration (§4.6)")
        if "extensions" in obj:
            self.extensions(obj["extensions"], f"{where}.extensions")
        score = obj.get("score")
        if score is None:
            return
        if not self.keys(score, SCORE_KEYS, f"{where}.score"):
            return
        for key in SCORE_KEYS & set(score):
            if not is_number(score[key]):
                self.err(f"{where}.score", f"{key} must be a number (§2.4.5.1)")
                return
        if "scaled" in score and not -1 <= score["scaled"] <= 1:
            self.err(f"{where}.score", "scaled must be between -1 and 1 (§2.4.5.1)")
        lo, hi, raw = score.get("min"), score.get("max"), score.get("raw")
        if lo is not None and hi is not None and not lo < hi:
            self.err(f"{where}.score", "min must be less than max (§2.4.5.1)")
        if raw is not None:
            if lo is not None and raw < lo:
                self.err(f"{where}.score", "raw must not be below min (§2.4.5.1)")
            if hi is not None and raw > hi:
                self.err(f"{where}.score", "raw must not be above max (§2.4.5.1)")

    def context(self, obj: Any, where: str, object_is_activity: bool) -> None:
        if not self.keys(obj, CONTEXT_KEYS, where):
            return
        if "registration" in obj and not UUID_RE.match(str(obj["registration"])):
            self.err(where, "registration must be a UUID (§2.4.6)")
        if "instructor" in obj:
            self.agent(obj["instructor"], f"{where}.instructor")
        if "team" in obj:
            team = obj["team"]
            if not isinstance(team, dict) or team.get("objectType") != "Group":
                self.err(where, "team must be a Group with objectType Group (§2.4.6)")
            else:
                self.group(team, f"{where}.team")
        for key in ("revision", "platform"):
            if key in obj:
                if not object_is_activity:
                    self.err(where, f"{key} only when the Object is an Activity (§2.4.6.s4)")
                if not isinstance(obj[key], str):
                    self.err(where, f"{key} must be a string")
        if "language" in obj and not LANG_RE.match(str(obj["language"])):
            self.err(where, "language must be an RFC 5646 tag (§2.4.6)")
        if "extensions" in obj:
            self.extensions(obj["extensions"], f"{where}.extensions")
        ca = obj.get("contextActivities")
        if ca is not None and self.keys(ca, CONTEXT_ACTIVITY_KEYS, f"{where}.contextActivities"):
            for key, value in ca.items():
                if not isinstance(value, list):
                    self.err(
                        f"{where}.contextActivities.{key}",
                        "a Learning Record Provider SHOULD send an array of Activities, "
                        "not a single one (§2.4.6.2.s4.b5)",
                    )
                items = value if isinstance(value, list) else [value]
                for i, act in enumerate(items):
                    self.activity(act, f"{where}.contextActivities.{key}[{i}]")

    def timestamp(self, value: Any, where: str, now: datetime) -> None:
        if not isinstance(value, str) or not TIMESTAMP_RE.match(value):
            self.err(where, f"{value!r} is not an ISO 8601 timestamp with a time zone (§4.5)")
            return
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if when > now:
            self.err(where, "a Statement's timestamp must not be in the future (§2.4.7)")


def statement_errors(stmt: Any, now: datetime | None = None) -> list[str]:
    """Every rule of xAPI-Data.md §2 this statement breaks ([] when it is valid)."""
    c = _Checker()
    now = now or datetime.now(UTC)
    if not c.keys(stmt, STATEMENT_KEYS, "statement"):
        return c.errors
    c.nulls_and_empties(stmt, "statement")
    for key in ("actor", "verb", "object"):
        if key not in stmt:
            c.err("statement", f"must use {key!r} (§2.2.s2.b3)")
    if "id" in stmt and not (isinstance(stmt["id"], str) and UUID_RE.match(stmt["id"])):
        c.err("id", "must be a UUID in standard string form (§2.4.1, §4.4)")
    if "actor" in stmt:
        c.agent(stmt["actor"], "actor")
    if "verb" in stmt:
        c.verb(stmt["verb"], "verb")
    if "object" in stmt:
        c.object(stmt["object"], "object")
    if "result" in stmt:
        c.result(stmt["result"], "result")
    if "context" in stmt:
        obj = stmt.get("object")
        is_activity = isinstance(obj, dict) and obj.get("objectType", "Activity") == "Activity"
        c.context(stmt["context"], "context", is_activity)
    if "timestamp" in stmt:
        c.timestamp(stmt["timestamp"], "timestamp", now)
    if "version" in stmt and stmt["version"] != "1.0.0":
        c.err("version", "a Learning Record Provider that sets it MUST set 1.0.0 (§2.4.10.s4.b1)")
    return c.errors
