"""The self-service API of the reference backend, over real HTTP: what the account screen shows
(computed from the server clock), the summaries, help feedback, the demo clock, and refusal of
bad input in the error shape."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import requests

from tests.support.backend import RunningBackend
from tests.support.oauth_browser import token_for

V1 = "/self-service/v1"


def _get(backend: RunningBackend, path: str, token: str) -> requests.Response:
    return requests.get(
        backend.url + V1 + path, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def _post(
    backend: RunningBackend, path: str, token: str, body: Any = None, **headers: str
) -> requests.Response:
    return requests.post(
        backend.url + V1 + path,
        json=body,
        headers={"Authorization": f"Bearer {token}", **headers},
        timeout=10,
    )


def _advance(backend: RunningBackend, token: str, days: int) -> None:
    assert _post(backend, "/demo/clock", token, {"advance_days": days}).status_code == 200


def _error_type(answer: requests.Response) -> str:
    body = answer.json()
    assert set(body["error"]) >= {"type", "message"}
    return str(body["error"]["type"])


@pytest.fixture(scope="module")
def november(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A demo firm on 24 November 2026, six days into its billing month."""
    from tests.support.backend import start_backend

    backend = start_backend(
        tmp_path_factory.mktemp("november"),
        "--seed",
        "demo",
        "--now",
        "2026-11-24T12:00:00Z",
    )
    yield backend
    backend.stop()


def test_account_shows_plan_period_and_charges_for_the_server_date(
    november: RunningBackend,
) -> None:
    account = _get(november, "/account", token_for(november.url, 1)).json()
    assert account["firm"] == {"id": 1, "name": "Harbor & Finch LLP"}
    assert account["status"] == "active"
    assert account["plan"] == {
        "name": "Boutique",
        "billing_cycle": "monthly",
        "seats": 6,
        "price_per_user_per_month": "89.00",
        "yearly_discount_per_user_per_month": "10.00",
        "currency": "USD",
    }
    assert account["billing_day"] == 18
    assert account["current_period"] == {"start": "2026-11-18", "end": "2026-12-17"}
    assert account["last_charge"] == {"date": "2026-11-18", "amount": "534.00"}
    assert account["next_charge"] == {"date": "2026-12-18", "amount": "534.00"}
    assert account["primary_subscriber"]["name"] == "Margaret Harbor"
    assert account["payments"] == {"enabled": True}
    assert account["escrow"] == {"enabled": True}
    assert account["self_service_cancellation"] == {"allowed": True, "reason": None}
    assert account["closed_at"] is None
    assert account["server_time"].startswith("2026-11-24T12:")
    assert account["server_time"].endswith("Z")


def test_other_users_are_told_they_cannot_close(november: RunningBackend) -> None:
    account = _get(november, "/account", token_for(november.url, 3)).json()
    assert account["self_service_cancellation"] == {
        "allowed": False,
        "reason": "not_primary_subscriber",
    }
    assert account["primary_subscriber"]["email"] == "margaret.harbor@harborfinch.example"


def test_period_follows_the_demo_clock(backend_factory: Callable[..., RunningBackend]) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-12-17T23:00:00Z")
    token = token_for(backend.url, 1)
    assert _get(backend, "/account", token).json()["current_period"]["start"] == "2026-11-18"
    _advance(backend, token, 1)
    account = _get(backend, "/account", token_for(backend.url, 1)).json()
    assert account["current_period"] == {"start": "2026-12-18", "end": "2027-01-17"}
    assert account["last_charge"]["date"] == "2026-12-18"
    assert account["next_charge"]["date"] == "2027-01-18"


def test_yearly_plan_charges_twelve_discounted_months_on_the_anniversary(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--billing-cycle", "yearly", "--now", "2026-11-24T12:00:00Z"
    )
    account = _get(backend, "/account", token_for(backend.url, 1)).json()
    assert account["plan"]["billing_cycle"] == "yearly"
    assert account["current_period"] == {"start": "2026-03-18", "end": "2027-03-17"}
    # 6 seats x ($89 - $10) x 12 months
    assert account["last_charge"] == {"date": "2026-03-18", "amount": "5688.00"}
    assert account["next_charge"] == {"date": "2027-03-18", "amount": "5688.00"}


def test_billing_day_31_falls_on_the_last_day_of_short_months(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--billing-day", "31", "--now", "2028-02-28T12:00Z"
    )
    token = token_for(backend.url, 1)
    account = _get(backend, "/account", token).json()
    assert account["current_period"] == {"start": "2028-01-31", "end": "2028-02-28"}
    assert account["next_charge"]["date"] == "2028-02-29"  # a leap year
    _advance(backend, token, 1)
    account = _get(backend, "/account", token_for(backend.url, 1)).json()
    assert account["current_period"] == {"start": "2028-02-29", "end": "2028-03-30"}


