"""Document files: where each goes under `documents/` (the folder tree, made safe), and getting
the bytes there intact, one by one or in archives of many small documents.

A download goes to `<name>.part`, hashed while it is written; it is renamed to its final name
only after its size (and the server's SHA-256 or ETag, when given) matched and the bytes were
fsynced. An interrupted `.part` is continued with a Range request.

Making files durable (fsync, rename, fsync of the folder, the journal's record) waits for the
disk, so a `Finisher` does it on its own thread while the downloads go on, and does it for
several files at once: one fsync per folder and one journal transaction per group of files.
"""

# Outcomes are named like app.errors (ItemFailed, ...), not "...Error".
# ruff: noqa: N818

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import queue
import re
import stat
import struct
import threading
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from app.config import fsync_dir
from app.errors import (
    AccountDeskError,
    BadResponse,
    Cancelled,
    ConnectionFailed,
    Gone,
    HttpError,
    NotFound,
    TimedOut,
)
from app.export.control import ExportControl
from app.export.errors import DestinationUnavailable, DiskFull, destination_error
from app.export.journal import FileEntry
from app.export.manifest import VERSIONS_KIND
from app.export.naming import PathAllocator, ResolvedFolders, inside_root, make_dirs_below
from app.export.records import read_records
from app.export.safefiles import (
    UnsafePathError,
    create_file,
    open_existing,
    regular_size,
    remove_file,
    replace_file,
)
from app.export.unzip import EntryJob, EntryResult, extract_entries, extract_entry, start_writeback
from app.net.http import HttpSession

log = logging.getLogger(__name__)

DOCUMENTS_DIR = "documents"
CHUNK = 256 * 1024
#: How often one document's body may break off before it counts as failed for this run.
MAX_BODY_ATTEMPTS = 5
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class DocumentItem:
    """What the engine needs of one document record (fields read defensively)."""

    id: int
    path: PurePosixPath
    size: int | None
    raw_name: str
    raw_folder: tuple[str, ...]  # the folder names as the server sent them, root first
    # The content's SHA-256 where the record's version ETag is one (as the reference backend's)
    sha256: str | None = None
    #: The version's number (`version_number`): of the latest for a document's current file.
    version: int | None = None
    #: Set only for an earlier version of the document, fetched as a file of its own (see
    #: `app.export.versions`); None for the document's current file.
    version_id: int | None = None
    #: The id of the latest version (from the record), to know when a new one came.
    latest_version_id: int | None = None

    @property
    def kind(self) -> str:
        """The journal's and the manifest's kind of the file."""
        return DOCUMENTS_DIR if self.version_id is None else VERSIONS_KIND

    @property
    def source_id(self) -> str:
        """What the file is of: the document's id, or `<document id>/v<version number>`."""
        return str(self.id) if self.version_id is None else version_source_id(self.id, self.version)


def version_source_id(document_id: int, version: int | None) -> str:
    """The source id of a document's earlier version's file (see `manifest.VERSIONS_KIND`)."""
    return f"{document_id}/v{version if version is not None else 0}"


