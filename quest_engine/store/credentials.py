"""Secrets at rest: salted hashes for student PINs and facilitator passphrases, join codes.

scrypt (memory-hard, in the standard library) with n=2**14, r=8, p=1 for both. A 4-digit
PIN is a light gate against a classmate, not a password; it is still never stored plain.
Hashes are self-describing text (`scrypt$n$r$p$salt$hash`), so parameters can grow later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import secrets
import threading
import time
from collections.abc import Callable

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


def check_pin_format(pin: str) -> str:
    if not _PIN.match(pin):
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


class PinGuard:
    """Refuses a student's sign-in for `lockout_s` after `max_failures` wrong PINs in a row.

    A 4-digit PIN has only 10,000 values: without a pause a classmate at the same computer
    could simply try them. The count lives with the open store (the game keeps one open for
    the whole session); a right PIN or the end of the pause starts it again. `clock` is
    injected so tests need no waiting.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        max_failures: int = PIN_MAX_FAILURES,
        lockout_s: float = PIN_LOCKOUT_S,
    ) -> None:
        self._clock = clock
        self._max = max_failures
        self._lockout = lockout_s
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def check_allowed(self, student_id: str) -> None:
        """Raise a QuestError saying how long to wait while the student is locked out."""
        with self._lock:
            until = self._locked_until.get(student_id)
            if until is None:
                return
            left = until - self._clock()
            if left <= 0:
                del self._locked_until[student_id]
                self._failures.pop(student_id, None)
                return
        seconds = max(1, math.ceil(left))
        raise QuestError(
            f"Too many wrong PINs. Try again in {seconds} seconds.",
            "If you forgot your PIN, ask your facilitator.",
        )

    def record(self, student_id: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._failures.pop(student_id, None)
                return
            count = self._failures.get(student_id, 0) + 1
            self._failures[student_id] = count
            if count >= self._max:
                self._locked_until[student_id] = self._clock() + self._lockout
