"""One export run's state: the open journal, the progress tracker, the worker processes, the
first fatal error and what the run found on the way (for its report). Made when a run starts
and dropped when it ends, so nothing of a run outlives it on the engine."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.errors import (
    AccountDeskError,
    AuthenticationRequired,
    BadResponse,
    Cancelled,
    Gone,
    HttpError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
)
from app.export.control import ExportControl, ProgressTracker
from app.export.counting import KindLister
from app.export.errors import (
    DestinationUnavailable,
    DiskFull,
    destination_error,
    journal_error,
    unsafe_error,
)
from app.export.journal import Journal
from app.export.options import ExportOptions
from app.export.pagework import KeptWorker
from app.export.record_hashes import KindHashes
from app.export.safefiles import UnsafePathError
from app.export.verify import EarlyHashes
from app.net.http import HttpSession

# Permanent for one item: trying again later will not help.
PERMANENT = (NotFound, Gone, PermissionDenied, InvalidRequest)
# Stops the whole run (the folder stays resumable).
FATAL = (Cancelled, DiskFull, DestinationUnavailable, AuthenticationRequired)


@dataclass
class ExportRun:
    """What one run of `ExportEngine.run` works with and gathers."""

    http: HttpSession
    root: Path
    options: ExportOptions
    control: ExportControl
    journal: Journal
    tracker: ProgressTracker
    # The run's worker processes, kept to its end for index.html (and started for archives).
    worker: KeptWorker = field(default_factory=KeptWorker)
    # The finished kinds' record files, hashed while the other kinds are paged.
    kind_hashes: KindHashes | None = None
    early_hashes: EarlyHashes | None = None  # from the first document to the end
    # The version number of each document's current file (for the manifest)
    current_versions: dict[str, int | None] = field(default_factory=dict)
    reports_missing: list[str] = field(default_factory=list)
    reports_empty: list[str] = field(default_factory=list)  # the server said: no entries
    # The update pass left kinds to the normal run (their update failed): not unchanged.
    update_left_kinds: bool = False
    fatal: BaseException | None = None
    _fatal_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def guard(self, work: Callable[..., Any], *args: Any) -> Any:
        """Run ``work``; a fatal error stops every other worker and is re-raised at the end."""
        try:
            return work(*args)
        except FATAL as exc:
            self.stop(exc)
        except OSError as exc:
            self.stop(destination_error(exc, self.root))
        except sqlite3.OperationalError as exc:
            self.stop(journal_error(exc, self.root))
        except UnsafePathError as exc:
            self.stop(unsafe_error(exc, self.root))
        return None

    def stop(self, exc: BaseException) -> None:
        with self._fatal_lock:
            if self.fatal is None:
                self.fatal = exc
        if not isinstance(exc, Cancelled):
            self.control.cancel()  # stop the other workers promptly

    def check_destination(self) -> None:
        """Stop at once when the export folder went away, instead of writing on into files
        nobody will find (or a folder re-created on another disk)."""
        if not self.journal.still_there():
            raise DestinationUnavailable(detail="the export folder was removed or moved")

    def verify_checkpoint(self, _done: int, _total: int) -> None:
        # Hashing a large export takes minutes: Pause and Cancel act between its files too.
        self.control.checkpoint()

    def close(self) -> None:
        """Stop the hashing threads (the journal is closed by whoever opened it)."""
        if self.early_hashes is not None:
            self.early_hashes.close()
            self.early_hashes = None
        if self.kind_hashes is not None:
            self.kind_hashes.close()
            self.kind_hashes = None


class RunPart:
    """A part of an export run (its records, documents, update or end), with what the run
    works with at hand: the connection, the folder, the options, the control, the journal,
    the progress tracker, and the kinds' lists (their counts and records)."""

    def __init__(self, run: ExportRun) -> None:
        self.run = run
        self.http = run.http
        self.root = run.root
        self.options = run.options
        self.control = run.control
        self.journal = run.journal
        self.tracker = run.tracker
        self.lister = KindLister(run.http, run.control, run.options.page_size)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reason(exc: AccountDeskError, *, detailed: bool = False) -> str:
    """The failure's reason for the report; ``detailed`` adds what exactly an unreadable
    answer was (e.g. a job state the client does not know)."""
    if isinstance(exc, HttpError):
        kind = f" {exc.error_type}" if exc.error_type else ""
        return f"HTTP {exc.status}{kind}: {exc.server_message or exc.message}"
    if detailed and isinstance(exc, BadResponse) and exc.detail:
        return f"{exc.message} ({exc.detail})"
    return exc.message
