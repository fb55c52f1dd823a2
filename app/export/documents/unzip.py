"""Copying archive entries to their `.part` files, hashed on the way.

Reading a zip entry, writing it and hashing it is the export's heaviest work per document
byte, and most of it holds the interpreter lock (zipfile reads in Python). `extract_entries`
does it for a group of entries whose targets the exporter has already chosen and checked, and
needs only the standard library, so a page worker process can run it (`pagework`) while the
export's threads go on downloading. The exporter then checks each result and makes the file
durable under its final name (`archives.unpack_archive`).
"""

from __future__ import annotations

import hashlib
import os
import sys
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from app.export.safefiles import create_file

CHUNK = 256 * 1024


@dataclass(frozen=True)
class EntryJob:
    info: zipfile.ZipInfo  # the entry (read by its header offset, whatever its name)
    part: str  # the checked `.part` path to write
    limit: int  # the document's size: an entry that gives more is refused


@dataclass(frozen=True)
class EntryResult:
    written: int  # bytes copied; -1 when the entry could not be read (the `.part` is removed)
    sha256: str
    problem: str | None = None


def extract_entries(archive: str, jobs: list[EntryJob]) -> list[EntryResult]:
    """Copy each job's entry of ``archive`` to its `.part` (the writing is started towards the
    disk, not waited for). A disk error (OSError) stops the group and is raised."""
    results = []
    with zipfile.ZipFile(archive) as bundle:
        for job in jobs:
            results.append(extract_entry(bundle, job))
    return results


def extract_entry(bundle: zipfile.ZipFile, job: EntryJob) -> EntryResult:
    """Copy one entry to its `.part`; an unreadable or oversized entry leaves none."""
    digest = hashlib.sha256()
    written = 0
    try:
        with bundle.open(job.info) as source, create_file(job.part) as handle:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > job.limit:  # lies about its size: a bomb or a wrong entry
                    break
                handle.write(chunk)
                digest.update(chunk)
            if written == job.limit:
                start_writeback(handle)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:  # CRC errors are BadZipFile
        _remove(job.part)
        return EntryResult(-1, "", f"{type(exc).__name__}: {exc}")
    if written != job.limit:
        _remove(job.part)
        return EntryResult(-1, "", f"{written} bytes or more, expected {job.limit}")
    return EntryResult(written, digest.hexdigest())


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def start_writeback(handle: BinaryIO) -> None:
    """Ask the system to start writing a finished file's bytes to disk now, without waiting
    (Linux; elsewhere a no-op): the fsync that follows later on the finisher's thread then
    finds most of the work done, and the disk works while the next file downloads. The pages
    stay cached (only clean pages would be dropped), so the final verification reads memory."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None or not sys.platform.startswith("linux"):
        return
    handle.flush()
    advise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
