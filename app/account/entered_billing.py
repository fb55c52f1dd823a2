"""Billing facts the firm enters once, for services that do not tell them (no self-service API):
plan, price per user, users billed, monthly or yearly, billing day (and, for a yearly plan, the
month it renews). Checked here with a reason for each refusal, remembered per account in a small
JSON file in the profile, and turned into the same `Account` value the self-service API gives,
so "If you close today" follows exactly the rules of app.account.billing.

The firm's name, where the service gives none, is confirmed once and remembered here too.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from app import config
from app.account.billing import billing_period
from app.account.models import (
    Account,
    AccountStatus,
    BillingCycle,
    Firm,
    Person,
    Plan,
    SelfServiceCancellation,
)

log = logging.getLogger(__name__)

STORE_FILE = "entered-account-facts.json"
STORE_VERSION = 1
MAX_PLAN_NAME = 100
MAX_FIRM_NAME = 200
MAX_PRICE = Decimal("100000.00")
MAX_USERS = 100_000
_store_lock = threading.Lock()


class Problem(StrEnum):
    """Why entered facts are refused (the screen words each one)."""

    PLAN_MISSING = "plan_missing"
    PLAN_TOO_LONG = "plan_too_long"
    PRICE_NOT_AMOUNT = "price_not_amount"
    PRICE_OUT_OF_RANGE = "price_out_of_range"
    USERS_NOT_WHOLE = "users_not_whole"
    USERS_OUT_OF_RANGE = "users_out_of_range"
    DAY_OUT_OF_RANGE = "day_out_of_range"
    MONTH_MISSING = "month_missing"
    CURRENCY_INVALID = "currency_invalid"


@dataclass(frozen=True)
class EnteredBilling:
    plan_name: str
    # What one user costs per month as billed (a yearly plan: its monthly rate, discount taken).
    price_per_user_per_month: Decimal
    users_billed: int
    billing_cycle: BillingCycle
    billing_day: int
    # The month a yearly plan renews in (None for monthly plans).
    renewal_month: int | None
    currency: str
    entered_at: datetime

    @property
    def plan(self) -> Plan:
        return Plan(
            name=self.plan_name,
            billing_cycle=self.billing_cycle,
            seats=self.users_billed,
            price_per_user_per_month=self.price_per_user_per_month,
            yearly_discount_per_user_per_month=Decimal("0.00"),
            currency=self.currency,
        )


def parse_amount(text: str, decimal_point: str = ".", group_separator: str = ",") -> Decimal | None:
    """An amount as a person types it in their locale ("1,234.50", "1 234,50 $"), or None."""
    cleaned = "".join(ch for ch in text if not ch.isspace() and ch not in "$€£¤")
    if group_separator and not group_separator.isspace():
        cleaned = cleaned.replace(group_separator, "")
    cleaned = cleaned.replace(decimal_point, ".")
    if not cleaned or cleaned.count(".") > 1 or not all(c.isdigit() or c in ".-" for c in cleaned):
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return amount.quantize(Decimal("0.01"))


def check_billing(
    plan_name: str,
    price: Decimal | None,
    users: int | None,
    cycle: BillingCycle,
    billing_day: int | None,
    renewal_month: int | None,
    currency: str,
    now: datetime | None = None,
) -> EnteredBilling | list[Problem]:
    """The entered facts, or every reason they cannot be used (in the form's order)."""
    problems: list[Problem] = []
    name = plan_name.strip()
    if not name:
        problems.append(Problem.PLAN_MISSING)
    elif len(name) > MAX_PLAN_NAME:
        problems.append(Problem.PLAN_TOO_LONG)
    if price is None:
        problems.append(Problem.PRICE_NOT_AMOUNT)
    elif not Decimal("0.00") <= price <= MAX_PRICE:
        problems.append(Problem.PRICE_OUT_OF_RANGE)
    if users is None:
        problems.append(Problem.USERS_NOT_WHOLE)
    elif not 1 <= users <= MAX_USERS:
        problems.append(Problem.USERS_OUT_OF_RANGE)
    if billing_day is None or not 1 <= billing_day <= 31:
        problems.append(Problem.DAY_OUT_OF_RANGE)
    yearly = cycle is BillingCycle.YEARLY
    if yearly and (renewal_month is None or not 1 <= renewal_month <= 12):
        problems.append(Problem.MONTH_MISSING)
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        problems.append(Problem.CURRENCY_INVALID)
    if problems:
        return problems
    assert price is not None and users is not None and billing_day is not None
    return EnteredBilling(
        plan_name=name,
        price_per_user_per_month=price,
        users_billed=users,
        billing_cycle=cycle,
        billing_day=billing_day,
        renewal_month=renewal_month if yearly else None,
        currency=code,
        entered_at=(now or datetime.now(UTC)).astimezone(UTC),
    )


def as_account(
    billing: EnteredBilling,
    now: datetime,
    firm_name: str | None = None,
    owner: Person | None = None,
) -> Account:
    """The entered facts as the self-service API would state them at `now`: the current period
    from the billing day (so it agrees with billing.py's own), no charge on record (what one
    period costs is the plan's price), nothing closed."""
    today = now.astimezone(UTC).date()
    period = billing_period(
        billing.billing_cycle, billing.billing_day, today, billing.renewal_month or 1
    )
    return Account(
        firm=Firm(1, firm_name or billing.plan_name),
        status=AccountStatus.ACTIVE,
        plan=billing.plan,
        billing_day=billing.billing_day,
        current_period=period,
        last_charge=None,
        next_charge=None,
        primary_subscriber=owner,
        payments_enabled=False,
        escrow_enabled=False,
        self_service_cancellation=SelfServiceCancellation(False, "entered_by_firm"),
        closed_at=None,
        server_time=now.astimezone(UTC),
    )


# --- remembered per account --------------------------------------------------------------------


def _billing_to_json(b: EnteredBilling) -> dict[str, Any]:
    return {
        "plan_name": b.plan_name,
        "price_per_user_per_month": f"{b.price_per_user_per_month:.2f}",
        "users_billed": b.users_billed,
        "billing_cycle": b.billing_cycle.value,
        "billing_day": b.billing_day,
        "renewal_month": b.renewal_month,
        "currency": b.currency,
        "entered_at": b.entered_at.isoformat(),
    }


def _billing_from_json(data: object) -> EnteredBilling | None:
    """The saved facts, checked again like typed ones (the file may have been edited)."""
    if not isinstance(data, dict):
        return None
    try:
        entered_at = datetime.fromisoformat(str(data["entered_at"]))
        checked = check_billing(
            str(data["plan_name"]),
            parse_amount(str(data["price_per_user_per_month"])),
            _whole(data.get("users_billed")),
            BillingCycle(data["billing_cycle"]),
            _whole(data.get("billing_day")),
            _whole(data.get("renewal_month")),
            str(data["currency"]),
            entered_at if entered_at.tzinfo else entered_at.replace(tzinfo=UTC),
        )
    except (KeyError, ValueError, TypeError):
        return None
    return checked if isinstance(checked, EnteredBilling) else None


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def account_key(origin: str, owner_id: int | None) -> str:
    """One account per service and account owner (a region hosts many firms)."""
    return f"{origin.rstrip('/')}#{owner_id if owner_id is not None else 'unknown'}"


def _user_key(origin: str, user_id: int) -> str:
    return f"{origin.rstrip('/')}@user{user_id}"


@dataclass(frozen=True)
class ConfirmedName:
    name: str
    confirmed_on: date


class EnteredFactsStore:
    """The profile's file of entered facts, one entry per account. Every write replaces the
    file atomically; nothing secret is kept here."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or (config.paths().config_dir / STORE_FILE)

    def _read_all(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": STORE_VERSION, "accounts": {}}
        except (OSError, ValueError) as error:
            log.warning("entered facts %s unreadable (%s)", self.path, type(error).__name__)
            return {"version": STORE_VERSION, "accounts": {}}
        if not isinstance(raw, dict) or not isinstance(raw.get("accounts"), dict):
            return {"version": STORE_VERSION, "accounts": {}}
        return raw

    def _entry(self, key: str) -> dict[str, Any]:
        entry = self._read_all()["accounts"].get(key)
        return entry if isinstance(entry, dict) else {}

    def _update(self, key: str, name: str, value: Any) -> None:
        with _store_lock:
            document = self._read_all()
            entry = document["accounts"].setdefault(key, {})
            if not isinstance(entry, dict):
                entry = document["accounts"][key] = {}
            if value is None:
                entry.pop(name, None)
            else:
                entry[name] = value
            config.ensure_dir(self.path.parent)
            config.atomic_write_text(self.path, json.dumps(document, indent=2, sort_keys=True))

    def billing(self, key: str) -> EnteredBilling | None:
        return _billing_from_json(self._entry(key).get("billing"))

    def save_billing(self, key: str, billing: EnteredBilling | None) -> None:
        """Remember the facts (None forgets them)."""
        self._update(key, "billing", None if billing is None else _billing_to_json(billing))

    def remember_account_of(self, origin: str, user_id: int, key: str) -> None:
        """Which account this user of that service was last seen in, so the entered facts can
        show while the service cannot be reached."""
        self._update(_user_key(origin, user_id), "account", key)

    def account_of(self, origin: str, user_id: int) -> str | None:
        key = self._entry(_user_key(origin, user_id)).get("account")
        return key if isinstance(key, str) else None

    def firm_name(self, key: str) -> ConfirmedName | None:
        data = self._entry(key).get("firm_name")
        if not isinstance(data, dict):
            return None
        name, day = data.get("name"), data.get("confirmed_on")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_FIRM_NAME:
            return None
        try:
            return ConfirmedName(name.strip(), date.fromisoformat(str(day)))
        except ValueError:
            return None

    def confirm_firm_name(self, key: str, name: str, on: date | None = None) -> ConfirmedName:
        cleaned = name.strip()
        if not cleaned or len(cleaned) > MAX_FIRM_NAME:
            raise ValueError(f"a firm's name is 1 to {MAX_FIRM_NAME} characters")
        confirmed = ConfirmedName(cleaned, on or datetime.now(UTC).date())
        self._update(
            key,
            "firm_name",
            {"name": confirmed.name, "confirmed_on": confirmed.confirmed_on.isoformat()},
        )
        return confirmed
