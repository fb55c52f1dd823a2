"""Per-token rate limiting of the API listener and the X-RateLimit-* headers on every response,
and the lock-out of an address that keeps failing to sign in.

A fixed window per valid access token (or per client address for requests without one, or
with a token that is not valid): at most
`limit` requests in each window of `window` seconds, counted from the window's first request.
The headers are the ones Clio documents: `X-RateLimit-Limit` (requests allowed in a window),
`X-RateLimit-Remaining` (left in the current one) and `X-RateLimit-Reset`, the Unix timestamp
(whole seconds, rounded up) at which the current window ends. Over the limit the answer is 429
with `Retry-After` in seconds. `--rate-limit` alone is Clio's limit, 50 requests per 60 s;
without it the headers are still sent, with a large limit, so clients can rely on them.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from server import auth
from server.errors import error_body
from server.state import ServerState

UNLIMITED = (1_000_000, 60.0)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the window starts over, rounded up (Retry-After)
    reset_at: int  # Unix timestamp of the window's end, rounded up (X-RateLimit-Reset)

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"x-ratelimit-limit", str(self.limit).encode()),
            (b"x-ratelimit-remaining", str(self.remaining).encode()),
            (b"x-ratelimit-reset", str(self.reset_at).encode()),
        ]


class RateLimiter:
    def __init__(
        self,
        limit: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._wall = wall  # the Unix time the window's end is told in
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (window start, requests)
        self._lock = threading.Lock()

    def hit(self, key: str) -> Decision:
        now, wall = self._clock(), self._wall()
        with self._lock:
            start, used = self._windows.get(key, (now, 0))
            if now - start >= self.window:
                start, used = now, 0
            allowed = used < self.limit
            if allowed:
                used += 1
            self._windows[key] = (start, used)
            if len(self._windows) > 10_000:
                self._forget_old(now)
        left = start + self.window - now
        # a hair under the exact figure so floating noise does not round 3.0 s up to 4
        reset = max(1, math.ceil(left - 1e-6))
        reset_at = math.ceil(wall + left - 1e-6)
        return Decision(allowed, self.limit, max(self.limit - used, 0), reset, reset_at)

    def _forget_old(self, now: float) -> None:
        for key in [k for k, (start, _) in self._windows.items() if now - start >= self.window]:
            del self._windows[key]


def _key(scope: Scope) -> str:
    """The bucket of a request: its access token's when the token is valid, otherwise its
    client address's. A made-up bearer string shares the address's bucket, or every guess would
    bring a fresh budget of its own."""
    token = _bearer(scope)
    if token is not None and _token_is_valid(scope, token):
        # keyed by a hash: the token itself is not kept in this table
        return "t:" + hashlib.sha256(token.encode()).hexdigest()
    return "a:" + _client_address(scope)


def _client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "?"


def _bearer(scope: Scope) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


def _token_is_valid(scope: Scope, token: str) -> bool:
    app = scope.get("app")
    state: ServerState | None = getattr(getattr(app, "state", None), "backend", None)
    return state is not None and auth.access_token_is_current(state, token)


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        decision = self.limiter.hit(_key(scope))
        if not decision.allowed:
            await self._too_many(send, decision)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *decision.headers()]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _too_many(send: Send, decision: Decision) -> None:
        body = json.dumps(
            error_body(
                "RateLimited",
                f"Rate limit exceeded: at most {decision.limit} requests per window;"
                f" retry in {decision.reset_seconds} s.",
            )
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(decision.reset_seconds).encode()),
            *decision.headers(),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install(app: FastAPI, state: ServerState) -> None:
    limit, window = state.options.rate_limit or UNLIMITED
    app.add_middleware(RateLimitMiddleware, limiter=RateLimiter(limit, window))


class SignInGuard:
    """Failed sign-in attempts per key (a client address): after `limit` failures within
    `window` seconds the key is locked out for `lockout` seconds, during which every attempt,
    right or wrong, is refused (429 with Retry-After) without being checked. So passwords cannot
    be guessed faster than `limit` per `window + lockout` seconds."""

    def __init__(
        self,
        limit: int,
        window: float,
        lockout: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.lockout = window if lockout is None else lockout
        self._clock = clock
        self._failures: dict[str, list[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """Seconds until `key` may try again, or None when it may try now."""
        now = self._clock()
        with self._lock:
            until = self._locked_until.get(key)
            if until is None:
                return None
            if now >= until:
                del self._locked_until[key]
                return None
        return max(1, math.ceil(until - now - 1e-6))

    def failed(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            recent = [t for t in self._failures.get(key, ()) if now - t < self.window]
            recent.append(now)
            if len(recent) >= self.limit:
                self._locked_until[key] = now + self.lockout
                self._failures.pop(key, None)
            else:
                self._failures[key] = recent
            if len(self._failures) > 10_000:
                for old in [k for k, v in self._failures.items() if now - v[-1] >= self.window]:
                    del self._failures[old]
