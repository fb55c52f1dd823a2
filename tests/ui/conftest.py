"""UI test fixtures. Every UI test fails if it leaks: a Python thread or QThread it started that
is still running, a QTimer still active, a top-level window still open, or a crash hook left
installed. Background jobs are waited for (and their pool released) before the check.

The leak fixture depends only on `qapp`, so as an autouse fixture it is set up before and torn
down after `qtbot`, whose teardown closes the widgets registered with `qtbot.addWidget`.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThread, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ui.common import background

# How long a thread, timer or job may take to wind down after its test.
SETTLE_SECONDS = 5.0


def _settle(condition: Callable[[], bool], timeout: float = SETTLE_SECONDS) -> bool:
    """Process events until `condition` holds or `timeout` passes (no fixed sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        QThread.msleep(5)


def _where() -> str:
    return "".join(traceback.format_stack(limit=8)[:-2])


@pytest.fixture(autouse=True)
def _no_leaks(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    threads_before = set(threading.enumerate())
    windows_before = {id(w) for w in qapp.topLevelWidgets() if w.isVisible()}
    hooks_before = (sys.excepthook, threading.excepthook)

    started_qthreads: weakref.WeakKeyDictionary[QThread, str] = weakref.WeakKeyDictionary()
    started_timers: weakref.WeakKeyDictionary[QTimer, str] = weakref.WeakKeyDictionary()
    pending_single_shots: dict[int, str] = {}

    original_thread_start = QThread.start
    original_timer_start = QTimer.start
    original_single_shot = QTimer.singleShot

    def tracking_thread_start(self: QThread, *args: Any) -> None:
        started_qthreads[self] = _where()
        original_thread_start(self, *args)

    def tracking_timer_start(self: QTimer, *args: Any) -> None:
        started_timers[self] = _where()
        original_timer_start(self, *args)

    def tracking_single_shot(*args: Any) -> None:
        # Only the (msec, callable) form is ours to track; others pass straight through.
        if len(args) == 2 and callable(args[1]) and not isinstance(args[1], QTimer):
            token = id(args) ^ time.perf_counter_ns()
            pending_single_shots[token] = _where()
            call = args[1]

            def run() -> None:
                pending_single_shots.pop(token, None)
                call()

            original_single_shot(args[0], run)
        else:
            original_single_shot(*args)

    monkeypatch.setattr(QThread, "start", tracking_thread_start)
    monkeypatch.setattr(QTimer, "start", tracking_timer_start)
    monkeypatch.setattr(QTimer, "singleShot", staticmethod(tracking_single_shot))

    yield

    problems: list[str] = []

    # Background jobs first: their threads are the pool's, released here.
    if not background.wait_for_all(SETTLE_SECONDS):
        names = ", ".join(job.name for job in background.runner().active_jobs())
        problems.append(f"background jobs still running: {names}")
    background.shutdown(timeout=SETTLE_SECONDS)
    background.set_unhandled_error_handler(None)

    running_qthreads = lambda: [t for t in list(started_qthreads) if t.isRunning()]  # noqa: E731
    if not _settle(lambda: not running_qthreads()):
        for _thread in running_qthreads():
            problems.append("QThread still running, started at:\n" + started_qthreads[_thread])

    new_threads = lambda: [  # noqa: E731
        t for t in threading.enumerate() if t not in threads_before and t.is_alive()
    ]
    if not _settle(lambda: not new_threads()):
        problems += [f"thread still running: {t.name}" for t in new_threads()]

    active_timers = lambda: [t for t in list(started_timers) if _alive_and_active(t)]  # noqa: E731
    for timer in active_timers():
        problems.append("QTimer still active, started at:\n" + started_timers[timer])
        timer.stop()
    if not _settle(lambda: not pending_single_shots):
        problems += [
            "QTimer.singleShot still pending, set at:\n" + where
            for where in pending_single_shots.values()
        ]

    _settle(lambda: True, timeout=0)
    open_windows = [
        w for w in qapp.topLevelWidgets() if w.isVisible() and id(w) not in windows_before
    ]
    for window in open_windows:
        problems.append(
            f"top-level window still open: {type(window).__name__} {window.windowTitle()!r}"
            " (register it with qtbot.addWidget or close it)"
        )
        window.close()
        window.deleteLater()

    if (sys.excepthook, threading.excepthook) != hooks_before:
        problems.append("sys.excepthook or threading.excepthook left replaced")
        sys.excepthook, threading.excepthook = hooks_before

    if problems:
        pytest.fail("the test leaked:\n" + "\n".join(problems), pytrace=False)


def _alive_and_active(timer: QTimer) -> bool:
    import shiboken6

    return shiboken6.isValid(timer) and timer.isActive()


@pytest.fixture
def close_later(qtbot: Any) -> Callable[[QWidget], QWidget]:
    """Register a widget for closing after the test; returns it (for one-line use)."""

    def register(widget: QWidget) -> QWidget:
        qtbot.addWidget(widget)
        return widget

    return register
