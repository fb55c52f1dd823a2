"""Changing one's mind, on the Account and Data availability pages against the real reference
backend: a scheduled closing is shown with "Cancel the closing", a closed account with until
when it can be reopened and "Reopen the account"; only the Primary Subscriber gets the buttons,
each asks for confirmation, and the server's state is what changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC
from typing import Any

import pytest
import requests
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.closing_ui import (
    DANIEL,
    FIRM,
    MARGARET,
    ClosingTestSession,
    closings,
    session_for,
)
from ui.account.page import AccountPage, PageState
from ui.closing.countdown_page import AvailabilityPage
from ui.closing.tray import MilestoneNotifier

V1 = "/self-service/v1"
LONG_TOKENS = ("--token-lifetime", str(90 * 86400))


# The figures are written as a person in the United States reads them.
pytestmark = pytest.mark.usefixtures("us_english")


@pytest.fixture
def sessions() -> Iterator[list[ClosingTestSession]]:
    opened: list[ClosingTestSession] = []
    yield opened
    for session in opened:
        session.close()


def _server_account(backend: RunningBackend) -> dict[str, Any]:
    token = ob.token_for(backend.url, MARGARET)
    answer = requests.get(backend.url + V1 + "/account", headers=ob.bearer(token), timeout=10)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _close(backend: RunningBackend, when: str) -> None:
    headers = {**ob.bearer(ob.token_for(backend.url, MARGARET)), "Idempotency-Key": "k-" + when}
    body = {"confirm_firm_name": FIRM, "when": when}
    answer = requests.post(
        backend.url + V1 + "/cancellation", json=body, headers=headers, timeout=10
    )
    assert answer.status_code == 200, answer.text


def _account_page(qtbot: QtBot, session: ClosingTestSession) -> AccountPage:
    page = AccountPage(session, None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(900, 900)
    page.show()
    qtbot.waitUntil(lambda: page.state is PageState.LIVE, timeout=20_000)
    return page


def _availability_page(qtbot: QtBot, session: ClosingTestSession) -> AvailabilityPage:
    page = AvailabilityPage(
        session,  # type: ignore[arg-type]
        notifier=MilestoneNotifier(use_tray=False),
        tz=UTC,
    )
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    qtbot.waitUntil(lambda: page.refresh_button.isEnabled(), timeout=20_000)
    return page


def _answer_the_dialog(confirm: bool, seen: list[str]) -> None:
    """Press a button of the confirmation dialog once it is up (it runs its own event loop)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text())
        wanted = QMessageBox.ButtonRole.AcceptRole if confirm else QMessageBox.ButtonRole.RejectRole
        button = next(b for b in box.buttons() if box.buttonRole(b) is wanted)
        button.click()

    QTimer.singleShot(0, press)


def test_the_primary_subscriber_cancels_a_scheduled_closing_from_the_account_page(
    qtbot: QtBot, backend_factory: Callable[..., RunningBackend], sessions: list[ClosingTestSession]
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")
    _close(backend, "end_of_period")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    page = _account_page(qtbot, session)
    panel = page.change_of_mind
    assert panel.isVisible()
    assert "Closing scheduled for" in panel.text.text()
    assert "December 18, 2026" in panel.text.text()
    assert "stays reachable until" in panel.text.text()
    assert "March 18, 2027" in panel.text.text()  # 90 days from the scheduled closing
    assert panel.cancel_button.isVisible() and not panel.reopen_button.isVisible()

    seen: list[str] = []
    _answer_the_dialog(False, seen)  # thinking better of it: nothing is sent
    panel.cancel_button.click()
    assert seen and "Cancel the closing scheduled for" in seen[0]
    assert _server_account(backend)["closing_scheduled_at"] == "2026-12-18T00:00:00Z"

    _answer_the_dialog(True, seen)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=20_000)
    account = _server_account(backend)
    assert account["closing_scheduled_at"] is None
    assert account["next_charge"] == {"date": "2026-12-18", "amount": "534.00"}
    assert closings(backend) == 0


