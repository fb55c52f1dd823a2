"""Typed values for what the self-service API answers, parsed from untrusted JSON.

Every `from_json` checks types, ranges and formats and raises `InvalidResponse` naming the
offending field, so a wrong or hostile answer never reaches a screen and never crashes the app.
Money is a `Decimal` with two places, dates are `datetime.date`, instants are aware datetimes
in UTC.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.account.checked_json import (
    _PHONE,
    MAX_COUNT,
    MAX_LONG_TEXT,
    MAX_SEATS,
    InvalidResponse,
    _check_url,
    _Reader,
    instant_field,
)

log = logging.getLogger(__name__)

# Read by other modules through this one (the values' own home).
__all__ = ["InvalidResponse", "_Reader", "instant_field"]

# --- enums -------------------------------------------------------------------------------


class AccountStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class ClosingWhen(StrEnum):
    """When a closing takes effect: at once, or by itself when the paid period ends."""

    NOW = "now"
    END_OF_PERIOD = "end_of_period"


class BillingCycle(StrEnum):
    MONTHLY = "monthly"
    YEARLY = "yearly"


class ReasonCode(StrEnum):
    """Why the firm leaves (optional when closing)."""

    TOO_EXPENSIVE = "too_expensive"
    MISSING_FEATURES = "missing_features"
    SWITCHED_SERVICE = "switched_service"
    UNUSED = "unused"
    CUSTOMER_SERVICE = "customer_service"
    TOO_COMPLEX = "too_complex"
    LOW_QUALITY = "low_quality"
    OTHER = "other"


class FeedbackChoice(StrEnum):
    """The answers offered after "Was this article helpful?" -> No."""

    CONFUSING_OR_WRONG = "confusing_or_wrong"
    NOT_WHAT_I_WAS_LOOKING_FOR = "not_what_i_was_looking_for"
    DISLIKE_FUNCTIONALITY = "dislike_functionality"


# --- values --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A billing period; `end` is inclusive (the day before the next billing day)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        # A datetime is a date subclass but does not compare with one: not "in" a period.
        if isinstance(day, datetime) or not isinstance(day, date):
            return False
        return self.start <= day <= self.end

    @classmethod
    def from_json(cls, obj: object, path: str = "period") -> Period:
        r = _Reader(obj, path)
        start, end = r.day("start"), r.day("end")
        if end < start:
            raise InvalidResponse(r.name("end"), "is before the start")
        if (end - start).days > 366:
            raise InvalidResponse(r.name("end"), "makes the period longer than a year")
        return cls(start, end)


@dataclass(frozen=True)
class Charge:
    date: date
    amount: Decimal

    @classmethod
    def from_json(cls, obj: object, path: str = "charge") -> Charge:
        r = _Reader(obj, path)
        return cls(r.day("date"), r.money("amount"))


@dataclass(frozen=True)
class Firm:
    id: int
    name: str

    @classmethod
    def from_json(cls, obj: object, path: str = "firm") -> Firm:
        r = _Reader(obj, path)
        return cls(r.integer("id", 1), r.text("name"))


@dataclass(frozen=True)
class Person:
    """A user as the self-service API names one (primary subscriber, designated user)."""

    id: int
    name: str
    email: str

    @classmethod
    def from_json(cls, obj: object, path: str = "user") -> Person:
        r = _Reader(obj, path)
        email = r.text("email", 320)
        if "@" not in email:
            raise InvalidResponse(r.name("email"), "is not an email address")
        return cls(r.integer("id", 1), r.text("name"), email)


@dataclass(frozen=True)
class Plan:
    """The subscription plan. `price_per_user_per_month` is the monthly plan's price; yearly
    plans pay that minus `yearly_discount_per_user_per_month`, twelve months at once."""

    name: str
    billing_cycle: BillingCycle
    seats: int
    price_per_user_per_month: Decimal
    yearly_discount_per_user_per_month: Decimal
    currency: str

    @property
    def months_per_charge(self) -> int:
        return 12 if self.billing_cycle is BillingCycle.YEARLY else 1

    @property
    def rate_per_user_per_month(self) -> Decimal:
        """What one user costs per month on this plan's billing cycle."""
        if self.billing_cycle is BillingCycle.YEARLY:
            return self.price_per_user_per_month - self.yearly_discount_per_user_per_month
        return self.price_per_user_per_month

    @property
    def charge_per_period(self) -> Decimal:
        """What one billing period costs: seats x monthly rate x months in the period."""
        return self.seats * self.rate_per_user_per_month * self.months_per_charge

    @classmethod
    def from_json(cls, obj: object, path: str = "plan") -> Plan:
        r = _Reader(obj, path)
        plan = cls(
            name=r.text("name"),
            billing_cycle=r.enum("billing_cycle", BillingCycle),
            seats=r.integer("seats", 1, MAX_SEATS),
            price_per_user_per_month=r.money("price_per_user_per_month"),
            yearly_discount_per_user_per_month=r.money("yearly_discount_per_user_per_month"),
            currency=r.currency("currency"),
        )
        if plan.yearly_discount_per_user_per_month > plan.price_per_user_per_month:
            raise InvalidResponse(r.name("yearly_discount_per_user_per_month"), "exceeds the price")
        return plan


