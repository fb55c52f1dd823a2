"""Archives unpacked as they download: the zip's central directory is fetched first, then
its body read once from the first entry still to do, each entry written straight to its
document's `.part` (no copy of the zip on disk)."""

# Outcomes are named like app.errors (ItemFailed, ...), not "...Error".
# ruff: noqa: N818

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from app.errors import (
    BadResponse,
    ConnectionFailed,
    HttpError,
    TimedOut,
)
from app.export.control import ExportControl
from app.export.documents.archives import ArchiveJob, ArchiveUnavailable, plan_entries
from app.export.documents.download import (
    CHUNK,
    MAX_BODY_ATTEMPTS,
    Finisher,
    Tally,
    complete_file,
    file_error,
)
from app.export.documents.placement import DocumentItem
from app.export.documents.unzip import start_writeback
from app.export.journal import FileEntry
from app.export.naming import ResolvedFolders, inside_root, make_dirs_below
from app.export.safefiles import (
    UnsafePathError,
    create_file,
    open_existing,
)
from app.net.http import HttpSession

log = logging.getLogger(__name__)

#: How much of a zip's end is fetched first: the central directory of a batch of 200 entries
#: usually fits (a longer one is fetched from where it starts). A zip up to `WHOLE_ARCHIVE`
#: is not streamed but downloaded whole to disk: its end would be a good part of it, and the
#: zip on disk lets a killed run unpack it without fetching it again.
ARCHIVE_TAIL = 64 * 1024
WHOLE_ARCHIVE = 4 * 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader


class StreamingUnavailable(Exception):
    """This server's archives cannot be read as a stream (no size, no Range): fall back to
    downloading the whole zip and unpacking it."""


class _TailFile:
    """The end of a zip as a seekable file of the zip's full size, for `zipfile` to read the
    central directory from; a read before the fetched part raises `_NeedFrom`."""

    def __init__(self, data: bytes, start: int, size: int) -> None:
        self._data, self._start, self.size_field, self._pos = data, start, size, 0

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self.size_field}[whence]
        if base + offset < 0:
            raise OSError(errno.EINVAL, "seek before the start")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, count: int = -1) -> bytes:
        if self._pos < self._start:
            raise _NeedFrom(self._pos)
        begin = self._pos - self._start
        end = len(self._data) if count < 0 else begin + count
        chunk = self._data[begin:end]
        self._pos += len(chunk)
        return chunk

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        pass


