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
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from app.errors import (
    AccountDeskError,
    AuthenticationRequired,
    BadResponse,
    Cancelled,
    Gone,
    HttpError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
)
from app.export.control import (
    ExportControl,
    ExportState,
    KindPhase,
    ProgressCallback,
    ProgressTracker,
)
from app.export.csvout import neutralised_csv
from app.export.documents import (
    ARCHIVE_META,
    CHUNK,
    DOCUMENTS_DIR,
    ArchiveJob,
    ArchiveRecord,
    ArchiveUnavailable,
    DocumentItem,
    Downloader,
    Finisher,
    FolderTree,
    ItemFailed,
    StreamingUnavailable,
    archive_job,
    document_item,
    fetch_archive,
    finish_part,
    read_folders,
    stream_archive,
    unpack_archive,
    version_source_id,
    wait_until_completed,
)
from app.export.errors import (
    DestinationUnavailable,
    DiskFull,
    NotAnExportFolder,
    destination_error,
    journal_error,
    unsafe_error,
)
from app.export.incremental import KindChanges, id_key, merge_kind
from app.export.indexpage import write_pages
from app.export.journal import STATE_DIR, Failure, FileEntry, Journal, KindState, journal_exists
from app.export.kinds import ALL_KINDS, Kind, kind_by_key
from app.export.manifest import (
    COUNT_ITEM,
    MANIFEST_NAME,
    REPORT_NAME,
    VERSIONS_KIND,
    ExportReport,
    FailedItem,
    KindReport,
    sha256_file,
    write_manifest,
    write_report,
)
from app.export.naming import (
    DEFAULT_MAX_PATH_CHARS,
    PathAllocator,
    ResolvedFolders,
    inside_root,
    make_dirs_below,
)
from app.export.pages import (
    MalformedPage,
    WrittenPage,
    page_total,
    parse_page,
    without_records,
)
from app.export.pagework import KeptWorker, PageWork
from app.export.paging import PagePrefetcher
from app.export.records import RECORDS_DIR, RecordSink, read_records
from app.export.safefiles import UnsafePathError, create_file, open_existing
from app.export.verify import (
    HASH_THREADS,
    RECENT_NS,
    EarlyHashes,
    Hashed,
    ProblemKind,
    Signature,
    VerifyResult,
    signature,
    verify,
)
from app.export.versions import (
    has_earlier_versions,
    list_versions,
    listed_versions,
    version_items,
)
from app.net.http import HttpSession, decode_json
from app.net.pager import PageGuard, PagingStopped

log = logging.getLogger(__name__)

REPORT_KINDS = ("trust_ledger", "client_ledger")
UPDATE_MARGIN = timedelta(minutes=10)
_EPOCH = "1970-01-01T00:00:00Z"
# How often a kind's written pages are made durable and counted in the journal: fsyncs per page
# cost more than the page itself on a fast service, and a kill repeats at most this much.
COMMIT_SECONDS = 0.5
#: Archived documents of a run from which their unpacking goes to the worker processes; for
#: fewer, starting the workers costs more than they save.
UNPACK_IN_WORKERS_BYTES = 32 * 1024 * 1024
# Zips unpacked at once (their copying runs in the page workers, two of them at most).
UNPACK_THREADS = 2
# Archive bodies downloading at once (whole or streamed). Every body on its way holds what the
# sockets buffer, fetched again after a kill: two keep the disk busy and that waste small.
ZIP_DOWNLOADS = 2
# Journal metadata of an update in progress (see `_bring_up_to_date`).
_UPDATE_SINCE = "update_since"
_UPDATE_STARTED = "update_started_at"
_UPDATE_MERGED = "update_merged:"
REPORTS_DIR = "reports"
#: Where the ledgers' bytes are kept as the service sent them: a name no spreadsheet opens on
#: a double-click, beside the neutralised copy people open (`_people_copy`).
RAW_REPORTS_DIR = f"{REPORTS_DIR}/raw"
RAW_REPORT_SUFFIX = ".csv.raw"
# Journal metadata: why a kind has no count (see `_take_count`).
_UNCOUNTED = "uncounted:"
# Permanent for one item: trying again later will not help.
_PERMANENT = (NotFound, Gone, PermissionDenied, InvalidRequest)
# Stops the whole run (the folder stays resumable).
_FATAL = (Cancelled, DiskFull, DestinationUnavailable, AuthenticationRequired)
#: The kinds the document downloads need listed first.
_DOWNLOAD_LISTS = ("folders", "documents")


@dataclass(frozen=True)
class ExportOptions:
    kinds: tuple[str, ...] = tuple(kind.key for kind in ALL_KINDS)
    documents: bool = True  # download the document files (records are always exported)
    reports: bool = True  # trust and client ledgers, where the server offers them
    workers: int = 4  # parallel document downloads
    kind_workers: int = 4  # kinds paged in parallel
    page_size: int = 200
    use_archives: bool = True
    archive_max_document_bytes: int = 1024 * 1024  # "small" documents go in archives
    archive_batch_documents: int = 200
    archive_batch_bytes: int = 64 * 1024 * 1024
    # Unpack archives as they download instead of keeping the zip on disk first: half the disk
    # writes. A kill loses only the entries in flight: documents already written whole to
    # their `.part` are taken as they are by the next run (`documents.stream_archive`).
    stream_archives: bool = True
    firm_name: str | None = None
    language: str = "en"  # the app's language ("en", "fr_CA"): index.html's and README's words
    verify_after: bool = True
    # A finished folder is brought up to date with what changed on the server since its last
    # run (False: a run on a finished folder only re-verifies it).
    incremental: bool = True


def archive_batches(
    items: list[DocumentItem], max_documents: int, max_bytes: int
) -> list[list[DocumentItem]]:
    """``items`` in order, cut into batches for one archive each: at most ``max_documents``
    and ``max_bytes``, except that the first three get 1/8, 1/4 and 1/2 of ``max_bytes`` so
    their unpacking starts while the server is still building the next (a single document
    bigger than the limit makes a batch of its own)."""
    batches: list[list[DocumentItem]] = []
    batch: list[DocumentItem] = []
    batch_bytes = 0
    for item in items:
        byte_limit = max_bytes >> max(0, 3 - len(batches))
        if batch and (len(batch) >= max_documents or batch_bytes + (item.size or 0) > byte_limit):
            batches.append(batch)
            batch, batch_bytes = [], 0
        batch.append(item)
        batch_bytes += item.size or 0
    if batch:
        batches.append(batch)
    return batches


@dataclass(frozen=True)
class _DownloadedArchive:
    """A batch's zip, downloaded whole, waiting to be unpacked."""

    record: ArchiveRecord
    path: Path
    batch: list[DocumentItem]


