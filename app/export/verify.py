"""Checks an export folder on its own, with no network: every file in the manifest is there
with the right size and SHA-256, every kind has as many records as the server said, nothing
failed, and no half-written file is left. Only then is the export "verified"."""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from app.export.journal import STATE_DIR, FileEntry
from app.export.manifest import (
    MANIFEST_NAME,
    REPORT_NAME,
    read_manifest,
    read_report,
    sha256_and_lines,
    sha256_file,
    write_report,
)
from app.export.naming import ResolvedFolders, UnsafePathError, inside_root
from app.export.records import RECORDS_DIR

log = logging.getLogger(__name__)

#: Files hashed at once while verifying.
HASH_THREADS = 4


class ProblemKind(StrEnum):
    UNREADABLE = "unreadable"  # manifest or report missing or broken
    MISSING = "missing"  # a file of the manifest is not there
    SIZE = "size"  # it has another size
    HASH = "hash"  # same size, other content
    UNSAFE = "unsafe"  # a manifest path pointing outside the folder
    COUNT = "count"  # fewer (or more) records than the server reported
    FAILED = "failed"  # items the export could not fetch
    PARTIAL = "partial"  # a *.part file: a download that did not finish


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    where: str  # a relative path or a kind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.where}: {self.detail}"


@dataclass(frozen=True)
class VerifyResult:
    verified: bool
    files_checked: int
    bytes_checked: int
    problems: tuple[Problem, ...]


def _count_lines(path: Path) -> int:
    count = 0
    buffer = bytearray(256 * 1024)  # one buffer for the whole file, not one per chunk
    with open(path, "rb", buffering=0) as handle:
        while read := handle.readinto(buffer):
            count += buffer.count(b"\n", 0, read)
    return count


#: A file's identity: size, inode, and modification and change times (nanoseconds).
Signature = tuple[int, int, int, int]
#: Files already hashed during the run: relative path -> (identity then, SHA-256).
Hashed = dict[str, tuple[Signature, str]]
#: A file written less than this before it was hashed is hashed again by `verify`: file
#: times are set from a clock that moves in steps (a few milliseconds), so a change made in the
#: same step as the last write would leave the same identity.
RECENT_NS = 50_000_000


def signature(found: os.stat_result) -> Signature:
    return (found.st_size, found.st_ino, found.st_mtime_ns, found.st_ctime_ns)


