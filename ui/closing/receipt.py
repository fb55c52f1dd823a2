"""The closing receipt on screen, on paper and as a PDF.

Once the server confirms a closing, `ReceiptBox.save` writes the JSON record (app.closing.receipt)
and a PDF made here with QTextDocument and QPdfWriter, both beside the last export (its folder, if
it is still there), else in the person's Documents folder. The writing runs in the background
(ui.common.background) while the box says it is saving; then the box says where they are and
offers to print the receipt (QPrintDialog) and to open the folder.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.account.models import CancellationReason, Retention
from app.closing.checklist import LastExport
from app.closing.receipt import ClosingReceipt, build_receipt, write_receipt_json
from ui.closing.countdown_parts import documents_folder
from ui.common.background import CancelToken, Job, ProgressCallback, run_in_background
from ui.common.formats import format_day, format_moment

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


def receipt_folder(last: LastExport | None) -> Path:
    """Beside the last export when its folder is still there, else Documents."""
    if last is not None and last.folder is not None and last.folder.is_dir():
        return last.folder
    return documents_folder()


def receipt_html(receipt: ClosingReceipt, tz: tzinfo) -> str:
    """The receipt as rich text for the PDF and the printer (every value escaped)."""

    def e(value: str) -> str:
        return html.escape(value, quote=True)

    def person(p: object) -> str:
        name = getattr(p, "name", None)
        email = getattr(p, "email", None)
        return f"{name} <{email}>" if name and email else _tr("nobody")

    rows: list[tuple[str, str]] = [
        (_tr("Reference number"), receipt.reference),
        (_tr("Firm"), receipt.firm),
        (_tr("Closed at (server time)"), format_moment(receipt.closed_at, tz)),
        (_tr("Confirmed by the server at"), format_moment(receipt.server_time, tz)),
        (_tr("Closed by"), person(receipt.closed_by)),
        (
            _tr("Reason"),
            receipt.reason_label or receipt.reason_code or _tr("not given"),
        ),
        (_tr("Designated user"), person(receipt.designated_user)),
        (
            _tr("Practice data readable until"),
            _tr("the end of %1 (UTC)").replace("%1", format_day(receipt.content_last_day)),
        ),
        (_tr("Practice data deleted at"), format_moment(receipt.content_deleted_at, tz)),
    ]
    if receipt.escrow_last_day is not None:
        rows.append(
            (
                _tr("Escrowed data kept until"),
                _tr("the end of %1 (UTC)").replace("%1", format_day(receipt.escrow_last_day)),
            )
        )
    if receipt.terms is not None:
        rows.append(
            (
                _tr("Rule"),
                f"{receipt.terms.title}, {receipt.terms.section}: {receipt.terms.url}",
            )
        )
    export = receipt.last_verified_export
    if export is None:
        rows.append((_tr("Last verified export"), _tr("none on record on this computer")))
    else:
        rows.append((_tr("Last verified export"), format_moment(export.finished_at, tz)))
        rows.append((_tr("Export folder"), str(export.folder)))
        # In groups of 16 so that a long line wraps between groups, never inside one.
        digest = export.manifest_sha256
        rows.append(
            (
                _tr("Manifest SHA-256"),
                " ".join(digest[i : i + 16] for i in range(0, len(digest), 16)),
            )
        )
    body = "".join(
        f"<tr><td><b>{e(label)}</b></td><td>{e(value)}</td></tr>" for label, value in rows
    )
    title = _tr("Account closing receipt")
    confirmed = _tr("The service confirmed that this account is closed.")
    return (
        f"<h1>{e(title)}</h1><p>{e(confirmed)}</p>"
        f'<table cellspacing="0" cellpadding="6">{body}</table>'
    )


def receipt_document(receipt: ClosingReceipt, tz: tzinfo) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(receipt_html(receipt, tz))
    return document


def write_receipt_pdf(path: Path, receipt: ClosingReceipt, tz: tzinfo) -> Path:
    """A one-page PDF of the receipt, written next to its final name then moved in place."""
    partial = path.with_name("." + path.name + ".part")
    writer = QPdfWriter(str(partial))
    writer.setTitle(_tr("Account closing receipt") + " " + receipt.reference)
    writer.setCreator("Account Desk")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    receipt_document(receipt, tz).print_(writer)
    del writer  # finishes the file
    if not partial.is_file() or partial.stat().st_size == 0:
        raise OSError(f"the PDF could not be written in {path.parent}")
    partial.replace(path)
    return path


@dataclass(frozen=True)
class SavedReceipt:
    receipt: ClosingReceipt
    json_path: Path
    pdf_path: Path


def save_receipt(receipt: ClosingReceipt, folder: Path, tz: tzinfo) -> SavedReceipt:
    json_path = write_receipt_json(folder, receipt)
    pdf_path = write_receipt_pdf(folder / (receipt.file_stem + ".pdf"), receipt, tz)
    return SavedReceipt(receipt, json_path, pdf_path)


def print_receipt(parent: QWidget, receipt: ClosingReceipt, tz: tzinfo) -> bool:
    """The system's print dialog, then the receipt on the chosen printer. (Tests replace it.)"""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Print the closing receipt"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    receipt_document(receipt, tz).print_(printer)
    return True


