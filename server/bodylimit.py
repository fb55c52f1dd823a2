"""Request-body limits for every endpoint of the reference backend.

A body larger than `MAX_BODY_BYTES` is refused with 413 before it is held in memory: at once
when Content-Length says so, and as soon as a chunked body (no Content-Length) grows past the
limit. A JSON body nested deeper than `MAX_JSON_DEPTH` is refused with 400 before any handler
parses it (Python's parser would raise RecursionError, an answer 500). Errors come in the shape
of the part of the service that was asked: the data API's, the self-service API's, or OAuth's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from server.errors import error_body

# The largest legitimate body (a document archive of many items) is a few kilobytes.
MAX_BODY_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 64

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_NOT_JSON = ("application/x-www-form-urlencoded", "multipart/")


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects in `body` nest deeper than `limit` (brackets inside strings do
    not count). Works on any bytes, valid JSON or not, in time linear in their length."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _error(path: str, status: int, api_type: str, message: str) -> bytes:
    if path.startswith("/oauth/"):
        return json.dumps({"error": "invalid_request", "error_description": message}).encode()
    if path.startswith("/self-service/"):
        snake = {413: "payload_too_large", 400: "invalid_request"}[status]
        return json.dumps(error_body(snake, message)).encode()
    return json.dumps(error_body(api_type, message)).encode()


async def _answer(send: Send, path: str, status: int, api_type: str, message: str) -> None:
    body = _error(path, status, api_type, message)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    if status == 413:
        # the rest of the body is not read: the connection cannot carry another request
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Reads the (bounded) body before the app does, checks it, and hands it on."""

    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, max_depth: int = MAX_JSON_DEPTH
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        too_large = f"The request body is over {self.max_bytes} bytes."
        declared: bytes | None = None
        content_type = b""
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                declared = value
            elif name == b"content-type":
                content_type = value
        if declared is not None:
            text = declared.decode("latin-1").strip()
            if not text.isdigit():
                await _answer(send, path, 400, "InvalidRequest", "Content-Length is not a number.")
                return
            if int(text) > self.max_bytes:
                await _answer(send, path, 413, "PayloadTooLarge", too_large)
                return

        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _answer(send, path, 413, "PayloadTooLarge", too_large)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        kind = content_type.decode("latin-1").strip().lower()
        if body and not kind.startswith(_NOT_JSON) and json_too_deep(body, self.max_depth):
            await _answer(
                send,
                path,
                400,
                "InvalidRequest",
                f"The JSON body nests arrays and objects deeper than {self.max_depth} levels.",
            )
            return

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: only the disconnect is left to wait for

        await self.app(scope, replay, send)