@dataclass(frozen=True)
class SelfServiceCancellation:
    """Whether the primary subscriber may close in the app; if not, `reason` says why
    (for example "contract_account") and the app offers the support line instead."""

    allowed: bool
    reason: str | None

    @classmethod
    def from_json(
        cls, obj: object, path: str = "self_service_cancellation"
    ) -> SelfServiceCancellation:
        r = _Reader(obj, path)
        return cls(r.flag("allowed"), r.opt_text("reason", 100))


@dataclass(frozen=True)
class Account:
    """GET account: the firm's subscription as the Account and Payment Info screen shows it."""

    firm: Firm
    status: AccountStatus
    plan: Plan
    billing_day: int
    current_period: Period
    last_charge: Charge | None
    next_charge: Charge | None
    primary_subscriber: Person | None  # the contract allows none (e.g. the seat is vacant)
    payments_enabled: bool
    escrow_enabled: bool
    self_service_cancellation: SelfServiceCancellation
    closed_at: datetime | None
    server_time: datetime
    # A closing scheduled for the end of the paid period (it happens by itself then), and
    # until when a closed account may be reopened. Older servers send neither.
    closing_scheduled_at: datetime | None = None
    reopen_until: datetime | None = None

    @property
    def closing_scheduled(self) -> bool:
        return self.status is AccountStatus.ACTIVE and self.closing_scheduled_at is not None

    def may_reopen(self, now: datetime | None = None) -> bool:
        """Whether the service still takes a reopening (by the server's clock by default)."""
        if self.status is not AccountStatus.CLOSED or self.reopen_until is None:
            return False
        return (now or self.server_time) < self.reopen_until

    @classmethod
    def from_json(cls, obj: object) -> Account:
        r = _Reader(obj, "")
        status = r.enum("status", AccountStatus)
        closed_at = r.opt_instant("closed_at")
        if status is AccountStatus.CLOSED and closed_at is None:
            raise InvalidResponse("closed_at", "is missing for a closed account")
        return cls(
            firm=r.parse("firm", Firm.from_json),
            status=status,
            plan=r.parse("plan", Plan.from_json),
            billing_day=r.integer("billing_day", 1, 31),
            current_period=r.parse("current_period", Period.from_json),
            last_charge=r.opt_parse("last_charge", Charge.from_json),
            next_charge=r.opt_parse("next_charge", Charge.from_json),
            primary_subscriber=r.opt_parse("primary_subscriber", Person.from_json),
            payments_enabled=r.sub("payments").flag("enabled"),
            escrow_enabled=r.sub("escrow").flag("enabled"),
            self_service_cancellation=r.parse(
                "self_service_cancellation", SelfServiceCancellation.from_json
            ),
            closed_at=closed_at,
            server_time=r.instant("server_time"),
            closing_scheduled_at=(
                r.opt_instant("closing_scheduled_at") if r.has("closing_scheduled_at") else None
            ),
            reopen_until=r.opt_instant("reopen_until") if r.has("reopen_until") else None,
        )