class _NeedFrom(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


class _Body:
    """A download's body read sequentially, knowing where it is in the whole file."""

    def __init__(self, chunks: Iterator[bytes], position: int) -> None:
        self._chunks = chunks
        self._buffer = memoryview(b"")
        self.position = position

    def _fill(self) -> None:
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                raise ConnectionFailed(detail="the archive ended early")
            self._buffer = memoryview(chunk)

    def pieces(self, count: int) -> Iterator[memoryview]:
        """The next ``count`` bytes, in the pieces they arrived in."""
        while count > 0:
            self._fill()
            piece = self._buffer[:count]
            self._buffer = self._buffer[len(piece) :]
            self.position += len(piece)
            count -= len(piece)
            yield piece

    def read(self, count: int) -> bytes:
        return b"".join(bytes(piece) for piece in self.pieces(count))

    def skip_to(self, offset: int) -> None:
        if offset < self.position:
            raise BadResponse(detail="archive entries overlap")
        for _ in self.pieces(offset - self.position):
            pass


def _central_directory(
    http: HttpSession, url: str, size: int, control: ExportControl
) -> tuple[list[zipfile.ZipInfo], str, str | None, bytes, int]:
    """The zip's entries from its end (one or two Range requests): (entries, the URL the bytes
    came from, the zip's ETag, the fetched end, where that end starts)."""
    start = max(0, size - ARCHIVE_TAIL)
    for _ in range(2):
        with http.stream_download(url, offset=start, cancel=control) as download:
            if download.offset != start or (download.total_size or size) != size:
                raise StreamingUnavailable("the server does not send parts of the archive")
            tail = b"".join(download.iter_chunks(CHUNK))
            source, etag = download.response.url or url, download.etag
        if start + len(tail) != size:
            raise ConnectionFailed(detail="the end of the archive is short")
        try:
            with zipfile.ZipFile(_TailFile(tail, start, size)) as bundle:
                return bundle.infolist(), source, etag, tail, start
        except _NeedFrom as need:
            start = need.offset  # a bigger directory than usual: fetch from where it starts
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise BadResponse(detail=f"archive unreadable: {exc}") from None
    raise BadResponse(detail="the archive's directory is out of reach")


def stream_archive(
    http: HttpSession,
    job: ArchiveJob,
    size: int | None,
    items: list[DocumentItem],
    root: Path,
    control: ExportControl,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    remember: Callable[[ArchiveJob], None] | None = None,
    folders: ResolvedFolders | None = None,
) -> list[DocumentItem]:
    """Unpack a completed archive while it downloads, without keeping the zip: its central
    directory first (fetched from the end), so every entry's document, size and CRC are known
    before its bytes arrive; then the entries in one ranged download, each written to its
    document's `.part` (entry names only recognise documents, never make paths), checked and
    handed to the finisher. Returns the documents to fetch one by one (not in the zip, or not
    intact). A broken download continues at the entry it was in.

    Raises `StreamingUnavailable` before writing anything when the server cannot do this,
    `ArchiveUnavailable` when the archive cannot be had at all."""
    if size is None:
        raise StreamingUnavailable("the archive's size is not given")
    if size <= WHOLE_ARCHIVE:
        raise StreamingUnavailable("a small archive")
    api_url = f"/api/v4/document_archives/{job.id}/download.json"
    try:
        infos, url, etag, tail, tail_start = _central_directory(http, api_url, size, control)
    except (HttpError, BadResponse, ConnectionFailed, TimedOut) as exc:
        raise ArchiveUnavailable(str(exc)) from None
    if remember is not None and etag != job.etag:
        remember(ArchiveJob(job.id, etag))
    plan = plan_entries(infos, items)
    matched = {item.id for _, item in plan}
    leftovers = [item for item in items if item.id not in matched]
    folders = {} if folders is None else folders  # see `inside_root`: one for a whole run
    plan = _take_written_parts(plan, root, on_bytes, finisher, folders)
    attempts = 0
    while plan:
        start = plan[0][0].header_offset
        try:
            if start >= tail_start:  # what is left was in the end already fetched
                _unpack_stream(
                    _Body(iter([tail[start - tail_start :]]), start),
                    plan, root, control, on_bytes, finisher, leftovers, folders,
                )  # fmt: skip
                continue
            with http.stream_download(url, offset=start, if_range=etag, cancel=control) as body:
                if body.offset != start:
                    log.warning("archive changed while it was read; fetching one by one")
                    break
                _unpack_stream(
                    _Body(body.iter_chunks(CHUNK), start),
                    plan, root, control, on_bytes, finisher, leftovers, folders,
                )  # fmt: skip
        except (ConnectionFailed, TimedOut) as exc:
            attempts += 1
            if attempts >= MAX_BODY_ATTEMPTS:
                break
            log.info("archive download broke off (%s); continuing at its entry", exc.detail)
        except (HttpError, BadResponse) as exc:
            if url == api_url:
                log.warning("archive %s: %s; fetching one by one", job.id, exc)
                break
            url = api_url  # the signed address expired: ask the API for a fresh one
    leftovers += [item for _, item in plan]
    return leftovers


def _take_written_parts(
    plan: list[tuple[zipfile.ZipInfo, DocumentItem]],
    root: Path,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    folders: ResolvedFolders,
) -> list[tuple[zipfile.ZipInfo, DocumentItem]]:
    """Documents an earlier run wrote whole but was stopped before they were counted (killed
    while they waited for the finisher, or between their rename and the journal's commit): a
    `.part`, or else a file under the document's own name, with the entry's size and CRC-32 is
    taken as it is, hashed from the file, instead of being fetched again (a file under its
    name goes back to `.part` and through the finisher like the others). Returns the rest of
    the plan."""
    rest = []
    for info, item in plan:
        target = inside_root(root, item.path, folders)
        part = target.with_name(target.name + ".part")
        entry = _written_part(part, info, item)
        if entry is None:
            entry = _written_part(target, info, item)
            if entry is not None:
                try:
                    os.replace(target, part)
                except OSError:
                    entry = None
        if entry is None:
            rest.append((info, item))
            continue
        complete_file(finisher, part, target, entry, fsynced=False)
        on_bytes(entry.size)
    return rest


def _written_part(part: Path, info: zipfile.ZipInfo, item: DocumentItem) -> FileEntry | None:
    """The entry of ``part`` when it is a regular file holding exactly the zip entry's bytes
    (its size, and the content its record names, see `_intact`), else None."""
    try:
        found = part.lstat()
        if not stat.S_ISREG(found.st_mode) or found.st_size != info.file_size:
            return None
        digest = hashlib.sha256()
        crc = 0
        with open_existing(part, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                if item.sha256 is None:
                    crc = zlib.crc32(chunk, crc)
    except (OSError, UnsafePathError):
        return None
    sha256 = digest.hexdigest()
    if not _intact(item, info, sha256, crc):
        return None
    return FileEntry(item.path.as_posix(), "documents", str(item.id), info.file_size, sha256)


def _intact(item: DocumentItem, info: zipfile.ZipInfo, sha256: str, crc: int) -> bool:
    """Whether an entry's bytes, of the right size, are the document: its record's SHA-256
    checks it end to end; only without one is the entry's CRC-32 needed (and computed)."""
    return sha256 == item.sha256 if item.sha256 else crc == info.CRC


def _unpack_stream(
    body: _Body,
    plan: list[tuple[zipfile.ZipInfo, DocumentItem]],
    root: Path,
    control: ExportControl,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    failed: list[DocumentItem],
    folders: ResolvedFolders | None = None,
) -> None:
    """Write the planned entries as they come, removing each from ``plan`` once done and
    adding those that were not intact to ``failed`` (both also when the download breaks)."""
    while plan:
        control.checkpoint()
        info, item = plan[0]
        body.skip_to(info.header_offset)
        header = _LOCAL_HEADER.unpack(body.read(_LOCAL_HEADER.size))
        if header[0] != b"PK\x03\x04":
            raise BadResponse(detail="no entry where the archive's directory says")
        body.skip_to(body.position + header[10] + header[11])  # name and extra field
        entry = _stream_entry(body, info, item, root, on_bytes, finisher, folders)
        if entry is None:
            failed.append(item)
        plan.pop(0)


def _stream_entry(
    body: _Body,
    info: zipfile.ZipInfo,
    item: DocumentItem,
    root: Path,
    on_bytes: Callable[[int], None],
    finisher: Finisher | None,
    folders: ResolvedFolders | None = None,
) -> FileEntry | None:
    target = inside_root(root, item.path, folders)
    part = target.with_name(target.name + ".part")
    limit = item.size if item.size is not None else 0
    inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    digest = hashlib.sha256()
    crc = 0
    written = 0
    intact = True
    tally = Tally(on_bytes)
    try:
        make_dirs_below(root, target.parent)
        with create_file(part) as handle:  # a link put in its place is replaced, not followed
            for piece in body.pieces(info.compress_size):
                if not intact:
                    continue  # read past the rest of a bad entry
                # never more out of a piece than the document may still hold (a zip bomb)
                data = piece if inflate is None else inflate.decompress(piece, limit - written + 1)
                written += len(data)
                if written > limit or (inflate is not None and inflate.unconsumed_tail):
                    intact = False
                    continue
                handle.write(data)
                digest.update(data)
                if item.sha256 is None:
                    crc = zlib.crc32(data, crc)
                tally.add(len(data))
            if inflate is not None and not inflate.eof:
                intact = False
            sha256 = digest.hexdigest()
            intact = intact and written == limit and _intact(item, info, sha256, crc)
            if intact and finisher is not None:
                start_writeback(handle)
    except zlib.error as exc:
        log.warning("archive entry for document %s unreadable: %s", item.id, exc)
        intact = False
    except OSError as exc:
        tally.take_back()
        raise file_error(exc) from None
    except BaseException:
        tally.take_back()  # the download broke off: the entry is fetched again
        raise
    if not intact:
        tally.take_back()
        part.unlink(missing_ok=True)
        return None
    entry = FileEntry(item.path.as_posix(), "documents", str(item.id), written, sha256)
    complete_file(finisher, part, target, entry, fsynced=False)
    return entry
