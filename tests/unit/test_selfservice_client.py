"""The self-service client against the real reference backend over loopback: what the Account
and Payment Info screen, the closing walkthrough and the countdown will show, and that the
app's own billing and retention computations agree with the server's."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import requests

from app.account.billing import if_you_close_on
from app.account.models import (
    AccountStatus,
    CancellationRefused,
    FeedbackChoice,
    InvalidResponse,
    ReasonCode,
)
from app.account.selfservice import SelfServiceClient, new_idempotency_key
from app.closing.retention import compare, own_dates_for
from app.errors import AuthenticationRequired, Conflict, InvalidRequest, PermissionDenied
from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.faulty_server import FaultyServer, Json

TIMEOUT = (5, 30)  # connect, read: every call in the tests has one too


class RequestsTransport:
    """The smallest transport: bearer token, JSON in and out, timeouts, errors raised."""

    def __init__(self, token: str) -> None:
        self._session = requests.Session()
        self._session.headers["Authorization"] = f"Bearer {token}"

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        response = self._session.get(url, params=params, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()

    def post_json(self, url: str, body: Any, headers: Mapping[str, str] | None = None) -> Any:
        response = self._session.post(url, json=body, headers=dict(headers or {}), timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        self._session.close()


def self_service_url(backend: RunningBackend) -> str:
    return backend.url + "/self-service/v1/"


@pytest.fixture(scope="module")
def primary_client(demo_backend: RunningBackend) -> Iterator[SelfServiceClient]:
    transport = RequestsTransport(demo_backend.issue_token("primary_subscriber"))
    yield SelfServiceClient(transport, self_service_url(demo_backend))
    transport.close()


def session_client(backend: RunningBackend, role: str) -> tuple[HttpSession, SelfServiceClient]:
    """The app's real HTTP session as transport, for the typed errors it maps refusals to."""
    session = HttpSession(backend.url)
    session.set_token(backend.issue_token(role))
    return session, SelfServiceClient(session, self_service_url(backend))


# --- reading, on the shared demo firm (not changed by these tests) -------------------------


def test_account_of_the_demo_firm(primary_client: SelfServiceClient) -> None:
    account = primary_client.account()
    assert account.firm.name == "Harbor & Finch LLP"
    assert account.status is AccountStatus.ACTIVE
    assert account.plan.seats == 6
    assert account.plan.currency == "USD"
    assert account.primary_subscriber.name == "Margaret Harbor"
    assert account.self_service_cancellation.allowed
    assert account.server_time.date() in account.current_period


def test_the_apps_billing_figures_agree_with_the_server(primary_client: SelfServiceClient) -> None:
    account = primary_client.account()
    today = account.server_time.date()
    cost = if_you_close_on(account, today)
    assert cost.period_agrees_with_server
    assert cost.period == account.current_period
    assert account.last_charge is not None and account.next_charge is not None
    assert cost.paid_for_period == account.last_charge.amount
    assert not cost.paid_is_estimate
    assert cost.paid_for_period == account.plan.charge_per_period
    assert cost.cancelled_charge == account.next_charge
    assert cost.refund == Decimal("0.00") and cost.further_charges == Decimal("0.00")


def test_payments_and_trust_summaries(primary_client: SelfServiceClient) -> None:
    payments = primary_client.payments_summary()
    assert payments.currency == "USD"
    assert payments.pending_authorizations >= 0
    trust = primary_client.trust_summary()
    assert trust.accounts, "the demo firm holds client money in trust"
    assert trust.total_matches_accounts
    assert trust.total_balance > 0


def test_every_cancellation_reason_is_offered(primary_client: SelfServiceClient) -> None:
    reasons = primary_client.cancellation_reasons()
    assert {r.code for r in reasons} == set(ReasonCode)
    assert all(r.label for r in reasons)


def test_retention_of_an_open_account_has_no_dates(primary_client: SelfServiceClient) -> None:
    retention = primary_client.retention()
    assert retention.account_status is AccountStatus.ACTIVE
    assert retention.closed_at is None and own_dates_for(retention) is None


def test_support_contact_gives_a_dialable_number(primary_client: SelfServiceClient) -> None:
    support = primary_client.support()
    assert support.tel_uri == "tel:+18888582546"
    assert support.option == "2"
    assert support.web_page.startswith("https://")


