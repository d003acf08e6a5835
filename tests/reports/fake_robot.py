"""A fake robot webhook: a real HTTP server on 127.0.0.1 in a thread (no mocks). It
records every request (path, query, JSON body) and answers from a script of statuses
(the last one repeats), with the robots' `{"errcode": 0}` on success."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Received:
    path: str
    query: dict[str, str]
    body: dict[str, Any]
    raw: bytes


@dataclass
class FakeRobot:
    base: str
    received: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=lambda: [200])

    def url(self, path: str = "/cgi-bin/webhook/send?key=test-key-1234") -> str:
        return f"{self.base}{path}"


@pytest.fixture
def fake_robot() -> Iterator[FakeRobot]:
    robot = FakeRobot(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
            robot.received.append(Received(parts.path, query, json.loads(raw), raw))
            status = robot.statuses.pop(0) if len(robot.statuses) > 1 else robot.statuses[0]
            answer = json.dumps({"errcode": 0 if status == 200 else 1}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    robot.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield robot
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
