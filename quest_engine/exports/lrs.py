"""Post xAPI statements to a Learning Record Store: basic auth, batches, retries with backoff.

Statement ids are stable (see xapi.statement_id), so a batch that is retried after a
timeout, or a whole export posted twice, never duplicates anything in the LRS: it either
stores the statement once or answers that it already has it.
Nothing here logs statement contents (they describe children).
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from quest_engine.errors import QuestError
from quest_engine.exports.xapi import XAPI_VERSION

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class PostResult:
    statements: int
    batches: int
    retries: int
    conflicts: int = 0
    """Statements the LRS already held with different content (left as they were)."""


def statements_endpoint(url: str) -> str:
    """The Statements resource of an LRS given its base URL (or the resource itself)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise QuestError(
            f"not an LRS address: {url!r}",
            "use the LRS's http(s) endpoint, e.g. https://lrs.example.org/xapi/",
        )
    base = url.rstrip("/")
    return base if base.endswith("/statements") else base + "/statements"


def post_statements(
    stmts: Sequence[dict[str, Any]],
    url: str,
    user: str | None = None,
    password: str | None = None,
    batch_size: int = 100,
    attempts: int = 5,
    backoff_s: float = 0.5,
    timeout_s: float = 30.0,
    sleep: Callable[[float], None] = time.sleep,
) -> PostResult:
    """POST the statements in batches; retry transient failures with exponential backoff."""
    endpoint = statements_endpoint(url)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Experience-API-Version": XAPI_VERSION,
    }
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    batches = retries = conflicts = 0

    def send(method: str, target: str, body: bytes) -> bool:
        """One request with retries; False when the LRS answers 409 Conflict."""
        nonlocal retries
        for attempt in range(1, attempts + 1):
            request = urllib.request.Request(target, data=body, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
                    response.read()
                return True
            except urllib.error.HTTPError as exc:
                if exc.code == 409:
                    return False
                if exc.code not in RETRY_STATUSES or attempt == attempts:
                    raise QuestError(
                        f"the LRS refused batch {batches} (HTTP {exc.code} {exc.reason})",
                        "check the LRS address, user and password"
                        if exc.code in (401, 403)
                        else None,
                    ) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == attempts:
                    reason = getattr(exc, "reason", exc)
                    raise QuestError(
                        f"could not reach the LRS at {endpoint}: {reason}",
                        "statements already sent are safe to send again: ids are stable",
                    ) from None
            retries += 1
            sleep(backoff_s * 2 ** (attempt - 1))
        return True  # pragma: no cover - the loop always returns or raises

    for start in range(0, len(stmts), batch_size):
        batch = list(stmts[start : start + batch_size])
        batches += 1
        if send("POST", endpoint, json.dumps(batch, ensure_ascii=False).encode()):
            continue
        # 409: some statement id exists with other content and the LRS refused the whole
        # batch. Send one by one with PUT so the rest still get stored.
        for stmt in batch:
            target = f"{endpoint}?statementId={stmt['id']}"
            if not send("PUT", target, json.dumps(stmt, ensure_ascii=False).encode()):
                conflicts += 1
    return PostResult(len(stmts), batches, retries, conflicts)
