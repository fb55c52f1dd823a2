"""What a person is told when the export folder refuses a write: what, where, what to do."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.export.errors import (
    DestinationUnavailable,
    DiskFull,
    DiskTrouble,
    FolderNotWritable,
    PathBlocked,
    destination_error,
    journal_error,
)


def _sqlite_error(code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("unable to open database file")
    error.sqlite_errorcode = code
    error.sqlite_errorname = "SQLITE_ERROR"
    return error


def test_write_errors_name_the_place_and_what_to_do(tmp_path: Path) -> None:
    where = str(tmp_path / "documents")
    blocked = destination_error(NotADirectoryError(errno.ENOTDIR, "not a folder", where))
    assert isinstance(blocked, PathBlocked) and where in blocked.message
    refused = destination_error(PermissionError(errno.EACCES, "denied", where), tmp_path)
    assert isinstance(refused, FolderNotWritable) and where in refused.message
    assert "read-only" in destination_error(OSError(errno.EROFS, "ro"), tmp_path).message
    assert isinstance(destination_error(OSError(errno.ENOSPC, "full")), DiskFull)


def test_journal_errors_tell_a_read_only_folder_from_a_vanished_one(tmp_path: Path) -> None:
    io_error = journal_error(_sqlite_error(sqlite3.SQLITE_IOERR_WRITE), tmp_path)
    assert isinstance(io_error, DiskTrouble) and str(tmp_path) in io_error.message
    full = journal_error(_sqlite_error(sqlite3.SQLITE_FULL), tmp_path)
    assert isinstance(full, DiskFull)
    read_only = journal_error(_sqlite_error(sqlite3.SQLITE_READONLY), tmp_path)
    assert isinstance(read_only, FolderNotWritable) and str(tmp_path) in read_only.message
    gone = journal_error(_sqlite_error(sqlite3.SQLITE_CANTOPEN), tmp_path / "unplugged")
    assert type(gone) is DestinationUnavailable
