"""The export engine: takes every record and document of the firm home, resumably, and proves
the result complete.

Plain Python with no Qt: the wizard and the command line drive the same `ExportEngine` through
an `ExportControl` (pause, resume, cancel) and a progress callback. All HTTP goes through the
shared `HttpSession` (time-outs, retries, rate limiting, token rules). Everything that is done is
in the journal, so a run on the same folder continues after any crash or kill, and a run when
all is done only re-verifies.

Layout of an export folder::

    records/<kind>.jsonl, records/<kind>.csv   every record (exact JSON, and flattened CSV)
    documents/<folder tree>/<document>          the files, names made safe and unique
    documents/<folder tree>/<document>.versions/<n>-<file name>
                                                a document's earlier versions (versions.py)
    reports/trust_ledger.csv, client_ledger.csv where the server offers reports: for people,
                                                formula-like cells neutralised (see csvout)
    reports/raw/<ledger>.csv.raw                the ledgers' bytes as the server sent them,
                                                which the manifest verifies
    index.html                                  an offline page to browse it all
    README.txt (LISEZMOI.txt in French)         what every folder and file is
    manifest.json, export-report.json           what is there, and whether it verified
    export-status.js                            the outcome again, for index.html
    .account-desk/journal.sqlite3               the journal (resume state)
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from app.errors import BadResponse, Cancelled
from app.export.arenas import limit_malloc_arenas
from app.export.control import (
    ExportControl,
    ExportState,
    ProgressCallback,
    ProgressTracker,
)
from app.export.counting import KindLister
from app.export.documents.placement import DOCUMENTS_DIR
from app.export.documents.run import DocumentsRun
from app.export.errors import (
    NotAnExportFolder,
    destination_error,
    journal_error,
    unsafe_error,
)
from app.export.finishing import FinishRun, safe_report
from app.export.journal import Journal, KindState, journal_exists
from app.export.kinds import Kind, kind_by_key
from app.export.manifest import (
    MANIFEST_NAME,
    REPORT_NAME,
    TEMPLATES_KIND,
    ExportReport,
    write_report,
)
from app.export.options import ExportOptions
from app.export.record_hashes import KindHashes
from app.export.records import RECORDS_DIR
from app.export.records_run import Opening, RecordsRun
from app.export.reports_run import ReportsRun
from app.export.result import ExportResult
from app.export.run import PERMANENT, ExportRun, now
from app.export.safefiles import UnsafePathError
from app.export.templates_run import TemplatesRun
from app.export.updating import UpdateRun, start_update, update_pending
from app.export.verify import ProblemKind, VerifyResult, verify
from app.net.http import HttpSession

log = logging.getLogger(__name__)

#: The kinds the document downloads need listed first.
_DOWNLOAD_LISTS = ("folders", "documents")


@dataclass(frozen=True)
class KindPlan:
    key: str
    label: str
    expected: int | None
    # Why ``expected`` is None when the server offers the kind but could not be counted
    # (None with no count: the server does not offer the kind).
    uncounted: str | None = None


@dataclass(frozen=True)
class ExportPlan:
    kinds: tuple[KindPlan, ...]
    documents: int | None
    document_bytes: int | None

    @property
    def records(self) -> int:
        return sum(kind.expected or 0 for kind in self.kinds)


def _after(first: Future[Any] | None, then: Callable[..., None], *args: Any) -> None:
    """`then(*args)` once `first` (the export of the records it reads) is over."""
    if first is not None:
        wait([first])
    then(*args)


def _counted(
    records: RecordsRun, kinds: list[Kind], found: Iterable[Opening | None]
) -> dict[str, Opening]:
    """Each kind's count taken from its first page; the pages by kind, each to be handed to
    its kind's export and nowhere else kept (a page's memory goes once its kind has it)."""
    openings: dict[str, Opening] = {}
    for kind, opening in zip(kinds, found, strict=True):
        records.take_count(kind, None if opening is None else opening.count)
        if opening is not None:
            openings[kind.key] = opening
    return openings


class ExportEngine:
    """One export into one folder. Create, optionally `plan()`, then `run()` (blocking; call it
    from a worker thread in a GUI). A control object serves one run. What a run works with
    lives in its `ExportRun`; the records, documents, reports, update and finishing parts of
    a run are in their own modules, and this class only puts them in order."""

    def __init__(
        self,
        http: HttpSession,
        root: Path,
        options: ExportOptions = ExportOptions(),  # noqa: B008 - frozen, never changed
        *,
        control: ExportControl | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.http = http
        self.root = Path(root)
        self.options = options
        self.control = control or ExportControl()
        self.kinds: tuple[Kind, ...] = tuple(kind_by_key(key) for key in options.kinds)
        self._tracker = ProgressTracker(on_progress)
        self.control.add_listener(self._control_changed)

    # ----------------------------------------------------------------------- planning
    def count(self, kind: Kind, extra: Mapping[str, Any] | None = None) -> int:
        """The server's count of this kind (see `app.export.counting.KindLister.count`)."""
        return KindLister(self.http, self.control, self.options.page_size).count(kind, extra)

    def count_by_paging(self, kind: Kind, extra: Mapping[str, Any] | None = None) -> int:
        """The records of this kind counted one page of ids after another (each id once)."""
        lister = KindLister(self.http, self.control, self.options.page_size)
        return lister.count_by_paging(kind, extra)

    def plan(self, *, with_sizes: bool = True) -> ExportPlan:
        """Counts per kind and, with ``with_sizes``, the documents' total size."""
        kinds = []
        for kind in self.kinds:
            uncounted: str | None = None
            try:
                expected: int | None = self.count(kind)
            except PERMANENT:
                expected = None
            except BadResponse as exc:  # offered, but its answers cannot be counted
                expected, uncounted = None, exc.message
                log.warning("%s could not be counted: %s", kind.key, exc.detail or exc.message)
            kinds.append(KindPlan(kind.key, kind.label, expected, uncounted))
        documents = next((k.expected for k in kinds if k.key == "documents"), None)
        total: int | None = None
        if with_sizes and self.options.documents and "documents" in self.options.kinds:
            try:
                total = self._document_bytes()
            except BadResponse as exc:  # the plan goes on without the size
                log.warning("the documents' size could not be summed: %s", exc.detail)
        return ExportPlan(tuple(kinds), documents, total)

    def _document_bytes(self) -> int:
        total = 0
        for page in self.http.get_paged(
            "/api/v4/documents.json",
            {"fields": "id,size", "limit": self.options.page_size, "order": "id(asc)"},
            cancel=self.control,
        ):
            data = page.get("data") if isinstance(page, Mapping) else None
            for record in data if isinstance(data, list) else []:
                size = record.get("size") if isinstance(record, Mapping) else None
                total += size if isinstance(size, int) and size > 0 else 0
        return total

    # ----------------------------------------------------------------------- running
    def run(self) -> ExportResult:
        """Export (or continue, or only re-verify). Raises `DiskFull`,
        `DestinationUnavailable`, `AuthenticationRequired` or `NotAnExportFolder`; a cancel
        returns a CANCELLED result and leaves a resumable folder."""
        limit_malloc_arenas()  # before the run's threads (see app.export.arenas)
        self._prepare_folder()
        journal = self._open_journal()
        run = ExportRun(self.http, self.root, self.options, self.control, journal, self._tracker)
        try:
            if journal.get_meta("complete") == "1":
                result = self._reverify_only(run)
                if result is not None:
                    if not self.options.incremental:
                        return result
                    start_update(journal)
            if update_pending(journal):
                changes = UpdateRun(run, self.kinds).bring_up_to_date()
                if not changes and not run.update_left_kinds:
                    journal.set_meta("complete", "1")
                    self._tracker.set_state(ExportState.VERIFIED)
                    return ExportResult(
                        ExportState.VERIFIED,
                        self.root,
                        True,
                        report=self._report_no_changes(),
                        reused=True,
                        extra={"changes": {}},
                    )
            run.kind_hashes = KindHashes(self.root)
            with run.worker:
                return self._run(run)
        except Cancelled:
            self._tracker.set_state(ExportState.CANCELLED)
            log.info("export cancelled; %s can be resumed", self.root)
            return ExportResult(ExportState.CANCELLED, self.root, False, failures=())
        except OSError as exc:
            raise destination_error(exc, self.root) from None
        except sqlite3.OperationalError as exc:
            raise journal_error(exc, self.root) from None
        except UnsafePathError as exc:
            raise unsafe_error(exc, self.root) from None
        finally:
            run.close()
            journal.close()

    def _prepare_folder(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            if not journal_exists(self.root) and any(self.root.iterdir()):
                raise NotAnExportFolder(detail=str(self.root))
        except OSError as exc:
            raise destination_error(exc, self.root) from None

    def _open_journal(self) -> Journal:
        """The folder's journal, or the error that says why it cannot be kept there (a
        read-only folder, a full disk, a file or a link where its folder goes)."""
        try:
            return Journal(self.root)
        except OSError as exc:
            raise destination_error(exc, self.root) from None
        except sqlite3.Error as exc:
            raise journal_error(exc, self.root) from None
        except UnsafePathError as exc:
            raise unsafe_error(exc, self.root) from None

    def _reverify_only(self, run: ExportRun) -> ExportResult | None:
        """Everything was done: check it again. If something was lost since, forget those
        files so the normal run fetches them again (returns None then)."""
        self._tracker.set_state(ExportState.VERIFYING)
        result = verify(self.root, on_file=run.verify_checkpoint)
        if result.verified:
            self._tracker.set_state(ExportState.VERIFIED)
            return ExportResult(
                ExportState.VERIFIED, self.root, True, report=safe_report(self.root), reused=True
            )
        log.warning("a finished export no longer verifies; repairing %s", self.root)
        run.journal.delete_meta("complete")
        self._forget_damaged(run.journal, result)
        return None

    def _report_no_changes(self) -> ExportReport | None:
        """The report of a finished export that nothing on the server changed since: it no
        longer lists the changes of the run before (those were that run's news)."""
        report = safe_report(self.root)
        if report is not None and report.extra.get("changes"):
            report = dataclasses.replace(report, extra={**report.extra, "changes": {}})
            write_report(self.root, report)
        return report

    def _forget_damaged(self, journal: Journal, result: VerifyResult) -> None:
        damaged = {ProblemKind.MISSING, ProblemKind.SIZE, ProblemKind.HASH}
        for problem in result.problems:
            if problem.kind not in damaged:
                continue
            if problem.where.startswith(RECORDS_DIR + "/"):
                key = Path(problem.where).stem
                journal.reset_kind(key)
            else:
                journal.forget_file(problem.where)

    def _run(self, run: ExportRun) -> ExportResult:
        journal = run.journal
        records = RecordsRun(run)
        if journal.get_meta("started_at") is None:
            journal.set_meta("started_at", now())
        journal.set_meta("server", self.http.base_url.rstrip("/"))
        journal.delete_meta("finished_at")
        # Failures of earlier runs stay recorded: this run tries those items again, and each
        # failure is cleared only when its item (or its whole kind) succeeds.
        self._reset_kinds_with_bad_pages(journal)
        self._tracker.set_state(ExportState.PLANNING)

        for kind in self.kinds:
            progress = journal.kind_progress(kind.key)
            self._tracker.add_kind(kind.key, kind.label, progress.expected, progress.records)
        self._tracker.set_state(ExportState.PAUSED if self.control.paused else ExportState.RUNNING)
        order = self._kind_order(journal)
        # The downloads wait for the folders and the documents: they are listed at once, while
        # the other kinds' first pages are fetched (all at once) for their counts, so that they
        # are listed biggest first.
        first = [kind for kind in order if kind.key in _DOWNLOAD_LISTS]
        # A list given one parent at a time is counted from its parents once they are listed.
        unknown = [
            k
            for k in order
            if k not in first and k.parent is None and journal.kind_progress(k.key).expected is None
        ]
        with ThreadPoolExecutor(
            max_workers=max(1, self.options.kind_workers), thread_name_prefix="export-kind"
        ) as pool:
            futures = {
                kind.key: pool.submit(run.guard, records.count_and_export, kind) for kind in first
            }
            # Each kind's first page, which its export needs anyway, carries its count: no
            # request is spent on counting alone (see `RecordsRun.opening`).
            with ThreadPoolExecutor(
                max_workers=max(1, self.options.kind_workers), thread_name_prefix="export-count"
            ) as counting:
                found = counting.map(partial(run.guard, records.opening), unknown)
                openings = _counted(records, unknown, found)
            if run.fatal is None:
                for kind in self._kind_order(journal):
                    if kind.key not in futures and kind.parent is None:
                        futures[kind.key] = pool.submit(
                            run.guard, records.export_kind, kind, openings.pop(kind.key, None)
                        )
                # after the others: each waits for its parent kind, taken (or started) before
                for kind in self.kinds:
                    if kind.parent is not None:
                        parent = futures.get(kind.parent.kind)
                        futures[kind.key] = pool.submit(
                            run.guard, _after, parent, records.export_kind, kind
                        )
            if self.options.reports:  # small: by a kind's thread once it is free
                futures["(reports)"] = pool.submit(run.guard, ReportsRun(run).export)
            if self.options.documents and TEMPLATES_KIND in futures:  # the templates' files
                futures["(templates)"] = pool.submit(
                    run.guard, _after, futures[TEMPLATES_KIND], TemplatesRun(run).export
                )
            document_count: int | None = None
            if self.options.documents and "documents" in futures:
                for key in _DOWNLOAD_LISTS:
                    if key in futures:
                        wait([futures[key]])
                if run.fatal is None:
                    document_count = run.guard(DocumentsRun(run).export)
            for future in futures.values():
                future.result()  # an unexpected error in a kind is not swallowed
        if run.fatal is not None:
            raise run.fatal
        return FinishRun(run, self.kinds).finish(document_count)

    def _reset_kinds_with_bad_pages(self, journal: Journal) -> None:
        """A finished kind with malformed records in a page can only be fixed by fetching it
        again: start it over (its failures stay until the new pass succeeds)."""
        for failure in journal.failures():
            if failure.item_id.startswith("page-") and failure.kind in {k.key for k in self.kinds}:
                if journal.kind_progress(failure.kind).state is KindState.DONE:
                    journal.reset_kind(failure.kind)

    def _kind_order(self, journal: Journal) -> list[Kind]:
        """Folders and documents first (the downloads wait for them), then the biggest kinds,
        so the longest list does not start last and leave the other workers idle at the end."""

        def key(kind: Kind) -> tuple[int, int]:
            expected = journal.kind_progress(kind.key).expected or 0
            return (0 if kind.key in _DOWNLOAD_LISTS else 1, -expected)

        return sorted(self.kinds, key=key)

    def _control_changed(self) -> None:
        if self.control.cancelled:
            return
        self._tracker.set_state(ExportState.PAUSED if self.control.paused else ExportState.RUNNING)


__all__ = [
    "DOCUMENTS_DIR",
    "MANIFEST_NAME",
    "REPORT_NAME",
    "ExportControl",
    "ExportEngine",
    "ExportOptions",
    "ExportPlan",
    "ExportResult",
    "ExportState",
    "KindPlan",
]
