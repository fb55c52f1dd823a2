"""The walkthrough's choice of when the account closes, against the real reference backend: the
end of the paid period is preselected, both choices state their money and dates, and the
scheduled closing leaves the account open until the period ends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import requests
from pytestqt.qtbot import QtBot

from app.account.models import ClosingWhen
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.closing_ui import (
    FIRM,
    MARGARET,
    ClosingTestSession,
    closings,
    session_for,
    shown_wizard,
    verified_export,
)
from ui.closing.wizard import ClosingWizard, PageId


@pytest.fixture
def sessions() -> Iterator[list[ClosingTestSession]]:
    opened: list[ClosingTestSession] = []
    yield opened
    for session in opened:
        session.close()


def _wizard(qtbot: QtBot, session: ClosingTestSession) -> ClosingWizard:
    wizard = shown_wizard(
        qtbot, session, last_export=verified_export(datetime(2026, 11, 24, tzinfo=UTC))
    )
    qtbot.waitUntil(
        lambda: (
            wizard.account is not None
            and all(i.loaded for i in wizard.checklist.items)
            and wizard.alternatives_settled()
        ),
        timeout=20_000,
    )
    return wizard


def _to_when_page(wizard: ClosingWizard) -> None:
    wizard.next()
    if wizard.currentId() == PageId.ALTERNATIVES:  # offered once; skipped here
        wizard.next()
    for item in wizard.checklist.items:
        if not item.satisfied:
            item.acknowledge.setChecked(True)
    wizard.next()
    wizard.next()
    wizard.next()
    assert wizard.currentId() == PageId.WHEN


def test_the_end_of_the_paid_period_is_preselected_and_both_choices_state_money_and_dates(
    qtbot: QtBot, backend_factory: Callable[..., RunningBackend], sessions: list[ClosingTestSession]
) -> None:
    # Monthly, billing day the 18th, today 24 November: the brief's billing example.
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    wizard = _wizard(qtbot, session)
    _to_when_page(wizard)
    page = wizard.when_page
    assert page.at_end.isChecked() and not page.now.isChecked()
    assert page.chosen() is ClosingWhen.END_OF_PERIOD
    assert "December 18, 2026" in page.at_end.text()

    at_end = page.at_end_text.text()
    assert "$534.00" in at_end and "nothing is refunded" in at_end
    charge = "the charge of $534.00 due on Friday, December 18, 2026 will not be made"
    assert charge in at_end
    assert "March 18, 2027" in at_end  # 90 days from the end of the period
    assert "unused" not in at_end

    now = page.now_text.text()
    assert "$534.00" in now and "not refunded" in now
    assert "23 days of it go unused, worth about $409.40" in now
    assert charge in now
    assert "February 22, 2027" in now  # 90 days from today

    wizard.next()
    summary = wizard.confirm.summary.text()
    assert "at the end of the paid period" in summary
    assert "March 18, 2027" in summary and "February 22, 2027" not in summary
    assert wizard.closing_request().when is ClosingWhen.END_OF_PERIOD

    wizard.back()
    page.now.setChecked(True)
    wizard.next()
    assert "February 22, 2027" in wizard.confirm.summary.text()
    assert wizard.closing_request().when is ClosingWhen.NOW


def test_confirming_the_default_schedules_the_closing_and_the_account_stays_open(
    qtbot: QtBot, backend_factory: Callable[..., RunningBackend], sessions: list[ClosingTestSession]
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")
    session = session_for(backend, MARGARET)
    sessions.append(session)
    wizard = _wizard(qtbot, session)
    _to_when_page(wizard)
    wizard.next()
    wizard.confirm.firm_name.setText(FIRM)
    wizard.confirm.understand.setChecked(True)
    scheduled: list[object] = []
    closed: list[object] = []
    wizard.scheduled.connect(scheduled.append)
    wizard.closed.connect(closed.append)
    wizard.close_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.DONE, timeout=20_000)

    done = wizard.done_page
    assert done.title() == "The closing is scheduled"
    assert "closes by itself" in done.dates.text()
    assert "December 18, 2026" in done.dates.text()
    assert len(scheduled) == 1 and closed == []
    assert closings(backend) == 0
    answer = requests.get(
        backend.url + "/self-service/v1/account",
        headers=ob.bearer(ob.token_for(backend.url, MARGARET)),
        timeout=10,
    ).json()
    assert answer["status"] == "active"
    assert answer["closing_scheduled_at"] == "2026-12-18T00:00:00Z"
