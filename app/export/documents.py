"""Document files: where each goes under `documents/` (the folder tree, made safe), and getting
the bytes there intact, one by one or in archives of many small documents.

A download goes to `<name>.part`, hashed while it is written; it is renamed to its final name
only after its size (and the server's SHA-256 or ETag, when given) matched and the bytes were
fsynced. An interrupted `.part` is continued with a Range request.
"""

# Outcomes are named like app.errors (ItemFailed, ...), not "...Error".
# ruff: noqa: N818

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
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
from app.export.errors import DestinationUnavailable, DiskFull
from app.export.journal import FileEntry
from app.export.naming import PathAllocator, inside_root, make_dirs_below
from app.http import HttpSession

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


class ItemFailed(AccountDeskError):
    """This one item could not be exported; `permanent` when trying again will not help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        self.permanent = permanent
        super().__init__(message)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def read_jsonl(path: Path) -> Iterator[Any]:
    """The records of a JSON Lines file (skipping none: the engine wrote every line)."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


class FolderTree:
    """Maps folder ids to safe relative paths under `documents/`, parents first."""

    def __init__(self, allocator: PathAllocator, folders: Mapping[int, Mapping[str, Any]]) -> None:
        self._allocator = allocator
        self._folders = folders
        self._paths: dict[int, PurePosixPath] = {}
        self._raw: dict[int, tuple[str, ...]] = {}
        for folder_id in sorted(folders):
            self.path_of(folder_id)

    def path_of(self, folder_id: int | None, _seen: frozenset[int] = frozenset()) -> PurePosixPath:
        if folder_id is None or folder_id not in self._folders or folder_id in _seen:
            return PurePosixPath(DOCUMENTS_DIR)
        known = self._paths.get(folder_id)
        if known is not None:
            return known
        folder = self._folders[folder_id]
        parent = folder.get("parent")
        parent_id = _int(parent.get("id")) if isinstance(parent, Mapping) else None
        parent_path = self.path_of(parent_id, _seen | {folder_id})
        path = self._allocator.assign(parent_path, folder.get("name"), f"folder:{folder_id}")
        self._paths[folder_id] = path
        parent_raw = self._raw.get(parent_id, ()) if parent_id is not None else ()
        self._raw[folder_id] = (*parent_raw, _str(folder.get("name")) or "")
        return path

    def raw_path_of(self, folder_id: int | None) -> tuple[str, ...]:
        if folder_id is None:
            return ()
        self.path_of(folder_id)
        return self._raw.get(folder_id, ())


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
    size = _int(record.get("size"))
    if size is None:
        version = record.get("latest_document_version")
        size = _int(version.get("size")) if isinstance(version, Mapping) else None
    path = allocator.assign(tree.path_of(folder_id), raw_name, f"document:{doc_id}")
    return DocumentItem(doc_id, path, size, raw_name, tree.raw_path_of(folder_id))


def _destination_error(exc: OSError) -> AccountDeskError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(detail=str(exc.strerror))
    return DestinationUnavailable(detail=f"{type(exc).__name__}: {exc.strerror}")


def _etag_sha256(etag: str | None) -> str | None:
    if not etag:
        return None
    value = etag.removeprefix("W/").strip('"').lower()
    return value if _HEX64.match(value) else None


