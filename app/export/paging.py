"""Fetching a list's next page while the current one is written.

Paging is a chain (each page names the next), so a kind is fetched one page after another. The
server works on the next page while this process turns the current one into JSON Lines and CSV
and makes it durable, instead of each side waiting for the other: with one page in flight the
export of a kind takes about as long as fetching it, not fetching plus writing.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any

from app.errors import BadResponse
from app.export.control import ExportControl
from app.export.pages import MalformedPage
from app.export.pagework import PageWork
from app.http import HttpSession, loggable_url


class PagePrefetcher:
    """`get(url, params)` answers like `http.get_json`; after `prefetch(next_url)` the next
    `get(next_url)` takes the page fetched in the background (its errors are raised there, as
    if fetched then). At most one page is held, so memory stays at two pages per kind."""

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

    def _fetch(self, url: str, params: dict[str, Any] | None) -> Any:
        self._control.checkpoint()  # a paused export fetches nothing ahead either
        if self._work is None:
            return self._http.get_json(url, params, cancel=self._control)
        response = self._http.request("GET", url, params=params, cancel=self._control)
        try:
            return self._work.files(response.content)
        except MalformedPage as exc:
            raise BadResponse(detail=f"{exc.detail} from {loggable_url(response.url)}") from None

    def get(self, url: str, params: dict[str, Any] | None = None) -> Any:
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] == url and params is None:
            return pending[1].result()
        if pending is not None:
            pending[1].cancel()
        return self._fetch(url, params)

    def prefetch(self, url: str) -> None:
        """Start fetching ``url`` (the page after the one being written)."""
        if self._pending is not None:
            self._pending[1].cancel()
        self._pending = (url, self._pool.submit(self._fetch, url, None))

    def close(self) -> None:
        """Drop a page fetched ahead and not asked for; waits for a request in flight (it
        stops at once when the export is cancelled)."""
        if self._pending is not None:
            self._pending[1].cancel()
            self._pending = None
        self._pool.shutdown(wait=True)

    def __enter__(self) -> PagePrefetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
