"""The time left an export shows, worked out one way (`app.export.speed`) for the window and
the command line."""

from __future__ import annotations

import pytest

from app.export.control import ExportState, ProgressTracker
from app.export.speed import BYTES_PER_RECORD_OF_WORK, SpeedMeter, time_left


def test_records_and_bytes_count_as_one_amount_of_work() -> None:
    # 1,000 records and as many bytes as 1,000 records' work, at 100 records a second
    assert time_left(1000, 1000 * BYTES_PER_RECORD_OF_WORK, 100.0, 0.0) == pytest.approx(20.0)
    # before the records are done, the bytes' speed alone already gives an estimate
    left = time_left(0, 10 * BYTES_PER_RECORD_OF_WORK, 0.0, BYTES_PER_RECORD_OF_WORK)
    assert left == pytest.approx(10.0)


def test_nothing_left_is_no_time_and_nothing_moving_is_no_estimate() -> None:
    assert time_left(0, 0, 0.0, 0.0) == 0.0
    assert time_left(10, 0, 0.0, 0.0) is None


def test_the_speed_is_the_last_few_seconds_not_the_whole_run() -> None:
    meter = SpeedMeter()
    assert meter.add(0, 0, now=0.0) == (0.0, 0.0)  # one sample: no speed yet
    meter.add(1000, 0, now=10.0)  # 100 a second for ten seconds
    records_per_second, _ = meter.add(1100, 0, now=20.0)  # then only 10 a second
    assert records_per_second == pytest.approx(10.0)


def test_after_a_pause_the_speed_starts_over() -> None:
    meter = SpeedMeter()
    meter.add(0, 0, now=0.0)
    meter.add(50, 0, now=1.0)
    meter.reset()
    assert meter.add(50, 0, now=100.0) == (0.0, 0.0)


def test_the_command_line_and_the_window_show_the_same_time_left() -> None:
    """The engine's snapshots (which the command line prints) and the window's estimate come
    from the same counts at the same moments: the same seconds."""
    now = [0.0]
    tracker = ProgressTracker(None, clock=lambda: now[0])
    window = SpeedMeter()
    tracker.add_kind("matters", "Matters", 1000, 0)
    tracker.documents_planned(3, 300 * BYTES_PER_RECORD_OF_WORK, 0, 0)
    tracker.set_state(ExportState.RUNNING)
    shown: list[tuple[float | None, float | None]] = []
    for step in range(8):
        now[0] = step * 1.5
        tracker.records("matters", 40 + step * 10)
        tracker.bytes(step * 4 * BYTES_PER_RECORD_OF_WORK)
        progress = tracker.snapshot()
        rates = window.add(progress.records_done, progress.bytes_done, now[0])
        in_window = time_left(
            progress.records_total - progress.records_done,
            progress.bytes_total - progress.bytes_done,
            *rates,
        )
        shown.append((progress.seconds_left, in_window))
    assert shown[0] == (None, None)  # nothing measured yet: "working it out" in both
    assert all(cli == pytest.approx(gui) for cli, gui in shown[1:])
    assert shown[-1][0] is not None and shown[-1][0] > 0
