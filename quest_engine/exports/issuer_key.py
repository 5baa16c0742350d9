"""The local badge issuer: an Ed25519 key in the data folder, named by a did:key.

The key is made on the first Open Badges export and kept (mode 0600) next to the store, so
every credential this machine issues is signed by the same issuer. The issuer's id is the
`did:key` of the public key: anyone holding a credential can check its signature without
asking this machine, and `quest badges verify` can say whether it came from *this* issuer.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from quest_engine.errors import QuestError

KEY_FILE = "issuer-ed25519.pem"
_ED25519_MULTICODEC = b"\xed\x01"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        idx = _B58.find(ch)
        if idx < 0:
            raise ValueError(f"not base58: {ch!r}")
        n = n * 58 + idx
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\0" * pad + body


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def did_key(key: Ed25519PublicKey) -> str:
    """did:key for an Ed25519 public key (multicodec 0xed01, base58btc multibase)."""
    return "did:key:z" + b58encode(_ED25519_MULTICODEC + public_bytes(key))


def key_id(key: Ed25519PublicKey) -> str:
    """The verification method id used as the JWS `kid`: did:key:z...#z..."""
    did = did_key(key)
    return f"{did}#{did.removeprefix('did:key:')}"


def public_key_from_did(did: str) -> Ed25519PublicKey:
    """The Ed25519 public key named by a did:key (a kid's fragment is ignored)."""
    did = did.split("#", 1)[0]
    if not did.startswith("did:key:z"):
        raise ValueError("not an Ed25519 did:key")
    raw = b58decode(did.removeprefix("did:key:z"))
    if not raw.startswith(_ED25519_MULTICODEC) or len(raw) != 34:
        raise ValueError("not an Ed25519 did:key")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def load_or_create_issuer_key(data_dir: Path) -> Ed25519PrivateKey:
    """The issuer key from `data_dir`, made (mode 0600) on first use."""
    path = Path(data_dir) / KEY_FILE
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise QuestError(
                f"the badge issuer key {path} is damaged ({exc})",
                "restore it from a backup; credentials signed with it stay valid",
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise QuestError(f"the badge issuer key {path} is not an Ed25519 key")
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another export made it a moment ago
        return load_or_create_issuer_key(data_dir)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    os.chmod(path, 0o600)
    return key


def existing_issuer_did(data_dir: Path) -> str | None:
    """This machine's issuer did:key, if a key was made already (never creates one)."""
    path = Path(data_dir) / KEY_FILE
    if not path.exists():
        return None
    return did_key(load_or_create_issuer_key(data_dir).public_key())
