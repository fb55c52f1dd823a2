"""Billing facts the firm enters once: checked with a reason for each refusal, remembered per
account in the profile, and giving the very same "If you close today" as the self-service
figures of the reference backend (default style) for the same plan, price, users, cycle and
billing day."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app import config
from app.account.billing import if_you_close_at
from app.account.entered_billing import (
    EnteredBilling,
    EnteredFactsStore,
    Problem,
    account_key,
    as_account,
    check_billing,
    parse_amount,
)
from app.account.models import BillingCycle
from app.account.selfservice import SelfServiceClient
from app.net.http import HttpSession
from app.net.servers import local_server
from tests.support.backend import RunningBackend

NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


def entered(**changes: object) -> EnteredBilling:
    facts = {
        "plan_name": "Boutique",
        "price": Decimal("89.00"),
        "users": 6,
        "cycle": BillingCycle.MONTHLY,
        "billing_day": 18,
        "renewal_month": None,
        "currency": "USD",
        **changes,
    }
    result = check_billing(
        str(facts["plan_name"]),
        facts["price"],  # type: ignore[arg-type]
        facts["users"],  # type: ignore[arg-type]
        facts["cycle"],  # type: ignore[arg-type]
        facts["billing_day"],  # type: ignore[arg-type]
        facts["renewal_month"],  # type: ignore[arg-type]
        str(facts["currency"]),
        NOW,
    )
    assert isinstance(result, EnteredBilling), result
    return result


@pytest.mark.parametrize(
    ("cycle", "billing_day", "seats"),
    [
        (BillingCycle.MONTHLY, 18, 6),
        (BillingCycle.MONTHLY, 31, 9),
        (BillingCycle.YEARLY, 3, 6),
    ],
)
def test_entered_facts_give_the_same_if_you_close_today_as_the_self_service_figures(
    backend_factory: Callable[..., RunningBackend],
    cycle: BillingCycle,
    billing_day: int,
    seats: int,
) -> None:
    backend = backend_factory(
        "--seed",
        "demo",
        "--billing-cycle",
        cycle.value,
        "--billing-day",
        str(billing_day),
        "--seats",
        str(seats),
    )
    http = HttpSession(backend.url)
    try:
        http.set_token(backend.issue_token("primary_subscriber"))
        served = SelfServiceClient(http, local_server(backend.url).self_service_base).account()
    finally:
        http.close()
    plan = served.plan
    # What the firm reads on its invoice: the price per user per month as billed, the users
    # billed, the cycle, the billing day and (yearly) the month the plan renews in.
    facts = entered(
        plan_name=plan.name,
        price=plan.rate_per_user_per_month,
        users=plan.seats,
        cycle=plan.billing_cycle,
        billing_day=served.billing_day,
        renewal_month=served.current_period.start.month if cycle is BillingCycle.YEARLY else None,
        currency=plan.currency,
    )
    now = served.server_time
    theirs = if_you_close_at(served, now)
    ours = if_you_close_at(as_account(facts, now), now)
    assert ours.closing_date == theirs.closing_date
    assert ours.period == theirs.period == served.current_period
    assert ours.paid_for_period == theirs.paid_for_period
    assert ours.unused_days == theirs.unused_days
    assert ours.unused_value == theirs.unused_value
    assert ours.unused_months == theirs.unused_months
    assert ours.cancelled_charge == theirs.cancelled_charge
    assert ours.refund == theirs.refund == 0
    assert ours.further_charges == theirs.further_charges == 0
    assert ours.period_agrees_with_server
    # The only difference: entered facts are the plan's price, not a charge on record.
    assert ours.paid_is_estimate and not theirs.paid_is_estimate


def test_each_refusal_says_which_fact_and_why() -> None:
    result = check_billing("  ", None, None, BillingCycle.YEARLY, 32, None, "dollars", NOW)
    assert result == [
        Problem.PLAN_MISSING,
        Problem.PRICE_NOT_AMOUNT,
        Problem.USERS_NOT_WHOLE,
        Problem.DAY_OUT_OF_RANGE,
        Problem.MONTH_MISSING,
        Problem.CURRENCY_INVALID,
    ]
    result = check_billing(
        "x" * 101, Decimal("-1.00"), 0, BillingCycle.MONTHLY, 0, None, "USD", NOW
    )
    assert result == [
        Problem.PLAN_TOO_LONG,
        Problem.PRICE_OUT_OF_RANGE,
        Problem.USERS_OUT_OF_RANGE,
        Problem.DAY_OUT_OF_RANGE,
    ]
    # A monthly plan needs no renewal month; one given is not kept.
    assert entered(renewal_month=5).renewal_month is None


def test_amounts_are_read_as_people_type_them() -> None:
    assert parse_amount("89") == Decimal("89.00")
    assert parse_amount("1,234.50") == Decimal("1234.50")
    assert parse_amount("1\u202f234,50 $", ",", "\u202f") == Decimal("1234.50")
    assert parse_amount("12.345") is None
    assert parse_amount("eighty") is None
    assert parse_amount("") is None


def test_facts_are_remembered_per_account_and_survive_a_restart() -> None:
    store = EnteredFactsStore()
    ours, theirs = account_key("https://app.clio.com", 1), account_key("https://app.clio.com", 7)
    facts = entered(cycle=BillingCycle.YEARLY, renewal_month=3, billing_day=31)
    store.save_billing(ours, facts)
    store.confirm_firm_name(ours, "  Harbor & Finch LLP ", date(2026, 12, 7))
    again = EnteredFactsStore()
    assert again.billing(ours) == facts
    assert again.billing(theirs) is None
    name = again.firm_name(ours)
    assert name is not None and name.name == "Harbor & Finch LLP"
    assert name.confirmed_on == date(2026, 12, 7)
    assert store.path.parent == config.paths().config_dir
    # A file edited by hand into nonsense is refused like a typed entry.
    document = json.loads(store.path.read_text(encoding="utf-8"))
    document["accounts"][ours]["billing"]["billing_day"] = 40
    store.path.write_text(json.dumps(document), encoding="utf-8")
    assert EnteredFactsStore().billing(ours) is None
    # Which account a user was last seen in, for when the service cannot be reached.
    store.remember_account_of("https://app.clio.com", 3, ours)
    assert EnteredFactsStore().account_of("https://app.clio.com", 3) == ours
    assert EnteredFactsStore().account_of("https://ca.app.clio.com", 3) is None
    store.save_billing(ours, None)
    assert store.billing(ours) is None