def test_payments_trust_reasons_and_support(november: RunningBackend) -> None:
    token = token_for(november.url, 2)
    payments = _get(november, "/payments/summary", token).json()
    assert payments["enabled"] is True
    assert payments["pending_authorizations"] == {"count": 2, "total": "1250.00"}
    assert payments["payment_plans"] == {"active": 1}
    assert payments["card_processor"]["connected"] is True
    assert payments["currency"] == "USD"

    trust = _get(november, "/trust/summary", token).json()
    assert trust["accounts"] and trust["currency"] == "USD"
    balances = sum(Decimal(a["balance"]) for a in trust["accounts"])
    assert Decimal(trust["total_balance"]) == balances
    assert trust["clients_with_balance"] >= 1

    reasons = _get(november, "/cancellation/reasons", token).json()["reasons"]
    assert [r["code"] for r in reasons] == [
        "too_expensive",
        "missing_features",
        "switched_service",
        "unused",
        "customer_service",
        "too_complex",
        "low_quality",
        "other",
    ]
    assert all(r["label"] and isinstance(r["comment_allowed"], bool) for r in reasons)

    support = _get(november, "/support", token).json()
    assert support["phone"] == "+1-888-858-2546"
    assert support["option"] == "2"
    assert support["hours"] == "Monday to Friday, 8 a.m. to 8 p.m. Eastern"
    assert support["web_page"].startswith("https://")


def test_trust_summary_agrees_with_the_exported_trust_ledger(november: RunningBackend) -> None:
    token = token_for(november.url, 2)
    per_client: dict[int, Decimal] = {}
    url: str | None = november.url + "/api/v4/trust_line_items.json?fields=id,total,client{id}"
    while url:
        page = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert page.status_code == 200, page.text
        for item in page.json()["data"]:
            client = item["client"]["id"]
            per_client[client] = per_client.get(client, Decimal(0)) + Decimal(str(item["total"]))
        url = page.json()["meta"]["paging"].get("next")
    assert per_client, "the demo firm holds trust money"
    trust = _get(november, "/trust/summary", token).json()
    assert Decimal(trust["total_balance"]) == sum(per_client.values())
    assert trust["clients_with_balance"] == sum(1 for v in per_client.values() if v != 0)


def test_retention_is_empty_while_the_account_is_active(november: RunningBackend) -> None:
    retention = _get(november, "/retention", token_for(november.url, 5)).json()
    assert retention["account_status"] == "active"
    assert retention["escrow_enabled"] is True
    for name in ("closed_at", "content_last_day", "content_deleted_at", "escrow_last_day"):
        assert retention[name] is None
    assert retention["content_deleted"] is False


def test_feedback_is_stored_once_per_idempotency_key(november: RunningBackend) -> None:
    token = token_for(november.url, 1)
    body = {
        "article": "closing-your-account",
        "helpful": False,
        "choice": "confusing_or_wrong",
        "comment": "The escrow part was unclear.",
    }
    first = _post(november, "/feedback", token, body, **{"Idempotency-Key": "fb-1"})
    assert first.status_code == 201
    again = _post(november, "/feedback", token, body, **{"Idempotency-Key": "fb-1"})
    assert (again.status_code, again.content) == (201, first.content)
    other = _post(
        november, "/feedback", token, {"article": "closing-your-account", "helpful": True}
    )
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    with sqlite3.connect(november.data_dir / "backend.sqlite3") as con:
        rows = con.execute("SELECT helpful, choice FROM feedback ORDER BY id").fetchall()
    assert rows[-2:] == [(0, "confusing_or_wrong"), (1, None)]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"article": "closing-your-account", "helpful": "yes"}, 400),
        ({"article": "closing-your-account"}, 400),
        ({"article": 7, "helpful": True}, 400),
        ({"article": "../etc", "helpful": True}, 400),
        ({"article": "closing-your-account", "helpful": True, "choice": "meh"}, 400),
        ({"article": "closing-your-account", "helpful": False, "comment": "x" * 5001}, 400),
        ({"article": "closing-your-account", "helpful": True, "extra": 1}, 400),
        ([1, 2], 400),
        ("text", 400),
    ],
)
def test_feedback_refuses_bad_bodies_in_the_error_shape(
    november: RunningBackend, body: Any, status: int
) -> None:
    answer = _post(november, "/feedback", token_for(november.url, 1), body)
    assert answer.status_code == status
    assert _error_type(answer) == "invalid_request"


