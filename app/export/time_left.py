"""How long an export still takes, worked out the same way for the window and the command
line: the speed over the last few seconds (the run's average lags when the export moves from
records to documents), with records and bytes weighed as units of work so there is an
estimate before the documents start."""

from __future__ import annotations

import collections
from dataclasses import dataclass

#: One record's worth of work in document bytes: the weight that puts records and bytes on
#: one scale (for the time left and the window's progress bar).
BYTES_PER_RECORD_OF_WORK = 16 * 1024
#: The speed is measured over about this many seconds.
WINDOW_SECONDS = 5.0
#: Below this many seconds of samples there is no speed yet.
FIRST_SECONDS = 0.2


@dataclass(frozen=True)
class Estimate:
    records_per_second: float
    bytes_per_second: float
    seconds_left: float | None  # None while nothing moves


def seconds_left(
    records_left: int, bytes_left: int, record_rate: float, byte_rate: float
) -> float | None:
    """Seconds, or None while nothing moves."""
    work_rate = record_rate + byte_rate / BYTES_PER_RECORD_OF_WORK
    work_left = records_left + bytes_left / BYTES_PER_RECORD_OF_WORK
    if not work_left:
        return 0.0
    return work_left / work_rate if work_rate > 0 else None


class TimeLeft:
    """Feed it the counts as they grow (`estimate`); `reset` after a pause, which is not
    slowness. Not thread-safe: one caller at a time."""

    def __init__(self, window_seconds: float = WINDOW_SECONDS) -> None:
        self._window = window_seconds
        self._samples: collections.deque[tuple[float, int, int]] = collections.deque()

    def reset(self) -> None:
        self._samples.clear()

    def rates(self, records_done: int, bytes_done: int, now: float) -> tuple[float, float]:
        """Records and bytes a second over the last few seconds (0 until there are two
        samples far enough apart)."""
        samples = self._samples
        samples.append((now, records_done, bytes_done))
        while len(samples) > 2 and now - samples[1][0] >= self._window:
            samples.popleft()
        first = samples[0]
        elapsed = now - first[0]
        if elapsed <= FIRST_SECONDS:
            return 0.0, 0.0
        return (records_done - first[1]) / elapsed, (bytes_done - first[2]) / elapsed

    def estimate(
        self,
        records_done: int,
        records_total: int,
        bytes_done: int,
        bytes_total: int,
        now: float,
    ) -> Estimate:
        record_rate, byte_rate = self.rates(records_done, bytes_done, now)
        left = seconds_left(
            max(records_total - records_done, 0),
            max(bytes_total - bytes_done, 0),
            record_rate,
            byte_rate,
        )
        return Estimate(record_rate, byte_rate, left)
