"""How long to wait for a server and how hard to try again: the time-outs and retry policy
every call of an `HttpSession` follows."""

from __future__ import annotations

import random
from dataclasses import dataclass

#: Methods that may be sent again after a failure whose effect is unknown.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 60.0


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. Delays are `base * 2**n`, capped, with jitter."""

    max_attempts: int = 5
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    # How many 429s one call sits out, and the longest single Retry-After it accepts.
    max_rate_limit_waits: int = 20
    max_retry_after: float = 120.0

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before attempt number `attempt + 1`."""
        delay = min(self.backoff_max, self.backoff_base * 2.0 ** (attempt - 1))
        # "Equal jitter": never less than half the delay, so retries do not pile up at once.
        return delay / 2 + random.uniform(0, delay / 2)


#: What a session uses unless told otherwise.
DEFAULT_TIMEOUTS = Timeouts()
DEFAULT_RETRY = RetryPolicy()
