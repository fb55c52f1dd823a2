"""The export's journal: a small SQLite database inside the export folder that makes an export
resumable after any crash or kill.

Per kind it keeps the next page to fetch, how many records are written and the byte length of
the `.jsonl` and `.csv` files at that point; a page counts only once its bytes are fsynced and
this row is committed, and a resume truncates the files back to the committed length, so no
record is lost or written twice. It also keeps finished files (path, size, SHA-256, ETag), the
paths handed out for folders and documents, failures with their reasons, and run metadata.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from app.export.safefiles import UnsafePathError, make_dir, regular_size

STATE_DIR = ".account-desk"
JOURNAL_NAME = "journal.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS run_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kinds (
    kind TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    next_url TEXT,
    records INTEGER NOT NULL DEFAULT 0,
    jsonl_offset INTEGER NOT NULL DEFAULT 0,
    csv_offset INTEGER NOT NULL DEFAULT 0,
    expected INTEGER
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    etag TEXT
);
CREATE INDEX IF NOT EXISTS files_by_source ON files(kind, source_id);
CREATE TABLE IF NOT EXISTS paths (key TEXT PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures (
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    permanent INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id)
);
"""


class KindState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"


@dataclass(frozen=True)
class KindProgress:
    kind: str
    state: KindState
    next_url: str | None
    records: int
    jsonl_offset: int
    csv_offset: int
    expected: int | None


@dataclass(frozen=True)
class FileEntry:
    """A finished file: where it is, what it holds and how to check it."""

    path: str  # relative to the export root, with forward slashes
    kind: str
    source_id: str
    size: int
    sha256: str
    etag: str | None = None


@dataclass(frozen=True)
class Failure:
    kind: str
    item_id: str
    reason: str
    permanent: bool


