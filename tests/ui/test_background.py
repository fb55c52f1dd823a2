"""Background jobs: results, progress and errors arrive on the GUI thread; cancel stops them;
a closed window gets no callbacks; unhandled failures reach the global handler."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from app.errors import ConnectionFailed
from ui.common import background
from ui.common.background import (
    CancelToken,
    JobState,
    Progress,
    ProgressCallback,
    run_in_background,
)


def _on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


@pytest.fixture
def owner(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: Any, owner: QWidget) -> None:
    seen: list[tuple[str, Any, bool]] = []
    worker_threads: list[str] = []

    def count_to_five(token: CancelToken, report: ProgressCallback) -> int:
        worker_threads.append(threading.current_thread().name)
        for done in range(1, 6):
            report(done, 5, f"item {done}")
        return 42

    job = run_in_background(
        owner,
        count_to_five,
        on_success=lambda value: seen.append(("success", value, _on_gui_thread())),
        on_progress=lambda p: seen.append(("progress", p, _on_gui_thread())),
    )
    qtbot.waitUntil(lambda: job.finished)

    assert worker_threads and worker_threads[0] != threading.current_thread().name
    assert seen[-1] == ("success", 42, True)
    progress = [entry for entry in seen if entry[0] == "progress"]
    assert progress, "at least the latest progress is delivered"
    assert all(on_gui for _, _, on_gui in progress)
    # Coalesced, but never out of order, and the last value is the final one.
    assert progress[-1][1] == Progress(5, 5, "item 5")
    assert [p.done for _, p, _ in progress] == sorted(p.done for _, p, _ in progress)
    assert job.state is JobState.SUCCEEDED


def test_failure_arrives_on_the_gui_thread(qtbot: Any, owner: QWidget) -> None:
    failures: list[tuple[BaseException, bool]] = []

    def unreachable(token: CancelToken, report: ProgressCallback) -> None:
        raise ConnectionFailed()

    job = run_in_background(
        owner,
        unreachable,
        on_success=lambda _: pytest.fail("no success expected"),
        on_failure=lambda error: failures.append((error, _on_gui_thread())),
    )
    qtbot.waitUntil(lambda: job.finished)
    assert len(failures) == 1
    error, on_gui = failures[0]
    assert isinstance(error, ConnectionFailed) and on_gui
    assert job.state is JobState.FAILED


def test_cancel_stops_a_running_job_and_suppresses_its_result(qtbot: Any, owner: QWidget) -> None:
    started = threading.Event()
    stopped_by_token = threading.Event()
    outcome: list[str] = []

    def wait_for_cancel(token: CancelToken, report: ProgressCallback) -> str:
        started.set()
        if token.wait(30):
            stopped_by_token.set()
        return "finished anyway"  # a job that ignores the exception style still gets dropped

    job = run_in_background(
        owner,
        wait_for_cancel,
        on_success=lambda value: outcome.append("success"),
        on_failure=lambda error: outcome.append("failure"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(started.is_set)
    assert job.state is JobState.RUNNING
    job.cancel()
    assert background.wait_for_all(5)
    qtbot.waitUntil(lambda: job.finished)
    assert stopped_by_token.is_set()
    assert outcome == ["cancelled"]
    assert job.state is JobState.CANCELLED


def test_raise_if_cancelled_ends_as_cancelled_not_failed(qtbot: Any, owner: QWidget) -> None:
    started = threading.Event()
    outcome: list[str] = []

    def loop(token: CancelToken, report: ProgressCallback) -> None:
        started.set()
        while True:
            token.wait(0.01)
            token.raise_if_cancelled()

    job = run_in_background(
        owner,
        loop,
        on_failure=lambda error: outcome.append("failure"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(started.is_set)
    job.cancel()
    qtbot.waitUntil(lambda: job.finished)
    assert outcome == ["cancelled"]


def test_no_callbacks_once_the_owner_is_destroyed(qtbot: Any) -> None:
    owner = QWidget()
    release = threading.Event()
    calls: list[str] = []

    def slow(token: CancelToken, report: ProgressCallback) -> str:
        release.wait(10)
        report(1, 1)
        return "late"

    job = run_in_background(
        owner,
        slow,
        on_success=lambda value: calls.append("success"),
        on_progress=lambda p: calls.append("progress"),
    )
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _is_valid(owner))
    release.set()
    qtbot.waitUntil(lambda: job.finished)
    assert calls == []
    assert job.state is JobState.SUCCEEDED


def _is_valid(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_unhandled_failure_goes_to_the_global_handler(qtbot: Any, owner: QWidget) -> None:
    reported: list[tuple[BaseException, bool]] = []
    background.set_unhandled_error_handler(lambda e: reported.append((e, _on_gui_thread())))

    def broken(token: CancelToken, report: ProgressCallback) -> None:
        raise ValueError("a bug")

    job = run_in_background(owner, broken)
    qtbot.waitUntil(lambda: job.finished)
    assert len(reported) == 1
    assert isinstance(reported[0][0], ValueError) and reported[0][1]


def test_many_progress_reports_do_not_flood_the_gui(qtbot: Any, owner: QWidget) -> None:
    delivered: list[Progress] = []

    def chatty(token: CancelToken, report: ProgressCallback) -> None:
        for done in range(1, 50_001):
            report(done, 50_000)

    job = run_in_background(owner, chatty, on_progress=delivered.append)
    qtbot.waitUntil(lambda: job.finished)
    assert delivered and delivered[-1].done == 50_000
    assert delivered[-1].fraction == 1.0
    # One pending delivery at a time: far fewer GUI callbacks than reports.
    assert len(delivered) < 50_000


def test_cancel_before_start_settles_at_once(qtbot: Any, owner: QWidget) -> None:
    # Fill every worker so the next job waits in the queue.
    gate = threading.Event()
    blockers = [
        run_in_background(owner, lambda token, report: gate.wait(10))
        for _ in range(background.MAX_WORKERS)
    ]
    outcome: list[str] = []
    queued = run_in_background(
        owner,
        lambda token, report: outcome.append("ran"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    queued.cancel()
    assert queued.state is JobState.CANCELLED
    gate.set()
    qtbot.waitUntil(lambda: all(job.finished for job in blockers))
    assert outcome == ["cancelled"]


def test_must_be_started_on_the_gui_thread(qtbot: Any, owner: QWidget) -> None:
    errors: list[BaseException] = []

    def start_from_worker() -> None:
        try:
            run_in_background(None, lambda token, report: None)
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=start_from_worker)
    thread.start()
    thread.join(5)
    assert errors and "GUI thread" in str(errors[0])


def test_shutdown_cancels_and_waits(qtbot: Any, owner: QWidget) -> None:
    started = threading.Event()
    job = run_in_background(owner, lambda token, report: (started.set(), token.wait(30)))
    qtbot.waitUntil(started.is_set)
    assert background.shutdown(timeout=5)
    assert job.token.cancelled
    assert background.runner().active_jobs() == []


_REFCOUNT_PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
from ui.common import background
from ui.common.background import run_in_background

app = QApplication([])
owner = QWidget()
job = run_in_background(owner, lambda token, report: None)
while not job.finished:
    app.processEvents()
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for _ in range(300):
    owner.setObjectName("probe")  # a void call
    background.runner().post(lambda: None)  # the signal every job result travels by
print(none_before - sys.getrefcount(None), true_before - sys.getrefcount(True))
"""


def test_the_qt_binding_keeps_reference_counts_straight() -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call and to True
    on every emit, so a long session crashes ("deallocating None"). pyproject excludes it; this
    catches a binding with the same fault before users do. The probe runs in an interpreter of
    its own: in this one, objects that other tests leave behind are freed at any moment, and
    each takes its references to None with it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _REFCOUNT_PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    none_drop, true_drop = (int(n) for n in done.stdout.split()[-2:])
    assert none_drop < 100 and true_drop < 100, (none_drop, true_drop)
