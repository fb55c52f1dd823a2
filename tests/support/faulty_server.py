"""A purpose-built misbehaving HTTP server for faults a correct server never produces.

Each path gets a script of behaviours, played one per request; the last one repeats:

    server.route("/api/v4/users.json", Status(503), Status(502), Json({"data": []}))
    server.route("/file", ResetMidBody(b"x" * 1000, cut_at=300), RangeFile(b"x" * 1000))

Behaviours: `Json`, `Status`, `Raw` (any bytes, e.g. malformed JSON), `ResetMidBody` (TCP
reset part-way), `Truncated` (clean close before Content-Length is reached), `Slow` (answer
after a delay, or stall mid-body), `Redirect` (e.g. a 303 to another origin), `RangeFile`
(Range/ETag file server; `refuse_authorization` acts like the reference file listener),
`RateLimited` (a fixed window limit with X-RateLimit-* headers and 429 + Retry-After),
`RequireToken` (401 invalid_token unless the expected bearer token is sent), `PacedJob` (a
job's status whose progress moves at a known pace), `PagedList` (a list endpoint whose pages,
chosen by `page_token`, name whatever next page the test says: the same page again, a cycle,
the same records under a new address, another origin; with or without `meta.records`).
Every request is recorded (`server.requests`) so tests can check what was sent, e.g. that no
Authorization header reached another origin.

Threaded, on 127.0.0.1 port 0. Start with `FaultyServer()` as a context manager or use the
`faulty_server` / `faulty_server_factory` fixtures (tests/unit/conftest.py imports them).
"""

from __future__ import annotations

import hashlib
import json
import math
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when the request arrived

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class Behaviour:
    """One way of answering a request."""

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        raise NotImplementedError


def _send(
    handler: _Handler, status: int, body: bytes, headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    merged = {"Content-Type": "application/json", **(headers or {})}
    for key, value in merged.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def _send_cut(
    handler: _Handler,
    status: int,
    body: bytes,
    headers: dict[str, str],
    cut_at: int,
    *,
    reset: bool,
) -> None:
    """Announce the whole ``body``, send its first ``cut_at`` bytes, then close (RST with
    ``reset``, else FIN)."""
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body[:cut_at])
    handler.wfile.flush()
    handler.abort(reset=reset)


@dataclass
class Json(Behaviour):
    data: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        _send(handler, self.status, json.dumps(self.data).encode(), self.headers)


@dataclass
class PacedJob(Behaviour):
    """An asynchronous job's status that moves at a known pace: `in_progress` with `progress`
    growing evenly from the first request on, `completed` once `seconds` have passed (the
    reference backend's jobs take however long the machine takes)."""

    seconds: float
    started: float | None = None

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        now = time.monotonic()
        if self.started is None:
            self.started = now
        done = (now - self.started) / self.seconds
        data: dict[str, Any] = {"id": 1, "state": "completed" if done >= 1 else "in_progress"}
        if done < 1:
            data["progress"] = round(100 * done, 1)
        _send(handler, 200, json.dumps({"data": data}).encode())


@dataclass
class PagedList(Behaviour):
    """A list endpoint: ``pages[token] = (ids, next)`` answers `?page_token=<token>` ("" is the
    first page) with records of those ids and `meta.paging.next` pointing at the page token
    ``next`` on this server (None: the last page; a string with "://" is sent as it is, e.g. an
    address on another origin). ``records`` is sent as `meta.records` unless None. Only the
    fields asked for (`fields=`) are sent; a `limit` of 1 (a count) gets the first id only."""

    pages: dict[str, tuple[list[int], str | None]]
    records: int | None = None

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        token = query.get("page_token", [""])[0]
        ids, following = self.pages.get(token, ([], None))
        if query.get("limit") == ["1"]:
            ids = ids[:1]
        fields = (query.get("fields") or ["id,name"])[0].split(",")
        data = [
            {name: (record_id if name == "id" else f"{name} {record_id}") for name in fields}
            for record_id in ids
        ]
        next_url = None
        if following is not None:
            next_url = (
                following
                if "://" in following
                else (f"{server.url}{parts.path}?page_token={following}")
            )
        meta: dict[str, Any] = {"paging": {"next": next_url} if next_url else {}}
        if self.records is not None:
            meta["records"] = self.records
        _send(handler, 200, json.dumps({"data": data, "meta": meta}).encode())


