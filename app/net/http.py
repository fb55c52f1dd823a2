"""The one HTTP session every call to a server goes through.

`HttpSession` owns the rules so no caller has to remember them:

* every request has a connect and a read time-out;
* only https is used, except plain http to this computer (127.0.0.0/8, ::1, localhost);
* transient failures are retried with exponential back-off and jitter: connection errors and
  read time-outs (idempotent requests), 502/503/504 (idempotent), 500 (GET/HEAD only); a POST
  is idempotent only when the caller says so or sends an `Idempotency-Key` header;
* 429 waits `Retry-After`; requests pace themselves from `X-RateLimit-Remaining` /
  `X-RateLimit-Reset` (a Unix timestamp, as Clio documents it; see `reset_seconds`) through
  one thread-safe `RateLimiter` per server origin, shared by all sessions and worker threads,
  so parallel workers do not run into the limit;
* 401 `invalid_token`: the refresher supplied by the auth layer runs once (concurrent 401s
  share one refresh), then the request is sent again; a failed refresh raises
  `AuthenticationRequired`;
* redirects are followed here (never by requests), and the bearer token is only ever sent to
  the session's own origin, so a 303 to a file server on another origin goes without it;
* failures become the typed errors of `app.errors`.

Typical use (one session per server, shared by every worker thread)::

    http = HttpSession("https://app.clio.com", api_version="4.0.9")
    http.set_token(access_token)
    http.set_refresher(authenticator.refresh)        # () -> new access token
    me = http.get_json("/api/v4/users/who_am_i.json", {"fields": "id,name"})
    for page in http.get_paged("/api/v4/matters.json", {"fields": "id", "limit": 200}):
        ...
    http.post_json("/self-service/v1/cancellation", body,
                   headers={"Idempotency-Key": key})  # retried because of the key
    with http.stream_download("/api/v4/documents/7/download.json", offset=done) as download:
        for chunk in download.iter_chunks():          # download.offset: where the body starts
            ...

Every public method takes `cancel=` (anything with `is_set()` and `wait(timeout)`, e.g. a
`threading.Event`); it is checked before each attempt and interrupts every wait.
"""

from __future__ import annotations

import email.utils
import http.cookiejar
import ipaddress
import json
import logging
import platform
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection

import app
from app.errors import (
    AccountDeskError,
    AuthenticationRequired,
    BadResponse,
    Cancelled,
    ConnectionFailed,
    InsecureURL,
    Offline,
    RateLimited,
    TimedOut,
    status_error_class,
)
from app.net.jsontext import loads_exact
from app.net.pager import PageGuard

log = logging.getLogger(__name__)

API_VERSION = "4.0.9"
USER_AGENT = f"AccountDesk/{app.__version__} ({platform.system()} {platform.release()})"
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
# A JSON answer bigger than this is not something the service sends; refuse it rather than
# exhausting memory on a hostile or broken server.
MAX_JSON_BYTES = 64 * 1024 * 1024
DOWNLOAD_CHUNK = 256 * 1024


class CancelToken(Protocol):
    """What `cancel=` accepts; `threading.Event` is one."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


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


# --------------------------------------------------------------------------- addresses


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost (the only hosts plain http may go to)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """Return `url` if it is https, or http to loopback; otherwise raise `InsecureURL`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise InsecureURL(
            "This is not a valid server address.", detail="unparsable URL", code="invalid_address"
        ) from None
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host and is_loopback_host(host):
        return url
    if parts.scheme == "http":
        raise InsecureURL(detail=f"plain http to {host!r} refused")
    raise InsecureURL(
        "This is not a valid server address.",
        detail=f"scheme {parts.scheme!r}",
        code="invalid_address",
    )


def _limit_of(params: Mapping[str, Any] | None) -> int | None:
    """The page size a listing asked for (`limit`), if it did."""
    limit = params.get("limit") if params is not None else None
    if isinstance(limit, str) and limit.isdigit():
        return int(limit)
    return limit if isinstance(limit, int) and not isinstance(limit, bool) else None


