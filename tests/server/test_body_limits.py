"""Every endpoint bounds the bodies it accepts: an oversized body is refused with 413 before the
server holds it (by its Content-Length, or while a chunked body streams in), and JSON nested
too deeply is a 400, never a 500."""

from __future__ import annotations

import json
import select
import socket
import time
from urllib.parse import urlsplit

import pytest
import requests

from server.bodylimit import MAX_BODY_BYTES, MAX_JSON_DEPTH
from tests.support.backend import RunningBackend
from tests.support.practice_api import TIMEOUT, DataApi

ARCHIVES = "/api/v4/document_archives.json"


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT)


def _read_answer(sock: socket.socket) -> tuple[int, bytes]:
    """Status and body of the answer (the server closes the connection after a 413)."""
    data = b""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = [
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ]
        if length and len(body) >= length[0]:
            break
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _send_until_answered(sock: socket.socket, chunks: int, chunk: bytes) -> int:
    """Send up to `chunks` pieces, stopping as soon as the server answers; how many went."""
    sent = 0
    for sent in range(1, chunks + 1):
        if select.select([sock], [], [], 0)[0]:
            return sent - 1
        try:
            sock.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return sent
        # give the server a moment to answer between pieces; the limit must not need them all
        if sent % 8 == 0 and select.select([sock], [], [], 0.2)[0]:
            return sent
    return sent


def test_a_huge_declared_body_is_refused_before_it_is_sent(
    api: DataApi, demo_backend: RunningBackend
) -> None:
    size = 31 * 1024 * 1024
    with _connect(demo_backend.url) as sock:
        host = urlsplit(demo_backend.url).netloc
        sock.sendall(
            f"POST {ARCHIVES} HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {api.token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n\r\n".encode()
            + b'{"data": {"items": ['
        )
        started = time.monotonic()
        status, body = _read_answer(sock)
        assert status == 413
        assert json.loads(body)["error"]["type"] == "PayloadTooLarge"
        assert time.monotonic() - started < 5, "the server waited for the body"


def test_a_chunked_body_is_refused_once_it_grows_past_the_limit(
    api: DataApi, demo_backend: RunningBackend
) -> None:
    piece = b"[" + b"0," * 32 * 1024 + b"0]"  # about 64 KiB of harmless JSON text
    frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    total_pieces = 31 * 1024 * 1024 // len(piece)
    with _connect(demo_backend.url) as sock:
        host = urlsplit(demo_backend.url).netloc
        sock.sendall(
            f"POST {ARCHIVES} HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {api.token}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        sent = _send_until_answered(sock, total_pieces, frame)
        status, body = _read_answer(sock)
    assert status == 413
    assert json.loads(body)["error"]["type"] == "PayloadTooLarge"
    # answered well before the 31 MB were sent: the server did not take the whole body in
    assert sent * len(piece) < 8 * MAX_BODY_BYTES


def test_a_body_under_the_limit_is_still_served_when_chunked(api: DataApi) -> None:
    def pieces():  # type: ignore[no-untyped-def]
        yield b'{"data": {"items": '
        yield b'[{"id": 1, "type": 1}]}}'

    answer = api.session.post(
        api.url("document_archives.json"),
        data=pieces(),
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v4/document_archives.json",
        "/api/v4/reports.json",
        "/self-service/v1/feedback",
        "/oauth/token",
        "/oauth/authorize",
    ],
)
def test_every_endpoint_refuses_an_oversized_body(
    api: DataApi, demo_backend: RunningBackend, path: str
) -> None:
    answer = requests.post(
        demo_backend.url + path,
        data=b"x" * (MAX_BODY_BYTES + 1),
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert answer.status_code == 413, answer.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v4/document_archives.json",
        "/api/v4/reports.json",
        "/self-service/v1/feedback",
        "/self-service/v1/demo/clock",
    ],
)
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_a_400_not_a_500(
    api: DataApi, demo_backend: RunningBackend, path: str, depth: int
) -> None:
    nested = b'{"data": ' + b"[" * depth + b"]" * depth + b"}"
    answer = requests.post(
        demo_backend.url + path,
        data=nested,
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert answer.status_code == 400, answer.text
    assert "error" in answer.json()


def test_brackets_inside_strings_do_not_count_as_nesting(api: DataApi) -> None:
    answer = api.post("document_archives.json", {"data": {"items": [{"id": 1, "type": "[" * 500}]}})
    assert answer.status_code == 400
    assert "type" in answer.json()["error"]["message"]  # judged on its content, not its depth
