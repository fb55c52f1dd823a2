"""Closing through the service's own page, against the reference backend playing the real
service (`--style clio`: no self-service API): the walkthrough's checklist, access and reason
steps from the data API, the last step opening the region's Account and Payment Info page and
asking "Did you close it?", and the countdown computed from the day entered, shown as entered
by the person and not confirmed by the service."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.closing.retention import retention_dates_for_day
from app.closing.store import ClosingSource, ClosingStore
from tests.support.backend import RunningBackend
from tests.support.closing_ui import (
    DANIEL,
    MARGARET,
    ClosingTestSession,
    closings,
    press,
    tab_to,
    type_text,
    verified_export,
)
from tests.support.service_closing import clio_session
from ui.closing.countdown_page import AvailabilityPage
from ui.closing.tray import MilestoneNotifier
from ui.closing.wizard import ClosingWizard, PageId
from ui.common.formats import format_day

pytestmark = pytest.mark.slow

TIMEOUT_MS = 20_000


@pytest.fixture
def clio(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--style", "clio")


@pytest.fixture
def session(clio: RunningBackend) -> Iterator[ClosingTestSession]:
    opened = clio_session(clio)
    yield opened
    opened.close()


def enabled_users(backend: RunningBackend, token: str) -> set[str]:
    """The server's own list of enabled users (what "who keeps access" must offer)."""
    answer = requests.get(
        backend.url + "/api/v4/users.json",
        params={"fields": "id,name,enabled", "limit": 200},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return {u["name"] for u in answer.json()["data"] if u.get("enabled") is not False}


def test_the_assisted_closing_opens_the_services_page_and_counts_down_from_the_day_entered(
    qtbot: QtBot,
    clio: RunningBackend,
    session: ClosingTestSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url).toString()) or True
    )
    wizard = ClosingWizard(
        session,
        fresh_sign_in=lambda: None,
        open_export_wizard=lambda: None,
        last_export=verified_export(session_now() - timedelta(days=4)),
        tz=UTC,
    )
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    qtbot.waitUntil(lambda: all(item.loaded for item in wizard.checklist.items), timeout=TIMEOUT_MS)
    assert wizard.assisted and wizard.selfservice is None
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    def go_next() -> None:
        tab_to(next_button)
        press(Qt.Key.Key_Space)

    go_next()
    assert wizard.currentId() == PageId.CHECKLIST
    for item in wizard.checklist.items:
        if not item.satisfied:
            tab_to(item.acknowledge)
            press(Qt.Key.Key_Space)
    go_next()

    # Who keeps access: the enabled users the data API lists, the account owner first.
    assert wizard.currentId() == PageId.ACCESS
    choice = wizard.access.choice
    offered = {choice.itemData(i) for i in range(choice.count())}
    names = {p.name for p in wizard.candidates() if p.id in offered}
    token = session.http.access_token
    assert token is not None
    assert names == enabled_users(clio, token)
    assert wizard.candidates()[0].id == MARGARET and wizard.candidates()[0].primary_subscriber
    tab_to(choice)
    while wizard.access.designated_user_id() != DANIEL:
        press(Qt.Key.Key_Down)
    go_next()

    # Why: the app's own list (the service has none to send to), kept on this computer.
    assert wizard.currentId() == PageId.REASON
    assert "kept on this computer" in wizard.reason.subTitle()
    tab_to(wizard.reason.rather_not_say)
    while (reason := wizard.reason.reason()) is None or reason.code.value != "switched_service":
        press(Qt.Key.Key_Down)
    tab_to(wizard.reason.comment)
    type_text("Moving to a new system.")
    go_next()

    # The last step: the service's Account and Payment Info page, its support line, the day.
    assert wizard.currentId() == PageId.ASSISTED
    page = wizard.assisted_page
    settings = clio.url + "/settings/account_and_payment"
    assert settings in page.steps.text()
    assert "Daniel Okafor keeps access" in page.steps.text()
    assert not next_button.isEnabled()  # not before the person says it is closed
    tab_to(page.settings_button)
    press(Qt.Key.Key_Space)
    assert opened == [settings]
    assert settings in page.settings_status.text()
    assert page.support.isVisible() and page.support.call_button.isEnabled()
    assert "+1-888-858-2546" in page.support.phone_label.text()
    tab_to(page.closed_check)
    press(Qt.Key.Key_Space)
    assert page.closed_check.isChecked() and next_button.isEnabled()
    today = wizard.now().astimezone(UTC).date()
    assert page.closed_on.maximumDate().toPython() == today  # never a future day
    tab_to(page.closed_on)
    for _ in range(3):
        press(Qt.Key.Key_Down)  # the day goes back one at a time
    entered_day = page.entered_day()
    assert entered_day == today - timedelta(days=3)
    go_next()

    # Done: entered, not confirmed; the dates computed from that day.
    assert wizard.currentId() == PageId.DONE
    expected = retention_dates_for_day(entered_day, page.escrow.isChecked())
    assert "You entered that the service closed" in wizard.done_page.what.text()
    assert "not confirmed" in wizard.done_page.what.text()
    assert format_day(expected.content_last_day) in wizard.done_page.dates.text()
    saved = ClosingStore(session.server.origin).known_closing()
    assert saved is not None and saved.source is ClosingSource.ENTERED
    assert saved.dates == expected
    # Who keeps access and the reason stay on this computer, in the closing's record.
    record_label = wizard.done_page.record
    qtbot.waitUntil(record_label.isVisible, timeout=TIMEOUT_MS)
    path = Path(record_label.text().split(" in ", 1)[1].rstrip("."))
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["confirmed_by_service"] is False
    assert record["closed_on"] == entered_day.isoformat()
    assert record["designated_user"] == "Daniel Okafor"
    assert record["reason"]["code"] == "switched_service"
    assert record["reason"]["comment"] == "Moving to a new system."
    assert record["retention_computed"]["content_last_day"] == expected.content_last_day.isoformat()
    press(Qt.Key.Key_Return)  # Show the countdown
    assert not wizard.isVisible()
    assert closings(clio) == 0  # the app sent no closing: the service's page did it

    countdown = AvailabilityPage(
        session, open_export_wizard=lambda: None, notifier=MilestoneNotifier(use_tray=False), tz=UTC
    )
    qtbot.addWidget(countdown)
    countdown.show()
    qtbot.waitUntil(lambda: countdown.refresh_button.isEnabled(), timeout=TIMEOUT_MS)
    status = countdown.status_label.text()
    assert "entered by you, not confirmed by the service" in status
    assert format_day(entered_day) in status
    assert format_day(expected.content_last_day) in countdown.content_card.detail.text()
    assert countdown.refusal is None  # the data is still served


def session_now() -> datetime:
    return datetime.now(UTC)
