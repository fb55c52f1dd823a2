"""Errors reach the person: a crash dialog with a copyable, redacted report.

The core (`app.logs`) owns the hooks: an uncaught exception on any thread is logged, redacted
(bearer tokens, OAuth fields, every registered live token) and handed to a crash handler as an
`app.logs.CrashReport`. `install_crash_handler` registers the handler that brings that report to
the GUI thread through a queued signal (a worker never touches a widget) and shows it, with the
app, OS, Python and Qt versions and the log file, in a dialog whose text can be copied.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import PySide6
import shiboken6
from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__ as APP_VERSION  # noqa: N812 - a constant
from app import logs
from app.logs import CrashReport, redact

log = logging.getLogger(__name__)


def environment_lines(log_file: Path | None, thread_name: str | None = None) -> list[str]:
    """What a support person asks first: versions, platform, where the log is."""
    lines = [
        f"Account Desk {APP_VERSION}",
        f"OS: {platform.platform()}",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        f"Qt: {qVersion()}, PySide6: {PySide6.__version__}",
        f"Log file: {log_file if log_file is not None else 'not available'}",
    ]
    if thread_name:
        lines.append(f"Thread: {thread_name}")
    return lines


def format_report(report: CrashReport) -> str:
    """The full copyable text of one report (redacted once more: it is cheap, and the
    environment lines are added here)."""
    header = "\n".join(environment_lines(report.log_file, report.thread_name))
    return redact(header + "\n\n" + report.details)


def build_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    log_file: Path | None = None,
    thread_name: str | None = None,
) -> CrashReport:
    """A redacted report without logging or showing it (for a dialog built directly)."""
    details = redact("".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    summary = redact(f"{exc_type.__name__}: {exc}".strip().rstrip(":"))
    return CrashReport(summary, details, thread_name, log_file)


class CrashDialog(QDialog):
    """Says something went wrong, shows the report, lets the person copy it or open the log."""

    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Account Desk ran into a problem"))
        self.setObjectName("crashDialog")
        self._reports: list[CrashReport] = []

        heading = QLabel(self.tr("Account Desk ran into a problem it did not expect."))
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading_font = heading.font()
        heading_font.setBold(True)
        heading.setFont(heading_font)
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._summary.setTextFormat(Qt.TextFormat.PlainText)
        self._summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(
            self.tr(
                "If this keeps happening, copy the report below and send it to whoever supports"
                " Account Desk for you. It contains no passwords or sign-in tokens."
            )
        )
        hint.setWordWrap(True)

        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report_view.setAccessibleName(self.tr("Problem report"))
        self.report_view.setMinimumSize(560, 220)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("&Copy report"))
        self.copy_button.setAccessibleName(self.tr("Copy report to the clipboard"))
        self.copy_button.clicked.connect(self.copy_report)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_log_button = QPushButton(self.tr("Open &log folder"))
        self.open_log_button.clicked.connect(self._open_log_folder)
        buttons.addButton(self.open_log_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # Enter closes: the other buttons take the default only while they have the focus.
        for button in (self.copy_button, self.open_log_button):
            button.setAutoDefault(False)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self._summary)
        layout.addWidget(hint)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(buttons)
        self.add_report(report)

    def add_report(self, report: CrashReport) -> None:
        """Another problem while this dialog is open: append rather than stack dialogs."""
        self._reports.append(report)
        self._summary.setText(report.summary)
        separator = "\n\n" + "-" * 60 + "\n\n"
        self.report_view.setPlainText(separator.join(format_report(r) for r in self._reports))
        self.open_log_button.setEnabled(report.log_file is not None)

    @property
    def report_text(self) -> str:
        return self.report_view.toPlainText()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text)
        self.copy_button.setText(self.tr("Copied"))

    def _open_log_folder(self) -> None:
        log_file = self._reports[-1].log_file
        if log_file is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent)))


class _CrashRelay(QObject):
    """GUI-thread object: exceptions from any thread arrive here through a queued signal."""

    raised = Signal(object)

    def __init__(self, show: Callable[[CrashReport], None]) -> None:
        super().__init__()
        self._show = show
        self.raised.connect(self._on_raised, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_raised(self, report: CrashReport) -> None:
        self._show(report)


class CrashHandler:
    """The UI side of `app.logs`' crash hooks. `uninstall()` puts the previous hooks back."""

    def __init__(self, parent: Callable[[], QWidget | None]) -> None:
        self._parent = parent
        self._relay = _CrashRelay(lambda report: self._show(report))
        self.dialog: CrashDialog | None = None
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        self._installed = False

    def install(self) -> CrashHandler:
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        logs.install_excepthooks(self.from_any_thread)
        self._installed = True
        return self

    def uninstall(self) -> None:
        if not self._installed:
            return
        logs.set_crash_handler(None)
        sys.excepthook, threading.excepthook = self._previous_hooks
        self._installed = False
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None
        if shiboken6.isValid(self._relay):
            self._relay.deleteLater()

    def from_any_thread(self, report: CrashReport) -> None:
        """The crash handler `app.logs` calls, on whichever thread raised: only a signal."""
        if shiboken6.isValid(self._relay):
            self._relay.raised.emit(report)

    def _show(self, report: CrashReport) -> None:
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.add_report(report)
            return
        parent = self._parent()
        if parent is not None and not shiboken6.isValid(parent):
            parent = None
        self.dialog = CrashDialog(report, parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Not exec(): a nested event loop inside an error path is how crashes become hangs.
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()


def install_crash_handler(parent: Callable[[], QWidget | None] | None = None) -> CrashHandler:
    """Route uncaught exceptions (any thread) through app.logs to the crash dialog. Call on the
    GUI thread once the QApplication exists (after `app.logs.setup_logging()`, so the report
    names the log file). `parent` gives the window to centre the dialog on."""
    if QApplication.instance() is None:
        raise RuntimeError("install_crash_handler needs a QApplication")
    return CrashHandler(parent or QApplication.activeWindow).install()
