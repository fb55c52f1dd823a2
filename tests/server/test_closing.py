"""Closing the account on the reference backend, over real HTTP: idempotency, who may close,
fresh sign-in, and what every user can still do afterwards until the content is deleted."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests

from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.oauth_browser import token_for

V1 = "/self-service/v1"
WHO_AM_I = "/api/v4/users/who_am_i.json"
MARGARET, DANIEL, ELEANOR, RAFAEL, PRIYA = 1, 2, 3, 4, 5
CLOSE = {"confirm_firm_name": "  harbor & FINCH llp ", "reason_code": "switched_service"}
SUPPORT = {
    "phone": "+1-888-858-2546",
    "option": "2",
    "hours": "Monday to Friday, 8 a.m. to 8 p.m. Eastern",
}


def _get(backend: RunningBackend, path: str, token: str) -> requests.Response:
    return requests.get(backend.url + path, headers=ob.bearer(token), timeout=10)


def _close(
    backend: RunningBackend, token: str, key: str | None, body: Any = CLOSE
) -> requests.Response:
    headers = ob.bearer(token)
    if key is not None:
        headers["Idempotency-Key"] = key
    return requests.post(backend.url + V1 + "/cancellation", json=body, headers=headers, timeout=10)


def _advance(backend: RunningBackend, token: str, **step: int) -> None:
    answer = requests.post(
        backend.url + V1 + "/demo/clock", json=step, headers=ob.bearer(token), timeout=10
    )
    assert answer.status_code == 200, answer.text


def _closings(backend: RunningBackend) -> int:
    with sqlite3.connect(backend.data_dir / "backend.sqlite3") as con:
        return int(con.execute("SELECT count(*) FROM cancellations").fetchone()[0])


def _error(answer: requests.Response) -> str:
    return str(answer.json()["error"]["type"])


def test_same_key_twice_closes_once_and_answers_the_same_bytes(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T12:00:00Z")
    token = token_for(backend.url, MARGARET)
    body = {**CLOSE, "comment": "Moving to a new system.", "designated_user_id": DANIEL}
    first = _close(backend, token, "close-1", body)
    assert first.status_code == 200, first.text
    closed = first.json()
    assert closed["account_status"] == "closed"
    assert closed["closed_at"].startswith("2026-11-24T12:")
    assert closed["content_last_day"] == "2027-02-22"
    assert closed["content_deleted_at"] == "2027-02-23T00:00:00Z"
    assert closed["content_deleted"] is False
    assert (closed["escrow_last_day"], closed["escrow_ends_at"]) == (
        "2027-05-24",
        "2027-05-25T00:00:00Z",
    )
    assert closed["designated_user"]["name"] == "Daniel Okafor"

    again = _close(backend, token, "close-1", body)
    assert (again.status_code, again.content) == (200, first.content)
    assert _closings(backend) == 1

    other_key = _close(backend, token, "close-2", body)
    assert (other_key.status_code, _error(other_key)) == (409, "already_closed")
    assert _closings(backend) == 1
    with sqlite3.connect(backend.data_dir / "backend.sqlite3") as con:
        row = con.execute("SELECT reason_code, comment, designated_user_id FROM cancellations")
        assert row.fetchone() == ("switched_service", "Moving to a new system.", DANIEL)


def test_concurrent_requests_close_once(backend_factory: Callable[..., RunningBackend]) -> None:
    backend = backend_factory("--seed", "demo")
    token = token_for(backend.url, MARGARET)
    keys = ["double-click", "double-click", "double-click", "other-window", "other-window"]
    start = threading.Barrier(len(keys))
    answers: dict[int, requests.Response] = {}

    def send(index: int) -> None:
        start.wait(timeout=10)
        answers[index] = _close(backend, token, keys[index])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(keys))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert _closings(backend) == 1
    statuses = sorted(a.status_code for a in answers.values())
    winners = {keys[i] for i, a in answers.items() if a.status_code == 200}
    assert len(winners) == 1  # the key that closed answers 200 every time, the other 409
    assert statuses == (
        [200, 200, 200, 409, 409] if winners == {"double-click"} else [200, 200, 409, 409, 409]
    )
    assert len({a.content for a in answers.values() if a.status_code == 200}) == 1


def test_only_the_primary_subscriber_may_close(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo")
    for user in (ELEANOR, DANIEL, PRIYA):
        answer = _close(backend, token_for(backend.url, user), f"try-{user}")
        assert answer.status_code == 403
        body = answer.json()
        assert body["error"]["type"] == "not_primary_subscriber"
        assert body["support"].items() >= SUPPORT.items()
        assert body["primary_subscriber"]["name"] == "Margaret Harbor"
    assert _closings(backend) == 0
    account = _get(backend, V1 + "/account", token_for(backend.url, MARGARET)).json()
    assert account["status"] == "active"


def test_contract_account_needs_assisted_cancellation(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--contract-account")
    token = token_for(backend.url, MARGARET)
    account = _get(backend, V1 + "/account", token).json()
    assert account["self_service_cancellation"] == {"allowed": False, "reason": "contract_account"}
    answer = _close(backend, token, "k")
    assert (answer.status_code, _error(answer)) == (403, "assisted_cancellation_required")
    assert answer.json()["support"].items() >= SUPPORT.items()
    assert _closings(backend) == 0


def test_closing_needs_a_sign_in_from_the_last_ten_minutes(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls")
    tokens = ob.sign_in(backend.url, MARGARET, "harbor-demo")
    _advance(backend, tokens["access_token"], advance_seconds=9 * 60)
    # still fresh: the request goes on to check the body
    assert _error(_close(backend, tokens["access_token"], "k", {"confirm_firm_name": "x"})) == (
        "firm_name_mismatch"
    )
    _advance(backend, tokens["access_token"], advance_seconds=2 * 60)
    stale = _close(backend, tokens["access_token"], "k")
    assert (stale.status_code, _error(stale)) == (401, "reauth_required")
    assert "insufficient_user_authentication" in stale.headers["WWW-Authenticate"]
    # a refreshed token keeps the time of the sign-in it came from
    refreshed = ob.refresh(backend.url, tokens["refresh_token"]).json()["access_token"]
    assert _error(_close(backend, refreshed, "k")) == "reauth_required"
    assert _closings(backend) == 0

    fresh = _close(backend, token_for(backend.url, MARGARET), "k")
    assert fresh.status_code == 200
    assert _closings(backend) == 1


def test_bad_cancellation_requests_are_refused_without_closing(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo")
    token = token_for(backend.url, MARGARET)
    missing_key = _close(backend, token, None)
    assert (missing_key.status_code, _error(missing_key)) == (400, "idempotency_key_required")
    name = "Harbor & Finch LLP"
    cases: list[tuple[Any, int, str]] = [
        ({"confirm_firm_name": "Harbor and Finch"}, 422, "firm_name_mismatch"),
        ({}, 400, "invalid_request"),
        ({"confirm_firm_name": 12}, 400, "invalid_request"),
        ({"confirm_firm_name": name, "reason_code": "bored"}, 422, "invalid_reason_code"),
        ({"confirm_firm_name": name, "reason_code": 3}, 400, "invalid_request"),
        (
            {"confirm_firm_name": name, "reason_code": "too_expensive", "comment": "Costly."},
            422,
            "comment_not_allowed",
        ),
        ({"confirm_firm_name": name, "comment": "x" * 5001}, 400, "invalid_request"),
        ({"confirm_firm_name": name, "designated_user_id": 99}, 422, "invalid_designated_user"),
        ({"confirm_firm_name": name, "designated_user_id": "2"}, 400, "invalid_request"),
        ({"confirm_firm_name": name, "designated_user_id": 10**30}, 400, "invalid_request"),
        ({"confirm_firm_name": name, "force": True}, 400, "invalid_request"),
        ([name], 400, "invalid_request"),
    ]
    for body, status, error in cases:
        answer = _close(backend, token, "bad-input", body)
        assert (answer.status_code, _error(answer)) == (status, error), body
    raw = requests.post(
        backend.url + V1 + "/cancellation",
        data=b'{"confirm_firm_name": ',
        headers={**ob.bearer(token), "Idempotency-Key": "raw", "Content-Type": "application/json"},
        timeout=10,
    )
    assert (raw.status_code, _error(raw)) == (400, "invalid_request")
    assert _closings(backend) == 0
    # a refused request stores nothing: the same key then closes (exactly 5,000 characters)
    ok = _close(backend, token, "bad-input", {"confirm_firm_name": name, "comment": "x" * 5000})
    assert ok.status_code == 200
    assert _closings(backend) == 1


def test_after_closing_only_administrators_keep_read_only_access(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T12:00:00Z")
    margaret = token_for(backend.url, MARGARET)
    daniel = token_for(backend.url, DANIEL)
    eleanor = ob.sign_in(backend.url, ELEANOR, "finch-demo")
    assert _close(backend, margaret, "k").status_code == 200

    # Eleanor (attorney) lost access: her tokens are revoked and she cannot sign in again
    for path in (V1 + "/account", WHO_AM_I):
        refused = _get(backend, path, eleanor["access_token"])
        assert (refused.status_code, _error(refused)) == (401, "invalid_token"), path
    assert ob.refresh(backend.url, eleanor["refresh_token"]).json()["error"] == "invalid_grant"
    _, challenge = ob.pkce_pair()
    page = ob.open_sign_in_page(backend.url, ob.authorize_params(challenge, state="after"))
    denied = ob.redirect_query(ob.submit_sign_in(backend.url, page, ELEANOR, "finch-demo"))
    assert (denied["error"], denied["state"]) == ("access_denied", "after")

    # Daniel (administrator) keeps his token and can sign in again, but only to read
    for token in (daniel, token_for(backend.url, DANIEL), margaret):
        account = _get(backend, V1 + "/account", token)
        assert account.json()["status"] == "closed"
        assert _get(backend, WHO_AM_I, token).status_code == 200
        feedback = requests.post(
            backend.url + V1 + "/feedback",
            json={"article": "closing-your-account", "helpful": True},
            headers=ob.bearer(token),
            timeout=10,
        )
        assert (feedback.status_code, _error(feedback)) == (403, "account_closed")
    again = _close(backend, margaret, "k2")
    assert (again.status_code, _error(again)) == (409, "already_closed")


def test_the_primary_subscriber_may_designate_any_active_user(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    # The rule: the Primary Subscriber, the administrators and the designated user, who may be
    # any active user (here Priya, of the staff); every other user loses access.
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T12:00:00Z")
    margaret = token_for(backend.url, MARGARET)
    before = {user: token_for(backend.url, user) for user in (ELEANOR, RAFAEL, PRIYA)}
    closed = _close(backend, margaret, "k", {**CLOSE, "designated_user_id": PRIYA})
    assert closed.status_code == 200, closed.text
    assert closed.json()["designated_user"]["name"] == "Priya Raman"
    assert _get(backend, WHO_AM_I, before[PRIYA]).status_code == 200
    for user in (MARGARET, DANIEL, PRIYA):
        assert _get(backend, WHO_AM_I, token_for(backend.url, user)).status_code == 200, user
    for user in (ELEANOR, RAFAEL):
        refused = _get(backend, WHO_AM_I, before[user])
        assert (refused.status_code, _error(refused)) == (401, "invalid_token"), user


def test_nothing_more_is_charged_after_closing(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-11-24T12:00Z")
    margaret = token_for(backend.url, MARGARET)
    assert _close(backend, margaret, "k").status_code == 200
    _advance(backend, margaret, advance_days=40)
    daniel = token_for(backend.url, DANIEL)
    account = _get(backend, V1 + "/account", daniel).json()
    assert account["status"] == "closed"
    assert account["closed_at"].startswith("2026-11-24T12:")
    assert account["current_period"] == {"start": "2026-11-18", "end": "2026-12-17"}
    assert account["last_charge"] == {"date": "2026-11-18", "amount": "534.00"}
    assert account["next_charge"] is None
    assert account["self_service_cancellation"] == {"allowed": False, "reason": "account_closed"}
    payments = _get(backend, V1 + "/payments/summary", daniel).json()
    assert payments["enabled"] is False
    assert payments["pending_authorizations"] == {"count": 0, "total": "0.00"}
    assert payments["payment_links"] == {"active": 0}
    assert payments["payment_plans"] == {"active": 0}
    assert payments["card_processor"]["connected"] is False


def test_data_api_answers_on_day_90_and_is_gone_on_day_91(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2027-03-10T15:00Z")
    margaret = token_for(backend.url, MARGARET)
    closed = _close(backend, margaret, "k").json()
    assert closed["content_last_day"] == "2027-06-08"
    assert closed["content_deleted_at"] == "2027-06-09T00:00:00Z"

    _advance(backend, margaret, advance_days=90)
    daniel = token_for(backend.url, DANIEL)
    assert _get(backend, WHO_AM_I, daniel).status_code == 200
    assert _get(backend, V1 + "/retention", daniel).json()["content_deleted"] is False

    _advance(backend, daniel, advance_days=1)
    daniel = token_for(backend.url, DANIEL)
    gone = _get(backend, WHO_AM_I, daniel)
    assert (gone.status_code, _error(gone)) == (410, "ContentDeleted")
    # the account side keeps answering so the app can show what happened
    retention = _get(backend, V1 + "/retention", daniel)
    assert retention.status_code == 200 and retention.json()["content_deleted"] is True
    assert _get(backend, V1 + "/account", daniel).json()["status"] == "closed"


def _retention_after_closing_at(
    backend_factory: Callable[..., RunningBackend], now: str, *extra: str
) -> dict[str, Any]:
    backend = backend_factory("--seed", "demo", "--now", now, *extra)
    answer = _close(backend, token_for(backend.url, MARGARET), "k")
    assert answer.status_code == 200
    retention = _get(backend, V1 + "/retention", token_for(backend.url, DANIEL)).json()
    assert retention == {**answer.json(), "server_time": retention["server_time"]}
    return retention


def test_escrow_of_a_closing_on_31_august_ends_on_the_last_day_of_february(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    leap = _retention_after_closing_at(backend_factory, "2027-08-31T15:00:00Z")
    assert leap["closed_at"].startswith("2027-08-31T15:00:")
    assert leap["content_last_day"] == "2027-11-29"
    assert leap["content_deleted_at"] == "2027-11-30T00:00:00Z"
    assert leap["escrow_enabled"] is True
    assert leap["escrow_last_day"] == "2028-02-29"
    assert leap["escrow_ends_at"] == "2028-03-01T00:00:00Z"

    common = _retention_after_closing_at(backend_factory, "2028-08-31T15:00:00Z")
    assert common["escrow_last_day"] == "2029-02-28"
    assert common["escrow_ends_at"] == "2029-03-01T00:00:00Z"


def test_without_escrow_there_is_no_escrow_date(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    # late in the UTC day: the dates count from the UTC date of closing
    retention = _retention_after_closing_at(backend_factory, "2027-01-31T23:55:00Z", "--no-escrow")
    assert retention["escrow_enabled"] is False
    assert retention["escrow_last_day"] is None and retention["escrow_ends_at"] is None
    assert retention["content_last_day"] == "2027-05-01"


def test_retention_dates_match_an_independent_computation_for_two_years_of_closings() -> None:
    """server.accounts' rule against dateutil, for a closing at 23:59:59Z on every day."""
    from datetime import UTC, date, datetime, timedelta

    from dateutil.relativedelta import relativedelta

    from server import accounts

    day = date(2027, 1, 1)
    while day <= date(2028, 12, 31):
        closed = datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
        kept = accounts.retention_for(closed.timestamp(), escrow_enabled=True)
        assert kept.content_last_day == day + timedelta(days=90)
        deleted = day + timedelta(days=91)
        assert kept.content_deleted_at == datetime(
            deleted.year, deleted.month, deleted.day, tzinfo=UTC
        )
        escrow_last = day + relativedelta(months=6)
        assert kept.escrow_last_day == escrow_last
        assert kept.escrow_ends_at is not None
        assert kept.escrow_ends_at.date() == escrow_last + timedelta(days=1)
        assert (
            accounts.retention_for(closed.timestamp(), escrow_enabled=False).escrow_ends_at is None
        )
        day += timedelta(days=1)


