"""The one way the UI runs work off the GUI thread.

A page hands a plain Python callable to `run_in_background`; the callable receives a
`CancelToken` and a `report(done, total, detail)` progress callback and knows nothing of Qt, so
the same core jobs serve the CLI. Progress, the result and any error come back on the GUI thread
through a queued signal; callbacks are dropped once the widget that asked is gone or the job was
cancelled. Nothing here touches a widget from a worker thread.

    job = run_in_background(self, lambda token, report: client.fetch_account(),
                            on_success=self.show_account, on_failure=self.show_error)
    ...
    job.cancel()
"""

from __future__ import annotations

import concurrent.futures
import enum
import functools
import logging
import sys
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

# The core's own "cancelled" error: a job raising it (or calling raise_if_cancelled) ends as
# cancelled, not failed.
from app.errors import Cancelled

log = logging.getLogger(__name__)

T = TypeVar("T")

# Enough for a few pages loading at once plus an export; the export engine keeps its own
# download concurrency inside its one job.
MAX_WORKERS = 8


class CancelToken:
    """Thread-safe cancellation flag handed to every job. Plain Python, and it satisfies the
    core's `app.net.http.CancelToken` protocol (`is_set()`, `wait(timeout)`, like threading.Event),
    so a job passes it straight to the clients."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep up to `timeout` seconds (a back-off, a poll interval), waking early on cancel.
        Returns True when cancelled."""
        return self._event.wait(timeout)


class ProgressCallback(Protocol):
    def __call__(self, done: int, total: int | None = None, detail: str = "") -> None: ...


# What a job is: a plain callable taking the token and the progress callback.
Operation = Callable[[CancelToken, ProgressCallback], T]


@dataclass(frozen=True)
class Progress:
    """One progress report as delivered on the GUI thread. `total` is None when unknown."""

    done: int
    total: int | None
    detail: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, max(0.0, self.done / self.total))


