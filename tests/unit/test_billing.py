"""What the person is told about money when closing: the period paid for, the unused part that
is not refunded, and the charge that will not be made. Checked against a straightforward
`dateutil.relativedelta` computation for every day of two years."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from app.account.billing import (
    ClosingCost,
    billing_period,
    closing_day_of,
    if_you_close_at,
    if_you_close_now,
    if_you_close_on,
)
from app.account.models import (
    Account,
    AccountStatus,
    BillingCycle,
    Charge,
    Firm,
    Period,
    Person,
    Plan,
    SelfServiceCancellation,
)

BILLING_DAYS = (1, 18, 28, 29, 30, 31)
ANNIVERSARY_MONTHS = (1, 2, 8, 12)
FIRST_DAY = date(2027, 1, 1)
LAST_DAY = date(2028, 12, 31)  # two full years, 2028 a leap year


def every_day(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def account(
    cycle: BillingCycle,
    billing_day: int,
    period: Period,
    *,
    price: str = "89.00",
    seats: int = 6,
    last_charge: Charge | None = None,
    next_charge: Charge | None = None,
) -> Account:
    return Account(
        firm=Firm(1, "Harbor & Finch LLP"),
        status=AccountStatus.ACTIVE,
        plan=Plan("Boutique", cycle, seats, Decimal(price), Decimal("10.00"), "USD"),
        billing_day=billing_day,
        current_period=period,
        last_charge=last_charge,
        next_charge=next_charge,
        primary_subscriber=Person(1, "Margaret Harbor", "m@example.com"),
        payments_enabled=True,
        escrow_enabled=True,
        self_service_cancellation=SelfServiceCancellation(True, None),
        closed_at=None,
        server_time=datetime(2027, 1, 1, tzinfo=UTC),
    )


# --- the test's own, independent way of finding a billing period -------------------------


def expected_period(cycle: BillingCycle, billing_day: int, anniversary: int, on: date) -> Period:
    """relativedelta(day=N) lands on day N or the month's last day, which is the clamping rule.
    Try the candidate starts around `on` and keep the latest that is not after it."""
    if cycle is BillingCycle.MONTHLY:
        first_of_month = on.replace(day=1)
        candidates = [first_of_month + relativedelta(months=k, day=billing_day) for k in (-1, 0)]
        start = max(c for c in candidates if c <= on)
        following = start.replace(day=1) + relativedelta(months=1, day=billing_day)
    else:
        candidates = [
            date(on.year + k, anniversary, 1) + relativedelta(day=billing_day) for k in (-1, 0)
        ]
        start = max(c for c in candidates if c <= on)
        following = date(start.year + 1, anniversary, 1) + relativedelta(day=billing_day)
    return Period(start, following - timedelta(days=1))


def expected_unused_value(paid: Decimal, days: int, unused: int) -> Decimal:
    exact = Fraction(paid) * unused / days
    return Decimal(exact.numerator) / Decimal(exact.denominator)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- the seed example from the brief ------------------------------------------------------


def test_billing_day_18_closing_on_the_24th_refunds_nothing_and_charges_nothing_more() -> None:
    acct = account(
        BillingCycle.MONTHLY,
        18,
        Period(date(2026, 11, 18), date(2026, 12, 17)),
        last_charge=Charge(date(2026, 11, 18), Decimal("534.00")),
        next_charge=Charge(date(2026, 12, 18), Decimal("534.00")),
    )
    cost = if_you_close_on(acct, date(2026, 11, 24))
    # The month from the 18th ...
    assert cost.period == Period(date(2026, 11, 18), date(2026, 12, 17))
    assert cost.paid_for_period == Decimal("534.00") and not cost.paid_is_estimate
    # ... of which 23 days (25 Nov to 17 Dec) are unused, worth 534 x 23/30 ...
    assert cost.unused_days == 23
    assert cost.used_days == 7
    assert cost.unused_value == Decimal("409.40")
    # ... is not refunded, and the 18 December charge is not made.
    assert cost.refund == Decimal("0.00")
    assert cost.further_charges == Decimal("0.00")
    assert cost.cancelled_charge == Charge(date(2026, 12, 18), Decimal("534.00"))
    assert cost.unused_months is None
    assert cost.yearly_discount_for_period is None
    assert cost.period_agrees_with_server


def test_yearly_plan_closed_part_way_refunds_no_month() -> None:
    acct = account(
        BillingCycle.YEARLY,
        18,
        Period(date(2026, 3, 18), date(2027, 3, 17)),
        last_charge=Charge(date(2026, 3, 18), Decimal("5688.00")),
    )
    cost = if_you_close_on(acct, date(2026, 11, 24))
    assert cost.period == Period(date(2026, 3, 18), date(2027, 3, 17))
    assert cost.paid_for_period == Decimal("5688.00")
    # 18 Dec, 18 Jan and 18 Feb start months that are wholly unused.
    assert cost.unused_months == 3
    assert cost.unused_days == (date(2027, 3, 17) - date(2026, 11, 24)).days
    assert cost.refund == Decimal("0.00")
    # No next charge on record: the one that would have been made is the plan's price.
    assert cost.cancelled_charge == Charge(date(2027, 3, 18), Decimal("5688.00"))
    # $10 per user per month, 6 users, 12 months.
    assert cost.yearly_discount_per_user_per_month == Decimal("10.00")
    assert cost.yearly_discount_for_period == Decimal("720.00")


def test_closing_on_the_anniversary_leaves_eleven_whole_months() -> None:
    acct = account(BillingCycle.YEARLY, 1, Period(date(2027, 1, 1), date(2027, 12, 31)))
    cost = if_you_close_on(acct, date(2027, 1, 1))
    assert cost.unused_months == 11
    assert cost.unused_days == 364


def test_closing_on_the_last_day_leaves_nothing_unused() -> None:
    acct = account(BillingCycle.MONTHLY, 18, Period(date(2026, 11, 18), date(2026, 12, 17)))
    cost = if_you_close_on(acct, date(2026, 12, 17))
    assert cost.unused_days == 0 and cost.unused_value == Decimal("0.00")


def test_billing_day_31_in_february_starts_on_the_last_day() -> None:
    assert billing_period(BillingCycle.MONTHLY, 31, date(2027, 2, 28)) == Period(
        date(2027, 2, 28), date(2027, 3, 30)
    )
    assert billing_period(BillingCycle.MONTHLY, 31, date(2027, 2, 27)) == Period(
        date(2027, 1, 31), date(2027, 2, 27)
    )
    assert billing_period(BillingCycle.MONTHLY, 29, date(2028, 2, 29)) == Period(
        date(2028, 2, 29), date(2028, 3, 28)
    )


def test_a_server_period_that_does_not_start_on_the_billing_day_is_flagged() -> None:
    acct = account(BillingCycle.MONTHLY, 18, Period(date(2026, 11, 17), date(2026, 12, 17)))
    cost = if_you_close_on(acct, date(2026, 11, 24))
    assert not cost.period_agrees_with_server
    assert cost.period == Period(date(2026, 11, 18), date(2026, 12, 17))
    assert cost.server_period == Period(date(2026, 11, 17), date(2026, 12, 17))


def test_a_charge_outside_the_period_is_not_taken_for_what_was_paid() -> None:
    # Closing next month: what will have been paid is the plan's price, marked as an estimate.
    acct = account(
        BillingCycle.MONTHLY,
        18,
        Period(date(2026, 11, 18), date(2026, 12, 17)),
        last_charge=Charge(date(2026, 11, 18), Decimal("500.00")),
    )
    cost = if_you_close_on(acct, date(2026, 12, 20))
    assert cost.paid_for_period == Decimal("534.00")
    assert cost.paid_is_estimate


def test_rounding_is_to_the_cent_and_never_above_what_was_paid() -> None:
    acct = account(
        BillingCycle.MONTHLY,
        1,
        Period(date(2027, 1, 1), date(2027, 1, 31)),
        price="0.01",
        seats=1,
        last_charge=Charge(date(2027, 1, 1), Decimal("0.01")),
    )
    cost = if_you_close_on(acct, date(2027, 1, 1))
    assert cost.unused_value == Decimal("0.01")  # 30/31 of a cent rounds up to the cent paid
    assert cost.unused_value <= cost.paid_for_period


def check_against_independent(cost: ClosingCost, want: Period, closing: date) -> None:
    assert cost.period == want, closing
    days = (want.end - want.start).days + 1
    unused = (want.end - closing).days
    assert cost.unused_days == unused
    assert cost.unused_value == cents(expected_unused_value(cost.paid_for_period, days, unused)), (
        closing
    )
    # Invariants the person relies on.
    assert 0 <= cost.unused_days < days
    assert Decimal(0) <= cost.unused_value <= cost.paid_for_period
    assert cost.refund == 0 and cost.further_charges == 0
    assert cost.cancelled_charge.date == want.end + timedelta(days=1)


@pytest.mark.parametrize("billing_day", BILLING_DAYS)
def test_every_closing_day_of_two_years_monthly(billing_day: int) -> None:
    today = date(2027, 1, 15)
    server_period = expected_period(BillingCycle.MONTHLY, billing_day, 1, today)
    acct = account(BillingCycle.MONTHLY, billing_day, server_period)
    for closing in every_day():
        want = expected_period(BillingCycle.MONTHLY, billing_day, 1, closing)
        cost = if_you_close_on(acct, closing)
        check_against_independent(cost, want, closing)
        assert cost.period_agrees_with_server
        assert cost.unused_months is None
        assert 28 <= cost.period_days <= 31


@pytest.mark.parametrize("anniversary", ANNIVERSARY_MONTHS)
@pytest.mark.parametrize("billing_day", BILLING_DAYS)
def test_every_closing_day_of_two_years_yearly(billing_day: int, anniversary: int) -> None:
    start = date(2026, anniversary, 1) + relativedelta(day=billing_day)
    server_period = expected_period(BillingCycle.YEARLY, billing_day, anniversary, start)
    acct = account(BillingCycle.YEARLY, billing_day, server_period)
    # Days on which a monthly slice of the year begins: the billing day, or the month's last day
    # when the month is shorter. Found by looking at every day.
    slice_starts = [
        d
        for d in every_day(date(2026, 1, 1), date(2030, 12, 31))
        if d == d + relativedelta(day=billing_day)
    ]
    for closing in every_day():
        want = expected_period(BillingCycle.YEARLY, billing_day, anniversary, closing)
        cost = if_you_close_on(acct, closing)
        check_against_independent(cost, want, closing)
        assert cost.period_agrees_with_server
        assert cost.period_days in (365, 366)
        # Whole unused months: the slices that begin after the closing day.
        unused = [d for d in slice_starts if closing < d <= want.end]
        assert cost.unused_months == len(unused), closing
        assert 0 <= (cost.unused_months or 0) <= 11
        assert cost.yearly_discount_for_period == Decimal("720.00")


def test_the_two_years_cover_leap_day_and_every_month_end() -> None:
    days = every_day()
    assert date(2028, 2, 29) in days
    month_ends = {d + relativedelta(day=31) for d in days}
    assert month_ends <= set(days) and len(month_ends) == 24


def test_closing_cost_is_a_frozen_value() -> None:
    acct = account(BillingCycle.MONTHLY, 18, Period(date(2026, 11, 18), date(2026, 12, 17)))
    cost = if_you_close_on(acct, date(2026, 11, 24))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cost.refund = Decimal("1.00")  # type: ignore[misc]


def test_the_closing_day_is_the_utc_date_as_the_service_counts_it() -> None:
    acct = account(BillingCycle.MONTHLY, 18, Period(date(2026, 11, 18), date(2026, 12, 17)))
    evening_in_new_york = datetime(2026, 12, 17, 21, 0, tzinfo=ZoneInfo("America/New_York"))
    assert closing_day_of(evening_in_new_york) == date(2026, 12, 18)
    # Already the next period on the service's calendar: that month is the one paid for.
    assert if_you_close_at(acct, evening_in_new_york).period.start == date(2026, 12, 18)
    with pytest.raises(ValueError, match="time zone"):
        closing_day_of(datetime(2026, 12, 17, 21, 0))


def test_closing_now_uses_the_servers_clock() -> None:
    acct = dataclasses.replace(
        account(BillingCycle.MONTHLY, 18, Period(date(2026, 11, 18), date(2026, 12, 17))),
        server_time=datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
    )
    assert if_you_close_now(acct).closing_date == date(2026, 11, 24)
    assert if_you_close_now(acct).unused_days == 23
