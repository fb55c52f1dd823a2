"""What closing on a given day costs: the billing period it falls in, what was paid for it,
the unused part (never refunded) and the charge that will no longer be made.

The rules (product brief, "Billing"): charges already made stand, nothing of the current
period is refunded (monthly or yearly), and nothing more is charged after closing. The period
is computed here from the billing day (and, for yearly plans, the anniversary month) rather
than taken on trust, so the app can say when the server's `current_period` disagrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from app.account.models import Account, BillingCycle, Charge, Period
from app.calendar_months import clamped, shift_month

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def billing_period(
    cycle: BillingCycle, billing_day: int, on: date, anniversary_month: int = 1
) -> Period:
    """The billing period that contains `on`.

    A period starts on the billing day (29-31 clamped to the month's last day) and ends the day
    before the next one. Monthly periods start every month; yearly ones once a year in the
    anniversary month.
    """
    if not 1 <= billing_day <= 31:
        raise ValueError(f"billing day must be 1..31, not {billing_day}")
    if cycle is BillingCycle.MONTHLY:
        start = clamped(on.year, on.month, billing_day)
        if start > on:
            start = clamped(*shift_month(on.year, on.month, -1), billing_day)
        next_start = clamped(*shift_month(start.year, start.month, 1), billing_day)
    else:
        start = clamped(on.year, anniversary_month, billing_day)
        if start > on:
            start = clamped(on.year - 1, anniversary_month, billing_day)
        next_start = clamped(start.year + 1, anniversary_month, billing_day)
    return Period(start, next_start - timedelta(days=1))


def unused_whole_months(period: Period, billing_day: int, closing_date: date) -> int:
    """How many of the period's monthly slices (each starting on the billing day) lie wholly
    after the closing day. A yearly plan closed on its anniversary has 11."""
    count = 0
    for k in range(1, 13):
        slice_start = clamped(*shift_month(period.start.year, period.start.month, k), billing_day)
        if closing_date < slice_start <= period.end:
            count += 1
    return count


def unused_value(paid: Decimal, period_days: int, unused_days: int) -> Decimal:
    """The unused days' share of what was paid, pro rata by days, rounded to the cent (half up)
    and never more than was paid."""
    if period_days <= 0 or unused_days <= 0:
        return ZERO
    share = (paid * unused_days / period_days).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(share, paid)


@dataclass(frozen=True)
class ClosingCost:
    """What the person is told about money if they close on `closing_date`."""

    closing_date: date
    billing_cycle: BillingCycle
    currency: str
    # The billing period the closing day falls in, computed from the billing day.
    period: Period
    # What was paid for that period, and whether it is the recorded charge (False) or the
    # plan's price because no charge for this period is on record (True).
    paid_for_period: Decimal
    paid_is_estimate: bool
    # Days of the period after the closing day, and their pro-rata value. Not refunded.
    unused_days: int
    unused_value: Decimal
    # Always zero: the paid period is never refunded, monthly or yearly.
    refund: Decimal
    # Always zero after closing; `cancelled_charge` is the charge that will not be made.
    further_charges: Decimal
    cancelled_charge: Charge
    # Yearly plans only (None for monthly): whole unused months, none of them refunded,
    # and the yearly discount the plan carried.
    unused_months: int | None
    yearly_discount_per_user_per_month: Decimal | None
    yearly_discount_for_period: Decimal | None
    # Whether the server's `current_period` matches the period computed here.
    server_period: Period
    period_agrees_with_server: bool

    @property
    def period_days(self) -> int:
        return self.period.days

    @property
    def used_days(self) -> int:
        """Days of the period up to and including the closing day."""
        return self.period.days - self.unused_days


def anniversary_month(account: Account) -> int:
    """The month yearly periods start in: that of the server's current period (the only place
    the contract states it); for monthly plans it does not matter."""
    return account.current_period.start.month


def if_you_close_on(account: Account, closing_date: date) -> ClosingCost:
    """The money facts for closing this account on `closing_date` (the person's calendar day)."""
    plan = account.plan
    cycle = plan.billing_cycle
    anniversary = anniversary_month(account)
    period = billing_period(cycle, account.billing_day, closing_date, anniversary)

    charge = account.last_charge
    if charge is not None and charge.date in period:
        paid, estimate = charge.amount, False
    else:
        # No charge for this period on record (a future closing day, or a server that does not
        # say): what the plan charges for one period.
        paid, estimate = plan.charge_per_period, True

    next_start = period.end + timedelta(days=1)
    upcoming = account.next_charge
    if upcoming is not None and upcoming.date == next_start:
        cancelled = upcoming
    else:
        cancelled = Charge(next_start, plan.charge_per_period)

    unused_days = (period.end - closing_date).days
    yearly = cycle is BillingCycle.YEARLY
    discount = plan.yearly_discount_per_user_per_month if yearly else None

    # Compare like with like: the server's period against our period for the same days.
    own_for_server = billing_period(
        cycle, account.billing_day, account.current_period.start, anniversary
    )
    return ClosingCost(
        closing_date=closing_date,
        billing_cycle=cycle,
        currency=plan.currency,
        period=period,
        paid_for_period=paid,
        paid_is_estimate=estimate,
        unused_days=unused_days,
        unused_value=unused_value(paid, period.days, unused_days),
        refund=ZERO,
        further_charges=ZERO,
        cancelled_charge=cancelled,
        unused_months=(
            unused_whole_months(period, account.billing_day, closing_date) if yearly else None
        ),
        yearly_discount_per_user_per_month=discount,
        yearly_discount_for_period=(
            None if discount is None else (discount * plan.seats * 12).quantize(CENT)
        ),
        server_period=account.current_period,
        period_agrees_with_server=own_for_server == account.current_period,
    )


def closing_day_of(instant: datetime) -> date:
    """The day a closing at `instant` counts on for billing: its UTC calendar date, as the
    service counts it (9 p.m. in New York on the 17th is already the 18th)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("the closing instant must carry a time zone")
    return instant.astimezone(UTC).date()


def if_you_close_at(account: Account, instant: datetime) -> ClosingCost:
    """`if_you_close_on` for a closing at that instant (see `closing_day_of`)."""
    return if_you_close_on(account, closing_day_of(instant))


def if_you_close_now(account: Account) -> ClosingCost:
    """What closing now costs, "now" being the server's time when it sent the account (the
    person's own clock may be wrong)."""
    return if_you_close_at(account, account.server_time)
