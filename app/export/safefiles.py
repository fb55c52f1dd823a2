"""Files and folders in the export folder, created and replaced without following links.

An export folder often sits on a shared or synced drive, and an unfinished one is continued:
whatever stands in it may have been put there by someone else. A link where a `.part`, a
report or a folder goes must never make the export write elsewhere. So every file the export
writes is created exclusively after what stood there is removed (``O_CREAT | O_EXCL |
O_NOFOLLOW``), a file that is continued is opened without following a link and must be a
regular file, a folder the export makes must be a real folder, and only a regular file is ever
renamed into place. On Windows, where there is no ``O_NOFOLLOW``, a reparse point (a symbolic
link or a junction) is refused by its attributes before the file is opened.

Standard library only: the export's worker processes use it too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO, TextIO, cast


class UnsafePathError(ValueError):
    """A path would land outside the export folder, or a link (or something that is not a
    file or folder) stands where the export writes: never followed, never an accepted
    outcome."""


#: `stat.FILE_ATTRIBUTE_REPARSE_POINT` (Windows: symbolic links, junctions, mount points).
_REPARSE_POINT = getattr(stat, "FILE_ATTRIBUTE_REPARSE_POINT", 0x400)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

PathLike = str | os.PathLike[str]


def is_link(found: os.stat_result) -> bool:
    """Whether an `lstat` result is a symbolic link, or a junction or other reparse point."""
    attributes = getattr(found, "st_file_attributes", 0)
    return stat.S_ISLNK(found.st_mode) or bool(attributes & _REPARSE_POINT)


def _lstat(path: PathLike) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _refuse(path: PathLike, what: str) -> UnsafePathError:
    return UnsafePathError(f"{what} stands at {os.fspath(path)}")


def remove_file(path: PathLike) -> None:
    """Remove a file or link at ``path`` (never what a link points to); nothing there is
    fine. A folder or another kind of file there is refused (`UnsafePathError`)."""
    found = _lstat(path)
    if found is None:
        return
    if not (is_link(found) or stat.S_ISREG(found.st_mode)):
        raise _refuse(path, "something that is not a file")
    try:
        if stat.S_ISDIR(found.st_mode):  # a Windows directory junction or symbolic link
            os.rmdir(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass


def _create(path: PathLike, *, read: bool) -> int:
    remove_file(path)
    access = os.O_RDWR if read else os.O_WRONLY
    return os.open(path, access | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY | _CLOEXEC, 0o666)


def create_file(path: PathLike, mode: str = "wb") -> BinaryIO:
    """A new, empty file at ``path`` opened for writing ("wb", or "w+b" to read it too): what
    stood there is removed first and the file is created exclusively, so a link put there (or
    put there meanwhile) is never written through."""
    if mode not in ("wb", "w+b"):
        raise ValueError(f"create_file cannot open for {mode!r}")
    fd = _create(path, read=mode == "w+b")
    try:
        return cast(BinaryIO, open(fd, mode))
    except BaseException:
        os.close(fd)
        raise


def create_text(path: PathLike, *, encoding: str = "utf-8", newline: str | None = "\n") -> TextIO:
    """`create_file` for text."""
    fd = _create(path, read=False)
    try:
        return cast(TextIO, open(fd, "w", encoding=encoding, newline=newline))
    except BaseException:
        os.close(fd)
        raise


def open_existing(path: PathLike, mode: str = "r+b") -> BinaryIO:
    """An existing regular file at ``path`` opened without following a link ("rb" to read,
    "r+b" to continue it); `UnsafePathError` for a link or anything that is not a regular
    file, FileNotFoundError when nothing is there."""
    if mode not in ("rb", "r+b"):
        raise ValueError(f"open_existing cannot open for {mode!r}")
    found = os.lstat(path)
    if is_link(found) or not stat.S_ISREG(found.st_mode):
        raise _refuse(path, "a link or something that is not a file")
    access = os.O_RDWR if mode == "r+b" else os.O_RDONLY
    try:
        fd = os.open(path, access | _NOFOLLOW | _BINARY | _CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put there since the check
            raise _refuse(path, "a link") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _refuse(path, "something that is not a file")
        return cast(BinaryIO, open(fd, mode))
    except BaseException:
        os.close(fd)
        raise


def regular_size(path: PathLike) -> int | None:
    """The size of the regular file at ``path``; None when nothing, a link or anything else
    stands there (a link is not taken as a file's bytes)."""
    found = _lstat(path)
    if found is None or is_link(found) or not stat.S_ISREG(found.st_mode):
        return None
    return found.st_size


def replace_file(part: PathLike, target: PathLike) -> None:
    """Rename the finished ``part`` to ``target``. Only a regular file is moved into place
    (never a link someone put at the `.part` path); a link at ``target`` is itself replaced,
    and a folder there is refused."""
    found = _lstat(part)
    if found is None:
        raise FileNotFoundError(errno.ENOENT, "the finished part is gone", os.fspath(part))
    if is_link(found) or not stat.S_ISREG(found.st_mode):
        raise _refuse(part, "a link or something that is not a file")
    standing = _lstat(target)
    if standing is not None and is_link(standing) and stat.S_ISDIR(standing.st_mode):
        os.rmdir(target)  # a Windows directory link or junction: replaced like a file link
    elif standing is not None and not (is_link(standing) or stat.S_ISREG(standing.st_mode)):
        raise _refuse(target, "something that is not a file")
    os.replace(part, target)


def make_dir(path: PathLike) -> None:
    """Make the folder ``path`` (its parent must exist); one already there must be a real
    folder: a link or a junction is refused (`UnsafePathError`), a file standing there
    raises NotADirectoryError naming it."""
    found = _lstat(path)
    if found is None:
        try:
            os.mkdir(path)
            return
        except FileExistsError:  # made meanwhile: check what it is
            found = os.lstat(path)
    if is_link(found):
        raise _refuse(path, "a link where a folder goes")
    if not stat.S_ISDIR(found.st_mode):
        raise NotADirectoryError(
            errno.ENOTDIR, "a file stands where a folder goes", os.fspath(path)
        )


def make_dirs(root: Path, directory: Path) -> None:
    """`make_dir` for ``directory`` and each folder between it and ``root`` (``root`` itself
    is not made: see `naming.make_dirs_below`)."""
    current = root
    for part in directory.relative_to(root).parts:
        current = current / part
        make_dir(current)
