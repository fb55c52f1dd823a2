"""Fetching a list's next page while the current one is written.

Paging is a chain (each page names the next), so a kind is fetched one page after another. The
server works on the next page while this process turns the current one into JSON Lines and CSV
and makes it durable, instead of each side waiting for the other: with one page in flight the
export of a kind takes about as long as fetching it, not fetching plus writing.

When a worker process makes the pages' bytes (`PageWork`), the next page's address is read
from the end of the page as soon as it arrives (`next_url_hint`, a guess that decodes only the
`meta` object) and its download starts while the worker decodes the page: the chain of a big
kind then waits on the server alone. The worker's own reading of the page decides; a page
fetched on a wrong guess is dropped.

A list given one parent at a time (a conversation's messages) is a chain of short chains: most
parents' lists are one page, whose address is known before the page before it arrives. Those
addresses are fetched a few at once (`plan`), as many as the kinds paged at once, instead of
one after another: thousands of one-page lists otherwise took as many round trips in a row.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import orjson

from app.errors import BadResponse
from app.export.control import ExportControl
from app.export.pages import MalformedPage
from app.export.pagework import PageWork
from app.net.closing import Closable
from app.net.http import HttpSession, loggable_url, origin_of
from app.net.jsontext import loads_exact

_META = b'"meta"'
#: Pages downloaded ahead (on a guess) of the one being decoded, at most.
AHEAD = 2


def next_url_hint(body: bytes) -> str | None:
    """The next page's address as the end of a list page gives it (`..."meta": {...}}`), or
    None. Only a guess, to start the download early: a page whose `meta` is not last, or a
    record with a "meta" key after it, gives a wrong guess or none, never a wrong export."""
    at = body.rfind(_META)
    if at < 0:
        return None
    tail = body[at + len(_META) :].strip()
    if not tail.startswith(b":") or not tail.endswith(b"}"):
        return None
    try:
        meta = orjson.loads(tail[1:-1])
    except orjson.JSONDecodeError:
        return None
    paging = meta.get("paging") if isinstance(meta, dict) else None
    next_url = paging.get("next") if isinstance(paging, dict) else None
    return next_url if isinstance(next_url, str) and next_url else None


class PagePrefetcher(Closable):
    """`get(url, params)` answers like `http.get_json`; after `prefetch(next_url)` the next
    `get(next_url)` takes the page fetched in the background (its errors are raised there, as
    if fetched then). At most one page is held (and, with ``work``, up to AHEAD more pages'
    bodies), so memory stays at a few pages per kind."""

    def __init__(
        self,
        http: HttpSession,
        control: ExportControl,
        name: str,
        work: PageWork | None = None,
    ) -> None:
        """With ``work``, a page is answered as its files' bytes (a `WrittenPage`), made by
        ``work`` in the background too, instead of as decoded JSON."""
        self._http = http
        self._control = control
        self._work = work
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"export-page-{name}")
        self._pending: tuple[str, Future[Any]] | None = None
        # The download of the page after the one being decoded, started on a guess.
        self._net = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"export-next-{name}")
        # Each download ahead starts the next one as soon as its page has arrived, up to
        # AHEAD pages: the chain of pages waits on the server, not on the decoding.
        self._ahead: deque[tuple[str, Future[tuple[bytes, str]]]] = deque()
        self._generation = 0  # a wrong guess or closing drops what is ahead, and its chain
        self._ahead_lock = threading.Lock()
        # Pages whose addresses are known ahead (`plan`), fetched a few at once, in order.
        self._upcoming: Iterator[str] = iter(())
        self._planned: deque[tuple[str, Future[Any]]] = deque()
        self._planned_pool: ThreadPoolExecutor | None = None
        self._planned_size = 0

    def _download(self, url: str, params: dict[str, Any] | None) -> tuple[bytes, str]:
        self._control.checkpoint()  # a paused export fetches nothing ahead either
        response = self._http.request("GET", url, params=params, cancel=self._control)
        return response.content, response.url

    def _download_ahead(self, url: str, generation: int) -> tuple[bytes, str]:
        body, source = self._download(url, None)
        self._go_ahead(body, generation)
        return body, source

    def _go_ahead(self, body: bytes, generation: int | None = None) -> None:
        """Start downloading the page after ``body`` (a guess, `next_url_hint`) unless it is
        on its way already, AHEAD pages are, or what was ahead was dropped since."""
        guess = next_url_hint(body)
        if guess is None or not self._same_origin(guess):
            return  # a next page elsewhere is never followed (see `app.net.pager`)
        with self._ahead_lock:
            if generation is not None and generation != self._generation:
                return
            if len(self._ahead) >= AHEAD or any(url == guess for url, _ in self._ahead):
                return
            downloading = self._net.submit(self._download_ahead, guess, self._generation)
            self._ahead.append((guess, downloading))

    def _drop_ahead(self) -> None:
        with self._ahead_lock:
            self._generation += 1
            for _url, downloading in self._ahead:
                downloading.cancel()  # a wrong guess: its page (or its error) is never used
            self._ahead.clear()

    def _fetch(self, url: str, params: dict[str, Any] | None) -> Any:
        if self._work is None:
            self._control.checkpoint()  # a paused export fetches nothing ahead either
            return self._http.get_json(url, params, cancel=self._control)
        return self._written(*self._download(url, params))

    def _from_ahead(self, downloading: Future[tuple[bytes, str]]) -> Any:
        return self._written(*downloading.result())

    def _fetch_planned(self, url: str) -> Any:
        """A planned page, as `_fetch` answers it, without guessing the page after it: the
        plan knows the next one, and a guess would compete with the chain of the page being
        written."""
        if self._work is None:
            return self._fetch(url, None)
        return self._written(*self._download(url, None), go_ahead=False)

    def _written(self, body: bytes, source: str, *, go_ahead: bool = True) -> Any:
        assert self._work is not None
        if go_ahead:
            self._go_ahead(body)
        try:
            return self._work.files(body)
        except MalformedPage as exc:
            raise BadResponse(detail=f"{exc.detail} from {loggable_url(source)}") from None

    def _same_origin(self, url: str) -> bool:
        try:
            return origin_of(self._http.resolve(url)) == self._http.origin
        except ValueError:
            return False

    def plan(self, upcoming: Iterator[str], at_once: int) -> None:
        """Addresses this list asks for later, in this order, whatever the pages before them
        say (each next parent's first page): up to ``at_once`` of them are fetched at a time,
        each answered by `get` or `prefetch` when its turn comes, as if fetched then."""
        self._drop_planned()
        self._upcoming = upcoming
        self._planned_size = max(0, at_once)
        if self._planned_size and self._planned_pool is None:
            self._planned_pool = ThreadPoolExecutor(
                max_workers=self._planned_size, thread_name_prefix="export-planned"
            )
        self._top_up()

    def _top_up(self) -> None:
        while self._planned_pool is not None and len(self._planned) < self._planned_size:
            url = next(self._upcoming, None)
            if url is None:
                return
            self._planned.append((url, self._planned_pool.submit(self._fetch_planned, url)))

    def _take_planned(self, url: str) -> Future[Any] | None:
        if not self._planned or self._planned[0][0] != url:
            return None
        _url, fetching = self._planned.popleft()
        self._top_up()
        return fetching

    def _drop_planned(self) -> None:
        for _url, fetching in self._planned:
            fetching.cancel()  # its page (or its error) is never used
        self._planned.clear()
        self._upcoming = iter(())

    def get(self, url: str, params: dict[str, Any] | None = None) -> Any:
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] == url and params is None:
            return pending[1].result()
        if pending is not None:
            pending[1].cancel()
        planned = self._take_planned(url) if params is None else None
        if planned is not None:
            return planned.result()
        return self._fetch(url, params)

    def received(self, body: bytes, source: str) -> Any:
        """The answer `get` gives, for a page fetched before (a kind's first page, fetched
        with its count): the next page's download starts from it as from any other."""
        if self._work is None:
            try:
                return loads_exact(body)
            except (ValueError, UnicodeDecodeError) as exc:
                detail = f"malformed JSON from {loggable_url(source)}: {type(exc).__name__}"
                raise BadResponse(detail=detail) from None
        return self._written(body, source)

    def prefetch(self, url: str) -> None:
        """Start fetching ``url`` (the page after the one being written)."""
        if self._pending is not None:
            self._pending[1].cancel()
        planned = self._take_planned(url)
        if planned is not None:
            self._pending = (url, planned)
            return
        with self._ahead_lock:
            ahead = self._ahead.popleft() if self._ahead and self._ahead[0][0] == url else None
        if ahead is not None:
            self._pending = (url, self._pool.submit(self._from_ahead, ahead[1]))
            return
        self._drop_ahead()
        self._pending = (url, self._pool.submit(self._fetch, url, None))

    def close(self) -> None:
        """Drop pages fetched ahead and not asked for; waits for requests in flight (they
        stop at once when the export is cancelled)."""
        if self._pending is not None:
            self._pending[1].cancel()
            self._pending = None
        self._pool.shutdown(wait=True)
        self._drop_ahead()
        self._net.shutdown(wait=True)
        self._drop_planned()
        if self._planned_pool is not None:
            self._planned_pool.shutdown(wait=True)