class ItemFailed(AccountDeskError):
    """This one item could not be exported; `permanent` when trying again will not help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        self.permanent = permanent
        super().__init__(message)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _size(value: Any) -> int | None:
    """A size in bytes; a negative one is no size (the download tells the real one)."""
    number = _int(value)
    return number if number is not None and number >= 0 else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def folder_fields(record: Any) -> tuple[Any, int | None]:
    """What the folder tree needs of a folder record: (its name as sent, its parent's id)."""
    if not isinstance(record, Mapping):
        return None, None
    parent = record.get("parent")
    return record.get("name"), _int(parent.get("id")) if isinstance(parent, Mapping) else None


class FolderTree:
    """Maps folder ids to safe relative paths under `documents/`, parents first.

    ``folders`` maps each folder id to its record, or to its `folder_fields` (less memory for a
    firm with thousands of folders). Every path is worked out here, so the tree keeps only the
    paths and raw names, never the records."""

    def __init__(
        self,
        allocator: PathAllocator,
        folders: Mapping[int, Mapping[str, Any] | tuple[Any, int | None]],
    ) -> None:
        self._allocator = allocator
        self._folders: Mapping[int, tuple[Any, int | None]] = {
            folder_id: value if isinstance(value, tuple) else folder_fields(value)
            for folder_id, value in folders.items()
        }
        self._paths: dict[int, PurePosixPath] = {}
        self._raw: dict[int, tuple[str, ...]] = {}
        for folder_id in sorted(self._folders):
            self.path_of(folder_id)
        self._folders = {}  # every folder has its path now

    def path_of(self, folder_id: int | None, _seen: frozenset[int] = frozenset()) -> PurePosixPath:
        if folder_id is None:
            return PurePosixPath(DOCUMENTS_DIR)
        known = self._paths.get(folder_id)
        if known is not None:
            return known
        if folder_id not in self._folders or folder_id in _seen:
            return PurePosixPath(DOCUMENTS_DIR)
        name, parent_id = self._folders[folder_id]
        parent_path = self.path_of(parent_id, _seen | {folder_id})
        path = self._allocator.assign(parent_path, name, f"folder:{folder_id}")
        self._paths[folder_id] = path
        parent_raw = self._raw.get(parent_id, ()) if parent_id is not None else ()
        self._raw[folder_id] = (*parent_raw, _str(name) or "")
        return path

    def raw_path_of(self, folder_id: int | None) -> tuple[str, ...]:
        if folder_id is None:
            return ()
        self.path_of(folder_id)
        return self._raw.get(folder_id, ())


def read_folders(path: Path) -> dict[int, tuple[Any, int | None]]:
    """The `folder_fields` of each folder of a records file (JSON Lines), by id; only what the
    tree needs is kept, one record parsed at a time."""
    folders: dict[int, tuple[Any, int | None]] = {}
    for record in read_records(path):
        if isinstance(record, Mapping):
            folder_id = _int(record.get("id"))
            if folder_id is not None:
                folders[folder_id] = folder_fields(record)
    return folders


def document_item(record: Any, tree: FolderTree, allocator: PathAllocator) -> DocumentItem | None:
    """The document to fetch for a record, or None when the record has no usable id."""
    if not isinstance(record, Mapping):
        return None
    doc_id = _int(record.get("id"))
    if doc_id is None:
        return None
    parent = record.get("parent")
    folder_id = _int(parent.get("id")) if isinstance(parent, Mapping) else None
    raw_name = _str(record.get("name")) or _str(record.get("filename")) or f"document-{doc_id}"
    size = _size(record.get("size"))
    version = record.get("latest_document_version")
    if not isinstance(version, Mapping):
        version = {}
    if size is None:
        size = _size(version.get("size"))
    sha256 = etag_sha256(_str(version.get("etag")))
    path = allocator.assign(tree.path_of(folder_id), raw_name, f"document:{doc_id}")
    return DocumentItem(
        doc_id,
        path,
        size,
        raw_name,
        tree.raw_path_of(folder_id),
        sha256,
        version=_int(version.get("version_number")),
        latest_version_id=_int(version.get("id")),
    )


def _destination_error(exc: OSError) -> AccountDeskError:
    return destination_error(exc)


def etag_sha256(etag: str | None) -> str | None:
    """The SHA-256 an ETag names, when it is one (the reference backend's are)."""
    if not etag:
        return None
    value = etag.removeprefix("W/").strip('"').lower()
    return value if _HEX64.match(value) else None


def finish_part(part: Path, target: Path) -> None:
    replace_file(part, target)
    fsync_dir(target.parent)


@dataclass(frozen=True)
class _Written:
    """A `.part` whose bytes are all there and checked, not yet durable nor renamed."""

    part: Path
    target: Path
    entry: FileEntry


class Finisher:
    """Makes checked `.part` files durable and gives them their final names, off the download
    threads: fsync each file, rename it, then hand the group to ``on_done`` (the journal, in
    one transaction). The folders are fsynced once each, by `close`, before the export can be
    declared complete.

    The order is what keeps an export resumable after a kill or a power cut: no file gets its
    final name before its bytes are on disk. A rename that a power cut undoes (its folder not
    yet fsynced) leaves the complete, fsynced `.part`, and the journal's record does not hide
    it: a run checks that each counted file is really there, continues the `.part` (nothing
    left to fetch) or fetches it again. Syncing a folder per file cost as much as the file.
    A kill loses only the queued files (still `*.part`: continued or replaced on resume).
    ``max_queued`` bounds that, and makes the downloads wait when the disk falls behind.
    An error (a full disk) is kept, raised by the next `submit` and by `close`; the files after
    it are left as `*.part`.
    """

    def __init__(
        self,
        on_done: Callable[[list[FileEntry]], None],
        *,
        max_queued: int = 16,
        max_group: int = 64,
        syncers: int = 4,
    ) -> None:
        self._on_done = on_done
        self._max_group = max_group
        self._queue: queue.Queue[_Written | Callable[[], None] | None] = queue.Queue(max_queued)
        self._error: BaseException | None = None
        self._folders: dict[Path, None] = {}  # renamed into, to fsync at the end
        # Several fsyncs at once: the disk (and the file system's journal) serves them
        # together, where one after the other each waits for its own commit.
        self._syncers = ThreadPoolExecutor(max_workers=syncers, thread_name_prefix="export-sync")
        self._thread = threading.Thread(target=self._loop, name="export-finish", daemon=True)
        self._thread.start()

    def submit(self, part: Path, target: Path, entry: FileEntry) -> None:
        """Queue a checked `.part` (closed, all bytes written) for ``target``."""
        self._raise_error()
        self._queue.put(_Written(part, target, entry))

    def after(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` (on the finisher's thread) once every file submitted before it is
        durable and reported; not at all after an error."""
        self._raise_error()
        self._queue.put(callback)

    def close(self) -> BaseException | None:
        """Finish what is queued, make the renames durable, stop the thread; returns the error
        that stopped it, if any."""
        self._queue.put(None)
        self._thread.join()
        try:
            for _ in self._syncers.map(fsync_dir, list(self._folders)):
                pass
        finally:
            self._syncers.shutdown()
        return self._error

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _loop(self) -> None:
        while True:
            group: list[_Written] = []
            item = self._queue.get()
            while isinstance(item, _Written):
                group.append(item)
                if len(group) >= self._max_group:
                    item = _NOTHING
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    item = _NOTHING
            self._finish(group)
            if item is None:
                return
            if item is not _NOTHING and self._error is None:
                try:
                    item()
                except BaseException as exc:  # kept for the engine; this thread must go on
                    self._error = exc

    def _finish(self, group: list[_Written]) -> None:
        if not group or self._error is not None:
            return  # after an error the files stay *.part: a later run continues them
        try:
            for _ in self._syncers.map(_fsync_file, [written.part for written in group]):
                pass
            for written in group:
                replace_file(written.part, written.target)
                self._folders[written.target.parent] = None
            self._on_done([written.entry for written in group])
        except OSError as exc:
            self._error = _destination_error(exc)
        except BaseException as exc:
            self._error = exc


def _nothing() -> None:
    """Marks "no further item" in the finisher's loop."""


_NOTHING: Callable[[], None] = _nothing


def _fsync_file(path: Path) -> None:
    # Never through a link: only the export's own `.part` files are synced here.
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _complete(
    finisher: Finisher | None, part: Path, target: Path, entry: FileEntry, fsynced: bool
) -> None:
    """Make ``part`` durable as ``target``: now (``fsynced``: its bytes already are), or queued
    on the finisher."""
    try:
        if finisher is not None:
            finisher.submit(part, target, entry)
            return
        if not fsynced:
            _fsync_file(part)
        finish_part(part, target)
    except OSError as exc:
        raise _destination_error(exc) from None


class Downloader:
    """Fetches one document into its place, with resume, checks and typed failures."""

    def __init__(
        self,
        http: HttpSession,
        root: Path,
        control: ExportControl,
        on_bytes: Callable[[int], None],
        *,
        part_etags: PartEtags | None = None,
        finisher: Finisher | None = None,
    ) -> None:
        self._http = http
        self._root = root
        self._control = control
        self._on_bytes = on_bytes
        self._part_etags = part_etags
        # With a finisher, `fetch` returns once the checked bytes are written; the finisher
        # makes them durable, renames them and reports them (and forgets their part ETag).
        self._finisher = finisher
        self._folders: ResolvedFolders = {}  # see `inside_root`

    def fetch(self, item: DocumentItem) -> FileEntry:
        tally = _Tally(self._on_bytes)
        try:
            return self._fetch(item, tally)
        except BaseException:
            tally.take_back()  # what this run counted of it is not (or no longer) there
            raise

    def _fetch(self, item: DocumentItem, tally: _Tally) -> FileEntry:
        target = inside_root(self._root, item.path, self._folders)
        part = target.with_name(target.name + ".part")
        try:
            make_dirs_below(self._root, target.parent)
        except OSError as exc:
            raise _destination_error(exc) from None
        restarts = 0
        attempts = 0
        while True:
            self._control.checkpoint()
            try:
                return self._attempt(item, target, part, tally)
            except (ConnectionFailed, TimedOut) as exc:
                # The session retried the request itself; this is a body that broke off
                # midway. Continue from the bytes already on disk.
                attempts += 1
                if attempts >= MAX_BODY_ATTEMPTS:
                    raise ItemFailed(exc.message, permanent=False) from None
                log.info("document %s: body broke off (%s); continuing", item.id, exc.detail)
            except _Mismatch as exc:
                part.unlink(missing_ok=True)
                tally.take_back()
                restarts += 1
                if restarts >= 2:
                    raise ItemFailed(str(exc), permanent=True) from None
                log.warning("document %s: %s; fetching it again", item.id, exc)

    def _attempt(self, item: DocumentItem, target: Path, part: Path, tally: _Tally) -> FileEntry:
        digest = hashlib.sha256()
        offset = 0
        if regular_size(part) is None:
            remove_file(part)  # a link put in its place is removed, never read or written
        else:
            with open_existing(part, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    digest.update(chunk)
                    offset += len(chunk)
        url = f"/api/v4/documents/{item.id}/download.json"
        if item.version_id is not None:
            url += f"?document_version_id={item.version_id}"
        key = item.path.as_posix()
        # The ETag of the bytes already in the .part: with If-Range the server sends the whole
        # file instead of the rest when the document changed since (no spliced versions).
        if_range = self._part_etags.get(key) if self._part_etags and offset else None
        with self._http.stream_download(
            url, offset=offset, if_range=if_range, cancel=self._control
        ) as download:
            if download.offset != offset:  # the server sent the whole file again
                offset, digest = 0, hashlib.sha256()
                tally.take_back()
            if self._part_etags is not None and not offset:
                if download.etag:
                    self._part_etags.set(key, download.etag)
                else:
                    self._part_etags.forget(key)
            try:
                with open_existing(part) if offset else create_file(part) as handle:
                    handle.truncate(offset)
                    handle.seek(offset)
                    written = offset
                    for chunk in download.iter_chunks(CHUNK):
                        handle.write(chunk)
                        digest.update(chunk)
                        written += len(chunk)
                        tally.add(len(chunk))
                        if (
                            item.size is not None
                            and written > item.size
                            and (download.total_size is None or written > download.total_size)
                        ):
                            raise _Mismatch(f"more bytes than the {item.size} announced")
                        self._control.checkpoint()
                    if self._finisher is None:
                        handle.flush()
                        os.fsync(handle.fileno())
                    else:
                        start_writeback(handle)
            except OSError as exc:
                raise _destination_error(exc) from None
            expected_size = download.total_size if download.total_size is not None else item.size
            if expected_size is not None and written != expected_size:
                if written < expected_size:
                    raise ConnectionFailed(detail=f"short body: {written} of {expected_size}")
                raise _Mismatch(f"{written} bytes, the server announced {expected_size}")
            sha = digest.hexdigest()
            server_sha = (download.sha256 or "").strip().lower() or etag_sha256(download.etag)
            if server_sha and server_sha != sha:
                raise _Mismatch("the content does not match the server's checksum")
            etag = download.etag
        entry = FileEntry(item.path.as_posix(), item.kind, item.source_id, written, sha, etag)
        _complete(self._finisher, part, target, entry, fsynced=True)
        if self._finisher is None and self._part_etags is not None:
            self._part_etags.forget(key)
        return entry


class _Tally:
    """The bytes of one file counted in the progress so far, taken back when they are
    discarded (a corrupt download fetched again, a bad archive entry fetched one by one): the
    progress counts only bytes that are kept, and never passes the total."""

    def __init__(self, on_bytes: Callable[[int], None]) -> None:
        self._on_bytes = on_bytes
        self.counted = 0

    def add(self, count: int) -> None:
        self.counted += count
        self._on_bytes(count)

    def take_back(self) -> None:
        if self.counted:
            self._on_bytes(-self.counted)
            self.counted = 0


class PartEtags(Protocol):
    """Where the ETag of each unfinished download is kept (the journal), for If-Range."""

    def get(self, path: str) -> str | None: ...

    def set(self, path: str, etag: str) -> None: ...

    def forget(self, path: str) -> None: ...


class _Mismatch(Exception):
    """The bytes arrived but are not the document's (size or checksum)."""


# --------------------------------------------------------------------------- archives


class ArchiveUnavailable(Exception):
    """The server does not offer archives (or this one failed): fetch one by one instead."""


#: Refuse archives whose entries claim more than this ratio of uncompressed to compressed
#: bytes (a zip bomb), and never read more of an entry than the document's expected size.
MAX_COMPRESSION_RATIO = 200


#: Entries handed to a worker process at once while unpacking (about this many bytes).
UNPACK_GROUP_BYTES = 16 * 1024 * 1024
UNPACK_GROUP_ENTRIES = 64

#: Runs ``fn(*args)`` in a worker process: a Future, or None when there is no worker.
RunInWorker = Callable[..., "Future[Any] | None"]


@dataclass(frozen=True)
class _Planned:
    item: DocumentItem
    target: Path
    part: Path
    job: EntryJob


def unpack_archive(
    archive: Path,
    items: list[DocumentItem],
    root: Path,
    on_bytes: Callable[[int], None],
    control: ExportControl,
    finisher: Finisher | None = None,
    run: RunInWorker | None = None,
) -> tuple[list[FileEntry], list[DocumentItem]]:
    """Write the documents found in ``archive`` to their own safe paths (entry names are only
    used to recognise documents, never as paths). Returns (finished, not found in the zip);
    with a ``finisher`` the finished ones are durable only once it has reported them.

    This thread matches entries to documents and chooses and checks every target; the copying
    (`unzip.extract_entries`) goes to worker processes in groups when ``run`` has them, two
    groups ahead, else it happens here, entry by entry."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            planned = _plan_entries(bundle.infolist(), items, root)
            finished: list[FileEntry] = []

            def take(plan: _Planned, result: EntryResult) -> None:
                _take(plan, result, on_bytes, finisher, finished)

            if run is None:
                for plan in planned:
                    control.checkpoint()
                    take(plan, _copy_here(bundle, plan.job))
            else:
                _WorkerCopy(archive, bundle, run, control).unpack(planned, take)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        log.warning("archive unreadable (%s); fetching its documents one by one", exc)
        return [], list(items)
    done = {entry.source_id for entry in finished}
    return finished, [item for item in items if str(item.id) not in done]


def _plan_entries(
    infos: list[zipfile.ZipInfo], items: list[DocumentItem], root: Path
) -> list[_Planned]:
    """`plan_entries`, each with its document's checked target (its folder made)."""
    folders: ResolvedFolders = {}  # see `inside_root`
    planned = []
    for info, found in plan_entries(infos, items):
        target = inside_root(root, found.path, folders)
        part = target.with_name(target.name + ".part")
        try:
            make_dirs_below(root, target.parent)
        except OSError as exc:
            raise _destination_error(exc) from None
        limit = found.size if found.size is not None else 0
        planned.append(_Planned(found, target, part, EntryJob(info, str(part), limit)))
    return planned


_ENTRY_SEPARATORS = re.compile(r"[/\\]+")


def _copy_here(bundle: zipfile.ZipFile, job: EntryJob) -> EntryResult:
    try:
        return extract_entry(bundle, job)
    except OSError as exc:
        raise _destination_error(exc) from None


class _WorkerCopy:
    """Copies planned entries in worker processes, a group at a time and two groups ahead; a
    group no worker takes (or whose worker died) is copied here."""

    def __init__(
        self, archive: Path, bundle: zipfile.ZipFile, run: RunInWorker, control: ExportControl
    ) -> None:
        self._archive = archive
        self._bundle = bundle
        self._run = run
        self._control = control

    def unpack(
        self, planned: list[_Planned], take: Callable[[_Planned, EntryResult], None]
    ) -> None:
        ahead: deque[tuple[list[_Planned], Future[Any] | None]] = deque()
        for group in self._groups(planned):
            self._control.checkpoint()
            jobs = [plan.job for plan in group]
            ahead.append((group, self._run(extract_entries, str(self._archive), jobs)))
            if len(ahead) > 2:
                self._finish(*ahead.popleft(), take)
        while ahead:
            self._finish(*ahead.popleft(), take)

    @staticmethod
    def _groups(planned: list[_Planned]) -> list[list[_Planned]]:
        groups: list[list[_Planned]] = []
        size = 0
        for plan in planned:
            if not groups or size >= UNPACK_GROUP_BYTES or len(groups[-1]) >= UNPACK_GROUP_ENTRIES:
                groups.append([])
                size = 0
            groups[-1].append(plan)
            size += plan.job.limit
        return groups

    def _finish(
        self,
        group: list[_Planned],
        copying: Future[Any] | None,
        take: Callable[[_Planned, EntryResult], None],
    ) -> None:
        results: list[EntryResult] | None = None
        if copying is not None:
            try:
                results = copying.result()
            except OSError as exc:
                raise _destination_error(exc) from None
            except BrokenProcessPool:
                log.warning("a worker process stopped; unpacking here")
        if results is None:
            results = []
            for plan in group:
                self._control.checkpoint()
                results.append(_copy_here(self._bundle, plan.job))
        for plan, result in zip(group, results, strict=True):
            take(plan, result)


def _take(
    plan: _Planned,
    result: EntryResult,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    finished: list[FileEntry],
) -> None:
    """Count a copied entry as its document (made durable under its name), or say why not."""
    if result.written < 0:
        log.warning("archive entry for document %s unusable: %s", plan.item.id, result.problem)
        return
    item = plan.item
    entry = FileEntry(
        item.path.as_posix(), "documents", str(item.id), result.written, result.sha256
    )
    _complete(finisher, plan.part, plan.target, entry, fsynced=False)
    finished.append(entry)
    on_bytes(result.written)


def _document_of(
    info: zipfile.ZipInfo,
    entry_parts: tuple[str, ...],
    by_name: Mapping[str, list[DocumentItem]],
    matched: set[int],
) -> DocumentItem | None:
    """The one document of the batch an entry holds (by name, then the entry's comment or its
    folders, and its size), or None: unknown, ambiguous, or not what the record says."""
    candidates = [c for c in by_name.get(entry_parts[-1], []) if c.id not in matched]
    named = _comment_id(info.comment)
    if named is not None:
        candidates = [c for c in candidates if c.id == named]
    if len(candidates) > 1:
        folder = entry_parts[:-1]
        candidates = [c for c in candidates if _same_folder(folder, c.raw_folder)]
    if len(candidates) != 1:
        return None  # unknown or ambiguous entry: those documents go one by one
    item = candidates[0]
    if item.size is None or info.file_size != item.size:
        return None
    if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
        if info.file_size > 1024 * 1024:
            log.warning("archive entry with a suspicious compression ratio skipped")
            return None
    return item


def _comment_id(comment: bytes) -> int | None:
    """The reference backend names the document in each entry's comment (`document_id=N`)."""
    match = re.fullmatch(rb"document_id=(\d{1,18})", comment or b"")
    return int(match.group(1)) if match else None


def _same_folder(entry_folder: tuple[str, ...], raw_folder: tuple[str, ...]) -> bool:
    """Entry folders may leave out the root folder's name: compare from the innermost end."""
    if not entry_folder or not raw_folder:
        return len(entry_folder) + len(raw_folder) <= 1
    shorter = min(len(entry_folder), len(raw_folder))
    return entry_folder[-shorter:] == raw_folder[-shorter:]


def fetch_archive(
    http: HttpSession,
    job: ArchiveJob,
    destination: Path,
    control: ExportControl,
    *,
    remember: Callable[[ArchiveJob], None] | None = None,
) -> Path:
    """Download the zip of a completed archive ``job`` (see `archive_job`) to ``destination``.

    With the job's ETag (an earlier, interrupted run's download) the zip continues from where
    ``destination``.part stopped (If-Range with that ETag, so a different zip is fetched
    whole); ``remember`` is told the ETag before any byte is written, so a killed export can
    continue the download instead of fetching the whole archive again.
    """
    part = destination.with_name(destination.name + ".part")
    try:
        offset = (regular_size(part) or 0) if job.etag else 0
        with http.stream_download(
            f"/api/v4/document_archives/{job.id}/download.json",
            offset=offset,
            if_range=job.etag if offset else None,
            cancel=control,
        ) as download:
            if download.offset != offset:  # another zip than the bytes on disk: start over
                offset = 0
            if remember is not None and download.etag != job.etag:
                remember(ArchiveJob(job.id, download.etag))
            try:
                with open_existing(part) if offset else create_file(part) as handle:
                    handle.truncate(offset)
                    handle.seek(offset)
                    for chunk in download.iter_chunks(CHUNK):
                        handle.write(chunk)
                        control.checkpoint()
            except OSError as exc:
                raise _destination_error(exc) from None
        replace_file(part, destination)
        return destination
    except Cancelled:
        raise
    except (DiskFull, DestinationUnavailable):
        raise
    except (HttpError, BadResponse, ConnectionFailed, TimedOut) as exc:
        raise ArchiveUnavailable(str(exc)) from None


#: An archive item's `type`: an int32 in the published document, which does not name its
#: values; 1 is a Document (2 a Folder) for the reference backend. Every zip entry is checked
#: against its document's SHA-256, so a server that read it otherwise costs downloads one by
#: one, never a wrong file.
ITEM_DOCUMENT = 1


def archive_job(
    http: HttpSession,
    items: list[DocumentItem],
    control: ExportControl,
    *,
    poll_max: float = 2.0,
    timeout: float = 600.0,
    resume: ArchiveJob | None = None,
    remember: Callable[[ArchiveJob], None] | None = None,
) -> tuple[ArchiveJob, int | None]:
    """A completed server-side archive of ``items`` and its zip's size (when the server says):
    the earlier run's job ``resume`` while the server still has it, else a new one, told to
    ``remember`` as soon as it exists. Raises `ArchiveUnavailable` when the server offers
    none."""
    try:
        if resume is not None:
            job, size = _completed_job(http, resume, control, poll_max, timeout)
            if job is not None:
                return job, size
        body = {"data": {"items": [{"id": item.id, "type": ITEM_DOCUMENT} for item in items]}}
        created = http.post_json("/api/v4/document_archives.json", body, cancel=control)
        job = ArchiveJob(_archive_id(created), None)
        if remember is not None:
            remember(job)
        data = wait_until_completed(
            http, f"/api/v4/document_archives/{job.id}.json", control, poll_max, timeout
        )
    except (HttpError, BadResponse, ConnectionFailed, TimedOut) as exc:
        raise ArchiveUnavailable(str(exc)) from None
    size = _int(data.get("size"))
    return job, size if size is not None and size > 0 else None


@dataclass(frozen=True)
class ArchiveJob:
    """A server-side archive job and the ETag of its zip (None until the download started)."""

    id: int | str
    etag: str | None


#: Journal metadata prefix of the archive batches in progress (see `ArchiveRecord`).
ARCHIVE_META = "archive:"
_ARCHIVE_KEY = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class ArchiveRecord:
    """An archive batch as the journal keeps it: its documents and the server's job, so an
    interrupted run's download is continued rather than fetched again."""

    key: str  # names the zip under .account-desk/archives/
    ids: tuple[int, ...]
    job: ArchiveJob | None = None

    @classmethod
    def for_items(cls, items: list[DocumentItem]) -> ArchiveRecord:
        ids = tuple(item.id for item in items)
        key = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
        return cls(key, ids)

    def with_job(self, job: ArchiveJob) -> ArchiveRecord:
        return ArchiveRecord(self.key, self.ids, job)

    def dumps(self) -> str:
        job = None if self.job is None else {"id": self.job.id, "etag": self.job.etag}
        return json.dumps({"ids": list(self.ids), "job": job})

    @classmethod
    def parse(cls, key: str, text: str) -> ArchiveRecord | None:
        """None for anything this module did not write."""
        try:
            value = json.loads(text)
        except ValueError:
            return None
        if not _ARCHIVE_KEY.match(key) or not isinstance(value, dict):
            return None
        ids = value.get("ids")
        if not isinstance(ids, list) or not all(_int(i) is not None for i in ids):
            return None
        job_value = value.get("job")
        job = None
        if isinstance(job_value, dict):
            job_id, etag = job_value.get("id"), job_value.get("etag")
            if isinstance(job_id, int | str) and not isinstance(job_id, bool):
                job = ArchiveJob(job_id, etag if isinstance(etag, str) else None)
        return cls(key, tuple(ids), job)


def _completed_job(
    http: HttpSession, job: ArchiveJob, control: ExportControl, poll_max: float, timeout: float
) -> tuple[ArchiveJob | None, int | None]:
    """(the job, its zip's size when the server says) once completed; (None, None) when the
    server no longer has it."""
    try:
        data = wait_until_completed(
            http, f"/api/v4/document_archives/{job.id}.json", control, poll_max, timeout
        )
    except (NotFound, Gone, BadResponse):
        return None, None
    size = _int(data.get("size"))
    return job, size if size is not None and size > 0 else None


def _archive_id(answer: Any) -> int | str:
    data = answer.get("data") if isinstance(answer, Mapping) else None
    ident = data.get("id") if isinstance(data, Mapping) else None
    if not isinstance(ident, int | str) or isinstance(ident, bool):
        raise BadResponse(detail="archive answer without an id")
    return ident


#: The published states of a DocumentArchive or Report that is still being made ("pending" and
#: "processing" are what older servers said).
RUNNING_STATES = frozenset({"not_started", "queued", "in_progress", "pending", "processing"})
_WORKING = ("in_progress", "processing")  # states whose progress tells the job's pace
#: How long a job may answer a state the published API does not name before it is given up.
UNKNOWN_STATE_BOUND = 60.0


def wait_until_completed(
    http: HttpSession,
    status_url: str,
    control: ExportControl,
    poll_max: float,
    timeout: float,
    *,
    finished: tuple[str, ...] = ("completed",),
    unknown_bound: float = UNKNOWN_STATE_BOUND,
) -> Mapping[str, Any]:
    """Poll an asynchronous job (archive or report) until it is in one of the ``finished``
    states (a report may also end `empty`) and return its resource. `failed` is a failure
    (with the server's message); the running states are waited on, and so is a state the
    published API does not name, for at most ``unknown_bound`` seconds in a row.
    The polls back off gently so they cost little of the rate-limit budget; once the job says
    how far it is (`progress`, in percent), a poll comes sooner when its pace says it will be
    done before the next back-off step."""
    delay = 0.1
    deadline = time.monotonic() + timeout
    first_seen: tuple[float, float] | None = None  # (when, percent) of the first progress
    unknown_since: float | None = None
    while True:
        answer = http.get_json(status_url, cancel=control)
        data = answer.get("data") if isinstance(answer, Mapping) else None
        if not isinstance(data, Mapping):
            raise BadResponse(detail="job answer without data")
        state = data.get("state")
        if state in finished:
            return data
        if state == "failed":
            message = data.get("message")
            reason = f": {message}" if isinstance(message, str) and message else ""
            raise BadResponse(detail=f"the server's job failed{reason}")
        now = time.monotonic()
        if state in RUNNING_STATES:
            unknown_since = None
        else:
            unknown_since = now if unknown_since is None else unknown_since
            if now - unknown_since > unknown_bound:
                raise BadResponse(detail=f"job state {state!r} is not one the API names")
        if now > deadline:
            raise TimedOut(detail="job did not complete in time")
        wait_for = delay
        percent = _percent(data.get("progress")) if state in _WORKING else None
        if percent is not None:
            if first_seen is None:
                first_seen = (now, percent)
                wait_for = min(delay, PACE_POLL)  # soon, to see its pace
            elif percent > first_seen[1]:  # never later than the back-off: a stale or jumpy
                pace = (percent - first_seen[1]) / max(now - first_seen[0], 1e-3)  # progress
                wait_for = max(PACE_POLL / 4, min((100.0 - percent) / pace * 1.1, delay))
            # a progress that does not move says nothing: the back-off goes on
        if control.wait(wait_for):
            raise Cancelled()
        control.checkpoint()
        delay = min(delay * 2, poll_max)


#: The poll after a job first tells its progress: soon enough to learn its pace.
PACE_POLL = 0.25


def _percent(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0.0 <= value < 100.0 else None


# --------------------------------------------------------------------------- streamed archives

#: How much of a zip's end is fetched first: the central directory of a batch of 200 entries
#: usually fits (a longer one is fetched from where it starts). A zip up to `WHOLE_ARCHIVE`
#: is not streamed but downloaded whole to disk: its end would be a good part of it, and the
#: zip on disk lets a killed run unpack it without fetching it again.
ARCHIVE_TAIL = 64 * 1024
WHOLE_ARCHIVE = 4 * 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader


class StreamingUnavailable(Exception):
    """This server's archives cannot be read as a stream (no size, no Range): fall back to
    downloading the whole zip and unpacking it."""


class _TailFile:
    """The end of a zip as a seekable file of the zip's full size, for `zipfile` to read the
    central directory from; a read before the fetched part raises `_NeedFrom`."""

    def __init__(self, data: bytes, start: int, size: int) -> None:
        self._data, self._start, self._size, self._pos = data, start, size, 0

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        if base + offset < 0:
            raise OSError(errno.EINVAL, "seek before the start")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, count: int = -1) -> bytes:
        if self._pos < self._start:
            raise _NeedFrom(self._pos)
        begin = self._pos - self._start
        end = len(self._data) if count < 0 else begin + count
        chunk = self._data[begin:end]
        self._pos += len(chunk)
        return chunk

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        pass


class _NeedFrom(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


class _Body:
    """A download's body read sequentially, knowing where it is in the whole file."""

    def __init__(self, chunks: Iterator[bytes], position: int) -> None:
        self._chunks = chunks
        self._buffer = memoryview(b"")
        self.position = position

    def _fill(self) -> None:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                raise ConnectionFailed(detail="the archive ended early")
            self._buffer = memoryview(chunk)

    def pieces(self, count: int) -> Iterator[memoryview]:
        """The next ``count`` bytes, in the pieces they arrived in."""
        while count > 0:
            self._fill()
            piece = self._buffer[:count]
            self._buffer = self._buffer[len(piece) :]
            self.position += len(piece)
            count -= len(piece)
            yield piece

    def read(self, count: int) -> bytes:
        return b"".join(bytes(piece) for piece in self.pieces(count))

    def skip_to(self, offset: int) -> None:
        if offset < self.position:
            raise BadResponse(detail="archive entries overlap")
        for _ in self.pieces(offset - self.position):
            pass


def _central_directory(
    http: HttpSession, url: str, size: int, control: ExportControl
) -> tuple[list[zipfile.ZipInfo], str, str | None, bytes, int]:
    """The zip's entries from its end (one or two Range requests): (entries, the URL the bytes
    came from, the zip's ETag, the fetched end, where that end starts)."""
    start = max(0, size - ARCHIVE_TAIL)
    for _ in range(2):
        with http.stream_download(url, offset=start, cancel=control) as download:
            if download.offset != start or (download.total_size or size) != size:
                raise StreamingUnavailable("the server does not send parts of the archive")
            tail = b"".join(download.iter_chunks(CHUNK))
            source, etag = download.response.url or url, download.etag
        if start + len(tail) != size:
            raise ConnectionFailed(detail="the end of the archive is short")
        try:
            with zipfile.ZipFile(_TailFile(tail, start, size)) as bundle:
                return bundle.infolist(), source, etag, tail, start
        except _NeedFrom as need:
            start = need.offset  # a bigger directory than usual: fetch from where it starts
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise BadResponse(detail=f"archive unreadable: {exc}") from None
    raise BadResponse(detail="the archive's directory is out of reach")


def stream_archive(
    http: HttpSession,
    job: ArchiveJob,
    size: int | None,
    items: list[DocumentItem],
    root: Path,
    control: ExportControl,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    remember: Callable[[ArchiveJob], None] | None = None,
    folders: ResolvedFolders | None = None,
) -> list[DocumentItem]:
    """Unpack a completed archive while it downloads, without keeping the zip: its central
    directory first (fetched from the end), so every entry's document, size and CRC are known
    before its bytes arrive; then the entries in one ranged download, each written to its
    document's `.part` (entry names only recognise documents, never make paths), checked and
    handed to the finisher. Returns the documents to fetch one by one (not in the zip, or not
    intact). A broken download continues at the entry it was in.

    Raises `StreamingUnavailable` before writing anything when the server cannot do this,
    `ArchiveUnavailable` when the archive cannot be had at all."""
    if size is None:
        raise StreamingUnavailable("the archive's size is not given")
    if size <= WHOLE_ARCHIVE:
        raise StreamingUnavailable("a small archive")
    api_url = f"/api/v4/document_archives/{job.id}/download.json"
    try:
        infos, url, etag, tail, tail_start = _central_directory(http, api_url, size, control)
    except (HttpError, BadResponse, ConnectionFailed, TimedOut) as exc:
        raise ArchiveUnavailable(str(exc)) from None
    if remember is not None and etag != job.etag:
        remember(ArchiveJob(job.id, etag))
    plan = plan_entries(infos, items)
    matched = {item.id for _, item in plan}
    leftovers = [item for item in items if item.id not in matched]
    folders = {} if folders is None else folders  # see `inside_root`: one for a whole run
    plan = _take_written_parts(plan, root, on_bytes, finisher, folders)
    attempts = 0
    while plan:
        start = plan[0][0].header_offset
        try:
            if start >= tail_start:  # what is left was in the end already fetched
                _unpack_stream(
                    _Body(iter([tail[start - tail_start :]]), start),
                    plan, root, control, on_bytes, finisher, leftovers, folders,
                )  # fmt: skip
                continue
            with http.stream_download(url, offset=start, if_range=etag, cancel=control) as body:
                if body.offset != start:
                    log.warning("archive changed while it was read; fetching one by one")
                    break
                _unpack_stream(
                    _Body(body.iter_chunks(CHUNK), start),
                    plan, root, control, on_bytes, finisher, leftovers, folders,
                )  # fmt: skip
        except (ConnectionFailed, TimedOut) as exc:
            attempts += 1
            if attempts >= MAX_BODY_ATTEMPTS:
                break
            log.info("archive download broke off (%s); continuing at its entry", exc.detail)
        except (HttpError, BadResponse) as exc:
            if url == api_url:
                log.warning("archive %s: %s; fetching one by one", job.id, exc)
                break
            url = api_url  # the signed address expired: ask the API for a fresh one
    leftovers += [item for _, item in plan]
    return leftovers


def plan_entries(
    infos: list[zipfile.ZipInfo], items: list[DocumentItem]
) -> list[tuple[zipfile.ZipInfo, DocumentItem]]:
    """The entries of a zip's central directory that hold documents of ``items``, in the
    order their bytes come."""
    by_name: dict[str, list[DocumentItem]] = {}
    for item in items:
        by_name.setdefault(item.raw_name, []).append(item)
    matched: set[int] = set()
    plan: list[tuple[zipfile.ZipInfo, DocumentItem]] = []
    for info in infos:
        parts = tuple(p for p in _ENTRY_SEPARATORS.split(info.filename) if p)
        if info.is_dir() or not parts or info.flag_bits & 0x1:  # 0x1: encrypted
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            continue
        found = _document_of(info, parts, by_name, matched)
        if found is not None:
            matched.add(found.id)
            plan.append((info, found))
    plan.sort(key=lambda pair: pair[0].header_offset)
    return plan


def _take_written_parts(
    plan: list[tuple[zipfile.ZipInfo, DocumentItem]],
    root: Path,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    folders: ResolvedFolders,
) -> list[tuple[zipfile.ZipInfo, DocumentItem]]:
    """Documents an earlier run wrote whole but was stopped before they were counted (killed
    while they waited for the finisher, or between their rename and the journal's commit): a
    `.part`, or else a file under the document's own name, with the entry's size and CRC-32 is
    taken as it is, hashed from the file, instead of being fetched again (a file under its
    name goes back to `.part` and through the finisher like the others). Returns the rest of
    the plan."""
    rest = []
    for info, item in plan:
        target = inside_root(root, item.path, folders)
        part = target.with_name(target.name + ".part")
        entry = _written_part(part, info, item)
        if entry is None:
            entry = _written_part(target, info, item)
            if entry is not None:
                try:
                    os.replace(target, part)
                except OSError:
                    entry = None
        if entry is None:
            rest.append((info, item))
            continue
        _complete(finisher, part, target, entry, fsynced=False)
        on_bytes(entry.size)
    return rest


def _written_part(part: Path, info: zipfile.ZipInfo, item: DocumentItem) -> FileEntry | None:
    """The entry of ``part`` when it is a regular file holding exactly the zip entry's bytes
    (its size, and the content its record names, see `_intact`), else None."""
    try:
        found = part.lstat()
        if not stat.S_ISREG(found.st_mode) or found.st_size != info.file_size:
            return None
        digest = hashlib.sha256()
        crc = 0
        with open_existing(part, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                if item.sha256 is None:
                    crc = zlib.crc32(chunk, crc)
    except (OSError, UnsafePathError):
        return None
    sha256 = digest.hexdigest()
    if not _intact(item, info, sha256, crc):
        return None
    return FileEntry(item.path.as_posix(), "documents", str(item.id), info.file_size, sha256)


def _intact(item: DocumentItem, info: zipfile.ZipInfo, sha256: str, crc: int) -> bool:
    """Whether an entry's bytes, of the right size, are the document: its record's SHA-256
    checks it end to end; only without one is the entry's CRC-32 needed (and computed)."""
    return sha256 == item.sha256 if item.sha256 else crc == info.CRC


def _unpack_stream(
    body: _Body,
    plan: list[tuple[zipfile.ZipInfo, DocumentItem]],
    root: Path,
    control: ExportControl,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    failed: list[DocumentItem],
    folders: ResolvedFolders | None = None,
) -> None:
    """Write the planned entries as they come, removing each from ``plan`` once done and
    adding those that were not intact to ``failed`` (both also when the download breaks)."""
    while plan:
        control.checkpoint()
        info, item = plan[0]
        body.skip_to(info.header_offset)
        header = _LOCAL_HEADER.unpack(body.read(_LOCAL_HEADER.size))
        if header[0] != b"PK\x03\x04":
            raise BadResponse(detail="no entry where the archive's directory says")
        body.skip_to(body.position + header[10] + header[11])  # name and extra field
        entry = _stream_entry(body, info, item, root, on_bytes, finisher, folders)
        if entry is None:
            failed.append(item)
        plan.pop(0)


def _stream_entry(
    body: _Body,
    info: zipfile.ZipInfo,
    item: DocumentItem,
    root: Path,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    folders: ResolvedFolders | None = None,
) -> FileEntry | None:
    target = inside_root(root, item.path, folders)
    part = target.with_name(target.name + ".part")
    limit = item.size if item.size is not None else 0
    inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    digest = hashlib.sha256()
    crc = 0
    written = 0
    intact = True
    tally = _Tally(on_bytes)
    try:
        make_dirs_below(root, target.parent)
        with create_file(part) as handle:  # a link put in its place is replaced, not followed
            for piece in body.pieces(info.compress_size):
                if not intact:
                    continue  # read past the rest of a bad entry
                # never more out of a piece than the document may still hold (a zip bomb)
                data = piece if inflate is None else inflate.decompress(piece, limit - written + 1)
                written += len(data)
                if written > limit or (inflate is not None and inflate.unconsumed_tail):
                    intact = False
                    continue
                handle.write(data)
                digest.update(data)
                if item.sha256 is None:
                    crc = zlib.crc32(data, crc)
                tally.add(len(data))
            if inflate is not None and not inflate.eof:
                intact = False
            sha256 = digest.hexdigest()
            intact = intact and written == limit and _intact(item, info, sha256, crc)
            if intact and finisher is not None:
                start_writeback(handle)
    except zlib.error as exc:
        log.warning("archive entry for document %s unreadable: %s", item.id, exc)
        intact = False
    except OSError as exc:
        tally.take_back()
        raise _destination_error(exc) from None
    except BaseException:
        tally.take_back()  # the download broke off: the entry is fetched again
        raise
    if not intact:
        tally.take_back()
        part.unlink(missing_ok=True)
        return None
    entry = FileEntry(item.path.as_posix(), "documents", str(item.id), written, sha256)
    _complete(finisher, part, target, entry, fsynced=False)
    return entry
