"""Archives of many small documents: the server's archive job asked for and waited on, the
zip downloaded whole and its entries copied into place (in the worker processes for a big
export), with every entry checked against its document."""

# Outcomes are named like app.errors (ItemFailed, ...), not "...Error".
# ruff: noqa: N818

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import zipfile
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import (
    BadResponse,
    Cancelled,
    ConnectionFailed,
    Gone,
    HttpError,
    NotFound,
    TimedOut,
)
from app.export.control import ExportControl
from app.export.documents.download import CHUNK, Finisher, complete_file, file_error
from app.export.documents.placement import DocumentItem, int_field
from app.export.documents.unzip import EntryJob, EntryResult, extract_entries, extract_entry
from app.export.errors import DestinationUnavailable, DiskFull
from app.export.journal import FileEntry
from app.export.naming import ResolvedFolders, inside_root, make_dirs_below
from app.export.safefiles import (
    create_file,
    open_existing,
    regular_size,
    replace_file,
)
from app.net.http import HttpSession

log = logging.getLogger(__name__)


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
            raise file_error(exc) from None
        limit = found.size if found.size is not None else 0
        planned.append(_Planned(found, target, part, EntryJob(info, str(part), limit)))
    return planned


ENTRY_SEPARATORS = re.compile(r"[/\\]+")


def _copy_here(bundle: zipfile.ZipFile, job: EntryJob) -> EntryResult:
    try:
        return extract_entry(bundle, job)
    except OSError as exc:
        raise file_error(exc) from None


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
                raise file_error(exc) from None
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
    complete_file(finisher, plan.part, plan.target, entry, fsynced=False)
    finished.append(entry)
    on_bytes(result.written)


def document_of(
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
                raise file_error(exc) from None
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
    size = int_field(data.get("size"))
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
        if not isinstance(ids, list) or not all(int_field(i) is not None for i in ids):
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
    size = int_field(data.get("size"))
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
        parts = tuple(p for p in ENTRY_SEPARATORS.split(info.filename) if p)
        if info.is_dir() or not parts or info.flag_bits & 0x1:  # 0x1: encrypted
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            continue
        found = document_of(info, parts, by_name, matched)
        if found is not None:
            matched.add(found.id)
            plan.append((info, found))
    plan.sort(key=lambda pair: pair[0].header_offset)
    return plan
