"""Secrets at rest: salted hashes for student PINs and facilitator passphrases, join codes.

scrypt (memory-hard, in the standard library) with n=2**14, r=8, p=1 for both. A 4-digit
PIN is a light gate against a classmate, not a password; it is still never stored plain.
Hashes are self-describing text (`scrypt$n$r$p$salt$hash`), so parameters can grow later.

Guessing is slowed by pauses after wrong tries in a row (`LockoutRule`: the rules here,
the count in the store's `sign_in_guard` table, kept by `StoreBase`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from quest_engine.errors import QuestError

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_DKLEN = 32

JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
"""No look-alikes: 0/O, 1/I/L, 2/Z, 5/S, 8/B are left out."""
JOIN_CODE_LENGTH = 6

MIN_PASSPHRASE_LENGTH = 8
PIN_MAX_FAILURES = 5
"""Wrong PINs in a row for one student before sign-in is refused for a while."""
PIN_LOCKOUT_S = 60.0
PASSPHRASE_MAX_FAILURES = 5
"""Wrong facilitator passphrases in a row before sign-in pauses."""
PASSPHRASE_LOCKOUT_S = 60.0
"""The first pause; each further pause in a row doubles it ..."""
PASSPHRASE_LOCKOUT_MAX_S = 15 * 60.0
"""... up to this."""
_PIN = re.compile(r"^[0-9]{4}$")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_DKLEN, maxmem=64 * 1024 * 1024
    )
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """True when `secret` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            secret.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def pin_stamp(stored: str | None) -> str:
    """A short fingerprint of a stored PIN hash: it changes whenever a PIN is set again
    (a new salt), so a laptop can tell that its own hash of the old PIN is stale, and
    without the salt it says nothing about the PIN itself. "" for no PIN."""
    return hashlib.sha256(stored.encode("utf-8")).hexdigest()[:16] if stored else ""


def check_pin_format(pin: str) -> str:
    if not _PIN.fullmatch(pin):  # `$` alone lets "1234\n" through: a PIN nobody can type
        raise QuestError("a PIN is exactly 4 digits", hint="for example --pin 2580")
    return pin


def check_passphrase_strength(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise QuestError(
            f"the facilitator passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters",
            hint="a few unrelated words make a good passphrase",
        )
    return passphrase


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """Join codes are typed by children: ignore case, spaces and dashes."""
    return re.sub(r"[\s-]", "", code).upper()


@dataclass(frozen=True, slots=True)
class GuardState:
    """One row of the store's `sign_in_guard` table: wrong tries in a row since the last
    pause, pauses since the last right secret, and until when (UTC ISO text) sign-in is
    refused. It lives in the store, so a restart or another machine sees the same count."""

    failures: int = 0
    lockouts: int = 0
    locked_until: str | None = None


def iso_from_epoch(seconds: float) -> str:
    """Wall-clock seconds as UTC ISO text with a `Z` (the store's time format)."""
    return (
        datetime.fromtimestamp(seconds, UTC)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _epoch_from_iso(text: str) -> float | None:
    try:
        return datetime.fromisoformat(text).timestamp()
    except (TypeError, ValueError):
        return None  # a hand-edited value is no lock at all rather than a lock for ever


def plain_wait(seconds: float) -> str:
    """How long to wait, as a person says it: "45 seconds", "2 minutes"."""
    whole = max(1, math.ceil(seconds))
    if whole <= 90:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = math.ceil(whole / 60)
    return f"{minutes} minutes"


@dataclass(frozen=True, slots=True)
class LockoutRule:
    """After `max_failures` wrong tries in a row, sign-in is refused for a pause of
    `pause_s`, doubled for each pause since the last right secret, at most `max_pause_s`.

    A try is counted as wrong *before* the secret is checked (`counted`), in the same write
    transaction that checked for a pause, and the count is cleared once the secret proves
    right: however many processes or machines guess at once, no more than `max_failures`
    guesses are checked per pause."""

    max_failures: int
    pause_s: float
    max_pause_s: float
    message: str
    """Says what happened; `{wait}` becomes `plain_wait` of the time left."""
    hint: str

    def pause_for(self, lockouts: int) -> float:
        return min(self.pause_s * 2 ** min(lockouts, 32), self.max_pause_s)

    def wait_s(self, state: GuardState, now: float) -> float:
        """Seconds until sign-in is allowed again (0 when it is allowed now); never more
        than the longest pause, so a machine whose clock runs ahead cannot lock others out
        for longer."""
        until = _epoch_from_iso(state.locked_until) if state.locked_until else None
        return min(max(0.0, until - now), self.max_pause_s) if until is not None else 0.0

    def counted(self, state: GuardState, now: float) -> GuardState:
        """The state once one more try is let through (wrong until it proves right)."""
        failures = state.failures + 1
        if failures < self.max_failures:
            return GuardState(failures, state.lockouts, None)
        pause = self.pause_for(state.lockouts)
        return GuardState(0, state.lockouts + 1, iso_from_epoch(now + pause))

    def refusal(self, wait_s: float) -> QuestError:
        return QuestError(self.message.format(wait=plain_wait(wait_s)), self.hint)


PIN_RULE = LockoutRule(
    PIN_MAX_FAILURES,
    PIN_LOCKOUT_S,
    PIN_LOCKOUT_S,
    "Too many wrong PINs. Try again in {wait}.",
    "If you forgot your PIN, ask your facilitator.",
)
"""A 4-digit PIN has only 10,000 values: without a pause a classmate could simply try them."""
PASSPHRASE_RULE = LockoutRule(
    PASSPHRASE_MAX_FAILURES,
    PASSPHRASE_LOCKOUT_S,
    PASSPHRASE_LOCKOUT_MAX_S,
    "too many wrong facilitator passphrases in a row: try again in {wait}",
    f"sign-in pauses after {PASSPHRASE_MAX_FAILURES} wrong passphrases in a row, longer each "
    "time, to stop guessing",
)
"""The passphrase opens every student's work: each pause in a row is twice as long."""


def student_guard_key(student_id: str) -> str:
    """A student's row in `sign_in_guard` (purging the student deletes it)."""
    return f"student:{student_id}"


FACILITATOR_GUARD_KEY = "facilitator"