def finish_part(part: Path, target: Path) -> None:
    os.replace(part, target)
    fsync_dir(target.parent)


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
    ) -> None:
        self._http = http
        self._root = root
        self._control = control
        self._on_bytes = on_bytes
        self._part_etags = part_etags

    def fetch(self, item: DocumentItem) -> FileEntry:
        target = inside_root(self._root, item.path)
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
                return self._attempt(item, target, part)
            except (ConnectionFailed, TimedOut) as exc:
                # The session retried the request itself; this is a body that broke off
                # midway. Continue from the bytes already on disk.
                attempts += 1
                if attempts >= MAX_BODY_ATTEMPTS:
                    raise ItemFailed(exc.message, permanent=False) from None
                log.info("document %s: body broke off (%s); continuing", item.id, exc.detail)
            except _Mismatch as exc:
                part.unlink(missing_ok=True)
                restarts += 1
                if restarts >= 2:
                    raise ItemFailed(str(exc), permanent=True) from None
                log.warning("document %s: %s; fetching it again", item.id, exc)

    def _attempt(self, item: DocumentItem, target: Path, part: Path) -> FileEntry:
        digest = hashlib.sha256()
        offset = 0
        if part.exists():
            with open(part, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    digest.update(chunk)
                    offset += len(chunk)
        url = f"/api/v4/documents/{item.id}/download.json"
        key = item.path.as_posix()
        # The ETag of the bytes already in the .part: with If-Range the server sends the whole
        # file instead of the rest when the document changed since (no spliced versions).
        if_range = self._part_etags.get(key) if self._part_etags and offset else None
        with self._http.stream_download(
            url, offset=offset, if_range=if_range, cancel=self._control
        ) as download:
            if download.offset != offset:  # the server sent the whole file again
                offset, digest = 0, hashlib.sha256()
            if self._part_etags is not None and not offset:
                if download.etag:
                    self._part_etags.set(key, download.etag)
                else:
                    self._part_etags.forget(key)
            try:
                with open(part, "r+b" if offset else "wb") as handle:
                    handle.truncate(offset)
                    handle.seek(offset)
                    written = offset
                    for chunk in download.iter_chunks(CHUNK):
                        handle.write(chunk)
                        digest.update(chunk)
                        written += len(chunk)
                        self._on_bytes(len(chunk))
                        if (
                            item.size is not None
                            and written > item.size
                            and (download.total_size is None or written > download.total_size)
                        ):
                            raise _Mismatch(f"more bytes than the {item.size} announced")
                        self._control.checkpoint()
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise _destination_error(exc) from None
            expected_size = download.total_size if download.total_size is not None else item.size
            if expected_size is not None and written != expected_size:
                if written < expected_size:
                    raise ConnectionFailed(detail=f"short body: {written} of {expected_size}")
                raise _Mismatch(f"{written} bytes, the server announced {expected_size}")
            sha = digest.hexdigest()
            server_sha = (download.sha256 or "").strip().lower() or _etag_sha256(download.etag)
            if server_sha and server_sha != sha:
                raise _Mismatch("the content does not match the server's checksum")
            etag = download.etag
        try:
            finish_part(part, target)
        except OSError as exc:
            raise _destination_error(exc) from None
        if self._part_etags is not None:
            self._part_etags.forget(key)
        return FileEntry(item.path.as_posix(), "documents", str(item.id), written, sha, etag)


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


def unpack_archive(
    archive: Path,
    items: list[DocumentItem],
    root: Path,
    on_bytes: Callable[[int], None],
    control: ExportControl,
) -> tuple[list[FileEntry], list[DocumentItem]]:
    """Write the documents found in ``archive`` to their own safe paths (entry names are only
    used to recognise documents, never as paths). Returns (finished, not found in the zip)."""
    by_name: dict[str, list[DocumentItem]] = {}
    for item in items:
        by_name.setdefault(item.raw_name, []).append(item)
    finished: list[FileEntry] = []
    matched: set[int] = set()
    try:
        with zipfile.ZipFile(archive) as bundle:
            for info in bundle.infolist():
                control.checkpoint()
                if info.is_dir():
                    continue
                entry_parts = tuple(p for p in re.split(r"[/\\]+", info.filename) if p)
                if not entry_parts:
                    continue
                candidates = [c for c in by_name.get(entry_parts[-1], []) if c.id not in matched]
                named = _comment_id(info.comment)
                if named is not None:
                    candidates = [c for c in candidates if c.id == named]
                if len(candidates) > 1:
                    folder = entry_parts[:-1]
                    candidates = [c for c in candidates if _same_folder(folder, c.raw_folder)]
                if len(candidates) != 1:
                    continue  # unknown or ambiguous entry: those documents go one by one
                item = candidates[0]
                if item.size is None or info.file_size != item.size:
                    continue
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO
                ):
                    if info.file_size > 1024 * 1024:
                        log.warning("archive entry with a suspicious compression ratio skipped")
                        continue
                entry = _extract(bundle, info, item, root, on_bytes)
                if entry is not None:
                    matched.add(item.id)
                    finished.append(entry)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        log.warning("archive unreadable (%s); fetching its documents one by one", exc)
    remaining = [item for item in items if item.id not in matched]
    return finished, remaining


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