class _KindHashes:
    """A finished kind's record files, hashed on one thread while the other kinds are still
    paged, instead of all of them after the last page. `_finish` takes a file's hash for the
    manifest, and the final `verify` does not hash it again, only while it is still the same
    file (its identity, `signature`, unchanged since it was hashed); any other file is hashed
    there as before."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-kind-hash")
        self._hashing: dict[str, Future[tuple[int, str, Signature] | None]] = {}
        self._lock = threading.Lock()

    def add(self, relative: str) -> None:
        with self._lock:
            self._hashing[relative] = self._pool.submit(self._hash, relative)

    def _hash(self, relative: str) -> tuple[int, str, Signature] | None:
        path = self._root / relative
        try:
            before = signature(path.stat())
            waited = time.time_ns() - before[2]
            if waited < RECENT_NS:  # a change in the same clock step would not show
                time.sleep((RECENT_NS - max(waited, 0)) / 1e9)
                before = signature(path.stat())
            size, digest = sha256_file(path)
            after = signature(path.stat())
        except OSError:
            return None  # hashed again at the end, where a problem is reported
        return (size, digest, after) if before == after and size == after[0] else None

    def take(self, relative: str) -> tuple[int, str, Signature] | None:
        """(size, SHA-256, identity) of the file when it is still the file hashed, else None."""
        with self._lock:
            hashing = self._hashing.pop(relative, None)
        found = hashing.result() if hashing is not None else None
        if found is None:
            return None
        try:
            now = signature((self._root / relative).stat())
        except OSError:
            return None
        return found if now == found[2] else None

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class _Opening:
    """A kind's first list page, fetched for its count (`meta.records`) before the kinds are
    ordered, and then written by the kind's export without being asked for again."""

    count: int | AccountDeskError  # the count, or the (not fatal) error that stood in its way
    body: bytes | None = None  # the page as received (None: the kind fetches it itself)
    source: str = ""  # where it came from (for messages)


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


