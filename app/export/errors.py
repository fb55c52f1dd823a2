"""Errors of the export that are about the destination folder rather than the server."""

# Named like app.errors (NotFound, Gone, ...): what happened, not "...Error".
# ruff: noqa: N818

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from app.errors import AccountDeskError
from app.export.safefiles import UnsafePathError


class DiskFull(AccountDeskError):
    """The destination ran out of space. The folder stays resumable."""

    default_message = (
        "The export folder's disk is full. Free some space (or choose a larger disk), then run "
        "the export again on the same folder: it continues where it stopped."
    )


class DestinationUnavailable(AccountDeskError):
    """The export folder vanished or cannot be written (unplugged drive, removed folder)."""

    default_message = (
        "The export folder cannot be written any more (was the drive removed?). Reconnect it "
        "and run the export again on the same folder to continue."
    )


class NotAnExportFolder(AccountDeskError):
    """A folder that holds other files and no export journal: exporting into it could mix
    the firm's data with unrelated files."""

    default_message = "This folder already holds other files. Choose an empty folder."


class DiskTrouble(DiskFull):
    """The disk refused a write with an I/O error (SQLite's "disk I/O error"): most often a
    disk that is full or nearly so, sometimes a failing one."""

    default_message = (
        "The export folder's disk could not write (a disk I/O error): it may be full or "
        "failing. Free some space (or choose another disk), then run the export again on the "
        "same folder: it continues where it stopped."
    )


class FolderNotWritable(DestinationUnavailable):
    """The export folder (or a file in it) is read-only, or this user may not change it."""

    default_message = (
        "The export folder cannot be written to: it is read-only, or you are not allowed to "
        "change it. Choose a folder you can write to (or allow writing to this one), then run "
        "the export again."
    )


class PathBlocked(DestinationUnavailable):
    """A file (or something else) stands where the export needs one of its folders."""

    default_message = (
        "A file stands where the export needs a folder. Move it out of the export folder (or "
        "choose a new, empty folder), then run the export again."
    )


class UnsafeDestination(DestinationUnavailable):
    """A link or a junction stands where the export writes: never followed."""

    default_message = (
        "The export folder holds a link where the export writes; links are never followed. "
        "Remove it (or choose a new, empty folder), then run the export again."
    )


def destination_error(exc: OSError, root: Path | None = None) -> AccountDeskError:
    """The error a person is shown for a failed write in the export folder ``root``: what
    went wrong, where, and what to do."""
    where = exc.filename if exc.filename is not None else root
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(detail=str(exc.strerror))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return FolderNotWritable(
            f"The export cannot write to {where or 'the export folder'}: it is read-only, or "
            "you are not allowed to change it. Choose a folder you can write to (or allow "
            "writing to this one), then run the export again.",
            detail=f"{type(exc).__name__}: {exc.strerror}",
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        return PathBlocked(
            f"A file stands where the export needs a folder: {where or 'in the export folder'}."
            " Move that file out of the export folder (or choose a new, empty folder), then "
            "run the export again.",
            detail=f"{type(exc).__name__}: {exc.strerror}",
        )
    return DestinationUnavailable(detail=f"{type(exc).__name__}: {exc.strerror}")


def journal_error(exc: sqlite3.Error, root: Path) -> AccountDeskError:
    """The journal (`.account-desk/journal.sqlite3`) could not be opened or written."""
    code = getattr(exc, "sqlite_errorcode", None)
    name = getattr(exc, "sqlite_errorname", type(exc).__name__)
    primary = code & 0xFF if isinstance(code, int) else None
    detail = f"journal: {name}: {exc}"
    if primary == sqlite3.SQLITE_FULL:
        return DiskFull(detail=detail)
    if not root.is_dir():  # the folder (or its drive) went away: nothing else to say
        return DestinationUnavailable(detail=detail)
    if primary == sqlite3.SQLITE_IOERR:
        return DiskTrouble(
            f"The export folder {root} could not be written (a disk I/O error): its disk may "
            "be full or failing. Free some space (or choose another disk), then run the export "
            "again on the same folder: it continues where it stopped.",
            detail=detail,
        )
    state = root / ".account-desk"
    writable = os.access(state if state.is_dir() else root, os.W_OK)
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN) and (
        primary != sqlite3.SQLITE_CANTOPEN or not writable
    ):
        return FolderNotWritable(
            f"The export folder {root} cannot be written to: it is read-only, or you are not "
            "allowed to change it. Choose a folder you can write to (or allow writing to this "
            "one), then run the export again.",
            detail=detail,
        )
    return DestinationUnavailable(detail=detail)


def unsafe_error(exc: UnsafePathError, root: Path) -> AccountDeskError:
    """A link (or something that is not a file or folder) where the export writes."""
    return UnsafeDestination(
        f"The export folder {root} holds a link (or something else the export will not write "
        f"through) where the export writes: {exc}. The export never follows links. Remove it "
        "(or choose a new, empty folder), then run the export again.",
        detail=f"UnsafePathError: {exc}",
    )
