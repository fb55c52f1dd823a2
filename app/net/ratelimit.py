"""Pacing requests to one server from its `X-RateLimit-*` headers.

One thread-safe `RateLimiter` per server origin (`limiter_for`), shared by every session and
worker thread, so parallel workers do not run into the limit. `X-RateLimit-Reset` is read as
a Unix timestamp, as Clio documents it, or as seconds from now when it cannot be one (see
`reset_seconds`); `parse_retry_after` reads a 429's `Retry-After`.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from app.errors import Cancelled
from app.net.cancel import CancelToken
from app.net.urls import loggable_url

log = logging.getLogger(__name__)

#: The earliest `X-RateLimit-Reset` read as a Unix timestamp (2001-09-09); below it, seconds.
RESET_TIMESTAMP_FLOOR = 1e9
#: A timestamp further than this from the server's now cannot be the end of its current window.
RESET_TIMESTAMP_SPAN = 24 * 3600.0
#: The longest any `X-RateLimit-Reset` makes requests wait. Clio's window is 60 s; should a
#: server's be longer, the request after this wait finds out (a 429's Retry-After is obeyed).
MAX_RESET_WAIT = 65.0
#: An answer whose window ends this much later than the one known is from the next window
#: (a Reset in whole seconds is up to a second late; one in seconds, also the answer's delay).
#: A Reset read as a timestamp names its window outright, so this is for the seconds form.
NEW_WINDOW_GAP = 1.5
#: Clock differences up to this are ignored (the `Date` header has whole seconds only).
CLOCK_SKEW_IGNORED = 2.0


def reset_seconds(
    value: float, headers: Mapping[str, str] | None, wall_now: float
) -> tuple[float, bool]:
    """Seconds until the window of an answer's `X-RateLimit-Reset` ends, and whether the value
    read as documented (a Unix timestamp). The server's now is its `Date` header when that is
    more than `CLOCK_SKEW_IGNORED` away from this computer's clock, so a skewed clock neither
    stalls the requests nor bursts them. A value that cannot be a timestamp of the current
    window (below `RESET_TIMESTAMP_FLOOR`, or more than `RESET_TIMESTAMP_SPAN` away) is read
    as seconds from now, as some servers send it. Never more than `MAX_RESET_WAIT`."""
    server_now = wall_now
    date = _header_date(headers)
    if date is not None and abs(date - wall_now) > CLOCK_SKEW_IGNORED:
        # whole seconds, rounded down: the wait comes out a little long, never short
        server_now = date
    as_timestamp = value - server_now
    documented = value >= RESET_TIMESTAMP_FLOOR and abs(as_timestamp) <= RESET_TIMESTAMP_SPAN
    seconds = as_timestamp if documented else value
    return min(max(seconds, 0.0), MAX_RESET_WAIT), documented


def _header_date(headers: Mapping[str, str] | None) -> float | None:
    value = headers.get("Date") if headers is not None else None
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


@dataclass
class _SeenWindow:
    """What the answers carrying one `X-RateLimit-Reset` timestamp (one server window) tell."""

    end: float  # the Reset on this computer's monotonic clock: the window ends by then
    last_sent: float  # the latest request answered in it was let go then: it ended after
    first_answer: float  # its first answer came then: the window had begun


class _Window(Enum):
    UNKNOWN = "unknown"  # no rate-limit headers seen yet: go freely
    KNOWN = "known"  # budget and reset time known
    PROBING = "probing"  # window over: the first answer in the new one tells its budget


class RateLimiter:
    """Paces requests to one origin from the server's `X-RateLimit-*` headers.

    Thread-safe and shared by every worker. Each request takes a slot (`acquire`), and the
    answer's headers update the budget (`release`). The budget counts the requests started
    after the answered one as already spent, and only the most recently started answered
    request's headers count, so parallel workers neither overshoot nor read stale numbers.
    Requests are spread evenly over what is left of the window rather than sent in a burst,
    which also behaves well with sliding-window limits. When the window is over, a first
    request (the probe) finds out the new budget; until its answer arrives a few more go at
    the last window's pace, so the new window does not start with a round trip of silence
    (a fixed window counts from its first request, so that time would be lost for good; and
    few enough that a budget shared with another client is not overrun). After a 429
    everyone waits.

    A Reset in whole seconds (the documented Unix timestamp) is up to a second late, a tenth
    of a 10-second window. So the limiter learns how long the server's windows are at most:
    a window that is over began after the latest request answered in the window before it
    was let go, and ended by its Reset and before the next window's first answer came. The
    next windows then end by their first answer plus that length. Both are upper bounds, so
    a window is never thought over before it is.
    """

    #: Share of a window's budget that may start while the probe's answer is awaited.
    PROBE_SHARE = 0.05

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        name: str = "the server",
    ) -> None:
        self._clock = clock
        self._wall = wall  # Unix time, to read X-RateLimit-Reset
        self._name = name
        self._told_reset_form = False  # the log line about a seconds-form Reset is written once
        self._cond = threading.Condition()
        self._state = _Window.UNKNOWN
        self._started = 0  # sequence number of the last request started
        self._applied = 0  # sequence number whose headers the budget comes from
        self._budget = 0
        self._reset_at = 0.0
        self._next_slot = 0.0
        self._last_start = 0.0  # when the latest request was let go
        self._blocked_until = 0.0
        self._probe = -1  # sequence number of the probing request
        self._pace = 0.0  # seconds between requests at the start of the last window
        self._window_budget = 0  # requests the last window allowed when it started
        self._window_seq = 0  # first request known to be in the current window
        self._sent: dict[int, float] = {}  # requests in flight: when each was let go
        self._seen: dict[int, _SeenWindow] = {}  # the latest windows, by their Reset
        self._span: float | None = None  # the server's windows last at most this long
        self._window_key: int | None = None  # the current window's Reset, when a timestamp

    def acquire(self, cancel: CancelToken | None = None) -> int:
        """Wait for a slot; returns the request's sequence number for `release`."""
        with self._cond:
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                seq, wait = self._try_acquire()
                if seq is not None:
                    return seq
                # Wake at least every 0.25 s so a cancellation is noticed promptly.
                self._cond.wait(min(wait, 0.25))

    def _try_acquire(self) -> tuple[int | None, float]:
        """Take a slot now if one is free: (sequence number, 0), else (None, seconds to wait).
        The caller holds the lock."""
        now = self._clock()
        wait = self._wait_needed(now)
        if wait > 0:
            return None, wait
        self._started += 1
        self._last_start = now
        self._sent[self._started] = now
        if len(self._sent) > 10_000:  # answers never released (cannot happen; bounded anyway)
            self._sent.pop(next(iter(self._sent)))
        if self._state is _Window.KNOWN:
            self._budget -= 1
            self._plan_next_slot()
        return self._started, 0.0

    def _plan_next_slot(self) -> None:
        """Spread the budget left evenly over what is left of the window, counted from the
        latest start. An answer arriving in between must not push the next slot later: that
        would leave budget unspent when the window ends (and a fixed window's unspent budget
        is lost for good)."""
        if self._budget > 0:
            left = max(self._reset_at - self._last_start, 0.0)
            self._next_slot = self._last_start + left / (self._budget + 1)

    def _wait_needed(self, now: float) -> float:
        if now < self._blocked_until:
            return self._blocked_until - now
        if self._state is _Window.UNKNOWN:
            return 0.0
        if self._state is _Window.PROBING:
            extra = self._started - self._probe  # started after the probe
            if self._pace <= 0 or extra >= max(1, int(self._window_budget * self.PROBE_SHARE)):
                return 0.25  # woken by the probe's answer
            return max(self._last_start + self._pace - now, 0.0)
        if now >= self._reset_at:
            self._state = _Window.PROBING
            self._probe = self._started + 1
            return 0.0
        if self._budget <= 0:
            return self._reset_at - now
        return max(self._next_slot - now, 0.0)

    def release(self, seq: int, headers: Mapping[str, str] | None) -> None:
        """Record the answer to request `seq` (None when there was no answer)."""
        with self._cond:
            sent_at = self._sent.pop(seq, None)
            remaining = _header_float(headers, "X-RateLimit-Remaining")
            reset = _header_float(headers, "X-RateLimit-Reset")
            # The probe, or a request started after it, whichever answers first.
            is_probe = self._state is _Window.PROBING and seq >= self._probe
            if remaining is None or reset is None:
                if is_probe:
                    # The probe learnt nothing (no headers, or no answer): back to unknown.
                    self._state = _Window.UNKNOWN
                self._cond.notify_all()
                return
            now = self._clock()
            seconds, documented = reset_seconds(reset, headers, self._wall())
            if not documented and not self._told_reset_form:
                self._told_reset_form = True
                log.info(
                    "X-RateLimit-Reset %s from %s is not a Unix timestamp of the current"
                    " window; reading it as seconds from now",
                    (headers or {}).get("X-RateLimit-Reset"),
                    loggable_url(self._name),
                )
            # Every answer's reset is an upper bound on the window's end (servers round it up
            # and the answer took time to arrive), so the smallest one in a window is best.
            estimate = now + seconds
            if documented:
                estimate = self._learn_window(int(reset), estimate, sent_at, now)
            key = int(reset) if documented else None
            starts_window = self._state is _Window.UNKNOWN or is_probe
            if (
                self._state is _Window.KNOWN
                and seq >= self._window_seq
                and self._from_a_later_window(key, estimate)
            ):
                # A Reset in whole seconds rounds the window's end up: the server's window
                # may end (and this answer come from the next one) before the end we knew.
                starts_window = True
            if starts_window:
                self._state = _Window.KNOWN
                self._window_seq = seq
                self._window_key = key
                self._reset_at = estimate
            elif self._state is _Window.PROBING or seq < self._window_seq:
                self._cond.notify_all()
                return  # an answer from a window that is already over
            else:
                self._reset_at = min(self._reset_at, estimate)
            if seq > self._applied:
                self._applied = seq
                # Requests started after this one may not have been counted yet: spend them.
                self._budget = int(remaining) - (self._started - seq)
            if starts_window and self._budget > 0:
                self._window_budget = self._budget
                self._pace = max(self._reset_at - now, 0.0) / self._budget
            self._plan_next_slot()
            self._cond.notify_all()

    def _from_a_later_window(self, key: int | None, estimate: float) -> bool:
        """Whether an answer ending by `estimate` (its Reset `key` when a timestamp) comes
        from a window after the current one. A timestamp names the window: comparing ends
        instead fails on short windows, where the current end may be a second late from
        rounding while the next one's is already tightened by the learnt window length, so
        that the two lie less than `NEW_WINDOW_GAP` apart (at a 2-second window, as little
        as one second); the next window's budget was then spent by the old window's end, and
        the probe sent after it drew a 429."""
        if key is not None and self._window_key is not None:
            return key > self._window_key
        return estimate > self._reset_at + NEW_WINDOW_GAP

    def _learn_window(self, key: int, end: float, sent_at: float | None, now: float) -> float:
        """Record an answer of the window whose Reset is ``key`` (ending by ``end``); returns
        the best bound on that window's end."""
        seen = self._seen.get(key)
        if seen is None:
            if self._seen and key < max(self._seen):
                return end  # a late answer from a window already forgotten
            last = sent_at if sent_at is not None else float("inf")
            seen = self._seen[key] = _SeenWindow(end, last, now)
            # The window before is over: it began once the one before it had ended, so after
            # that one's latest request was let go (whatever the server's windows align to),
            # and it ended by its Reset and before this first answer of the next window. That
            # bounds how long the server's windows are.
            keys = sorted(self._seen)
            if len(keys) >= 3:
                before, done = self._seen[keys[-3]], self._seen[keys[-2]]
                span = min(done.end, now) - before.last_sent
                self._span = span if self._span is None else min(self._span, span)
            for old in keys[:-2]:
                del self._seen[old]
        else:
            seen.end = min(seen.end, end)
            if sent_at is not None:
                seen.last_sent = (
                    sent_at if seen.last_sent == float("inf") else max(seen.last_sent, sent_at)
                )
        if self._span is None:
            return seen.end
        return min(seen.end, seen.first_answer + self._span)

    def blocked(self, seconds: float) -> None:
        """A 429 said wait `seconds`: nobody starts a request before then."""
        with self._cond:
            now = self._clock()
            self._blocked_until = max(self._blocked_until, now + seconds)
            # The server disagreed with the budget: after the wait, only the probe goes until
            # its answer tells the new budget (no requests at the last window's pace).
            self._pace = 0.0
            if self._state is _Window.KNOWN:
                # The server's Retry-After is the authority on when to try again: the window we
                # estimated earlier may end much later (or sooner) than it says.
                self._budget = 0
                self._reset_at = self._blocked_until
            self._cond.notify_all()


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(origin: str) -> RateLimiter:
    """The one limiter for `origin` in this process (limits are per token and server)."""
    with _limiters_lock:
        limiter = _limiters.get(origin)
        if limiter is None:
            limiter = _limiters[origin] = RateLimiter(name=origin)
        return limiter


def forget_limiters() -> None:
    """Drop every origin's pacing state (tests start servers on recycled ports)."""
    with _limiters_lock:
        _limiters.clear()


def _header_float(headers: Mapping[str, str] | None, name: str) -> float | None:
    if headers is None:
        return None
    value = headers.get(name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def parse_retry_after(value: str | None, default: float = 1.0) -> float:
    """Seconds from a `Retry-After` header (delta seconds or an HTTP date)."""
    if not value:
        return default
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
