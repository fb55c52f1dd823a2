"""The Data export page against the real reference backend: before any export it says so;
"Export now…" opens the wizard and, once it is done, the page shows when, verified, what is
included and where; "Open folder" opens it; "Verify again" checks the files and tells exactly
what is missing after a file was lost; a folder that is gone is said to be gone."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWizard

from app.export.control import ExportState
from app.export.kinds import ALL_KINDS
from app.last_export import LastExportStore
from app.net.http import HttpSession
from app.signin.oauth import Identity
from tests.support.backend import RunningBackend
from ui.export.page import ExportPage
from ui.export.wizard import PageId

WAIT_MS = 60_000
FIRM = "Harbor & Finch LLP"


# The figures are written as a person in the United States reads them.
pytestmark = pytest.mark.usefixtures("us_english")


@dataclass
class Context:
    """What the page reads from the signed-in session (app.session.Session has these)."""

    http: HttpSession
    firm_name: str | None
    identity: Identity | None


@pytest.fixture
def context(demo_backend: RunningBackend) -> Iterator[Context]:
    http = HttpSession(demo_backend.url)
    http.set_token(demo_backend.issue_token())
    yield Context(http, FIRM, Identity("margaret@harborfinch.example", 1, "Margaret Harbor"))
    http.close()


def test_before_any_export_the_page_says_so(qtbot: Any, context: Context) -> None:
    page = ExportPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.header.title_label.text() == "Data export"
    assert page.empty_label.isVisible()
    assert "You have not made an export" in page.empty_label.text()
    assert not page.open_button.isVisible() and not page.verify_button.isVisible()
    assert page.export_button.isEnabled()


@pytest.mark.slow
def test_export_now_then_the_page_shows_the_export_and_verifies_it_again(
    qtbot: Any, context: Context, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page = ExportPage(context)
    qtbot.addWidget(page)
    page.show()

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    wizard = page.wizard
    assert wizard is not None and wizard.isVisible()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.include_page.isComplete, timeout=WAIT_MS)
    with qtbot.waitSignal(wizard.run_finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton
        )
    assert finished.args[0].state is ExportState.VERIFIED
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.VERIFICATION, timeout=WAIT_MS)
    folder = wizard.folder
    assert folder is not None
    wizard.next()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.wizard is None, timeout=WAIT_MS)

    # The page now tells what the last export is.
    assert not page.empty_label.isVisible()
    assert page.status_label.text().startswith("Yes")
    assert page.kinds_label.text() == (
        f"All {len(ALL_KINDS)} kinds of records, 120 document files, the trust ledger."
    )
    assert page.folder_label.text() == str(folder)
    assert page.when_label.text()
    # ...and so does what the closing walkthrough reads.
    last = LastExportStore(context.http.base_url, context.identity.key).last_export()  # type: ignore[union-attr]
    assert last is not None and last.verified and last.includes_trust_ledger

    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [folder]

    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Verified again" in page.verify_label.text(), timeout=WAIT_MS)
    assert not page.problems.isVisible()

    # A document lost from the folder: verifying again says exactly which, and the page (and
    # the closing checklist) no longer call the export verified.
    lost = next((folder / "documents").rglob("*.*"))
    lost.unlink()
    with qtbot.waitSignal(page.last_export_changed, timeout=WAIT_MS):
        qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.problems.isVisible()
    problems = [page.problems.item(i).text() for i in range(page.problems.count())]
    relative = lost.relative_to(folder).as_posix()
    assert f"{relative} is missing (the file is not there)" in problems
    assert page.status_label.text().startswith("No")
    last = LastExportStore(context.http.base_url, context.identity.key).last_export()  # type: ignore[union-attr]
    assert last is not None and not last.verified

    # The folder moved away: the page says so and offers nothing that would fail.
    shutil.move(folder, tmp_path / "moved")
    page.refresh()
    assert "not there any more" in page.folder_label.text()
    assert not page.open_button.isEnabled() and not page.verify_button.isEnabled()


def test_after_the_content_is_deleted_export_is_said_impossible_and_the_wizard_does_not_start(
    qtbot: Any, backend_factory: Callable[..., RunningBackend]
) -> None:
    from tests.support import oauth_browser as ob
    from tests.support.closing_ui import MARGARET, session_for

    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30Z")
    token = ob.token_for(backend.url, MARGARET)
    closed = requests.post(
        backend.url + "/self-service/v1/cancellation",
        json={"confirm_firm_name": FIRM},
        headers={**ob.bearer(token), "Idempotency-Key": "close"},
        timeout=10,
    )
    assert closed.status_code == 200, closed.text
    moved = requests.post(
        backend.url + "/self-service/v1/demo/clock",
        json={"advance_days": 91},
        headers=ob.bearer(token),
        timeout=10,
    )
    assert moved.status_code == 200, moved.text
    session = session_for(backend, MARGARET)
    try:
        page = ExportPage(session)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(page.deleted_notice.isVisible, timeout=WAIT_MS)
        text = page.deleted_notice.text
        assert "Export is no longer possible" in text
        assert "February 22, 2027" in text  # the last day of access
        assert not page.intro.isVisible()  # no more "you can still export for 90 days"
        assert not page.export_button.isEnabled()
        assert page.start_export() is None
        assert page.wizard is None
    finally:
        session.close()


def test_open_folder_says_so_when_nothing_opens_it(
    qtbot: Any, context: Context, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from app.last_export import ExportRecord

    folder = tmp_path / "Harbor & Finch LLP export"
    folder.mkdir()
    assert context.identity is not None
    LastExportStore(context.http.base_url, context.identity.key).remember(
        ExportRecord(folder, datetime(2026, 11, 24, tzinfo=UTC), True, ("matters",), False)
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    page = ExportPage(context)
    qtbot.addWidget(page)
    page.show()
    assert not page.open_status.isVisible()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.open_status.isVisible()
    assert "Nothing on this computer could open it" in page.open_status.text()
    assert str(folder) in page.open_status.text()


def test_the_wizards_open_buttons_say_so_when_nothing_opens(
    qtbot: Any, context: Context, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui.export.wizard import ExportWizard

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    wizard = ExportWizard(context.http, firm_name=FIRM, store=None)
    qtbot.addWidget(wizard)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html>", encoding="utf-8")
    wizard.folder = folder
    done = wizard.done_page
    wizard.open_index()
    assert "Nothing on this computer could open it" in done.open_status.text()
    assert str(folder / "index.html") in done.open_status.text()
    wizard.open_folder()
    assert done.open_status.text().endswith(str(folder))


def test_another_users_export_on_this_computer_is_recognised(
    qtbot: Any, context: Context, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from app.last_export import ExportRecord

    folder = tmp_path / "Harbor & Finch LLP export"
    folder.mkdir()
    assert context.identity is not None
    LastExportStore(context.http.base_url, context.identity.key).remember(
        ExportRecord(folder, datetime(2026, 11, 24, tzinfo=UTC), True, ("matters",), False)
    )
    daniel = Context(
        context.http, FIRM, Identity("daniel.okafor@harborfinch.example", 2, "Daniel Okafor")
    )
    page = ExportPage(daniel)
    qtbot.addWidget(page)
    page.show()
    # Daniel has made none himself, and is not told that none was made here.
    assert page.empty_label.text() == "You have not made an export on this computer yet."
    assert page.others_label.isVisible()
    other = page.others_label.text()
    assert context.identity.key in other and str(folder) in other and "verified" in other
