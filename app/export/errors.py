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

    code = "disk_full"
    default_message = (
        "The export folder's disk is full. Free some space (or choose a larger disk), then run "
        "the export again on the same folder: it continues where it stopped."
    )


class DestinationUnavailable(AccountDeskError):
    """The export folder vanished or cannot be written (unplugged drive, removed folder)."""

    code = "destination_unavailable"
    default_message = (
        "The export folder cannot be written any more (was the drive removed?). Reconnect it "
        "and run the export again on the same folder to continue."
    )


class NotAnExportFolder(AccountDeskError):
    """A folder that holds other files and no export journal: exporting into it could mix
    the firm's data with unrelated files."""

    code = "not_an_export_folder"
    default_message = "This folder already holds other files. Choose an empty folder."


class DiskTrouble(DiskFull):
    """The disk refused a write with an I/O error (SQLite's "disk I/O error"): most often a
    disk that is full or nearly so, sometimes a failing one."""

    code = "disk_trouble"
    default_message = (
        "The export folder's disk could not write (a disk I/O error): it may be full or "
        "failing. Free some space (or choose another disk), then run the export again on the "
        "same folder: it continues where it stopped."
    )


class FolderNotWritable(DestinationUnavailable):
    """The export folder (or a file in it) is read-only, or this user may not change it."""

    code = "folder_not_writable"
    default_message = (
        "The export folder cannot be written to: it is read-only, or you are not allowed to "
        "change it. Choose a folder you can write to (or allow writing to this one), then run "
        "the export again."
    )


class PathBlocked(DestinationUnavailable):
    """A file (or something else) stands where the export needs one of its folders."""

    code = "path_blocked"
    default_message = (
        "A file stands where the export needs a folder. Move it out of the export folder (or "
        "choose a new, empty folder), then run the export again."
    )


class UnsafeDestination(DestinationUnavailable):
    """A link or a junction stands where the export writes: never followed."""

    code = "unsafe_destination"
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
        if where is None:
            return FolderNotWritable(detail=f"{type(exc).__name__}: {exc.strerror}")
        return FolderNotWritable.coded(
            "folder_not_writable_at",
            "The export cannot write to {where}: it is read-only, or you are not allowed to "
            "change it. Choose a folder you can write to (or allow writing to this one), then "
            "run the export again.",
            detail=f"{type(exc).__name__}: {exc.strerror}",
            where=str(where),
        )
    if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        if where is None:
            return PathBlocked(detail=f"{type(exc).__name__}: {exc.strerror}")
        return PathBlocked.coded(
            "path_blocked_at",
            "A file stands where the export needs a folder: {where}. Move that file out of the "
            "export folder (or choose a new, empty folder), then run the export again.",
            detail=f"{type(exc).__name__}: {exc.strerror}",
            where=str(where),
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
        return DiskTrouble.coded(
            "disk_trouble_at",
            "The export folder {folder} could not be written (a disk I/O error): its disk may "
            "be full or failing. Free some space (or choose another disk), then run the export "
            "again on the same folder: it continues where it stopped.",
            detail=detail,
            folder=str(root),
        )
    state = root / ".account-desk"
    writable = os.access(state if state.is_dir() else root, os.W_OK)
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN) and (
        primary != sqlite3.SQLITE_CANTOPEN or not writable
    ):
        return FolderNotWritable.coded(
            "export_folder_not_writable",
            "The export folder {folder} cannot be written to: it is read-only, or you are not "
            "allowed to change it. Choose a folder you can write to (or allow writing to this "
            "one), then run the export again.",
            detail=detail,
            folder=str(root),
        )
    return DestinationUnavailable(detail=detail)


def unsafe_error(exc: UnsafePathError, root: Path) -> AccountDeskError:
    """A link (or something that is not a file or folder) where the export writes."""
    return UnsafeDestination.coded(
        "unsafe_destination_at",
        "The export folder {folder} holds a link (or something else the export will not write "
        "through) where the export writes: {what}. The export never follows links. Remove it "
        "(or choose a new, empty folder), then run the export again.",
        detail=f"UnsafePathError: {exc}",
        folder=str(root),
        what=str(exc),
    )
