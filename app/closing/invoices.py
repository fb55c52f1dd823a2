"""The firm's unpaid client invoices, for the closing checklist: closing turns the online
payments off, so a bill awaiting payment can no longer be paid by its payment link, and a draft
is never issued from the service once the firm cannot work in it.

Read from the data API's bills list with its published `state` filter, one state at a time (the
filter takes one value); each record's own state is checked too, so a service that ignored the
filter would not make paid bills look unpaid.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Protocol

from app.errors import BadResponse

FIELDS = "id,number,state,total,balance,due_at,client{id,name}"


class PagedTransport(Protocol):
    def get_paged(self, url: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]: ...


class UnpaidState(StrEnum):
    """The published Bill states that leave money to collect (Bill.state)."""

    AWAITING_PAYMENT = "awaiting_payment"
    DRAFT = "draft"


@dataclass(frozen=True)
class UnpaidBill:
    id: int
    number: str
    state: UnpaidState
    client: str
    amount: Decimal  # what is still owed: the balance (a draft's total when it has none)
    due_on: date | None


@dataclass(frozen=True)
class UnpaidBills:
    bills: tuple[UnpaidBill, ...]  # awaiting payment first (oldest due first), then drafts

    def of(self, state: UnpaidState) -> tuple[UnpaidBill, ...]:
        return tuple(b for b in self.bills if b.state is state)

    def count(self, state: UnpaidState) -> int:
        return len(self.of(state))

    def total(self, state: UnpaidState) -> Decimal:
        return sum((b.amount for b in self.of(state)), Decimal("0.00")).quantize(Decimal("0.01"))

    @property
    def empty(self) -> bool:
        return not self.bills


def money_amount(value: object) -> Decimal | None:
    """A JSON number or numeric text as money to the cent (the data API sends amounts as
    numbers); None for anything else, non-finite or absurdly large."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= 10**12:
        return None
    return number.quantize(Decimal("0.01"))


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _bill(record: Mapping[str, Any], state: UnpaidState) -> UnpaidBill | None:
    bill_id = record.get("id")
    if not isinstance(bill_id, int) or isinstance(bill_id, bool) or bill_id < 1:
        return None
    if record.get("state") != state.value:
        return None  # a service that ignores the filter: only this state counts here
    balance, total = money_amount(record.get("balance")), money_amount(record.get("total"))
    amount = balance if balance is not None else total
    if amount is None or amount <= 0:
        return None
    number = record.get("number")
    client = record.get("client")
    name = client.get("name") if isinstance(client, Mapping) else None
    return UnpaidBill(
        id=bill_id,
        number=number.strip()[:100]
        if isinstance(number, str) and number.strip()
        else f"#{bill_id}",
        state=state,
        client=name.strip()[:200] if isinstance(name, str) else "",
        amount=amount,
        due_on=_day(record.get("due_at")),
    )


def unpaid_bills(http: PagedTransport, api_base: str) -> UnpaidBills:
    """Bills awaiting payment and draft bills with money still owed."""
    found: list[UnpaidBill] = []
    url = api_base.rstrip("/") + "/bills.json"
    for state in UnpaidState:
        params = {"state": state.value, "fields": FIELDS, "limit": 200, "order": "id(asc)"}
        for page in http.get_paged(url, params):
            if not isinstance(page, Mapping) or not isinstance(page.get("data"), list):
                raise BadResponse(detail="bills: a page without a data list")
            for record in page["data"]:
                if isinstance(record, Mapping) and (bill := _bill(record, state)) is not None:
                    found.append(bill)
    order = list(UnpaidState)
    found.sort(key=lambda b: (order.index(b.state), b.due_on or date.max, b.id))
    return UnpaidBills(tuple(found))
