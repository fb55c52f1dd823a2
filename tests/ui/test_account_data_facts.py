"""The Account and Payment Info screen against the reference backend playing the real service
(`--style clio`: no self-service API): the data API's facts as the server states them, who can
close, the lists the service does not offer said as such, and the billing facts entered once
with the keyboard (refused with a clear message when wrong, remembered for the account, marked
"entered by you", and giving "If you close today")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.account.entered_billing import EnteredFactsStore, account_key
from app.account.models import BillingCycle
from app.net.http import HttpSession
from app.net.servers import Server, local_server
from app.signin.oauth import Identity
from tests.support.backend import RunningBackend
from ui.account.page import AccountPage, PageState

WAIT_MS = 30_000
CLIENT = "firm-desk:s3cret-of-the-firm:http://127.0.0.1:53682/callback"


# The figures are written as a person in the United States reads them.
pytestmark = pytest.mark.usefixtures("us_english")


@dataclass
class Source:
    server: Server
    http: HttpSession
    identity: Identity | None
    selfservice: None = None
    firm_name: str | None = None


@pytest.fixture
def clio(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--style", "clio", "--register-client", CLIENT)


@pytest.fixture
def open_as(qtbot: Any, clio: RunningBackend) -> Iterator[Callable[[str], AccountPage]]:
    sessions: list[HttpSession] = []

    def open_page(role: str) -> AccountPage:
        http = HttpSession(clio.url)
        sessions.append(http)
        http.set_token(clio.issue_token(role))
        me = http.get_json("/api/v4/users/who_am_i.json", {"fields": "id,name,email"})["data"]
        identity = Identity(key=me["email"], user_id=me["id"], name=me["name"], email=me["email"])
        page = AccountPage(Source(local_server(clio.url), http, identity), None)
        qtbot.addWidget(page)
        page.resize(1000, 900)
        page.show()
        assert page.state is PageState.GUIDE
        qtbot.waitUntil(lambda: page.guide.facts is not None, timeout=WAIT_MS)
        return page

    yield open_page
    for http in sessions:
        http.close()


def text_of(page: AccountPage, name: str) -> str:
    label = page.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def test_the_owner_sees_the_data_apis_facts_and_can_close(
    open_as: Callable[[str], AccountPage],
) -> None:
    page = open_as("primary_subscriber")
    assert page.guide_user.text() == "Margaret Harbor (margaret.harbor@harborfinch.example)"
    assert text_of(page, "usersFact") == "6 enabled users (Attorney: 3; Non-attorney: 3)"
    assert text_of(page, "ownerFact") == "Margaret Harbor (you)"
    assert text_of(page, "roleFact") == "Account owner (Primary Subscriber)"
    assert text_of(page, "canCloseFact") == "Yes: you are the account owner."
    assert page.close_button.isEnabled() and not page.close_reason.isVisible()
    assert text_of(page, "trustBalance") == "$247,025.00"
    # Clio Payments deposits the bills' online payments in the operating account.
    assert text_of(page, "operatingBalance") == "$51,433.00, takes online payments"
    # The reference backend serves Clio Payments' lists and the outstanding balances.
    payments = page.guide.data_view.payments.text()
    assert "not offered" not in payments and "active payment link" in payments
    assert "Online payments go into: Operating Account. Closing turns them off." in payments
    work = page.guide.data_view.work.text()
    # the balances agree with the unpaid bills (the demo firm's clients owe what they were billed)
    assert "3 clients owe the firm $9,659.00 in all." in work and "not offered" not in work
    assert "Unpaid bills: 4 awaiting payment ($9,659.00)" in work
    assert "Unbilled work: " in work and "Matters still open: " in work
    assert page.as_of_label.text().endswith("from the service's data API")
    # The data API has no firm name: not known until confirmed, with the holder as suggestion.
    assert page.guide_firm.text() == "Not known"
    assert "held in the name Harbor & Finch LLP" in page.guide.billing_view.firm.text()


def test_anyone_else_is_told_who_can_close(open_as: Callable[[str], AccountPage]) -> None:
    page = open_as("administrator")
    assert text_of(page, "roleFact") == "Administrator"
    assert text_of(page, "canCloseFact") == (
        "No: only the account owner, Margaret Harbor, can close it."
    )
    assert not page.close_button.isEnabled()
    assert page.close_reason.isVisible()
    assert "Margaret Harbor" in page.close_reason.text()
    assert text_of(page, "ownerFact") == ("Margaret Harbor (margaret.harbor@harborfinch.example)")


def test_billing_facts_are_entered_with_the_keyboard_refused_when_wrong_and_remembered(
    qtbot: Any, open_as: Callable[[str], AccountPage], clio: RunningBackend
) -> None:
    page = open_as("primary_subscriber")
    view = page.guide.billing_view
    assert "Enter the billing facts above" in view.closing.text()

    # Nothing typed: each missing fact is named, and the first wrong field has the focus.
    qtbot.keyClick(view.save_button, Qt.Key.Key_Space)
    problems = view.problems_label.text()
    assert "Plan: type the plan's name" in problems
    assert "Price per user: type an amount such as 89.00." in problems
    assert view.plan_edit.hasFocus()

    qtbot.keyClicks(view.plan_edit, "Boutique")
    qtbot.keyClicks(view.price_edit, "eighty-nine")
    qtbot.keyClick(view.save_button, Qt.Key.Key_Space)
    assert "Plan:" not in view.problems_label.text()
    assert "Price per user: type an amount" in view.problems_label.text()
    assert view.price_edit.hasFocus()

    view.price_edit.clear()
    qtbot.keyClicks(view.price_edit, "89.00")
    view.users_spin.setFocus()
    qtbot.keyClick(view.users_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.users_spin, "6")
    view.day_spin.setFocus()
    qtbot.keyClick(view.day_spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.day_spin, "18")
    assert not view.month_box.isVisible()  # a monthly plan has no renewal month
    qtbot.keyClick(view.save_button, Qt.Key.Key_Space)

    assert text_of(page, "enteredPlan") == "Boutique"
    assert text_of(page, "enteredPrice") == "$89.00 per user per month"
    assert text_of(page, "enteredUsers") == "6"
    assert text_of(page, "enteredCycle") == "Monthly, on day 18 of each month"
    assert text_of(page, "enteredStamp").startswith("Entered by you on ")
    closing = view.closing.text()
    assert "Your plan charges $534.00 for the period" in closing
    assert "Nothing more will be charged: the $534.00 due on" in closing
    assert "not from the service" in closing

    saved = EnteredFactsStore().billing(account_key(clio.url, 1))
    assert saved is not None and saved.users_billed == 6
    assert saved.billing_cycle is BillingCycle.MONTHLY and saved.billing_day == 18

    # The firm's name, confirmed once, shows at the top and is remembered.
    view.firm_edit.setFocus()
    qtbot.keyClick(view.firm_edit, Qt.Key.Key_Return)
    assert page.guide_firm.text() == "Harbor & Finch LLP (confirmed by you)"
    assert EnteredFactsStore().firm_name(account_key(clio.url, 1)) is not None

    # Another visit shows the remembered facts straight away, and Edit opens them again.
    again = open_as("primary_subscriber")
    assert text_of(again, "enteredPlan") == "Boutique"
    assert again.guide_firm.text() == "Harbor & Finch LLP (confirmed by you)"
    again_view = again.guide.billing_view
    qtbot.keyClick(again_view.edit_button, Qt.Key.Key_Space)
    assert again_view.plan_edit.text() == "Boutique"
    assert again_view.price_edit.text() == "89.00"


def test_without_the_service_the_entered_facts_still_show_and_the_failure_is_said(
    qtbot: Any, open_as: Callable[[str], AccountPage], clio: RunningBackend
) -> None:
    page = open_as("primary_subscriber")
    view = page.guide.billing_view
    view.plan_edit.setText("Boutique")
    view.price_edit.setText("89")
    view.users_spin.setValue(6)
    view.day_spin.setValue(18)
    assert view.save()
    view.confirm_firm_name()
    source = page.source
    clio.stop()

    again = AccountPage(source, None)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.notice.isVisible(), timeout=WAIT_MS)
    assert "could not ask the server who you are" in again.notice.text
    assert again.guide.facts is None and not again.guide.data_view.isVisible()
    assert text_of(again, "enteredPlan") == "Boutique"
    assert "Your plan charges $534.00 for the period" in again.guide.billing_view.closing.text()
    assert again.guide_firm.text() == "Harbor & Finch LLP (confirmed by you)"
