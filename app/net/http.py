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

The rules' parts live beside this module: `app.net.urls` (which addresses, loopback, URLs
fit for the log), `app.net.policy` (time-outs, retries), `app.net.ratelimit` (pacing),
`app.net.answers` (reading answers, typed errors), `app.net.download` (resumable files).
"""

from __future__ import annotations

import http.cookiejar
import logging
import platform
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection

import app
from app.errors import (
    AccountDeskError,
    AuthenticationRequired,
    BadResponse,
    Cancelled,
    ConnectionFailed,
    RateLimited,
    TimedOut,
    status_error_class,
)
from app.net.answers import (
    decode_json,
    error_body,
    error_fields,
    is_invalid_token,
    map_transport_error,
    read_body,
)
from app.net.cancel import CancelToken, Either
from app.net.download import Download, download_from
from app.net.pager import follow_pages
from app.net.policy import (
    DEFAULT_RETRY,
    DEFAULT_TIMEOUTS,
    IDEMPOTENT_METHODS,
    RetryPolicy,
    Timeouts,
)
from app.net.ratelimit import RateLimiter, forget_limiters, limiter_for, parse_retry_after
from app.net.urls import check_url, is_loopback_host, loggable_url, origin_of

# Callers have always found these here; the session module stays their one import.
__all__ = [
    "API_VERSION",
    "RECEIVE_BUFFER",
    "USER_AGENT",
    "CancelToken",
    "Download",
    "HttpSession",
    "RateLimiter",
    "RetryPolicy",
    "Timeouts",
    "check_url",
    "decode_json",
    "forget_limiters",
    "is_loopback_host",
    "loggable_url",
    "origin_of",
]

log = logging.getLogger(__name__)

API_VERSION = "4.0.9"
USER_AGENT = f"AccountDesk/{app.__version__} ({platform.system()} {platform.release()})"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


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


@dataclass
class _Call:
    """One call's state across its attempts, redirects, rate-limit waits and token refresh."""

    method: str
    url: str
    params: Mapping[str, Any] | None
    json_body: Any
    data: Mapping[str, str] | None
    headers: dict[str, str]  # the caller's; the token and API version are added per attempt
    idempotent: bool
    authenticate: bool
    cancel: CancelToken | None
    attempt: int = 0
    rate_waits: int = 0
    hops: int = 0
    refreshed: bool = False


