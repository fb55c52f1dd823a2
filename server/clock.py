"""The server's clock: real time shifted by an offset that `--now` and the demo controls set.

The offset is kept in the database so that every process working on the same data dir (the
server, `--issue-token`) agrees on what time it is.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class Clock:
    def __init__(self, offset_seconds: float = 0.0) -> None:
        self._offset = offset_seconds
        self._lock = threading.Lock()

    @property
    def offset_seconds(self) -> float:
        return self._offset

    def now(self) -> datetime:
        return datetime.fromtimestamp(time.time() + self._offset, tz=UTC)

    def timestamp(self) -> float:
        return time.time() + self._offset

    def set_now(self, instant: datetime) -> None:
        with self._lock:
            self._offset = instant.timestamp() - time.time()

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds
