"""Turning pages of records into CSV in a worker process.

Writing the CSV view of a record costs this process more than fetching and decoding it, and the
exporter's threads share one interpreter lock: on a fast service the export waited on its own
CSV writing. One worker process (two on machines with more cores) takes that work from the
record sinks of a run. It gets the page as the JSON Lines bytes already written, so nothing but
bytes crosses between the processes, and it answers with the CSV bytes, which the sink writes
in page order. Anything that goes wrong with the worker (it cannot start, it dies) only moves the
work back into this process: the files come out the same.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from app.export.csvout import csv_rows
from app.export.pages import MalformedPage, WrittenPage, page_files
from app.jsontext import loads_exact

log = logging.getLogger(__name__)


def csv_for_jsonl(columns: tuple[str, ...], jsonl: bytes) -> bytes:
    """The CSV rows of a page of JSON Lines (what `csv_rows` writes for the same records)."""
    records: list[Any] = [loads_exact(line) for line in jsonl.split(b"\n") if line]
    return csv_rows(records, columns)


def _exit_with_parent() -> None:
    """In the worker: leave as soon as the export process is gone, even when it was killed
    (the worker itself holds both ends of its task pipe, so it would wait forever)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def worker_count() -> int:
    """Worker processes: one beside this process on two cores (the other core serves the
    service on this machine or the rest of the export), two where there are more."""
    return max(1, min(2, (os.cpu_count() or 1) - 1))


class _Shared:
    """The run's worker pool, started by the first sink that wants it and stopped when the
    last one is closed, so no process outlives the export."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._users = 0
        self._broken = False

    def acquire(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._broken:
                return None
            if self._pool is None:
                try:
                    # "spawn" on every system: forking a process that runs threads is unsafe.
                    context = multiprocessing.get_context("spawn")
                    self._pool = ProcessPoolExecutor(
                        worker_count(), mp_context=context, initializer=_exit_with_parent
                    )
                except (OSError, ValueError, RuntimeError) as exc:
                    log.warning("CSV is written in this process: no worker (%s)", exc)
                    self._broken = True
                    return None
            self._users += 1
            return self._pool

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users > 0 or self._pool is None:
                return
            pool, self._pool = self._pool, None
        pool.shutdown(wait=True, cancel_futures=True)

    def mark_broken(self) -> None:
        """The worker died: the rest of this run (and later runs in this process) write CSV
        here."""
        with self._lock:
            if not self._broken:
                log.warning("the CSV worker process stopped; CSV is written in this process")
            self._broken = True


_shared = _Shared()


class CsvPages:
    """The CSV of one kind's pages, made by the worker and handed back in page order."""

    # Pages handed over and not yet written, at most: bounds memory, keeps the worker busy.
    MAX_PENDING = 3

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.columns = columns
        self._pool: ProcessPoolExecutor | None = None
        self._asked = False
        self._holding = False  # counted among the shared pool's users
        self._pending: list[tuple[bytes, Future[bytes]]] = []

    def submit(self, jsonl: bytes) -> bool:
        """Hand a page to the worker; False when there is none (write it here instead)."""
        if not self._asked:
            self._asked = True
            self._pool = _shared.acquire()
            self._holding = self._pool is not None
        if self._pool is None:
            return False
        try:
            future = self._pool.submit(csv_for_jsonl, self.columns, jsonl)
        except RuntimeError:  # BrokenProcessPool, or shut down
            _shared.mark_broken()
            self._pool = None
            return False
        self._pending.append((jsonl, future))
        return True

    @property
    def pending(self) -> int:
        return len(self._pending)

    def take(self, *, wait: bool) -> list[bytes]:
        """The CSV of the oldest pages, in order: those done (and, with ``wait``, all)."""
        done: list[bytes] = []
        while self._pending:
            jsonl, future = self._pending[0]
            if not wait and not future.done() and len(self._pending) <= self.MAX_PENDING:
                break
            done.append(self._result(jsonl, future))
            self._pending.pop(0)
        return done

    def _result(self, jsonl: bytes, future: Future[bytes]) -> bytes:
        try:
            return future.result()
        except Exception:  # the worker died (BrokenProcessPool) or failed: do it here
            _shared.mark_broken()
            self._pool = None
            return csv_for_jsonl(self.columns, jsonl)

    def close(self) -> None:
        """Drop pages not taken (their files are cut back to the journal's lengths on resume)."""
        for _jsonl, future in self._pending:
            future.cancel()
        self._pending.clear()
        self._pool = None
        if self._holding:
            self._holding = False
            _shared.release()


class PageWork:
    """Turns one kind's list pages into file bytes (`pages.page_files`) in the shared worker
    process, or here when there is none: the result is the same either way."""

    def __init__(self, columns: tuple[str, ...], *, use_worker: bool) -> None:
        self.columns = columns
        self._use_worker = use_worker
        self._pool: ProcessPoolExecutor | None = None
        self._asked = False
        self._holding = False

    def files(self, body: bytes) -> WrittenPage:
        """The page's bytes for the kind's files; `MalformedPage` when it cannot be read."""
        pool = self._worker()
        if pool is not None:
            try:
                return pool.submit(page_files, self.columns, body).result()
            except MalformedPage:
                raise
            except Exception:  # the worker died (BrokenProcessPool) or failed: do it here
                _shared.mark_broken()
                self._pool = None
        return page_files(self.columns, body)

    def _worker(self) -> ProcessPoolExecutor | None:
        if self._use_worker and not self._asked:
            self._asked = True
            self._pool = _shared.acquire()
            self._holding = self._pool is not None
        return self._pool

    def close(self) -> None:
        self._pool = None
        if self._holding:
            self._holding = False
            _shared.release()
