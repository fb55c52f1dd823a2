"""Reading a server's answer, and turning what went wrong on the way into typed errors.

Bodies are read whole but bounded (`read_body`), error answers give their type and message
(`error_fields`), and transport failures of `requests` become the errors of `app.errors`
(`map_transport_error`), with whether the request certainly never reached the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import requests
import urllib3.exceptions

from app.errors import (
    AccountDeskError,
    BadResponse,
    ConnectionFailed,
    InsecureURL,
    Offline,
    TimedOut,
)
from app.net.jsontext import loads_exact
from app.net.urls import loggable_url

# A JSON answer bigger than this is not something the service sends; refuse it rather than
# exhausting memory on a hostile or broken server.
MAX_JSON_BYTES = 64 * 1024 * 1024


def decode_json(response: requests.Response) -> Any:
    """The body as JSON, or `BadResponse`."""
    try:
        return loads_exact(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadResponse(
            detail=f"malformed JSON from {loggable_url(response.url)}: {type(exc).__name__}"
        ) from None


def read_body(response: requests.Response, limit: int = MAX_JSON_BYTES) -> bytes:
    """Read the whole body (bounded), mapping a broken connection to a retryable error."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                response.close()
                raise BadResponse(detail=f"answer larger than {limit} bytes")
            chunks.append(chunk)
    except (
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ConnectionError,
        urllib3.exceptions.ProtocolError,
    ) as exc:
        response.close()
        if is_timeout(exc):
            raise TimedOut(detail="answer stalled past the read time-out") from None
        raise ConnectionFailed(
            "The connection broke off while the server was answering.",
            detail=f"body broke off: {type(exc).__name__}",
            code="answer_broke_off",
        ) from None
    except (requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError):
        response.close()
        raise TimedOut(detail="answer stalled past the read time-out") from None
    body = b"".join(chunks)
    response._content = body  # so response.content / .json() work for callers
    return body


def error_body(response: requests.Response) -> dict[str, Any]:
    try:
        raw = read_body(response, limit=1024 * 1024)
        parsed = json.loads(raw) if raw else None
    except (AccountDeskError, ValueError, UnicodeDecodeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def error_fields(body: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(type, message) from the contract's `{"error": {...}}` or OAuth's `{"error": "..."}`."""
    error = body.get("error")
    if isinstance(error, dict):
        type_, message = error.get("type"), error.get("message")
    else:
        type_, message = error, body.get("error_description")
    return (
        type_ if isinstance(type_, str) else None,
        message if isinstance(message, str) else None,
    )


def is_invalid_token(response: requests.Response, error_type: str | None) -> bool:
    challenge = response.headers.get("WWW-Authenticate", "")
    return error_type == "invalid_token" or 'error="invalid_token"' in challenge


def causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nxt in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(nxt, BaseException):
                stack.append(nxt)
        stack.extend(a for a in current.args if isinstance(a, BaseException))


def is_timeout(exc: BaseException) -> bool:
    return any(
        isinstance(c, (TimeoutError, urllib3.exceptions.TimeoutError, requests.exceptions.Timeout))
        for c in causes(exc)
    )


def map_transport_error(
    exc: requests.exceptions.RequestException,
) -> tuple[AccountDeskError, bool]:
    """(typed error, whether the request certainly never reached the server)."""
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.SSLError):
        return ConnectionFailed(
            "The server's security certificate could not be verified, so Account Desk did not "
            "connect.",
            detail=f"TLS: {name}",
        ), True
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return TimedOut(detail="connect time-out"), True
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return TimedOut(detail="read time-out"), False
    if isinstance(
        exc,
        (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ),
    ):
        return InsecureURL("This is not a valid server address.", detail=name), True
    chain = list(causes(exc))
    if any(isinstance(c, urllib3.exceptions.NameResolutionError) for c in chain):
        return Offline(detail="name resolution failed"), True
    if any(isinstance(c, urllib3.exceptions.NewConnectionError) for c in chain):
        unreachable = any(
            isinstance(c, OSError) and c.errno in (101, 65)
            for c in chain  # ENETUNREACH
        )
        if unreachable:
            return Offline(detail="network unreachable"), True
        return ConnectionFailed(detail="connection refused"), True
    if isinstance(exc, requests.exceptions.ConnectionError):
        if is_timeout(exc):
            return TimedOut(detail="read time-out"), False
        return ConnectionFailed(detail=f"connection broke: {name}"), False
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return ConnectionFailed(detail=f"body broke off: {name}"), False
    return ConnectionFailed(detail=name), False
