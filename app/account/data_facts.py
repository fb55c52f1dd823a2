"""The account's facts as the practice-data API (/api/v4) tells them, for services without the
self-service API (the real Clio Manage): the firm's users and its account owner (the Primary
Subscriber, the only one who can close), the bank accounts and their balances, online payments
and outstanding client balances where the service offers those lists, and the unbilled work and
open matters exactly as the closing checklist counts them (app.closing.store).

Every list is read as untrusted JSON: a record that is not usable is left out, never guessed.
A list the service does not serve (404) is "not offered", said as such; any other failure of one
part is kept in `problems` and the rest still shows.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from app.closing.checklist import MatterCounts, UnbilledWork, count_open_matters, unbilled_work
from app.closing.invoices import UnpaidBills, money_amount, unpaid_bills
from app.errors import AccountDeskError, BadResponse, NotFound

log = logging.getLogger(__name__)

T = TypeVar("T")
MAX_NAME = 200
USER_FIELDS = "id,name,email,enabled,account_owner,roles,subscription_type"
BANK_FIELDS = "id,name,type,balance,currency,holder,default_account,clio_payments_enabled"
# Payments not settled yet: closing voids them (Clio Payments' published states).
PENDING_STATES = ("pending", "authorized", "requires_confirmation")


class DataTransport(Protocol):
    """What these reads need from an HTTP session (app.net.http.HttpSession fits)."""

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any: ...

    def get_paged(self, url: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]: ...


class BankAccountKind(StrEnum):
    TRUST = "trust"
    OPERATING = "operating"
    OTHER = "other"


class Part(StrEnum):
    """The parts that may fail on their own (keys of `DataFacts.problems`)."""

    BANK_ACCOUNTS = "bank_accounts"
    PAYMENTS = "payments"
    OUTSTANDING = "outstanding"
    UNBILLED = "unbilled"
    MATTERS = "matters"
    BILLS = "bills"


@dataclass(frozen=True)
class FirmUser:
    id: int
    name: str
    email: str
    enabled: bool
    account_owner: bool
    roles: tuple[str, ...]
    subscription_type: str  # as the service names it: "Attorney", "NonAttorney"

    @property
    def administrator(self) -> bool:
        return any(role.lower() in ("administrator", "admin") for role in self.roles)


@dataclass(frozen=True)
class BankAccount:
    id: int
    name: str
    kind: BankAccountKind
    balance: Decimal
    currency: str
    holder: str | None
    online_payments: bool  # Clio Payments takes payments into this account


@dataclass(frozen=True)
class OnlinePayments:
    """Clio Payments' pending payments and active payment links (when the service lists them)."""

    pending_count: int
    pending_totals: Mapping[str, Decimal]  # per currency
    active_links: int


@dataclass(frozen=True)
class OutstandingBalances:
    """The published outstanding client balances: clients who owe the firm, and how much."""

    clients: int
    # In the firm's currency (the list's records carry no currency of their own).
    total: Decimal
    pending_payments: Decimal


@dataclass(frozen=True)
class DataFacts:
    me: FirmUser
    users: tuple[FirmUser, ...]
    bank_accounts: tuple[BankAccount, ...] | None
    # None with no problem: the service does not offer that list (404).
    payments: OnlinePayments | None
    outstanding: OutstandingBalances | None
    unbilled: UnbilledWork | None
    matters: MatterCounts | None
    bills: UnpaidBills | None
    problems: Mapping[Part, AccountDeskError] = field(default_factory=dict)

    @property
    def enabled_users(self) -> tuple[FirmUser, ...]:
        return tuple(u for u in self.users if u.enabled)

    def users_by_subscription(self) -> list[tuple[str, int]]:
        """Enabled users per subscription type, the most common first."""
        counts = Counter(u.subscription_type for u in self.enabled_users)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def owner(self) -> FirmUser | None:
        """The account owner: the Primary Subscriber."""
        return next((u for u in self.users if u.account_owner), None)

    @property
    def can_close(self) -> bool:
        """Only the account owner can close the account."""
        return self.me.account_owner

    def accounts_of(self, kind: BankAccountKind) -> tuple[BankAccount, ...]:
        return tuple(a for a in self.bank_accounts or () if a.kind is kind)

    @property
    def holder_name(self) -> str | None:
        """The name the firm's operating (else trust) account is held in: the firm's name as
        the data API gives it, if anywhere."""
        for kind in (BankAccountKind.OPERATING, BankAccountKind.TRUST):
            for account in self.accounts_of(kind):
                if account.holder:
                    return account.holder
        return None


# --- reading untrusted records ---------------------------------------------------------------


def _records(page: object, where: str) -> list[Mapping[str, Any]]:
    if not isinstance(page, Mapping) or not isinstance(page.get("data"), list):
        raise BadResponse(detail=f"{where}: a page without a data list")
    return [r for r in page["data"] if isinstance(r, Mapping)]


