"""The one HTTP session: retries, time-outs, pacing, refresh, the token rule, error mapping.

Faults a correct server never produces come from tests/support/faulty_server.py.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

import app
from app.errors import (
    AuthenticationRequired,
    BadResponse,
    Cancelled,
    ConnectionFailed,
    Gone,
    InsecureURL,
    NotFound,
    PermissionDenied,
    ServerError,
    TimedOut,
)
from app.net.http import RECEIVE_BUFFER, HttpSession, RetryPolicy, Timeouts, origin_of
from tests.support.backend import RunningBackend
from tests.support.faulty_server import (
    FaultyServer,
    Json,
    RangeFile,
    RateLimited,
    Raw,
    Redirect,
    RequireToken,
    ResetMidBody,
    Slow,
    Status,
    Truncated,
)
from tests.support.parallel import in_threads

FAST = RetryPolicy(max_attempts=4, backoff_base=0.01, backoff_max=0.05)


def session(server: FaultyServer, **kwargs: object) -> HttpSession:
    options: dict[str, object] = {"retry": FAST, "timeouts": Timeouts(connect=2, read=2)}
    options.update(kwargs)
    return HttpSession(server.url, **options)  # type: ignore[arg-type]


def test_every_request_says_who_it_is_and_which_api_version(faulty_server: FaultyServer) -> None:
    faulty_server.route("/api/v4/users/who_am_i.json", Json({"data": {"id": 2}}))
    http = session(faulty_server)
    http.set_token("tok-1")

    assert http.get_json("/api/v4/users/who_am_i.json") == {"data": {"id": 2}}

    (sent,) = faulty_server.requests
    assert sent.header("X-API-VERSION") == "4.0.9"
    assert sent.header("User-Agent").startswith(f"AccountDesk/{app.__version__} (")
    assert sent.header("Authorization") == "Bearer tok-1"


def test_get_survives_a_burst_of_500_502_503(faulty_server: FaultyServer) -> None:
    url = faulty_server.route(
        "/api/v4/matters.json", Status(503), Status(502), Status(500), Json({"data": [1]})
    )
    assert session(faulty_server).get_json(url) == {"data": [1]}
    assert len(faulty_server.requests) == 4


def test_persistent_server_error_ends_in_a_readable_error(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/x", Status(503))
    with pytest.raises(ServerError) as caught:
        session(faulty_server).get_json(url)
    assert "server had a problem" in str(caught.value)
    assert len(faulty_server.requests) == FAST.max_attempts


def test_post_is_not_retried_unless_idempotent(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/feedback", Status(503), Json({"id": 9}, status=201))
    with pytest.raises(ServerError):
        session(faulty_server).post_json(url, {"helpful": True})
    assert len(faulty_server.requests) == 1


def test_post_with_idempotency_key_is_retried_with_the_same_key(
    faulty_server: FaultyServer,
) -> None:
    url = faulty_server.route("/cancellation", Status(502), Json({"account_status": "closed"}))
    answer = session(faulty_server).post_json(url, {"x": 1}, headers={"Idempotency-Key": "k-1"})
    assert answer == {"account_status": "closed"}
    keys = [r.header("Idempotency-Key") for r in faulty_server.requests]
    assert keys == ["k-1", "k-1"]
    assert faulty_server.requests[1].body == b'{"x": 1}'


def test_500_on_post_is_never_retried_even_with_a_key(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/cancellation", Status(500), Json({}))
    with pytest.raises(ServerError):
        session(faulty_server).post_json(url, {}, headers={"Idempotency-Key": "k"})
    assert len(faulty_server.requests) == 1


def test_connection_reset_mid_body_is_retried(faulty_server: FaultyServer) -> None:
    body = b'{"data": [' + b"1," * 5000 + b"2]}"
    url = faulty_server.route("/page", ResetMidBody(body, cut_at=1000), Raw(body))
    page = session(faulty_server).get_json(url)
    assert len(page["data"]) == 5001
    assert len(faulty_server.requests) == 2


def test_truncated_body_is_retried(faulty_server: FaultyServer) -> None:
    body = b'{"data": [1, 2, 3]}'
    url = faulty_server.route("/page", Truncated(body, cut_at=7), Raw(body))
    assert session(faulty_server).get_json(url) == {"data": [1, 2, 3]}
    assert len(faulty_server.requests) == 2


def test_truncated_body_every_time_gives_connection_failed(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/page", Truncated(b'{"data": []}', cut_at=3))
    with pytest.raises(ConnectionFailed) as caught:
        session(faulty_server).get_json(url)
    assert caught.value.retryable


def test_malformed_json_is_a_bad_response(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/page", Raw(b'{"data": [1, 2'))
    with pytest.raises(BadResponse) as caught:
        session(faulty_server).get_json(url)
    assert "cannot read" in str(caught.value)


def test_read_timeout_is_retried_for_get(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/slow", Slow(5.0), Json({"ok": 1}))
    http = session(faulty_server, timeouts=Timeouts(connect=2, read=0.3))
    started = time.monotonic()
    assert http.get_json(url) == {"ok": 1}
    assert time.monotonic() - started < 4.0  # did not wait for the slow answer
    assert len(faulty_server.requests) == 2


def test_read_timeout_on_plain_post_is_not_retried(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/slow", Slow(5.0), Json({"ok": 1}))
    http = session(faulty_server, timeouts=Timeouts(connect=2, read=0.3))
    with pytest.raises(TimedOut) as caught:
        http.post_json(url, {})
    assert "took too long" in str(caught.value)
    assert len(faulty_server.requests) == 1


def test_stall_mid_body_is_a_timeout_then_retried(faulty_server: FaultyServer) -> None:
    body = b'{"data": "' + b"x" * 2000 + b'"}'
    url = faulty_server.route("/stall", Slow(5.0, Raw(body), stall_body=True), Raw(body))
    http = session(faulty_server, timeouts=Timeouts(connect=2, read=0.3))
    assert len(http.get_json(url)["data"]) == 2000


def test_connection_refused_is_connection_failed() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    http = HttpSession(f"http://127.0.0.1:{port}", retry=FAST)
    with pytest.raises(ConnectionFailed) as caught:
        http.get_json("/api/v4/users.json")
    assert "could not reach the server" in str(caught.value)


@pytest.mark.parametrize(
    ("status", "error_class", "error_type"),
    [
        (403, PermissionDenied, "not_primary_subscriber"),
        (404, NotFound, "NotFound"),
        (410, Gone, "ContentDeleted"),
    ],
)
def test_error_statuses_map_to_typed_errors(
    faulty_server: FaultyServer, status: int, error_class: type[Exception], error_type: str
) -> None:
    url = faulty_server.route("/x", Status(status, error_type))
    with pytest.raises(error_class) as caught:
        session(faulty_server).get_json(url)
    assert caught.value.error_type == error_type  # type: ignore[attr-defined]
    assert caught.value.status == status  # type: ignore[attr-defined]
    assert len(faulty_server.requests) == 1  # permanent: not retried


def test_429_waits_retry_after_then_succeeds(faulty_server: FaultyServer) -> None:
    url = faulty_server.route(
        "/x", Status(429, "RateLimited", {"Retry-After": "0.4"}), Json({"ok": True})
    )
    assert session(faulty_server).get_json(url) == {"ok": True}
    first, second = faulty_server.requests
    assert second.at - first.at >= 0.35


@pytest.mark.slow
def test_parallel_workers_pace_themselves_under_a_tight_limit(
    faulty_server: FaultyServer,
) -> None:
    limit = RateLimited(limit=20, window=1.0)
    url = faulty_server.route("/api/v4/contacts.json", limit)
    http = session(faulty_server)
    elapsed, errors = in_threads(lambda: http.get_json(url), threads=8, each=10)
    assert not errors
    assert limit.served == 80
    assert limit.rejected <= 1  # pacing, not bouncing off 429s
    # 80 requests at 20/s: 4 windows, the first starting at once -> a little over 3 s.
    assert limit.served / elapsed >= 0.9 * 20


def test_expired_token_is_refreshed_once_then_the_request_repeats(
    faulty_server: FaultyServer,
) -> None:
    guard = RequireToken("new", Json({"data": {"id": 1}}))
    url = faulty_server.route("/api/v4/users/who_am_i.json", guard)
    http = session(faulty_server)
    http.set_token("old")
    calls: list[int] = []

    def refresh() -> str:
        calls.append(1)
        return "new"

    http.set_refresher(refresh)
    assert http.get_json(url) == {"data": {"id": 1}}
    assert calls == [1]
    assert [r.header("Authorization") for r in faulty_server.requests] == [
        "Bearer old",
        "Bearer new",
    ]


def test_concurrent_401s_share_one_refresh(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/x", RequireToken("fresh"))
    http = session(faulty_server)
    http.set_token("stale")
    calls: list[int] = []
    gate = threading.Barrier(8)

    def refresh() -> str:
        calls.append(1)
        return "fresh"

    http.set_refresher(refresh)
    results: list[object] = []

    def worker() -> None:
        gate.wait(timeout=10)
        results.append(http.get_json(url))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(results) == 8
    assert calls == [1]


def test_failed_refresh_means_sign_in_again(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/x", RequireToken("never"))
    http = session(faulty_server)
    http.set_token("old")

    def refresh() -> str:
        raise RuntimeError("refresh token revoked")

    http.set_refresher(refresh)
    with pytest.raises(AuthenticationRequired) as caught:
        http.get_json(url)
    assert "sign in again" in str(caught.value)
    assert not http.has_token


def test_401_without_a_refresher_is_authentication_required(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/x", RequireToken("other"))
    http = session(faulty_server)
    http.set_token("mine")
    with pytest.raises(AuthenticationRequired):
        http.get_json(url)


def test_303_to_another_origin_never_carries_the_token(
    faulty_server_factory: Callable[[], FaultyServer],
) -> None:
    api, files = faulty_server_factory(), faulty_server_factory()
    data = bytes(range(256)) * 40
    file_url = files.route("/f/7", RangeFile(data, refuse_authorization=True))
    api.route("/api/v4/documents/7/download.json", Redirect(file_url + "?sig=abc", 303))
    http = session(api)
    http.set_token("secret-token")

    with http.stream_download("/api/v4/documents/7/download.json") as download:
        received = b"".join(download.iter_chunks())

    assert received == data
    assert download.sha256 is not None
    assert api.requests[0].header("Authorization") == "Bearer secret-token"
    (hop,) = files.requests
    assert hop.header("Authorization") is None
    assert hop.header("X-API-VERSION") is None
    assert hop.query == "sig=abc"


def test_a_netrc_login_for_the_host_is_never_sent(
    faulty_server_factory: Callable[[], FaultyServer],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A person's ~/.netrc (kept for curl or git) may name the service's host: the API still
    gets the bearer token, and the file origin still gets no credentials."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    api, files = faulty_server_factory(), faulty_server_factory()
    data = b"x" * 1000
    file_url = files.route("/f/7", RangeFile(data, refuse_authorization=True))
    api.route("/api/v4/documents/7/download.json", Redirect(file_url, 303))
    http = session(api)
    http.set_token("secret-token")

    with http.stream_download("/api/v4/documents/7/download.json") as download:
        assert b"".join(download.iter_chunks()) == data

    assert api.requests[0].header("Authorization") == "Bearer secret-token"
    assert files.requests[0].header("Authorization") is None


def test_explicit_authorization_header_is_dropped_on_a_cross_origin_hop(
    faulty_server_factory: Callable[[], FaultyServer],
) -> None:
    api, other = faulty_server_factory(), faulty_server_factory()
    target = other.route("/landing", Json({"ok": True}))
    api.route("/go", Redirect(target, 302))
    http = session(api)
    assert http.get_json("/go", headers={"Authorization": "Bearer handmade"}) == {"ok": True}
    assert other.requests[0].header("Authorization") is None


def test_plain_http_is_refused_except_to_loopback(faulty_server: FaultyServer) -> None:
    with pytest.raises(InsecureURL):
        HttpSession("http://app.clio.com")
    with pytest.raises(InsecureURL):
        HttpSession("ftp://app.clio.com")
    for loopback in (
        "http://127.0.0.1:9",
        "http://127.5.6.7",
        "http://[::1]:8",
        "http://localhost",
    ):
        HttpSession(loopback)
    HttpSession("https://eu.app.clio.com")

    http = session(faulty_server)
    with pytest.raises(InsecureURL) as caught:
        http.get_json("http://example.com/api/v4/users.json")
    assert "secure (https)" in str(caught.value)
    faulty_server.route("/go", Redirect("http://example.com/steal", 303))
    with pytest.raises(InsecureURL):
        http.get_json("/go")


def test_download_resumes_after_a_reset_with_a_range(faulty_server: FaultyServer) -> None:
    data = b"0123456789" * 10_000
    url = faulty_server.route("/f", ResetMidBody(data, cut_at=30_000), RangeFile(data))
    http = session(faulty_server)
    received = bytearray()
    with pytest.raises(ConnectionFailed), http.stream_download(url) as first:
        for chunk in first.iter_chunks(4096):
            received.extend(chunk)
    assert 0 < len(received) < len(data)

    resume_at = len(received)
    with http.stream_download(url, offset=resume_at) as rest:
        assert rest.status == 206
        assert rest.offset == len(received)
        assert rest.total_size == len(data)
        for chunk in rest.iter_chunks():
            received.extend(chunk)
    assert bytes(received) == data
    assert faulty_server.requests[-1].header("Range") == f"bytes={resume_at}-"


def test_download_offset_at_the_end_is_complete(faulty_server: FaultyServer) -> None:
    data = b"abc" * 100
    url = faulty_server.route("/f", RangeFile(data))
    with session(faulty_server).stream_download(url, offset=len(data)) as done:
        assert done.complete
        assert done.total_size == len(data)
        assert list(done.iter_chunks()) == []


def test_cancel_interrupts_a_long_rate_limit_wait(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/x", Status(429, "RateLimited", {"Retry-After": "60"}))
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        session(faulty_server).get_json(url, cancel=cancel)
    assert time.monotonic() - started < 5
    timer.cancel()


def test_already_cancelled_sends_nothing(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/x", Json({}))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        session(faulty_server).get_json(url, cancel=cancel)
    assert faulty_server.requests == []


def test_paging_follows_next_links(faulty_server: FaultyServer) -> None:
    page2 = faulty_server.route("/p2", Json({"data": [3], "meta": {"paging": {}}}))
    faulty_server.route("/p1", Json({"data": [1, 2], "meta": {"paging": {"next": page2}}}))
    pages = list(session(faulty_server).get_paged("/p1", {"limit": 2}))
    assert [p["data"] for p in pages] == [[1, 2], [3]]
    assert faulty_server.requests[0].query == "limit=2"


# --------------------------------------------------------------------------- real backend


def test_document_download_hops_to_the_file_origin_without_the_token(
    demo_backend: RunningBackend,
) -> None:
    # The reference file listener refuses any request carrying Authorization, so a leaked
    # token would fail this download loudly.
    http = HttpSession(demo_backend.url)
    http.set_token(demo_backend.issue_token("administrator"))
    listing = http.get_json("/api/v4/documents.json", {"fields": "id,size", "limit": 1})
    document = listing["data"][0]

    with http.stream_download(f"/api/v4/documents/{document['id']}/download.json") as download:
        body = b"".join(download.iter_chunks())

    assert len(body) == document["size"] == download.total_size
    assert download.sha256 == hashlib.sha256(body).hexdigest()
    assert origin_of(download.response.url) == origin_of(demo_backend.files_url)


def test_bearer_token_sent_to_the_file_origin_would_be_refused(
    demo_backend: RunningBackend,
) -> None:
    """The check above can fail: the file listener really refuses a request with a token."""
    token = demo_backend.issue_token("administrator")
    location = requests.get(
        demo_backend.url + "/api/v4/documents/1/download.json",
        headers={"Authorization": f"Bearer {token}"},
        allow_redirects=False,
        timeout=30,
    ).headers["Location"]
    leaked = requests.get(location, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert leaked.status_code in (400, 403)


@pytest.mark.slow
def test_workers_pace_themselves_under_the_backends_rate_limit(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    # X-RateLimit-Reset is in whole seconds (a Unix timestamp): a window a few seconds long
    # would be mostly rounding, so this one is 8 s (Clio's is 60 s)
    backend = backend_factory("--seed", "demo", "--rate-limit", "40/8")
    http = HttpSession(backend.url, retry=FAST)
    http.set_token(backend.issue_token("administrator"))
    rate_limited: list[int] = []
    http_logger = logging.getLogger("app.net.http")

    class Count429(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("429"):
                rate_limited.append(1)

    handler = Count429(logging.WARNING)
    http_logger.addHandler(handler)
    try:
        elapsed, errors = in_threads(
            lambda: http.get_json("/api/v4/users.json", {"fields": "id"}),
            threads=8,
            each=10,
            timeout=120,
        )
    finally:
        http_logger.removeHandler(handler)
    assert not errors
    assert len(rate_limited) <= 1
    # 80 requests under 5/s: at least 0.9 of the limit, however the windows fall.
    assert 80 / elapsed >= 0.9 * 5


def test_cookies_are_never_kept_or_sent(faulty_server: FaultyServer) -> None:
    url = faulty_server.route("/x", Json({}, headers={"Set-Cookie": "sid=abc; Path=/"}))
    http = session(faulty_server)
    http.get_json(url)
    http.get_json(url)
    assert [r.header("Cookie") for r in faulty_server.requests] == [None, None]


def test_a_429_waits_its_retry_after_not_the_rest_of_an_earlier_long_window() -> None:
    from app.net.http import RateLimiter

    now = [1000.0]
    limiter = RateLimiter(clock=lambda: now[0])
    seq = limiter.acquire()
    # an earlier answer announced a generous window that ends in 60 s
    limiter.release(seq, {"X-RateLimit-Remaining": "999", "X-RateLimit-Reset": "60"})
    limiter.blocked(0.2)  # then a 429 said: try again in 0.2 s
    assert limiter._wait_needed(now[0]) == pytest.approx(0.2)
    now[0] += 0.25
    assert limiter._wait_needed(now[0]) == 0.0, "after Retry-After the next request may go"


def test_connections_have_a_bounded_receive_buffer(faulty_server: FaultyServer) -> None:
    """What a killed export had received but not written is fetched again: the buffer that
    holds it is bounded instead of growing to megabytes on a fast connection."""
    session = HttpSession(faulty_server.url)
    try:
        adapter = session._session.get_adapter(faulty_server.url)
        pool = adapter.poolmanager.connection_from_url(faulty_server.url)
        connection = pool._get_conn()
        connection.connect()
        size = connection.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
        connection.close()
    finally:
        session.close()
    assert RECEIVE_BUFFER <= size <= 2 * RECEIVE_BUFFER  # Linux doubles the asked size