def test_malformed_json_oversized_bodies_and_other_media_types_are_4xx(
    november: RunningBackend,
) -> None:
    token = token_for(november.url, 1)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    url = november.url + V1 + "/feedback"
    for raw in (b"{", b'{"helpful": NaN}', b"\xff\xfe", b"[" * 100_000):
        answer = requests.post(url, data=raw, headers=headers, timeout=10)
        assert 400 <= answer.status_code < 500, raw[:10]
        assert _error_type(answer) in {"invalid_request", "payload_too_large"}
    huge = requests.post(url, data=b'"' + b"a" * 100_000 + b'"', headers=headers, timeout=10)
    assert (huge.status_code, _error_type(huge)) == (413, "payload_too_large")
    form = requests.post(
        url, data={"helpful": "true"}, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert (form.status_code, _error_type(form)) == (415, "unsupported_media_type")


def test_every_route_needs_a_valid_token(november: RunningBackend) -> None:
    for path in ("/account", "/payments/summary", "/trust/summary", "/retention", "/support"):
        for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic x"}):
            answer = requests.get(november.url + V1 + path, headers=headers, timeout=10)
            assert answer.status_code == 401, path
            assert _error_type(answer) == "invalid_token"
            assert answer.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_demo_clock_is_absent_without_demo_controls(november: RunningBackend) -> None:
    answer = _post(november, "/demo/clock", token_for(november.url, 1), {"advance_days": 1})
    assert answer.status_code == 404
    assert _error_type(answer) == "NotFound"


def test_demo_clock_moves_and_persists_the_server_time(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2027-01-01T00:00:00Z")
    token = token_for(backend.url, 1)
    answer = _post(backend, "/demo/clock", token, {"advance_days": 10})
    assert answer.status_code == 200
    assert answer.json()["server_time"].startswith("2027-01-11T00:0")
    # another process on the same data dir (issuing a token) agrees on the time
    token = backend.issue_token()
    assert _get(backend, "/account", token).json()["server_time"].startswith("2027-01-11")
    for bad in (
        {},
        {"advance_days": "1"},
        {"advance_days": 1.5},
        {"advance_days": None},
        {"advance_days": 10**9},
        {"advance_days": True},
        {"minutes": 3},
    ):
        refused = _post(backend, "/demo/clock", token, bad)
        assert refused.status_code == 400, bad
    # back to 2017, then 2007; a third step would leave the years the clock supports
    for _ in range(2):
        assert _post(backend, "/demo/clock", token, {"advance_days": -3660}).status_code == 200
    too_far = _post(backend, "/demo/clock", token, {"advance_days": -3660})
    assert (too_far.status_code, _error_type(too_far)) == (422, "clock_out_of_range")


def test_billing_periods_match_an_independent_computation_every_day_for_two_years() -> None:
    """server.accounts against dateutil's month arithmetic, for every billing day and cycle."""
    from dataclasses import replace
    from datetime import date, timedelta

    from dateutil.relativedelta import relativedelta

    from server import accounts

    base = accounts.Account(
        **{**_demo_account_fields(), "billing_cycle": accounts.BillingCycle.MONTHLY}
    )
    first, last = date(2027, 1, 1), date(2028, 12, 31)
    for billing_day in range(1, 32):
        monthly = replace(base, billing_day=billing_day)
        yearly = replace(monthly, billing_cycle=accounts.BillingCycle.YEARLY)
        day = first
        while day <= last:
            # relativedelta(day=N) lands on the month's last day when N is past it
            month_start = day.replace(day=1)
            start = month_start + relativedelta(day=billing_day)
            if start > day:
                start = month_start - relativedelta(months=1) + relativedelta(day=billing_day)
            end = start.replace(day=1) + relativedelta(months=1, day=billing_day) - timedelta(1)
            period = accounts.billing_period(monthly, day)
            assert (period.start, period.end) == (start, end), (billing_day, day)

            anniversary = date(day.year, 3, 1) + relativedelta(day=billing_day)
            if anniversary > day:
                anniversary = date(day.year - 1, 3, 1) + relativedelta(day=billing_day)
            following = date(anniversary.year + 1, 3, 1) + relativedelta(day=billing_day)
            period = accounts.billing_period(yearly, day)
            assert (period.start, period.end) == (anniversary, following - timedelta(1))
            day += timedelta(1)


def _demo_account_fields() -> dict[str, Any]:
    from datetime import date

    from server import accounts

    return {
        "firm_id": 1,
        "firm_name": "Harbor & Finch LLP",
        "plan_name": "Boutique",
        "seats": 6,
        "price_cents": 8900,
        "yearly_discount_cents": 1000,
        "billing_day": 18,
        "subscribed_on": date(2021, 3, 18),
        "escrow_enabled": True,
        "self_service_blocked": None,
        "payments_enabled": True,
        "pending_authorizations": 2,
        "pending_total_cents": 125000,
        "payment_links_active": 3,
        "payment_plans_active": 1,
        "card_processor_name": "x",
        "card_processor_connected": True,
        "status": accounts.AccountStatus.ACTIVE,
        "closed_at": None,
        "closed_by": None,
        "designated_user_id": None,
    }
