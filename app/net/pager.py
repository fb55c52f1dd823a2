"""The one rule for following a list's pages (`meta.paging.next`) without looping.

Every listing in the app (the export, its plan and counts, the update pass, the closing
checklist) follows `next` through a `PageGuard`. A server that does not keep the published
paging contract cannot make a listing run forever or write a record twice: the guard stops the
listing when

* a `next` address repeats one already fetched (A -> A, or A -> B -> A),
* a `next` address is on another origin than the server's (never followed: the published
  service pages on its own address, and nothing of the API goes elsewhere),
* a page brings only records the listing already had (the same page under a new address),
* more pages come than the server's own count of the records (`meta.records`) allows,
* several pages in a row bring no record at all while naming a next page;

and it drops, within one listing, any record whose id was already taken. A stop is a
`PagingStopped` error naming what the server did, so the caller reports it as a failure
instead of passing over it.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from app.errors import BadResponse

#: Pages beyond what `meta.records` implies that are still taken (records added meanwhile).
SLACK_PAGES = 2
#: Pages in a row without a record (and naming a next page) before the listing stops.
EMPTY_PAGES = 3


def limit_of(params: Mapping[str, Any] | None) -> int | None:
    """The page size a listing asked for (`limit`), if it did."""
    limit = params.get("limit") if params is not None else None
    if isinstance(limit, str) and limit.isdigit():
        return int(limit)
    return limit if isinstance(limit, int) and not isinstance(limit, bool) else None


class PagingStopped(BadResponse):
    """The server's paging would loop (or leave its origin): the listing stopped there."""

    def __init__(self, reason: str, *, where: str = "") -> None:
        where_part = f" ({where})" if where else ""
        message = f"{reason[:1].upper()}{reason[1:]}{where_part}; the listing stopped there."
        super().__init__(message, detail=f"{reason}{where_part}")
        self.reason = reason


