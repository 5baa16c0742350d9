"""Open Badges 3.0: one signed OpenBadgeCredential per badge a student earned.

Each credential is a W3C Verifiable Credential (data model 2.0) whose AchievementSubject
holds an Achievement describing the badge (criteria narrative, image) and, where the
student shared work in the badge's quest, evidence pointing at it. It validates against
1EdTech's JSON Schema for AchievementCredential and is secured as a VC-JWT signed with the
local issuer's Ed25519 key (see issuer_key, vc_jwt).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from quest_engine.exports.atomic import write_many
from quest_engine.exports.emblem import badge_image_uri
from quest_engine.exports.issuer_key import did_key, key_id
from quest_engine.exports.report_model import BadgeAward, ClassReport, WritingItem
from quest_engine.exports.vc_jwt import sign
from quest_engine.exports.xapi import DEFAULT_HOME_PAGE

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
CREDENTIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://quest-engine.org/openbadges")


def issuer_profile(key: Ed25519PrivateKey, name: str, home_page: str) -> dict[str, Any]:
    return {
        "id": did_key(key.public_key()),
        "type": ["Profile"],
        "name": name,
        "url": home_page,
    }


def _evidence(items: list[WritingItem], home: str, anonymized: bool) -> list[dict[str, Any]]:
    out = []
    for w in items:
        entry: dict[str, Any] = {
            "id": f"{home}/work/{quote(w.submission_id, safe='')}",
            "type": ["Evidence"],
            "name": f"Shared writing: {w.quest_title}",
            "description": w.prompt,
            "genre": "Writing",
        }
        if not anonymized:
            entry["narrative"] = w.text
        out.append(entry)
    return out


def credential(
    award: BadgeAward,
    report: ClassReport,
    issuer: dict[str, Any],
    home_page: str = DEFAULT_HOME_PAGE,
    shared: dict[str, WritingItem] | None = None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for one award."""
    home = home_page.rstrip("/")
    shared = shared if shared is not None else {w.submission_id: w for w in report.shared_writing}
    image = {
        "id": badge_image_uri(award.badge_id, award.name, award.color, award.image),
        "type": "Image",
        "caption": award.name,
    }
    achievement = {
        "id": f"{home}/badges/{quote(award.pack_id, safe='')}/{quote(award.badge_id, safe='')}",
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": award.name,
        "description": award.description or award.name,
        "criteria": {"narrative": award.criteria or award.description or award.name},
        "image": image,
        "creator": issuer,
    }
    # An anonymised credential is another credential (other subject text): its own ids, so
    # it cannot be matched to the named one by id.
    kind = "|anonymized" if report.anonymized else ""
    credential_uuid = uuid.uuid5(CREDENTIAL_NAMESPACE, f"{issuer['id']}|{award.event_id}{kind}")
    subject_uuid = uuid.uuid5(CREDENTIAL_NAMESPACE, f"student|{award.student_key}{kind}")
    cred: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{credential_uuid}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": award.name,
        "description": award.description or award.name,
        "image": image,
        "issuer": issuer,
        "validFrom": award.earned_at,
        "awardedDate": award.earned_at,
        "credentialSubject": {
            "id": f"urn:uuid:{subject_uuid}",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": award.student_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "achievement": achievement,
        },
        "credentialSchema": [{"id": SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    evidence = [shared[s] for s in award.evidence if s in shared]
    if evidence:
        cred["evidence"] = _evidence(evidence, home, report.anonymized)
    return cred


def credentials(
    report: ClassReport, key: Ed25519PrivateKey, home_page: str = DEFAULT_HOME_PAGE
) -> list[dict[str, Any]]:
    issuer = issuer_profile(key, f"Quest Engine: {report.class_name}", home_page)
    shared = {w.submission_id: w for w in report.shared_writing}
    return [credential(a, report, issuer, home_page, shared) for a in report.badges]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "student"


def write_openbadges(
    report: ClassReport, out_dir: Path, key: Ed25519PrivateKey, home_page: str = DEFAULT_HOME_PAGE
) -> list[Path]:
    """One `<student>-<badge>.jwt` per award (the signed credential), plus an index."""
    out_dir = Path(out_dir)
    files: dict[Path, bytes | str] = {}
    index = []
    kid = key_id(key.public_key())
    for award, cred in zip(report.badges, credentials(report, key, home_page), strict=True):
        stem = f"{_slug(award.student_name)}-{award.student_key[:6]}-{award.badge_id}"
        files[out_dir / f"{stem}.jwt"] = sign(cred, key, kid) + "\n"
        index.append(
            {
                "file": f"{stem}.jwt",
                "student": award.student_name,
                "badge": award.name,
                "earned_at": award.earned_at,
                "credential_id": cred["id"],
            }
        )
    files[out_dir / "credentials.json"] = (
        json.dumps(
            {"issuer": did_key(key.public_key()), "credentials": index},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
    return write_many(files)
