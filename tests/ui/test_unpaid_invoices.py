"""Unpaid client invoices in the closing checklist, read from the reference backend: bills
awaiting payment and drafts, counted, totalled and listed, since closing turns the payment
links off. The expected figures come from the server's full, unfiltered list of bills."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
import requests
from pytestqt.qtbot import QtBot

from app.closing.invoices import UnpaidState, unpaid_bills
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.closing_ui import MARGARET, ClosingTestSession, session_for, shown_wizard
from ui.closing.wizard import PageId
from ui.common.formats import format_money


@pytest.fixture
def backend(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")


@pytest.fixture
def session(backend: RunningBackend) -> Iterator[ClosingTestSession]:
    opened = session_for(backend, MARGARET)
    yield opened
    opened.close()


def every_bill(backend: RunningBackend) -> list[dict[str, object]]:
    """The whole list of bills, unfiltered, page after page."""
    headers = ob.bearer(ob.token_for(backend.url, MARGARET))
    url: str | None = backend.url + "/api/v4/bills.json"
    params: dict[str, object] | None = {
        "fields": "id,number,state,balance,total",
        "limit": 200,
        "order": "id(asc)",
    }
    found: list[dict[str, object]] = []
    while url:
        page = requests.get(url, params=params, headers=headers, timeout=20).json()
        found.extend(page["data"])
        url, params = page["meta"]["paging"].get("next"), None
    return found


def expected(backend: RunningBackend, state: str) -> tuple[set[str], Decimal]:
    bills = [b for b in every_bill(backend) if b["state"] == state]
    total = sum((Decimal(str(b["balance"])) for b in bills), Decimal("0.00"))
    return {str(b["number"]) for b in bills}, total


def test_bills_awaiting_payment_and_drafts_are_counted_with_their_totals(
    backend: RunningBackend, session: ClosingTestSession
) -> None:
    unpaid = unpaid_bills(session.http, session.server.api_base)
    for state in UnpaidState:
        numbers, total = expected(backend, state.value)
        assert numbers, f"the demo firm has {state.value} bills"
        assert {b.number for b in unpaid.of(state)} == numbers
        assert unpaid.total(state) == total
    # Paid bills are not among them.
    paid = {str(b["number"]) for b in every_bill(backend) if b["state"] == "paid"}
    assert paid and not paid & {b.number for b in unpaid.bills}


def test_the_checklist_lists_the_unpaid_bills_and_waits_for_a_decision(
    qtbot: QtBot, backend: RunningBackend, session: ClosingTestSession
) -> None:
    wizard = shown_wizard(qtbot, session)
    item = wizard.checklist.invoices
    qtbot.waitUntil(lambda: item.loaded and wizard.account is not None, timeout=20_000)
    wizard.setStartId(int(PageId.CHECKLIST))
    wizard.restart()
    detail = item.detail.text()
    awaiting, awaiting_total = expected(backend, "awaiting_payment")
    drafts, drafts_total = expected(backend, "draft")
    assert (
        f"{len(awaiting)} bills awaiting payment, {format_money(awaiting_total, 'USD')}" in detail
    )
    assert "payment links off" in detail
    draft_line = "draft bill," if len(drafts) == 1 else "draft bills,"
    assert f"{len(drafts)} {draft_line} {format_money(drafts_total, 'USD')} in all" in detail
    for number in awaiting | drafts:
        assert number in detail
    assert item.title.text() == "Unpaid client invoices"
    assert not item.complete and item.acknowledge.isVisible()
    item.acknowledge.setChecked(True)
    assert item.complete


def test_a_firm_without_unpaid_bills_has_the_item_done(
    qtbot: QtBot, backend: RunningBackend, session: ClosingTestSession
) -> None:
    wizard = shown_wizard(qtbot, session, show=False)
    from app.closing.invoices import UnpaidBills

    # The same page given what a firm with every bill paid reads.
    qtbot.waitUntil(lambda: wizard.checklist.invoices.loaded, timeout=20_000)
    wizard.facts[next(f for f in wizard.facts if f.value == "unpaid_bills")] = UnpaidBills(())
    wizard.facts_changed.emit()
    assert wizard.checklist.invoices.satisfied
    assert "No bill is awaiting payment" in wizard.checklist.invoices.detail.text()
