"""Asking the service how many records of a kind there are, and listing a kind's records
whole (for the update of a finished export)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.errors import BadResponse
from app.export.control import ExportControl
from app.export.kinds import Kind, kind_by_key
from app.export.pages import MalformedPage, page_total, parse_page
from app.export.parent_lists import (
    Parent,
    each_parent_query,
    expected_records,
    parent_list,
    parents_from_service,
)
from app.net.http import HttpSession

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KindLister:
    """Reads kinds' lists over one connection, one page size at a time: their counts and
    their records."""

    http: HttpSession
    control: ExportControl
    page_size: int

    def count(self, kind: Kind, extra: Mapping[str, Any] | None = None) -> int:
        """The server's count of this kind (`meta.records` of a one-record page). The
        published list schemas do not promise `meta.records`: where a server leaves it out,
        the records are counted by paging their ids (`count_by_paging`). A list given one
        parent at a time is counted from its parents' counts, or parent by parent when a
        filter narrows it."""
        if kind.parent is not None:
            parents = self.parents(kind)
            total = None if extra else expected_records(parents)
            if total is not None:
                return total
            return sum(
                self.count(_whole(kind), query)
                for query in each_parent_query(kind, parents, dict(extra or {}))
            )
        params = {"fields": "id", "limit": 1, **dict(extra or {}), **dict(kind.params)}
        answer = self.http.get_json(f"/api/v4/{kind.endpoint}.json", params, cancel=self.control)
        return self.count_of_page(kind, answer, extra)

    def count_of_page(self, kind: Kind, page: Any, extra: Mapping[str, Any] | None = None) -> int:
        """The count a list page of this kind gives (`meta.records`), else the records
        counted by paging their ids."""
        total = page_total(page)
        if total is not None:
            return total
        meta = page.get("meta") if isinstance(page, Mapping) else None
        if isinstance(meta, Mapping) and meta.get("records") is not None:
            log.warning("%s: meta.records is not a count; counting by paging", kind.key)
        return self.count_by_paging(kind, extra)

    def count_by_paging(self, kind: Kind, extra: Mapping[str, Any] | None = None) -> int:
        """The records of this kind counted one page of ids after another (each id once)."""
        if kind.parent is not None:
            return sum(
                self.count_by_paging(_whole(kind), query)
                for query in each_parent_query(kind, self.parents(kind), dict(extra or {}))
            )
        params = {
            "fields": "id",
            "limit": self.page_size,
            "order": "id(asc)",
            **dict(extra or {}),
            **dict(kind.params),
        }
        counted = 0
        for page in self.http.get_paged(
            f"/api/v4/{kind.endpoint}.json", params, cancel=self.control
        ):
            data, _ = checked_page(page)
            counted += sum(1 for record in data if isinstance(record, Mapping))
        return counted

    def list_records(self, kind: Kind, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Every record of the kind the query selects, all pages (every parent's)."""
        if kind.parent is not None:
            return [
                record
                for query in each_parent_query(kind, self.parents(kind), params)
                for record in self.list_records(_whole(kind), query)
            ]
        found: list[dict[str, Any]] = []
        query = {"limit": self.page_size, "order": "id(asc)", **params}
        for page in self.http.get_paged(
            f"/api/v4/{kind.endpoint}.json", {**query, **dict(kind.params)}, cancel=self.control
        ):
            data, _ = checked_page(page)
            found.extend(record for record in data if isinstance(record, dict))
        return found

    def parents(self, kind: Kind) -> list[Parent]:
        """The parent records of a list given one parent at a time, as the service lists
        them (ids and counts only)."""
        parent = parent_list(kind)
        return parents_from_service(
            self.http, self.control, kind_by_key(parent.kind), parent, self.page_size
        )


def _whole(kind: Kind) -> Kind:
    """The kind as one parent's list (its query then names the parent)."""
    return replace(kind, parent=None)


def checked_page(page: Any) -> tuple[list[Any], str | None]:
    """A list page's records and next page, or `BadResponse` when it is not one."""
    try:
        return parse_page(page)
    except MalformedPage as exc:
        raise BadResponse(detail=exc.detail) from None
