"""Errors reach the person: a crash dialog with a copyable, redacted report.

`install_crash_handler` hooks `sys.excepthook` and `threading.excepthook`; an exception on any
thread is logged and then shown on the GUI thread (through a queued signal, so a worker never
touches a widget). The report names the app, OS, Python and Qt versions and the log file, and is
passed through `redact` so that no token, code or password ends up on the clipboard.
"""

from __future__ import annotations

import logging
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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

log = logging.getLogger(__name__)

REDACTED = "[redacted]"

# Secret-looking values in free text: bearer credentials, OAuth fields in forms, JSON or query
# strings, and anything labelled password/secret/token/key. app/logs may grow a richer redactor;
# `install_crash_handler(redact=...)` takes it.
_SECRET_PATTERNS = [
    re.compile(r"\b((?i:bearer)|Basic)\s+[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"(?i)(authorization\s*[:=]\s*)[^\r\n,;]+"),
    re.compile(
        r"""(?ix)
        (["']?\b(?:access_token|refresh_token|id_token|token|code|code_verifier|client_secret|
        password|passwd|secret|api_key|apikey|session|signature|sig)\b["']?\s*[:=]\s*["']?)
        ([^\s"'&,;}\]]+)
        """
    ),
]


def redact(text: str, known_secrets: Iterable[str] = ()) -> str:
    """Hide secrets in `text`: every exact value in `known_secrets` (live tokens) and anything
    that looks like a credential by its label."""
    for secret in sorted({s for s in known_secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    text = _SECRET_PATTERNS[0].sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _SECRET_PATTERNS[1].sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    text = _SECRET_PATTERNS[2].sub(lambda m: f"{m.group(1)}{REDACTED}", text)
    return text


@dataclass(frozen=True)
class CrashReport:
    """The facts a support person needs, already redacted."""

    summary: str
    details: str
    log_file: Path | None

    @property
    def text(self) -> str:
        return self.details


def _environment_lines(log_file: Path | None) -> list[str]:
    return [
        f"Account Desk {APP_VERSION}",
        f"OS: {platform.platform()}",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        f"Qt: {qVersion()}, PySide6: {PySide6.__version__}",
        f"Log file: {log_file if log_file is not None else 'not available'}",
    ]


def build_report(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    *,
    log_file: Path | None = None,
    thread_name: str | None = None,
    redact_text: Callable[[str], str] = redact,
) -> CrashReport:
    """A redacted, copyable report of one unhandled exception."""
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    lines = _environment_lines(log_file)
    if thread_name:
        lines.append(f"Thread: {thread_name}")
    details = "\n".join(lines) + "\n\n" + trace
    summary = traceback.format_exception_only(exc_type, exc)[-1].strip()
    return CrashReport(redact_text(summary), redact_text(details), log_file)


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
        self.report_view.setPlainText(separator.join(r.text for r in self._reports))
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
    """The installed hooks. `uninstall()` puts the previous ones back (tests, shutdown)."""

    def __init__(
        self,
        log_file: Callable[[], Path | None],
        redact_text: Callable[[str], str],
        parent: Callable[[], QWidget | None],
    ) -> None:
        self._log_file = log_file
        self._redact = redact_text
        self._parent = parent
        self._relay = _CrashRelay(lambda report: self._show(report))
        self.dialog: CrashDialog | None = None
        self._previous_excepthook = sys.excepthook
        self._previous_threading_hook = threading.excepthook
        self._installed = False

    def install(self) -> CrashHandler:
        sys.excepthook = self._excepthook
        threading.excepthook = self._threading_excepthook
        self._installed = True
        return self

    def uninstall(self) -> None:
        if not self._installed:
            return
        sys.excepthook = self._previous_excepthook
        threading.excepthook = self._previous_threading_hook
        self._installed = False
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.close()
        self.dialog = None
        if shiboken6.isValid(self._relay):
            self._relay.deleteLater()

    # Both hooks may run on any thread: they only log, build text and emit a signal.
    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        self.handle(exc_type, exc, tb, threading.current_thread().name)

    def _threading_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        name = args.thread.name if args.thread is not None else None
        self.handle(args.exc_type, exc, args.exc_traceback, name)

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        thread_name: str | None = None,
    ) -> None:
        try:
            if issubclass(exc_type, KeyboardInterrupt):
                self._previous_excepthook(exc_type, exc, tb)
                return
            try:
                log_file = self._log_file()
            except Exception:  # a broken log setup must not hide the crash
                log_file = None
            report = build_report(
                exc_type,
                exc,
                tb,
                log_file=log_file,
                thread_name=thread_name,
                redact_text=self._redact,
            )
            log.error("Unhandled error\n%s", report.details)
            if shiboken6.isValid(self._relay):
                self._relay.raised.emit(report)
        except Exception:  # the hook itself must never raise
            self._previous_excepthook(exc_type, exc, tb)

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


def install_crash_handler(
    *,
    log_file: Callable[[], Path | None] = lambda: None,
    redact_text: Callable[[str], str] = redact,
    parent: Callable[[], QWidget | None] | None = None,
) -> CrashHandler:
    """Hook sys.excepthook and threading.excepthook to show the crash dialog. Call on the GUI
    thread after the QApplication exists. `parent` gives the window to centre the dialog on."""
    if QApplication.instance() is None:
        raise RuntimeError("install_crash_handler needs a QApplication")
    return CrashHandler(log_file, redact_text, parent or QApplication.activeWindow).install()
