"""Checks an export folder on its own, with no network: every file in the manifest is there
with the right size and SHA-256, every kind has as many records as the server said, nothing
failed, and no half-written file is left. Only then is the export "verified"."""

from __future__ import annotations

import dataclasses
import logging
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


def _check_file(
    root: Path, entry: FileEntry, folders: ResolvedFolders | None = None
) -> tuple[Problem | None, int, int | None]:
    """(what is wrong with one file of the manifest or None, its size when it was hashed,
    else -1, and for a kind's JSON Lines file its records, counted in the same reading)."""
    try:
        path = inside_root(root, entry.path, folders)
    except UnsafePathError as exc:
        return Problem(ProblemKind.UNSAFE, entry.path, str(exc)), -1, None
    if not path.is_file():
        return Problem(ProblemKind.MISSING, entry.path, "the file is not there"), -1, None
    size = path.stat().st_size
    if size != entry.size:
        message = f"{size} bytes, expected {entry.size}"
        return Problem(ProblemKind.SIZE, entry.path, message), -1, None
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
) -> VerifyResult:
    """Verify the export in ``root``. ``on_file(done, total)`` reports progress. With
    ``update_report`` the outcome (verified or not, and the problems) is written into
    export-report.json."""
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
            problems.append(Problem(ProblemKind.FAILED, "export", "the export did not finish"))
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
    log.info("verified %s: %s, %d problem(s)", root, result.verified, len(problems))
    return result