@dataclass
class Status(Behaviour):
    """An error status with a body in the contract's error shape."""

    status: int
    error_type: str = "Fault"
    headers: dict[str, str] = field(default_factory=dict)

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        body = {"error": {"type": self.error_type, "message": f"status {self.status}"}}
        _send(handler, self.status, json.dumps(body).encode(), self.headers)


@dataclass
class Raw(Behaviour):
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        _send(handler, self.status, self.body, self.headers)


@dataclass
class Redirect(Behaviour):
    location: str
    status: int = 303

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        _send(handler, self.status, b"", {"Location": self.location})


@dataclass
class ResetMidBody(Behaviour):
    """Announce the whole body, send `cut_at` bytes, then reset the connection (RST)."""

    body: bytes
    cut_at: int
    headers: dict[str, str] = field(default_factory=dict)

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        headers = {"Content-Type": "application/octet-stream", **self.headers}
        _send_cut(handler, 200, self.body, headers, self.cut_at, reset=True)


@dataclass
class Truncated(ResetMidBody):
    """Like ResetMidBody but closes cleanly (FIN): a body shorter than Content-Length."""

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        headers = {"Content-Type": "application/json", **self.headers}
        _send_cut(handler, 200, self.body, headers, self.cut_at, reset=False)


@dataclass
class Slow(Behaviour):
    """Wait `delay` seconds, then behave as `then`. With `stall_body=True` the headers and the
    first half of the body go out at once and the rest after the delay."""

    delay: float
    then: Behaviour = field(default_factory=lambda: Json({"ok": True}))
    stall_body: bool = False

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        if self.stall_body and isinstance(self.then, Raw):
            body = self.then.body
            handler.send_response(self.then.status)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            server.stopping.wait(self.delay)
            handler.wfile.write(body[len(body) // 2 :])
            return
        server.stopping.wait(self.delay)
        self.then.respond(handler, server)


@dataclass
class RangeFile(Behaviour):
    """A file with Range, ETag, Content-Length and X-Content-SHA256 (like the file listener);
    with `cut_after`, the body announced whole but closed after that many bytes."""

    data: bytes
    refuse_authorization: bool = False
    cut_after: int | None = None

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        if self.refuse_authorization and handler.headers.get("Authorization"):
            body = {"error": {"type": "AuthorizationNotAllowed", "message": "no tokens here"}}
            _send(handler, 400, json.dumps(body).encode())
            return
        etag = '"' + hashlib.sha256(self.data).hexdigest()[:16] + '"'
        headers = {
            "Content-Type": "application/octet-stream",
            "ETag": etag,
            "Accept-Ranges": "bytes",
            "X-Content-SHA256": hashlib.sha256(self.data).hexdigest(),
        }
        wanted = handler.headers.get("Range")
        if_range = handler.headers.get("If-Range")
        if wanted and wanted.startswith("bytes=") and (if_range is None or if_range == etag):
            start = int(wanted[6:].split("-")[0])
            if start >= len(self.data):
                headers["Content-Range"] = f"bytes */{len(self.data)}"
                _send(handler, 416, b"", headers)
                return
            headers["Content-Range"] = f"bytes {start}-{len(self.data) - 1}/{len(self.data)}"
            self._send(handler, 206, self.data[start:], headers)
            return
        self._send(handler, 200, self.data, headers)

    def _send(self, handler: _Handler, status: int, body: bytes, headers: dict[str, str]) -> None:
        if self.cut_after is None:
            _send(handler, status, body, headers)
        else:
            _send_cut(handler, status, body, headers, self.cut_after, reset=False)


class RequireToken(Behaviour):
    """401 `invalid_token` (with the WWW-Authenticate challenge) unless the request carries
    `Bearer <token>`; then behaves as `then`. Change `.token` to expire the old one."""

    def __init__(self, token: str, then: Behaviour | None = None) -> None:
        self.token = token
        self.then = then or Json({"data": {"id": 1}})

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            body = {"error": {"type": "invalid_token", "message": "expired"}}
            challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            _send(handler, 401, json.dumps(body).encode(), challenge)
            return
        self.then.respond(handler, server)


class RateLimited(Behaviour):
    """A fixed-window limit of `limit` requests per `window` seconds, shared by every path
    that uses this same instance; answers `then` with X-RateLimit-* headers, or 429.
    `X-RateLimit-Reset` is in seconds from now (fractional; not the documented form) unless
    `reset_form="timestamp"`: the Unix timestamp of the window's end in whole seconds."""

    def __init__(
        self,
        limit: int,
        window: float,
        then: Behaviour | None = None,
        reset_form: str = "seconds",
    ) -> None:
        self.limit = limit
        self.window = window
        self.reset_form = reset_form
        self.then = then or Json({"data": [], "meta": {"paging": {}}})
        self._lock = threading.Lock()
        self._window_start = time.monotonic()
        self._count = 0
        self.served = 0
        self.rejected = 0

    def respond(self, handler: _Handler, server: FaultyServer) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._window_start >= self.window:
                self._window_start = now - (now - self._window_start) % self.window
                self._count = 0
            reset = self.window - (now - self._window_start)
            self._count += 1
            remaining = self.limit - self._count
            over = remaining < 0
            if over:
                self.rejected += 1
            else:
                self.served += 1
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(remaining, 0)),
            "X-RateLimit-Reset": (
                str(math.ceil(time.time() + reset))
                if self.reset_form == "timestamp"
                else f"{reset:.3f}"
            ),
        }
        if over:
            headers["Retry-After"] = f"{reset:.3f}"
            _send(handler, 429, b'{"error":{"type":"RateLimited","message":"slow down"}}', headers)
            return
        if isinstance(self.then, Json):
            _send(handler, self.then.status, json.dumps(self.then.data).encode(), headers)
        else:
            self.then.respond(handler, server)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like a real server behind a pool
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        owner = self.server.owner
        owner.record(
            Recorded(
                self.command, parts.path, parts.query, dict(self.headers), body, time.monotonic()
            )
        )
        owner.behaviour_for(parts.path).respond(self, owner)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _handle  # noqa: N815

    def abort(self, *, reset: bool) -> None:
        """Drop the connection: RST with `reset`, else a clean close."""
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR) if not reset else None
        except OSError:
            pass
        self.connection.close()
        self._aborted = True

    def finish(self) -> None:
        if getattr(self, "_aborted", False):
            return
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet: tests assert on `requests`, not on stderr


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: FaultyServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # broken connections are the point of this server


