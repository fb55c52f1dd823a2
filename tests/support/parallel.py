"""Requests made at once from several threads, as the export's page workers make them: how
long they took together and what went wrong in any of them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def in_threads(
    request: Callable[[], object], *, threads: int, each: int, timeout: float = 60
) -> tuple[float, list[BaseException]]:
    """``request`` made ``each`` times in each of ``threads`` threads started together; the
    seconds until the last thread ended, and the errors (a thread stops at its first)."""
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(each):
                request()
        except BaseException as exc:
            errors.append(exc)

    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=timeout)
    return time.monotonic() - started, errors
