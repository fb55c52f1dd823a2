"""Rate limiting: every API response says how many requests are left and when the window ends
(`X-RateLimit-Reset`, a Unix timestamp, as Clio documents it), and past the limit a token gets
429 with Retry-After in seconds until its window starts over."""

from __future__ import annotations

import math
import time

import requests

from server.ratelimit import RateLimiter
from tests.support.backend import RunningBackend
from tests.support.practice_api import TIMEOUT, DataApi

HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def test_headers_are_on_every_answer_even_without_a_limit(demo_backend: RunningBackend) -> None:
    api = DataApi(demo_backend, demo_backend.issue_token("staff"))
    answers = [
        api.get("matters.json", limit=1),  # 200
        api.get("matters.json", fields="nope"),  # 400
        api.get("matters/999999.json"),  # 404
        api.get("documents/1/download.json"),  # 303
        requests.get(demo_backend.url + "/api/v4/matters.json", timeout=TIMEOUT),  # 401
    ]
    assert [a.status_code for a in answers] == [200, 400, 404, 303, 401]
    for answer in answers:
        assert all(name in answer.headers for name in HEADERS), answer.headers
        assert int(answer.headers["X-RateLimit-Limit"]) >= 1000


def test_over_the_limit_is_429_with_retry_after(backend_factory) -> None:  # type: ignore[no-untyped-def]
    backend = backend_factory("--seed", "demo", "--rate-limit", "5/4")
    api = DataApi(backend, backend.issue_token("administrator"))
    remaining, resets = [], []
    first = time.time()
    for _ in range(5):
        answer = api.get("users.json")
        assert answer.status_code == 200
        assert answer.headers["X-RateLimit-Limit"] == "5"
        remaining.append(int(answer.headers["X-RateLimit-Remaining"]))
        # the window's end as a Unix timestamp in whole seconds: 4 s after its first request
        reset = answer.headers["X-RateLimit-Reset"]
        assert reset.isdigit(), reset
        resets.append(int(reset))
    assert remaining == [4, 3, 2, 1, 0]
    assert len(set(resets)) == 1  # one window
    assert math.floor(first) + 4 <= resets[0] <= math.ceil(time.time()) + 4
    refused = api.get("users.json")
    assert refused.status_code == 429
    assert refused.json()["error"]["type"] == "RateLimited"
    retry_after = int(refused.headers["Retry-After"])
    assert 1 <= retry_after <= 4
    assert refused.headers["X-RateLimit-Remaining"] == "0"

    # another token has its own budget
    other = DataApi(backend, backend.issue_token("attorney"))
    assert other.get("users.json").status_code == 200

    # once the window is over, the first token may go on (poll, bounded by Retry-After)
    deadline = time.monotonic() + retry_after + 2
    while (answer := api.get("users.json")).status_code == 429:
        assert time.monotonic() < deadline, "the window did not reset in time"
        time.sleep(0.1)  # polling interval
    assert answer.status_code == 200
    assert answer.headers["X-RateLimit-Remaining"] == "4"


def test_the_window_counts_from_its_first_request() -> None:
    now = [100.0]
    limiter = RateLimiter(3, 10.0, clock=lambda: now[0])
    assert [limiter.hit("a").remaining for _ in range(3)] == [2, 1, 0]
    now[0] = 107.5
    refused = limiter.hit("a")
    assert not refused.allowed and refused.reset_seconds == 3
    assert limiter.hit("b").allowed  # keys do not share a window
    now[0] = 110.0
    fresh = limiter.hit("a")
    assert fresh.allowed and fresh.remaining == 2 and fresh.reset_seconds == 10


def test_reset_is_the_unix_time_the_window_ends(backend_factory) -> None:  # type: ignore[no-untyped-def]
    """Clio's limit by default of the option: 50 requests per token in each 60 s window."""
    backend = backend_factory("--seed", "demo", "--rate-limit")
    api = DataApi(backend, backend.issue_token("staff"))
    before = time.time()
    answers = [api.get("matters.json", limit=1) for _ in range(3)]
    after = time.time()
    assert [a.headers["X-RateLimit-Limit"] for a in answers] == ["50"] * 3
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["49", "48", "47"]
    for answer in answers:
        reset = int(answer.headers["X-RateLimit-Reset"])
        assert math.floor(before) <= reset <= math.ceil(after) + 60
        assert reset >= math.floor(before) + 59  # counted from the window's first request


def test_the_window_end_is_told_in_unix_time() -> None:
    now, wall = [100.0], [1_790_000_000.25]
    limiter = RateLimiter(2, 60.0, clock=lambda: now[0], wall=lambda: wall[0])
    first = limiter.hit("a")
    assert (first.reset_seconds, first.reset_at) == (60, 1_790_000_061)  # rounded up
    now[0] += 59.5
    wall[0] += 59.5
    second = limiter.hit("a")
    assert (second.reset_seconds, second.reset_at) == (1, 1_790_000_061)
