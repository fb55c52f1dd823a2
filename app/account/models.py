"""Typed values for what the self-service API answers, parsed from untrusted JSON.

Every `from_json` checks types, ranges and formats and raises `InvalidResponse` naming the
offending field, so a wrong or hostile answer never reaches a screen and never crashes the app.
Money is a `Decimal` with two places, dates are `datetime.date`, instants are aware datetimes
in UTC.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from app.errors import BadResponse

log = logging.getLogger(__name__)

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# Bounds that no real answer comes near; they keep a hostile answer from making us allocate or
# display absurd values.
MAX_ID = 2**53 - 1  # largest integer a JSON number holds exactly
MAX_TEXT = 1_000
MAX_LONG_TEXT = 10_000
MAX_LIST = 1_000
MAX_SEATS = 100_000
MAX_COUNT = 10_000_000
MIN_YEAR = 1990
MAX_YEAR = 2200

_MONEY = re.compile(r"-?[0-9]{1,13}\.[0-9]{2}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# ISO-8601 with an explicit offset; fractions of a second allowed (up to microseconds).
_INSTANT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_CURRENCY = re.compile(r"[A-Z]{3}")
# What may go into a `tel:` link: digits, a leading plus, and the usual separators.
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{2,30}")


class InvalidResponse(BadResponse):
    """The server answered with something the app cannot use. `field` says where; the person
    sees BadResponse's plain sentence, the log gets the field and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(detail=f"unexpected answer from the server: {field} {problem}")
        self.field = field
        self.problem = problem


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


# --- a reader that checks as it goes -----------------------------------------------------


class _Reader:
    """Reads fields out of one JSON object, naming the full path in every error."""

    def __init__(self, obj: object, path: str) -> None:
        if not isinstance(obj, Mapping):
            raise InvalidResponse(path or "answer", f"should be an object, got {_kind(obj)}")
        self._obj: Mapping[str, Any] = obj
        self._path = path

    def name(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def _raw(self, key: str, *, nullable: bool) -> Any:
        if key not in self._obj:
            raise InvalidResponse(self.name(key), "is missing")
        value = self._obj[key]
        if value is None and not nullable:
            raise InvalidResponse(self.name(key), "is null")
        return value

    def has(self, key: str) -> bool:
        return key in self._obj and self._obj[key] is not None

    def sub(self, key: str) -> _Reader:
        """A nested object, read with its own reader."""
        return _Reader(self._raw(key, nullable=False), self.name(key))

    def parse(self, key: str, parser: Callable[[object, str], T]) -> T:
        """A nested object parsed by another value's `from_json(obj, path)`."""
        return parser(self._raw(key, nullable=False), self.name(key))

    def opt_parse(self, key: str, parser: Callable[[object, str], T]) -> T | None:
        value = self._raw(key, nullable=True)
        return None if value is None else parser(value, self.name(key))

    def raw(self, key: str) -> object:
        return self._raw(key, nullable=True)

    def flag(self, key: str) -> bool:
        value = self._raw(key, nullable=False)
        if not isinstance(value, bool):
            raise InvalidResponse(self.name(key), f"should be true or false, got {_kind(value)}")
        return value

    def integer(self, key: str, low: int = 0, high: int = MAX_ID) -> int:
        value = self._raw(key, nullable=False)
        # bool is an int in Python; JSON true is not a number.
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidResponse(self.name(key), f"should be a whole number, got {_kind(value)}")
        if not low <= value <= high:
            raise InvalidResponse(self.name(key), f"is out of range ({low}..{high})")
        return value

    def text(self, key: str, max_len: int = MAX_TEXT, *, allow_empty: bool = False) -> str:
        return _check_str(self._raw(key, nullable=False), self.name(key), max_len, allow_empty)

    def opt_text(self, key: str, max_len: int = MAX_TEXT) -> str | None:
        if key not in self._obj or self._obj[key] is None:
            return None
        return self.text(key, max_len)

    def money(self, key: str, *, allow_negative: bool = False) -> Decimal:
        return _check_money(self._raw(key, nullable=False), self.name(key), allow_negative)

    def currency(self, key: str) -> str:
        value = self.text(key, 3)
        if not _CURRENCY.fullmatch(value):
            raise InvalidResponse(self.name(key), "is not a currency code")
        return value

    def day(self, key: str) -> date:
        return _check_date(self._raw(key, nullable=False), self.name(key))

    def opt_day(self, key: str) -> date | None:
        value = self._raw(key, nullable=True)
        return None if value is None else _check_date(value, self.name(key))

    def instant(self, key: str) -> datetime:
        return _check_instant(self._raw(key, nullable=False), self.name(key))

    def opt_instant(self, key: str) -> datetime | None:
        value = self._raw(key, nullable=True)
        return None if value is None else _check_instant(value, self.name(key))

    def items(self, key: str) -> list[Any]:
        value = self._raw(key, nullable=False)
        if not isinstance(value, list):
            raise InvalidResponse(self.name(key), f"should be a list, got {_kind(value)}")
        if len(value) > MAX_LIST:
            raise InvalidResponse(self.name(key), f"has more than {MAX_LIST} entries")
        return value

    def enum(self, key: str, kind: type[E]) -> E:
        value = self.text(key, 100)
        try:
            return kind(value)
        except ValueError:
            raise InvalidResponse(self.name(key), f"has an unknown value {value!r}") from None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "text", list: "a list"}.get(
        type(value), "an object" if isinstance(value, Mapping) else type(value).__name__
    )