def test_others_see_the_scheduled_closing_without_a_button(
    qtbot: QtBot, backend_factory: Callable[..., RunningBackend], sessions: list[ClosingTestSession]
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")
    _close(backend, "end_of_period")
    session = session_for(backend, DANIEL)
    sessions.append(session)
    panel = _account_page(qtbot, session).change_of_mind
    assert panel.isVisible()
    assert "The Primary Subscriber can cancel it until then." in panel.text.text()
    assert not panel.cancel_button.isVisible()


def test_the_countdown_says_until_when_the_account_can_be_reopened_and_reopen_works(
    qtbot: QtBot, backend_factory: Callable[..., RunningBackend], sessions: list[ClosingTestSession]
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z", *LONG_TOKENS)
    _close(backend, "now")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    page = _availability_page(qtbot, session)
    panel = page.change_of_mind
    qtbot.waitUntil(lambda: panel.reopen_button.isVisible(), timeout=20_000)
    assert "You can reopen the account until" in panel.text.text()
    assert "December 24, 2026" in panel.text.text()

    asked: list[tuple[str, str]] = []

    def ask(_parent: object, title: str, text: str, _confirm: str) -> bool:
        asked.append((title, text))
        return True

    panel.ask = ask
    panel.reopen_button.click()
    assert asked and "Reopen the account of Harbor & Finch LLP?" in asked[0][1]
    qtbot.waitUntil(lambda: _server_account(backend)["status"] == "active", timeout=20_000)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: "is active" in page.status_label.text(), timeout=20_000)


def test_after_the_grace_period_there_is_no_reopen_button(
    qtbot: QtBot, backend_factory: Callable[..., RunningBackend], sessions: list[ClosingTestSession]
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30:00Z", *LONG_TOKENS
    )
    _close(backend, "now")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    assert session.selfservice is not None
    session.selfservice.advance_demo_clock(days=30)
    page = _availability_page(qtbot, session)
    assert page._account is not None and not page._account.may_reopen()
    assert not page.change_of_mind.isVisible()
    assert not page.change_of_mind.reopen_button.isVisible()


def test_the_countdown_page_counts_a_scheduled_closing_from_the_end_of_the_period(
    qtbot: QtBot, backend_factory: Callable[..., RunningBackend], sessions: list[ClosingTestSession]
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")
    _close(backend, "end_of_period")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    page = _availability_page(qtbot, session)
    qtbot.waitUntil(lambda: page.change_of_mind.cancel_button.isVisible(), timeout=20_000)
    status = page.status_label.text()
    assert "is active until Friday, December 18, 2026" in status
    assert "March 18, 2027" in status and "nothing is counting down" not in status
    assert "June 18, 2027" in page.escrow_card.detail.text()


def test_offline_the_countdown_still_says_until_when_the_account_can_be_reopened(
    qtbot: QtBot,
) -> None:
    from dataclasses import dataclass
    from datetime import datetime, timedelta

    from app.account.models import AccountStatus, Retention
    from app.account.selfservice import SelfServiceClient
    from app.closing.retention import retention_dates
    from app.closing.store import ClosingStore
    from app.net.http import HttpSession, RetryPolicy, Timeouts
    from app.net.servers import Server, local_server

    origin = "http://127.0.0.1:9"  # nothing listens on the discard port

    @dataclass
    class Offline:
        server: Server
        selfservice: SelfServiceClient
        firm_name: str = FIRM

    closed_at = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    dates = retention_dates(closed_at, True)
    ClosingStore(origin).save_retention(
        Retention(
            account_status=AccountStatus.CLOSED,
            closed_at=closed_at,
            content_last_day=dates.content_last_day,
            content_deleted_at=dates.content_deleted_at,
            content_deleted=False,
            escrow_enabled=True,
            escrow_last_day=dates.escrow_last_day,
            escrow_ends_at=dates.escrow_ends_at,
            designated_user=None,
            server_time=closed_at,
            reopen_until=closed_at + timedelta(days=30),
        )
    )
    http = HttpSession(origin, timeouts=Timeouts(connect=1, read=1), retry=RetryPolicy(1))
    server = local_server(origin)
    session = Offline(server, SelfServiceClient(http, server.self_service_base))
    try:
        page = AvailabilityPage(
            session,  # type: ignore[arg-type]
            notifier=MilestoneNotifier(use_tray=False),
            tz=UTC,
            clock=lambda: closed_at + timedelta(days=3),
        )
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.refresh_button.isEnabled(), timeout=20_000)
        panel = page.change_of_mind
        assert panel.isVisible()
        assert "can reopen the account until Thursday, December 24, 2026" in panel.text.text()
    finally:
        http.close()
