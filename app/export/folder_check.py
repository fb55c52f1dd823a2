"""Checking an export folder before a run: what is at a path now (new, empty, an earlier export,
other files), the room on its drive, the suggested folder and the room an export needs.
"""

from __future__ import annotations

import enum
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app import config
from app.export.engine import ExportPlan
from app.export.journal import journal_exists
from app.export.manifest import read_report
from app.export.naming import safe_component

# A record takes about this much room on disk: its JSON line, its CSV row and its share of
# index.html. Only for the "about N MB needed" estimate; the documents' sizes are exact.
RECORD_BYTES_ESTIMATE = 3 * 1024


class FolderStatus(enum.Enum):
    INVALID = "invalid"  # empty or not an absolute path
    NEW = "new"  # does not exist yet: created by the export
    EMPTY = "empty"
    OURS = "ours"  # an earlier export of this app (finished or not)
    OTHER_FILES = "other_files"  # holds files that are not an export
    NOT_A_FOLDER = "not_a_folder"  # a file is in the way
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class FolderCheck:
    path: Path | None
    status: FolderStatus
    free_bytes: int | None  # on the drive that would hold it
    finished_before: bool = False  # OURS: a run finished at least once (it has a report)
    verified_before: bool = False


def check_folder(text: str) -> FolderCheck:
    """What is at `text` now (cheap: one directory entry and the drive's free space)."""
    text = text.strip()
    if not text:
        return FolderCheck(None, FolderStatus.INVALID, None)
    path = Path(text).expanduser()
    if not path.is_absolute():
        return FolderCheck(None, FolderStatus.INVALID, None)
    free = free_space(path)
    try:
        if not path.exists():
            return FolderCheck(path, FolderStatus.NEW, free)
        if not path.is_dir():
            return FolderCheck(path, FolderStatus.NOT_A_FOLDER, free)
        if journal_exists(path):
            try:
                report = read_report(path)
                finished, verified = True, report.verified
            except ValueError:
                finished = verified = False
            return FolderCheck(path, FolderStatus.OURS, free, finished, verified)
        with os.scandir(path) as entries:  # one entry is enough to know
            status = FolderStatus.EMPTY if next(entries, None) is None else FolderStatus.OTHER_FILES
        return FolderCheck(path, status, free)
    except OSError:
        return FolderCheck(path, FolderStatus.UNREADABLE, free)


def free_space(path: Path) -> int | None:
    """Free bytes on the drive of `path` or of its nearest existing parent."""
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def default_folder(firm_name: str | None, today: date | None = None) -> Path:
    """`<Documents>/<firm> export <date>`; with a number added when that folder already holds
    something other than an export of ours."""
    documents = config.paths().export_dir.parent
    return next_free_folder(documents / default_folder_name(firm_name, today), accept_ours=True)


def default_folder_name(firm_name: str | None, today: date | None = None) -> str:
    firm = safe_component(firm_name or "", fallback="Practice data")
    return f"{firm} export {(today or date.today()).isoformat()}"


def next_free_folder(base: Path, *, accept_ours: bool = False) -> Path:
    """`base`, or `base (2)`, `base (3)`... the first that is new or empty (or, with
    `accept_ours`, an earlier export)."""
    for number in range(1, 1000):
        candidate = base if number == 1 else base.with_name(f"{base.name} ({number})")
        status = check_folder(str(candidate)).status
        if status in (FolderStatus.NEW, FolderStatus.EMPTY) or (
            accept_ours and status is FolderStatus.OURS
        ):
            return candidate
    return base


def estimated_bytes(plan: ExportPlan, kinds: set[str], files: bool) -> int:
    """About how much room the chosen part of the export takes."""
    records = sum(k.expected or 0 for k in plan.kinds if k.key in kinds)
    return records * RECORD_BYTES_ESTIMATE + ((plan.document_bytes or 0) if files else 0)
