"""The end of an export run: index.html, the manifest and the report written, then the
whole folder verified; and the result the wizard and the command line show."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from app.export.control import ExportState
from app.export.indexpage import write_pages
from app.export.journal import FileEntry, KindState
from app.export.kinds import Kind
from app.export.manifest import (
    COUNT_ITEM,
    TEMPLATES_KIND,
    VERSIONS_KIND,
    ExportReport,
    FailedItem,
    KindReport,
    earlier_version_paths,
    read_report,
    sha256_file,
    write_manifest,
    write_report,
)
from app.export.records import RECORDS_DIR
from app.export.records_run import UNCOUNTED
from app.export.reports_run import people_report, raw_report
from app.export.result import ExportResult
from app.export.run import ExportRun, RunPart, now
from app.export.verify import HASH_THREADS, Hashed, verify


class FinishRun(RunPart):
    """Writes the run's index.html, manifest and report, then verifies the folder."""

    def __init__(self, run: ExportRun, kinds: tuple[Kind, ...]) -> None:
        super().__init__(run)
        self.kinds = kinds

    def finish(self, document_count: int | None) -> ExportResult:
        journal = self.journal
        self.run.check_destination()
        self.tracker.set_state(ExportState.VERIFYING)
        # A cancel that came with the last progress (the last files can finish within one
        # progress interval) still stops here; the next run only verifies.
        self.control.checkpoint()
        files = journal.files()
        document_paths = {f.source_id: f.path for f in files if f.kind == "documents"}
        version_paths = earlier_version_paths(files)
        entries = list(files)
        # index.html is written by the worker process when the run started one (a big export),
        # else by this thread, while other threads hash the record files (hashlib lets go of
        # the interpreter): at 200,000 records each takes about half a second.
        firm = self.options.firm_name
        template_paths = {
            f.source_id: f.path for f in files if f.kind == TEMPLATES_KIND and f.source_id
        }
        page_args = (
            self.root,
            document_paths,
            firm,
            self.options.language,
            version_paths,
            template_paths,
        )
        indexing = self.run.worker.submit(write_pages, *page_args)
        # Record files hashed when their kind finished, and still the same files.
        kept: Hashed = {}
        with ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="manifest") as pool:
            hashing = []
            for kind in self.kinds:
                for relative in (f"{RECORDS_DIR}/{kind.key}.{s}" for s in ("jsonl", "csv")):
                    found = self.run.kind_hashes.take(relative) if self.run.kind_hashes else None
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
                    people_report(f.source_id)
                    for f in files
                    if f.kind == "reports" and f.path == raw_report(f.source_id)
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
        finished_at = now()
        server = journal.get_meta("server") or ""
        write_manifest(
            self.root,
            entries,
            server=server,
            created_at=finished_at,
            versions=self.run.current_versions,
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
                why = journal.get_meta(f"{UNCOUNTED}{kind.key}")
                failed += (FailedItem(COUNT_ITEM, uncounted_reason(why), False),)
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
                "reports_not_offered": list(self.run.reports_missing),
                "reports_empty": list(self.run.reports_empty),
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
            early = self.run.early_hashes.close() if self.run.early_hashes is not None else None
            self.run.early_hashes = None
            known = {**(early or {}), **kept}
            result = verify(self.root, on_file=self.run.verify_checkpoint, hashed=known or None)
            verified = result.verified
            problems = tuple(str(problem) for problem in result.problems)
        if complete and verified:
            journal.set_meta("complete", "1")
        state = ExportState.VERIFIED if complete and verified else ExportState.INCOMPLETE
        self.tracker.set_state(state)
        return ExportResult(
            state,
            self.root,
            verified,
            problems,
            tuple(failures),
            safe_report(self.root),
            extra={"changes": json.loads(journal.get_meta("changes") or "{}")},
        )


def uncounted_reason(why: str | None) -> str:
    """Why a kind is not verified though every page was fetched."""
    base = "not verified: the service gave no count of these records"
    return f"{base} ({why})" if why else f"{base}; counting them by paging did not succeed"


def safe_report(root: Path) -> ExportReport | None:
    """The folder's export report, or None when there is none that can be read."""
    try:
        return read_report(root)
    except ValueError:
        return None
