"""Rate limiting: every API response says how many requests are left and when the window ends
(`X-RateLimit-Reset`, a Unix timestamp, as Clio documents it), and past the limit a token gets
429 with Retry-After in seconds until its window starts over; made-up tokens share their
address's budget, and an address that keeps failing to sign in is locked out for a while."""

from __future__ import annotations

import math
import secrets
import time

import requests

from server.ratelimit import RateLimiter, SignInGuard
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.practice_api import TIMEOUT, DataApi

HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
MARGARET, MARGARET_PASSWORD = 1, "harbor-demo"


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


def test_made_up_bearer_tokens_share_the_address_budget(backend_factory) -> None:  # type: ignore[no-untyped-def]
    backend = backend_factory("--seed", "demo", "--rate-limit", "20/60")
    url = backend.url + "/api/v4/users.json"
    statuses = []
    with requests.Session() as web:
        for _ in range(60):
            guess = {"Authorization": f"Bearer {secrets.token_urlsafe(32)}"}
            statuses.append(web.get(url, headers=guess, timeout=TIMEOUT).status_code)
    assert statuses[:20] == [401] * 20
    assert statuses[20:] == [429] * 40, "a new made-up token must not bring a new budget"
    # without any token, the same address is out of budget too
    assert requests.get(url, timeout=TIMEOUT).status_code == 429
    # a real token has its own budget
    assert DataApi(backend, backend.issue_token("staff")).get("users.json").status_code == 200


def test_wrong_passwords_are_locked_out(backend_factory) -> None:  # type: ignore[no-untyped-def]
    backend = backend_factory("--seed", "demo")
    _, challenge = ob.pkce_pair()
    page = ob.open_sign_in_page(backend.url, ob.authorize_params(challenge))
    statuses = []
    for attempt in range(60):
        answer = ob.submit_sign_in(backend.url, page, MARGARET, f"guess-{attempt}")
        statuses.append(answer.status_code)
        assert "code=" not in answer.headers.get("Location", "")
    assert 429 in statuses, "60 wrong passwords in a row must be locked out"
    first = statuses.index(429)
    assert first <= 20 and set(statuses[first:]) == {429}
    locked = ob.submit_sign_in(backend.url, page, MARGARET, MARGARET_PASSWORD)
    assert locked.status_code == 429, "while locked out, even the right password is not checked"
    assert 1 <= int(locked.headers["Retry-After"]) <= 60
    assert "Too many failed sign-ins" in locked.text


def test_refused_token_grants_are_locked_out(backend_factory) -> None:  # type: ignore[no-untyped-def]
    backend = backend_factory("--seed", "demo", "--sign-in-limit", "5/30")
    verifier, _ = ob.pkce_pair()
    answers = [ob.exchange(backend.url, secrets.token_urlsafe(32), verifier) for _ in range(8)]
    assert [a.status_code for a in answers] == [400] * 5 + [429] * 3
    assert answers[-1].json()["error"] == "temporarily_unavailable"
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 30
    # a guess at a refresh token is refused by the same lock, before it is checked
    assert ob.refresh(backend.url, secrets.token_urlsafe(32)).status_code == 429
    # the sign-in page is another kind of attempt with its own count: it still gives a code
    _, challenge = ob.pkce_pair()
    assert ob.get_code(backend.url, MARGARET, MARGARET_PASSWORD, challenge)


def test_a_lock_out_lasts_its_delay_then_attempts_count_afresh() -> None:
    now = [0.0]
    guard = SignInGuard(3, 10.0, lockout=30.0, clock=lambda: now[0])
    for _ in range(2):
        guard.failed("a")
        now[0] += 1
    assert guard.retry_after("a") is None
    guard.failed("a")
    assert guard.retry_after("a") == 30
    assert guard.retry_after("b") is None  # another address is not locked
    now[0] += 29.5
    assert guard.retry_after("a") == 1
    now[0] += 0.5
    assert guard.retry_after("a") is None
    guard.failed("a")
    assert guard.retry_after("a") is None  # failures before the lock-out no longer count
    now[0] += 20  # failures older than the window are forgotten
    guard.failed("a")
    guard.failed("a")
    assert guard.retry_after("a") is None


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