class JobState(enum.Enum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


ErrorHandler = Callable[[BaseException], None]
_error_handler: ErrorHandler | None = None


def set_unhandled_error_handler(handler: ErrorHandler | None) -> None:
    """Where a job's failure goes when the caller gave no `on_failure` (the crash dialog).
    None restores the default: `sys.excepthook`, which the crash dialog also hooks."""
    global _error_handler
    _error_handler = handler


def _report_unhandled(error: BaseException) -> None:
    if _error_handler is not None:
        _error_handler(error)
    else:
        sys.excepthook(type(error), error, error.__traceback__)


class _Dispatcher(QObject):
    """Lives on the GUI thread; workers emit `deliver` with a callable that then runs there."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        # Queued even if emitted on the GUI thread, so callbacks never run inside run_in_background.
        self.deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        call()


class Job(Generic[T]):
    """Handle for one background operation. Created by `run_in_background`; use it on the GUI
    thread only (except `token`, which the job itself reads)."""

    def __init__(
        self,
        runner: BackgroundRunner,
        parent: QObject | None,
        op: Operation[T],
        on_success: Callable[[T], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_progress: Callable[[Progress], None] | None,
        on_cancelled: Callable[[], None] | None,
        name: str,
    ) -> None:
        self.name = name
        self.token = CancelToken()
        self._runner = runner
        self._parent_ref = weakref.ref(parent) if parent is not None else None
        self._op = op
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self._on_cancelled = on_cancelled
        self._state = JobState.PENDING
        self._final: JobState | None = None  # set on the GUI thread once delivered
        self._latest_progress: Progress | None = None
        self._progress_lock = threading.Lock()
        self._progress_posted = False
        self.future: concurrent.futures.Future[None] | None = None

    # -- GUI thread ---------------------------------------------------------------------------

    @property
    def state(self) -> JobState:
        return self._final if self._final is not None else self._state

    @property
    def finished(self) -> bool:
        """True once the outcome was settled on the GUI thread (callbacks called or dropped)."""
        return self._final is not None

    def cancel(self) -> None:
        """Ask the job to stop. After this returns neither on_success nor on_failure is called."""
        if self._final is not None:
            return
        self.token.cancel()
        if self.future is not None and self.future.cancel():
            # Never started: settle it now.
            self._settle_cancelled()

    def _parent_alive(self) -> bool:
        if self._parent_ref is None:
            return True
        parent = self._parent_ref()
        return parent is not None and shiboken6.isValid(parent)

    def _deliver_progress(self) -> None:
        with self._progress_lock:
            progress = self._latest_progress
            self._progress_posted = False
        if self._final is not None or self.token.cancelled or progress is None:
            return
        if self._on_progress is not None and self._parent_alive():
            self._on_progress(progress)

    def _deliver_result(self, result: T) -> None:
        if self._final is not None:
            return
        if self.token.cancelled:
            self._settle_cancelled()
            return
        self._final = JobState.SUCCEEDED
        if self._on_success is not None and self._parent_alive():
            self._on_success(result)

    def _deliver_error(self, error: BaseException) -> None:
        if self._final is not None:
            return
        if self.token.cancelled or isinstance(error, Cancelled):
            self._settle_cancelled()
            return
        self._final = JobState.FAILED
        if not self._parent_alive():
            log.info("Job %s failed after its window closed: %r", self.name, error)
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            _report_unhandled(error)

    def _settle_cancelled(self) -> None:
        if self._final is not None:
            return
        self._final = JobState.CANCELLED
        if self._on_cancelled is not None and self._parent_alive():
            self._on_cancelled()

    # -- worker thread ------------------------------------------------------------------------

    def _report(self, done: int, total: int | None = None, detail: str = "") -> None:
        # Coalesce: a job may report thousands of times a second; the GUI sees the latest value
        # and at most one progress event waits in its queue at a time.
        with self._progress_lock:
            total = None if total is None else int(total)
            self._latest_progress = Progress(int(done), total, detail)
            if self._progress_posted:
                return
            self._progress_posted = True
        self._runner.post(self._deliver_progress)

    def _run(self) -> None:
        self._state = JobState.RUNNING
        try:
            if self.token.cancelled:
                raise Cancelled()
            result = self._op(self.token, self._report)
        except BaseException as error:  # every failure must reach the GUI thread
            if not isinstance(error, Cancelled):
                log.debug("Job %s failed", self.name, exc_info=error)
            self._runner.post(functools.partial(self._deliver_error, error))
        else:
            self._runner.post(functools.partial(self._deliver_result, result))


class BackgroundRunner:
    """Owns the worker pool and the GUI-thread dispatcher. One per application (`runner()`)."""

    def __init__(self, max_workers: int = MAX_WORKERS) -> None:
        self._max_workers = max_workers
        self._lock = threading.Lock()
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._dispatcher: _Dispatcher | None = None
        self._active: set[Job[Any]] = set()

    def _ensure_gui_thread(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("run_in_background needs a QApplication")
        if QThread.currentThread() is not app.thread():
            raise RuntimeError("run_in_background must be called on the GUI thread")

    def post(self, call: Callable[[], None]) -> None:
        """Run `call` on the GUI thread, soon (safe from any thread)."""
        dispatcher = self._dispatcher
        if dispatcher is not None and shiboken6.isValid(dispatcher):
            dispatcher.deliver.emit(call)

    def start(self, job: Job[Any]) -> None:
        self._ensure_gui_thread()
        if self._dispatcher is None or not shiboken6.isValid(self._dispatcher):
            self._dispatcher = _Dispatcher()
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(
                    self._max_workers, thread_name_prefix="account-desk-job"
                )
            self._active.add(job)
            job.future = self._pool.submit(job._run)
        job.future.add_done_callback(lambda _f: self._forget(job))

    def _forget(self, job: Job[Any]) -> None:
        with self._lock:
            self._active.discard(job)

    def active_jobs(self) -> list[Job[Any]]:
        with self._lock:
            return list(self._active)

    def cancel_all(self) -> None:
        for job in self.active_jobs():
            job.token.cancel()

    def wait_for_all(self, timeout: float) -> bool:
        """Block until every started job's callable has returned (its callbacks may still be
        queued for the GUI thread). True when none is left running."""
        futures = [job.future for job in self.active_jobs() if job.future is not None]
        _done, not_done = concurrent.futures.wait(futures, timeout=timeout)
        return not not_done

    def shutdown(self, timeout: float = 10.0, cancel: bool = True) -> bool:
        """Stop the pool (at application exit; tests call it after each test). Cancels running
        jobs first unless told not to. True when every job ended within `timeout`."""
        if cancel:
            self.cancel_all()
        finished = self.wait_for_all(timeout)
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            # Threads of jobs that ignore their token are left to finish on their own.
            pool.shutdown(wait=finished, cancel_futures=True)
        return finished


_runner = BackgroundRunner()


def runner() -> BackgroundRunner:
    return _runner


def run_in_background(
    parent: QObject | None,
    op: Operation[T],
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    *,
    on_cancelled: Callable[[], None] | None = None,
    name: str = "",
) -> Job[T]:
    """Run `op(token, report)` on a worker thread; call back on the GUI thread.

    - `on_success(result)`, `on_failure(error)`, `on_progress(Progress)` and `on_cancelled()` run
      on the GUI thread, and not at all once `parent` has been destroyed.
    - A failure with no `on_failure` goes to the unhandled-error handler (the crash dialog).
    - After `job.cancel()` neither on_success nor on_failure is called; an op that raises
      `Cancelled` (`token.raise_if_cancelled()`) counts as cancelled, not failed.
    """
    job: Job[T] = Job(
        _runner,
        parent,
        op,
        on_success,
        on_failure,
        on_progress,
        on_cancelled,
        name or getattr(op, "__qualname__", "job"),
    )
    _runner.start(job)
    return job


def wait_for_all(timeout: float = 10.0) -> bool:
    """Block until every background job's callable returned. For shutdown and tests."""
    return _runner.wait_for_all(timeout)


def shutdown(timeout: float = 10.0, cancel: bool = True) -> bool:
    """Cancel (by default) and wait for every background job, then release the worker threads."""
    return _runner.shutdown(timeout, cancel)
