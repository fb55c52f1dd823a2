"""The two files that describe a finished export: `manifest.json` (every file with its size,
SHA-256, source kind and id, and ETag) and `export-report.json` (per kind: expected, exported,
failed with reasons; when it started and finished, and whether it verified).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.export.journal import FileEntry
from app.export.safefiles import create_text, replace_file

MANIFEST_NAME = "manifest.json"
REPORT_NAME = "export-report.json"
FORMAT = "account-desk-export/1"
HASH_CHUNK = 256 * 1024
DOCUMENTS_KIND = "documents"
#: The kind of the files of a document's earlier versions (`app.export.documents.placement`), whose
#: source id is `<document id>/v<version number>`.
VERSIONS_KIND = "document_versions"
#: The journal's and the manifest's kind of a document template's file (as its records').
TEMPLATES_KIND = "document_templates"
_VERSION_SOURCE = re.compile(r"(\d{1,18})/v(\d{1,9})")
# One read buffer per thread, reused for every file it hashes: a new buffer per chunk made each
# hashing thread's malloc arena hold megabytes it had freed (the peak memory of the export grew
# with the number of files it verified).
_buffers = threading.local()
# Not on Windows or macOS: there the cached pages are left to the system.
_ADVISE = getattr(os, "posix_fadvise", None)


def sha256_file(path: Path, *, last_read: bool = False) -> tuple[int, str]:
    """(size, hex SHA-256) of a file, read in chunks into this thread's buffer. With
    ``last_read`` the system is told that its cached pages will not be needed again (where it
    can be told: `os.posix_fadvise`), so the memory goes back to other work at once."""
    size, digest, _ = _hash_file(path, count_lines=False, last_read=last_read)
    return size, digest


def sha256_and_lines(path: Path) -> tuple[int, str, int]:
    """(size, hex SHA-256, line ends) of a file in one reading (a JSON Lines file's records)."""
    return _hash_file(path, count_lines=True)


def _hash_file(path: Path, *, count_lines: bool, last_read: bool = False) -> tuple[int, str, int]:
    buffer: bytearray | None = getattr(_buffers, "buffer", None)
    if buffer is None:
        buffer = _buffers.buffer = bytearray(HASH_CHUNK)
        _buffers.view = memoryview(buffer)
    view: memoryview = _buffers.view
    digest = hashlib.sha256()
    size = 0
    lines = 0
    with open(path, "rb", buffering=0) as handle:
        while count := handle.readinto(view):
            digest.update(view[:count])
            size += count
            if count_lines:
                lines += buffer.count(b"\n", 0, count)
        if last_read and _ADVISE is not None:
            with suppress(OSError):  # only advice: a system that refuses it keeps the pages
                _ADVISE(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    return size, digest.hexdigest(), lines


#: The failed "item" of a kind whose records the service gave no count of (not verifiable).
COUNT_ITEM = "count"


@dataclass(frozen=True)
class FailedItem:
    id: str
    reason: str
    permanent: bool


@dataclass(frozen=True)
class KindReport:
    key: str
    label: str
    expected: int | None
    exported: int
    failed: tuple[FailedItem, ...] = ()


@dataclass(frozen=True)
class ExportReport:
    server: str
    started_at: str
    finished_at: str | None
    complete: bool
    verified: bool
    kinds: tuple[KindReport, ...]
    documents_expected: int | None = None
    documents_exported: int = 0
    document_bytes: int = 0
    problems: tuple[str, ...] = ()
    verified_at: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def status(self) -> dict[str, Any]:
        """Whether the export finished and verified, and when: what index.html shows."""
        return {
            "complete": self.complete,
            "verified": self.verified,
            "verified_at": self.verified_at,
            "finished_at": self.finished_at,
            "problems": len(self.problems),
        }

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["format"] = FORMAT
        data["kinds"] = {
            kind.key: {**asdict(kind), "failed": [asdict(f) for f in kind.failed]}
            for kind in self.kinds
        }
        for entry in data["kinds"].values():
            del entry["key"]
        data["problems"] = list(self.problems)
        data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ExportReport:
        kinds = tuple(
            KindReport(
                key=str(key),
                label=str(entry.get("label", key)),
                expected=_opt_int(entry.get("expected")),
                exported=int(entry.get("exported", 0)),
                failed=tuple(
                    FailedItem(str(f["id"]), str(f["reason"]), bool(f.get("permanent", True)))
                    for f in entry.get("failed", [])
                ),
            )
            for key, entry in dict(data.get("kinds", {})).items()
        )
        return cls(
            server=str(data.get("server", "")),
            started_at=str(data.get("started_at", "")),
            finished_at=data.get("finished_at"),
            complete=bool(data.get("complete", False)),
            verified=bool(data.get("verified", False)),
            kinds=kinds,
            documents_expected=_opt_int(data.get("documents_expected")),
            documents_exported=int(data.get("documents_exported", 0)),
            document_bytes=int(data.get("document_bytes", 0)),
            problems=tuple(str(p) for p in data.get("problems", [])),
            verified_at=data.get("verified_at"),
            extra=dict(data.get("extra", {})),
        )


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def write_json_atomically(path: Path, data: Any) -> None:
    """Write, fsync, rename: a reader never sees half a file, a crash leaves the old one."""
    part = path.with_name(path.name + ".part")
    with create_text(part) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    replace_file(part, path)


def write_manifest(
    root: Path,
    entries: Iterable[FileEntry],
    *,
    server: str,
    created_at: str,
    versions: Mapping[str, int | None] | None = None,
) -> None:
    """``versions``: the version number of each document's current file, by document id.

    A document's file entries also say which document and version they hold, and whether
    that is the current one: `document_id`, `version`, `current`."""
    files = sorted(entries, key=lambda entry: entry.path)
    write_json_atomically(
        root / MANIFEST_NAME,
        {
            "format": FORMAT,
            "server": server,
            "created_at": created_at,
            "files": [_described(entry, versions or {}) for entry in files],
        },
    )


def _described(entry: FileEntry, versions: Mapping[str, int | None]) -> dict[str, Any]:
    described = asdict(entry)
    if entry.kind == DOCUMENTS_KIND and entry.source_id.isdigit():
        described.update(
            document_id=int(entry.source_id), version=versions.get(entry.source_id), current=True
        )
    elif entry.kind == VERSIONS_KIND:
        parsed = _VERSION_SOURCE.fullmatch(entry.source_id)
        if parsed is not None:
            described.update(
                document_id=int(parsed.group(1)), version=int(parsed.group(2)), current=False
            )
    return described


def earlier_version_paths(entries: Iterable[FileEntry]) -> dict[str, list[tuple[int, str]]]:
    """Each document's earlier versions' files (by document id): (version number, path)."""
    found: dict[str, list[tuple[int, str]]] = {}
    for entry in entries:
        parsed = _VERSION_SOURCE.fullmatch(entry.source_id)
        if entry.kind == VERSIONS_KIND and parsed is not None:
            found.setdefault(parsed.group(1), []).append((int(parsed.group(2)), entry.path))
    return {document: sorted(versions) for document, versions in found.items()}


def read_manifest(root: Path) -> list[FileEntry]:
    """The manifest's entries; raises ValueError (with a plain reason) when it is unreadable."""
    try:
        data = json.loads((root / MANIFEST_NAME).read_text(encoding="utf-8"))
        return [
            FileEntry(
                path=str(item["path"]),
                kind=str(item["kind"]),
                source_id=str(item["source_id"]),
                size=int(item["size"]),
                sha256=str(item["sha256"]),
                etag=None if item.get("etag") is None else str(item["etag"]),
            )
            for item in data["files"]
        ]
    except FileNotFoundError:
        raise ValueError(f"{MANIFEST_NAME} is missing") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{MANIFEST_NAME} cannot be read ({type(exc).__name__})") from None


def write_report(root: Path, report: ExportReport) -> None:
    write_json_atomically(root / REPORT_NAME, report.to_json())
    # index.html reads whether the export verified, and when, from a file beside it.
    from app.export.indexpage import write_status

    write_status(root, report.status())


def read_report(root: Path) -> ExportReport:
    try:
        data = json.loads((root / REPORT_NAME).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not an object")
        return ExportReport.from_json(data)
    except FileNotFoundError:
        raise ValueError(f"{REPORT_NAME} is missing") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{REPORT_NAME} cannot be read ({type(exc).__name__})") from None
