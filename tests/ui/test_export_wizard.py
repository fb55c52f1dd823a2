"""The export wizard against the real reference backend (demo firm), as a person uses it:
driven from the destination to Done, the folder verifies on its own and the app remembers the
export; stopped mid-way the folder resumes in a second run; a folder holding other files or an
earlier export is not silently mixed; the whole wizard works with the keyboard alone; and it
exports with the read-only sign-in of the 90 days after closing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QProgressBar,
    QWidget,
    QWizard,
)

from app.account.selfservice import SelfServiceClient, new_idempotency_key
from app.export.control import ExportState, Progress
from app.export.folder_check import FolderStatus
from app.export.journal import Journal, journal_exists
from app.export.kinds import ALL_KINDS
from app.export.verify import verify
from app.last_export import LastExportStore
from app.net.http import HttpSession
from app.net.servers import local_server
from tests.support.backend import RunningBackend
from ui.common.kind_names import kind_name
from ui.export.step_parts import DOCUMENT_FILES
from ui.export.verification_step import describe_problem
from ui.export.wizard import ExportWizard, PageId
from ui.shell import qt_app

WAIT_MS = 60_000
FIRM = "Harbor & Finch LLP"
BENCH = Path(__file__).resolve().parents[1] / "bench" / "gui_stall.py"


# The figures are written as a person in the United States reads them.
pytestmark = pytest.mark.usefixtures("us_english")


@pytest.fixture
def http(demo_backend: RunningBackend) -> Iterator[HttpSession]:
    session = HttpSession(demo_backend.url)
    session.set_token(demo_backend.issue_token())
    yield session
    session.close()


@pytest.fixture
def store(demo_backend: RunningBackend) -> LastExportStore:
    return LastExportStore(demo_backend.url, "margaret@harborfinch.example")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """What the app asked the desktop to open (no browser or file manager in tests)."""
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def make_wizard(qtbot: Any, http: HttpSession, store: LastExportStore | None, **kw: Any) -> Any:
    wizard = ExportWizard(http, firm_name=FIRM, store=store, **kw)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def click(qtbot: Any, wizard: ExportWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def start_export(qtbot: Any, wizard: ExportWizard) -> None:
    """From the destination page to a running export."""
    assert wizard.currentId() == PageId.DESTINATION
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PageId.INCLUDE
    qtbot.waitUntil(
        lambda: wizard.include_page.isComplete() or wizard.plan_error is not None, timeout=WAIT_MS
    )
    assert wizard.plan_error is None
    assert wizard.button(QWizard.WizardButton.CommitButton).text().replace("&", "") == (
        "Start export"
    )
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    assert wizard.currentId() == PageId.PROGRESS


def include_rows(wizard: ExportWizard) -> dict[str, str]:
    tree = wizard.include_page.tree
    return {
        tree.topLevelItem(i).data(0, wizard.include_page.KEY_ROLE): tree.topLevelItem(i).text(1)
        for i in range(tree.topLevelItemCount())
    }


def table(wizard: ExportWizard) -> dict[str, tuple[str, str]]:
    grid = wizard.progress_page.table
    return {
        grid.item(row, 0).text(): (grid.item(row, 1).text(), grid.item(row, 2).text())
        for row in range(grid.rowCount())
    }


@pytest.mark.slow
def test_driven_from_start_to_done_the_folder_verifies_and_is_remembered(
    qtbot: Any, http: HttpSession, store: LastExportStore, opened: list[QUrl]
) -> None:
    wizard = make_wizard(qtbot, http, store)
    shown: list[Progress] = []
    wizard.progress_changed.connect(shown.append)

    # Destination: <Documents>/<firm> export <date>, with the drive's free space.
    folder_text = wizard.destination_page.folder_edit.text()
    assert folder_text.endswith(f"{FIRM} export {date.today().isoformat()}")
    assert Path(folder_text).parent.name == "Documents"
    assert "Free space on this drive" in wizard.destination_page.space_label.text()

    start_export(qtbot, wizard)
    # (the include page showed every kind ticked, with the server's counts)
    with qtbot.waitSignal(wizard.run_finished, timeout=WAIT_MS) as finished:
        pass
    result = finished.args[0]
    assert result.state is ExportState.VERIFIED, result.problems
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.VERIFICATION, timeout=WAIT_MS)

    # Progress was shown per kind, with the overall bar full at the end.
    assert any(p.state is ExportState.RUNNING for p in shown)
    rows = table(wizard)
    assert rows["Matters"] == ("Done", "40 of 40")
    assert rows["Trust line items"][0] == "Done"
    assert rows["Document files"] == ("Done", "120 of 120")
    assert wizard.progress_page.bar.value() == wizard.progress_page.bar.maximum()

    page = wizard.verification_page
    assert page.result_label.text() == "✓ The export is complete and verified."
    assert not page.missing.isVisible()
    assert "120 document files" in page.summary_label.text()
    assert "The trust ledger is included." in page.summary_label.text()

    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PageId.DONE
    folder = Path(folder_text)
    qtbot.mouseClick(wizard.done_page.open_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.done_page.open_index_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [folder, folder / "index.html"]
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()

    # The folder stands on its own: verified with no network.
    assert verify(folder).verified
    last = store.last_export()
    assert last is not None and last.verified
    assert set(last.kinds) == {kind.key for kind in ALL_KINDS}
    assert last.includes_trust_ledger and last.covers_trust_records
    record = store.record()
    assert record is not None and record.folder == folder and record.documents == 120


def test_the_include_page_counts_each_kind_and_warns_about_trust_records(
    qtbot: Any, http: HttpSession, store: LastExportStore, tmp_path: Path
) -> None:
    wizard = make_wizard(qtbot, http, store, folder=tmp_path / "export")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(wizard.include_page.isComplete, timeout=WAIT_MS)
    rows = include_rows(wizard)
    assert rows["matters"] == "40 records"
    assert rows["documents"] == "120 records"
    assert rows[DOCUMENT_FILES].startswith("120 files, ")
    page = wizard.include_page
    assert page.ticked() == set(rows)  # all ticked
    assert not page.warning.isVisible()

    page.set_ticked("trust_line_items", False)
    assert page.warning.isVisible()
    assert "Trust records" in page.warning.text
    page.set_ticked("trust_line_items", True)
    assert not page.warning.isVisible()
    # the bank's record of the trust account is a trust record too
    page.set_ticked("bank_transactions", False)
    assert page.warning.isVisible() and "bank accounts" in page.warning.text
    page.set_ticked("bank_transactions", True)
    assert not page.warning.isVisible()

    # Without the document records there can be no document files.
    page.set_ticked("documents", False)
    assert DOCUMENT_FILES not in page.ticked()
    for key in rows:
        page.set_ticked(key, False)
    assert not page.isComplete()  # nothing chosen
    wizard.close()


def test_in_french_the_include_page_names_every_kind_in_french(
    qtbot: Any, qapp: Any, http: HttpSession, store: LastExportStore, tmp_path: Path
) -> None:
    locale = QLocale("fr_CA")
    QLocale.setDefault(locale)
    installed = qt_app.install_translators(qapp, locale)
    try:
        wizard = make_wizard(qtbot, http, store, folder=tmp_path / "export")
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
        qtbot.waitUntil(wizard.include_page.isComplete, timeout=WAIT_MS)
        tree = wizard.include_page.tree
        names = {
            tree.topLevelItem(i).data(0, wizard.include_page.KEY_ROLE): tree.topLevelItem(i).text(0)
            for i in range(tree.topLevelItemCount())
        }
        assert names["activities"] == "Entrées de temps et de dépenses"
        assert names["bank_transactions"] == "Opérations bancaires"
        assert names["line_items"] == "Lignes de facture"
        assert names["matter_stages"] == "Étapes des dossiers"
        for kind in ALL_KINDS:  # a name of its own for every kind, never the file stem
            assert names[kind.key] == kind_name(kind.key) and "_" not in names[kind.key]
        wizard.close()
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)


@pytest.mark.slow
def test_stopped_mid_way_the_folder_resumes_in_a_second_run(
    qtbot: Any, backend_factory: Any, tmp_path: Path
) -> None:
    # The demo firm's 2,677 records take a fraction of a second on a quiet machine, so a
    # person could not stop the export mid-way: the service here allows 6 requests a second,
    # which the export keeps to, so the records take seconds and "Pause" lands mid-way.
    backend = backend_factory("--seed", "demo", "--rate-limit", "6/1")
    http = HttpSession(backend.url)
    http.set_token(backend.issue_token())
    store = LastExportStore(backend.url, "margaret@harborfinch.example")
    try:
        _stop_and_resume(qtbot, http, store, tmp_path / "Harbor export")
    finally:
        http.close()


def _stop_and_resume(qtbot: Any, http: HttpSession, store: LastExportStore, folder: Path) -> None:
    first = make_wizard(qtbot, http, store, folder=folder)
    shown: list[Progress] = []
    first.progress_changed.connect(shown.append)
    start_export(qtbot, first)
    qtbot.waitUntil(lambda: any(p.records_done > 0 for p in shown), timeout=WAIT_MS)
    if shown[-1].state is ExportState.RUNNING:
        assert first.progress_page.state_label.text() == "Exporting…"
    qtbot.mouseClick(first.progress_page.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown[-1].state is ExportState.PAUSED, timeout=WAIT_MS)
    assert first.progress_page.state_label.text() == "Paused"
    assert first.progress_page.pause_button.text().replace("&", "") == "Resume"
    with qtbot.waitSignal(first.run_finished, timeout=WAIT_MS) as stopped:
        qtbot.mouseClick(first.progress_page.cancel_button, Qt.MouseButton.LeftButton)
    assert stopped.args[0].state is ExportState.CANCELLED
    assert first.currentId() == PageId.PROGRESS
    assert first.progress_page.again_button.isVisible()  # "Continue export"
    assert "continues where it stopped" in first.progress_page.message.text
    assert not first.button(QWizard.WizardButton.CommitButton).isEnabled()
    records_at_stop = shown[-1].records_done
    assert 0 < records_at_stop < shown[-1].records_total
    first.close()
    assert not first.isVisible()

    # What a person finds: a resumable folder, not an export yet.
    assert journal_exists(folder)
    assert not verify(folder, update_report=False).verified
    assert store.last_export() is None
    with Journal(folder) as journal:
        started_at = journal.get_meta("started_at")

    second = make_wizard(qtbot, http, store, folder=folder)
    page = second.destination_page
    assert page.check.status is FolderStatus.OURS
    assert "stopped before it finished" in page.info_notice.text
    assert page.resume_button.isVisible() and page.new_folder_button.isVisible()
    assert not second.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert page.resume and not page.resume_button.isVisible()
    shown.clear()
    second.progress_changed.connect(shown.append)
    start_export(qtbot, second)
    with qtbot.waitSignal(second.run_finished, timeout=WAIT_MS) as finished:
        pass
    assert finished.args[0].state is ExportState.VERIFIED, finished.args[0].problems
    # It went on from the records kept, in the same export (not a new one from nothing).
    assert shown[0].records_done >= min(records_at_stop, 1)
    with Journal(folder) as journal:
        assert journal.get_meta("started_at") == started_at
    assert verify(folder).verified
    last = store.last_export()
    assert last is not None and last.verified
    second.close()


def test_a_folder_with_other_files_is_not_mixed_with_the_export(
    qtbot: Any, http: HttpSession, tmp_path: Path
) -> None:
    busy = tmp_path / "My files"
    busy.mkdir()
    (busy / "letter.docx").write_bytes(b"not ours")
    wizard = make_wizard(qtbot, http, None, folder=busy)
    page = wizard.destination_page
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert page.check.status is FolderStatus.OTHER_FILES
    assert page.warning_notice.isVisible()
    assert "already holds other files" in page.warning_notice.text
    assert not page.resume_button.isVisible()
    assert not next_button.isEnabled()

    qtbot.mouseClick(page.new_folder_button, Qt.MouseButton.LeftButton)
    new = Path(page.folder_edit.text())
    assert new.parent == busy and new.name.startswith(f"{FIRM} export ")
    assert page.check.status is FolderStatus.NEW and next_button.isEnabled()

    # A file where the folder should be, and a relative path, are refused too.
    page.folder_edit.setText(str(busy / "letter.docx"))
    assert page.check.status is FolderStatus.NOT_A_FOLDER and not next_button.isEnabled()
    page.folder_edit.setText("relative/folder")
    assert page.check.status is FolderStatus.INVALID and not next_button.isEnabled()
    # An empty folder is fine.
    empty = tmp_path / "empty"
    empty.mkdir()
    page.folder_edit.setText(str(empty))
    assert page.check.status is FolderStatus.EMPTY and next_button.isEnabled()
    wizard.close()


def test_an_earlier_export_can_go_to_a_new_folder_instead(
    qtbot: Any, http: HttpSession, tmp_path: Path
) -> None:
    earlier = tmp_path / "Export"
    Journal(earlier).close()  # what a stopped export leaves
    wizard = make_wizard(qtbot, http, None, folder=earlier)
    page = wizard.destination_page
    assert page.check.status is FolderStatus.OURS
    qtbot.mouseClick(page.new_folder_button, Qt.MouseButton.LeftButton)
    assert Path(page.folder_edit.text()) == tmp_path / "Export (2)"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.close()


def press(qtbot: Any, wizard: ExportWizard, key: Qt.Key) -> None:
    """A key press where the keyboard focus is (the wizard when nothing inside has it)."""
    target = QApplication.focusWidget()
    if target is None or not (target is wizard or wizard.isAncestorOf(target)):
        target = wizard
    qtbot.keyClick(target, key)


@pytest.mark.slow
def test_the_whole_wizard_works_with_the_keyboard_alone(
    qtbot: Any, http: HttpSession, store: LastExportStore, tmp_path: Path
) -> None:
    folder = tmp_path / "keyboard export"
    wizard = make_wizard(qtbot, http, store, folder=folder)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: wizard.destination_page.folder_edit.hasFocus(), timeout=WAIT_MS)
    # Type the folder instead of taking the suggestion.
    wizard.destination_page.folder_edit.clear()
    qtbot.keyClicks(wizard.destination_page.folder_edit, str(folder))
    press(qtbot, wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.INCLUDE
    qtbot.waitUntil(wizard.include_page.isComplete, timeout=WAIT_MS)
    page = wizard.include_page
    assert page.tree.hasFocus()
    # Move to "Trust line items" and untick it with Space: the trust warning appears.
    while page.tree.currentItem().data(0, page.KEY_ROLE) != "trust_line_items":
        press(qtbot, wizard, Qt.Key.Key_Down)
    press(qtbot, wizard, Qt.Key.Key_Space)
    assert "trust_line_items" not in page.ticked() and page.warning.isVisible()
    press(qtbot, wizard, Qt.Key.Key_Space)
    assert "trust_line_items" in page.ticked()
    press(qtbot, wizard, Qt.Key.Key_Return)  # Start export
    assert wizard.currentId() == PageId.PROGRESS
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.VERIFICATION, timeout=WAIT_MS)
    assert wizard.export_result is not None and wizard.export_result.verified
    press(qtbot, wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.DONE
    press(qtbot, wizard, Qt.Key.Key_Return)  # Finish
    assert not wizard.isVisible()
    assert verify(folder).verified


def test_every_control_has_a_name_for_screen_readers(
    qtbot: Any, http: HttpSession, tmp_path: Path
) -> None:
    wizard = make_wizard(qtbot, http, None, folder=tmp_path / "x")
    for page in (
        wizard.destination_page,
        wizard.include_page,
        wizard.progress_page,
        wizard.verification_page,
        wizard.done_page,
    ):
        for kind in (QAbstractButton, QLineEdit, QProgressBar, QAbstractItemView):
            for widget in page.findChildren(kind):
                if _part_of_another_control(widget, page):
                    continue  # e.g. a line edit's clear button, a table's corner button
                assert widget.accessibleName(), (type(page).__name__, widget.objectName())
    wizard.close()


def _part_of_another_control(widget: QWidget, page: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, QLineEdit | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.slow
def test_closing_the_window_during_an_export_asks_then_stops_safely(
    qtbot: Any,
    http: HttpSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "closed mid-way"
    wizard = make_wizard(qtbot, http, None, folder=folder)
    shown: list[Progress] = []
    wizard.progress_changed.connect(shown.append)
    start_export(qtbot, wizard)
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT_MS)
    wizard.pause()  # so the export cannot finish while the question is asked
    asked: list[bool] = []
    monkeypatch.setattr(wizard, "confirm_stop", lambda: asked.append(False) or False)
    wizard.close()
    assert asked and wizard.isVisible() and wizard.running  # "keep exporting"
    monkeypatch.setattr(wizard, "confirm_stop", lambda: asked.append(True) or True)
    with qtbot.waitSignal(wizard.run_finished, timeout=WAIT_MS) as stopped:
        wizard.close()
    assert stopped.args[0].state is ExportState.CANCELLED
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert journal_exists(folder)  # resumable


@pytest.mark.slow
def test_a_sign_in_that_ends_during_the_export_is_renewed_when_the_export_continues(
    qtbot: Any, demo_backend: RunningBackend, tmp_path: Path
) -> None:
    http = HttpSession(demo_backend.url)
    renewed: list[str] = []

    def refresh() -> str:  # what the sign-in does with its refresh token
        renewed.append(demo_backend.issue_token())
        return renewed[-1]

    try:
        http.set_token(demo_backend.issue_token())
        http.set_refresher(refresh)
        wizard = make_wizard(qtbot, http, None, folder=tmp_path / "renewed")
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
        qtbot.waitUntil(wizard.include_page.isComplete, timeout=WAIT_MS)
        http.set_token("expired-access-token")  # the sign-in ends as the export starts
        click(qtbot, wizard, QWizard.WizardButton.CommitButton)
        page = wizard.progress_page
        qtbot.waitUntil(lambda: not wizard.running, timeout=WAIT_MS)
        assert page.state_label.text() == "The export stopped"
        assert "Your sign-in has ended" in page.message.text
        assert page.again_button.isVisible() and not renewed
        with qtbot.waitSignal(wizard.run_finished, timeout=WAIT_MS) as finished:
            qtbot.mouseClick(page.again_button, Qt.MouseButton.LeftButton)
        assert finished.args[0].state is ExportState.VERIFIED, finished.args[0].problems
        assert len(renewed) == 1  # renewed once, in the app, for the new export process
        wizard.close()
    finally:
        http.close()


@pytest.mark.slow
def test_exports_with_the_read_only_sign_in_after_closing(
    qtbot: Any, backend_factory: Any, tmp_path: Path
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls")
    http = HttpSession(backend.url)
    try:
        http.set_token(backend.issue_token())
        client = SelfServiceClient(http, local_server(backend.url).self_service_base)
        client.cancel(new_idempotency_key(), FIRM)
        assert client.account().status.value == "closed"
        client.advance_demo_clock(89)  # still inside the 90 days
        http.set_token(backend.issue_token())  # a new (read-only) sign-in, days later
        wizard = make_wizard(qtbot, http, None, folder=tmp_path / "after closing")
        start_export(qtbot, wizard)
        with qtbot.waitSignal(wizard.run_finished, timeout=WAIT_MS) as finished:
            pass
        assert finished.args[0].state is ExportState.VERIFIED, finished.args[0].problems
        wizard.close()
    finally:
        http.close()


def test_verification_problems_are_told_in_plain_words() -> None:
    assert describe_problem("failed: documents/57: HTTP 404 NotFound: gone") == (
        "Document 57 could not be exported (HTTP 404 NotFound: gone)"
    )
    assert describe_problem("missing: records/matters.csv: the file is not there") == (
        "records/matters.csv is missing (the file is not there)"
    )
    assert describe_problem("something else") == "something else"


@pytest.mark.slow
def test_the_gui_stall_benchmark_runs_at_a_tiny_size() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--records", "2000", "--documents", "20"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    figures = json.loads(lines[-1])
    assert set(figures) >= {"longest_gap_ms", "ticks", "export_seconds"}
    assert figures["ticks"] > 0 and figures["export_seconds"] > 0
    # The timer kept ticking through the export (ticks are 10 ms apart at best).
    assert figures["ticks"] >= figures["export_seconds"] * 1000 / 10 * 0.2
