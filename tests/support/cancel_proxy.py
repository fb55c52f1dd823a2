"""A proxy in front of the reference backend that loses answers to the cancellation.

It forwards every request to the backend unchanged. For the first `drop` POSTs to
`/self-service/v1/cancellation` it forwards the request (so the backend really closes the
account) but never sends the answer back: it holds the connection until the client gives up
(its read time-out) and then closes it. That is the fault a correct server never produces: a
closing that happened whose answer was lost on the way.

    with CancelProxy(backend.url, drop=1) as proxy:
        session = HttpSession(proxy.url, timeouts=Timeouts(read=0.5))
        ...
    proxy.forwarded_cancellations  # how many POST cancellation reached the backend
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import requests

CANCELLATION_PATH = "/self-service/v1/cancellation"
FORWARD_TIMEOUT = (5, 30)
# How long a dropped answer keeps its connection open at most (the client times out first).
HOLD_SECONDS = 30.0
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "host"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _forward(self) -> None:
        proxy = self.server.proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        answer = requests.request(
            self.command,
            proxy.target + self.path,
            data=body,
            headers=headers,
            allow_redirects=False,
            timeout=FORWARD_TIMEOUT,
        )
        if self.command == "POST" and self.path.split("?")[0] == CANCELLATION_PATH:
            with proxy.lock:
                proxy.forwarded_cancellations += 1
                lose = proxy.dropped < proxy.drop
                if lose:
                    proxy.dropped += 1
            if lose:
                # The backend has answered; the client never hears it.
                proxy.released.wait(HOLD_SECONDS)
                self.close_connection = True
                return
        self.send_response(answer.status_code)
        for key, value in answer.headers.items():
            if key.lower() not in _HOP_BY_HOP | {"content-length", "content-encoding"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def do_GET(self) -> None:
        self._forward()

    def do_POST(self) -> None:
        self._forward()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    proxy: CancelProxy


class CancelProxy:
    def __init__(self, target: str, *, drop: int = 1) -> None:
        self.target = target.rstrip("/")
        self.drop = drop
        self.dropped = 0
        self.forwarded_cancellations = 0
        self.lock = threading.Lock()
        self.released = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> CancelProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> CancelProxy:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
