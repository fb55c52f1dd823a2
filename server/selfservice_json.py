"""The JSON of the self-service API, read and written by hand: request bodies validated so that
malformed JSON, wrong types and oversized values get a 4xx in the error shape (booleans and
integers are never coerced from strings), money and instants written as the contract writes
them, and stored answers replayed for a repeated Idempotency-Key."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from server.errors import ApiError

MAX_BODY_BYTES = 64 * 1024
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def instant(value: datetime | float) -> str:
    if not isinstance(value, datetime):
        value = datetime.fromtimestamp(value, tz=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def bad_request(message: str) -> ApiError:
    return ApiError(400, "invalid_request", message)


async def json_object(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "payload_too_large", f"The body is over {MAX_BODY_BYTES} bytes.")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise ApiError(413, "payload_too_large", f"The body is over {MAX_BODY_BYTES} bytes.")
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise bad_request("The body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise bad_request("The body must be a JSON object.")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def only_fields(body: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise bad_request(f"Unknown field: {unknown[0][:100]}")


def text_field(
    body: dict[str, Any],
    name: str,
    max_chars: int,
    *,
    required: bool = False,
    nullable: bool = True,
) -> str | None:
    if name not in body:
        if required:
            raise bad_request(f"{name} is required.")
        return None
    value = body[name]
    if value is None and nullable and not required:
        return None
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string.")
    if len(value) > max_chars:
        raise bad_request(f"{name} is longer than {max_chars} characters.")
    return value


def integer_field(
    body: dict[str, Any], name: str, low: int, high: int, *, nullable: bool = True
) -> int | None:
    if name not in body:
        return None
    value = body[name]
    if value is None and nullable:
        return None
    # JSON Schema counts 2.0 as an integer
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"{name} must be an integer.")
    if not low <= value <= high:
        raise bad_request(f"{name} must be between {low} and {high}.")
    return value


def idempotency_key(request: Request, *, required: bool) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        if required:
            raise ApiError(
                400,
                "idempotency_key_required",
                "Send an Idempotency-Key header so that a repeated request never closes twice.",
            )
        return None
    if not _IDEMPOTENCY_KEY.match(key):
        raise bad_request("Idempotency-Key must be 1 to 255 visible ASCII characters.")
    return key


def json_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def replay(stored: tuple[int, bytes]) -> Response:
    status, body = stored
    return Response(body, status_code=status, media_type="application/json")
