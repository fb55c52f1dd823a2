"""What the UI or the command line holds to steer an export (pause, resume, cancel) and the
progress values the engine reports through plain callbacks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.errors import Cancelled
from app.export.speed import SpeedMeter, time_left


class ExportState(StrEnum):
    PLANNING = "planning"
    RUNNING = "running"
    PAUSED = "paused"
    VERIFYING = "verifying"
    VERIFIED = "verified"  # complete and every check held
    INCOMPLETE = "incomplete"  # finished, but something is missing (the report says what)
    CANCELLED = "cancelled"  # stopped on request; the folder resumes


class KindPhase(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportControl:
    """Pause, resume and cancel an export from any thread. Also the cancel token handed to the
    HTTP session (it has `is_set` and `wait`), so a cancel interrupts waits at once."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Called (from the caller's thread) after every pause, resume or cancel."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def pause(self) -> None:
        self._running.clear()
        self._changed()

    def resume(self) -> None:
        self._running.set()
        self._changed()

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()  # wake paused workers so they see the cancel
        self._changed()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    # the cancel-token protocol of app.net.http
    def is_set(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._cancelled.wait(timeout)

    def checkpoint(self) -> None:
        """Between pages and chunks: wait while paused, raise `Cancelled` when cancelled."""
        while not self._running.wait(0.25):
            pass
        if self._cancelled.is_set():
            raise Cancelled(
                "The export was cancelled. Run it again on the same folder to resume.",
                code="export_cancelled",
            )


@dataclass(frozen=True)
class KindProgressView:
    key: str
    label: str
    phase: KindPhase
    done: int
    expected: int | None


@dataclass(frozen=True)
class Progress:
    state: ExportState
    records_done: int
    records_total: int
    bytes_done: int
    bytes_total: int
    documents_done: int
    documents_total: int
    kinds: tuple[KindProgressView, ...]
    records_per_second: float
    bytes_per_second: float
    seconds_left: float | None


ProgressCallback = Callable[[Progress], None]


class ProgressTracker:
    """Counts what is done (thread-safe) and hands snapshots to the callback, at most every
    `interval` seconds except for state changes, so a fast export does not flood a UI."""

    def __init__(
        self,
        callback: ProgressCallback | None,
        interval: float = 0.1,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._callback = callback
        self._interval = interval
        self._lock = threading.Lock()
        self._state = ExportState.PLANNING
        self._kinds: dict[str, KindProgressView] = {}
        self._records_done = 0
        self._bytes_done = 0
        self._bytes_total = 0
        self._documents_done = 0
        self._documents_total = 0
        self._started = clock()
        self._records_at_start = 0
        self._bytes_at_start = 0
        self._last_emit = 0.0
        self._paused_since: float | None = None
        self._paused_total = 0.0
        # The time left, worked out as the window works it out (the last few seconds' speed).
        self._speed = SpeedMeter()

    def add_kind(self, key: str, label: str, expected: int | None, done: int) -> None:
        with self._lock:
            phase = (
                KindPhase.DONE if expected is not None and done >= expected else KindPhase.WAITING
            )
            self._kinds[key] = KindProgressView(key, label, phase, done, expected)
            self._records_done += done
            self._records_at_start += done
        self._emit(force=True)

    def set_expected(self, key: str, expected: int) -> None:
        """The server's count of a kind, known after the kind was added."""
        with self._lock:
            view = self._kinds.get(key)
            if view is None:
                return
            self._kinds[key] = KindProgressView(key, view.label, view.phase, view.done, expected)
        self._emit(force=True)

    def set_state(self, state: ExportState) -> None:
        with self._lock:
            now = self._clock()
            if state is ExportState.PAUSED and self._paused_since is None:
                self._paused_since = now
                self._speed.reset()  # a pause is not slowness
            elif state is not ExportState.PAUSED and self._paused_since is not None:
                self._paused_total += now - self._paused_since
                self._paused_since = None
            self._state = state
        self._emit(force=True)

    def kind_phase(self, key: str, phase: KindPhase, done: int | None = None) -> None:
        with self._lock:
            view = self._kinds.get(key)
            if view is None:
                return
            if done is not None:
                self._records_done += done - view.done
            self._kinds[key] = KindProgressView(
                key, view.label, phase, view.done if done is None else done, view.expected
            )
        self._emit(force=True)

    def records(self, key: str, count: int) -> None:
        with self._lock:
            view = self._kinds.get(key)
            if view is not None:
                self._kinds[key] = KindProgressView(
                    key, view.label, view.phase, view.done + count, view.expected
                )
            self._records_done += count
        self._emit()

    def documents_planned(self, count: int, total_bytes: int, done: int, done_bytes: int) -> None:
        with self._lock:
            self._documents_total = count
            self._bytes_total = total_bytes
            self._documents_done = done
            self._bytes_done = done_bytes
            self._bytes_at_start = done_bytes
        self._emit(force=True)

    def more_bytes_planned(self, total_bytes: int, done_bytes: int) -> None:
        """Files found to fetch after the documents were planned (their earlier versions):
        ``total_bytes`` more to fetch in all, ``done_bytes`` of them already there."""
        with self._lock:
            self._bytes_total += total_bytes
            self._bytes_done += done_bytes
            self._bytes_at_start += done_bytes
        self._emit(force=True)

    def bytes(self, count: int) -> None:
        with self._lock:
            self._bytes_done += count
        self._emit()

    def document_done(self) -> None:
        with self._lock:
            self._documents_done += 1
        self._emit()

    def snapshot(self) -> Progress:
        with self._lock:
            now = self._clock()
            paused = self._paused_total + (
                now - self._paused_since if self._paused_since is not None else 0.0
            )
            elapsed = max(now - self._started - paused, 1e-6)
            record_rate = (self._records_done - self._records_at_start) / elapsed
            byte_rate = (self._bytes_done - self._bytes_at_start) / elapsed
            records_total = sum(v.expected or 0 for v in self._kinds.values())
            recent_records, recent_bytes = self._speed.add(
                self._records_done, self._bytes_done, now
            )
            left = time_left(
                max(records_total - self._records_done, 0),
                max(self._bytes_total - self._bytes_done, 0),
                recent_records,
                recent_bytes,
            )
            return Progress(
                state=self._state,
                records_done=self._records_done,
                records_total=records_total,
                bytes_done=self._bytes_done,
                bytes_total=self._bytes_total,
                documents_done=self._documents_done,
                documents_total=self._documents_total,
                kinds=tuple(self._kinds.values()),
                records_per_second=record_rate,
                bytes_per_second=byte_rate,
                seconds_left=left,
            )

    def _emit(self, *, force: bool = False) -> None:
        if self._callback is None:
            return
        now = self._clock()
        if not force and now - self._last_emit < self._interval:
            return
        self._last_emit = now
        self._callback(self.snapshot())