@dataclass(frozen=True)
class ExportResult:
    state: ExportState
    root: Path
    verified: bool
    problems: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    report: ExportReport | None = None
    reused: bool = False  # nothing was fetched: the export was already complete
    extra: Mapping[str, Any] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ExportEngine:
    """One export into one folder. Create, optionally `plan()`, then `run()` (blocking; call it
    from a worker thread in a GUI). A control object serves one run."""

    def __init__(
        self,
        http: HttpSession,
        root: Path,
        options: ExportOptions = ExportOptions(),
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
        # The run's worker processes, kept to its end for index.html (and started for archives).
        self._worker = KeptWorker()
        self._journal: Journal | None = None
        self._fatal: BaseException | None = None
        self._fatal_lock = threading.Lock()
        self._zip_downloads = threading.BoundedSemaphore(ZIP_DOWNLOADS)
        self._archives_offered: bool | None = None if options.use_archives else False
        self._finisher: Finisher | None = None  # while documents download
        # The version number of each document's current file (for the manifest)
        self._current_versions: dict[str, int | None] = {}
        self._early_hashes: EarlyHashes | None = None  # from the first document to `_finish`
        self._kind_hashes: _KindHashes | None = None  # the finished kinds' files, in `run`
        self._folders: ResolvedFolders = {}  # folders of streamed archives (see `inside_root`)
        self._reports_missing: list[str] = []
        self._reports_empty: list[str] = []  # the server said: no entries
        # The update pass left kinds to the normal run (their update failed): not unchanged.
        self._update_left_kinds = False
        self.control.add_listener(self._control_changed)

    # ----------------------------------------------------------------------- planning
    def count(self, kind: Kind, extra: Mapping[str, Any] | None = None) -> int:
        """The server's count of this kind (`meta.records` of a one-record page). The published
        list schemas do not promise `meta.records`: where a server leaves it out, the records
        are counted by paging their ids (`count_by_paging`)."""
        params = {"fields": "id", "limit": 1, **dict(extra or {}), **dict(kind.params)}
        answer = self.http.get_json(f"/api/v4/{kind.endpoint}.json", params, cancel=self.control)
        total = page_total(answer)
        if total is not None:
            return total
        meta = answer.get("meta") if isinstance(answer, Mapping) else None
        if isinstance(meta, Mapping) and meta.get("records") is not None:
            log.warning("%s: meta.records is not a count; counting by paging", kind.key)
        return self.count_by_paging(kind, extra)

    def count_by_paging(self, kind: Kind, extra: Mapping[str, Any] | None = None) -> int:
        """The records of this kind counted one page of ids after another (each id once)."""
        params = {
            "fields": "id",
            "limit": self.options.page_size,
            "order": "id(asc)",
            **dict(extra or {}),
            **dict(kind.params),
        }
        counted = 0
        for page in self.http.get_paged(
            f"/api/v4/{kind.endpoint}.json", params, cancel=self.control
        ):
            data, _ = _parse_page(page)
            counted += sum(1 for record in data if isinstance(record, Mapping))
        return counted

    def plan(self, *, with_sizes: bool = True) -> ExportPlan:
        """Counts per kind and, with ``with_sizes``, the documents' total size."""
        kinds = []
        for kind in self.kinds:
            uncounted: str | None = None
            try:
                expected: int | None = self.count(kind)
            except _PERMANENT:
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
        self._prepare_folder()
        journal = self._journal = self._open_journal()
        try:
            if journal.get_meta("complete") == "1":
                result = self._reverify_only()
                if result is not None:
                    if not self.options.incremental:
                        return result
                    self._start_update(journal)
            if journal.get_meta(_UPDATE_SINCE) is not None:
                changes = self._bring_up_to_date(journal)
                if not changes and not self._update_left_kinds:
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
            self._kind_hashes = _KindHashes(self.root)
            with self._worker:
                return self._run(journal)
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
            if self._early_hashes is not None:
                self._early_hashes.close()
                self._early_hashes = None
            if self._kind_hashes is not None:
                self._kind_hashes.close()
                self._kind_hashes = None
            journal.close()
            self._journal = None

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

    def _reverify_only(self) -> ExportResult | None:
        """Everything was done: check it again. If something was lost since, forget those
        files so the normal run fetches them again (returns None then)."""
        assert self._journal is not None
        self._tracker.set_state(ExportState.VERIFYING)
        result = verify(self.root, on_file=self._verify_checkpoint)
        if result.verified:
            self._tracker.set_state(ExportState.VERIFIED)
            return ExportResult(
                ExportState.VERIFIED, self.root, True, report=_safe_report(self.root), reused=True
            )
        log.warning("a finished export no longer verifies; repairing %s", self.root)
        self._journal.delete_meta("complete")
        self._forget_damaged(result)
        return None

    def _report_no_changes(self) -> ExportReport | None:
        """The report of a finished export that nothing on the server changed since: it no
        longer lists the changes of the run before (those were that run's news)."""
        report = _safe_report(self.root)
        if report is not None and report.extra.get("changes"):
            report = dataclasses.replace(report, extra={**report.extra, "changes": {}})
            write_report(self.root, report)
        return report

    def _verify_checkpoint(self, _done: int, _total: int) -> None:
        # Hashing a large export takes minutes: Pause and Cancel act between its files too.
        self.control.checkpoint()

    # ----------------------------------------------------------------------- updating
    def _start_update(self, journal: Journal) -> None:
        """A finished export is to be brought up to date: remember since when (the last
        run's start) before the folder stops counting as complete, so a kill from here on
        continues the update rather than forgetting it."""
        journal.set_meta(_UPDATE_SINCE, journal.get_meta("started_at") or _EPOCH)
        journal.set_meta(_UPDATE_STARTED, _now())
        journal.delete_meta("changes")
        journal.delete_meta("complete")

    def _count_changed(self, kind: Kind, since: str) -> int:
        return self.count(kind, {"updated_since": since})

    def _list(self, kind: Kind, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        query = {"limit": self.options.page_size, "order": "id(asc)", **params}
        for page in self.http.get_paged(
            f"/api/v4/{kind.endpoint}.json", {**query, **dict(kind.params)}, cancel=self.control
        ):
            data, _ = _parse_page(page)
            found.extend(record for record in data if isinstance(record, dict))
        return found

    def _bring_up_to_date(self, journal: Journal) -> dict[str, dict[str, int]]:
        """Merge what changed on the server since the last run into the finished kinds;
        returns the changes per kind (empty: nothing changed, the files are untouched)."""
        since = _minus_margin(journal.get_meta(_UPDATE_SINCE) or _EPOCH)
        self._tracker.set_state(ExportState.PLANNING)
        changes: dict[str, dict[str, int]] = {}
        for kind in self.kinds:
            self.control.checkpoint()
            self._check_destination()
            marker = f"{_UPDATE_MERGED}{kind.key}"
            stored = journal.get_meta(marker)
            if stored is not None:
                counts = json.loads(stored)
                if any(counts.values()):
                    changes[kind.key] = counts
                continue
            progress = journal.kind_progress(kind.key)
            if progress.state is not KindState.DONE:
                continue  # never finished: the normal run takes it
            try:
                total = self.count(kind)
                changed = self._count_changed(kind, since)
                result = KindChanges()
                if changed or total != progress.records:
                    fresh = self._list(kind, {"fields": kind.fields_param, "updated_since": since})
                    outcome = merge_kind(self.root, kind, fresh)
                    result = outcome.changes
                    if outcome.records != total:  # records were deleted on the server
                        ids = {id_key(r.get("id")) for r in self._list(kind, {"fields": "id"})}
                        outcome = merge_kind(self.root, kind, [], ids)
                        result = result.plus(outcome.changes)
                    if result.changed:
                        journal.commit_page(
                            kind.key,
                            next_url=None,
                            records=outcome.records,
                            jsonl_offset=outcome.jsonl_length,
                            csv_offset=outcome.csv_length,
                            done=True,
                        )
                    journal.set_expected(kind.key, total)
                    if kind.key == "documents":
                        # A changed document record may be a new version: fetch its file again.
                        for document_id in (*result.updated_ids, *result.removed_ids):
                            entry = journal.file_for("documents", document_id)
                            if entry is not None:
                                journal.forget_file(entry.path)
                        # The earlier versions of a deleted document leave the manifest too.
                        removed = set(result.removed_ids)
                        for source_id, entry in journal.files_of(VERSIONS_KIND).items():
                            if source_id.partition("/")[0] in removed:
                                journal.forget_file(entry.path)
            except _FATAL:
                raise
            except (*_PERMANENT, BadResponse) as exc:
                # Gone, refused, or listed in a way that cannot be merged (e.g. paging that
                # loops): the normal run takes the kind afresh, and says why if it fails again.
                journal.record_failure(kind.key, "*", _reason(exc), permanent=True)
                journal.reset_kind(kind.key)
                self._update_left_kinds = True
                continue
            journal.set_meta(marker, json.dumps(result.counts()))
            if result.changed:
                changes[kind.key] = result.counts()
                log.info("%s changed since the last export: %s", kind.key, result.counts())
        for kind in self.kinds:
            journal.delete_meta(f"{_UPDATE_MERGED}{kind.key}")
        journal.set_meta("started_at", journal.get_meta(_UPDATE_STARTED) or _now())
        if changes:
            journal.set_meta("changes", json.dumps(changes))
            for report_kind in REPORT_KINDS:  # the ledgers may have changed too
                entry = journal.file_for("reports", report_kind)
                if entry is not None:
                    journal.forget_file(entry.path)
        journal.delete_meta(_UPDATE_STARTED)
        journal.delete_meta(_UPDATE_SINCE)
        return changes

    def _forget_damaged(self, result: VerifyResult) -> None:
        assert self._journal is not None
        damaged = {ProblemKind.MISSING, ProblemKind.SIZE, ProblemKind.HASH}
        for problem in result.problems:
            if problem.kind not in damaged:
                continue
            if problem.where.startswith(RECORDS_DIR + "/"):
                key = Path(problem.where).stem
                self._journal.reset_kind(key)
            else:
                self._journal.forget_file(problem.where)

    def _run(self, journal: Journal) -> ExportResult:
        if journal.get_meta("started_at") is None:
            journal.set_meta("started_at", _now())
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
        unknown = [
            k for k in order if k not in first and journal.kind_progress(k.key).expected is None
        ]
        with ThreadPoolExecutor(
            max_workers=max(1, self.options.kind_workers), thread_name_prefix="export-kind"
        ) as pool:
            futures = {
                kind.key: pool.submit(self._guard, self._count_and_export, kind) for kind in first
            }
            # Each kind's first page, which its export needs anyway, carries its count: no
            # request is spent on counting alone (see `_opening`).
            with ThreadPoolExecutor(
                max_workers=max(1, self.options.kind_workers), thread_name_prefix="export-count"
            ) as counting:
                found = list(counting.map(partial(self._guard, self._opening), unknown))
            openings: dict[str, _Opening] = {}
            for kind, opening in zip(unknown, found, strict=True):
                self._take_count(journal, kind, None if opening is None else opening.count)
                if opening is not None:
                    openings[kind.key] = opening
            if self._fatal is None:
                for kind in self._kind_order(journal):
                    if kind.key not in futures:
                        futures[kind.key] = pool.submit(
                            self._guard, self._export_kind, kind, openings.pop(kind.key, None)
                        )
            if self.options.reports:  # small: by a kind's thread once it is free
                futures["(reports)"] = pool.submit(self._guard, self._export_reports)
            document_count: int | None = None
            if self.options.documents and "documents" in futures:
                for key in _DOWNLOAD_LISTS:
                    if key in futures:
                        wait([futures[key]])
                if self._fatal is None:
                    document_count = self._guard(self._export_documents)
            for future in futures.values():
                future.result()  # an unexpected error in a kind is not swallowed
        if self._fatal is not None:
            raise self._fatal
        return self._finish(journal, document_count)

    def _opening(self, kind: Kind) -> _Opening:
        """The kind's first page (the one its export starts with) and the server's count read
        from it (`meta.records`). Where the server leaves the count out, the records are
        counted by paging their ids (`count_by_paging`); the page is kept all the same."""
        self.control.checkpoint()
        try:
            response = self.http.request(
                "GET", self._first_url(kind), params=self._first_params(kind), cancel=self.control
            )
        except _FATAL:
            raise
        except AccountDeskError as exc:  # the kind's export asks again, and reports it
            return _Opening(exc)
        opening = partial(_Opening, body=response.content, source=response.url)
        try:
            page = decode_json(response)
        except BadResponse as exc:  # the kind's export writes it as the malformed page it is
            return opening(exc)
        total = page_total(page)
        if total is not None:
            return opening(total)
        meta = page.get("meta") if isinstance(page, Mapping) else None
        if isinstance(meta, Mapping) and meta.get("records") is not None:
            log.warning("%s: meta.records is not a count; counting by paging", kind.key)
        try:
            return opening(self.count_by_paging(kind))
        except _FATAL:
            raise
        except AccountDeskError as exc:
            return opening(exc)

    def _first_url(self, kind: Kind) -> str:
        return f"/api/v4/{kind.endpoint}.json"

    def _first_params(self, kind: Kind) -> dict[str, Any]:
        """The query of a kind's first page: every field, in id order, a full page."""
        return {
            "fields": kind.fields_param,
            "limit": self.options.page_size,
            "order": "id(asc)",
            **dict(kind.params),
        }

    def _take_count(
        self, journal: Journal, kind: Kind, found: int | AccountDeskError | None
    ) -> None:
        if isinstance(found, int):
            journal.set_expected(kind.key, found)
            journal.delete_meta(f"{_UNCOUNTED}{kind.key}")
            self._tracker.set_expected(kind.key, found)
        elif found is not None:
            # Kept for the report: without a count the kind cannot be proved complete.
            journal.set_meta(f"{_UNCOUNTED}{kind.key}", _reason(found))
            # Not fatal: the kind's first page carries the count again (meta.records).
            permanent = isinstance(found, _PERMANENT)
            journal.record_failure(kind.key, "*", _reason(found), permanent=permanent)

    def _count_and_export(self, kind: Kind) -> None:
        assert self._journal is not None
        opening: _Opening | None = None
        if self._journal.kind_progress(kind.key).expected is None:
            opening = self._opening(kind)
            self._take_count(self._journal, kind, opening.count)
        self._export_kind(kind, opening)

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

    def _guard(self, work: Callable[..., Any], *args: Any) -> Any:
        """Run ``work``; a fatal error stops every other worker and is re-raised by `run`."""
        try:
            return work(*args)
        except _FATAL as exc:
            self._stop(exc)
        except OSError as exc:
            self._stop(destination_error(exc, self.root))
        except sqlite3.OperationalError as exc:
            self._stop(journal_error(exc, self.root))
        except UnsafePathError as exc:
            self._stop(unsafe_error(exc, self.root))
        return None

    def _check_destination(self) -> None:
        """Stop at once when the export folder went away, instead of writing on into files
        nobody will find (or a folder re-created on another disk)."""
        if self._journal is not None and not self._journal.still_there():
            raise DestinationUnavailable(detail="the export folder was removed or moved")

    def _stop(self, exc: BaseException) -> None:
        with self._fatal_lock:
            if self._fatal is None:
                self._fatal = exc
        if not isinstance(exc, Cancelled):
            self.control.cancel()  # stop the other workers promptly

    def _control_changed(self) -> None:
        if self.control.cancelled:
            return
        self._tracker.set_state(ExportState.PAUSED if self.control.paused else ExportState.RUNNING)

    # ----------------------------------------------------------------------- records
    def _export_kind(self, kind: Kind, opening: _Opening | None = None) -> None:
        """Page the kind into its files; ``opening`` is its first page when planning fetched
        it already (used only when the kind starts from its first page)."""
        assert self._journal is not None
        journal = self._journal
        progress = journal.kind_progress(kind.key)
        if progress.state is KindState.DONE:
            self._tracker.kind_phase(kind.key, KindPhase.DONE)
            return
        self._tracker.kind_phase(kind.key, KindPhase.RUNNING, progress.records)
        params: dict[str, Any] | None = self._first_params(kind)
        url = self._first_url(kind)
        resumed = progress.state is KindState.RUNNING and bool(progress.next_url)
        if resumed and progress.next_url:
            url, params = progress.next_url, None
        records = progress.records if params is None else 0
        offsets = (progress.jsonl_offset, progress.csv_offset) if params is None else (0, 0)
        # Every page goes through the guard: paging that loops or leaves the server stops the
        # kind with a failure, and no record is written twice.
        guard = PageGuard(self.http.resolve, where=kind.key, page_size=self.options.page_size)
        failed_pages: set[str] = set()  # this run's, kept when the kind finishes
        # A big kind's pages are decoded and written as bytes in a worker process, so this
        # process's threads (one interpreter lock) only fetch and write; a small one's here.
        expected = journal.kind_progress(kind.key).expected or 0
        work = PageWork(kind.columns, use_worker=expected > PageWork.MIN_RECORDS, kind_key=kind.key)
        # Pages written since the journal last counted them: (next url, records). They become
        # durable together (two fsyncs and one commit) at most every COMMIT_SECONDS; a kill
        # before that loses only them (the files are cut back to the journal's lengths).
        pending: tuple[str | None, int] | None = None
        committed_at = time.monotonic()

        def commit() -> None:
            nonlocal pending, committed_at
            if pending is None:
                return
            jsonl_offset, csv_offset = sink.sync()
            journal.commit_page(
                kind.key,
                next_url=pending[0],
                records=pending[1],
                jsonl_offset=jsonl_offset,
                csv_offset=csv_offset,
                done=pending[0] is None,
            )
            if pending[0] is None:
                sink.seal()  # index.html can take the kind's rows made on the way
            pending, committed_at = None, time.monotonic()

        with (
            work,
            RecordSink(self.root, kind, jsonl_offset=offsets[0], csv_offset=offsets[1]) as sink,
            PagePrefetcher(self.http, self.control, kind.key, work) as pages,
        ):
            if records:  # resumed: the records written before are the listing's already
                guard.remember(
                    r.get("id") for r in read_records(sink.jsonl_path) if isinstance(r, dict)
                )
            while True:
                if self.control.paused or self.control.cancelled:
                    commit()  # what is written is kept before the run waits or stops
                self.control.checkpoint()
                self._check_destination()
                stopped: PagingStopped | None = None
                try:
                    if params is not None and opening is not None and opening.body is not None:
                        page: WrittenPage = pages.received(opening.body, opening.source)
                    else:
                        page = pages.get(url, params)
                    opening = None  # its memory goes with it
                    if params is not None and journal.kind_progress(kind.key).expected is None:
                        if page.total is not None:
                            journal.set_expected(kind.key, page.total)
                            self._tracker.set_expected(kind.key, page.total)
                    guard.set_expected(journal.kind_progress(kind.key).expected)
                    try:
                        repeated = guard.take(list(page.ids))
                    except PagingStopped as exc:  # nothing of this page is new: none written
                        stopped, repeated = exc, set(range(len(page.ids)))
                    if repeated:
                        page = without_records(page, kind.columns, kind.key, repeated)
                    if stopped is None:
                        try:
                            next_url = guard.next_page(url, page.next_url)
                        except PagingStopped as exc:  # this page is written, none after it
                            stopped, next_url = exc, None
                    else:
                        next_url = None
                except _FATAL:
                    raise
                except AccountDeskError as exc:
                    commit()
                    permanent = isinstance(exc, _PERMANENT)
                    journal.record_failure(kind.key, "*", _reason(exc), permanent=permanent)
                    self._tracker.kind_phase(kind.key, KindPhase.FAILED)
                    log.warning("%s: %s", kind.key, exc.detail or exc.message)
                    return
                if page.good != page.received:
                    failed_pages.add(f"page-{records}")
                    journal.record_failure(
                        kind.key,
                        f"page-{records}",
                        f"{page.received - page.good} malformed record(s) in a page",
                        permanent=True,
                    )
                if stopped is not None:
                    journal.record_failure(kind.key, "*", _reason(stopped), permanent=True)
                    failed_pages.add("*")
                    log.warning("%s: %s", kind.key, stopped.detail)
                if next_url is not None:
                    pages.prefetch(next_url)  # the server works on it while this page is written
                sink.write_page(page)
                records += page.good
                pending = (next_url, records)
                if (
                    next_url is None
                    or page.good != page.received
                    or time.monotonic() - committed_at >= COMMIT_SECONDS
                ):
                    commit()
                self._tracker.records(kind.key, page.good)
                if next_url is None:
                    break
                url, params = next_url, None
        # The list succeeded: clear its earlier failures, except the malformed pages of this
        # pass (and, when it resumed mid-way, those of the pages before). Failures of single
        # items of the kind (document files) are not the list's to clear.
        keep = set(failed_pages)
        for failure in journal.failures():
            if failure.kind != kind.key or failure.item_id == "*":
                continue
            if resumed or not failure.item_id.startswith("page-"):
                keep.add(failure.item_id)
        journal.resolve_failures(kind.key, keep=keep)
        if self._kind_hashes is not None:  # its files are final: hashed while others page
            for suffix in ("jsonl", "csv"):
                self._kind_hashes.add(f"{RECORDS_DIR}/{kind.key}.{suffix}")
        self._tracker.kind_phase(kind.key, KindPhase.DONE)

    # ----------------------------------------------------------------------- documents
    def _export_documents(self) -> int:
        """The documents' current files, then their earlier versions (listed only once the
        current files are there: their lists cost a request per document that has several,
        and must not hold back every other document's progress)."""
        assert self._journal is not None
        journal = self._journal
        documents = self._document_items(journal)
        self._current_versions = {str(item.id): item.version for item in documents}
        pending, done_bytes = self._pending(documents, journal.files_of("documents"))
        total_bytes = done_bytes + sum(item.size or 0 for item in pending)
        self._tracker.documents_planned(
            len(documents), total_bytes, len(documents) - len(pending), done_bytes
        )
        if pending:
            self._download_all(pending)
        self.control.checkpoint()
        # The progress counts documents; their earlier versions count in the bytes only.
        earlier = self._earlier_versions(journal, documents)
        pending, done_bytes = self._pending(earlier, journal.files_of(VERSIONS_KIND))
        self._tracker.more_bytes_planned(
            done_bytes + sum(item.size or 0 for item in pending), done_bytes
        )
        if pending:
            self._download_all(pending)
        return len(documents)

    def _pending(
        self, items: list[DocumentItem], finished: Mapping[str, FileEntry]
    ) -> tuple[list[DocumentItem], int]:
        """The ``items`` whose file is not there yet, and the bytes of those that are."""
        pending: list[DocumentItem] = []
        done_bytes = 0
        for item in items:
            entry = finished.get(item.source_id)
            if entry is not None and entry.path == item.path.as_posix():
                target = self.root / entry.path
                if target.is_file() and target.stat().st_size == entry.size:
                    done_bytes += entry.size
                    continue
            pending.append(item)
        return pending, done_bytes

    def _allocator(self, journal: Journal) -> PathAllocator:
        """The path allocator with every path this export handed out (saved in the journal)."""
        budget = journal.get_meta("path_budget")
        if budget is None:
            budget = str(max(100, DEFAULT_MAX_PATH_CHARS - len(str(self.root.resolve())) - 1))
            journal.set_meta("path_budget", budget)
        allocator = PathAllocator(max_path_chars=int(budget))
        for key, path in sorted(journal.saved_paths().items()):
            allocator.restore(key, path)
        return allocator

    def _document_items(self, journal: Journal) -> list[DocumentItem]:
        """Every listed document with its place under `documents/` (assigned paths are saved in
        the journal, so a resume keeps them). The folder records, the tree and the allocator
        are needed only here: with thousands of folders they are megabytes, gone before the
        downloads start."""
        allocator = self._allocator(journal)
        records = self.root / RECORDS_DIR
        # Only each folder's name and parent are kept, not its record.
        tree = FolderTree(allocator, read_folders(records / "folders.jsonl"))
        items: list[DocumentItem] = []
        unusable = 0
        for record in read_records(records / "documents.jsonl"):
            item = document_item(record, tree, allocator)
            if item is None:
                unusable += 1
                journal.record_failure(
                    "documents", "?", "a document record without a usable id", permanent=True
                )
                continue
            items.append(item)
        # Failures of documents that are no longer listed (or of an unusable record that is
        # gone) are not part of this export any more; every other failure stays until its
        # document is fetched (`finish_file` clears it).
        listed = {str(item.id) for item in items}
        keep = {
            f.item_id
            for f in journal.failures()
            if f.kind == "documents" and (f.item_id in listed or not f.item_id.isdigit())
        }
        if not unusable:
            keep.discard("?")
        journal.resolve_failures("documents", keep=keep)
        journal.save_paths(allocator.assignments())
        return items

    def _earlier_versions(self, journal: Journal, items: list[DocumentItem]) -> list[DocumentItem]:
        """A file for each earlier version of every document that has several (see
        `app.export.versions`): their lists are asked for at once, a request per such document
        (none when a resumed run already has it)."""
        several = [item for item in items if has_earlier_versions(item)]

        def fetch(document_id: int) -> list[dict[str, Any]]:
            return list_versions(self.http, document_id, self.control)

        def listed(item: DocumentItem) -> list[dict[str, Any]] | AccountDeskError:
            try:
                return listed_versions(item, journal.get_meta, journal.set_meta, fetch)
            except _FATAL:
                raise
            except AccountDeskError as exc:
                return exc

        planned: list[DocumentItem] = []
        unlisted: set[str] = set()
        with ThreadPoolExecutor(
            max_workers=max(1, self.options.workers), thread_name_prefix="export-versions"
        ) as pool:
            answers = list(pool.map(listed, several))
        # every path handed out so far is taken: a version's file never takes another's name
        allocator = self._allocator(journal) if several else PathAllocator()
        for item, answer in zip(several, answers, strict=True):
            if isinstance(answer, AccountDeskError):
                key = version_source_id(item.id, None)
                unlisted.add(key)
                journal.record_failure(
                    VERSIONS_KIND,
                    key,
                    _reason(answer),
                    permanent=isinstance(answer, _PERMANENT),
                )
                continue
            planned.extend(version_items(item, answer, allocator))
        if planned:
            journal.save_paths(allocator.assignments())
        # Failures of versions no longer planned (their document gone, or listed now) are over.
        journal.resolve_failures(VERSIONS_KIND, keep={v.source_id for v in planned} | unlisted)
        return planned

    def _download_all(self, pending: list[DocumentItem]) -> None:
        options = self.options
        small = [  # an earlier version cannot be an archive item: fetched on its own
            item
            for item in pending
            if item.size is not None
            and 0 < item.size <= options.archive_max_document_bytes
            and item.version_id is None
        ]
        batches: list[list[DocumentItem]] = []
        documents = any(item.version_id is None for item in pending)  # not only versions
        resumed = (
            self._resumable_archives(small)
            if documents and self._archives_offered is not False
            else []
        )
        if resumed:
            in_resumed = {item.id for _, items in resumed for item in items}
            small = [item for item in small if item.id not in in_resumed]
        if self._archives_offered is not False and len(small) >= 2:
            batches = archive_batches(
                small, options.archive_batch_documents, options.archive_batch_bytes
            )
        in_batches = {item.id for batch in batches for item in batch}
        in_batches |= {item.id for _, items in resumed for item in items}
        singles = [  # and every earlier version (same document id, never in an archive)
            item for item in pending if item.id not in in_batches or item.version_id is not None
        ]
        assert self._journal is not None
        if self.options.verify_after and self._early_hashes is None:
            self._early_hashes = EarlyHashes(self.root)
        finisher = self._finisher = Finisher(self._files_finished)
        downloader = Downloader(
            self.http,
            self.root,
            self.control,
            self._tracker.bytes,
            part_etags=self._journal.part_etags(),
            finisher=finisher,
        )
        try:
            self._run_downloads(downloader, resumed, batches, singles)
        finally:
            self._finisher = None
            error = finisher.close()
        if error is not None:
            raise error

    def _files_finished(self, entries: list[FileEntry]) -> None:
        """Documents the finisher made durable: the journal counts them from now on."""
        assert self._journal is not None
        self._journal.finish_files(entries)
        for entry in entries:
            if entry.kind != VERSIONS_KIND:
                self._tracker.document_done()
        if self._early_hashes is not None:
            self._early_hashes.add(entries)

    def _run_downloads(
        self,
        downloader: Downloader,
        resumed: list[tuple[ArchiveRecord, list[DocumentItem]]],
        batches: list[list[DocumentItem]],
        singles: list[DocumentItem],
    ) -> None:
        options = self.options
        in_archives = [item for batch in batches for item in batch]
        in_archives += [item for _, items in resumed for item in items]
        if (
            not options.stream_archives
            and sum(item.size or 0 for item in in_archives) >= UNPACK_IN_WORKERS_BYTES
        ):
            # Copying entries out of the zips is mostly interpreter work: in the page workers
            # it runs beside the downloads instead of taking turns with them.
            self._worker.start()
        # Two stages for archives: the download threads ask for zips and fetch them, and the
        # unpack threads copy the documents out of the zips already here. The server builds
        # and sends the next zips while the disk takes the last one's documents, instead of
        # each waiting for the other.
        with (
            ThreadPoolExecutor(
                max_workers=max(1, options.workers), thread_name_prefix="export-doc"
            ) as pool,
            ThreadPoolExecutor(
                max_workers=UNPACK_THREADS, thread_name_prefix="export-unpack"
            ) as unpackers,
        ):
            running: set[Future[Any]] = set()
            archives: set[Future[Any]] = set()  # zips asked for, downloading or unpacking
            queue: list[tuple[str, Any]] = [("archive", r) for r in resumed]
            queue += [("archive", (None, b)) for b in batches]
            queue += [("single", item) for item in singles]
            while (queue or running) and self._fatal is None:
                while queue and len(running) < options.workers * 2:
                    what, payload = queue[0]
                    if what == "archive":
                        if len(archives) >= options.workers + UNPACK_THREADS:
                            break  # zips enough on their way until the unpacking catches up
                        queue.pop(0)
                        fetched = pool.submit(self._guard, self._archive_batch, payload)
                        archives.add(fetched)
                        running.add(fetched)
                    else:
                        queue.pop(0)
                        running.add(pool.submit(self._guard, self._single, downloader, payload))
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                archives -= finished
                for future in finished:
                    result = future.result()
                    if isinstance(result, _DownloadedArchive):
                        unpacked = unpackers.submit(self._guard, self._unpack_batch, result)
                        archives.add(unpacked)
                        running.add(unpacked)
                    elif isinstance(result, list):
                        queue[:0] = [("single", item) for item in result]
            for future in running:
                future.cancel()

    def _single(self, downloader: Downloader, item: DocumentItem) -> None:
        assert self._journal is not None
        self._check_destination()
        try:
            downloader.fetch(item)  # the finisher reports it to the journal
        except _FATAL:
            raise
        except ItemFailed as exc:
            self._journal.record_failure(
                item.kind, item.source_id, exc.message, permanent=exc.permanent
            )
            return
        except AccountDeskError as exc:
            permanent = isinstance(exc, _PERMANENT)
            self._journal.record_failure(
                item.kind, item.source_id, _reason(exc), permanent=permanent
            )
            log.warning("document %s: %s", item.id, exc.detail or exc.message)

    def _resumable_archives(
        self, small: list[DocumentItem]
    ) -> list[tuple[ArchiveRecord, list[DocumentItem]]]:
        """Archives an interrupted run left unfinished, with their documents still to do, so
        their downloads continue (or their zips are unpacked) instead of starting over."""
        assert self._journal is not None
        by_id = {item.id: item for item in small}
        resumed = []
        for key, text in sorted(self._journal.meta_with_prefix(ARCHIVE_META).items()):
            record = ArchiveRecord.parse(key.removeprefix(ARCHIVE_META), text)
            items = [by_id.pop(i) for i in record.ids if i in by_id] if record else []
            zip_path = self._archive_path(record.key) if record else None
            usable = zip_path is not None and (
                zip_path.is_file()  # downloaded whole; some documents may be unpacked already
                # the server's job: its zip is read again from the first document not done
                or (record is not None and record.job is not None)
                or (len(items) == len(record.ids) if record else False)  # none unpacked yet
            )
            if record is not None and items and usable:
                resumed.append((record, items))
            else:
                self._forget_archive(key.removeprefix(ARCHIVE_META))
        return resumed

    def _archive_path(self, key: str) -> Path:
        return self.root / STATE_DIR / "archives" / f"batch-{key}.zip"

    def _forget_archive(self, key: str) -> None:
        assert self._journal is not None
        path = self._archive_path(key)
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".part").unlink(missing_ok=True)
        self._journal.delete_meta(ARCHIVE_META + key)

    def _archive_batch(
        self, job: tuple[ArchiveRecord | None, list[DocumentItem]]
    ) -> list[DocumentItem] | _DownloadedArchive:
        """Fetch a batch as one zip (or continue an earlier run's): the zip on disk, still to
        unpack (`_unpack_batch`), or the documents still to fetch one by one."""
        assert self._journal is not None
        journal = self._journal
        saved, batch = job
        if self._archives_offered is False:
            return batch
        self._check_destination()
        archives = self.root / STATE_DIR / "archives"
        make_dirs_below(self.root, archives)
        record = saved or ArchiveRecord.for_items(batch)
        destination = self._archive_path(record.key)

        def remember(server_job: ArchiveJob) -> None:
            journal.set_meta(ARCHIVE_META + record.key, record.with_job(server_job).dumps())

        finisher = self._finisher
        leftovers: list[DocumentItem] | None = None
        try:
            if not (saved is not None and destination.is_file()):
                server_job, size = archive_job(
                    self.http,
                    batch,
                    self.control,
                    resume=saved.job if saved is not None else None,
                    remember=remember,
                )
                self._archives_offered = True
                try:
                    if not self.options.stream_archives:
                        raise StreamingUnavailable("not asked for")
                    # Unpacked as it arrives: no copy of the zip on disk to write and read back.
                    with self._zip_downloads:
                        leftovers = stream_archive(
                            self.http,
                            server_job,
                            size,
                            batch,
                            self.root,
                            self.control,
                            self._tracker.bytes,
                            finisher,
                            remember,
                            self._folders,
                        )
                except StreamingUnavailable as exc:
                    log.info("archive %s read whole (%s)", server_job.id, exc)
                    with self._zip_downloads:
                        fetch_archive(
                            self.http, server_job, destination, self.control, remember=remember
                        )
        except ArchiveUnavailable as exc:
            self._forget_archive(record.key)  # its documents go one by one
            if self._archives_offered is None:
                self._archives_offered = False
                log.info("document archives not available (%s); fetching one by one", exc)
            return batch
        self._archives_offered = True
        if leftovers is None:  # the whole zip is on disk (this run's or an earlier one's)
            return _DownloadedArchive(record, destination, batch)
        return self._archive_done(record, leftovers)

    def _unpack_batch(self, archive: _DownloadedArchive) -> list[DocumentItem]:
        """Copy a downloaded zip's documents into place; returns those still to fetch one by
        one."""
        self._check_destination()
        _, leftovers = unpack_archive(
            archive.path,
            archive.batch,
            self.root,
            self._tracker.bytes,
            self.control,
            self._finisher,
            run=self._worker.submit,
        )
        return self._archive_done(archive.record, leftovers)

    def _archive_done(
        self, record: ArchiveRecord, leftovers: list[DocumentItem]
    ) -> list[DocumentItem]:
        finisher = self._finisher
        # Only once its documents are durable and counted: a kill before keeps the zip.
        if finisher is not None:
            finisher.after(lambda: self._forget_archive(record.key))
        else:
            self._forget_archive(record.key)
        if leftovers:
            log.info(
                "%d document(s) not usable from the archive; fetching one by one", len(leftovers)
            )
        return leftovers

    # ----------------------------------------------------------------------- reports
    def _export_reports(self) -> None:
        assert self._journal is not None
        directory = self.root / REPORTS_DIR
        for report_kind in REPORT_KINDS:
            self.control.checkpoint()
            existing = self._journal.file_for("reports", report_kind)
            if existing is not None and existing.path == _raw_report(report_kind):
                if (self.root / existing.path).is_file():
                    self._people_copy(report_kind)  # written again: it is derived, and small
                    continue
            elif existing is not None:  # an export made before the raw bytes were kept apart
                self._journal.forget_file(existing.path)
            try:
                self._fetch_report(report_kind, directory)
            except _FATAL:
                raise
            except _ReportNotOffered as exc:
                self._reports_missing.append(report_kind)
                log.info("report %s not offered: %s", report_kind, exc.detail)
            except AccountDeskError as exc:
                # Refused (403, a 404 for the report made, a failed job...): a failure the
                # report and the command line name, never passed over as "not offered".
                self._journal.record_failure(
                    "reports",
                    report_kind,
                    f"the report could not be fetched: {_reason(exc, detailed=True)}",
                    permanent=isinstance(exc, _PERMANENT),
                )
                log.warning("report %s failed: %s", report_kind, exc.detail or exc.message)

    def _fetch_report(self, report_kind: str, directory: Path) -> None:
        assert self._journal is not None
        try:
            created = self.http.post_json(
                "/api/v4/reports.json",
                {"data": {"kind": report_kind, "format": "csv"}},
                cancel=self.control,
            )
        except (NotFound, InvalidRequest) as exc:
            # The service's answer to asking for the report: it has no such report (404 Not
            # Found, or 400/422 refusing the kind). Any other refusal is a failure.
            raise _ReportNotOffered(detail=exc.detail or exc.message) from None
        data = created.get("data") if isinstance(created, Mapping) else None
        report_id = data.get("id") if isinstance(data, Mapping) else None
        if not isinstance(report_id, int | str) or isinstance(report_id, bool):
            raise BadResponse(detail="report answer without an id")
        done = wait_until_completed(
            self.http,
            f"/api/v4/reports/{report_id}.json",
            self.control,
            2.0,
            600.0,
            finished=("completed", "empty"),
        )
        relative = _raw_report(report_kind)
        make_dirs_below(self.root, self.root / RAW_REPORTS_DIR)
        target = inside_root(self.root, relative)
        part = target.with_name(target.name + ".part")
        etag: str | None = None
        if done.get("state") == "empty":
            # The server has no entries for it: an empty ledger, and the report says why.
            self._reports_empty.append(report_kind)
            with create_file(part) as handle:
                os.fsync(handle.fileno())
        else:
            with self.http.stream_download(
                f"/api/v4/reports/{report_id}/download.json", cancel=self.control
            ) as download:
                with create_file(part) as handle:
                    for chunk in download.iter_chunks(CHUNK):
                        handle.write(chunk)
                    handle.flush()
                    os.fsync(handle.fileno())
                etag = download.etag
        finish_part(part, target)
        size, digest = sha256_file(target)
        self._people_copy(report_kind)
        self._journal.finish_file(FileEntry(relative, "reports", report_kind, size, digest, etag))

    def _people_copy(self, report_kind: str) -> None:
        """The ledger people open, written from the service's bytes: a client named
        ``=HYPERLINK(...)`` must not become a live formula in the bookkeeper's spreadsheet."""
        raw = inside_root(self.root, _raw_report(report_kind))
        with open_existing(raw, "rb") as handle:
            text = neutralised_csv(handle.read())
        target = inside_root(self.root, _people_report(report_kind))
        part = target.with_name(target.name + ".part")
        with create_file(part) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        finish_part(part, target)

    # ----------------------------------------------------------------------- finishing
    def _finish(self, journal: Journal, document_count: int | None) -> ExportResult:
        self._check_destination()
        self._tracker.set_state(ExportState.VERIFYING)
        # A cancel that came with the last progress (the last files can finish within one
        # progress interval) still stops here; the next run only verifies.
        self.control.checkpoint()
        files = journal.files()
        document_paths = {f.source_id: f.path for f in files if f.kind == "documents"}
        entries = list(files)
        # index.html is written by the worker process when the run started one (a big export),
        # else by this thread, while other threads hash the record files (hashlib lets go of
        # the interpreter): at 200,000 records each takes about half a second.
        firm = self.options.firm_name
        page_args = (self.root, document_paths, firm, self.options.language)
        indexing = self._worker.submit(write_pages, *page_args)
        # Record files hashed when their kind finished, and still the same files.
        kept: Hashed = {}
        with ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="manifest") as pool:
            hashing = []
            for kind in self.kinds:
                for relative in (f"{RECORDS_DIR}/{kind.key}.{s}" for s in ("jsonl", "csv")):
                    found = self._kind_hashes.take(relative) if self._kind_hashes else None
                    if found is not None:
                        entries.append(FileEntry(relative, kind.key, "", found[0], found[1]))
                        kept[relative] = (found[2], found[1])
                    elif (self.root / relative).is_file():
                        hashing.append(
                            (kind.key, relative, pool.submit(sha256_file, self.root / relative))
                        )
            # The ledgers' copies for people (the service's bytes are the journal's entries).
            hashing += [
                ("reports", relative, pool.submit(sha256_file, self.root / relative))
                for relative in (
                    _people_report(f.source_id)
                    for f in files
                    if f.kind == "reports" and f.path == _raw_report(f.source_id)
                )
                if (self.root / relative).is_file()
            ]
            if indexing is not None:
                try:
                    pages = indexing.result()
                except BrokenProcessPool:  # the worker died: write it here
                    indexing = None
            if indexing is None:
                pages = write_pages(*page_args)
            for key, relative, hashed in hashing:
                size, digest = hashed.result()
                entries.append(FileEntry(relative, key, "", size, digest))
        for name in pages:  # index.html and README.txt (LISEZMOI.txt too in French)
            size, digest = sha256_file(self.root / name)
            entries.append(FileEntry(name, "index", "", size, digest))
        finished_at = _now()
        server = journal.get_meta("server") or ""
        write_manifest(
            self.root,
            entries,
            server=server,
            created_at=finished_at,
            versions=self._current_versions,
        )

        failures = journal.failures()
        kind_reports = []
        all_done = True
        for kind in self.kinds:
            progress = journal.kind_progress(kind.key)
            # Without the server's count nothing proves the kind complete: the report says so.
            # ...and a kind whose files hold other than the server's count is not complete either.
            all_done &= (
                progress.state is KindState.DONE
                and progress.expected is not None
                and progress.records == progress.expected
            )
            # A document's earlier versions are reported with the documents.
            kinds_of = (kind.key, VERSIONS_KIND) if kind.key == "documents" else (kind.key,)
            failed = tuple(
                FailedItem(f.item_id, f.reason, f.permanent) for f in failures if f.kind in kinds_of
            )
            if progress.state is KindState.DONE and progress.expected is None:
                why = journal.get_meta(f"{_UNCOUNTED}{kind.key}")
                failed += (FailedItem(COUNT_ITEM, _uncounted_reason(why), False),)
            kind_reports.append(
                KindReport(kind.key, kind.label, progress.expected, progress.records, failed)
            )
        report_failures = tuple(
            FailedItem(f.item_id, f.reason, f.permanent) for f in failures if f.kind == "reports"
        )
        reports_done = sum(1 for f in files if f.kind == "reports")
        kind_reports.append(KindReport("reports", "Reports", None, reports_done, report_failures))
        documents_done = len(document_paths)
        complete = (
            all_done
            and not failures
            and (document_count is None or documents_done >= document_count)
        )
        report = ExportReport(
            server=server,
            started_at=journal.get_meta("started_at") or finished_at,
            finished_at=finished_at,
            complete=complete,
            verified=False,
            kinds=tuple(kind_reports),
            documents_expected=document_count,
            documents_exported=documents_done,
            document_bytes=sum(f.size for f in files if f.kind == "documents"),
            extra={
                "reports_not_offered": list(self._reports_missing),
                "reports_empty": list(self._reports_empty),
                "changes": json.loads(journal.get_meta("changes") or "{}"),
                # the documents' earlier versions, each a file beside its document
                "document_versions": {
                    "exported": sum(1 for f in files if f.kind == VERSIONS_KIND),
                    "bytes": sum(f.size for f in files if f.kind == VERSIONS_KIND),
                },
            },
        )
        write_report(self.root, report)
        journal.set_meta("finished_at", finished_at)
        problems: tuple[str, ...] = ()
        verified = False
        if self.options.verify_after:
            early = self._early_hashes.close() if self._early_hashes is not None else None
            self._early_hashes = None
            known = {**(early or {}), **kept}
            result = verify(self.root, on_file=self._verify_checkpoint, hashed=known or None)
            verified = result.verified
            problems = tuple(str(problem) for problem in result.problems)
        if complete and verified:
            journal.set_meta("complete", "1")
        state = ExportState.VERIFIED if complete and verified else ExportState.INCOMPLETE
        self._tracker.set_state(state)
        return ExportResult(
            state,
            self.root,
            verified,
            problems,
            tuple(failures),
            _safe_report(self.root),
            extra={"changes": json.loads(journal.get_meta("changes") or "{}")},
        )