def origin_of(url: str) -> str:
    """`scheme://host[:port]` with the default port left out, lower-cased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in {("https", 443), ("http", 80)}:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def loggable_url(url: str) -> str:
    """The URL without query or fragment (they can hold signatures or OAuth codes)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


# --------------------------------------------------------------------------- rate limiting


#: The earliest `X-RateLimit-Reset` read as a Unix timestamp (2001-09-09); below it, seconds.
RESET_TIMESTAMP_FLOOR = 1e9
#: A timestamp further than this from the server's now cannot be the end of its current window.
RESET_TIMESTAMP_SPAN = 24 * 3600.0
#: The longest any `X-RateLimit-Reset` makes requests wait. Clio's window is 60 s; should a
#: server's be longer, the request after this wait finds out (a 429's Retry-After is obeyed).
MAX_RESET_WAIT = 65.0
#: An answer whose window ends this much later than the one known is from the next window
#: (a Reset in whole seconds is up to a second late; one in seconds, also the answer's delay).
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
            starts_window = self._state is _Window.UNKNOWN or is_probe
            if (
                self._state is _Window.KNOWN
                and seq >= self._window_seq
                and estimate > self._reset_at + NEW_WINDOW_GAP
            ):
                # A Reset in whole seconds rounds the window's end up: the server's window
                # may end (and this answer come from the next one) before the end we knew.
                starts_window = True
            if starts_window:
                self._state = _Window.KNOWN
                self._window_seq = seq
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


# --------------------------------------------------------------------------- downloads


@dataclass
class Download:
    """An answered download whose body has not been read yet. Use as a context manager.

    `offset` is where the body starts in the whole file: the requested offset when the server
    honoured the Range (206), 0 when it sent the whole file (200) so the caller must start
    over. `total_size` is the whole file's size when known. `complete` is True when the Range
    started at or past the end (416): nothing more to fetch.
    """

    response: requests.Response = field(repr=False)
    status: int
    offset: int
    total_size: int | None
    etag: str | None
    content_type: str | None
    sha256: str | None
    complete: bool = False

    def iter_chunks(self, chunk_size: int = DOWNLOAD_CHUNK) -> Iterator[bytes]:
        """The body in chunks. A broken connection or a body shorter than announced raises
        `ConnectionFailed`, a stall past the read time-out `TimedOut` (resume from the bytes
        already received)."""
        if self.complete:
            return
        try:
            yield from self.response.iter_content(chunk_size)
        except requests.exceptions.ConnectionError as exc:
            if _is_timeout(exc):
                raise TimedOut(detail=f"download stalled: {type(exc).__name__}") from None
            raise ConnectionFailed(
                "The connection broke off during the download.",
                detail=f"download broke: {type(exc).__name__}",
                code="download_broke_off",
            ) from None
        except (
            requests.exceptions.ChunkedEncodingError,
            urllib3.exceptions.ProtocolError,
        ) as exc:
            raise ConnectionFailed(
                "The connection broke off during the download.",
                detail=f"download broke: {type(exc).__name__}",
                code="download_broke_off",
            ) from None
        except (requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError):
            raise TimedOut(detail="download stalled past the read time-out") from None

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Download:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --------------------------------------------------------------------------- the session

Refresher = Callable[[], str]


#: Each connection's receive buffer. Left to grow on its own, a fast connection's buffer
#: reaches megabytes: bytes received but not yet written, which a killed export fetches again.
#: 1 MiB still carries 50 MB/s per connection at 20 ms round trips.
RECEIVE_BUFFER = 1024 * 1024


