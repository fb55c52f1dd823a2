"""The time left an export shows, worked out one way for the window and the command line."""

from __future__ import annotations

import pytest

from app.export.control import ExportState, ProgressTracker
from app.export.time_left import BYTES_PER_RECORD_OF_WORK, TimeLeft, seconds_left


def test_records_and_bytes_count_as_one_amount_of_work() -> None:
    # 1,000 records and as many bytes as 1,000 records' work, at 100 records a second
    left = seconds_left(1000, 1000 * BYTES_PER_RECORD_OF_WORK, 100.0, 0.0)
    assert left == pytest.approx(20.0)
    # before the documents start, their bytes already count (no "working it out" forever)
    assert seconds_left(0, 10 * BYTES_PER_RECORD_OF_WORK, 0.0, BYTES_PER_RECORD_OF_WORK) == (
        pytest.approx(10.0)
    )


def test_nothing_left_is_no_time_and_nothing_moving_is_no_estimate() -> None:
    assert seconds_left(0, 0, 0.0, 0.0) == 0.0
    assert seconds_left(10, 0, 0.0, 0.0) is None


def test_the_speed_is_the_last_few_seconds_not_the_whole_run() -> None:
    meter = TimeLeft(window_seconds=5.0)
    assert meter.estimate(0, 10_000, 0, 0, now=0.0).seconds_left is None  # one sample
    meter.estimate(1000, 10_000, 0, 0, now=10.0)  # 100 a second for ten seconds
    late = meter.estimate(1100, 10_000, 0, 0, now=20.0)  # then only 10 a second
    assert late.records_per_second == pytest.approx(10.0)
    assert late.seconds_left == pytest.approx(890.0)


def test_after_a_pause_the_speed_starts_over() -> None:
    meter = TimeLeft()
    meter.estimate(0, 100, 0, 0, now=0.0)
    meter.estimate(50, 100, 0, 0, now=1.0)
    meter.reset()
    assert meter.estimate(50, 100, 0, 0, now=100.0).seconds_left is None


def test_the_command_line_and_the_window_show_the_same_time_left() -> None:
    """The engine's snapshots (which the command line prints) and the window's estimate come
    from the same counts at the same moments: the same seconds."""
    now = [0.0]
    tracker = ProgressTracker(None, clock=lambda: now[0])
    window = TimeLeft()
    tracker.add_kind("matters", "Matters", 1000, 0)
    tracker.documents_planned(3, 300 * BYTES_PER_RECORD_OF_WORK, 0, 0)
    tracker.set_state(ExportState.RUNNING)
    shown: list[tuple[float | None, float | None]] = []
    for step in range(8):
        now[0] = step * 1.5
        tracker.records("matters", 40 + step * 10)
        tracker.bytes(step * 4 * BYTES_PER_RECORD_OF_WORK)
        progress = tracker.snapshot()
        estimate = window.estimate(
            progress.records_done,
            progress.records_total,
            progress.bytes_done,
            progress.bytes_total,
            now[0],
        )
        shown.append((progress.seconds_left, estimate.seconds_left))
    assert shown[0] == (None, None)  # nothing measured yet: "working it out" in both
    assert all(cli == pytest.approx(gui) for cli, gui in shown[1:] if gui is not None)
    assert shown[-1][0] is not None and shown[-1][0] > 0