class EarlyHashes:
    """Files read back and hashed on one thread once they are durable under their final names,
    while the export goes on, each with its identity at that moment (`signature`). The run's
    final `verify` then hashes again only the files that are not the same file any more, or
    that this thread had not reached: every file is still read back from the disk and hashed
    once it is written, but not all of them after the last download. (`account-desk verify`
    hashes every file.) A file read back here is not read again during the run, so its pages
    are handed back to the system (`sha256_file`'s ``last_read``): a large export does not
    push everything else out of the file cache."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-rehash")
        self._hashed: Hashed = {}
        self._folders: ResolvedFolders = {}  # used by this object's one thread only
        self._lock = threading.Lock()
        self._closed = False

    def add(self, entries: list[FileEntry]) -> None:
        """Hash these files (durable under their final names) when the thread gets to them."""
        with self._lock:
            if not self._closed:
                self._pool.submit(self._hash, list(entries))

    def close(self) -> Hashed:
        """Stop (the files not reached are left to `verify`); what was hashed and matched."""
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            return dict(self._hashed)

    def _hash(self, entries: list[FileEntry]) -> None:
        for entry in entries:
            try:
                path = inside_root(self._root, entry.path, self._folders)
                started = time.time_ns()
                before = signature(path.stat())
                if started - before[2] < RECENT_NS:  # written just now: a change in the same
                    time.sleep((RECENT_NS - max(started - before[2], 0)) / 1e9)  # clock step
                    started = time.time_ns()  # would not show
                    before = signature(path.stat())
                size, digest = sha256_file(path, last_read=True)
                after = signature(path.stat())
            except (OSError, UnsafePathError):
                continue  # `verify` will say what is wrong
            if started - before[2] < RECENT_NS:
                continue  # still (or again) just written
            if before == after and size == entry.size and digest == entry.sha256:
                with self._lock:
                    self._hashed[entry.path] = (after, digest)


def _check_file(
    root: Path,
    entry: FileEntry,
    folders: ResolvedFolders | None = None,
    hashed: Hashed | None = None,
) -> tuple[Problem | None, int, int | None]:
    """(what is wrong with one file of the manifest or None, its size when it was hashed,
    else -1, and for a kind's JSON Lines file its records, counted in the same reading). A file
    in ``hashed`` that is still the same file is not read again."""
    try:
        path = inside_root(root, entry.path, folders)
    except UnsafePathError as exc:
        return Problem(ProblemKind.UNSAFE, entry.path, str(exc)), -1, None
    try:
        found: os.stat_result | None = path.stat()
    except OSError:
        found = None
    if found is None or not stat.S_ISREG(found.st_mode):
        return Problem(ProblemKind.MISSING, entry.path, "the file is not there"), -1, None
    size = found.st_size
    if size != entry.size:
        message = f"{size} bytes, expected {entry.size}"
        return Problem(ProblemKind.SIZE, entry.path, message), -1, None
    if hashed is not None and hashed.get(entry.path) == (signature(found), entry.sha256):
        return None, size, None  # hashed once it was written, and the same file since
    records: int | None = None
    if _is_records_file(entry.path):
        _, digest, records = sha256_and_lines(path)
    else:
        _, digest = sha256_file(path)
    if digest != entry.sha256:
        return Problem(ProblemKind.HASH, entry.path, "the content has changed"), size, records
    return None, size, records


def _is_records_file(relative: str) -> bool:
    return relative.startswith(f"{RECORDS_DIR}/") and relative.endswith(".jsonl")


def verify(
    root: Path,
    *,
    update_report: bool = True,
    on_file: Callable[[int, int], None] | None = None,
    hashed: Hashed | None = None,
) -> VerifyResult:
    """Verify the export in ``root``. ``on_file(done, total)`` reports progress. With
    ``update_report`` the outcome (verified or not, and the problems) is written into
    export-report.json. Files in ``hashed`` (`EarlyHashes`) that are still the same file are
    not hashed again."""
    problems: list[Problem] = []
    try:
        entries = read_manifest(root)
    except ValueError as exc:
        entries = []
        problems.append(Problem(ProblemKind.UNREADABLE, MANIFEST_NAME, str(exc)))
    try:
        report = read_report(root)
    except ValueError as exc:
        report = None
        problems.append(Problem(ProblemKind.UNREADABLE, REPORT_NAME, str(exc)))

    checked = 0
    checked_bytes = 0
    folders: ResolvedFolders = {}  # folders resolved once for all their files (`inside_root`)
    records: dict[str, int] = {}  # records counted in the JSON Lines files while hashing
    # Files are hashed on a few threads at once (hashlib lets go of the interpreter while it
    # hashes), in order, a bounded number ahead, so `on_file` (pause, cancel) acts promptly.
    with ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="verify") as pool:
        ahead: deque[Future[tuple[Problem | None, int, int | None]]] = deque()
        index = 0
        pending = iter(entries)
        while True:
            for entry in pending:
                if hashed and entry.path in hashed:
                    # Mostly a look at its identity: done here, as a thread's round trip costs
                    # more than that look.
                    done: Future[tuple[Problem | None, int, int | None]] = Future()
                    done.set_result(_check_file(root, entry, folders, hashed))
                    ahead.append(done)
                else:
                    ahead.append(pool.submit(_check_file, root, entry, folders))
                if len(ahead) >= HASH_THREADS * 4:
                    break
            if not ahead:
                break
            problem, size, counted = ahead.popleft().result()
            if counted is not None:
                records[entries[index].path] = counted
            index += 1
            if problem is not None:
                problems.append(problem)
            if size >= 0:
                checked += 1
                checked_bytes += size
                if on_file is not None:
                    on_file(index, len(entries))

    if report is not None:
        if not report.complete:
            failures = sum(len(kind.failed) for kind in report.kinds)
            why = f": {failures} item(s) failed, listed here" if failures else ""
            problems.append(Problem(ProblemKind.FAILED, "export", f"the export is incomplete{why}"))
        for kind in report.kinds:
            for failed in kind.failed:
                problems.append(
                    Problem(ProblemKind.FAILED, f"{kind.key}/{failed.id}", failed.reason)
                )
            jsonl = root / RECORDS_DIR / f"{kind.key}.jsonl"
            if kind.expected is None and not jsonl.is_file():
                continue  # not a record kind (e.g. the ledger reports), counted by the manifest
            lines = records.get(f"{RECORDS_DIR}/{kind.key}.jsonl")
            if lines is None:
                lines = _count_lines(jsonl) if jsonl.is_file() else 0
            if kind.expected is not None and lines != kind.expected:
                problems.append(
                    Problem(
                        ProblemKind.COUNT,
                        kind.key,
                        f"{lines} records in the files, the server reported {kind.expected}",
                    )
                )
            if lines != kind.exported:
                problems.append(
                    Problem(
                        ProblemKind.COUNT,
                        kind.key,
                        f"{lines} records in the files, the report says {kind.exported}",
                    )
                )
        if report.documents_expected is not None:
            documents = sum(1 for e in entries if e.kind == "documents" and e.source_id)
            if documents != report.documents_expected:
                problems.append(
                    Problem(
                        ProblemKind.COUNT,
                        "documents",
                        f"{documents} document files, expected {report.documents_expected}",
                    )
                )

    for part in root.rglob("*.part"):
        relative = part.relative_to(root)
        if relative.parts and relative.parts[0] == STATE_DIR:
            continue
        problems.append(Problem(ProblemKind.PARTIAL, relative.as_posix(), "unfinished download"))

    result = VerifyResult(not problems, checked, checked_bytes, tuple(problems))
    if update_report and report is not None:
        write_report(
            root,
            dataclasses.replace(
                report,
                verified=result.verified,
                verified_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                problems=tuple(str(problem) for problem in problems),
            ),
        )
    if hashed is not None:
        log.info("%d of %d file(s) were hashed as they were written", len(hashed), len(entries))
    log.info("verified %s: %s, %d problem(s)", root, result.verified, len(problems))
    return result
