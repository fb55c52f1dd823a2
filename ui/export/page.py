"""The Data export page: what the last local export was (when, verified or not, which kinds,
where), and the way to make a new one (the export wizard), open its folder or verify it again.

Factory, as the main window registers it::

    ExportPage(context, parent=None)

`context` (`ExportContext`, the signed-in session fits): `http` (app.net.http.HttpSession for the
data API), `firm_name` (str or None; names the default folder and the index page) and
`identity` (anything with `key`, or None; the last export is remembered per server and user).
When the context also has `server` (with `origin`) and `selfservice`, the page learns from the
retention dates whether a closed account's content has been deleted: then it says that export
is no longer possible, since when, and does not start the wizard.
Verification runs through ui.common.background; nothing here writes to the server.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.account.models import Retention
from app.closing.retention import has_passed
from app.closing.store import ClosingStore
from app.errors import AccountDeskError
from app.export.kinds import ALL_KINDS
from app.export.verify import VerifyResult, verify
from app.last_export import ExportRecord, LastExportStore
from app.net.http import HttpSession
from ui.common.background import CancelToken, Job, ProgressCallback, run_in_background
from ui.common.error_text import error_text
from ui.common.formats import format_count, format_day, format_instant, format_moment, local_zone
from ui.common.kind_names import kind_name
from ui.common.opening import open_local
from ui.common.page_context import PageContext
from ui.common.service_refusal import probe_data_api, refusal_text
from ui.common.widgets import NoticeBanner, NoticeKind, PageHeader
from ui.export.verification_step import describe_problem
from ui.export.wizard import ExportWizard

log = logging.getLogger(__name__)


class Identified(Protocol):
    @property
    def key(self) -> str: ...


class ExportContext(Protocol):
    """What the page reads from the signed-in session."""

    @property
    def http(self) -> HttpSession: ...

    @property
    def firm_name(self) -> str | None: ...

    @property
    def identity(self) -> Identified | None: ...


def _label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ExportPage(QWidget):
    # The last export changed (a wizard run finished or a verification ended).
    last_export_changed = Signal()

    def __init__(self, context: ExportContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportPage")
        self.context = context
        identity = context.identity
        self.store = LastExportStore(context.http.base_url, identity.key if identity else None)
        self.wizard: ExportWizard | None = None
        self._verify_job: Job[tuple[VerifyResult, ExportRecord | None]] | None = None
        self._retention_job: Job[tuple[Retention, datetime]] | None = None
        origin = getattr(getattr(context, "server", None), "origin", None)
        self._origin = origin if isinstance(origin, str) and origin else None
        self._closings = ClosingStore(self._origin) if self._origin else None
        # The server's own refusal (content deleted, access ended), worded for the person.
        self.refusal: str | None = None
        self._probe_job: Job[None] | None = None

        self.export_button = QPushButton(self.tr("&Export now…"))
        self.export_button.setObjectName("exportNow")
        self.export_button.setAccessibleName(self.tr("Export now"))
        self.export_button.setToolTip(self.tr("Export all of the firm's data to a folder"))
        self.export_button.clicked.connect(self.start_export)
        self.header = PageHeader(self.tr("Data export"), [self.export_button])

        self.intro = _label("exportIntro")
        self.intro.setText(
            self.tr(
                "Take every record and document of the firm home: records as spreadsheets (CSV)"
                " and JSON Lines, documents as the original files, and a page to browse it all"
                " offline. Exporting only reads: nothing on the server changes. After the"
                " account is closed you can still export for 90 days."
            )
        )

        self.deleted_notice = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.deleted_notice.setObjectName("contentDeleted")
        self.deleted_notice.hide()

        self.box = QGroupBox(self.tr("Last export"))
        self.box.setObjectName("lastExport")
        self.empty_label = _label("noExport")
        self.empty_label.setText(self.tr("You have not made an export on this computer yet."))
        self.others_label = _label("otherUsersExport")
        self.others_label.hide()
        self.when_label = _label("lastExportWhen")
        self.status_label = _label("lastExportStatus")
        self.kinds_label = _label("lastExportKinds")
        self.folder_label = _label("lastExportFolder")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form_rows: list[tuple[QLabel, QLabel]] = []
        for caption, field in (
            (self.tr("When:"), self.when_label),
            (self.tr("Verified:"), self.status_label),
            (self.tr("Included:"), self.kinds_label),
            (self.tr("Folder:"), self.folder_label),
        ):
            caption_label = QLabel(caption)
            caption_label.setBuddy(field)
            field.setAccessibleName(caption.rstrip(":"))
            form.addRow(caption_label, field)
            self._form_rows.append((caption_label, field))

        self.open_button = QPushButton(self.tr("&Open folder"))
        self.open_button.setObjectName("openExportFolder")
        self.open_button.setAccessibleName(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.verify_button = QPushButton(self.tr("&Verify again"))
        self.verify_button.setObjectName("verifyAgain")
        self.verify_button.setAccessibleName(self.tr("Verify again"))
        self.verify_button.setToolTip(
            self.tr("Check every file of the export against its manifest (no network needed)")
        )
        self.verify_button.clicked.connect(self.verify_again)
        self.open_status = _label("openFolderStatus")
        self.open_status.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.verify_button)
        buttons.addStretch(1)

        self.verify_busy = QProgressBar()
        self.verify_busy.setObjectName("verifyBusy")
        self.verify_busy.setAccessibleName(self.tr("Verifying the export"))
        self.verify_busy.setMaximumWidth(320)
        self.verify_busy.hide()
        self.verify_label = _label("verifyOutcome")
        self.verify_label.hide()
        self.problems = QListWidget()
        self.problems.setObjectName("verifyProblems")
        self.problems.setAccessibleName(self.tr("What is missing or wrong"))
        self.problems.hide()

        box_layout = QVBoxLayout(self.box)
        box_layout.addWidget(self.empty_label)
        box_layout.addWidget(self.others_label)
        box_layout.addLayout(form)
        box_layout.addLayout(buttons)
        box_layout.addWidget(self.open_status)
        box_layout.addWidget(self.verify_busy)
        box_layout.addWidget(self.verify_label)
        box_layout.addWidget(self.problems, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.deleted_notice)
        layout.addWidget(self.intro)
        layout.addWidget(self.box)
        layout.addStretch(1)
        self.refresh()
        self._check_retention()

    # -- showing ------------------------------------------------------------------------------

    def record(self) -> ExportRecord | None:
        return self.store.record()

    def content_deleted_at(self) -> datetime | None:
        """When a closed account's content was deleted, if it has been (from the retention
        dates last read from the server, on the server's clock as last seen)."""
        if self._closings is None:
            return None
        known = self._closings.known_closing()
        if known is None:
            return None
        cached = self._closings.cached_retention()
        offset = cached.clock_offset if cached is not None else timedelta(0)
        deleted_at = known.dates.content_deleted_at
        said = cached is not None and cached.retention.content_deleted
        if said or has_passed(deleted_at, datetime.now(UTC) + offset):
            return deleted_at
        return None

    def _show_deleted(self) -> bool:
        if self.refusal is not None:
            # The server itself answered that nothing can be read any more: its words, with
            # the dates saved here; the last export below stays shown.
            self.intro.hide()
            self.deleted_notice.set_text(self.refusal)
            self.deleted_notice.show()
            self.export_button.setEnabled(False)
            self.export_button.setToolTip(self.refusal)
            return True
        deleted_at = self.content_deleted_at()
        self.intro.setVisible(deleted_at is None)
        if deleted_at is None:
            self.deleted_notice.hide()
            self.export_button.setEnabled(True)
            self.export_button.setToolTip(self.tr("Export all of the firm's data to a folder"))
            return False
        known = self._closings.known_closing() if self._closings is not None else None
        last_day = known.dates.content_last_day if known is not None else None
        text = (
            self.tr(
                "Export is no longer possible: the account was closed and its practice data was"
                " deleted at %1 (after the last day of access, %2 UTC). It cannot be recovered."
            )
            .replace("%1", format_moment(deleted_at, local_zone()))
            .replace("%2", format_day(last_day) if last_day is not None else "")
        )
        self.deleted_notice.set_text(text)
        self.deleted_notice.show()
        self.export_button.setEnabled(False)
        self.export_button.setToolTip(text)
        return True

    def _check_retention(self) -> None:
        """Ask the server (in the background) whether the content is still there."""
        client: Any = getattr(self.context, "selfservice", None)
        store = self._closings
        if store is None:
            return
        if self._retention_job is not None and not self._retention_job.finished:
            return
        if client is None:
            self._probe_data_api()
            return

        def fetch(_token: CancelToken, _report: ProgressCallback) -> tuple[Retention, datetime]:
            retention = client.retention()
            return retention, datetime.now(UTC)

        def fetched(answer: tuple[Retention, datetime]) -> None:
            retention, received = answer
            store.save_retention(retention, received)
            self._show_deleted()

        def failed(error: BaseException) -> None:
            detail = error.detail if isinstance(error, AccountDeskError) else repr(error)
            log.info("retention dates not read for the export page: %s", detail)

        self._retention_job = run_in_background(
            self, fetch, fetched, failed, name="export-retention"
        )

    def _probe_data_api(self) -> None:
        """Without a self-service API, one data-API read tells whether the server still serves
        the firm's data (410 once it is deleted, a refused sign-in once access ended)."""
        if self._probe_job is not None and not self._probe_job.finished:
            return
        http = self.context.http
        origin = self._origin

        def probe(_token: CancelToken, _report: ProgressCallback) -> None:
            probe_data_api(http)

        def answered(_none: None) -> None:
            self.refusal = None
            self._show_deleted()

        def failed(error: BaseException) -> None:
            refused = refusal_text(error, origin)
            if refused is None:
                detail = error.detail if isinstance(error, AccountDeskError) else repr(error)
                log.info("data API not read for the export page: %s", detail)
                return  # offline or a passing fault: the page keeps what it knows
            self.refusal = refused
            self._show_deleted()

        self._probe_job = run_in_background(self, probe, answered, failed, name="export-probe")

    def set_refusal(self, text: str | None) -> None:
        """The server refused the app (content deleted, access ended): say so, offer no export."""
        self.refusal = text
        self._show_deleted()

    def refresh(self) -> None:
        """Show what the profile remembers about the last export."""
        self._show_deleted()
        if self.isVisible():
            self._check_retention()
        record = self.store.record()
        self.empty_label.setVisible(record is None)
        self._show_others(record)
        for caption, field in self._form_rows:
            caption.setVisible(record is not None)
            field.setVisible(record is not None)
        folder_there = record is not None and record.folder.is_dir()
        busy = self._verify_job is not None and not self._verify_job.finished
        self.open_button.setEnabled(folder_there)
        self.verify_button.setEnabled(folder_there and not busy)
        if record is None:
            self.open_button.setVisible(False)
            self.verify_button.setVisible(False)
            return
        self.open_button.setVisible(True)
        self.verify_button.setVisible(True)
        self.when_label.setText(format_instant(record.when))
        if record.verified:
            status = self.tr("Yes: every file and record count checked")
        else:
            status = self.tr("No: the export is not complete (%1)").replace(
                "%1", self.tr("%Ln problem(s)", "", record.problems)
            )
        self.status_label.setText(status)
        self.kinds_label.setText(self._included_text(record))
        folder = str(record.folder)
        if not folder_there:
            folder += "\n" + self.tr(
                "This folder is not there any more (moved, deleted, or on a drive that is not"
                " connected)."
            )
        self.folder_label.setText(folder)
        for _caption, field in self._form_rows:
            field.setAccessibleDescription(field.text())

    def _show_others(self, record: ExportRecord | None) -> None:
        """Before this user's first export: the last one another user of Account Desk made
        from this computer, so an export that exists is not said not to exist."""
        others = self.store.others() if record is None else []
        if not others:
            self.others_label.hide()
            return
        who, other = others[0]
        self.others_label.setText(
            self.tr("Another Account Desk user of this computer, %1, made an export on %2 (%3): %4")
            .replace("%1", who)
            .replace("%2", format_instant(other.when))
            .replace("%3", self.tr("verified") if other.verified else self.tr("not verified"))
            .replace("%4", str(other.folder))
        )
        self.others_label.show()

    def _included_text(self, record: ExportRecord) -> str:
        labels = {kind.key: kind_name(kind.key) for kind in ALL_KINDS}
        covered = [key for key in labels if key in record.kinds]
        if len(covered) == len(labels):
            text = self.tr("All %1 kinds of records").replace("%1", format_count(len(labels)))
        else:
            missing = ", ".join(labels[key] for key in labels if key not in record.kinds)
            text = (
                self.tr("%1 of %2 kinds of records; not included: %3")
                .replace("%1", format_count(len(covered)))
                .replace("%2", format_count(len(labels)))
                .replace("%3", missing)
            )
        if record.documents:
            text += ", " + self.tr("%Ln document file(s)", "", record.documents)
        text += ", " + (
            self.tr("the trust ledger")
            if record.includes_trust_ledger
            else self.tr("no trust ledger")
        )
        return text + "."

    # -- actions ------------------------------------------------------------------------------

    def start_export(self) -> ExportWizard | None:
        """Open the export wizard (or bring the open one to the front); None once the content
        is deleted, with the page saying so."""
        if self._show_deleted():
            return None
        if self.wizard is not None:
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        wizard = ExportWizard(
            self.context.http,
            firm_name=self.context.firm_name,
            store=self.store,
            parent=self,
        )
        wizard.run_finished.connect(lambda _result: self._changed())
        wizard.finished.connect(lambda _code: self._wizard_closed(wizard))
        self.wizard = wizard
        wizard.open()
        return wizard

    def _wizard_closed(self, wizard: ExportWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()
        self.refresh()

    def _changed(self) -> None:
        self.refresh()
        self.last_export_changed.emit()

    def open_folder(self) -> None:
        record = self.store.record()
        if record is None:
            return
        problem = open_local(record.folder)
        self.open_status.setText(problem)
        self.open_status.setVisible(bool(problem))

    def verify_again(self) -> None:
        """Check the last export's files against its manifest, in the background."""
        record = self.store.record()
        if record is None or (self._verify_job is not None and not self._verify_job.finished):
            return
        folder, store = record.folder, self.store

        def check(
            _token: CancelToken, report: ProgressCallback
        ) -> tuple[VerifyResult, ExportRecord | None]:
            result = verify(folder, on_file=lambda done, total: report(done, total))
            try:
                remembered: ExportRecord | None = store.remember_folder(
                    folder, verified=result.verified
                )
            except (OSError, ValueError) as exc:
                log.warning("could not remember the verification of %s: %s", folder, exc)
                remembered = None
            return result, remembered

        self.verify_busy.setRange(0, 0)
        self.verify_busy.show()
        self.verify_label.setText(self.tr("Verifying the export…"))
        self.verify_label.show()
        self.problems.hide()
        self._verify_job = run_in_background(
            self,
            check,
            on_success=self._verified,
            on_failure=self._verify_failed,
            on_progress=self._verify_progress,
            name="export-verify",
        )
        self.verify_button.setEnabled(False)

    def _verify_progress(self, progress: object) -> None:
        total = getattr(progress, "total", None)
        if total:
            self.verify_busy.setRange(0, int(total))
            self.verify_busy.setValue(int(getattr(progress, "done", 0)))

    def _verified(self, outcome: tuple[VerifyResult, ExportRecord | None]) -> None:
        result, _record = outcome
        self.verify_busy.hide()
        if result.verified:
            self.verify_label.setText(
                self.tr(
                    "Verified again: all %Ln file(s) match the manifest.", "", result.files_checked
                )
            )
            self.problems.hide()
        else:
            self.verify_label.setText(
                self.tr(
                    "The export is not complete. Export again into the same folder to fetch"
                    " what is missing:"
                )
            )
            self.problems.clear()
            self.problems.addItems([describe_problem(str(p)) for p in result.problems])
            self.problems.show()
        self._changed()

    def _verify_failed(self, error: BaseException) -> None:
        self.verify_busy.hide()
        log.warning("verifying the export failed: %r", error)
        self.verify_label.setText(
            self.tr("The export could not be verified: %1").replace("%1", error_text(error))
        )
        self.refresh()


__all__ = ["ExportContext", "ExportPage", "create_page"]


def create_page(context: PageContext) -> ExportPage:
    """The page as the main window shows it, for the signed-in session."""
    return ExportPage(context.session)