def receipt_for(
    retention: Retention,
    firm: str,
    reasons: Sequence[CancellationReason],
    last_export: LastExport | None,
) -> ClosingReceipt | None:
    """The receipt of a confirmed closing, with the reason's label as the service wrote it; None
    when the answer carries no reference number (an older server)."""
    label = next((r.label for r in reasons if r.code.value == retention.reason_code), None)
    try:
        return build_receipt(retention, firm, reason_label=label, last_export=last_export)
    except ValueError as exc:
        log.info("no closing receipt: %s", exc)
        return None


class ReceiptBox(QWidget):
    """Where the receipt was saved, with Print and Open folder (hidden until there is one)."""

    # The receipt's files are written (a SavedReceipt), or could not be (None).
    save_finished = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closingReceipt")
        self.saved: SavedReceipt | None = None
        self._save_job: Job[SavedReceipt] | None = None
        self._receipt: ClosingReceipt | None = None
        self._tz: tzinfo | None = None
        self.text = QLabel()
        self.text.setObjectName("receiptText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(_tr("&Print the receipt…"))
        self.print_button.setObjectName("printReceiptButton")
        self.print_button.clicked.connect(self._print)
        self.open_button = QPushButton(_tr("Open its &folder"))
        self.open_button.setObjectName("openReceiptFolderButton")
        self.open_button.clicked.connect(self._open_folder)
        for button in (self.print_button, self.open_button):
            # Enter keeps pressing the wizard's own button ("Show the countdown").
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setObjectName("receiptStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.hide()

    @property
    def saving(self) -> bool:
        return self._save_job is not None and not self._save_job.finished

    def save(self, receipt: ClosingReceipt, folder: Path, tz: tzinfo) -> Job[SavedReceipt]:
        """Write the receipt's JSON and PDF in the background; the box says it is saving, then
        where the files are (or why they are not), and emits `save_finished`."""
        self._tz = tz
        self._receipt = receipt
        self.saved = None
        self.text.setText(
            _tr("Closing reference %1. Saving the receipt in %2…")
            .replace("%1", receipt.reference)
            .replace("%2", str(folder))
        )
        self.print_button.setEnabled(True)
        self.open_button.setEnabled(False)
        self.show()

        def write(_token: CancelToken, _report: ProgressCallback) -> SavedReceipt:
            return save_receipt(receipt, folder, tz)

        def failed(error: BaseException) -> None:
            self._save_job = None
            self._show_failure(receipt, folder, error)
            self.save_finished.emit(None)

        self._save_job = run_in_background(
            self, write, self._show_saved, failed, name="closing-receipt"
        )
        return self._save_job

    def _show_saved(self, saved: SavedReceipt) -> None:
        self._save_job = None
        self.saved = saved
        self.text.setText(
            _tr("Closing reference %1. The receipt is saved as %2 and %3 in %4.")
            .replace("%1", saved.receipt.reference)
            .replace("%2", saved.pdf_path.name)
            .replace("%3", saved.json_path.name)
            .replace("%4", str(saved.pdf_path.parent))
        )
        self.open_button.setEnabled(True)
        self.save_finished.emit(saved)

    def _show_failure(self, receipt: ClosingReceipt, folder: Path, error: BaseException) -> None:
        if isinstance(error, OSError):
            log.warning("the closing receipt could not be saved: %s", error)
            reason = error.strerror or str(error)
        else:
            log.error("the closing receipt could not be saved", exc_info=error)
            reason = type(error).__name__
        self.text.setText(
            _tr(
                "The account is closed (reference %1), but its receipt could not be saved in %2: %3"
            )
            .replace("%1", receipt.reference)
            .replace("%2", str(folder))
            .replace("%3", reason)
        )
        self.open_button.setEnabled(False)

    def _print(self) -> None:
        receipt = self._receipt
        if receipt is None or self._tz is None:
            return
        if print_receipt(self, receipt, self._tz):
            self._say(_tr("The receipt was sent to the printer."))

    def _open_folder(self) -> None:
        if self.saved is None:
            return
        folder = self.saved.pdf_path.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._say(
                _tr("No file manager opened. The receipt is in: %1").replace("%1", str(folder))
            )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
