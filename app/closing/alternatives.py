"""What the self-service API offers instead of closing (GET alternatives): hand the Primary
Subscriber role on, pay for fewer seats, or switch between monthly and yearly billing, each
with the money the server computed by the account's billing rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.account.models import BillingCycle, InvalidResponse, Person, _Reader

MAX_SEATS = 10_000


@dataclass(frozen=True)
class PlanPrice:
    seats: int
    billing_cycle: BillingCycle
    charge: Decimal  # one charge: a month, or a year on a yearly plan
    per_year: Decimal
    price_per_seat_per_month: Decimal

    @classmethod
    def read(cls, r: _Reader) -> PlanPrice:
        cycle = r.enum("billing_cycle", BillingCycle)
        per = r.text("per", 10)
        if per != ("year" if cycle is BillingCycle.YEARLY else "month"):
            raise InvalidResponse(r.name("per"), "does not match the billing cycle")
        return cls(
            seats=r.integer("seats", 1, MAX_SEATS),
            billing_cycle=cycle,
            charge=r.money("charge"),
            per_year=r.money("per_year"),
            price_per_seat_per_month=r.money("price_per_seat_per_month"),
        )


@dataclass(frozen=True)
class PricedChange:
    """A plan the firm may switch to, what it saves in a year (negative: costs more), and the
    day it starts (the next billing date)."""

    price: PlanPrice
    saving_per_year: Decimal
    starts_on: date

    @classmethod
    def read(cls, r: _Reader) -> PricedChange:
        return cls(
            PlanPrice.read(r),
            r.money("saving_per_year", allow_negative=True),
            r.day("starts_on"),
        )


@dataclass(frozen=True)
class ScheduledChange:
    kind: str  # "seats" or "billing_cycle"
    value: str
    starts_on: date


@dataclass(frozen=True)
class Alternatives:
    offered: bool
    reason: str | None
    current: PlanPrice
    seats_in_use: int
    next_billing_date: date
    scheduled: tuple[ScheduledChange, ...]
    candidates: tuple[Person, ...]  # who may become the Primary Subscriber
    fewer_seats: tuple[PricedChange, ...]  # empty when every paid seat is in use
    switch_billing_cycle: PricedChange
    currency: str
    server_time: datetime

    @classmethod
    def from_json(cls, obj: object) -> Alternatives:
        r = _Reader(obj, "")
        current = r.sub("current")
        seats = r.sub("reduce_seats")
        transfer = r.sub("transfer_primary_subscriber")
        scheduled = []
        for index, item in enumerate(r.items("scheduled")):
            s = _Reader(item, f"scheduled[{index}]")
            scheduled.append(
                ScheduledChange(s.text("kind", 40), s.text("value", 40), s.day("starts_on"))
            )
        return cls(
            offered=r.flag("offered"),
            reason=r.opt_text("reason", 100),
            current=PlanPrice.read(current),
            seats_in_use=current.integer("seats_in_use", 0, MAX_SEATS),
            next_billing_date=r.day("next_billing_date"),
            scheduled=tuple(scheduled),
            candidates=tuple(
                Person.from_json(item, f"transfer_primary_subscriber.candidates[{i}]")
                for i, item in enumerate(transfer.items("candidates"))
            ),
            fewer_seats=tuple(
                PricedChange.read(_Reader(item, f"reduce_seats.options[{i}]"))
                for i, item in enumerate(seats.items("options"))
            ),
            switch_billing_cycle=PricedChange.read(r.sub("switch_billing_cycle")),
            currency=r.currency("currency"),
            server_time=r.instant("server_time"),
        )

    def scheduled_value(self, kind: str) -> str | None:
        return next((c.value for c in self.scheduled if c.kind == kind), None)