def test_a_download_url_signed_before_deletion_stops_working_at_deletion(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2027-03-10T15:00Z")
    margaret = token_for(backend.url, MARGARET)
    assert _close(backend, margaret, "k").status_code == 200
    # two minutes before content_deleted_at (2027-06-09T00:00Z)
    _advance(backend, margaret, advance_days=90, advance_seconds=8 * 3600 + 58 * 60)
    daniel = token_for(backend.url, DANIEL)
    redirect = requests.get(
        backend.url + "/api/v4/documents/1/download.json",
        headers=ob.bearer(daniel),
        allow_redirects=False,
        timeout=10,
    )
    assert redirect.status_code == 303
    signed = redirect.headers["Location"]
    assert requests.get(signed, timeout=10).status_code == 200

    _advance(backend, daniel, advance_seconds=3 * 60)  # the URL itself is still within its time
    gone = requests.get(signed, timeout=10)
    assert (gone.status_code, _error(gone)) == (410, "ContentDeleted")


# --- closing at the end of the paid period, and changing one's mind ---------------------------

LONG_TOKENS = ("--token-lifetime", str(400 * 86400))


def _scheduled(backend: RunningBackend) -> int:
    with sqlite3.connect(backend.data_dir / "backend.sqlite3") as con:
        query = "SELECT count(*) FROM scheduled_closings WHERE state = 'scheduled'"
        return int(con.execute(query).fetchone()[0])


def _at_period_end(backend: RunningBackend, token: str, key: str) -> requests.Response:
    return _close(backend, token, key, {**CLOSE, "when": "end_of_period"})


def _cancel_schedule(backend: RunningBackend, token: str) -> requests.Response:
    return requests.delete(backend.url + V1 + "/cancellation", headers=ob.bearer(token), timeout=10)


def _reopen(backend: RunningBackend, token: str, key: str | None) -> requests.Response:
    headers = ob.bearer(token)
    if key is not None:
        headers["Idempotency-Key"] = key
    return requests.post(backend.url + V1 + "/reopening", headers=headers, timeout=10)


def test_closing_at_the_end_of_the_period_keeps_the_account_usable_and_schedules_once(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T12:00:00Z", *LONG_TOKENS)
    margaret = token_for(backend.url, MARGARET)
    eleanor = token_for(backend.url, ELEANOR)
    first = _at_period_end(backend, margaret, "later-1")
    assert first.status_code == 200, first.text
    answer = first.json()
    assert answer["account_status"] == "active"
    assert answer["closing_scheduled_at"] == "2026-12-18T00:00:00Z"
    assert answer["closed_at"] is None and answer["reopen_until"] is None

    again = _at_period_end(backend, margaret, "later-1")
    assert (again.status_code, again.content) == (200, first.content)
    other_key = _at_period_end(backend, margaret, "later-2")
    assert other_key.status_code == 200
    assert other_key.json()["closing_scheduled_at"] == "2026-12-18T00:00:00Z"
    assert (_scheduled(backend), _closings(backend)) == (1, 0)

    account = _get(backend, V1 + "/account", margaret).json()
    assert account["status"] == "active"
    assert account["closing_scheduled_at"] == "2026-12-18T00:00:00Z"
    assert account["current_period"] == {"start": "2026-11-18", "end": "2026-12-17"}
    assert account["last_charge"] == {"date": "2026-11-18", "amount": "534.00"}
    assert account["next_charge"] is None  # the charge of 18 December is not made
    # everyone keeps working until the period ends
    assert _get(backend, WHO_AM_I, eleanor).status_code == 200


def test_a_scheduled_closing_happens_by_itself_when_the_period_ends(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T12:00:00Z", *LONG_TOKENS
    )
    margaret = token_for(backend.url, MARGARET)
    eleanor = token_for(backend.url, ELEANOR)
    assert _at_period_end(backend, margaret, "k").status_code == 200

    # a minute before 18 December 00:00 UTC (the server clock runs on meanwhile): still open
    _advance(backend, margaret, advance_days=23, advance_seconds=12 * 3600 - 60)
    assert _get(backend, WHO_AM_I, eleanor).status_code == 200
    assert _get(backend, V1 + "/account", margaret).json()["status"] == "active"

    _advance(backend, margaret, advance_seconds=120)
    refused = _get(backend, WHO_AM_I, eleanor)
    assert (refused.status_code, _error(refused)) == (401, "invalid_token")
    account = _get(backend, V1 + "/account", margaret).json()
    assert account["status"] == "closed"
    assert account["closed_at"] == "2026-12-18T00:00:00Z"  # the instant, not the first request
    assert account["current_period"] == {"start": "2026-11-18", "end": "2026-12-17"}
    assert account["last_charge"] == {"date": "2026-11-18", "amount": "534.00"}
    assert account["next_charge"] is None
    assert account["closing_scheduled_at"] is None
    assert account["reopen_until"] == "2027-01-17T00:00:00Z"
    retention = _get(backend, V1 + "/retention", margaret).json()
    assert retention["closed_at"] == "2026-12-18T00:00:00Z"
    assert retention["content_last_day"] == "2027-03-18"
    assert retention["escrow_last_day"] == "2027-06-18"
    assert (_scheduled(backend), _closings(backend)) == (0, 1)
    with sqlite3.connect(backend.data_dir / "backend.sqlite3") as con:
        row = con.execute("SELECT reason_code FROM cancellations").fetchone()
    assert row == ("switched_service",)


def test_a_scheduled_closing_can_be_cancelled_until_it_happens(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T12:00:00Z", *LONG_TOKENS
    )
    margaret = token_for(backend.url, MARGARET)
    assert _at_period_end(backend, margaret, "k").status_code == 200
    for user in (DANIEL, ELEANOR):
        refused = _cancel_schedule(backend, token_for(backend.url, user))
        assert (refused.status_code, _error(refused)) == (403, "not_primary_subscriber")
    assert _scheduled(backend) == 1

    cancelled = _cancel_schedule(backend, margaret)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["closing_scheduled_at"] is None
    assert _cancel_schedule(backend, margaret).status_code == 200  # harmless when repeated
    account = _get(backend, V1 + "/account", margaret).json()
    assert account["next_charge"] == {"date": "2026-12-18", "amount": "534.00"}

    _advance(backend, margaret, advance_days=40)
    assert _get(backend, V1 + "/account", margaret).json()["status"] == "active"
    assert _closings(backend) == 0


def test_a_scheduled_closing_cannot_be_cancelled_after_it_happened(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-12-17T23:00:00Z", *LONG_TOKENS
    )
    margaret = token_for(backend.url, MARGARET)
    scheduled = _at_period_end(backend, margaret, "k").json()
    assert scheduled["closing_scheduled_at"] == "2026-12-18T00:00:00Z"
    _advance(backend, margaret, advance_seconds=3600)
    late = _cancel_schedule(backend, margaret)
    assert (late.status_code, _error(late)) == (409, "already_closed")
    assert _get(backend, V1 + "/account", margaret).json()["status"] == "closed"


def test_the_primary_subscriber_may_reopen_within_the_grace_period_once(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T12:00:00Z", *LONG_TOKENS
    )
    margaret = token_for(backend.url, MARGARET)
    closed = _close(backend, margaret, "k").json()
    assert closed["closed_at"].startswith("2026-11-24T12:")
    closed_at = datetime.fromisoformat(closed["closed_at"].replace("Z", "+00:00"))
    reopen_until = datetime.fromisoformat(closed["reopen_until"].replace("Z", "+00:00"))
    assert reopen_until - closed_at == timedelta(days=30)
    _advance(backend, margaret, advance_days=29)

    # an administrator keeps read-only access but may not reopen
    refused = _reopen(backend, token_for(backend.url, DANIEL), "r")
    assert (refused.status_code, _error(refused)) == (403, "not_primary_subscriber")
    missing = _reopen(backend, margaret, None)
    assert (missing.status_code, _error(missing)) == (400, "idempotency_key_required")

    first = _reopen(backend, margaret, "reopen-1")
    assert first.status_code == 200, first.text
    account = first.json()
    assert account["status"] == "active"
    assert (account["closed_at"], account["reopen_until"]) == (None, None)
    assert account["next_charge"] is not None
    again = _reopen(backend, margaret, "reopen-1")
    assert (again.status_code, again.content) == (200, first.content)
    other = _reopen(backend, margaret, "reopen-2")
    assert (other.status_code, _error(other)) == (409, "not_closed")

    # the users who lost access at closing sign in again; writes are accepted again
    assert _get(backend, WHO_AM_I, token_for(backend.url, ELEANOR)).status_code == 200
    feedback = requests.post(
        backend.url + V1 + "/feedback",
        json={"article": "closing-your-account", "helpful": True},
        headers=ob.bearer(margaret),
        timeout=10,
    )
    assert feedback.status_code == 201
    assert _get(backend, V1 + "/retention", margaret).json()["closed_at"] is None


def test_reopening_is_refused_once_the_grace_period_is_over(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T12:00:00Z", *LONG_TOKENS
    )
    margaret = token_for(backend.url, MARGARET)
    assert _close(backend, margaret, "k").status_code == 200
    _advance(backend, margaret, advance_days=30)
    late = _reopen(backend, margaret, "reopen")
    assert (late.status_code, _error(late)) == (409, "reopen_period_over")
    assert _get(backend, V1 + "/account", margaret).json()["status"] == "closed"
    active = backend_factory("--seed", "demo")
    refused = _reopen(active, token_for(active.url, MARGARET), "r")
    assert (refused.status_code, _error(refused)) == (409, "not_closed")


def test_a_refresh_is_the_first_request_after_the_period_ends(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    # The token endpoint holds the write lock when it asks who may sign in: the closing is
    # carried out inside that transaction, and the refresh is refused, not a server error.
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-12-17T23:00:00Z", *LONG_TOKENS
    )
    margaret = token_for(backend.url, MARGARET)
    eleanor = ob.sign_in(backend.url, ELEANOR, "finch-demo")
    assert _at_period_end(backend, margaret, "k").status_code == 200
    _advance(backend, margaret, advance_seconds=3600)  # checked before the move: still open
    refused = ob.refresh(backend.url, eleanor["refresh_token"])
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")
    assert _closings(backend) == 1
    account = _get(backend, V1 + "/account", margaret).json()
    assert (account["status"], account["closed_at"]) == ("closed", "2026-12-18T00:00:00Z")