@dataclass(frozen=True)
class PaymentsSummary:
    """GET payments/summary: what closing will void, disable, stop and disconnect."""

    enabled: bool
    pending_authorizations: int
    pending_authorizations_total: Decimal
    active_payment_links: int
    active_payment_plans: int
    card_processor_connected: bool
    card_processor_name: str | None
    currency: str

    @property
    def anything_affected(self) -> bool:
        return bool(
            self.pending_authorizations
            or self.active_payment_links
            or self.active_payment_plans
            or self.card_processor_connected
        )

    @classmethod
    def from_json(cls, obj: object) -> PaymentsSummary:
        r = _Reader(obj, "")
        pending = r.sub("pending_authorizations")
        processor = r.sub("card_processor")
        return cls(
            enabled=r.flag("enabled"),
            pending_authorizations=pending.integer("count", 0, MAX_COUNT),
            pending_authorizations_total=pending.money("total"),
            active_payment_links=r.sub("payment_links").integer("active", 0, MAX_COUNT),
            active_payment_plans=r.sub("payment_plans").integer("active", 0, MAX_COUNT),
            card_processor_connected=processor.flag("connected"),
            card_processor_name=processor.opt_text("name"),
            currency=r.currency("currency"),
        )


@dataclass(frozen=True)
class TrustAccount:
    id: int
    name: str
    balance: Decimal


@dataclass(frozen=True)
class TrustSummary:
    """GET trust/summary: client money the firm holds, shown before closing."""

    accounts: tuple[TrustAccount, ...]
    total_balance: Decimal
    clients_with_balance: int
    currency: str

    @property
    def total_matches_accounts(self) -> bool:
        """Whether the stated total is the sum of the accounts (the UI flags it if not)."""
        return sum((a.balance for a in self.accounts), Decimal("0.00")) == self.total_balance

    @classmethod
    def from_json(cls, obj: object) -> TrustSummary:
        r = _Reader(obj, "")
        accounts = []
        for i, item in enumerate(r.items("accounts")):
            a = _Reader(item, f"accounts[{i}]")
            # A trust account can be overdrawn, so a balance may be negative.
            accounts.append(
                TrustAccount(
                    a.integer("id", 1), a.text("name"), a.money("balance", allow_negative=True)
                )
            )
        return cls(
            accounts=tuple(accounts),
            total_balance=r.money("total_balance", allow_negative=True),
            clients_with_balance=r.integer("clients_with_balance", 0, MAX_COUNT),
            currency=r.currency("currency"),
        )


@dataclass(frozen=True)
class CancellationReason:
    code: ReasonCode
    label: str
    comment_allowed: bool

    @classmethod
    def from_json(cls, obj: object, path: str = "reason") -> CancellationReason:
        r = _Reader(obj, path)
        return cls(r.enum("code", ReasonCode), r.text("label"), r.flag("comment_allowed"))

    @staticmethod
    def list_from_json(obj: object) -> tuple[CancellationReason, ...]:
        """GET cancellation/reasons. A reason code this version does not know is left out (the
        app could not send it back anyway) rather than failing the whole closing walkthrough."""
        r = _Reader(obj, "")
        reasons: list[CancellationReason] = []
        for i, item in enumerate(r.items("reasons")):
            entry = _Reader(item, f"reasons[{i}]")
            code = entry.text("code", 100)
            if code not in ReasonCode.__members__.values():
                log.warning("leaving out cancellation reason with unknown code %r", code[:100])
                continue
            reason = CancellationReason.from_json(item, f"reasons[{i}]")
            if any(existing.code is reason.code for existing in reasons):
                raise InvalidResponse(f"reasons[{i}].code", f"repeats {code!r}")
            reasons.append(reason)
        return tuple(reasons)


@dataclass(frozen=True)
class TermsReference:
    """Where the service's terms state a rule: "Terms of Service", section "10.4", a web page."""

    title: str
    section: str
    url: str

    @classmethod
    def from_json(cls, obj: object, path: str = "terms") -> TermsReference:
        r = _Reader(obj, path)
        return cls(
            r.text("title", 200),
            r.text("section", 40),
            _check_url(r.text("url", 2000), r.name("url")),
        )


