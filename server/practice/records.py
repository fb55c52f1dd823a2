"""Reading records of a kind: counting, the two ways of paging (after an id, at an offset),
one record by id, and every record for reports."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from server.practice.tables import table_name
from server.state import ServerState


@dataclass(frozen=True)
class StoredRecord:
    id: int
    etag: str
    body: str  # JSON text of every field


@dataclass(frozen=True)
class Filters:
    sub: str | None = None  # notes: "Matter" or "Contact"
    updated_since: str | None = None  # the stored updated_at format
    # further conditions (SQL over the row's id and body, and their arguments): the published
    # filters of server.published_filters
    clauses: tuple[tuple[str, tuple[Any, ...]], ...] = ()


def _where(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if filters.sub is not None:
        clauses.append("sub = ?")
        args.append(filters.sub)
    if filters.updated_since is not None:
        clauses.append("updated_at >= ?")
        args.append(filters.updated_since)
    for clause, clause_args in filters.clauses:
        clauses.append(f"({clause})")
        args.extend(clause_args)
    return "".join(f" AND {c}" for c in clauses), args


# Counts do not change while the server runs (practice data is read-only through the API), so
# they are computed once per filter; `meta.records` is then free on every page.
_count_cache: dict[tuple[str, str, str, Filters], int] = {}
_count_lock = threading.Lock()
MAX_CACHED_COUNTS = 4096


def count_records(state: ServerState, kind: str, filters: Filters) -> int:
    key = (str(state.db.path), state.db.get_meta("seed") or "", kind, filters)
    with _count_lock:
        if key in _count_cache:
            return _count_cache[key]
    where, args = _where(filters)
    sql = f"SELECT COUNT(*) FROM {table_name(kind)} WHERE 1=1{where}"  # noqa: S608 - fixed names
    total = int(state.db.connect().execute(sql, args).fetchone()[0])
    with _count_lock:
        if len(_count_cache) > MAX_CACHED_COUNTS:  # filters come from requests: keep it bounded
            _count_cache.clear()
        _count_cache[key] = total
    return total


def page_after(
    state: ServerState, kind: str, after_id: int, limit: int, filters: Filters
) -> list[StoredRecord]:
    """Cursor paging: the next `limit` records with an id above `after_id`, in id order."""
    where, args = _where(filters)
    sql = (
        f"SELECT id, etag, body FROM {table_name(kind)} WHERE id > ?{where}"  # noqa: S608
        " ORDER BY id LIMIT ?"
    )
    rows = state.db.connect().execute(sql, [after_id, *args, limit]).fetchall()
    return [StoredRecord(r[0], r[1], r[2]) for r in rows]


def page_at(
    state: ServerState,
    kind: str,
    offset: int,
    limit: int,
    descending: bool,
    filters: Filters,
    order_path: str | None = None,
) -> list[StoredRecord]:
    """Offset paging (what Clio does when no cursor order is asked for), by id or by the value
    at a JSON path of the record (then by id, so that pages never overlap)."""
    where, args = _where(filters)
    direction = "DESC" if descending else "ASC"
    order_args: list[Any] = []
    order = f"id {direction}"
    if order_path is not None:
        order = f"json_extract(body, ?) {direction}, id {direction}"
        order_args.append(order_path)
    sql = (
        f"SELECT id, etag, body FROM {table_name(kind)} WHERE 1=1{where}"  # noqa: S608
        f" ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = state.db.connect().execute(sql, [*args, *order_args, limit, offset]).fetchall()
    return [StoredRecord(r[0], r[1], r[2]) for r in rows]


def get_record(state: ServerState, kind: str, record_id: int) -> StoredRecord | None:
    sql = f"SELECT id, etag, body FROM {table_name(kind)} WHERE id = ?"  # noqa: S608
    row = state.db.connect().execute(sql, (record_id,)).fetchone()
    return StoredRecord(row[0], row[1], row[2]) if row else None


def iter_bodies(state: ServerState, kind: str) -> Iterator[dict[str, Any]]:
    """Every record of a kind as a dict, in id order (for reports)."""
    sql = f"SELECT body FROM {table_name(kind)} ORDER BY id"  # noqa: S608
    for (body,) in state.db.connect().execute(sql):
        yield orjson.loads(body)
