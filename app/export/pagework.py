"""Reading list pages and writing their records as bytes in a worker process.

Decoding a page and writing its records as JSON Lines and CSV costs this process more than
fetching the page, and the exporter's threads share one interpreter lock: on a fast service the
export waited on its own writing. Worker processes (two, see `worker_count`) take that work
for the big kinds of a run: a worker gets the page's body and answers with the bytes of the
kind's files (`pages.page_files`), so only bytes cross between the processes. Anything that
goes wrong with the workers (they cannot start, one dies) only moves the work back into this
process: the files come out the same.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from app.export.pages import MalformedPage, WrittenPage, page_files

log = logging.getLogger(__name__)

_T = TypeVar("_T")


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
    """Worker processes: two, one on a single core. With one worker on two cores, the worker
    was busy all through a big export while a fifth of the machine stayed idle (measured at
    200,000 records: 16-17 s with one, 10-15 s with two, in the same minutes)."""
    return max(1, min(2, os.cpu_count() or 1))


class _Shared:
    """The run's worker pool, started by the first user that wants it (a big kind's pages,
    a run's archives) and stopped when the last one lets go, so no process outlives the
    export."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._users = 0
        self._kept = 0  # runs that keep a started pool for their last steps (`keep`)
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
                    log.warning("no worker processes (%s): their work is done here", exc)
                    self._broken = True
                    return None
            self._users += 1
            return self._pool

    def release(self) -> None:
        with self._lock:
            self._users -= 1
        self._stop_if_unused()

    def keep(self) -> None:
        """Keep the pool (once started) when its last sink closes, until `unkeep`: a run's
        last steps can use it (`submit`)."""
        with self._lock:
            self._kept += 1

    def unkeep(self) -> None:
        with self._lock:
            self._kept -= 1
        self._stop_if_unused()

    def _stop_if_unused(self) -> None:
        with self._lock:
            if self._users > 0 or self._kept > 0 or self._pool is None:
                return
            pool, self._pool = self._pool, None
        pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, fn: Callable[..., _T], *args: Any) -> Future[_T] | None:
        """Run ``fn(*args)`` in the worker if one is running (None: there is none)."""
        with self._lock:
            if self._pool is None or self._broken:
                return None
            try:
                return self._pool.submit(fn, *args)
            except RuntimeError:  # the pool broke (a worker died)
                self._set_broken()
                return None

    def mark_broken(self) -> None:
        """A worker died: the rest of this run (and later runs in this process) do their work
        here."""
        with self._lock:
            self._set_broken()

    def _set_broken(self) -> None:  # with the lock held
        if not self._broken:
            log.warning("a worker process stopped; its work is done in this process from now on")
        self._broken = True


_shared = _Shared()


class KeptWorker:
    """For one run: workers that the run's record kinds started stay until the run leaves this
    block, so its last steps (index.html) can run beside the export's own threads; `start`
    starts them for other work (unpacking document archives). `submit` runs a function there,
    or answers None when the run has no workers (a small export)."""

    def __init__(self) -> None:
        self._holding = False

    def __enter__(self) -> KeptWorker:
        _shared.keep()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._holding:
            self._holding = False
            _shared.release()
        _shared.unkeep()

    def start(self) -> None:
        """Start the workers (once) and keep them until the end of the run."""
        if not self._holding:
            self._holding = _shared.acquire() is not None

    def submit(self, fn: Callable[..., _T], *args: Any) -> Future[_T] | None:
        return _shared.submit(fn, *args)


class PageWork:
    """Turns one kind's list pages into file bytes (`pages.page_files`) in the shared worker
    process, or here when there is none: the result is the same either way."""

    # A kind bigger than this uses the worker; for a smaller one, starting the worker costs
    # more than it saves.
    MIN_RECORDS = 1000
    # A page smaller than this is made here even then: sending it to the worker and its bytes
    # back costs this process more than making it (a list given one parent at a time, such
    # as conversation messages, is thousands of pages of a record or two). Measured on the
    # bench firm: 4.4 s of work for 205 MB of pages, about 0.4 ms for 20 KiB, which is what
    # one trip to the worker and back costs.
    MIN_BODY_BYTES = 16 * 1024

    def __init__(self, columns: tuple[str, ...], *, use_worker: bool, kind_key: str = "") -> None:
        self.columns = columns
        self.kind_key = kind_key
        self._use_worker = use_worker
        self._pool: ProcessPoolExecutor | None = None
        self._asked = False
        self._holding = False
        self._lock = threading.Lock()  # pages of one list may be made from several threads
        self.last_in_worker = False  # whether the last page was made by the worker

    def files(self, body: bytes) -> WrittenPage:
        """The page's bytes for the kind's files; `MalformedPage` when it cannot be read."""
        pool = self._worker()
        if pool is not None and len(body) >= self.MIN_BODY_BYTES:
            try:
                written = pool.submit(page_files, self.columns, body, self.kind_key).result()
                self.last_in_worker = True
                return written
            except MalformedPage:
                raise
            except Exception:  # the worker died (BrokenProcessPool) or failed: do it here
                _shared.mark_broken()
                self._pool = None
        self.last_in_worker = False
        return page_files(self.columns, body, self.kind_key)

    def _worker(self) -> ProcessPoolExecutor | None:
        with self._lock:
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

    def __enter__(self) -> PageWork:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