@dataclass(frozen=True)
class Retention:
    """GET retention (and the answer to POST cancellation): how long the data stays reachable,
    as the server states it; `terms` (optional) cites where the service's terms state the rule.
    """

    account_status: AccountStatus
    closed_at: datetime | None
    content_last_day: date | None
    content_deleted_at: datetime | None
    content_deleted: bool
    escrow_enabled: bool
    escrow_last_day: date | None
    escrow_ends_at: datetime | None
    designated_user: Person | None
    server_time: datetime
    terms: TermsReference | None = None
    closing_scheduled_at: datetime | None = None
    reopen_until: datetime | None = None
    # Optional in the contract (present once closed): what a closing receipt quotes.
    reference: str | None = None
    closed_by: Person | None = None
    reason_code: str | None = None

    @classmethod
    def from_json(cls, obj: object) -> Retention:
        r = _Reader(obj, "")
        status = r.enum("account_status", AccountStatus)
        value = cls(
            account_status=status,
            closed_at=r.opt_instant("closed_at"),
            content_last_day=r.opt_day("content_last_day"),
            content_deleted_at=r.opt_instant("content_deleted_at"),
            content_deleted=r.flag("content_deleted"),
            escrow_enabled=r.flag("escrow_enabled"),
            escrow_last_day=r.opt_day("escrow_last_day"),
            escrow_ends_at=r.opt_instant("escrow_ends_at"),
            designated_user=r.opt_parse("designated_user", Person.from_json),
            server_time=r.instant("server_time"),
            terms=r.opt_parse("terms", TermsReference.from_json) if r.has("terms") else None,
            closing_scheduled_at=(
                r.opt_instant("closing_scheduled_at") if r.has("closing_scheduled_at") else None
            ),
            reopen_until=r.opt_instant("reopen_until") if r.has("reopen_until") else None,
            reference=r.opt_text("reference", 64),
            closed_by=r.opt_parse("closed_by", Person.from_json) if r.has("closed_by") else None,
            reason_code=r.opt_text("reason_code", 100),
        )
        if status is AccountStatus.CLOSED:
            # A closed account without these dates would leave the countdown with nothing to
            # count down to; better to say the answer is unusable.
            for name in ("closed_at", "content_last_day", "content_deleted_at"):
                if getattr(value, name) is None:
                    raise InvalidResponse(name, "is missing for a closed account")
            if value.escrow_enabled:
                for name in ("escrow_last_day", "escrow_ends_at"):
                    if getattr(value, name) is None:
                        raise InvalidResponse(name, "is missing although escrow is enabled")
        return value


@dataclass(frozen=True)
class SupportContact:
    """GET support: the service's phone line, for users who cannot close in the app."""

    phone: str
    option: str | None
    hours: str
    web_page: str

    @property
    def tel_uri(self) -> str:
        """A `tel:` link for the phone number (only digits and a leading plus kept)."""
        digits = re.sub(r"[^0-9+]", "", self.phone)
        return f"tel:{digits}"

    @classmethod
    def from_json(cls, obj: object, path: str = "") -> SupportContact:
        r = _Reader(obj, path)
        phone = r.text("phone", 40)
        if not _PHONE.fullmatch(phone):
            raise InvalidResponse(r.name("phone"), "is not a phone number")
        return cls(
            phone=phone,
            option=r.opt_text("option", 20),
            hours=r.text("hours", 200),
            web_page=_check_url(r.text("web_page", 2000), r.name("web_page")),
        )


@dataclass(frozen=True)
class FeedbackReceipt:
    """The answer to POST feedback."""

    id: str

    @classmethod
    def from_json(cls, obj: object) -> FeedbackReceipt:
        r = _Reader(obj, "")
        raw_id = r.raw("id")
        if isinstance(raw_id, int) and not isinstance(raw_id, bool):
            return cls(str(r.integer("id", 1)))
        return cls(r.text("id", 200))


@dataclass(frozen=True)
class CancellationRefused:
    """The body of a 403 to POST cancellation: why, and whom to call instead."""

    error_type: str
    message: str
    support: SupportContact
    primary_subscriber: Person | None

    @classmethod
    def from_json(cls, obj: object) -> CancellationRefused:
        r = _Reader(obj, "")
        error = r.sub("error")
        return cls(
            error_type=error.text("type", 100),
            message=error.text("message", MAX_LONG_TEXT),
            support=r.parse("support", SupportContact.from_json),
            primary_subscriber=(
                r.opt_parse("primary_subscriber", Person.from_json)
                if r.has("primary_subscriber")
                else None
            ),
        )