class Journal:
    """Thread-safe: one connection guarded by a lock (writes are small and rare per page)."""

    def __init__(self, root: Path) -> None:
        state_dir = root / STATE_DIR
        root.mkdir(parents=True, exist_ok=True)
        make_dir(state_dir)  # never a link: the journal would be written where it leads
        self.path = state_dir / JOURNAL_NAME
        for name in (JOURNAL_NAME, JOURNAL_NAME + "-wal", JOURNAL_NAME + "-shm"):
            found = regular_size(state_dir / name)
            if found is None and os.path.lexists(state_dir / name):
                raise UnsafePathError(f"a link or something that is not a file is {name}")
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        # WAL with synchronous=NORMAL: a commit does not wait for the disk (several per
        # document, so waiting would cost more than the downloads). A power cut may roll back
        # the last commits, never a part of one, and rolling back only repeats work: every
        # file's bytes are fsynced BEFORE the commit that counts them, and a resume truncates
        # the records files to the committed lengths. A killed process loses nothing committed.
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA synchronous=NORMAL")
        self._con.executescript(_SCHEMA)
        self._con.commit()
        stat = os.stat(self.path)
        self._identity = (stat.st_dev, stat.st_ino)

    def still_there(self) -> bool:
        """False once the journal's file is gone from its place: the export folder was
        removed, moved or unmounted (SQLite would keep writing to the unlinked file)."""
        try:
            stat = os.stat(self.path)
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self._identity

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._con:
            yield self._con

    # run metadata -----------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as con:
            con.execute(
                "INSERT INTO run_meta(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def get_meta(self, key: str) -> str | None:
        with self._tx() as con:
            row = con.execute("SELECT value FROM run_meta WHERE key=?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def delete_meta(self, key: str) -> None:
        with self._tx() as con:
            con.execute("DELETE FROM run_meta WHERE key=?", (key,))

    def meta_with_prefix(self, prefix: str) -> dict[str, str]:
        """Every run metadata entry whose key starts with ``prefix``."""
        with self._tx() as con:
            rows = con.execute(
                "SELECT key, value FROM run_meta WHERE substr(key, 1, ?) = ?",
                (len(prefix), prefix),
            ).fetchall()
        return {str(key): str(value) for key, value in rows}

    # ETags of unfinished downloads (sent as If-Range when they resume) -------------------
    def part_etags(self) -> _PartEtags:
        return _PartEtags(self)

    # kinds ------------------------------------------------------------------------------
    def kind_progress(self, kind: str) -> KindProgress:
        with self._tx() as con:
            row = con.execute(
                "SELECT state, next_url, records, jsonl_offset, csv_offset, expected "
                "FROM kinds WHERE kind=?",
                (kind,),
            ).fetchone()
        if row is None:
            return KindProgress(kind, KindState.PENDING, None, 0, 0, 0, None)
        return KindProgress(kind, KindState(row[0]), row[1], row[2], row[3], row[4], row[5])

    def set_expected(self, kind: str, expected: int) -> None:
        with self._tx() as con:
            con.execute(
                "INSERT INTO kinds(kind, state, expected) VALUES(?, ?, ?) "
                "ON CONFLICT(kind) DO UPDATE SET expected=excluded.expected",
                (kind, KindState.PENDING.value, expected),
            )

    def commit_page(
        self,
        kind: str,
        *,
        next_url: str | None,
        records: int,
        jsonl_offset: int,
        csv_offset: int,
        done: bool,
    ) -> None:
        """Called after the page's bytes are fsynced: from now on they count."""
        state = KindState.DONE if done else KindState.RUNNING
        with self._tx() as con:
            con.execute(
                "INSERT INTO kinds(kind, state, next_url, records, jsonl_offset, csv_offset) "
                "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(kind) DO UPDATE SET state=excluded.state, "
                "next_url=excluded.next_url, records=excluded.records, "
                "jsonl_offset=excluded.jsonl_offset, csv_offset=excluded.csv_offset",
                (kind, state.value, next_url, records, jsonl_offset, csv_offset),
            )

    def reset_kind(self, kind: str) -> None:
        """Start a kind over (for instance when its files went missing)."""
        with self._tx() as con:
            con.execute(
                "UPDATE kinds SET state=?, next_url=NULL, records=0, jsonl_offset=0, "
                "csv_offset=0 WHERE kind=?",
                (KindState.PENDING.value, kind),
            )

    def all_kinds(self) -> list[KindProgress]:
        with self._tx() as con:
            keys = [row[0] for row in con.execute("SELECT kind FROM kinds ORDER BY kind")]
        return [self.kind_progress(key) for key in keys]

    # files ------------------------------------------------------------------------------
    def finish_file(self, entry: FileEntry) -> None:
        with self._tx() as con:
            con.execute(
                "INSERT OR REPLACE INTO files(path, kind, source_id, size, sha256, etag) "
                "VALUES(?, ?, ?, ?, ?, ?)",
                (entry.path, entry.kind, entry.source_id, entry.size, entry.sha256, entry.etag),
            )
            con.execute(
                "DELETE FROM failures WHERE kind=? AND item_id=?", (entry.kind, entry.source_id)
            )

    def finish_files(self, entries: list[FileEntry]) -> None:
        """`finish_file` for many files in one transaction; also forgets the ETags kept for
        their unfinished downloads (`part_etags`)."""
        with self._tx() as con:
            con.executemany(
                "INSERT OR REPLACE INTO files(path, kind, source_id, size, sha256, etag) "
                "VALUES(?, ?, ?, ?, ?, ?)",
                [(e.path, e.kind, e.source_id, e.size, e.sha256, e.etag) for e in entries],
            )
            con.executemany(
                "DELETE FROM failures WHERE kind=? AND item_id=?",
                [(e.kind, e.source_id) for e in entries],
            )
            con.executemany(
                "DELETE FROM run_meta WHERE key=?",
                [(_PartEtags.PREFIX + e.path,) for e in entries],
            )

    def file_for(self, kind: str, source_id: str) -> FileEntry | None:
        with self._tx() as con:
            row = con.execute(
                "SELECT path, kind, source_id, size, sha256, etag FROM files "
                "WHERE kind=? AND source_id=?",
                (kind, source_id),
            ).fetchone()
        return None if row is None else FileEntry(*row)

    def files_of(self, kind: str) -> dict[str, FileEntry]:
        """Every finished file of ``kind`` by its source id."""
        with self._tx() as con:
            rows = con.execute(
                "SELECT path, kind, source_id, size, sha256, etag FROM files WHERE kind=?",
                (kind,),
            ).fetchall()
        return {row[2]: FileEntry(*row) for row in rows}

    def forget_file(self, path: str) -> None:
        with self._tx() as con:
            con.execute("DELETE FROM files WHERE path=?", (path,))

    def files(self) -> list[FileEntry]:
        with self._tx() as con:
            rows = con.execute(
                "SELECT path, kind, source_id, size, sha256, etag FROM files ORDER BY path"
            ).fetchall()
        return [FileEntry(*row) for row in rows]

    # paths handed out by the allocator --------------------------------------------------
    def save_paths(self, assignments: dict[str, PurePosixPath]) -> None:
        with self._tx() as con:
            con.executemany(
                "INSERT OR IGNORE INTO paths(key, path) VALUES(?, ?)",
                ((key, str(path)) for key, path in assignments.items()),
            )

    def saved_paths(self) -> dict[str, PurePosixPath]:
        with self._tx() as con:
            rows = con.execute("SELECT key, path FROM paths").fetchall()
        return {key: PurePosixPath(path) for key, path in rows}

    # failures ---------------------------------------------------------------------------
    def record_failure(self, kind: str, item_id: str, reason: str, *, permanent: bool) -> None:
        with self._tx() as con:
            con.execute(
                "INSERT OR REPLACE INTO failures(kind, item_id, reason, permanent) "
                "VALUES(?, ?, ?, ?)",
                (kind, item_id, reason, int(permanent)),
            )

    def clear_failures(self, kind: str | None = None) -> None:
        with self._tx() as con:
            if kind is None:
                con.execute("DELETE FROM failures")
            else:
                con.execute("DELETE FROM failures WHERE kind=?", (kind,))

    def resolve_failures(self, kind: str, keep: Collection[str] = ()) -> None:
        """Forget the failures of ``kind`` except ``keep``: call it once the kind (or item)
        succeeded, so an earlier run's failure is only cleared by a success."""
        with self._tx() as con:
            rows = con.execute("SELECT item_id FROM failures WHERE kind=?", (kind,)).fetchall()
            gone = [(kind, row[0]) for row in rows if row[0] not in keep]
            con.executemany("DELETE FROM failures WHERE kind=? AND item_id=?", gone)

    def failures(self) -> list[Failure]:
        with self._tx() as con:
            rows = con.execute(
                "SELECT kind, item_id, reason, permanent FROM failures ORDER BY kind, item_id"
            ).fetchall()
        return [Failure(row[0], row[1], row[2], bool(row[3])) for row in rows]


class _PartEtags:
    """The `download.PartEtags` of a journal (run metadata keyed by the document's path)."""

    PREFIX = "part-etag:"

    def __init__(self, journal: Journal) -> None:
        self._journal = journal

    def get(self, path: str) -> str | None:
        return self._journal.get_meta(self.PREFIX + path)

    def set(self, path: str, etag: str) -> None:
        self._journal.set_meta(self.PREFIX + path, etag)

    def forget(self, path: str) -> None:
        self._journal.delete_meta(self.PREFIX + path)


def journal_exists(root: Path) -> bool:
    return (root / STATE_DIR / JOURNAL_NAME).exists()
