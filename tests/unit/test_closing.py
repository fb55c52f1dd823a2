"""Sending the cancellation safely, against the real reference backend: one closing per
decision through double clicks, lost answers, restarts and fresh sign-ins; refusals mapped;
the profile's record of the closing; the checklist's facts; milestone announcements."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import requests

from app import config
from app.account.models import AccountStatus, ClosingWhen, ReasonCode
from app.account.selfservice import SelfServiceClient
from app.closing.checklist import access_candidates, count_open_matters, unbilled_work
from app.closing.milestones import MilestoneWatch
from app.closing.retention import MilestoneKind, retention_dates
from app.closing.sender import ClosingOutcome, ClosingRequest, ClosingSender
from app.closing.store import ClosingSource, ClosingStore, known_closing_entered
from app.net.http import HttpSession, RetryPolicy, Timeouts
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.cancel_proxy import CancelProxy

MARGARET, DANIEL = 1, 2
FIRM = "Harbor & Finch LLP"
REQUEST = ClosingRequest(" harbor & finch llp ", ReasonCode.SWITCHED_SERVICE, "Moving on.", DANIEL)


def closings(backend: RunningBackend) -> list[tuple[str, int | None]]:
    """(idempotency key, designated user) of every closing the server recorded."""
    with sqlite3.connect(backend.data_dir / "backend.sqlite3") as con:
        rows = con.execute("SELECT idempotency_key, designated_user_id FROM cancellations")
        return [(str(k), d) for k, d in rows.fetchall()]


def client_for(
    url: str, token: str, *, read_timeout: float = 30.0, attempts: int = 5
) -> tuple[HttpSession, SelfServiceClient]:
    session = HttpSession(
        url,
        timeouts=Timeouts(connect=5.0, read=read_timeout),
        retry=RetryPolicy(max_attempts=attempts, backoff_base=0.05, backoff_max=0.2),
    )
    session.set_token(token)
    return session, SelfServiceClient(session, url + "/self-service/v1/")


@pytest.fixture
def closable(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")


def test_closing_is_confirmed_by_the_server_and_remembered(closable: RunningBackend) -> None:
    session, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    store = ClosingStore(closable.url)
    result = ClosingSender(client, store).send(REQUEST, user_id=MARGARET)

    assert result.outcome is ClosingOutcome.CLOSED
    assert result.retention is not None
    assert result.retention.content_last_day == date(2027, 2, 22)
    assert result.retention.designated_user is not None
    assert result.retention.designated_user.name == "Daniel Okafor"
    assert closings(closable) == [(result.key, DANIEL)]
    # Outcome known: no key left behind; the dates are kept for the offline countdown.
    assert store.pending() is None
    known = store.known_closing()
    assert known is not None and known.source is ClosingSource.SERVER
    assert known.dates.content_deleted_at == datetime(2027, 2, 23, tzinfo=UTC)
    assert known.dates.escrow_last_day == date(2027, 5, 24)
    assert known.disagreements == []
    session.close()


def test_the_key_is_on_disk_before_the_request_leaves(closable: RunningBackend) -> None:
    seen: list[str | None] = []
    store = ClosingStore(closable.url)

    class Watching:
        def __init__(self, real: SelfServiceClient) -> None:
            self.real = real

        def cancel(self, key: str, *args: object) -> object:
            # What a restart at this very moment would find in the profile.
            pending = ClosingStore(closable.url).pending()
            seen.append(pending.key if pending else None)
            return self.real.cancel(key, *args)  # type: ignore[arg-type]

        def retention(self) -> object:
            return self.real.retention()

    session, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    result = ClosingSender(Watching(client), store).send(REQUEST)  # type: ignore[arg-type]
    assert result.closed
    assert seen == [result.key]
    assert "closing.json" in {p.name for p in config.paths().state_dir.iterdir()}
    session.close()


def test_a_double_click_closes_once(closable: RunningBackend) -> None:
    session, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    sender = ClosingSender(client, ClosingStore(closable.url))
    start = threading.Barrier(2)
    results = []

    def click() -> None:
        start.wait(timeout=10)
        results.append(sender.send(REQUEST))

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [r.outcome for r in results] == [ClosingOutcome.CLOSED, ClosingOutcome.CLOSED]
    assert len(closings(closable)) == 1
    session.close()


def test_a_lost_answer_is_retried_with_the_same_key_and_closes_once(
    closable: RunningBackend,
) -> None:
    token = ob.token_for(closable.url, MARGARET)
    with CancelProxy(closable.url, drop=1) as proxy:
        session, client = client_for(proxy.url, token, read_timeout=0.5)
        result = ClosingSender(client, ClosingStore(proxy.url)).send(REQUEST)
        session.close()
    assert result.outcome is ClosingOutcome.CLOSED
    # The first request closed the account; the retry carried the same key and got its answer.
    assert proxy.forwarded_cancellations == 2
    assert closings(closable) == [(result.key, DANIEL)]


def test_when_every_answer_is_lost_the_server_is_asked(closable: RunningBackend) -> None:
    token = ob.token_for(closable.url, MARGARET)
    with CancelProxy(closable.url, drop=10) as proxy:
        session, client = client_for(proxy.url, token, read_timeout=0.3, attempts=2)
        store = ClosingStore(proxy.url)
        result = ClosingSender(client, store).send(REQUEST)
        session.close()
    assert result.outcome is ClosingOutcome.CLOSED  # from GET retention, not from the POST
    assert result.retention is not None
    assert result.retention.account_status is AccountStatus.CLOSED
    assert len(closings(closable)) == 1
    assert store.pending() is None


def test_restart_during_the_request_recovers_from_the_server(closable: RunningBackend) -> None:
    token = ob.token_for(closable.url, MARGARET)
    store = ClosingStore(closable.url)
    pending = store.begin(MARGARET)
    # The request went out and closed the account; the app died before the answer came.
    session, client = client_for(closable.url, token)
    client.cancel(pending.key, FIRM)

    recovered = ClosingSender(client, ClosingStore(closable.url)).recover()
    assert recovered is not None and recovered.outcome is ClosingOutcome.CLOSED
    assert store.pending() is None
    assert len(closings(closable)) == 1
    assert ClosingSender(client, store).recover() is None  # nothing pending any more
    session.close()


def test_restart_before_the_request_reached_the_server_reuses_the_key(
    closable: RunningBackend,
) -> None:
    store = ClosingStore(closable.url)
    pending = store.begin(MARGARET)
    session, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    sender = ClosingSender(client, ClosingStore(closable.url))

    recovered = sender.recover()
    assert recovered is not None and recovered.outcome is ClosingOutcome.NOT_CLOSED
    assert store.pending() == pending  # kept for the next attempt
    result = sender.send(REQUEST)
    assert result.closed and result.key == pending.key
    assert closings(closable) == [(pending.key, DANIEL)]
    session.close()


def test_a_stale_sign_in_is_refused_then_the_same_key_closes_after_a_fresh_one(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--token-lifetime", "86400")
    session, client = client_for(backend.url, ob.token_for(backend.url, MARGARET))
    client.advance_demo_clock(seconds=11 * 60)
    store = ClosingStore(backend.url)
    sender = ClosingSender(client, store)

    stale = sender.send(REQUEST)
    assert stale.outcome is ClosingOutcome.REAUTH_REQUIRED
    assert closings(backend) == []
    assert store.pending() is not None and store.pending().key == stale.key  # type: ignore[union-attr]

    session.set_token(ob.token_for(backend.url, MARGARET))  # the fresh sign-in
    fresh = sender.send(REQUEST)
    assert fresh.closed and fresh.key == stale.key
    assert closings(backend) == [(stale.key, DANIEL)]
    session.close()


def test_only_the_primary_subscriber_may_close(closable: RunningBackend) -> None:
    session, client = client_for(closable.url, ob.token_for(closable.url, DANIEL))
    store = ClosingStore(closable.url)
    result = ClosingSender(client, store).send(REQUEST)
    assert result.outcome is ClosingOutcome.NOT_PRIMARY_SUBSCRIBER
    assert result.refusal is not None
    assert result.refusal.primary_subscriber is not None
    assert result.refusal.primary_subscriber.name == "Margaret Harbor"
    assert result.refusal.support.phone == "+1-888-858-2546"
    assert closings(closable) == [] and store.pending() is None
    session.close()


def test_a_contract_account_is_closed_with_the_service(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--contract-account")
    session, client = client_for(backend.url, ob.token_for(backend.url, MARGARET))
    result = ClosingSender(client, ClosingStore(backend.url)).send(REQUEST)
    assert result.outcome is ClosingOutcome.ASSISTED_REQUIRED
    assert result.refusal is not None and result.refusal.support.option == "2"
    assert closings(backend) == []
    session.close()


def test_a_wrong_firm_name_is_refused_and_nothing_is_left_pending(
    closable: RunningBackend,
) -> None:
    session, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    store = ClosingStore(closable.url)
    result = ClosingSender(client, store).send(ClosingRequest("Harbor and Finch"))
    assert result.outcome is ClosingOutcome.REJECTED
    assert "firm" in result.message.lower()
    assert closings(closable) == [] and store.pending() is None
    session.close()


def test_closing_an_already_closed_account_reports_the_servers_dates(
    closable: RunningBackend,
) -> None:
    session, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    client.cancel("someone-else", FIRM)
    result = ClosingSender(client, ClosingStore(closable.url)).send(REQUEST)
    assert result.outcome is ClosingOutcome.CLOSED
    assert result.retention is not None and result.retention.closed_at is not None
    assert len(closings(closable)) == 1
    session.close()


# --- the profile's record ------------------------------------------------------------------


def test_entered_closing_day_counts_down_from_that_day() -> None:
    store = ClosingStore("https://app.clio.com")
    assert store.known_closing() is None
    store.save_entered_closing(date(2026, 8, 31), escrow=True)
    known = ClosingStore("https://app.clio.com").known_closing()
    assert known is not None and known.source is ClosingSource.ENTERED
    assert known.dates.content_last_day == date(2026, 11, 29)
    assert known.dates.escrow_last_day == date(2027, 2, 28)
    # Another server's record is separate.
    assert ClosingStore("https://eu.app.clio.com").known_closing() is None


def test_an_unreadable_record_is_treated_as_empty() -> None:
    store = ClosingStore("https://app.clio.com")
    config.ensure_dir(store.path.parent)
    store.path.write_text("{not json", encoding="utf-8")
    assert store.pending() is None and store.known_closing() is None
    assert store.begin(None).key  # and it can be written again


# --- the checklist's facts ------------------------------------------------------------------


def _all(backend: RunningBackend, token: str, kind: str, fields: str) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    url: str | None = f"{backend.url}/api/v4/{kind}.json"
    params: dict[str, object] | None = {"fields": fields, "limit": 200, "order": "id(asc)"}
    while url:
        page = requests.get(url, params=params, headers=ob.bearer(token), timeout=10).json()
        records += page["data"]
        url, params = page["meta"]["paging"].get("next"), None
    return records


def test_checklist_facts_of_the_demo_firm(demo_backend: RunningBackend) -> None:
    token = ob.token_for(demo_backend.url, MARGARET)
    session = HttpSession(demo_backend.url)
    session.set_token(token)
    api = demo_backend.url + "/api/v4/"

    matters = _all(demo_backend, token, "matters", "id,status")
    counts = count_open_matters(session, api)
    assert counts.open == sum(m["status"] == "Open" for m in matters) > 0
    assert counts.pending == sum(m["status"] == "Pending" for m in matters)

    activities = _all(demo_backend, token, "activities", "id,billed,non_billable,total")
    unbilled = [a for a in activities if not a["billed"] and not a["non_billable"]]
    work = unbilled_work(session, api)
    assert work.entries == len(unbilled) > 0
    assert work.amount == sum((Decimal(str(a["total"])) for a in unbilled), Decimal(0)).quantize(
        Decimal("0.01")
    )

    people = access_candidates(session, api)
    # Any active user may be designated; the owner and the administrators come first.
    assert [(p.name, p.primary_subscriber, p.administrator) for p in people] == [
        ("Margaret Harbor", True, True),
        ("Daniel Okafor", False, True),
        ("Eleanor Finch", False, False),
        ("Priya Raman", False, False),
        ("Rafael Ibáñez", False, False),
        ("Tom Kowalski", False, False),
    ]
    session.close()


# --- milestone announcements ---------------------------------------------------------------


def test_each_milestone_is_announced_once_and_only_the_latest_after_a_gap() -> None:
    tz = ZoneInfo("America/New_York")
    dates = retention_dates(datetime(2026, 11, 24, 15, 30, tzinfo=UTC), escrow_enabled=True)
    store = ClosingStore("https://app.clio.com")
    watch = MilestoneWatch(store)
    closed = dates.closed_at

    assert watch.due(dates, closed + timedelta(minutes=1), tz) is None  # closing: not announced
    assert watch.due(dates, closed + timedelta(days=10), tz) is None
    thirty = watch.due(dates, dates.content_deleted_at - timedelta(days=29, hours=23), tz)
    assert thirty is not None and thirty.kind is MilestoneKind.DAYS_LEFT_30
    assert watch.due(dates, dates.content_deleted_at - timedelta(days=29), tz) is None
    # Away for the 7- and 1-day milestones: only the latest is announced.
    late = watch.due(dates, dates.content_deleted_at - timedelta(hours=2), tz)
    assert late is not None and late.kind is MilestoneKind.DAYS_LEFT_1
    # A restart remembers what was announced.
    again = MilestoneWatch(ClosingStore("https://app.clio.com"))
    assert again.due(dates, dates.content_deleted_at - timedelta(hours=1), tz) is None
    deleted = again.due(dates, dates.content_deleted_at + timedelta(seconds=1), tz)
    assert deleted is not None and deleted.kind is MilestoneKind.CONTENT_DELETED
    assert dates.escrow_ends_at is not None
    ended = again.due(dates, dates.escrow_ends_at, tz)
    assert ended is not None and ended.kind is MilestoneKind.ESCROW_ENDED


def test_the_day_entered_is_the_closing_day() -> None:
    known = known_closing_entered(date(2027, 1, 31), escrow=False)
    assert known.dates.content_last_day == date(2027, 5, 1)
    assert known.dates.escrow_ends_at is None


# --- when the closing takes effect, and changing one's mind ------------------------------------


def test_the_two_choices_agree_with_the_billing_examples(closable: RunningBackend) -> None:
    # Monthly plan, billing day the 18th, today the 24th (the brief's example).
    from app.closing.when import closing_choices

    _, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    account = client.account()
    at_end, now = closing_choices(account)
    assert at_end.when is ClosingWhen.END_OF_PERIOD and now.when is ClosingWhen.NOW
    # now: the month from the 18th stands, its unused days are not refunded, no next charge
    assert now.closes_at == account.server_time
    assert now.closes_at.date() == date(2026, 11, 24)
    assert (now.cost.period.start, now.cost.period.end) == (date(2026, 11, 18), date(2026, 12, 17))
    assert now.cost.paid_for_period == Decimal("534.00")
    assert now.cost.unused_days == 23 and now.cost.unused_value > 0
    assert now.cost.refund == 0 and now.cost.further_charges == 0
    assert now.cost.cancelled_charge.date == date(2026, 12, 18)
    assert now.dates.content_last_day == date(2027, 2, 22)
    # at the end of the period: the same month is paid and used to its end, nothing unused,
    # the charge of 18 December is not made; the 90 days count from 18 December
    assert at_end.closes_at == datetime(2026, 12, 18, tzinfo=UTC)
    assert at_end.cost.period == now.cost.period
    assert at_end.cost.paid_for_period == Decimal("534.00")
    assert (at_end.cost.unused_days, at_end.cost.unused_value) == (0, Decimal("0.00"))
    assert at_end.cost.refund == 0 and at_end.cost.further_charges == 0
    assert at_end.cost.cancelled_charge.date == date(2026, 12, 18)
    assert at_end.dates.content_last_day == date(2027, 3, 18)
    assert at_end.reopen_until == datetime(2027, 1, 17, tzinfo=UTC)


def test_a_closing_at_the_end_of_the_period_is_scheduled_and_can_be_cancelled(
    closable: RunningBackend,
) -> None:
    from app.closing.when import ChangeOfMind, ChangeOutcome, closing_choices

    _, client = client_for(closable.url, ob.token_for(closable.url, MARGARET))
    store = ClosingStore(closable.url)
    at_end, _ = closing_choices(client.account())
    request = ClosingRequest(FIRM, when=ClosingWhen.END_OF_PERIOD)
    result = ClosingSender(client, store).send(request, user_id=MARGARET)
    assert result.outcome is ClosingOutcome.SCHEDULED
    assert result.retention is not None
    # the server and the app agree on the instant
    assert result.retention.closing_scheduled_at == at_end.closes_at
    assert closings(closable) == [] and store.pending() is None
    account = client.account()
    assert account.closing_scheduled and account.next_charge is None
    # a double click (second send) leaves one schedule
    assert ClosingSender(client, store).send(request).outcome is ClosingOutcome.SCHEDULED

    undone = ChangeOfMind(client, store).cancel_scheduled_closing()
    assert undone.outcome is ChangeOutcome.DONE
    assert not client.account().closing_scheduled
    cached = store.cached_retention()
    assert cached is not None and cached.retention.closing_scheduled_at is None


def test_cancelling_after_the_closing_happened_is_too_late(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    from app.closing.when import ChangeOfMind, ChangeOutcome

    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-12-17T23:00:00Z",
        "--token-lifetime", str(30 * 86400),
    )  # fmt: skip
    _, client = client_for(backend.url, ob.token_for(backend.url, MARGARET))
    store = ClosingStore(backend.url)
    request = ClosingRequest(FIRM, when=ClosingWhen.END_OF_PERIOD)
    assert ClosingSender(client, store).send(request).scheduled
    client.advance_demo_clock(seconds=3600)
    late = ChangeOfMind(client, store).cancel_scheduled_closing()
    assert late.outcome is ChangeOutcome.TOO_LATE
    assert late.error_type == "already_closed"
    account = client.account()
    assert account.status is AccountStatus.CLOSED
    assert account.closed_at == datetime(2026, 12, 18, tzinfo=UTC)


def test_the_primary_subscriber_reopens_within_the_grace_period(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    from app.closing.when import ChangeOfMind, ChangeOutcome

    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30:00Z",
        "--token-lifetime", str(90 * 86400),
    )  # fmt: skip
    _, client = client_for(backend.url, ob.token_for(backend.url, MARGARET))
    store = ClosingStore(backend.url)
    assert ClosingSender(client, store).send(REQUEST).closed
    closed = client.account()
    assert closed.closed_at is not None
    assert closed.reopen_until == closed.closed_at + timedelta(days=30)
    assert closed.may_reopen()

    _, daniel = client_for(backend.url, ob.token_for(backend.url, DANIEL))
    refused = ChangeOfMind(daniel).reopen()
    assert (refused.outcome, refused.error_type) == (
        ChangeOutcome.NOT_ALLOWED,
        "not_primary_subscriber",
    )

    reopened = ChangeOfMind(client, store).reopen()
    assert reopened.outcome is ChangeOutcome.DONE
    assert reopened.account is not None
    assert reopened.account.status is AccountStatus.ACTIVE
    assert store.known_closing() is None  # the countdown no longer counts down
    again = ChangeOfMind(client, store).reopen()
    assert (again.outcome, again.error_type) == (ChangeOutcome.TOO_LATE, "not_closed")


def test_reopening_after_the_grace_period_is_too_late(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    from app.closing.when import ChangeOfMind, ChangeOutcome

    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30:00Z",
        "--token-lifetime", str(90 * 86400),
    )  # fmt: skip
    _, client = client_for(backend.url, ob.token_for(backend.url, MARGARET))
    assert ClosingSender(client, ClosingStore(backend.url)).send(REQUEST).closed
    client.advance_demo_clock(days=30)
    account = client.account()
    assert not account.may_reopen()
    late = ChangeOfMind(client).reopen()
    assert (late.outcome, late.error_type) == (ChangeOutcome.TOO_LATE, "reopen_period_over")
    assert client.account().status is AccountStatus.CLOSED


def test_on_a_yearly_plan_closing_at_the_end_waits_for_the_anniversary_and_refunds_nothing(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    from app.closing.when import closing_choices

    backend = backend_factory(
        "--seed", "demo", "--billing-cycle", "yearly", "--now", "2026-11-24T15:30:00Z"
    )
    _, client = client_for(backend.url, ob.token_for(backend.url, MARGARET))
    at_end, now = closing_choices(client.account())
    assert at_end.closes_at == datetime(2027, 3, 18, tzinfo=UTC)
    assert at_end.cost.period == now.cost.period
    assert (at_end.cost.unused_days, at_end.cost.unused_months) == (0, 0)
    assert now.cost.unused_months == 3 and now.cost.unused_value > 0
    for choice in (at_end, now):
        assert choice.cost.refund == 0 and choice.cost.further_charges == 0
        assert choice.cost.cancelled_charge.date == date(2027, 3, 18)
    assert at_end.dates.content_last_day == date(2027, 6, 16)
    # the server schedules the same instant
    request = ClosingRequest(FIRM, when=ClosingWhen.END_OF_PERIOD)
    result = ClosingSender(client, ClosingStore(backend.url)).send(request)
    assert result.retention is not None
    assert result.retention.closing_scheduled_at == at_end.closes_at


def test_a_scheduled_closing_counts_down_from_its_instant_even_before_the_server_is_asked() -> None:
    from app.account.models import Retention

    store = ClosingStore("http://127.0.0.1:9")
    instant = datetime(2026, 12, 18, tzinfo=UTC)
    scheduled = Retention(
        account_status=AccountStatus.ACTIVE,
        closed_at=None,
        content_last_day=None,
        content_deleted_at=None,
        content_deleted=False,
        escrow_enabled=True,
        escrow_last_day=None,
        escrow_ends_at=None,
        designated_user=None,
        server_time=datetime(2026, 11, 24, 15, 30, tzinfo=UTC),
        closing_scheduled_at=instant,
    )
    store.save_retention(scheduled)
    assert store.known_closing(now=instant - timedelta(seconds=1)) is None
    known = store.known_closing(now=instant)
    assert known is not None and known.source is ClosingSource.SERVER
    assert known.dates.closed_at == instant
    assert known.dates.content_last_day == date(2027, 3, 18)
    assert known.dates.escrow_last_day == date(2027, 6, 18)


def test_an_export_without_the_trust_bank_records_does_not_cover_the_trust_records() -> None:
    from app.closing.checklist import LastExport

    when = datetime(2026, 12, 1, tzinfo=UTC)
    older = LastExport(when, True, ("matters", "trust_line_items"), includes_trust_ledger=True)
    assert not older.covers_trust_records
    full = LastExport(
        when,
        True,
        ("matters", "trust_line_items", "bank_accounts", "bank_transactions"),
        includes_trust_ledger=True,
    )
    assert full.covers_trust_records
    assert not LastExport(when, True, full.kinds, includes_trust_ledger=False).covers_trust_records
