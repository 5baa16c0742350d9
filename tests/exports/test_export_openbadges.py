"""Open Badges 3.0: credentials valid under 1EdTech's schema, signed, and verifiable."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import jsonschema
import pytest
from export_sample import sample_report

from quest_engine.cli.main import main
from quest_engine.exports.issuer_key import (
    KEY_FILE,
    did_key,
    load_or_create_issuer_key,
    public_bytes,
    public_key_from_did,
)
from quest_engine.exports.openbadges import credentials, write_openbadges
from quest_engine.exports.vc_jwt import b64url, b64url_decode, sign, verify

REPO = Path(__file__).resolve().parents[2]
SCHEMA_NAME = "ob_v3p0_achievementcredential_schema.json"


def ob_schema() -> dict:
    shared = REPO.parent / "shared" / "reference" / "openbadges-3.0" / SCHEMA_NAME
    local = Path(__file__).parent / "reference" / SCHEMA_NAME
    return json.loads((shared if shared.is_file() else local).read_text(encoding="utf-8"))


@pytest.fixture
def key(tmp_path):
    return load_or_create_issuer_key(tmp_path / "data")


def test_credentials_validate_against_the_1edtech_schema(key):
    validator = jsonschema.Draft201909Validator(ob_schema())
    for anonymized in (False, True):
        creds = credentials(sample_report(anonymized), key, "https://school.example.org")
        assert len(creds) == 1
        for cred in creds:
            errors = list(validator.iter_errors(cred))
            assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_credential_describes_the_badge_and_links_shared_work(key):
    (cred,) = credentials(sample_report(), key, "https://school.example.org")
    assert cred["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert cred["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert cred["issuer"]["id"] == did_key(key.public_key())
    assert cred["validFrom"] == "2026-03-02T09:15:00Z"
    subject = cred["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Zoë Ångström"
    achievement = subject["achievement"]
    assert achievement["name"] == "Rocketeer"
    assert achievement["criteria"]["narrative"] == "Finish the Launch Lab quest."
    assert achievement["image"]["id"].startswith("data:image/svg+xml;base64,")
    assert cred["evidence"][0]["id"] == "https://school.example.org/work/sub-evil"
    assert "45°" in cred["evidence"][0]["narrative"]


def test_anonymized_credentials_carry_no_real_name(key):
    (cred,) = credentials(sample_report(anonymized=True), key)
    text = json.dumps(cred, ensure_ascii=False)
    assert "Zoë" not in text and "Student Falcon-42" in text
    assert "narrative" not in cred["evidence"][0]
    (named,) = credentials(sample_report(), key)
    assert cred["id"] != named["id"]  # not matched to the named credential by its ids
    assert cred["credentialSubject"]["id"] != named["credentialSubject"]["id"]
    (again,) = credentials(sample_report(anonymized=True), key)
    assert again["id"] == cred["id"]  # stable from one export to the next


def test_issuer_key_is_private_and_reused(tmp_path):
    first = load_or_create_issuer_key(tmp_path)
    mode = stat.S_IMODE(os.stat(tmp_path / KEY_FILE).st_mode)
    assert mode == 0o600
    again = load_or_create_issuer_key(tmp_path)
    assert public_bytes(first.public_key()) == public_bytes(again.public_key())


def test_did_key_round_trip(key):
    did = did_key(key.public_key())
    assert did.startswith("did:key:z6Mk")
    assert public_bytes(public_key_from_did(did)) == public_bytes(key.public_key())


def test_signed_credential_verifies_and_tampering_is_caught(key):
    (cred,) = credentials(sample_report(), key)
    token = sign(cred, key)
    header = json.loads(b64url_decode(token.split(".")[0]))
    assert header["alg"] == "EdDSA" and header["kid"].startswith(cred["issuer"]["id"] + "#")
    verdict = verify(token)
    assert verdict.ok and verdict.credential == cred

    h, p, s = token.split(".")
    forged = json.loads(b64url_decode(p))
    forged["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    tampered = f"{h}.{b64url(json.dumps(forged).encode())}.{s}"
    assert not verify(tampered).ok
    assert "changed" in verify(tampered).reason
    assert not verify(f"{h}.{p}.{s[:-4]}AAAA").ok
    assert not verify("not a token").ok


def test_a_credential_signed_by_someone_else_is_refused(key, tmp_path):
    (cred,) = credentials(sample_report(), key)
    other = load_or_create_issuer_key(tmp_path / "other")
    verdict = verify(sign(cred, other))  # valid signature, but not the named issuer's key
    assert not verdict.ok and "not the credential's issuer" in verdict.reason


def test_write_and_verify_with_the_cli(tmp_path, key, capsys, monkeypatch):
    monkeypatch.setenv("QUEST_STORE", str(tmp_path / "data" / "progress.sqlite3"))
    files = write_openbadges(sample_report(), tmp_path / "badges", key)
    jwt = next(f for f in files if f.suffix == ".jwt")
    index = json.loads((tmp_path / "badges" / "credentials.json").read_text(encoding="utf-8"))
    assert index["credentials"][0]["file"] == jwt.name
    assert main(["badges", "verify", str(jwt)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VALID: 'Rocketeer' for Zoë Ångström")
    assert "this machine's issuer" in out

    h, p, s = jwt.read_text().strip().split(".")
    payload = json.loads(b64url_decode(p))
    payload["validFrom"] = "2020-01-01T00:00:00Z"
    jwt.write_text(f"{h}.{b64url(json.dumps(payload).encode())}.{s}\n")
    assert main(["badges", "verify", str(jwt)]) == 1
    assert capsys.readouterr().out.startswith("INVALID:")
    assert main(["badges", "verify", str(tmp_path / "missing.jwt")]) == 1
