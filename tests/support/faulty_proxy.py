"""A proxy in front of the REAL reference backend that injects faults by rule.

Two listeners, like the backend: `url` forwards to the API origin and `files_url` to the file
origin. Answers are rewritten so the client stays behind the proxy: the backend's addresses in
JSON bodies (paging `next`) and in `Location` headers (the 303 to the file origin) become the
proxy's. Everything else is forwarded unchanged, so the data, the signatures, ranges and ETags
are the backend's own.

Rules pick requests (listener, method, path regex, which matching request) and say what goes
wrong instead of a clean answer::

    with FaultyProxy(backend) as proxy:
        proxy.add(Rule(ResetMidBody(cut_at=1000), listener="files", times=3))
        proxy.add(Rule(Answer(503), path=r"/api/v4/matters\\.json", times=4))
        proxy.add(Rule(MutateJson(fn), path=r"/api/v4/documents\\.json"))

Faults: `ResetMidBody` (RST after some body bytes), `Truncated` (clean close before
Content-Length), `Slow` (the real answer, late), `Answer` (any status/body without asking the
backend, e.g. 500/502/503 bursts, 429 with Retry-After, 404/410/403), `Stall` (no answer until
the client's read time-out has passed), `MalformedJson`, `MutateJson` (wrong types, hostile
and colliding names), `RewriteZip` (archive entries renamed, e.g. to escape), `Corrupt` (bytes
flipped, same length), `ReplaceBody`, `RedirectTo` (a 303 to another origin).
`requests` records every request with the status the client got.

The backend behind can be swapped (`retarget`) while the proxy's addresses stay, e.g. after a
restart of the backend on a changed database.
"""

from __future__ import annotations

import io
import json
import re
import socket
import struct
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

import requests

FORWARD_TIMEOUT = (5, 60)
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "upgrade",
    "host",
    "proxy-connection",
}


class Target(Protocol):
    url: str
    files_url: str


@dataclass
class Upstream:
    """What the backend answered (already read)."""

    status: int
    headers: dict[str, str]
    body: bytes


class Fault:
    """What goes wrong. `forward` says whether the backend is asked first."""

    forward = True

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        raise NotImplementedError


@dataclass
class ResetMidBody(Fault):
    """Headers and `cut_at` bytes of the real body, then a TCP reset."""

    cut_at: int = 100

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        handler.send_upstream_head(upstream)
        handler.wfile.write(upstream.body[: self.cut_at])
        handler.wfile.flush()
        handler.abort(reset=True)


@dataclass
class Truncated(Fault):
    """Headers and `cut_at` bytes of the real body, then a clean close (FIN)."""

    cut_at: int = 100

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        handler.send_upstream_head(upstream)
        handler.wfile.write(upstream.body[: self.cut_at])
        handler.wfile.flush()
        handler.abort(reset=False)


@dataclass
class Answer(Fault):
    """An answer of the proxy's own (the backend is not asked)."""

    status: int
    error_type: str = "Fault"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    forward = False

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        body = self.body
        if body is None:
            body = json.dumps(
                {"error": {"type": self.error_type, "message": f"injected {self.status}"}}
            ).encode()
        handler.send_plain(self.status, body, {"Content-Type": "application/json", **self.headers})


@dataclass
class Stall(Fault):
    """Say nothing for `seconds` (past the client's read time-out), then close."""

    seconds: float = 3.0
    forward = False

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        handler.proxy.stopping.wait(self.seconds)
        handler.abort(reset=False)


