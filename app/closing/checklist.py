"""The closing checklist's facts: the last export, and what the data API says before closing.

Open matters, unbilled time, the users who may keep access for the 90 days, and the retention
dates a closing now would give.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from app.account.models import Account
from app.closing.retention import RetentionDates, retention_dates
from app.errors import BadResponse

# --- the last export (provided by the export side) ----------------------------------------


@dataclass(frozen=True)
class LastExport:
    """What the closing checklist needs to know about the most recent local export."""

    when: datetime  # aware; when the export finished
    verified: bool  # every file and count checked against the manifest and the server
    kinds: tuple[str, ...]  # data API kinds covered, e.g. ("matters", "activities", ...)
    includes_trust_ledger: bool
    folder: Path | None = None  # where it is (the closing receipt is saved beside it)

    @property
    def covers_trust_records(self) -> bool:
        """The trust ledger and every trust record: the line items and the trust bank
        accounts' own transactions (the records a firm must keep for years)."""
        return self.includes_trust_ledger and set(TRUST_RECORD_KINDS) <= set(self.kinds)


# The kinds that hold the trust records themselves.
TRUST_RECORD_KINDS = ("trust_line_items", "bank_accounts", "bank_transactions")


LastExportProvider = Callable[[], LastExport | None]


# --- before closing: what closing now would mean -------------------------------------------


def dates_if_closed_now(account: Account) -> RetentionDates:
    """The retention dates for a closing at the server's current time."""
    return retention_dates(account.server_time, account.escrow_enabled)


# --- the checklist's facts from the data API ------------------------------------------------


class PagedTransport(Protocol):
    """What the checklist needs from an HTTP session (app.net.http.HttpSession fits)."""

    def get_paged(self, url: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]: ...


def _records(page: object, where: str) -> list[Mapping[str, Any]]:
    if not isinstance(page, Mapping) or not isinstance(page.get("data"), list):
        raise BadResponse(detail=f"{where}: a page without a data list")
    return [r for r in page["data"] if isinstance(r, Mapping)]


@dataclass(frozen=True)
class MatterCounts:
    open: int
    pending: int


def count_open_matters(http: PagedTransport, api_base: str) -> MatterCounts:
    """Open and pending matters. The service filters on `status` (the reference backend does
    not), so each record's status is checked here too."""
    open_count = pending = 0
    params = {"fields": "id,status", "status": "open,pending", "limit": 200, "order": "id(asc)"}
    for page in http.get_paged(api_base.rstrip("/") + "/matters.json", params):
        for record in _records(page, "matters"):
            status = str(record.get("status", "")).lower()
            open_count += status == "open"
            pending += status == "pending"
    return MatterCounts(open_count, pending)


@dataclass(frozen=True)
class UnbilledWork:
    entries: int
    hours: Decimal
    amount: Decimal


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return Decimal(0)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)
    return number if number.is_finite() and abs(number) < 10**12 else Decimal(0)


def unbilled_work(http: PagedTransport, api_base: str) -> UnbilledWork:
    """Time and expense entries neither billed nor marked non-billable (best effort: the
    service's `status=unbilled` filter where it exists, and each record's flags)."""
    entries = 0
    hours = amount = Decimal(0)
    params = {
        "fields": "id,type,billed,non_billable,quantity_in_hours,total",
        "status": "unbilled",
        "limit": 200,
        "order": "id(asc)",
    }
    for page in http.get_paged(api_base.rstrip("/") + "/activities.json", params):
        for record in _records(page, "activities"):
            if record.get("billed") is True or record.get("non_billable") is True:
                continue
            entries += 1
            if record.get("type") == "TimeEntry":
                hours += _decimal(record.get("quantity_in_hours"))
            amount += _decimal(record.get("total"))
    return UnbilledWork(entries, hours.quantize(Decimal("0.01")), amount.quantize(Decimal("0.01")))


@dataclass(frozen=True)
class AccessCandidate:
    """A user who may be designated to keep access for the 90 days: any active user of the
    firm. The account owner (Primary Subscriber) and the administrators keep access anyway, as
    the data API tells (`account_owner`, `roles`)."""

    id: int
    name: str
    email: str
    primary_subscriber: bool
    administrator: bool = False


def access_candidates(http: PagedTransport, api_base: str) -> tuple[AccessCandidate, ...]:
    """Every enabled user: the account owner first, then the administrators, then the others."""
    found: list[AccessCandidate] = []
    params = {"fields": "id,name,email,enabled,account_owner,roles", "limit": 200}
    for page in http.get_paged(api_base.rstrip("/") + "/users.json", params):
        for record in _records(page, "users"):
            user_id, name = record.get("id"), record.get("name")
            if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id < 1:
                continue
            if not isinstance(name, str) or not name.strip() or record.get("enabled") is False:
                continue
            roles = record.get("roles")
            admin = isinstance(roles, list) and any(
                isinstance(r, str) and r.lower() == "administrator" for r in roles
            )
            owner = record.get("account_owner") is True
            email = record.get("email")
            found.append(
                AccessCandidate(
                    user_id,
                    name.strip()[:200],
                    email if isinstance(email, str) else "",
                    owner,
                    admin,
                )
            )
    return tuple(
        sorted(
            found,
            key=lambda c: (not c.primary_subscriber, not c.administrator, c.name.lower()),
        )
    )