def test_feedback_sent_twice_with_one_key_counts_once(primary_client: SelfServiceClient) -> None:
    key = new_idempotency_key()
    first = primary_client.send_feedback(
        False, FeedbackChoice.CONFUSING_OR_WRONG, "The escrow part lost me.", idempotency_key=key
    )
    again = primary_client.send_feedback(
        False, FeedbackChoice.CONFUSING_OR_WRONG, "The escrow part lost me.", idempotency_key=key
    )
    assert first == again
    other = primary_client.send_feedback(True)
    assert other != first


# --- closing, each on its own backend ------------------------------------------------------


@pytest.mark.slow
def test_closing_returns_dates_the_app_agrees_with_and_a_retry_never_closes_twice(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls")
    transport = RequestsTransport(backend.issue_token("primary_subscriber"))
    client = SelfServiceClient(transport, self_service_url(backend))
    try:
        key = new_idempotency_key()
        closed = client.cancel(
            key,
            "Harbor & Finch LLP",
            ReasonCode.SWITCHED_SERVICE,
            "Moving to a firm-wide system.",
            designated_user_id=2,
        )
        assert closed.account_status is AccountStatus.CLOSED
        assert closed.designated_user is not None and closed.designated_user.id == 2
        own = own_dates_for(closed)
        assert own is not None
        assert compare(closed, own) == []
        assert closed.content_deleted_at is not None
        assert closed.content_deleted_at - own.closed_at > timedelta(days=90)
        # The same attempt again (say the answer was lost): the first answer, no second closing.
        assert client.cancel(key, "Harbor & Finch LLP", ReasonCode.SWITCHED_SERVICE) == closed

        account = client.account()
        assert account.status is AccountStatus.CLOSED
        assert account.next_charge is None  # nothing more is charged
        assert account.closed_at == closed.closed_at
        now = client.retention()
        assert dataclasses.replace(now, server_time=closed.server_time) == closed

        # Time travel past the deletion (tokens expire meanwhile, so sign in again, as the
        # primary subscriber may): the server says the content is gone, as we computed.
        client.advance_demo_clock(days=91)
        fresh = RequestsTransport(backend.issue_token("primary_subscriber"))
        later = SelfServiceClient(fresh, self_service_url(backend)).retention()
        fresh.close()
        assert later.content_deleted
        assert later.server_time >= own.content_deleted_at
    finally:
        transport.close()


def test_only_the_primary_subscriber_may_close(demo_backend: RunningBackend) -> None:
    session, client = session_client(demo_backend, "administrator")
    try:
        with pytest.raises(PermissionDenied) as refused:
            client.cancel(new_idempotency_key(), "Harbor & Finch LLP")
        assert refused.value.error_type == "not_primary_subscriber"
        # Whom to call instead, from the refusal itself.
        details = CancellationRefused.from_json(refused.value.body)
        assert details.support.tel_uri == "tel:+18888582546"
        assert details.primary_subscriber is not None
        assert details.primary_subscriber.name == "Margaret Harbor"
        assert client.account().status is AccountStatus.ACTIVE
    finally:
        session.close()


@pytest.mark.slow
def test_closing_refusals_reach_the_app_typed(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls")
    session, client = session_client(backend, "primary_subscriber")
    try:
        # A sign-in older than ten minutes: the server wants a fresh one before closing.
        client.advance_demo_clock(seconds=11 * 60)
        with pytest.raises(AuthenticationRequired) as stale:
            client.cancel(new_idempotency_key(), "Harbor & Finch LLP")
        assert stale.value.error_type == "reauth_required"
        assert client.account().status is AccountStatus.ACTIVE

        session.set_token(backend.issue_token("primary_subscriber"))
        with pytest.raises(InvalidRequest) as wrong_name:
            client.cancel(new_idempotency_key(), "Harbor and Finch")
        assert wrong_name.value.error_type == "firm_name_mismatch"
        client.cancel(new_idempotency_key(), "Harbor & Finch LLP")
        with pytest.raises(Conflict) as again:
            client.cancel(new_idempotency_key(), "Harbor & Finch LLP")
        assert again.value.error_type == "already_closed"
    finally:
        session.close()


@pytest.mark.slow
def test_yearly_plan_closed_on_31_august_agrees_with_the_server(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    """A yearly plan billed on the 31st, closed late on 31 August (UTC): the app's period,
    amounts and retention dates match the server's, escrow runs to the end of February."""
    backend = backend_factory(
        "--seed",
        "demo",
        "--billing-cycle",
        "yearly",
        "--billing-day",
        "31",
        "--now",
        "2027-08-31T22:30:00Z",
    )
    transport = RequestsTransport(backend.issue_token("primary_subscriber"))
    client = SelfServiceClient(transport, self_service_url(backend))
    try:
        account = client.account()
        cost = if_you_close_on(account, account.server_time.date())
        assert cost.period_agrees_with_server and cost.period == account.current_period
        assert account.plan.rate_per_user_per_month == Decimal("79.00")
        assert cost.paid_for_period == account.plan.charge_per_period == Decimal("5688.00")
        assert account.next_charge is not None and cost.cancelled_charge == account.next_charge
        assert cost.unused_months is not None and 0 <= cost.unused_months <= 11
        assert cost.yearly_discount_for_period == Decimal("720.00")

        closed = client.cancel(new_idempotency_key(), "Harbor & Finch LLP")
        own = own_dates_for(closed)
        assert own is not None and compare(closed, own) == []
        assert str(own.escrow_last_day) == "2028-02-29"
    finally:
        transport.close()


# --- what is sent, and what is refused before sending ---------------------------------------


def test_comment_longer_than_5000_characters_is_refused_before_sending(
    primary_client: SelfServiceClient,
) -> None:
    with pytest.raises(ValueError, match="5000"):
        primary_client.cancel(new_idempotency_key(), "Harbor & Finch LLP", comment="x" * 5001)
    with pytest.raises(ValueError, match="idempotency"):
        primary_client.cancel("", "Harbor & Finch LLP")
    assert primary_client.account().status is AccountStatus.ACTIVE


def test_a_hostile_answer_is_refused_by_field(faulty_server: FaultyServer) -> None:
    faulty_server.route(
        "/self-service/v1/retention",
        Json({"account_status": "closed", "closed_at": "2026-11-24T15:04:05Z"}),
    )
    faulty_server.route("/self-service/v1/support", Json({"phone": "javascript:alert(1)"}))
    faulty_server.route("/self-service/v1/trust/summary", Json(["not", "an", "object"]))
    transport = RequestsTransport("not-a-real-token")
    client = SelfServiceClient(transport, faulty_server.url + "/self-service/v1")
    try:
        with pytest.raises(InvalidResponse) as retention:
            client.retention()
        assert retention.value.field == "content_last_day"
        with pytest.raises(InvalidResponse) as support:
            client.support()
        assert support.value.field == "phone"
        with pytest.raises(InvalidResponse) as trust:
            client.trust_summary()
        assert trust.value.field == "answer"
    finally:
        transport.close()


def test_the_request_body_follows_the_contract(faulty_server: FaultyServer) -> None:
    answer = {
        "account_status": "closed",
        "closed_at": "2026-11-24T15:04:05Z",
        "content_last_day": "2027-02-22",
        "content_deleted_at": "2027-02-23T00:00:00Z",
        "content_deleted": False,
        "escrow_enabled": False,
        "escrow_last_day": None,
        "escrow_ends_at": None,
        "designated_user": None,
        "server_time": "2026-11-24T15:04:06Z",
    }
    faulty_server.route("/self-service/v1/cancellation", Json(answer))
    transport = RequestsTransport("not-a-real-token")
    client = SelfServiceClient(transport, faulty_server.url + "/self-service/v1/")
    try:
        client.cancel("attempt-1", "Harbor & Finch LLP", None, "   ")
        client.cancel("attempt-2", "Harbor & Finch LLP", ReasonCode.OTHER, "Too many clicks.", 2)
    finally:
        transport.close()
    sent = faulty_server.requests_to("/self-service/v1/cancellation")
    assert [r.header("Idempotency-Key") for r in sent] == ["attempt-1", "attempt-2"]
    # No reason, blank comment: neither is sent (a reason is optional).
    assert json.loads(sent[0].body) == {"confirm_firm_name": "Harbor & Finch LLP"}
    assert json.loads(sent[1].body) == {
        "confirm_firm_name": "Harbor & Finch LLP",
        "reason_code": "other",
        "comment": "Too many clicks.",
        "designated_user_id": 2,
    }