class FaultyServer:
    """Threaded server on 127.0.0.1:0; `url` is its origin."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._lock = threading.Lock()
        self._routes: dict[str, list[Behaviour]] = {}
        self._fallback: Behaviour = Status(404, "NotFound")
        self.requests: list[Recorded] = []
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def route(self, path: str, *script: Behaviour) -> str:
        """Play `script` on `path`, one behaviour per request, repeating the last. Returns the
        full URL."""
        assert script, "give at least one behaviour"
        with self._lock:
            self._routes[path] = list(script)
        return self.url + path

    def behaviour_for(self, path: str) -> Behaviour:
        with self._lock:
            script = self._routes.get(path)
            if not script:
                return self._fallback
            return script.pop(0) if len(script) > 1 else script[0]

    def record(self, request: Recorded) -> None:
        with self._lock:
            self.requests.append(request)

    def requests_to(self, path: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> FaultyServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FaultyServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture
def faulty_server() -> Iterator[FaultyServer]:
    """A fresh misbehaving server for one test."""
    with FaultyServer() as server:
        yield server
    _forget_pacing()


@pytest.fixture
def faulty_server_factory() -> Iterator[Callable[[], FaultyServer]]:
    """Start as many as needed (e.g. a second origin for redirects); all stopped after."""
    started: list[FaultyServer] = []

    def start() -> FaultyServer:
        server = FaultyServer().start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    _forget_pacing()


def _forget_pacing() -> None:
    # A later server may get the same port; it must not inherit this one's rate-limit state.
    from app.net.http import forget_limiters

    forget_limiters()
