"""Fixtures for the export tests: a tiny Learning Record Store that fails its first request."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

USER, PASSWORD = "teacher", "s3cret"


class _LRS:
    """A tiny Learning Record Store: keeps statements by id, fails the first request."""

    def __init__(self) -> None:
        self.stored: dict[str, dict] = {}
        self.posts: list[int] = []
        self.requests = 0
        self.headers: list[tuple[str, str | None]] = []

    def handler(self):
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                lrs.requests += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                lrs.headers.append((self.path, self.headers.get("X-Experience-API-Version")))
                if lrs.requests == 1:
                    self.send_response(503)
                    self.end_headers()
                    return
                if (
                    self.headers.get("Authorization")
                    != "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                ):
                    self.send_response(401)
                    self.end_headers()
                    return
                batch = json.loads(body)
                lrs.posts.append(len(batch))
                for stmt in batch:
                    old = lrs.stored.get(stmt["id"])
                    assert old is None or old == stmt
                    lrs.stored[stmt["id"]] = stmt
                reply = json.dumps([s["id"] for s in batch]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        return Handler


@pytest.fixture
def lrs():
    state = _LRS()
    server = ThreadingHTTPServer(("127.0.0.1", 0), state.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/xapi/"
    yield state
    server.shutdown()
    server.server_close()
