"""The closing walkthrough against the reference backend: what each page tells this firm, the
checklist that holds Next until every item is settled, the access and reason choices, the
confirmation's safeguards, refusals, the service's own closing (assisted mode), and a closing
whose answer was lost before the app stopped."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWizard
from pytestqt.qtbot import QtBot

from app.account.selfservice import MAX_COMMENT_CHARS
from app.closing.checklist import LastExport
from app.closing.store import ClosingStore, KnownClosing
from tests.support.backend import RunningBackend
from tests.support.closing_ui import (
    DANIEL,
    ELEANOR,
    FIRM,
    MARGARET,
    ClosingTestSession,
    closings,
    grab,
    press,
    session_for,
    shown_wizard,
    verified_export,
)
from ui.closing.wizard import ClosingWizard, PageId
from ui.common.formats import access_rule_text

SHOTS = Path(os.environ.get("CLOSING_SHOTS", "")) if os.environ.get("CLOSING_SHOTS") else None


@pytest.fixture
def closable(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30:00Z")


@pytest.fixture
def sessions() -> Iterator[list[ClosingTestSession]]:
    opened: list[ClosingTestSession] = []
    yield opened
    for session in opened:
        session.close()


def make_wizard(
    qtbot: QtBot,
    session: ClosingTestSession,
    backend: RunningBackend | None = None,
    *,
    last_export: Callable[[], LastExport | None] = lambda: None,
    open_export_wizard: Callable[[], None] = lambda: None,
) -> ClosingWizard:
    def fresh_sign_in() -> None:
        assert backend is not None and session.identity is not None
        assert session.identity.user_id is not None
        session.fresh_sign_in(backend.url, session.identity.user_id)

    wizard = shown_wizard(
        qtbot,
        session,
        last_export=last_export,
        fresh_sign_in=fresh_sign_in,
        open_export_wizard=open_export_wizard,
    )
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    return wizard


def wait_loaded(qtbot: QtBot, wizard: ClosingWizard) -> None:
    def all_loaded() -> None:
        assert all(item.loaded for item in wizard.checklist.items)
        assert wizard.account is not None
        assert wizard.alternatives_settled()

    qtbot.waitUntil(all_loaded, timeout=20_000)


def shot(wizard: ClosingWizard, name: str) -> None:
    if SHOTS is not None:
        grab(wizard, SHOTS, name)


def next_button(wizard: ClosingWizard) -> QAbstractButton:
    return wizard.button(QWizard.WizardButton.NextButton)


def test_each_page_speaks_of_this_firm_and_next_waits_for_every_check(
    qtbot: QtBot,
    closable: RunningBackend,
    sessions: list[ClosingTestSession],
) -> None:
    session = session_for(closable, MARGARET)
    sessions.append(session)
    exports: list[str] = []
    current: list[LastExport | None] = [None]
    wizard = make_wizard(
        qtbot,
        session,
        closable,
        last_export=lambda: current[0],
        open_export_wizard=lambda: (
            (
                exports.append("opened"),
                current.__setitem__(0, verified_export(datetime(2026, 11, 24, 14, tzinfo=UTC))()),
            )
            and None
        ),
    )
    wait_loaded(qtbot, wizard)
    meaning = wizard.meaning
    assert "Harbor & Finch LLP" in meaning.access.text()
    assert "client portal" in meaning.access.text()
    # Billing day the 18th, closing on the 24th: the month from the 18th stands, nothing more.
    assert "was paid: $534.00" in meaning.billing.text()
    assert "not refunded" in meaning.billing.text()
    assert "December 18, 2026" in meaning.billing.text()
    assert "February 22, 2027" in meaning.content.text()
    assert "May 24, 2027" in meaning.escrow.text()
    shot(wizard, "1-meaning")

    wizard.next()
    # Offered once, and skippable: other ways than closing, with their money.
    assert wizard.currentId() == PageId.ALTERNATIVES
    assert (
        "Yearly billing: $5,688.00 a year for 6 seats" in wizard.alternatives_page.cycle_text.text()
    )
    assert "saving $720.00 a year" in wizard.alternatives_page.cycle_text.text()
    wizard.next()
    checklist = wizard.checklist
    assert wizard.currentId() == PageId.CHECKLIST
    qtbot.waitUntil(lambda: all(item.loaded for item in checklist.items))
    assert not next_button(wizard).isEnabled()
    payments = checklist.payments.detail.text()
    assert "2 payment authorisations are still pending ($1,250.00)" in payments
    assert "Wait until they settle" in payments
    assert "NOT in a verified export" in checklist.trust.detail.text()
    assert "matters are open" in checklist.matters.detail.text()
    assert "not billed yet" in checklist.unbilled.detail.text()
    shot(wizard, "2-checklist")

    # The export wizard returns here, and the checklist reads the new export.
    checklist.export_button.click()
    assert exports == ["opened"]
    assert checklist.export.satisfied and checklist.trust.satisfied
    assert "verified" in checklist.export.detail.text()
    # The kinds of records in plain words, not the API's names.
    covers = checklist.export.detail.text()
    assert "Time and expense entries" in covers and "Trust line items" in covers
    assert "activities" not in covers and "trust line items" not in covers
    undecided = (checklist.payments, checklist.matters, checklist.unbilled, checklist.invoices)
    for item in undecided:
        assert item.acknowledge.isVisible() and item.acknowledge.text()
        assert item.state.text() == "Needs your decision"
        item.acknowledge.setChecked(True)
        assert item.state.text() == "✓ Decided: close anyway"  # ticked: decided
        if item is not undecided[-1]:
            assert not next_button(wizard).isEnabled()
    assert next_button(wizard).isEnabled()

    wizard.next()
    access = wizard.access
    assert access.choice.currentText() == "Margaret Harbor (Primary Subscriber)"
    assert access.designated_user_id() is None
    # Any active user may be designated, not only the administrators.
    assert [access.choice.itemText(i) for i in range(access.choice.count())] == [
        "Margaret Harbor (Primary Subscriber)",
        "Daniel Okafor (administrator)",
        "Eleanor Finch (user)",
        "Priya Raman (user)",
        "Rafael Ibáñez (user)",
        "Tom Kowalski (user)",
    ]
    access.choice.setCurrentIndex(2)
    assert access.designated_user_id() == ELEANOR
    access.choice.setCurrentIndex(1)
    assert access.designated_user_id() == DANIEL
    assert "Daniel Okafor can sign in" in access.explanation.text()
    assert "cannot change anything" in access.explanation.text()
    # One rule, word for word, wherever the walkthrough says who keeps access.
    rule = access_rule_text()
    assert "Primary Subscriber, the administrators and the designated user" in rule
    for text in (meaning.content.text(), access.subTitle(), access.explanation.text()):
        assert rule in text
    assert "administrator or a user you designate" not in meaning.content.text()
    shot(wizard, "3-access")

    wizard.next()
    reason = wizard.reason
    assert reason.rather_not_say.isChecked() and reason.reason() is None
    assert not reason.comment.isEnabled()
    labels = [b.text() for b in reason.buttons]
    assert "We are switching to another service" in labels and len(labels) == 9
    switching = next(b for b in reason.buttons if b.objectName() == "reason-switched_service")
    switching.setChecked(True)
    assert reason.comment.isEnabled()
    reason.comment.setPlainText("x" * (MAX_COMMENT_CHARS + 50))
    assert len(reason.comment.toPlainText()) == MAX_COMMENT_CHARS
    assert reason.counter.text() == "5,000 of 5,000 characters"
    reason.comment.setPlainText("Moving to a new system.")
    shot(wizard, "4-reason")

    wizard.next()
    assert wizard.currentId() == PageId.WHEN
    wizard.when_page.now.setChecked(True)  # this test closes at once
    wizard.next()
    confirm = wizard.confirm
    assert wizard.currentId() == PageId.CONFIRM
    assert rule in confirm.summary.text()
    assert "Designated user: Daniel Okafor." in confirm.summary.text()
    assert "February 22, 2027" in confirm.summary.text()
    assert wizard.button(QWizard.WizardButton.BackButton).hasFocus()
    assert not wizard.close_button.isEnabled()
    assert not next_button(wizard).isVisible()
    confirm.firm_name.setText("  harbor & finch LLP ")
    assert not wizard.close_button.isEnabled()  # the name alone is not enough
    confirm.understand.setChecked(True)
    assert wizard.close_button.isEnabled()
    confirm.firm_name.setText("Harbor and Finch")
    assert not wizard.close_button.isEnabled()
    confirm.firm_name.setText(FIRM)
    shot(wizard, "5-confirm")

    closed: list[KnownClosing] = []
    wizard.closed.connect(closed.append)
    # A double click: the second press finds the button already off.
    wizard.close_button.click()
    wizard.close_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.DONE, timeout=20_000)
    assert closings(closable) == 1
    assert len(closed) == 1 and closed[0].server is not None
    assert closed[0].designated_user is not None
    assert closed[0].designated_user.name == "Daniel Okafor"
    done = wizard.done_page
    assert "closed the account of Harbor & Finch LLP" in done.what.text()
    assert "February 22, 2027" in done.dates.text() and "May 24, 2027" in done.dates.text()
    assert rule in done.dates.text()
    shot(wizard, "6-done")


def test_escape_on_the_confirmation_cancels_without_closing(
    qtbot: QtBot, closable: RunningBackend, sessions: list[ClosingTestSession]
) -> None:
    session = session_for(closable, MARGARET)
    sessions.append(session)
    wizard = make_wizard(
        qtbot, session, last_export=verified_export(datetime(2026, 11, 24, tzinfo=UTC))
    )
    wait_loaded(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == PageId.ALTERNATIVES
    wizard.next()
    for item in wizard.checklist.items:
        if not item.satisfied:
            item.acknowledge.setChecked(True)
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.confirm.firm_name.setText(FIRM)
    wizard.confirm.understand.setChecked(True)
    assert wizard.close_button.isEnabled()
    # Enter in the name field does not close the account either.
    wizard.confirm.firm_name.setFocus()
    press(Qt.Key.Key_Return)
    assert wizard.isVisible() and wizard.currentId() == PageId.CONFIRM
    press(Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    assert closings(closable) == 0


def test_a_non_primary_user_is_told_who_can_close(
    qtbot: QtBot, closable: RunningBackend, sessions: list[ClosingTestSession]
) -> None:
    session = session_for(closable, DANIEL)
    sessions.append(session)
    wizard = make_wizard(qtbot, session)
    qtbot.waitUntil(lambda: wizard.account is not None, timeout=20_000)
    refusal = wizard.meaning.refused
    assert refusal.isVisible()
    assert "Only the Primary Subscriber, Margaret Harbor, can close" in refusal.text
    assert "+1-888-858-2546" in refusal.text
    assert not next_button(wizard).isEnabled()
    assert closings(closable) == 0


def test_a_refusal_by_the_server_is_shown_with_the_support_line(
    qtbot: QtBot, closable: RunningBackend, sessions: list[ClosingTestSession]
) -> None:
    # The account said this user may close; the server refuses at the last step anyway.
    session = session_for(closable, DANIEL)
    sessions.append(session)
    wizard = make_wizard(qtbot, session)
    qtbot.waitUntil(lambda: wizard.account is not None, timeout=20_000)
    wizard.confirm.firm_name.setText(FIRM)
    wizard.confirm.understand.setChecked(True)
    wizard.setStartId(int(PageId.CONFIRM))
    wizard.facts.pop(next(f for f in wizard.facts if f.value == "account"))
    wizard.restart()
    wizard.send_closing()
    qtbot.waitUntil(lambda: wizard.outcome is not None, timeout=20_000)
    status = wizard.confirm.status.text
    assert "Only the Primary Subscriber, Margaret Harbor, can close" in status
    assert wizard.confirm.support.isVisible()
    assert "+1-888-858-2546" in wizard.confirm.support.phone_label.text()
    assert closings(closable) == 0


def test_a_contract_account_is_closed_with_the_service_and_counted_from_the_day_entered(
    qtbot: QtBot,
    backend_factory: Callable[..., RunningBackend],
    sessions: list[ClosingTestSession],
) -> None:
    backend = backend_factory("--seed", "demo", "--contract-account")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    wizard = make_wizard(
        qtbot, session, last_export=verified_export(datetime(2026, 11, 24, tzinfo=UTC))
    )
    wait_loaded(qtbot, wizard)
    assert wizard.assisted
    wizard.next()
    for item in wizard.checklist.items:
        if not item.satisfied:
            item.acknowledge.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PageId.ACCESS
    wizard.next()
    assert wizard.currentId() == PageId.REASON
    wizard.next()
    page = wizard.assisted_page
    assert wizard.currentId() == PageId.ASSISTED
    assert "under a contract" in page.why.text()
    assert "+1-888-858-2546, option 2" in page.support.phone_label.text()
    today = wizard.now().date()
    assert page.closed_on.maximumDate().toPython() == today  # never a future day
    assert not next_button(wizard).isEnabled()
    shot(wizard, "7-assisted")
    page.closed_on.setDate(page.closed_on.date().addDays(-3))
    page.closed_check.setChecked(True)
    closed: list[KnownClosing] = []
    wizard.closed.connect(closed.append)
    wizard.next()
    assert wizard.currentId() == PageId.DONE
    assert closed and closed[0].server is None
    entered = ClosingStore(session.server.origin).entered_closing()
    assert entered is not None and (today - entered.closed_on).days == 3
    assert closings(backend) == 0


def test_without_self_service_the_walkthrough_guides_to_the_service(
    qtbot: QtBot, demo_backend: RunningBackend, sessions: list[ClosingTestSession]
) -> None:
    session = session_for(demo_backend, MARGARET, self_service=False)
    sessions.append(session)
    wizard = make_wizard(qtbot, session)
    qtbot.waitUntil(lambda: all(item.loaded for item in wizard.checklist.items), timeout=20_000)
    assert "not refunded" in wizard.meaning.billing.text()
    wizard.next()
    assert "cannot read the online payments" in wizard.checklist.payments.detail.text()
    for item in wizard.checklist.items:
        if not item.satisfied:
            item.acknowledge.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PageId.ACCESS
    wizard.next()
    assert wizard.currentId() == PageId.REASON
    wizard.next()
    assert wizard.currentId() == PageId.ASSISTED
    assert "does not let Account Desk close" in wizard.assisted_page.why.text()
    assert wizard.assisted_page.support.contact is not None


def test_a_closing_whose_answer_was_lost_is_found_when_the_walkthrough_opens(
    qtbot: QtBot, closable: RunningBackend, sessions: list[ClosingTestSession]
) -> None:
    session = session_for(closable, MARGARET)
    sessions.append(session)
    store = ClosingStore(session.server.origin)
    pending = store.begin(MARGARET)
    assert session.selfservice is not None
    session.selfservice.cancel(pending.key, FIRM)  # went out; the app stopped before the answer
    wizard = make_wizard(qtbot, session)
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.DONE, timeout=20_000)
    assert "closed the account" in wizard.done_page.what.text()
    assert store.pending() is None
    assert closings(closable) == 1


def test_the_walkthroughs_call_button_says_what_happened(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices, QGuiApplication

    from app.account.models import SupportContact
    from ui.common.support_panel import SupportPanel

    contact = SupportContact(
        "+1-888-858-2546", "2", "Monday to Friday", "https://support.account-desk.example/"
    )
    box = SupportPanel(web_button=True)
    qtbot.addWidget(box)
    box.set_contact(contact)
    box.show()
    asked: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url) or False)
    QGuiApplication.clipboard().clear()
    box.call_button.click()
    # Nothing took the link: no call is claimed, and the number is there to use.
    assert [u.toString() for u in asked] == ["tel:+18888582546;ext=2"]
    assert "No app on this computer makes phone calls" in box.status_label.text()
    assert QGuiApplication.clipboard().text() == "+1-888-858-2546"
    box.web_button.click()
    assert asked[-1].toString() == "https://support.account-desk.example/"
    assert "https://support.account-desk.example/" in box.status_label.text()


def test_the_first_page_does_not_call_closing_undoable_while_it_can_be_reopened(
    qtbot: QtBot, closable: RunningBackend, sessions: list[ClosingTestSession]
) -> None:
    """The service lets the Primary Subscriber reopen a closed account for 30 days: the
    walkthrough must not say that closing "cannot be undone" without saying when."""
    session = session_for(closable, MARGARET)
    sessions.append(session)
    wizard = make_wizard(qtbot, session)
    wait_loaded(qtbot, wizard)
    text = wizard.meaning.permanent.text()
    assert "reopen the account for 30 days" in text
    assert "for good" not in text
    assert "permanent" not in wizard.close_button.text().lower()


def test_the_service_page_is_the_regions_account_and_payment_settings() -> None:
    from app.net.servers import PRESETS
    from ui.closing.assisted_step import settings_page_url

    assert [settings_page_url(server.origin) for server in PRESETS] == [
        "https://app.clio.com/settings/account_and_payment",
        "https://ca.app.clio.com/settings/account_and_payment",
        "https://eu.app.clio.com/settings/account_and_payment",
        "https://au.app.clio.com/settings/account_and_payment",
    ]
