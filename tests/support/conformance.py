"""Conformance to the published Clio Manage API v4 document, checked on real traffic.

`RecordingProxy` sits in front of the REAL reference backend (a `FaultyProxy` without rules)
and keeps every exchange of its API listener: the request the client sent and the answer the
backend served. `check` validates them with openapi-core against the published document: the
request's parameters and body, the answer's status, content type and body, and the rate-limit
headers by their documented meaning. Paths the document does not define (the self-service API,
the file listener) are not its business and are left out.

Differences the project accepts are in tests/conformance_tolerated.py, each with its reason.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jsonschema
from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.testing import MockRequest, MockResponse

from tests.conformance_tolerated import TOLERATED, Tolerated
from tests.support.faulty_proxy import FaultyProxy, Upstream

API_PREFIX = "/api/v4"
RATE_WINDOW_SECONDS = 60
CLOCK_SLACK_SECONDS = 2  # the two clocks are the same machine's; a little rounding either way


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str  # under /api/v4
    query: list[tuple[str, str]]
    request_headers: dict[str, str]
    request_body: bytes
    status: int
    response_headers: dict[str, str]
    response_body: bytes
    received_at: float  # Unix time the answer arrived

    def header(self, name: str) -> str | None:
        for key, value in self.response_headers.items():
            if key.lower() == name.lower():
                return value
        return None

    def describe(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query if k != "fields")
        return f"{self.method} {self.path}{'?' + query if query else ''} -> {self.status}"


class RecordingProxy(FaultyProxy):
    """A proxy that records every exchange of the API listener (see the module doc)."""

    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.exchanges: list[Exchange] = []
        self._record_lock = threading.Lock()

    def forward(
        self, listener: str, method: str, path_and_query: str, headers: Any, body: bytes
    ) -> Upstream:
        upstream = super().forward(listener, method, path_and_query, headers, body)
        parts = urlsplit(path_and_query)
        if listener == "api" and parts.path.startswith(API_PREFIX + "/"):
            exchange = Exchange(
                method=method.upper(),
                path=parts.path[len(API_PREFIX) :],
                query=parse_qsl(parts.query, keep_blank_values=True),
                request_headers={k: v for k, v in headers.items()},
                request_body=body,
                status=upstream.status,
                response_headers=dict(upstream.headers),
                response_body=upstream.body,
                received_at=time.time(),
            )
            with self._record_lock:
                self.exchanges.append(exchange)
        return upstream


@dataclass
class Problem:
    where: str  # "request", "response" or "header"
    exchange: Exchange
    message: str
    tolerated_by: str | None = None

    def __str__(self) -> str:
        return f"[{self.where}] {self.exchange.describe()}: {self.message}"


@dataclass
class Verdict:
    validated: int = 0  # exchanges on paths the document defines
    outside: set[str] = field(default_factory=set)  # paths it does not define
    problems: list[Problem] = field(default_factory=list)  # not tolerated
    tolerated: list[Problem] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # always_seen entries that matched nothing


# ---------------------------------------------------------------------------------------------
# the document as validated


def _nullable_everywhere(node: Any) -> None:
    """Every schema accepts null (the `nullable` entry of the tolerated list)."""
    if isinstance(node, dict):
        if ("type" in node and isinstance(node["type"], str)) or "properties" in node:
            node["nullable"] = True
            if isinstance(node.get("enum"), list) and None not in node["enum"]:
                node["enum"] = [*node["enum"], None]
        for value in node.values():
            _nullable_everywhere(value)
    elif isinstance(node, list):
        for value in node:
            _nullable_everywhere(value)


def _closed_objects(schemas: dict[str, Any]) -> None:
    """Answers carry only published fields: each schema's allOf parts are merged into one
    object, and every object with properties refuses others (the document leaves
    additionalProperties open, which would let an invented field through). An object published
    with an empty list of properties (a conversation message's sender) names no members to
    check against, and stays open."""

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = schemas[node["$ref"].rsplit("/", 1)[-1]]
        return node

    for name, schema in list(schemas.items()):
        if "allOf" in schema:
            properties: dict[str, Any] = {}
            for part in schema["allOf"]:
                properties.update(resolve(part).get("properties", {}))
            schemas[name] = {"type": "object", "properties": properties}

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("properties") and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schemas)


# What a list's `meta` holds: the paging guide's `paging.next` / `paging.previous` and the
# `records` count (the `list-meta` entry of the tolerated list).
_META = {
    "type": "object",
    "properties": {
        "paging": {
            "type": "object",
            "properties": {"next": {"type": "string"}, "previous": {"type": "string"}},
            "additionalProperties": False,
        },
        "records": {"type": "integer", "minimum": 0},
    },
    "additionalProperties": False,
}


def openapi(document: dict[str, Any], tolerated: Iterable[Tolerated] = TOLERATED) -> OpenAPI:
    spec = copy.deepcopy(document)
    # The published servers are Clio's regions; the paths are the same under ours.
    spec["servers"] = [{"url": API_PREFIX}]
    schemas = spec["components"]["schemas"]
    allowed = {entry.id for entry in tolerated if entry.where == "schema"}
    _closed_objects(schemas)
    if "list-meta" in allowed:
        for name, schema in schemas.items():
            if name.endswith("_List") and "data" in schema.get("properties", {}):
                schema["properties"]["meta"] = copy.deepcopy(_META)
    if "nullable" in allowed:
        _nullable_everywhere(schemas)
    # The published document repeats a tag name, which openapi-spec-validator refuses; the
    # document's own consistency is not what is checked here, the traffic is.
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


# ---------------------------------------------------------------------------------------------
# checks


def _errors(error: BaseException) -> Iterator[str]:
    """The readable reasons inside an openapi-core validation error, each after what was being
    validated (e.g. "Invalid query parameter: status")."""
    seen = False
    cause: BaseException | None = error
    while cause is not None and not seen:
        for inner in getattr(cause, "schema_errors", None) or ():
            seen = True
            location = "/".join(str(p) for p in getattr(inner, "absolute_path", ()))
            head = str(error) if len(str(error)) < 120 else type(error).__name__
            yield f"{head}: {location}: {getattr(inner, 'message', inner)}"
        cause = cause.__cause__ or cause.__context__
    if not seen:
        yield f"{type(error).__name__}: {error}"


def _content_type(exchange: Exchange) -> str:
    """The answer's media type as the document names it. JSON text is UTF-8 whatever the
    header says (RFC 8259), so `application/json` is the document's
    `application/json; charset=utf-8`."""
    text = exchange.header("Content-Type") or "application/json"
    media = text.split(";")[0].strip().lower()
    return "application/json; charset=utf-8" if media == "application/json" else text


def _error_validator(
    document: dict[str, Any], tolerated: Iterable[Tolerated]
) -> jsonschema.Draft4Validator:
    """The published Error shape, for error answers whose status an operation does not list."""
    schemas = copy.deepcopy(document["components"]["schemas"])
    allowed = {entry.id for entry in tolerated if entry.where == "schema"}
    _closed_objects(schemas)
    if "nullable" in allowed:
        _nullable_everywhere(schemas)
    _json_schema_nulls(schemas)
    root = {"$ref": "#/components/schemas/Error", "components": {"schemas": schemas}}
    return jsonschema.Draft4Validator(root)


def _json_schema_nulls(node: Any) -> None:
    """OpenAPI 3.0's `nullable` as plain JSON Schema."""
    if isinstance(node, dict):
        if node.pop("nullable", False) and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        for value in node.values():
            _json_schema_nulls(value)
    elif isinstance(node, list):
        for value in node:
            _json_schema_nulls(value)


def _response_problems(
    api: OpenAPI, errors: jsonschema.Draft4Validator, request: MockRequest, exchange: Exchange
) -> list[str]:
    response = MockResponse(
        exchange.response_body,
        status_code=exchange.status,
        headers=exchange.response_headers,
        content_type=_content_type(exchange),
    )
    try:
        api.validate_response(request, response)
    except ResponseNotFound:
        if exchange.status < 400:
            return [f"status {exchange.status} is not a published answer of this operation"]
        # The document lists a few error statuses per operation; any error answer must still
        # be in the published Error shape.
        try:
            body = json.loads(exchange.response_body)
        except ValueError:
            return [f"the {exchange.status} answer is not JSON"]
        return [
            f"{exchange.status} answer: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in errors.iter_errors(body)
        ]
    except Exception as error:  # every validation error is a finding
        return list(_errors(error))
    return []


def rate_limit_problems(exchange: Exchange) -> list[str]:
    """The X-RateLimit-* headers by their documented meaning: Limit the requests allowed in the
    window, Remaining what is left of them, Reset the Unix timestamp at which the window ends
    (within the next 60 s); a 429 says in Retry-After how many seconds to wait."""
    found: list[str] = []
    values: dict[str, int] = {}
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        text = exchange.header(name)
        if text is None:
            found.append(f"{name} is missing")
        elif not re.fullmatch(r"\d{1,12}", text.strip()):
            found.append(f"{name} {text!r} is not a whole number")
        else:
            values[name] = int(text)
    limit = values.get("X-RateLimit-Limit")
    remaining = values.get("X-RateLimit-Remaining")
    reset = values.get("X-RateLimit-Reset")
    if limit is not None and limit < 1:
        found.append(f"X-RateLimit-Limit {limit} allows no request")
    if limit is not None and remaining is not None and remaining > limit:
        found.append(f"X-RateLimit-Remaining {remaining} is above the limit {limit}")
    if reset is not None:
        at = exchange.received_at
        if reset <= RATE_WINDOW_SECONDS + CLOCK_SLACK_SECONDS:
            found.append(
                f"X-RateLimit-Reset {reset} reads as seconds until the window ends, not the"
                " Unix timestamp at which it ends"
            )
        elif (
            not at - CLOCK_SLACK_SECONDS <= reset <= at + RATE_WINDOW_SECONDS + CLOCK_SLACK_SECONDS
        ):
            found.append(
                f"X-RateLimit-Reset {reset} is not a Unix timestamp within the next"
                f" {RATE_WINDOW_SECONDS} s of the answer ({int(at)})"
            )
    if exchange.status == 429:
        retry = exchange.header("Retry-After")
        if retry is None or not re.fullmatch(r"\d{1,6}", retry.strip()):
            found.append(f"Retry-After {retry!r} is not a number of seconds")
    return found


def _matches(entry: Tolerated, problem: Problem) -> bool:
    return (
        entry.where == problem.where
        and re.search(entry.path, problem.exchange.path) is not None
        and re.search(entry.message, problem.message) is not None
    )


def check(
    exchanges: Iterable[Exchange],
    document: dict[str, Any],
    tolerated: tuple[Tolerated, ...] = TOLERATED,
) -> Verdict:
    api = openapi(document, tolerated)
    errors = _error_validator(document, tolerated)
    verdict = Verdict()
    found: list[Problem] = []
    for exchange in exchanges:
        request = MockRequest(
            "http://backend",
            exchange.method,
            API_PREFIX + exchange.path,
            args=exchange.query,  # type: ignore[arg-type]
            headers=exchange.request_headers,
            data=exchange.request_body,
            content_type=exchange.request_headers.get(
                "Content-Type", exchange.request_headers.get("content-type", "application/json")
            ),
        )
        try:
            api.validate_request(request)
        except (PathNotFound, OperationNotFound):
            verdict.outside.add(f"{exchange.method} {exchange.path}")
            continue
        except Exception as error:  # every validation error is a finding
            # A request the backend refused (a test of malformed input) is checked for the
            # shape of the refusal only.
            if exchange.status < 400:
                found.extend(Problem("request", exchange, text) for text in _errors(error))
        verdict.validated += 1
        if exchange.status != 304:  # a 304 has no body to validate
            found.extend(
                Problem("response", exchange, text)
                for text in _response_problems(api, errors, request, exchange)
            )
        found.extend(Problem("header", exchange, text) for text in rate_limit_problems(exchange))
    used: set[str] = set()
    for problem in found:
        entry = next((e for e in tolerated if _matches(e, problem)), None)
        if entry is None:
            verdict.problems.append(problem)
        else:
            problem.tolerated_by = entry.id
            used.add(entry.id)
            verdict.tolerated.append(problem)
    verdict.stale = [e.id for e in tolerated if e.always_seen and e.id not in used]
    return verdict


def summary(verdict: Verdict, limit: int = 40) -> str:
    """The problems, one line each, the same problem on many answers shown once."""
    lines: dict[str, int] = {}
    for problem in verdict.problems:
        key = f"[{problem.where}] {problem.exchange.method} {problem.exchange.path}: "
        key += json.dumps(problem.message)[1:-1][:300]
        lines[key] = lines.get(key, 0) + 1
    shown = [f"{text} (x{count})" for text, count in list(lines.items())[:limit]]
    if len(lines) > limit:
        shown.append(f"... and {len(lines) - limit} more")
    return "\n".join(shown)


# ---------------------------------------------------------------------------------------------
# recording a whole test run (opt-in): every backend the tests start sits behind a recorder

#: Set to 1 to record every backend a test run starts and check the traffic at the end.
RECORD_ENV = "ACCOUNT_DESK_RECORD_CONFORMANCE"
#: Exchanges kept whole per method and path shape; past that only the headers are checked
#: (lists paged thousands of times would otherwise fill the memory).
KEEP_PER_SHAPE = 25


class SuiteRecorder:
    def __init__(self) -> None:
        self.kept: list[Exchange] = []
        self.header_problems: list[Problem] = []
        self.seen = 0
        self._per_shape: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, exchange: Exchange) -> None:
        shape = exchange.method + " " + re.sub(r"/\d+", "/{id}", exchange.path)
        with self._lock:
            self.seen += 1
            count = self._per_shape.get(shape, 0)
            self._per_shape[shape] = count + 1
            if count < KEEP_PER_SHAPE or exchange.status >= 300:
                self.kept.append(exchange)
                return
        problems = [Problem("header", exchange, text) for text in rate_limit_problems(exchange)]
        with self._lock:
            self.header_problems.extend(problems)

    def verdict(self, document: dict[str, Any]) -> Verdict:
        with self._lock:
            kept, extra = list(self.kept), list(self.header_problems)
        verdict = check(kept, document)
        for problem in extra:
            entry = next((e for e in TOLERATED if _matches(e, problem)), None)
            problem.tolerated_by = entry.id if entry else None
            (verdict.tolerated if entry else verdict.problems).append(problem)
        verdict.stale = []  # a partial run need not meet every entry
        return verdict


SUITE = SuiteRecorder()


class _SuiteProxy(RecordingProxy):
    def forward(
        self, listener: str, method: str, path_and_query: str, headers: Any, body: bytes
    ) -> Upstream:
        before = len(self.exchanges)
        upstream = super().forward(listener, method, path_and_query, headers, body)
        with self._record_lock:
            fresh = self.exchanges[before:]
            del self.exchanges[before:]
        for exchange in fresh:
            SUITE.add(exchange)
        return upstream


def record_through_proxy(url: str, files_url: str) -> tuple[str, str, Any]:
    """A recorder in front of a backend: its two addresses, and how to stop it."""

    @dataclass
    class _Target:
        url: str
        files_url: str

    proxy = _SuiteProxy(_Target(url, files_url)).start()
    return proxy.url, proxy.files_url, proxy.stop
