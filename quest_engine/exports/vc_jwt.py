"""VC-JWT: a credential secured as a JWS compact serialisation (alg EdDSA, Ed25519).

The JWS payload is the credential itself (VC Data Model 2.0 "secured with JOSE"); the
header names the signing key by `kid` (a did:key verification method), so a verifier can
check the signature from the token alone and then decide whether it trusts that issuer.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from quest_engine.exports.issuer_key import key_id, public_key_from_did


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(credential: dict[str, Any], key: Ed25519PrivateKey, kid: str | None = None) -> str:
    """The credential as a compact JWS: header.payload.signature (`kid` saves recomputing)."""
    header = {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": kid or key_id(key.public_key())}
    signing_input = (
        b64url(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + b64url(json.dumps(credential, ensure_ascii=False, separators=(",", ":")).encode())
    )
    return signing_input + "." + b64url(key.sign(signing_input.encode("ascii")))


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reason: str
    header: dict[str, Any] | None = None
    credential: dict[str, Any] | None = None


def verify(token: str) -> Verdict:
    """Check a VC-JWT's Ed25519 signature against the key its `kid` names."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        return Verdict(False, "not a compact JWS (expected header.payload.signature)")
    try:
        header = json.loads(b64url_decode(parts[0]))
        payload = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError):
        return Verdict(False, "the token is not valid base64url JSON")
    if not isinstance(header, dict) or header.get("alg") != "EdDSA":
        return Verdict(
            False,
            "unsupported algorithm (expected EdDSA)",
            header if isinstance(header, dict) else None,
        )
    kid = str(header.get("kid", ""))
    try:
        public = public_key_from_did(kid)
    except ValueError:
        return Verdict(False, "the signing key (kid) is not an Ed25519 did:key", header)
    try:
        public.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        return Verdict(False, "the signature does not match: the credential was changed", header)
    if not isinstance(payload, dict):
        return Verdict(False, "the payload is not a credential", header)
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != kid.split("#", 1)[0]:
        return Verdict(
            False, "signed by a key that is not the credential's issuer", header, payload
        )
    return Verdict(True, "signature valid", header, payload)
