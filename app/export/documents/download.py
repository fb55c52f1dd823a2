"""Document files fetched one by one, intact: a download goes to `<name>.part`, hashed while
it is written, and is renamed to its final name only after its size (and the server's SHA-256
or ETag, when given) matched and the bytes were fsynced. An interrupted `.part` is continued
with a Range request.

Making files durable (fsync, rename, fsync of the folder, the journal's record) waits for the
disk, so a `Finisher` does it on its own thread while the downloads go on, and does it for
several files at once: one fsync per folder and one journal transaction per group of files.
"""

# Outcomes are named like app.errors (ItemFailed, ...), not "...Error".
# ruff: noqa: N818

from __future__ import annotations

import hashlib
import logging
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from app.config import fsync_dir
from app.errors import (
    AccountDeskError,
    ConnectionFailed,
    TimedOut,
)
from app.export.control import ExportControl
from app.export.documents.placement import etag_sha256
from app.export.documents.unzip import start_writeback
from app.export.errors import destination_error
from app.export.journal import FileEntry
from app.export.naming import ResolvedFolders, inside_root, make_dirs_below
from app.export.safefiles import (
    create_file,
    open_existing,
    regular_size,
    remove_file,
    replace_file,
)
from app.net.http import HttpSession

log = logging.getLogger(__name__)

CHUNK = 256 * 1024
#: How often one document's body may break off before it counts as failed for this run.
MAX_BODY_ATTEMPTS = 5


class ItemFailed(AccountDeskError):
    """This one item could not be exported; `permanent` when trying again will not help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        self.permanent = permanent
        super().__init__(message)


def file_error(exc: OSError) -> AccountDeskError:
    return destination_error(exc)


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
            self._error = file_error(exc)
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


def complete_file(
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
        raise file_error(exc) from None


class DownloadItem(Protocol):
    """What `Downloader` fetches: a document's file, an earlier version, a template."""

    @property
    def id(self) -> int: ...
    @property
    def path(self) -> PurePosixPath: ...
    @property
    def size(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def source_id(self) -> str: ...
    @property
    def download_url(self) -> str: ...


class Downloader:
    """Fetches one file (a document's, by default) into its place, with resume, checks and
    typed failures."""

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

    def fetch(self, item: DownloadItem) -> FileEntry:
        tally = Tally(self._on_bytes)
        try:
            return self._fetch(item, tally)
        except BaseException:
            tally.take_back()  # what this run counted of it is not (or no longer) there
            raise

    def _fetch(self, item: DownloadItem, tally: Tally) -> FileEntry:
        target = inside_root(self._root, item.path, self._folders)
        part = target.with_name(target.name + ".part")
        try:
            make_dirs_below(self._root, target.parent)
        except OSError as exc:
            raise file_error(exc) from None
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
                log.info("%s %s: body broke off (%s); continuing", item.kind, item.id, exc.detail)
            except _Mismatch as exc:
                part.unlink(missing_ok=True)
                tally.take_back()
                restarts += 1
                if restarts >= 2:
                    raise ItemFailed(str(exc), permanent=True) from None
                log.warning("%s %s: %s; fetching it again", item.kind, item.id, exc)

    def _attempt(self, item: DownloadItem, target: Path, part: Path, tally: Tally) -> FileEntry:
        digest = hashlib.sha256()
        offset = 0
        if regular_size(part) is None:
            remove_file(part)  # a link put in its place is removed, never read or written
        else:
            with open_existing(part, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    digest.update(chunk)
                    offset += len(chunk)
        url = item.download_url
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
                raise file_error(exc) from None
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
        complete_file(self._finisher, part, target, entry, fsynced=True)
        if self._finisher is None and self._part_etags is not None:
            self._part_etags.forget(key)
        return entry


class Tally:
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