def _no_netrc_login(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """The session's "authentication": none beyond the headers `request` sets itself. That
    there is one keeps requests from looking up (and sending) a ~/.netrc login, on every
    request."""
    return request


def web_session() -> requests.Session:
    """A plain session for the service's web pages (sign-in, authorization), as a browser
    asks: our User-Agent, and never a login from ~/.netrc (see `HttpSession`)."""
    web = requests.Session()
    web.headers["User-Agent"] = USER_AGENT
    web.auth = _no_netrc_login
    return web


class HttpSession:
    """One per server origin; thread-safe; share it between all workers (see module doc)."""

    def __init__(
        self,
        base_url: str,
        *,
        api_version: str | None = API_VERSION,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        retry: RetryPolicy = DEFAULT_RETRY,
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
        # Never a login from the person's ~/.netrc: requests would put it in place of the
        # bearer token, and send it to the file origin, which must get no credentials at all.
        self._session.auth = _no_netrc_login
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
        return follow_pages(
            lambda page_url, page_params: self.get_json(page_url, page_params, cancel=cancel),
            self.resolve,
            url,
            params,
        )

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
        return download_from(response, offset)

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
        caller_headers = dict(headers or {})
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS or any(
                k.lower() == "idempotency-key" for k in caller_headers
            )
        call = _Call(
            method=method,
            url=self.resolve(url),
            params=params,
            json_body=json_body,
            data=data,
            headers=caller_headers,
            idempotent=idempotent,
            authenticate=authenticate,
            cancel=cancel or self._cancel,
        )
        while True:
            self._check_cancel(call.cancel)
            response, sent_token = self._send(call)
            if response is None or self._followed_redirect(call, response):
                continue
            if 200 <= response.status_code < 300 or response.status_code in ok_statuses:
                if stream or self._body_read(call, response):
                    return response
                continue
            self._after_error_answer(call, response, sent_token)

    # ----- the steps of a call

    def _send(self, call: _Call) -> tuple[requests.Response | None, str | None]:
        """One attempt, paced by the origin's rate limiter: (the answer, the token it carried),
        or (None, None) after a transport failure worth another attempt."""
        check_url(call.url)
        same_origin = origin_of(call.url) == self.origin
        send_headers = self._headers_for(call.headers, same_origin)
        sent_token: str | None = None
        ahead = self.refresh_ahead
        if call.authenticate and same_origin and self._token and ahead is not None and ahead():
            self._refresh(self._token)
        if call.authenticate and same_origin and self._token:
            sent_token = self._token
            send_headers["Authorization"] = f"Bearer {sent_token}"
        limiter = limiter_for(origin_of(call.url))
        seq = limiter.acquire(Either(call.cancel, self._closed))
        response: requests.Response | None = None
        started = time.monotonic()
        try:
            response = self._session.request(
                call.method,
                call.url,
                params=call.params,
                json=call.json_body,
                data=call.data,
                headers=send_headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                allow_redirects=False,
                stream=True,
            )
        except requests.exceptions.RequestException as exc:
            self._after_transport_failure(call, *map_transport_error(exc))
            return None, None
        finally:
            limiter.release(seq, response.headers if response is not None else None)
        log.debug(
            "%s %s -> %d in %.0f ms",
            call.method,
            loggable_url(call.url),
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response, sent_token

    def _after_transport_failure(
        self, call: _Call, error: AccountDeskError, never_sent: bool
    ) -> None:
        """Back off and return for another attempt, or raise `error`. A request that may have
        reached the server goes again only when it is idempotent."""
        call.attempt += 1
        if (never_sent or call.idempotent) and error.retryable and self._may_retry(call):
            log.info(
                "%s %s failed (%s); retry %d",
                call.method,
                loggable_url(call.url),
                error.detail,
                call.attempt,
            )
            self._sleep(self.retry.backoff(call.attempt), call.cancel)
            return
        raise error from None

    def _followed_redirect(self, call: _Call, response: requests.Response) -> bool:
        """Point `call` at a redirect's target (True), or leave it for a non-redirect (False).
        The target must pass `check_url`; the token rule is applied when it is sent."""
        status = response.status_code
        if status not in REDIRECT_STATUSES or not response.headers.get("Location"):
            return False
        # Read the (small) body first: closing an unread answer closes its connection, and a
        # download per document would then open a new one every time.
        try:
            read_body(response, limit=64 * 1024)
        except AccountDeskError:
            pass  # the connection is closed instead; the redirect still holds
        response.close()
        call.hops += 1
        if call.hops > MAX_REDIRECTS:
            raise BadResponse(detail="too many redirects")
        target = urljoin(call.url, response.headers["Location"])
        check_url(target)
        if call.url.startswith("https:") and target.startswith("http:"):
            # A downgrade is only tolerable to loopback, which check_url allowed.
            log.info("redirect from https to loopback http")
        call.url = target
        call.params = None  # the target carries its own query
        if status == 303 or (status in (301, 302) and call.method == "POST"):
            call.method, call.json_body, call.data = "GET", None, None
            call.headers = {
                k: v
                for k, v in call.headers.items()
                if k.lower() not in ("content-type", "idempotency-key")
            }
        return True

    def _body_read(self, call: _Call, response: requests.Response) -> bool:
        """Read a successful answer's body: True when read, False when it broke off and the
        call goes again; raises when it may not."""
        try:
            read_body(response)
        except AccountDeskError as exc:
            call.attempt += 1
            if call.idempotent and exc.retryable and self._may_retry(call):
                log.info(
                    "%s %s: body broke off; retry %d",
                    call.method,
                    loggable_url(call.url),
                    call.attempt,
                )
                self._sleep(self.retry.backoff(call.attempt), call.cancel)
                return False
            raise
        return True

    def _after_error_answer(
        self, call: _Call, response: requests.Response, sent_token: str | None
    ) -> None:
        """Wait, refresh the token or back off, and return for the call to go again; or
        raise the typed error of the answer."""
        status = response.status_code
        # Read the error answer's (small) body for the error type.
        body = error_body(response)
        error_type, server_message = error_fields(body)
        error_kwargs: dict[str, Any] = {
            "status": status,
            "error_type": error_type,
            "server_message": server_message,
            "body": body,
            "url": loggable_url(call.url),
        }
        if status == 429:
            self._wait_out_rate_limit(call, response, error_kwargs)
            return
        if (
            status == 401
            and sent_token is not None
            and not call.refreshed
            and is_invalid_token(response, error_type)
        ):
            call.refreshed = True
            log.info("access token rejected; refreshing once")
            self._refresh(sent_token)
            return
        retryable = status in (502, 503, 504) and call.idempotent
        retryable |= status == 500 and call.method in ("GET", "HEAD")
        call.attempt += 1
        if not (retryable and self._may_retry(call)):
            raise status_error_class(status)(**error_kwargs)
        delay = self.retry.backoff(call.attempt)
        if "Retry-After" in response.headers:
            delay = min(
                parse_retry_after(response.headers["Retry-After"]), self.retry.max_retry_after
            )
        log.info(
            "%s %s -> %d; retry %d in %.2f s",
            call.method,
            loggable_url(call.url),
            status,
            call.attempt,
            delay,
        )
        self._sleep(delay, call.cancel)

    def _wait_out_rate_limit(
        self, call: _Call, response: requests.Response, error_kwargs: dict[str, Any]
    ) -> None:
        """A 429: every request to the origin waits its `Retry-After`, then this call goes
        again, unless it has waited too often or is told to wait too long."""
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        limiter_for(origin_of(call.url)).blocked(retry_after)
        call.rate_waits += 1
        policy = self.retry
        if call.rate_waits > policy.max_rate_limit_waits or retry_after > policy.max_retry_after:
            raise RateLimited(retry_after=retry_after, **error_kwargs)
        log.warning("429 from %s; waiting %.1f s", loggable_url(call.url), retry_after)
        self._sleep(retry_after, call.cancel)

    # ----- helpers

    def _may_retry(self, call: _Call) -> bool:
        return call.attempt < self.retry.max_attempts

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
