"""The crash dialog: any unhandled error, on any thread, opens a dialog with a copyable report
that says what a support person needs and never holds a token."""

from __future__ import annotations

import platform
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread, QTimer, qVersion
from PySide6.QtWidgets import QApplication

from app import __version__, logs
from ui.common.background import run_in_background
from ui.shell.crash import (
    CrashDialog,
    CrashHandler,
    build_report,
    format_report,
    install_crash_handler,
)

TOKEN = "pl4nted-Access-T0ken-7f3a9c2e41b8d6"
REFRESH = "r3fresh-S3cret-0b1c2d3e4f"
# A live token the app registered with the log module: hidden even where nothing labels it.
UNLABELLED = "unl4belled-L1ve-T0ken-99e1"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logs.setup_logging(log_dir=tmp_path / "logs")
    yield path
    logs.shutdown_logging()


@pytest.fixture
def handler(qapp: QApplication, log_file: Path) -> Iterator[CrashHandler]:
    logs.register_secret(UNLABELLED)
    installed = install_crash_handler()
    yield installed
    installed.uninstall()


def _raise_with_secrets() -> None:
    raise RuntimeError(
        f"request failed: Authorization: Bearer {TOKEN} body=refresh_token={REFRESH}&x=1"
        f" while holding {UNLABELLED}"
    )


def _wait_for_dialog(qtbot: Any, handler: CrashHandler) -> CrashDialog:
    """The handler owns its dialog and closes it on uninstall (the fixture's teardown)."""
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog is not None
    return handler.dialog


def test_report_names_versions_log_and_traceback_without_secrets(tmp_path: Path) -> None:
    try:
        _raise_with_secrets()
    except RuntimeError as error:
        report = build_report(
            type(error), error, error.__traceback__, log_file=tmp_path / "app.log"
        )
    text = format_report(report)
    assert f"Account Desk {__version__}" in text
    assert platform.python_version() in text
    assert qVersion() in text
    assert f"Log file: {tmp_path / 'app.log'}" in text
    assert "_raise_with_secrets" in text and "RuntimeError" in text
    # Recognised by their labels even when the exact values are not known.
    assert TOKEN not in text and REFRESH not in text
    assert "[redacted]" in report.summary


def test_report_holds_no_firm_application_secret(tmp_path: Path) -> None:
    from app.logs import register_secret

    secret = "firm-app-secret-" + "Zk4" * 8
    register_secret(secret)  # as the sign-in does once the secret is read or typed
    try:
        raise RuntimeError(f"token endpoint refused client firm-desk with {secret}")
    except RuntimeError as error:
        report = build_report(
            type(error), error, error.__traceback__, log_file=tmp_path / "app.log"
        )
    assert secret not in format_report(report)


def test_error_in_a_slot_opens_the_dialog(
    qtbot: Any, handler: CrashHandler, log_file: Path
) -> None:
    QTimer.singleShot(0, _raise_with_secrets)
    dialog = _wait_for_dialog(qtbot, handler)
    assert dialog.windowTitle() == "Account Desk ran into a problem"
    assert "RuntimeError" in dialog.report_text
    for secret in (TOKEN, REFRESH, UNLABELLED):
        assert secret not in dialog.report_text
    assert f"Log file: {log_file}" in dialog.report_text
    assert dialog.open_log_button.isEnabled()


def test_error_in_a_worker_thread_opens_the_dialog_on_the_gui_thread(
    qtbot: Any, handler: CrashHandler
) -> None:
    shown_on: list[bool] = []
    original_show = handler._show

    def recording_show(report: Any) -> None:
        shown_on.append(QThread.currentThread() is QApplication.instance().thread())
        original_show(report)

    handler._show = recording_show  # type: ignore[method-assign]
    worker = threading.Thread(target=_raise_with_secrets, name="export-worker")
    worker.start()
    worker.join(5)
    dialog = _wait_for_dialog(qtbot, handler)
    assert shown_on == [True]
    assert "Thread: export-worker" in dialog.report_text
    assert TOKEN not in dialog.report_text


def test_unhandled_job_failure_reaches_the_dialog(qtbot: Any, handler: CrashHandler) -> None:
    def failing(token: Any, report: Any) -> None:
        _raise_with_secrets()

    job = run_in_background(None, failing)
    qtbot.waitUntil(lambda: job.finished)
    dialog = _wait_for_dialog(qtbot, handler)
    assert "_raise_with_secrets" in dialog.report_text
    assert TOKEN not in dialog.report_text


def test_a_second_error_is_added_to_the_open_dialog(qtbot: Any, handler: CrashHandler) -> None:
    QTimer.singleShot(0, _raise_with_secrets)
    dialog = _wait_for_dialog(qtbot, handler)

    def second() -> None:
        raise KeyError("second problem")

    QTimer.singleShot(0, second)
    qtbot.waitUntil(lambda: "second problem" in dialog.report_text)
    assert handler.dialog is dialog
    assert "RuntimeError" in dialog.report_text
    visible = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]
    assert [w for w in visible if w.isVisible()] == [dialog]


def test_copy_puts_the_redacted_report_on_the_clipboard(qtbot: Any, handler: CrashHandler) -> None:
    QTimer.singleShot(0, _raise_with_secrets)
    dialog = _wait_for_dialog(qtbot, handler)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied == dialog.report_text
    assert TOKEN not in copied


def test_without_a_log_file_the_report_says_so(qtbot: Any, qapp: QApplication) -> None:
    installed = install_crash_handler()
    try:
        QTimer.singleShot(0, _raise_with_secrets)
        dialog = _wait_for_dialog(qtbot, installed)
        assert "Log file: not available" in dialog.report_text
        assert not dialog.open_log_button.isEnabled()
    finally:
        installed.uninstall()


def test_the_crash_is_also_in_the_log_file_without_secrets(
    qtbot: Any, handler: CrashHandler, log_file: Path
) -> None:
    QTimer.singleShot(0, _raise_with_secrets)
    _wait_for_dialog(qtbot, handler)
    logged = log_file.read_text(encoding="utf-8")
    assert "_raise_with_secrets" in logged
    for secret in (TOKEN, REFRESH, UNLABELLED):
        assert secret not in logged


def test_uninstall_restores_the_previous_hooks(qapp: QApplication) -> None:
    before = (sys.excepthook, threading.excepthook)
    installed = install_crash_handler()
    assert sys.excepthook is not before[0]
    installed.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_dialog_lays_out_its_report_readably(qtbot: Any) -> None:
    try:
        _raise_with_secrets()
    except RuntimeError as error:
        report = build_report(type(error), error, error.__traceback__)
    dialog = CrashDialog(report)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.report_view.isReadOnly()
    assert dialog.report_view.accessibleName() == "Problem report"
    assert dialog.report_view.width() >= 500
