"""The local export wizard: Destination -> What to include -> Progress -> Verification -> Done.
This module wires the steps (ui.export.*_step) together and runs the plan and the export.

The plan (counts and sizes, a few requests) runs the core's `ExportEngine` on a worker thread
through ui.common.background. The export itself runs in a child process (`app.export.child`, the
command line's export): its threads parse, write and hash flat out, and in this process they
would hold the interpreter the window needs. A background job reads the child's progress and
hands it to the GUI thread coalesced, at most one waiting in the queue, shown at most every
UPDATE_SECONDS, so the window never stalls however fast the export goes. Pause, Resume and Stop
are commands to the child; a refused sign-in ends the child, and continuing starts a new one
with a renewed token (the folder resumes). Nothing in an export writes to the server, so
the wizard also works with the read-only sign-in of the 90 days after closing.

    wizard = ExportWizard(http, firm_name="Harbor & Finch LLP", store=LastExportStore(...))
    wizard.open()

Signals: `progress_changed(Progress)` for every snapshot shown, `run_finished(ExportResult)`
when a run ends (verified, incomplete or cancelled). Closing the window during a run asks,
then stops the run safely: the folder keeps everything done so far and a later run resumes.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.errors import AccountDeskError, AuthenticationRequired
from app.export.child import ExportChild
from app.export.control import ExportControl, ExportState, Progress
from app.export.engine import ExportEngine, ExportOptions, ExportPlan, ExportResult
from app.export.errors import DestinationUnavailable, DiskFull, NotAnExportFolder
from app.export.folder_check import default_folder
from app.export.indexpage import INDEX_NAME
from app.last_export import ExportRecord, LastExportStore
from app.net.http import HttpSession
from ui.common import widgets
from ui.common.background import Job, run_in_background
from ui.common.error_text import error_text
from ui.common.formats import document_files_text, format_size, records_text
from ui.common.opening import open_local
from ui.common.service_refusal import refusal_text
from ui.common.wizard_header import fit_wizard_header
from ui.export.destination_step import DestinationPage
from ui.export.done_step import DonePage
from ui.export.include_step import IncludePage
from ui.export.progress_step import ProgressPage
from ui.export.step_parts import PageId
from ui.export.verification_step import VerificationPage

log = logging.getLogger(__name__)

# Progress on screen changes at most this often (state changes show at once).
UPDATE_SECONDS = 0.25


class _LatestProgress:
    """The newest engine snapshot, handed from worker threads to the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: Progress | None = None

    def put(self, value: Progress) -> None:
        with self._lock:
            self._value = value

    def take(self) -> Progress | None:
        with self._lock:
            value, self._value = self._value, None
            return value


