"""The documents part of an export run: which files are still to fetch, where each goes, and
their downloads (archives of small documents, whole or streamed, and the rest one by one),
resumably."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import AccountDeskError
from app.export.documents.archives import (
    ARCHIVE_META,
    ArchiveJob,
    ArchiveRecord,
    ArchiveUnavailable,
    archive_job,
    fetch_archive,
    unpack_archive,
)
from app.export.documents.download import Downloader, Finisher, ItemFailed
from app.export.documents.placement import (
    DocumentItem,
    FolderTree,
    document_item,
    read_folders,
    version_source_id,
)
from app.export.documents.streamed import StreamingUnavailable, stream_archive
from app.export.documents.versions import (
    has_earlier_versions,
    list_versions,
    listed_versions,
    version_items,
)
from app.export.journal import STATE_DIR, FileEntry, Journal
from app.export.manifest import VERSIONS_KIND
from app.export.naming import (
    DEFAULT_MAX_PATH_CHARS,
    PathAllocator,
    ResolvedFolders,
    make_dirs_below,
)
from app.export.records import RECORDS_DIR, read_records
from app.export.run import FATAL, PERMANENT, ExportRun, RunPart, reason
from app.export.verify import EarlyHashes

log = logging.getLogger(__name__)

#: Archived documents of a run from which their unpacking goes to the worker processes; for
#: fewer, starting the workers costs more than they save.
UNPACK_IN_WORKERS_BYTES = 32 * 1024 * 1024
# Zips unpacked at once (their copying runs in the page workers, two of them at most).
UNPACK_THREADS = 2
# Archive bodies downloading at once (whole or streamed). Every body on its way holds what the
# sockets buffer, fetched again after a kill: two keep the disk busy and that waste small.
ZIP_DOWNLOADS = 2


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
class DownloadedArchive:
    """A batch's zip, downloaded whole, waiting to be unpacked."""

    record: ArchiveRecord
    path: Path
    batch: list[DocumentItem]


class DocumentsRun(RunPart):
    """Downloads the run's documents into their places: small ones in archives (whole or
    streamed), the others and every earlier version one by one."""

    def __init__(self, run: ExportRun) -> None:
        super().__init__(run)
        self._zip_downloads = threading.BoundedSemaphore(ZIP_DOWNLOADS)
        self._archives_offered: bool | None = None if run.options.use_archives else False
        self._finisher: Finisher | None = None  # while documents download
        self._folders: ResolvedFolders = {}  # folders of streamed archives (see `inside_root`)

    def export(self) -> int:
        """The documents' current files, then their earlier versions (listed only once the
        current files are there: their lists cost a request per document that has several,
        and must not hold back every other document's progress)."""
        journal = self.journal
        documents = self._document_items(journal)
        self.run.current_versions = {str(item.id): item.version for item in documents}
        pending, done_bytes = self._pending(documents, journal.files_of("documents"))
        total_bytes = done_bytes + sum(item.size or 0 for item in pending)
        self.tracker.documents_planned(
            len(documents), total_bytes, len(documents) - len(pending), done_bytes
        )
        if pending:
            self._download_all(pending)
        self.control.checkpoint()
        # The progress counts documents; their earlier versions count in the bytes only.
        earlier = self._earlier_versions(journal, documents)
        pending, done_bytes = self._pending(earlier, journal.files_of(VERSIONS_KIND))
        self.tracker.more_bytes_planned(
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
        `app.export.documents.versions`): their lists are asked for at once, a request per such
        document (none when a resumed run already has it)."""
        several = [item for item in items if has_earlier_versions(item)]

        def fetch(document_id: int) -> list[dict[str, Any]]:
            return list_versions(self.http, document_id, self.control)

        def listed(item: DocumentItem) -> list[dict[str, Any]] | AccountDeskError:
            try:
                return listed_versions(item, journal.get_meta, journal.set_meta, fetch)
            except FATAL:
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
                    reason(answer),
                    permanent=isinstance(answer, PERMANENT),
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
        if self.options.verify_after and self.run.early_hashes is None:
            self.run.early_hashes = EarlyHashes(self.root)
        finisher = self._finisher = Finisher(self._files_finished)
        downloader = Downloader(
            self.http,
            self.root,
            self.control,
            self.tracker.bytes,
            part_etags=self.journal.part_etags(),
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
        self.journal.finish_files(entries)
        for entry in entries:
            if entry.kind != VERSIONS_KIND:
                self.tracker.document_done()
        if self.run.early_hashes is not None:
            self.run.early_hashes.add(entries)

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
            self.run.worker.start()
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
            while (queue or running) and self.run.fatal is None:
                while queue and len(running) < options.workers * 2:
                    what, payload = queue[0]
                    if what == "archive":
                        if len(archives) >= options.workers + UNPACK_THREADS:
                            break  # zips enough on their way until the unpacking catches up
                        queue.pop(0)
                        fetched = pool.submit(self.run.guard, self._archive_batch, payload)
                        archives.add(fetched)
                        running.add(fetched)
                    else:
                        queue.pop(0)
                        running.add(pool.submit(self.run.guard, self._single, downloader, payload))
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                archives -= finished
                for future in finished:
                    result = future.result()
                    if isinstance(result, DownloadedArchive):
                        unpacked = unpackers.submit(self.run.guard, self._unpack_batch, result)
                        archives.add(unpacked)
                        running.add(unpacked)
                    elif isinstance(result, list):
                        queue[:0] = [("single", item) for item in result]
            for future in running:
                future.cancel()

    def _single(self, downloader: Downloader, item: DocumentItem) -> None:
        self.run.check_destination()
        try:
            downloader.fetch(item)  # the finisher reports it to the journal
        except FATAL:
            raise
        except ItemFailed as exc:
            self.journal.record_failure(
                item.kind, item.source_id, exc.message, permanent=exc.permanent
            )
            return
        except AccountDeskError as exc:
            permanent = isinstance(exc, PERMANENT)
            self.journal.record_failure(item.kind, item.source_id, reason(exc), permanent=permanent)
            log.warning("document %s: %s", item.id, exc.detail or exc.message)

    def _resumable_archives(
        self, small: list[DocumentItem]
    ) -> list[tuple[ArchiveRecord, list[DocumentItem]]]:
        """Archives an interrupted run left unfinished, with their documents still to do, so
        their downloads continue (or their zips are unpacked) instead of starting over."""
        by_id = {item.id: item for item in small}
        resumed = []
        for key, text in sorted(self.journal.meta_with_prefix(ARCHIVE_META).items()):
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
        path = self._archive_path(key)
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".part").unlink(missing_ok=True)
        self.journal.delete_meta(ARCHIVE_META + key)

    def _archive_batch(
        self, job: tuple[ArchiveRecord | None, list[DocumentItem]]
    ) -> list[DocumentItem] | DownloadedArchive:
        """Fetch a batch as one zip (or continue an earlier run's): the zip on disk, still to
        unpack (`_unpack_batch`), or the documents still to fetch one by one."""
        journal = self.journal
        saved, batch = job
        if self._archives_offered is False:
            return batch
        self.run.check_destination()
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
                            self.tracker.bytes,
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
            return DownloadedArchive(record, destination, batch)
        return self._archive_done(record, leftovers)

    def _unpack_batch(self, archive: DownloadedArchive) -> list[DocumentItem]:
        """Copy a downloaded zip's documents into place; returns those still to fetch one by
        one."""
        self.run.check_destination()
        _, leftovers = unpack_archive(
            archive.path,
            archive.batch,
            self.root,
            self.tracker.bytes,
            self.control,
            self._finisher,
            run=self.run.worker.submit,
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