def _check_str(value: object, where: str, max_len: int, allow_empty: bool) -> str:
    if not isinstance(value, str):
        raise InvalidResponse(where, f"should be text, got {_kind(value)}")
    if len(value) > max_len:
        raise InvalidResponse(where, f"is longer than {max_len} characters")
    if not allow_empty and not value.strip():
        raise InvalidResponse(where, "is empty")
    return value


def _check_money(value: object, where: str, allow_negative: bool) -> Decimal:
    # Money must be a string: a JSON number would already have passed through a binary float.
    if not isinstance(value, str):
        raise InvalidResponse(
            where, f'should be an amount as text like "12.50", got {_kind(value)}'
        )
    if len(value) > 20 or not _MONEY.fullmatch(value):
        raise InvalidResponse(where, f"is not an amount with two decimal places: {value[:20]!r}")
    amount = Decimal(value)
    if amount < 0 and not allow_negative:
        raise InvalidResponse(where, "is negative")
    return amount


def _check_date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise InvalidResponse(where, f"should be a date as text, got {_kind(value)}")
    if not _DATE.fullmatch(value):
        raise InvalidResponse(where, f"is not a date like 2026-11-18: {value[:30]!r}")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise InvalidResponse(where, f"is not a real date: {value!r}") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InvalidResponse(where, f"is outside {MIN_YEAR}..{MAX_YEAR}")
    return parsed


def _check_instant(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidResponse(where, f"should be a date and time as text, got {_kind(value)}")
    if not _INSTANT.fullmatch(value):
        raise InvalidResponse(
            where, f"is not a date and time like 2026-11-24T15:00:00Z: {value[:40]!r}"
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidResponse(where, f"is not a real date and time: {value!r}") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InvalidResponse(where, f"is outside {MIN_YEAR}..{MAX_YEAR}")
    return parsed.astimezone(UTC)


def _check_url(value: str, where: str) -> str:
    parts = urlsplit(value)
    # Only web pages: the UI opens this in the browser, so no file:, javascript: or the like.
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidResponse(where, "is not a web address")
    return value


def instant_field(obj: object, key: str) -> datetime:
    """One instant field of a small answer (for example demo/clock's `server_time`)."""
    return _Reader(obj, "").instant(key)


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