@dataclass
class MalformedJson(Fault):
    """The real status and headers with half of the body (not JSON any more)."""

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        body = upstream.body[: max(1, len(upstream.body) // 2)]
        handler.send_plain(upstream.status, body, {"Content-Type": "application/json"})


@dataclass
class MutateJson(Fault):
    """The real answer, its JSON changed by `change(document) -> document`."""

    change: Callable[[Any], Any]

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        try:
            document = json.loads(upstream.body)
        except ValueError:
            handler.send_upstream(upstream)
            return
        body = json.dumps(self.change(document)).encode()
        headers = {k: v for k, v in upstream.headers.items() if k.lower() != "etag"}
        handler.send_upstream(Upstream(upstream.status, headers, body))


@dataclass
class RewriteZip(Fault):
    """The real zip with every entry renamed by `rename(name) -> name` (content and comment
    kept)."""

    rename: Callable[[str], str]

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        if upstream.status != 200 or not upstream.body.startswith(b"PK"):
            handler.send_upstream(upstream)  # not an archive: a document, untouched
            return
        source = zipfile.ZipFile(io.BytesIO(upstream.body))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                renamed = zipfile.ZipInfo(self.rename(info.filename), info.date_time)
                renamed.comment = info.comment
                renamed.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(renamed, source.read(info))
        headers = {
            k: v
            for k, v in upstream.headers.items()
            if k.lower() not in ("etag", "x-content-sha256")
        }
        handler.send_upstream(Upstream(200, headers, out.getvalue()))


@dataclass
class Corrupt(Fault):
    """The real status and headers with the body's bytes flipped from `start` on, every
    `every`-th one (same length: only its content checks can tell)."""

    start: int = 0
    every: int = 997

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        body = bytearray(upstream.body)
        for index in range(self.start, len(body), self.every):
            body[index] ^= 0xFF
        handler.send_upstream(Upstream(upstream.status, upstream.headers, bytes(body)))


@dataclass
class ReplaceBody(Fault):
    """The real status and headers (without its checksums) with `body` instead of the real
    one, e.g. a report with hostile cells."""

    body: bytes

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        headers = {
            k: v
            for k, v in upstream.headers.items()
            if k.lower() not in ("etag", "x-content-sha256")
        }
        handler.send_upstream(Upstream(upstream.status, headers, self.body))


@dataclass
class Slow(Fault):
    """The real answer, `seconds` late, as from a distant service (not a fault a correct server
    never produces, but what shows how many requests a client keeps in flight at once):
    `most_at_once` is the most answers held back together."""

    seconds: float
    at_once: int = 0
    most_at_once: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        assert upstream is not None
        with self._lock:
            self.at_once += 1
            self.most_at_once = max(self.most_at_once, self.at_once)
        try:
            time.sleep(self.seconds)
        finally:
            with self._lock:
                self.at_once -= 1
        handler.send_upstream(upstream)


@dataclass
class RedirectTo(Fault):
    """A 303 to `location` (another origin) instead of the real answer."""

    location: str
    forward = False

    def answer(self, handler: _Handler, upstream: Upstream | None) -> None:
        handler.send_plain(303, b"", {"Location": self.location})


@dataclass
class Rule:
    """Apply `fault` to matching requests: after `skip` matches, `times` of them (None: all)."""

    fault: Fault
    listener: str = "api"  # "api" or "files"
    path: str = ".*"  # a regex searched in the path (without the query)
    method: str | None = None
    skip: int = 0
    times: int | None = 1
    matched: int = 0
    applied: int = 0

    def take(self, listener: str, method: str, path: str) -> bool:
        if listener != self.listener or (self.method and method != self.method):
            return False
        if not re.search(self.path, path):
            return False
        self.matched += 1
        if self.matched <= self.skip:
            return False
        if self.times is not None and self.applied >= self.times:
            return False
        self.applied += 1
        return True


@dataclass(frozen=True)
class Seen:
    listener: str
    method: str
    path: str
    headers: dict[str, str]
    fault: str | None  # the fault's class name, None when forwarded cleanly
    at: float
    query: str = ""

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    @property
    def proxy(self) -> FaultyProxy:
        return self.server.proxy

    def log_message(self, format: str, *args: object) -> None:
        return

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        listener = self.server.listener
        path = self.path.split("?", 1)[0]
        fault = self.proxy.fault_for(listener, self.command, path)
        self.proxy.record(
            Seen(
                listener,
                self.command,
                path,
                dict(self.headers),
                type(fault).__name__ if fault else None,
                time.monotonic(),
                self.path.partition("?")[2],
            )
        )
        upstream = None
        if fault is None or fault.forward:
            try:
                upstream = self.proxy.forward(listener, self.command, self.path, self.headers, body)
            except requests.RequestException:
                self.abort(reset=True)
                return
        if fault is None:
            assert upstream is not None
            self.send_upstream(upstream)
        else:
            fault.answer(self, upstream)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _handle  # noqa: N815

    def send_upstream_head(self, upstream: Upstream) -> None:
        self.send_response(upstream.status)
        for key, value in upstream.headers.items():
            if key.lower() not in _HOP_BY_HOP | {"content-length", "content-encoding"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(upstream.body)))
        self.end_headers()

    def send_upstream(self, upstream: Upstream) -> None:
        self.send_upstream_head(upstream)
        if self.command != "HEAD":
            self.wfile.write(upstream.body)

    def send_plain(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def abort(self, *, reset: bool) -> None:
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.close_connection = True
        self.connection.close()
        self._aborted = True

    def finish(self) -> None:
        if getattr(self, "_aborted", False):
            return
        try:
            super().finish()
        except OSError:
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    proxy: FaultyProxy
    listener: str

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # broken connections are the point


class FaultyProxy:
    """See the module doc. Use as a context manager."""

    def __init__(self, backend: Target) -> None:
        self._lock = threading.Lock()
        self.rules: list[Rule] = []
        self.requests: list[Seen] = []
        self.stopping = threading.Event()
        self._http = requests.Session()
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        for listener in ("api", "files"):
            server = _Server(("127.0.0.1", 0), _Handler)
            server.proxy = self
            server.listener = listener
            self._servers[listener] = server
        self.url = f"http://127.0.0.1:{self._servers['api'].server_address[1]}"
        self.files_url = f"http://127.0.0.1:{self._servers['files'].server_address[1]}"
        self.retarget(backend)

    def retarget(self, backend: Target) -> None:
        """Forward to another backend from now on (the proxy's addresses stay)."""
        with self._lock:
            self.api_target = backend.url.rstrip("/")
            self.files_target = backend.files_url.rstrip("/")

    def add(self, *rules: Rule) -> FaultyProxy:
        with self._lock:
            self.rules.extend(rules)
        return self

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def fault_for(self, listener: str, method: str, path: str) -> Fault | None:
        with self._lock:
            for rule in self.rules:
                if rule.take(listener, method, path):
                    return rule.fault
        return None

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def seen(self, listener: str | None = None, path: str = ".*") -> list[Seen]:
        with self._lock:
            return [
                s
                for s in self.requests
                if (listener is None or s.listener == listener) and re.search(path, s.path)
            ]

    def forward(
        self, listener: str, method: str, path_and_query: str, headers: Any, body: bytes
    ) -> Upstream:
        with self._lock:
            api, files = self.api_target, self.files_target
        base = api if listener == "api" else files
        send = {k: v for k, v in headers.items() if k.lower() not in _HOP_BY_HOP}
        answer = self._http.request(
            method,
            base + path_and_query,
            data=body or None,
            headers=send,
            allow_redirects=False,
            timeout=FORWARD_TIMEOUT,
        )
        content = answer.content
        out_headers = dict(answer.headers)
        for key in list(out_headers):
            if key.lower() == "location":
                out_headers[key] = (
                    out_headers[key].replace(files, self.files_url).replace(api, self.url)
                )
        if "json" in answer.headers.get("Content-Type", "") and api.encode() in content:
            content = content.replace(api.encode(), self.url.encode())
        return Upstream(answer.status_code, out_headers, content)

    def start(self) -> FaultyProxy:
        for server in self._servers.values():
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self.stopping.set()
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._http.close()

    def __enter__(self) -> FaultyProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