class _Adapter(HTTPAdapter):
    """Connections with a bounded receive buffer (`RECEIVE_BUFFER`)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["socket_options"] = [
            *HTTPConnection.default_socket_options,
            (socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER),
        ]
        super().init_poolmanager(*args, **kwargs)


class HttpSession:
    """One per server origin; thread-safe; share it between all workers (see module doc)."""

    def __init__(
        self,
        base_url: str,
        *,
        api_version: str | None = API_VERSION,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
        pool_size: int = 10,
        cancel: CancelToken | None = None,
    ) -> None:
        self.base_url = check_url(base_url).rstrip("/") + "/"
        self.origin = origin_of(self.base_url)
        self.timeouts = timeouts
        self.retry = retry
        self._api_version = api_version
        self._cancel = cancel
        self._closed = threading.Event()
        self._token: str | None = None
        self._refresher: Refresher | None = None
        self.refresh_ahead: Callable[[], bool] | None = None  # True: refresh before sending
        self._refresh_lock = threading.Lock()
        self._session = requests.Session()
        # Redirects are followed by `request` itself (see the token rule); no retries here.
        adapter = _Adapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._session.verify = True
        # The API is bearer-only. Cookies ignore ports, so one set by the API on 127.0.0.1
        # would travel to the file listener's origin: keep none at all.
        self._session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self._session.headers["User-Agent"] = USER_AGENT
        self._session.headers["Accept"] = "application/json"

    # ----- auth

    def set_token(self, access_token: str | None) -> None:
        """The bearer token sent to this session's origin (None: send none)."""
        self._token = access_token

    def set_refresher(self, refresher: Refresher | None) -> None:
        """`refresher()` returns a fresh access token or raises (ideally
        `AuthenticationRequired`). Called at most once per expiry, whatever the thread count."""
        self._refresher = refresher

    @property
    def has_token(self) -> bool:
        return self._token is not None

    @property
    def access_token(self) -> str | None:
        """The bearer token in use, for a child process that works for this session (handed
        over through its environment only: never argv, never a file)."""
        return self._token

    def renew_access_token(self, stale: str | None) -> str:
        """A fresh access token in place of `stale`, one the server refused (a child process
        cannot refresh: it has no refresh token). Does nothing when the token already changed.
        Raises `AuthenticationRequired` when no new one can be had."""
        self._refresh(stale)
        token = self._token
        if token is None:
            raise AuthenticationRequired(status=401, error_type="invalid_token")
        return token

    def _refresh(self, stale: str | None) -> None:
        with self._refresh_lock:
            if self._token != stale and self._token is not None:
                return  # another thread refreshed while this one waited
            if self._refresher is None:
                raise AuthenticationRequired(status=401, error_type="invalid_token")
            try:
                self._token = self._refresher()
            except AuthenticationRequired:
                self._token = None
                raise
            except (ConnectionFailed, TimedOut, Cancelled):
                raise
            except Exception as exc:
                self._token = None
                raise AuthenticationRequired(
                    status=401, error_type="refresh_failed", detail=type(exc).__name__
                ) from None

    # ----- public calls

    def get_json(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        """GET and decode JSON (retried on transient failures)."""
        response = self.request("GET", url, params=params, headers=headers, cancel=cancel)
        return decode_json(response)

    def post_json(
        self,
        url: str,
        body: Any,
        headers: Mapping[str, str] | None = None,
        *,
        idempotent: bool | None = None,
        cancel: CancelToken | None = None,
    ) -> Any:
        """POST a JSON body and decode the JSON answer (None for an empty one). Retried only
        when `idempotent=True` or an `Idempotency-Key` header is sent."""
        response = self.request(
            "POST", url, json_body=body, headers=headers, idempotent=idempotent, cancel=cancel
        )
        return decode_json(response) if response.content else None

    def delete_json(
        self,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        cancel: CancelToken | None = None,
    ) -> Any:
        """DELETE and decode the JSON answer (None for an empty one); idempotent, so retried
        on transient failures."""
        response = self.request("DELETE", url, headers=headers, cancel=cancel)
        return decode_json(response) if response.content else None

    def post_form(
        self,
        url: str,
        data: Mapping[str, str],
        headers: Mapping[str, str] | None = None,
        *,
        authenticate: bool = False,
        cancel: CancelToken | None = None,
    ) -> Any:
        """POST a form (OAuth endpoints). Never retried: codes and refresh tokens are single
        use. Sends the session's bearer token only with `authenticate=True`."""
        response = self.request(
            "POST",
            url,
            data=data,
            headers=headers,
            idempotent=False,
            authenticate=authenticate,
            cancel=cancel,
        )
        return decode_json(response) if response.content else None

    def get_paged(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        *,
        cancel: CancelToken | None = None,
    ) -> Iterator[Any]:
        """Each page's decoded JSON, following `meta.paging.next` (Clio v4 paging) through a
        `PageGuard`: a page's records whose id an earlier page already brought are left out of
        its `data`, and paging that would loop or leave the server's origin raises
        `PagingStopped` (see `app.net.pager`)."""
        guard = PageGuard(self.resolve, where=urlsplit(url).path, page_size=_limit_of(params))
        next_url: str | None = url
        next_params = params
        while next_url:
            page = self.get_json(next_url, next_params, cancel=cancel)
            next_params = None  # the next URL carries its own query
            meta = page.get("meta") if isinstance(page, dict) else None
            total = meta.get("records") if isinstance(meta, dict) else None
            if isinstance(total, int) and not isinstance(total, bool):
                guard.set_expected(total)
            data = page.get("data") if isinstance(page, dict) else None
            if isinstance(data, list):
                ids = [r.get("id") if isinstance(r, dict) else None for r in data]
                repeated = guard.take(ids)
                if repeated:
                    page = {**page, "data": [r for i, r in enumerate(data) if i not in repeated]}
            paging = meta.get("paging") if isinstance(meta, dict) else None
            nxt = paging.get("next") if isinstance(paging, dict) else None
            yield page
            next_url = guard.next_page(next_url, nxt)

    def stream_download(
        self,
        url: str,
        *,
        offset: int = 0,
        if_range: str | None = None,
        headers: Mapping[str, str] | None = None,
        authenticate: bool = True,
        cancel: CancelToken | None = None,
    ) -> Download:
        """GET a file, following redirects (the token never goes to another origin), starting
        at byte `offset` with a Range request. `if_range` (an ETag) makes the server send the
        whole file if it changed. Close the result (use `with`)."""
        extra = {"Accept-Encoding": "identity", **(headers or {})}
        extra["Accept"] = "*/*"
        if offset > 0:
            extra["Range"] = f"bytes={offset}-"
            if if_range:
                extra["If-Range"] = if_range
        response = self.request(
            "GET",
            url,
            headers=extra,
            authenticate=authenticate,
            stream=True,
            ok_statuses=(416,) if offset > 0 else (),
            cancel=cancel,
        )
        return _download_from(response, offset)

    def close(self) -> None:
        """Interrupt waits and close pooled connections."""
        self._closed.set()
        self._session.close()

    # ----- the engine

    def resolve(self, url: str) -> str:
        """An absolute URL: relative ones are taken from the session's base URL."""
        return urljoin(self.base_url, url.lstrip("/")) if "://" not in url else url

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        authenticate: bool = True,
        stream: bool = False,
        ok_statuses: tuple[int, ...] = (),
        cancel: CancelToken | None = None,
    ) -> requests.Response:
        """Send with every rule of the module doc. Returns a 2xx (or `ok_statuses`) response,
        its body read unless `stream=True`; raises a typed error otherwise."""
        method = method.upper()
        cancel = cancel or self._cancel
        caller_headers = dict(headers or {})
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS or any(
                k.lower() == "idempotency-key" for k in caller_headers
            )
        policy = self.retry
        current = self.resolve(url)
        body_json, body_data = json_body, data
        attempt = 0
        rate_waits = 0
        hops = 0
        refreshed = False
        while True:
            self._check_cancel(cancel)
            check_url(current)
            same_origin = origin_of(current) == self.origin
            send_headers = self._headers_for(caller_headers, same_origin)
            sent_token: str | None = None
            ahead = self.refresh_ahead
            if authenticate and same_origin and self._token and ahead is not None and ahead():
                self._refresh(self._token)
            if authenticate and same_origin and self._token:
                sent_token = self._token
                send_headers["Authorization"] = f"Bearer {sent_token}"
            limiter = limiter_for(origin_of(current))
            seq = limiter.acquire(_either(cancel, self._closed))
            response: requests.Response | None = None
            started = time.monotonic()
            try:
                response = self._session.request(
                    method,
                    current,
                    params=params,
                    json=body_json,
                    data=body_data,
                    headers=send_headers,
                    timeout=(self.timeouts.connect, self.timeouts.read),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.exceptions.RequestException as exc:
                error, never_sent = _map_transport_error(exc)
                attempt += 1
                if (never_sent or idempotent) and error.retryable and attempt < policy.max_attempts:
                    log.info(
                        "%s %s failed (%s); retry %d",
                        method,
                        loggable_url(current),
                        error.detail,
                        attempt,
                    )
                    self._sleep(self._backoff(attempt), cancel)
                    continue
                raise error from None
            finally:
                limiter.release(seq, response.headers if response is not None else None)
            status = response.status_code
            log.debug(
                "%s %s -> %d in %.0f ms",
                method,
                loggable_url(current),
                status,
                (time.monotonic() - started) * 1000,
            )

            if status in REDIRECT_STATUSES and response.headers.get("Location"):
                # Read the (small) body first: closing an unread answer closes its connection,
                # and a download per document would then open a new one every time.
                try:
                    _read_body(response, limit=64 * 1024)
                except AccountDeskError:
                    pass  # the connection is closed instead; the redirect still holds
                response.close()
                hops += 1
                if hops > MAX_REDIRECTS:
                    raise BadResponse(detail="too many redirects")
                target = urljoin(current, response.headers["Location"])
                check_url(target)
                if current.startswith("https:") and target.startswith("http:"):
                    # A downgrade is only tolerable to loopback, which check_url allowed.
                    log.info("redirect from https to loopback http")
                current = target
                params = None  # the target carries its own query
                if status == 303 or (status in (301, 302) and method == "POST"):
                    method, body_json, body_data = "GET", None, None
                    caller_headers = {
                        k: v
                        for k, v in caller_headers.items()
                        if k.lower() not in ("content-type", "idempotency-key")
                    }
                continue

            if 200 <= status < 300 or status in ok_statuses:
                if stream:
                    return response
                try:
                    _read_body(response)
                except AccountDeskError as exc:
                    attempt += 1
                    if idempotent and exc.retryable and attempt < policy.max_attempts:
                        log.info(
                            "%s %s: body broke off; retry %d",
                            method,
                            loggable_url(current),
                            attempt,
                        )
                        self._sleep(self._backoff(attempt), cancel)
                        continue
                    raise
                return response

            # An error answer: read its (small) body for the error type.
            error_body = _error_body(response)
            error_type, server_message = _error_fields(error_body)
            error_kwargs: dict[str, Any] = {
                "status": status,
                "error_type": error_type,
                "server_message": server_message,
                "body": error_body,
                "url": loggable_url(current),
            }

            if status == 429:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                limiter.blocked(retry_after)
                rate_waits += 1
                if rate_waits <= policy.max_rate_limit_waits and (
                    retry_after <= policy.max_retry_after
                ):
                    log.warning("429 from %s; waiting %.1f s", loggable_url(current), retry_after)
                    self._sleep(retry_after, cancel)
                    continue
                raise RateLimited(retry_after=retry_after, **error_kwargs)

            if (
                status == 401
                and sent_token is not None
                and not refreshed
                and (_is_invalid_token(response, error_type))
            ):
                refreshed = True
                log.info("access token rejected; refreshing once")
                self._refresh(sent_token)
                continue

            retryable_status = status in (502, 503, 504) and idempotent
            retryable_status |= status == 500 and method in ("GET", "HEAD")
            attempt += 1
            if retryable_status and attempt < policy.max_attempts:
                delay = self._backoff(attempt)
                if "Retry-After" in response.headers:
                    delay = min(
                        parse_retry_after(response.headers["Retry-After"]), policy.max_retry_after
                    )
                log.info(
                    "%s %s -> %d; retry %d in %.2f s",
                    method,
                    loggable_url(current),
                    status,
                    attempt,
                    delay,
                )
                self._sleep(delay, cancel)
                continue
            raise status_error_class(status)(**error_kwargs)

    # ----- helpers

    def _headers_for(self, caller: Mapping[str, str], same_origin: bool) -> dict[str, str]:
        headers = dict(caller)
        if same_origin:
            if self._api_version:
                headers.setdefault("X-API-VERSION", self._api_version)
        else:
            # Nothing meant for the API goes to another origin, whatever the caller passed.
            for name in list(headers):
                if name.lower() in ("authorization", "cookie", "x-api-version"):
                    del headers[name]
        return headers

    def _backoff(self, attempt: int) -> float:
        delay = min(self.retry.backoff_max, self.retry.backoff_base * 2.0 ** (attempt - 1))
        # "Equal jitter": never less than half the delay, so retries do not pile up at once.
        return delay / 2 + random.uniform(0, delay / 2)

    def _check_cancel(self, cancel: CancelToken | None) -> None:
        if (cancel is not None and cancel.is_set()) or self._closed.is_set():
            raise Cancelled()

    def _sleep(self, seconds: float, cancel: CancelToken | None) -> None:
        deadline = time.monotonic() + seconds
        while True:
            self._check_cancel(cancel)
            left = deadline - time.monotonic()
            if left <= 0:
                return
            step = min(left, 0.25)
            if cancel is not None:
                if cancel.wait(step):
                    raise Cancelled()
            elif self._closed.wait(step):
                raise Cancelled()


# --------------------------------------------------------------------------- internals


class _Either:
    """Set when either token is set (the call's cancel token, or the session closing)."""

    def __init__(self, first: CancelToken | None, second: CancelToken) -> None:
        self._first, self._second = first, second

    def is_set(self) -> bool:
        return (self._first is not None and self._first.is_set()) or self._second.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.is_set()


def _either(first: CancelToken | None, second: CancelToken) -> CancelToken:
    return _Either(first, second)


def decode_json(response: requests.Response) -> Any:
    """The body as JSON, or `BadResponse`."""
    try:
        return loads_exact(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadResponse(
            detail=f"malformed JSON from {loggable_url(response.url)}: {type(exc).__name__}"
        ) from None


def _read_body(response: requests.Response, limit: int = MAX_JSON_BYTES) -> bytes:
    """Read the whole body (bounded), mapping a broken connection to a retryable error."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                response.close()
                raise BadResponse(detail=f"answer larger than {limit} bytes")
            chunks.append(chunk)
    except (
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ConnectionError,
        urllib3.exceptions.ProtocolError,
    ) as exc:
        response.close()
        if _is_timeout(exc):
            raise TimedOut(detail="answer stalled past the read time-out") from None
        raise ConnectionFailed(
            "The connection broke off while the server was answering.",
            detail=f"body broke off: {type(exc).__name__}",
            code="answer_broke_off",
        ) from None
    except (requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError):
        response.close()
        raise TimedOut(detail="answer stalled past the read time-out") from None
    body = b"".join(chunks)
    response._content = body  # so response.content / .json() work for callers
    return body


def _error_body(response: requests.Response) -> dict[str, Any]:
    try:
        raw = _read_body(response, limit=1024 * 1024)
        parsed = json.loads(raw) if raw else None
    except (AccountDeskError, ValueError, UnicodeDecodeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _error_fields(body: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(type, message) from the contract's `{"error": {...}}` or OAuth's `{"error": "..."}`."""
    error = body.get("error")
    if isinstance(error, dict):
        type_, message = error.get("type"), error.get("message")
    else:
        type_, message = error, body.get("error_description")
    return (
        type_ if isinstance(type_, str) else None,
        message if isinstance(message, str) else None,
    )


def _is_invalid_token(response: requests.Response, error_type: str | None) -> bool:
    challenge = response.headers.get("WWW-Authenticate", "")
    return error_type == "invalid_token" or 'error="invalid_token"' in challenge


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nxt in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(nxt, BaseException):
                stack.append(nxt)
        stack.extend(a for a in current.args if isinstance(a, BaseException))


def _is_timeout(exc: BaseException) -> bool:
    return any(
        isinstance(c, (TimeoutError, urllib3.exceptions.TimeoutError, requests.exceptions.Timeout))
        for c in _causes(exc)
    )


def _map_transport_error(
    exc: requests.exceptions.RequestException,
) -> tuple[AccountDeskError, bool]:
    """(typed error, whether the request certainly never reached the server)."""
    name = type(exc).__name__
    if isinstance(exc, requests.exceptions.SSLError):
        return ConnectionFailed(
            "The server's security certificate could not be verified, so Account Desk did not "
            "connect.",
            detail=f"TLS: {name}",
        ), True
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return TimedOut(detail="connect time-out"), True
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return TimedOut(detail="read time-out"), False
    if isinstance(
        exc,
        (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ),
    ):
        return InsecureURL("This is not a valid server address.", detail=name), True
    causes = list(_causes(exc))
    if any(isinstance(c, urllib3.exceptions.NameResolutionError) for c in causes):
        return Offline(detail="name resolution failed"), True
    if any(isinstance(c, urllib3.exceptions.NewConnectionError) for c in causes):
        unreachable = any(
            isinstance(c, OSError) and c.errno in (101, 65)
            for c in causes  # ENETUNREACH
        )
        if unreachable:
            return Offline(detail="network unreachable"), True
        return ConnectionFailed(detail="connection refused"), True
    if isinstance(exc, requests.exceptions.ConnectionError):
        if _is_timeout(exc):
            return TimedOut(detail="read time-out"), False
        return ConnectionFailed(detail=f"connection broke: {name}"), False
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return ConnectionFailed(detail=f"body broke off: {name}"), False
    return ConnectionFailed(detail=name), False


def _download_from(response: requests.Response, requested_offset: int) -> Download:
    headers = response.headers
    status = response.status_code
    total: int | None = None
    offset = 0
    complete = False
    content_range = headers.get("Content-Range", "")
    if status == 206 and content_range.startswith("bytes "):
        span, _, size = content_range[6:].partition("/")
        start = span.partition("-")[0]
        try:
            offset = int(start)
            total = int(size) if size != "*" else None
        except ValueError:
            response.close()
            raise BadResponse(detail="malformed Content-Range") from None
        if offset != requested_offset:
            response.close()
            raise BadResponse(detail="the server resumed at another offset")
    elif status == 416:
        complete = True
        offset = requested_offset
        size = content_range.rpartition("/")[2]
        total = int(size) if size.isdigit() else None
        response.close()
    else:
        length = headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
    return Download(
        response=response,
        status=status,
        offset=offset,
        total_size=total,
        etag=headers.get("ETag"),
        content_type=headers.get("Content-Type"),
        sha256=headers.get("X-Content-SHA256"),
        complete=complete,
    )