# --- back to the contract's JSON (saved copies), read back by the `from_json` above ---------


def _money_text(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _instant_text(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _day_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _person_json(person: Person | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.id, "name": person.name, "email": person.email}


def _charge_json(charge: Charge | None) -> dict[str, Any] | None:
    if charge is None:
        return None
    return {"date": charge.date.isoformat(), "amount": _money_text(charge.amount)}


def account_to_json(a: Account) -> dict[str, Any]:
    """GET account's shape, so that `Account.from_json` reads it back (and checks it)."""
    return {
        "firm": {"id": a.firm.id, "name": a.firm.name},
        "status": a.status.value,
        "plan": {
            "name": a.plan.name,
            "billing_cycle": a.plan.billing_cycle.value,
            "seats": a.plan.seats,
            "price_per_user_per_month": _money_text(a.plan.price_per_user_per_month),
            "yearly_discount_per_user_per_month": _money_text(
                a.plan.yearly_discount_per_user_per_month
            ),
            "currency": a.plan.currency,
        },
        "billing_day": a.billing_day,
        "current_period": {
            "start": a.current_period.start.isoformat(),
            "end": a.current_period.end.isoformat(),
        },
        "last_charge": _charge_json(a.last_charge),
        "next_charge": _charge_json(a.next_charge),
        "primary_subscriber": _person_json(a.primary_subscriber),
        "payments": {"enabled": a.payments_enabled},
        "escrow": {"enabled": a.escrow_enabled},
        "self_service_cancellation": {
            "allowed": a.self_service_cancellation.allowed,
            "reason": a.self_service_cancellation.reason,
        },
        "closed_at": _instant_text(a.closed_at),
        "closing_scheduled_at": _instant_text(a.closing_scheduled_at),
        "reopen_until": _instant_text(a.reopen_until),
        "server_time": _instant_text(a.server_time),
    }


def payments_to_json(p: PaymentsSummary) -> dict[str, Any]:
    """GET payments/summary's shape (read back by `PaymentsSummary.from_json`)."""
    return {
        "enabled": p.enabled,
        "pending_authorizations": {
            "count": p.pending_authorizations,
            "total": _money_text(p.pending_authorizations_total),
        },
        "payment_links": {"active": p.active_payment_links},
        "payment_plans": {"active": p.active_payment_plans},
        "card_processor": {
            "connected": p.card_processor_connected,
            "name": p.card_processor_name,
        },
        "currency": p.currency,
    }


def trust_to_json(t: TrustSummary) -> dict[str, Any]:
    """GET trust/summary's shape (read back by `TrustSummary.from_json`)."""
    return {
        "accounts": [
            {"id": a.id, "name": a.name, "balance": _money_text(a.balance)} for a in t.accounts
        ],
        "total_balance": _money_text(t.total_balance),
        "clients_with_balance": t.clients_with_balance,
        "currency": t.currency,
    }


def support_to_json(s: SupportContact) -> dict[str, Any]:
    """GET support's shape (read back by `SupportContact.from_json`)."""
    return {"phone": s.phone, "option": s.option, "hours": s.hours, "web_page": s.web_page}


def retention_to_json(retention: Retention) -> dict[str, Any]:
    """GET retention's shape (read back by `Retention.from_json`)."""
    terms = retention.terms
    return {
        "account_status": retention.account_status.value,
        "closed_at": _instant_text(retention.closed_at),
        "content_last_day": _day_text(retention.content_last_day),
        "content_deleted_at": _instant_text(retention.content_deleted_at),
        "content_deleted": retention.content_deleted,
        "escrow_enabled": retention.escrow_enabled,
        "escrow_last_day": _day_text(retention.escrow_last_day),
        "escrow_ends_at": _instant_text(retention.escrow_ends_at),
        "designated_user": _person_json(retention.designated_user),
        "terms": (
            None
            if terms is None
            else {"title": terms.title, "section": terms.section, "url": terms.url}
        ),
        "closing_scheduled_at": _instant_text(retention.closing_scheduled_at),
        "reopen_until": _instant_text(retention.reopen_until),
        "server_time": _instant_text(retention.server_time),
        "reference": retention.reference,
        "closed_by": _person_json(retention.closed_by),
        "reason_code": retention.reason_code,
    }
