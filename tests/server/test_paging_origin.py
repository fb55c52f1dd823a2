"""`meta.paging.next` is built on the origin the request came to, so a client behind a proxy
(which passes on the Host it was asked for) stays behind it on page 2 and after."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.practice_api import TIMEOUT

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade"}


class ForwardingProxy:
    """A plain reverse proxy: every request goes to ``target`` with its headers as received
    (the Host included, as a proxy configured to pass it does), and the answer comes back
    unchanged: bodies are not rewritten. ``paths`` records what came through it."""

    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")
        self.paths: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                proxy.paths.append(self.path)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                answer = requests.get(
                    proxy.target + self.path,
                    headers=headers,
                    allow_redirects=False,
                    timeout=TIMEOUT,
                )
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in _HOP_BY_HOP | {"content-length", "content-encoding"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def proxy(demo_backend: RunningBackend) -> Iterator[ForwardingProxy]:
    forwarding = ForwardingProxy(demo_backend.url)
    yield forwarding
    forwarding.close()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_next_is_on_the_proxys_origin(demo_backend: RunningBackend, proxy: ForwardingProxy) -> None:
    token = demo_backend.issue_token("administrator")
    auth = {"Authorization": f"Bearer {token}"}
    url = proxy.url + "/api/v4/contacts.json?fields=id&limit=50&order=id(asc)"
    seen: list[int] = []
    pages = 0
    while url:
        answer = requests.get(url, headers=auth, timeout=TIMEOUT)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        seen += [record["id"] for record in body["data"]]
        pages += 1
        url = body["meta"]["paging"].get("next")
        if url:
            assert _origin(url) == proxy.url, url
    assert pages >= 3  # there was a page 2 and more, all through the proxy
    assert len(proxy.paths) == pages
    assert seen == sorted(set(seen))


def test_next_names_the_host_the_client_used(demo_backend: RunningBackend) -> None:
    """The same server asked under another of its names answers with that name."""
    port = urlsplit(demo_backend.url).port
    token = demo_backend.issue_token("administrator")
    for base in (f"http://localhost:{port}", f"http://127.0.0.1:{port}"):
        answer = requests.get(
            base + "/api/v4/contacts.json",
            params={"fields": "id", "limit": 5},
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
        )
        assert _origin(answer.json()["meta"]["paging"]["next"]) == base


def test_the_app_pages_through_a_proxy_without_leaving_it(
    demo_backend: RunningBackend, proxy: ForwardingProxy
) -> None:
    http = HttpSession(proxy.url)
    http.set_token(demo_backend.issue_token("administrator"))
    try:
        pages = list(
            http.get_paged(
                "/api/v4/matters.json", {"fields": "id", "limit": 20, "order": "id(asc)"}
            )
        )
    finally:
        http.close()
    assert len(pages) >= 2
    assert len(proxy.paths) == len(pages)  # every page came through the proxy


def test_next_does_not_grow_when_a_client_sends_its_query_again(
    demo_backend: RunningBackend,
) -> None:
    """Some Clio clients send their parameters along with the next URL (which already holds
    them): every next URL stays the same length, not one copy longer per page."""
    token = demo_backend.issue_token("administrator")
    params = {"fields": "id", "limit": 10, "order": "id(asc)"}
    url = demo_backend.url + "/api/v4/activities.json"
    lengths = []
    for _ in range(5):
        answer = requests.get(
            url, params=params, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
        )
        assert answer.status_code == 200, answer.text
        url = answer.json()["meta"]["paging"]["next"]
        query = urlsplit(url).query
        assert query.count("fields=") == 1 and query.count("limit=") == 1, url
        lengths.append(len(url))
    assert len(set(lengths[1:])) == 1, lengths