def _extract(
    bundle: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    item: DocumentItem,
    root: Path,
    on_bytes: Callable[[int], None],
) -> FileEntry | None:
    target = inside_root(root, item.path)
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    written = 0
    limit = item.size if item.size is not None else 0
    try:
        make_dirs_below(root, target.parent)
        with bundle.open(info) as source, open(part, "wb") as handle:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > limit:  # lies about its size: a bomb or a wrong entry
                    break
                handle.write(chunk)
                digest.update(chunk)
                on_bytes(len(chunk))
            handle.flush()
            os.fsync(handle.fileno())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:  # CRC errors are BadZipFile
        log.warning("archive entry for document %s unreadable: %s", item.id, exc)
        part.unlink(missing_ok=True)
        return None
    except OSError as exc:
        raise _destination_error(exc) from None
    if written != limit:
        part.unlink(missing_ok=True)
        return None
    try:
        finish_part(part, target)
    except OSError as exc:
        raise _destination_error(exc) from None
    return FileEntry(item.path.as_posix(), "documents", str(item.id), written, digest.hexdigest())


def fetch_archive(
    http: HttpSession,
    items: list[DocumentItem],
    destination: Path,
    control: ExportControl,
    *,
    poll_max: float = 2.0,
    timeout: float = 600.0,
    resume: ArchiveJob | None = None,
    remember: Callable[[ArchiveJob], None] | None = None,
) -> Path:
    """Ask the server for a zip of ``items``, wait for it, download it to ``destination``.

    With ``resume`` (the job of an earlier, interrupted run) the server's finished zip is
    downloaded again from where ``destination``.part stopped (If-Range with its ETag, so a
    different zip is fetched whole); ``remember`` is told the job before any byte is written,
    so a killed export can continue the download instead of fetching the whole archive again.
    """
    part = destination.with_name(destination.name + ".part")
    try:
        job = _resumable_job(http, resume, control, poll_max, timeout) if resume else None
        if job is None:
            part.unlink(missing_ok=True)
            body = {"data": {"items": [{"id": item.id, "type": "Document"} for item in items]}}
            created = http.post_json("/api/v4/document_archives.json", body, cancel=control)
            job = ArchiveJob(_archive_id(created), None)
            if remember is not None:
                remember(job)
            status_url = f"/api/v4/document_archives/{job.id}.json"
            wait_until_completed(http, status_url, control, poll_max, timeout)
        offset = part.stat().st_size if part.exists() and job.etag else 0
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
                with open(part, "r+b" if offset else "wb") as handle:
                    handle.truncate(offset)
                    handle.seek(offset)
                    for chunk in download.iter_chunks(CHUNK):
                        handle.write(chunk)
                        control.checkpoint()
            except OSError as exc:
                raise _destination_error(exc) from None
        os.replace(part, destination)
        return destination
    except Cancelled:
        raise
    except (DiskFull, DestinationUnavailable):
        raise
    except (HttpError, BadResponse, ConnectionFailed, TimedOut) as exc:
        raise ArchiveUnavailable(str(exc)) from None


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


def _resumable_job(
    http: HttpSession, job: ArchiveJob, control: ExportControl, poll_max: float, timeout: float
) -> ArchiveJob | None:
    """The earlier run's job when the server still has it (else None: make a new one)."""
    try:
        wait_until_completed(
            http, f"/api/v4/document_archives/{job.id}.json", control, poll_max, timeout
        )
    except (NotFound, Gone, BadResponse):
        return None
    return job


def _archive_id(answer: Any) -> int | str:
    data = answer.get("data") if isinstance(answer, Mapping) else None
    ident = data.get("id") if isinstance(data, Mapping) else None
    if not isinstance(ident, int | str) or isinstance(ident, bool):
        raise BadResponse(detail="archive answer without an id")
    return ident


def wait_until_completed(
    http: HttpSession, status_url: str, control: ExportControl, poll_max: float, timeout: float
) -> None:
    """Poll an asynchronous job (archive or report) until `completed`; back off gently so the
    polls cost little of the rate-limit budget."""
    delay = 0.1
    deadline = time.monotonic() + timeout
    while True:
        answer = http.get_json(status_url, cancel=control)
        data = answer.get("data") if isinstance(answer, Mapping) else None
        state = data.get("state") if isinstance(data, Mapping) else None
        if state == "completed":
            return
        if state == "failed" or state not in ("pending", "processing"):
            raise BadResponse(detail=f"job state {state!r}")
        if time.monotonic() > deadline:
            raise TimedOut(detail="job did not complete in time")
        if control.wait(delay):
            raise Cancelled()
        control.checkpoint()
        delay = min(delay * 2, poll_max)