def _all(http: DataTransport, url: str, params: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for page in http.get_paged(url, params):
        yield from _records(page, url.rsplit("/", 1)[-1])


def _id(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


def _text(value: object, limit: int = MAX_NAME) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()[:limit]
    return None


def _currency(value: object) -> str:
    text = _text(value, 3)
    return text.upper() if text and len(text) == 3 and text.isalpha() else "USD"


def _user(record: Mapping[str, Any]) -> FirmUser | None:
    user_id, name = _id(record.get("id")), _text(record.get("name"))
    if user_id is None or name is None:
        return None
    roles = record.get("roles")
    return FirmUser(
        id=user_id,
        name=name,
        email=_text(record.get("email"), 320) or "",
        enabled=record.get("enabled") is not False,
        account_owner=record.get("account_owner") is True,
        roles=tuple(r[:100] for r in roles if isinstance(r, str) and r.strip())
        if isinstance(roles, list)
        else (),
        subscription_type=_text(record.get("subscription_type"), 100) or "",
    )


def _bank_kind(value: object) -> BankAccountKind:
    text = str(value or "").lower()
    if text.startswith("trust"):  # "Trust" in records, "TrustAccount" in the filter
        return BankAccountKind.TRUST
    if text.startswith("operating"):
        return BankAccountKind.OPERATING
    return BankAccountKind.OTHER


def _bank_account(record: Mapping[str, Any]) -> BankAccount | None:
    account_id, name = _id(record.get("id")), _text(record.get("name"))
    balance = money_amount(record.get("balance"))
    if account_id is None or name is None or balance is None:
        return None
    return BankAccount(
        id=account_id,
        name=name,
        kind=_bank_kind(record.get("type")),
        balance=balance,
        currency=_currency(record.get("currency")),
        holder=_text(record.get("holder")),
        online_payments=record.get("clio_payments_enabled") is True,
    )


def _add(totals: dict[str, Decimal], currency: str, amount: Decimal) -> None:
    totals[currency] = totals.get(currency, Decimal("0.00")) + amount


# --- the reads ---------------------------------------------------------------------------------


def who_am_i(http: DataTransport, api_base: str) -> FirmUser:
    answer = http.get_json(_url(api_base, "users/who_am_i.json"), {"fields": USER_FIELDS})
    data = answer.get("data") if isinstance(answer, Mapping) else None
    me = _user(data) if isinstance(data, Mapping) else None
    if me is None:
        raise BadResponse(detail="who_am_i: no usable user record")
    return me


def firm_users(http: DataTransport, api_base: str) -> tuple[FirmUser, ...]:
    params = {"fields": USER_FIELDS, "limit": 200, "order": "id(asc)"}
    found = (_user(r) for r in _all(http, _url(api_base, "users.json"), params))
    return tuple(u for u in found if u is not None)


def bank_accounts(http: DataTransport, api_base: str) -> tuple[BankAccount, ...]:
    params = {"fields": BANK_FIELDS, "limit": 200, "order": "id(asc)"}
    found = (_bank_account(r) for r in _all(http, _url(api_base, "bank_accounts.json"), params))
    return tuple(a for a in found if a is not None)


def online_payments(http: DataTransport, api_base: str) -> OnlinePayments:
    """Raises NotFound where the service does not offer Clio Payments' lists."""
    pending = 0
    totals: dict[str, Decimal] = {}
    url = _url(api_base, "clio_payments/payments.json")
    for state in PENDING_STATES:  # the filter takes one state
        params = {"state": state, "fields": "id,state,amount,currency", "limit": 200}
        for record in _all(http, url, params):
            amount = money_amount(record.get("amount"))
            if record.get("state") != state or amount is None:
                continue  # a service that ignored the filter: only this state counts
            pending += 1
            _add(totals, _currency(record.get("currency")), amount)
    links = 0
    params = {"active": "true", "fields": "id,active", "limit": 200}
    for record in _all(http, _url(api_base, "clio_payments/links.json"), params):
        links += record.get("active") is True
    return OnlinePayments(pending, totals, links)


def outstanding_balances(http: DataTransport, api_base: str) -> OutstandingBalances:
    """Raises NotFound where the service does not offer the list."""
    clients = 0
    total = pending = Decimal("0.00")
    params = {"fields": "id,total_outstanding_balance,pending_payments_total", "limit": 200}
    for record in _all(http, _url(api_base, "outstanding_client_balances.json"), params):
        owed = money_amount(record.get("total_outstanding_balance"))
        if owed is None or owed <= 0:
            continue
        clients += 1
        total += owed
        pending += money_amount(record.get("pending_payments_total")) or Decimal("0.00")
    return OutstandingBalances(clients, total, pending)


def _url(api_base: str, path: str) -> str:
    return api_base.rstrip("/") + "/" + path


def read_data_facts(http: DataTransport, api_base: str) -> DataFacts:
    """Everything the account screen shows from the data API (on a worker thread). Who is
    signed in and the users must come; every other part may fail on its own."""
    me = who_am_i(http, api_base)
    users = firm_users(http, api_base)
    problems: dict[Part, AccountDeskError] = {}

    def part(name: Part, read: Callable[[DataTransport, str], T], offered: bool = True) -> T | None:
        try:
            return read(http, api_base)
        except NotFound as error:
            if offered:
                problems[name] = error
            else:
                log.info("account facts: %s not offered by this service", name.value)
            return None
        except AccountDeskError as error:
            log.info("account facts: %s not loaded (%s)", name.value, error.detail or error)
            problems[name] = error
            return None

    return DataFacts(
        me=me,
        users=users,
        bank_accounts=part(Part.BANK_ACCOUNTS, bank_accounts),
        payments=part(Part.PAYMENTS, online_payments, offered=False),
        outstanding=part(Part.OUTSTANDING, outstanding_balances, offered=False),
        unbilled=part(Part.UNBILLED, unbilled_work),
        matters=part(Part.MATTERS, count_open_matters),
        bills=part(Part.BILLS, unpaid_bills),
        problems=problems,
    )
