"""The walkthrough's "other ways" page against the reference backend: offered once after "What
closing means" with the server's money, each choice taken for real and skippable, and not
offered to a user who may not change the plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from pytestqt.qtbot import QtBot

from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.closing_ui import (
    DANIEL,
    ELEANOR,
    MARGARET,
    ClosingTestSession,
    session_for,
    shown_wizard,
)
from ui.closing.wizard import ClosingWizard, PageId


@pytest.fixture
def sessions() -> Iterator[list[ClosingTestSession]]:
    opened: list[ClosingTestSession] = []
    yield opened
    for session in opened:
        session.close()


def open_wizard(qtbot: QtBot, session: ClosingTestSession) -> ClosingWizard:
    wizard = shown_wizard(qtbot, session)
    qtbot.waitUntil(
        lambda: wizard.account is not None and wizard.alternatives_settled(), timeout=20_000
    )
    return wizard


def server_offer(backend: RunningBackend, user: int = MARGARET) -> Any:
    return requests.get(
        backend.url + "/self-service/v1/alternatives",
        headers=ob.bearer(ob.token_for(backend.url, user)),
        timeout=10,
    ).json()


def test_fewer_seats_and_yearly_billing_are_taken_then_closing_goes_on(
    qtbot: QtBot,
    backend_factory: Callable[..., RunningBackend],
    sessions: list[ClosingTestSession],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z", "--seats", "8")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    wizard = open_wizard(qtbot, session)
    wizard.next()
    page = wizard.alternatives_page
    assert wizard.currentId() == PageId.ALTERNATIVES
    assert "You pay for 8 seats, $712.00 a month; 6 are in use." in page.seats_text.text()
    options = [page.seats_choice.itemText(i) for i in range(page.seats_choice.count())]
    assert options == [
        "6 seats: $534.00 a month, saving $2,136.00 a year",
        "7 seats: $623.00 a month, saving $1,068.00 a year",
    ]
    assert "Yearly billing: $7,584.00 a year for 8 seats ($79.00 per seat" in page.cycle_text.text()
    assert "saving $960.00 a year, from December 18, 2026" in page.cycle_text.text()
    assert page.transfer_choice.itemText(0) == "Daniel Okafor"

    page.seats_choice.setCurrentIndex(1)
    page.seats_button.click()
    qtbot.waitUntil(lambda: "Done: you pay for 7 seats" in page.status.text(), timeout=20_000)
    page.cycle_button.click()
    qtbot.waitUntil(lambda: "Done: yearly billing from" in page.status.text(), timeout=20_000)
    scheduled = {(c["kind"], c["value"]) for c in server_offer(backend)["scheduled"]}
    assert scheduled == {("seats", "7"), ("billing_cycle", "yearly")}
    assert "Already chosen: 7 seats from December 18, 2026." in page.seats_text.text()

    # Skippable: Next goes on with closing; back on the first page it is not offered again.
    assert page.isComplete()
    wizard.next()
    assert wizard.currentId() == PageId.CHECKLIST
    wizard.back()
    wizard.back()
    assert wizard.currentId() == PageId.MEANING
    assert wizard.meaning.nextId() == PageId.CHECKLIST


def test_handing_the_role_on_ends_the_closing_for_this_user(
    qtbot: QtBot,
    backend_factory: Callable[..., RunningBackend],
    sessions: list[ClosingTestSession],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    wizard = open_wizard(qtbot, session)
    wizard.next()
    page = wizard.alternatives_page
    # Every paid seat is in use: how to save is said, nothing to press.
    assert "all 6 are in use" in page.seats_text.text()
    assert "saves $89.00 a month" in page.seats_text.text()
    assert page.seats_button.isHidden()
    page.transfer_choice.setCurrentIndex(page.transfer_choice.findData(DANIEL))
    page.transfer_button.click()
    qtbot.waitUntil(
        lambda: "Daniel Okafor is now the Primary Subscriber" in page.status.text(),
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: not page.isComplete(), timeout=20_000)
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()
    account = requests.get(
        backend.url + "/self-service/v1/account",
        headers=ob.bearer(ob.token_for(backend.url, DANIEL)),
        timeout=10,
    ).json()
    assert account["primary_subscriber"]["id"] == DANIEL


def test_a_user_who_may_not_change_the_plan_is_not_offered_it(
    qtbot: QtBot,
    backend_factory: Callable[..., RunningBackend],
    sessions: list[ClosingTestSession],
) -> None:
    backend = backend_factory("--seed", "demo")
    session = session_for(backend, ELEANOR)
    sessions.append(session)
    wizard = open_wizard(qtbot, session)
    assert wizard.alternatives is not None and not wizard.alternatives.offered
    assert wizard.meaning.nextId() == PageId.CHECKLIST
