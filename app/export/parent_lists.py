"""Lists the service gives one parent record at a time (a conversation's messages): which
parents there are and how many records each holds, the first page of each parent's list, and
the parent that follows when one parent's list ends.

The parents are read from the parent kind's exported file when that kind is finished, and
otherwise listed from the service (their ids and counts only)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from app.errors import BadResponse
from app.export.control import ExportControl
from app.export.kind_fields import Kind, ParentList
from app.export.pages import MalformedPage, parse_page
from app.export.records import read_records
from app.net.http import HttpSession


@dataclass(frozen=True)
class Parent:
    id: int
    count: int | None  # the records its list holds, as the parent record says


def parent_list(kind: Kind) -> ParentList:
    if kind.parent is None:
        raise ValueError(f"{kind.key} is listed whole, not one parent at a time")
    return kind.parent


def parents_from_file(path: Path, parent: ParentList) -> list[Parent]:
    """The parents in an exported records file (JSON Lines), in id order."""
    found = [
        _parent(record, parent) for record in read_records(path) if isinstance(record, Mapping)
    ]
    return sorted((p for p in found if p is not None), key=lambda p: p.id)


def parents_from_service(
    http: HttpSession, control: ExportControl, parent_kind: Kind, parent: ParentList, size: int
) -> list[Parent]:
    """The parents as the service lists them: ids and counts only, in id order."""
    params = {"fields": f"id,{parent.count_field}", "limit": size, "order": "id(asc)"}
    found: list[Parent] = []
    for page in http.get_paged(
        f"/api/v4/{parent_kind.endpoint}.json",
        {**params, **dict(parent_kind.params)},
        cancel=control,
    ):
        try:
            data, _ = parse_page(page)
        except MalformedPage as exc:
            raise BadResponse(detail=exc.detail) from None
        found.extend(p for p in (_parent(r, parent) for r in data if isinstance(r, Mapping)) if p)
    return sorted(found, key=lambda p: p.id)


def _parent(record: Mapping[str, Any], parent: ParentList) -> Parent | None:
    record_id, count = record.get("id"), record.get(parent.count_field)
    if isinstance(record_id, bool) or not isinstance(record_id, int):
        return None
    return Parent(record_id, count if isinstance(count, int) else None)


def expected_records(parents: list[Parent]) -> int | None:
    """What the parents say their lists hold together (None when one does not say)."""
    counts = [p.count for p in parents]
    return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)


def first_url(kind: Kind, query: Mapping[str, Any], parent_id: int) -> str:
    """The first page of one parent's list, its query in the URL (so that a resumed export
    finds it in the journal like any next page)."""
    params = {**query, parent_list(kind).param: parent_id}
    return f"/api/v4/{kind.endpoint}.json?{urlencode(params, safe=',(){}[]')}"


def _position(kind: Kind, url: str, parents: list[Parent]) -> int | None:
    """Where the parent that `url` lists stands in `parents` (in id order: a binary search, as
    this is asked for every page of a list that may have thousands of parents)."""
    named = dict(parse_qsl(urlsplit(url).query)).get(parent_list(kind).param, "")
    try:
        wanted = int(named)
    except ValueError:
        return None
    at = bisect_left(parents, wanted, key=lambda p: p.id)
    return at if at < len(parents) and parents[at].id == wanted else None


def parent_of(kind: Kind, url: str, parents: list[Parent]) -> Parent | None:
    """The parent whose list `url` is a page of."""
    at = _position(kind, url, parents)
    return None if at is None else parents[at]


def following_url(
    kind: Kind, query: Mapping[str, Any], url: str, parents: list[Parent]
) -> str | None:
    """The first page of the parent after the one `url` lists (None after the last)."""
    at = _position(kind, url, parents)
    if at is None or at + 1 >= len(parents):
        return None
    return first_url(kind, query, parents[at + 1].id)


def upcoming_urls(
    kind: Kind, query: Mapping[str, Any], url: str, parents: list[Parent]
) -> Iterator[str]:
    """The first page of each parent after the one `url` lists, in order."""
    at = _position(kind, url, parents)
    if at is None:
        return
    for parent in parents[at + 1 :]:
        yield first_url(kind, query, parent.id)


def each_parent_query(
    kind: Kind, parents: list[Parent], query: Mapping[str, Any]
) -> Iterator[dict[str, Any]]:
    """The query of each parent's list, with the parent named."""
    for parent in parents:
        yield {**query, parent_list(kind).param: parent.id}
