"""After the firm's practice data is deleted, against the reference backend playing the real
service (`--style clio`): the account is closed on the service's side (the reference backend's
own closing stands in for the service's page), its clock moved past the deletion, and then the
Data export page, the export wizard, the Data availability page and the main window's banner say
what the server answered (not "Offline"), show the dates saved on this computer and the last
export, and offer no export that could only fail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.closing.store import ClosingStore
from app.errors import Gone
from app.last_export import ExportRecord, LastExportStore
from tests.support.backend import RunningBackend
from tests.support.closing_ui import FIRM, ClosingTestSession
from tests.support.service_closing import (
    CLOSED_ON,
    clio_session,
    close_on_the_services_side,
    start_after_deletion,
)
from ui.closing.countdown_page import AvailabilityPage
from ui.closing.tray import MilestoneNotifier
from ui.common.service_refusal import probe_data_api
from ui.export.page import ExportPage
from ui.export.wizard import ExportWizard
from ui.shell.server_answer import server_answer

pytestmark = pytest.mark.slow

TIMEOUT_MS = 20_000


@pytest.fixture
def deleted(tmp_path: Path) -> Iterator[RunningBackend]:
    data_dir = tmp_path / "service"
    close_on_the_services_side(data_dir)
    backend = start_after_deletion(data_dir)
    yield backend
    backend.stop()


@pytest.fixture
def session(deleted: RunningBackend, tmp_path: Path) -> Iterator[ClosingTestSession]:
    opened = clio_session(deleted)
    # What this computer saved: the day the person entered after closing with the service,
    # and the export taken before.
    ClosingStore(opened.server.origin).save_entered_closing(CLOSED_ON, True)
    folder = tmp_path / "Harbor & Finch LLP export"
    folder.mkdir()
    assert opened.identity is not None
    LastExportStore(opened.http.base_url, opened.identity.key).remember(
        ExportRecord(folder, datetime(2026, 8, 1, 10, tzinfo=UTC), True, ("matters",), False)
    )
    yield opened
    opened.close()


def says_what_the_server_answered(text: str) -> None:
    assert "The server answered" in text and "deleted" in text, text
    assert "Offline" not in text and "cannot reach" not in text, text
    # The dates saved on this computer, marked as entered by the person.
    assert "August 3, 2026" in text and "November 1, 2026" in text, text
    assert "entered by you, not confirmed by the service" in text, text


def test_after_deletion_every_page_says_what_the_server_answered(
    qtbot: QtBot, deleted: RunningBackend, session: ClosingTestSession
) -> None:
    # The main window's banner: the words for the server's own answer.
    with pytest.raises(Gone) as answer:
        probe_data_api(session.http)
    banner = server_answer(answer.value, session.server.origin)
    assert banner is not None
    says_what_the_server_answered(banner)

    # Data export: the server's answer, the last export still shown, no "Export now".
    page = ExportPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.refusal is not None, timeout=TIMEOUT_MS)
    assert page.deleted_notice.isVisible()
    says_what_the_server_answered(page.deleted_notice.text)
    assert not page.export_button.isEnabled()
    assert page.export_button.toolTip() == page.refusal
    assert page.when_label.isVisible() and page.when_label.text().startswith("8/1/26")
    assert page.start_export() is None

    # The export wizard (opened before the page knew): counting fails with the same words,
    # and nothing lets a run start.
    wizard = ExportWizard(session.http, firm_name=FIRM)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.refusal is not None, timeout=TIMEOUT_MS)
    says_what_the_server_answered(wizard.refusal or "")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert not wizard.validateCurrentPage()
    wizard.start_run()
    assert not wizard.running and wizard.child is None

    # Data availability: the server's words first, the dates, and no export offered.
    countdown = AvailabilityPage(
        session, open_export_wizard=lambda: None, notifier=MilestoneNotifier(use_tray=False), tz=UTC
    )
    qtbot.addWidget(countdown)
    countdown.show()
    qtbot.waitUntil(lambda: countdown.refusal is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: countdown.refresh_button.isEnabled(), timeout=TIMEOUT_MS)
    says_what_the_server_answered(countdown.status_label.text())
    assert not countdown.offline_notice.isVisible()
    assert not countdown.export_button.isVisible()
    assert countdown.content_card.figure.text() == "Deleted"
    assert "The server answered" in countdown.content_card.detail.text()
