"""How fast an export moves and how long it has left, from the records and bytes done so far."""

from __future__ import annotations

import collections

# For the overall bar: downloading this many bytes takes about as long as exporting a record.
BYTES_PER_RECORD_OF_WORK = 16 * 1024


class SpeedMeter:
    """Records and bytes a second over the last few seconds: the engine's own rates average
    the whole run, so they lag when the export moves from records to documents."""

    WINDOW_SECONDS = 5.0

    def __init__(self) -> None:
        self._samples: collections.deque[tuple[float, int, int]] = collections.deque()

    def reset(self) -> None:
        self._samples.clear()

    def add(self, records: int, size: int, now: float) -> tuple[float, float]:
        samples = self._samples
        samples.append((now, records, size))
        while len(samples) > 2 and now - samples[1][0] >= self.WINDOW_SECONDS:
            samples.popleft()
        first = samples[0]
        elapsed = now - first[0]
        if elapsed <= 0.2:
            return 0.0, 0.0
        return (records - first[1]) / elapsed, (size - first[2]) / elapsed


def time_left(
    records_left: int, bytes_left: int, record_rate: float, byte_rate: float
) -> float | None:
    """Seconds, or None while nothing moves. Records and bytes are weighed as units of work so
    there is an estimate before the documents start."""
    work_rate = record_rate + byte_rate / BYTES_PER_RECORD_OF_WORK
    work_left = records_left + bytes_left / BYTES_PER_RECORD_OF_WORK
    if not work_left:
        return 0.0
    return work_left / work_rate if work_rate > 0 else None