def _raw_report(report_kind: str) -> str:
    """Where a ledger's bytes, as the service sent them, are kept."""
    return f"{RAW_REPORTS_DIR}/{report_kind}{RAW_REPORT_SUFFIX}"


def _people_report(report_kind: str) -> str:
    """Where a ledger's neutralised copy for people goes."""
    return f"{REPORTS_DIR}/{report_kind}.csv"


def _parse_page(page: Any) -> tuple[list[Any], str | None]:
    try:
        return parse_page(page)
    except MalformedPage as exc:
        raise BadResponse(detail=exc.detail) from None


class _ReportNotOffered(AccountDeskError):  # noqa: N818 - named like app.errors
    """The service says it does not offer a report (its answer to creating one)."""


def _uncounted_reason(why: str | None) -> str:
    """Why a kind is not verified though every page was fetched."""
    base = "not verified: the service gave no count of these records"
    return f"{base} ({why})" if why else f"{base}; counting them by paging did not succeed"


def _minus_margin(instant: str) -> str:
    """`updated_since` a little before the last run's start: the server's clock may be a bit
    behind this computer's. Records changed in the overlap are compared, not counted twice."""
    try:
        moment = datetime.strptime(instant, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return _EPOCH
    return (moment - UPDATE_MARGIN).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reason(exc: AccountDeskError, *, detailed: bool = False) -> str:
    """The failure's reason for the report; ``detailed`` adds what exactly an unreadable
    answer was (e.g. a job state the client does not know)."""
    if isinstance(exc, HttpError):
        kind = f" {exc.error_type}" if exc.error_type else ""
        return f"HTTP {exc.status}{kind}: {exc.server_message or exc.message}"
    if detailed and isinstance(exc, BadResponse) and exc.detail:
        return f"{exc.message} ({exc.detail})"
    return exc.message


def _safe_report(root: Path) -> ExportReport | None:
    from app.export.manifest import read_report

    try:
        return read_report(root)
    except ValueError:
        return None


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
