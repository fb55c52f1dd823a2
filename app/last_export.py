"""What the app remembers about the most recent local export, per server and signed-in user:
the folder, when it finished, whether it verified, which kinds of records it covers and whether
the trust ledger is in it. The Data export page shows it; the closing walkthrough asks
`last_export()` before the account is closed.

Kept in the profile's state folder (`app.config.paths().state_dir`) as one small JSON file,
written atomically. Nothing about the export's content is stored here, only where it is.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import config
from app.closing.checklist import LastExport
from app.export.manifest import read_manifest, read_report
from app.jsonstore import read_object, write_object

log = logging.getLogger(__name__)

STORE_FILE = "last-export.json"
STORE_VERSION = 1
TRUST_LEDGER = "trust_ledger"
REPORT_FILES = "reports"  # the kind of the ledger reports in the manifest and the report


@dataclass(frozen=True)
class ExportRecord:
    """The last export of one user on one server."""

    folder: Path
    when: datetime  # aware; when the export finished
    verified: bool
    kinds: tuple[str, ...]  # record kinds exported completely, e.g. ("matters", ...)
    includes_trust_ledger: bool
    documents: int = 0  # document files in the export
    problems: int = 0  # what the last verification found wrong (0 when verified)

    def as_last_export(self) -> LastExport:
        return LastExport(
            when=self.when,
            verified=self.verified,
            kinds=self.kinds,
            includes_trust_ledger=self.includes_trust_ledger,
            folder=self.folder,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "when": self.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "verified": self.verified,
            "kinds": list(self.kinds),
            "includes_trust_ledger": self.includes_trust_ledger,
            "documents": self.documents,
            "problems": self.problems,
        }

    @classmethod
    def from_json(cls, data: Any) -> ExportRecord:
        """Raises ValueError for anything that is not a record this module wrote."""
        if not isinstance(data, dict):
            raise ValueError("not an object")
        folder, when, kinds = data.get("folder"), data.get("when"), data.get("kinds")
        if not isinstance(folder, str) or not folder or not isinstance(when, str):
            raise ValueError("folder or time missing")
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise ValueError("kinds is not a list of names")
        moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError("time without a zone")
        documents, problems = data.get("documents", 0), data.get("problems", 0)
        return cls(
            folder=Path(folder),
            when=moment,
            verified=data.get("verified") is True,
            kinds=tuple(kinds),
            includes_trust_ledger=data.get("includes_trust_ledger") is True,
            documents=documents if isinstance(documents, int) else 0,
            problems=problems if isinstance(problems, int) else 0,
        )


def summarize_folder(folder: Path, *, verified: bool | None = None) -> ExportRecord:
    """Read an export folder's report and manifest (no network) into a record. `verified`
    overrides the report's own flag (a verification just run). Raises ValueError when the
    folder holds no finished export."""
    report = read_report(folder)
    try:
        entries = read_manifest(folder)
    except ValueError:
        entries = []
    kinds = tuple(
        kind.key
        for kind in report.kinds
        if kind.key != REPORT_FILES
        and not kind.failed
        and (kind.expected is None or kind.exported == kind.expected)
    )
    trust_ledger = any(
        entry.kind == REPORT_FILES and entry.source_id == TRUST_LEDGER for entry in entries
    )
    finished = report.finished_at or report.verified_at or report.started_at
    try:
        when = datetime.fromisoformat(finished.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        when = datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    is_verified = report.verified if verified is None else verified
    return ExportRecord(
        folder=folder,
        when=when,
        verified=is_verified,
        kinds=kinds,
        includes_trust_ledger=trust_ledger,
        documents=report.documents_exported,
        problems=0 if is_verified else max(len(report.problems), 1),
    )


class LastExportStore:
    """The last export of `user` on `server` (any text that names them: the server's origin and
    the user's key). Thread-safe; every write replaces the file atomically."""

    _lock = threading.Lock()  # one file shared by every store in the process

    def __init__(self, server: str, user: str | None, path: Path | None = None) -> None:
        self.server = server.rstrip("/")
        self.user = user or ""
        self._path = path

    @property
    def path(self) -> Path:
        # Resolved on use: tests and --profile move the profile after start-up.
        return self._path or config.paths().state_dir / STORE_FILE

    @property
    def _key(self) -> str:
        return f"{self.server} {self.user}"

    def _read_all(self) -> dict[str, Any]:
        data = read_object(self.path, "last-export record") or {}
        exports = data.get("exports")
        return dict(exports) if isinstance(exports, dict) else {}

    def _write_all(self, exports: dict[str, Any]) -> None:
        write_object(self.path, {"version": STORE_VERSION, "exports": exports})

    def record(self) -> ExportRecord | None:
        """The full record (with the folder), or None when nothing was exported yet."""
        with self._lock:
            entry = self._read_all().get(self._key)
        if entry is None:
            return None
        try:
            return ExportRecord.from_json(entry)
        except ValueError as exc:
            log.warning("ignoring a damaged last-export record: %s", exc)
            return None

    def others(self) -> list[tuple[str, ExportRecord]]:
        """The last exports other users made from this profile on the same server, newest
        first, as (user key, record): the store is one file per user of the computer, with an
        entry per server and Account Desk user."""
        prefix = f"{self.server} "
        with self._lock:
            entries = self._read_all()
        found: list[tuple[str, ExportRecord]] = []
        for key, entry in entries.items():
            if not key.startswith(prefix) or key == self._key:
                continue
            try:
                found.append((key[len(prefix) :], ExportRecord.from_json(entry)))
            except ValueError:
                continue
        return sorted(found, key=lambda pair: pair[1].when, reverse=True)

    def last_export(self) -> LastExport | None:
        """What the closing walkthrough checks (app.closing.checklist.LastExportProvider)."""
        record = self.record()
        return record.as_last_export() if record is not None else None

    def remember(self, record: ExportRecord) -> ExportRecord:
        with self._lock:
            exports = self._read_all()
            exports[self._key] = record.to_json()
            self._write_all(exports)
        log.info("remembered the export in %s (verified: %s)", record.folder, record.verified)
        return record

    def remember_folder(self, folder: Path, *, verified: bool | None = None) -> ExportRecord:
        """Remember the export in `folder` from its own report. Raises ValueError when the
        folder holds no finished export."""
        return self.remember(summarize_folder(folder, verified=verified))

    def forget(self) -> None:
        with self._lock:
            exports = self._read_all()
            if exports.pop(self._key, None) is None:
                return
            self._write_all(exports)


def last_export(server: str, user: str | None) -> LastExport | None:
    """The last export of `user` on `server`, or None."""
    return LastExportStore(server, user).last_export()