def _origin(url: str) -> str | None:
    """`scheme://host[:port]` with the default port left out (None: not a web address)."""
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if scheme not in ("http", "https") or not host:
        return None
    if port is None or (scheme, port) in {("https", 443), ("http", 80)}:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def id_key(value: Any) -> Hashable | None:
    """A record id as a key (1 and "1" are the same record); None: no usable id."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.lstrip("-").isdigit() and str(int(text)) == text:
            return int(text)
        return text
    return None


_INT64 = (-(2**63), 2**63 - 1)


class _Ids:
    """The ids a listing took, compactly: a listing asks for `order=id(asc)`, so integer ids
    mostly come in rising order and are kept as 8 bytes each in a sorted array (200,000 ids
    in under 2 MB, not the 15 MB of a set); the few others go in a set."""

    def __init__(self) -> None:
        self._rising = array("q")
        self._others: set[Hashable] = set()

    def add(self, key: Hashable) -> bool:
        """Take ``key``; False if it was taken before."""
        if isinstance(key, int) and _INT64[0] <= key <= _INT64[1]:
            rising = self._rising
            if not rising or key > rising[-1]:
                rising.append(key)
                return True
            at = bisect_left(rising, key)
            if at < len(rising) and rising[at] == key:
                return False
        if key in self._others:
            return False
        self._others.add(key)
        return True


class PageGuard:
    """Follows one listing's pages. Give it the ids of each page's records (`take`), then ask
    it for the page after (`next_page`, with the page's own address)."""

    def __init__(
        self,
        resolve: Callable[[str], str],
        *,
        where: str = "",
        page_size: int | None = None,
    ) -> None:
        """``resolve`` makes a path absolute on the server's address (`HttpSession.resolve`);
        the listing stays on that origin."""
        self._resolve = resolve
        self._origin = _origin(resolve("/"))
        self._where = where
        self._page_size = page_size if page_size and page_size > 0 else None
        self._expected: int | None = None
        self._urls: set[str] = set()
        self._ids = _Ids()
        self._pages = 0
        self._empty_run = 0
        self._largest = 0  # records in the biggest page yet
        self.dropped = 0  # records left out because their id was already taken

    def set_expected(self, total: int | None) -> None:
        """The server's count of the listing's records, which bounds its pages."""
        if self._expected is None and isinstance(total, int) and total >= 0:
            self._expected = total

    def next_listing(self, total: int | None) -> None:
        """Another listing whose records join this one's (a list the service gives one parent
        record at a time): its pages are bounded by its own count, the ids taken stay taken."""
        self._expected = total if isinstance(total, int) and total >= 0 else None
        self._pages = self._empty_run = self._largest = 0

    def remember(self, ids: Iterable[Any]) -> None:
        """Ids the listing already has (e.g. written before a resume)."""
        for value in ids:
            key = id_key(value)
            if key is not None:
                self._ids.add(key)

    def take(self, ids: list[Any]) -> set[int]:
        """The ids of a page's records, in order: returns the positions of records already
        taken (to leave out). Raises `PagingStopped` when the page brings nothing new."""
        self._pages += 1
        self._largest = max(self._largest, len(ids))
        repeated: set[int] = set()
        fresh = 0
        for position, value in enumerate(ids):
            key = id_key(value)
            if key is None:
                fresh += 1
                continue
            if self._ids.add(key):
                fresh += 1
            else:
                repeated.add(position)
        if ids and not fresh:
            raise PagingStopped(
                "the service repeated a page (only records it had already sent)", where=self._where
            )
        self._empty_run = 0 if ids else self._empty_run + 1
        self.dropped += len(repeated)
        return repeated

    def next_page(self, current: str, next_url: Any) -> str | None:
        """The absolute address of the page after ``current`` (None: it was the last).
        Raises `PagingStopped` where following it would loop or leave the server."""
        if next_url is None or next_url == "":
            return None
        if not isinstance(next_url, str):
            raise BadResponse(detail="meta.paging.next is not a string")
        here = self._resolve(current)
        self._urls.add(here)
        absolute = next_url if "://" in next_url else urljoin(here, next_url)
        origin = _origin(absolute)
        if origin is None:
            raise PagingStopped(
                "the service named a next page that is not a web address", where=self._where
            )
        if origin != self._origin:
            raise PagingStopped(
                "the service named a next page on another server (not followed)",
                where=self._where,
            )
        if absolute in self._urls:
            raise PagingStopped(
                "the service repeated a page (its next page was one already fetched)",
                where=self._where,
            )
        if self._empty_run >= EMPTY_PAGES:
            raise PagingStopped(
                f"the service sent {self._empty_run} empty pages in a row, each naming another",
                where=self._where,
            )
        # Pages as big as the biggest one yet (a server may send fewer than the limit asked).
        per_page = min(self._page_size or self._largest, self._largest)
        if self._expected is not None and per_page > 0:
            allowed = max(1, math.ceil(self._expected / per_page)) + SLACK_PAGES
            if self._pages >= allowed:
                raise PagingStopped(
                    f"the service sent more pages than its count of {self._expected} records "
                    "allows",
                    where=self._where,
                )
        return absolute


def follow_pages(
    get_json: Callable[[str, Mapping[str, Any] | None], Any],
    resolve: Callable[[str], str],
    url: str,
    params: Mapping[str, Any] | None = None,
) -> Iterator[Any]:
    """Each page's decoded JSON (fetched with `get_json(url, params)`), following
    `meta.paging.next` through a `PageGuard`: a page's records whose id an earlier page already
    brought are left out of its `data`, and paging that would loop or leave the server's origin
    raises `PagingStopped`. `resolve` makes a relative address absolute."""
    guard = PageGuard(resolve, where=urlsplit(url).path, page_size=limit_of(params))
    next_url: str | None = url
    next_params = params
    while next_url:
        page = get_json(next_url, next_params)
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
