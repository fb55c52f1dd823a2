"""Traffic totals for benchmarks (`--stats-file PATH`, off by default): requests, 429 answers and
response body bytes of the API and the file listener, rewritten atomically as JSON after every
answer (and every 50 ms while bodies stream) so a benchmark can read them while the server runs;
once the answers are finished the file holds exact totals."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class TrafficStats:
    """Totals shared by both listeners (they run on different threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.totals: dict[str, int] = {
            "api_requests": 0,
            "api_429": 0,
            "api_body_bytes": 0,
            "files_requests": 0,
            "files_body_bytes": 0,
        }
        self._written = 0.0
        self._write()

    def add_bytes(self, listener: str, body_bytes: int) -> None:
        with self._lock:
            self.totals[f"{listener}_body_bytes"] += body_bytes
            if time.monotonic() - self._written >= 0.05:
                self._write()

    def finish(self, listener: str, status: int) -> None:
        with self._lock:
            self.totals[f"{listener}_requests"] += 1
            if status == 429 and listener == "api":
                self.totals["api_429"] += 1
            self._write()

    def _write(self) -> None:
        self._written = time.monotonic()
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(self.totals), encoding="utf-8")
        os.replace(temporary, self.path)


def counting(app: ASGIApp, stats: TrafficStats, listener: str) -> ASGIApp:
    """Wrap an ASGI app so each HTTP answer adds to ``stats`` (also when the client hangs up:
    the bytes handed to the server count, as they left this process)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        status = 0

        async def send_counted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                stats.add_bytes(listener, len(message.get("body", b"")))
            await send(message)

        try:
            await app(scope, receive, send_counted)
        finally:
            stats.finish(listener, status)

    return wrapped