class _HandedToken:
    """The access token last handed to an export child (memory only), and whether the server
    refused it. Written by the run's worker thread, read by the next run's."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.refused = False

    def __repr__(self) -> str:  # never the token itself, whatever prints this
        return f"_HandedToken(refused={self.refused})"


# --------------------------------------------------------------------------- the wizard


class ExportWizard(QWizard):
    progress_changed = Signal(object)  # app.export.control.Progress, as shown
    run_finished = Signal(object)  # app.export.engine.ExportResult (also when cancelled)
    plan_ready = Signal()

    def __init__(
        self,
        http: HttpSession,
        *,
        firm_name: str | None = None,
        store: LastExportStore | None = None,
        folder: Path | None = None,
        options: ExportOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportWizard")
        self.setWindowTitle(self.tr("Export the firm's data"))
        self.setAccessibleName(self.windowTitle())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        fit_wizard_header(self)  # long subtitles (and longer languages) are not cut off
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.http = http
        self.firm_name = firm_name
        self.store = store
        # index.html and README.txt in the window's language (the app's locale, see qt_app)
        self.export_options = options or ExportOptions(
            firm_name=firm_name, language=QLocale().name()
        )
        self.suggested_folder = folder or default_folder(firm_name)
        self.folder: Path | None = None
        self.resuming = False
        self.plan: ExportPlan | None = None
        self.plan_error: str | None = None
        # The server's refusal (content deleted, access ended): no run can succeed.
        self.refusal: str | None = None
        self.plan_job: Job[ExportPlan] | None = None
        self._plan_control: ExportControl | None = None
        self.child: ExportChild | None = None
        # The access token the last child was given, and whether the server refused it: then
        # the next run renews it first (a child cannot refresh; this process can).
        self._handed = _HandedToken()
        self.run_job: Job[tuple[ExportResult, ExportRecord | None]] | None = None
        self.export_result: ExportResult | None = None
        self.record: ExportRecord | None = None
        self.stopping = False
        self._close_when_stopped = False
        self._latest = _LatestProgress()
        self._held: Progress | None = None
        self._shown_at = 0.0
        self._shown_state: ExportState | None = None

        self.destination_page = DestinationPage(self)
        self.include_page = IncludePage(self)
        self.progress_page = ProgressPage(self)
        self.verification_page = VerificationPage(self)
        self.done_page = DonePage(self)
        self.setPage(PageId.DESTINATION, self.destination_page)
        self.setPage(PageId.INCLUDE, self.include_page)
        self.setPage(PageId.PROGRESS, self.progress_page)
        self.setPage(PageId.VERIFICATION, self.verification_page)
        self.setPage(PageId.DONE, self.done_page)
        self.setStartId(PageId.DESTINATION)
        for which, name in (
            (QWizard.WizardButton.NextButton, self.tr("Next")),
            (QWizard.WizardButton.BackButton, self.tr("Back")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
            (QWizard.WizardButton.FinishButton, self.tr("Finish")),
        ):
            self.button(which).setAccessibleName(name)
        self.resize(680, 560)
        self.currentIdChanged.connect(self._arrange_buttons)
        self.start_plan()

    def _arrange_buttons(self, page_id: int) -> None:
        # Once the export has run there is nothing to go back to or cancel: only Next/Finish.
        Button = QWizard.WizardButton  # noqa: N806 - a short alias for the enum
        if page_id >= PageId.VERIFICATION:
            layout = [Button.Stretch, Button.CommitButton, Button.NextButton, Button.FinishButton]
        elif page_id == PageId.PROGRESS:
            layout = [Button.Stretch, Button.CommitButton, Button.CancelButton]
        else:
            layout = [
                Button.Stretch,
                Button.BackButton,
                Button.NextButton,
                Button.CommitButton,
                Button.CancelButton,
            ]
        self.setButtonLayout(layout)
        self._offer_next()

    # -- plan ---------------------------------------------------------------------------------

    def start_plan(self) -> None:
        """Count what there is to export (in the background; the include page waits for it)."""
        if self.plan_job is not None and not self.plan_job.finished:
            return
        self.plan_error = None
        control = self._plan_control = ExportControl()
        engine = ExportEngine(
            self.http,
            self.suggested_folder,
            replace(self.export_options, kinds=self.export_options.kinds),
            control=control,
        )
        self.plan_job = run_in_background(
            self,
            lambda _token, _report: engine.plan(),
            on_success=self._plan_succeeded,
            on_failure=self._plan_failed,
            name="export-plan",
        )
        self.include_page.plan_changed()

    def _plan_succeeded(self, plan: ExportPlan) -> None:
        # Dropping finished jobs breaks the wizard <-> job cycle, so the garbage collector
        # never has to free this window (possibly on a worker thread).
        self.plan_job = None
        self.plan = plan
        self._after_plan()

    def _plan_failed(self, error: BaseException) -> None:
        self.plan_job = None
        refused = refusal_text(error, self.http.origin)
        if refused is not None:
            # The server answered that nothing can be read any more: no run is offered.
            self.refusal = refused
            self.plan_error = refused
        elif isinstance(error, AccountDeskError):
            self.plan_error = error_text(error)
        else:
            log.error("counting the export failed", exc_info=error)
            self.plan_error = self.tr("an unexpected error (%1)").replace(
                "%1", type(error).__name__
            )
        self._after_plan()

    def _after_plan(self) -> None:
        self.destination_page.plan_arrived()
        self.include_page.plan_changed()
        self._offer_next()
        self.plan_ready.emit()

    def _offer_next(self) -> None:
        """After the server's refusal, Next is disabled with the reason (the run could only
        fail); Qt enables it again on each page change, hence also called from there."""
        if self.refusal is None:
            return
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton):
            button = self.button(which)
            button.setEnabled(False)
            button.setToolTip(self.refusal)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt's name
        if self.refusal is not None and self.currentId() < PageId.PROGRESS:
            return False
        return super().validateCurrentPage()

    # -- run ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.run_job is not None and not self.run_job.finished

    def start_run(self) -> None:
        """Run (or continue) the export into the chosen folder."""
        if self.running or self.folder is None or self.refusal is not None:
            return
        folder, options = self.folder, self.export_options
        child = self.child = ExportChild(self.http.origin, folder, options)
        store = self.store
        latest = self._latest
        self.export_result = None
        self.stopping = False
        http = self.http
        handed = self._handed
        kind_count = len(options.kinds)

        def export(token: Any, report: Any) -> tuple[ExportResult, ExportRecord | None]:
            def on_progress(progress: Progress) -> None:
                if progress.state is ExportState.PLANNING and len(progress.kinds) < kind_count:
                    # The engine is still reading its journal and counting: partial totals
                    # ("0 records" of a resumed export) would mislead; "Starting…" stays.
                    return
                latest.put(progress)
                report(progress.records_done)  # wakes the GUI; the snapshot is in `latest`

            access = http.access_token
            if handed.refused or access is None:
                access = http.renew_access_token(handed.token if handed.refused else None)
            handed.token, handed.refused = access, False
            try:
                result = child.run(access, on_progress, cancel=token)
            except AuthenticationRequired:
                handed.refused = True
                raise
            record = None
            if store is not None and result.state is not ExportState.CANCELLED:
                try:
                    record = store.remember_folder(folder, verified=result.verified)
                except (OSError, ValueError) as exc:
                    log.warning("could not remember the export in %s: %s", folder, exc)
            return result, record

        self.run_job = run_in_background(
            self,
            export,
            on_success=self._run_succeeded,
            on_failure=self._run_failed,
            on_progress=lambda _p: self._show_latest(),
            name="export-run",
        )
        self.progress_page.run_started()

    def _show_latest(self, *, flush: bool = False) -> None:
        """Show the newest snapshot; between state changes at most every UPDATE_SECONDS (every
        widget call lets the export's threads hold the interpreter a little longer)."""
        progress = self._latest.take()
        if progress is not None:
            self._held = progress
        progress = self._held
        if progress is None:
            return
        now = time.monotonic()
        same_state = self._shown_state is progress.state
        if same_state and not flush and now - self._shown_at < UPDATE_SECONDS:
            return  # kept in _held: the next delivery or the end of the run shows it
        self._held = None
        self._shown_at, self._shown_state = now, progress.state
        self.progress_page.show_progress(progress)
        self.progress_changed.emit(progress)

    def _run_ended(self) -> None:
        self.run_job = None
        self._show_latest(flush=True)

    def _run_succeeded(self, outcome: tuple[ExportResult, ExportRecord | None]) -> None:
        self._run_ended()
        self.export_result, record = outcome
        if record is not None:
            self.record = record
        self.progress_page.run_ended(self.export_result, None)
        self.run_finished.emit(self.export_result)
        if self._close_when_stopped:
            self._close_now()
            return
        if (
            self.export_result.state is not ExportState.CANCELLED
            and self.currentId() == PageId.PROGRESS
        ):
            self.next()
        elif self.currentId() == PageId.VERIFICATION:
            self.verification_page.show_result()

    def _run_failed(self, error: BaseException) -> None:
        self._run_ended()
        if isinstance(error, DiskFull | DestinationUnavailable | NotAnExportFolder):
            text = error_text(error)
        elif isinstance(error, AuthenticationRequired):
            text = self.tr(
                "Your sign-in has ended. Sign in again, then continue the export: it goes on"
                " where it stopped."
            )
        elif isinstance(error, AccountDeskError):
            text = (
                error_text(error)
                + " "
                + self.tr("What was exported so far is kept; try again to continue.")
            )
        else:
            log.error("the export failed", exc_info=error)
            text = self.tr(
                "The export stopped because of an unexpected error (%1). What was exported so"
                " far is kept; try again to continue. The log file has the details."
            ).replace("%1", type(error).__name__)
        self.progress_page.run_ended(None, text)
        if self._close_when_stopped:
            self._close_now()

    def pause(self) -> None:
        if self.child is not None and self.running:
            self.child.pause()

    def resume_run(self) -> None:
        if self.child is not None and self.running:
            self.child.resume()

    def stop_run(self) -> None:
        """Stop safely: workers finish the page or chunk they are on; the folder resumes."""
        if self.child is None or not self.running:
            return
        self.stopping = True
        page = self.progress_page
        page._set_text("state", page.state_label, self.tr("Stopping safely…"))
        self.progress_page.pause_button.setEnabled(False)
        self.progress_page.cancel_button.setEnabled(False)
        self.child.cancel()

    def retry_missing(self) -> None:
        """From the verification page: run again on the same folder for what is missing."""
        if self.running:
            return
        self.back()
        self.start_run()

    # -- done ---------------------------------------------------------------------------------

    def summary_text(self) -> str:
        result = self.export_result
        report = result.report if result is not None else None
        if report is None:
            return ""
        records = sum(kind.exported for kind in report.kinds if kind.key != "reports")
        text = records_text(records)
        if report.documents_exported:
            text += (
                ", "
                + document_files_text(report.documents_exported)
                + (f" ({format_size(report.document_bytes)})")
            )
        ledger = self.record.includes_trust_ledger if self.record is not None else False
        text += ". " + (
            self.tr("The trust ledger is included.")
            if ledger
            else self.tr("The trust ledger is not included.")
        )
        return text

    def open_folder(self) -> None:
        if self.folder is not None:
            self.done_page.show_open_problem(open_local(self.folder))

    def open_index(self) -> None:
        if self.folder is not None:
            self.done_page.show_open_problem(open_local(self.folder / INDEX_NAME))

    # -- closing ------------------------------------------------------------------------------

    def confirm_stop(self) -> bool:
        """Asked when the window is closed during a run (tests replace this)."""
        return widgets.ask_confirmation(
            self,
            self.tr("Stop the export?"),
            self.tr("The export is still running. Stop it and close this window?"),
            self.tr("Stop and close"),
            self.tr(
                "Everything exported so far is kept. Start the export again on the same folder"
                " and it continues where it stopped."
            ),
        )

    def reject(self) -> None:
        if self.running:
            if self._close_when_stopped or not self.confirm_stop():
                return
            self._close_when_stopped = True
            self.stop_run()
            return
        self._close_now()

    def _close_now(self) -> None:
        if self._plan_control is not None:
            self._plan_control.cancel()
        if self.plan_job is not None:
            self.plan_job.cancel()
            self.plan_job = None
        super().reject()

    def done(self, result: int) -> None:
        if self.running:
            return  # only a stopped run lets the window close (see reject)
        if self._plan_control is not None:
            self._plan_control.cancel()
        super().done(result)


__all__ = ["ExportWizard", "PageId"]
