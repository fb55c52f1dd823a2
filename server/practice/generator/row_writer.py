"""Writing generated rows in batches, inside the transaction of the seeding."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from server.practice.tables import table_name


class RowWriter:
    """Buffers rows per table and writes them with executemany inside the caller's transaction."""

    BATCH = 5000

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.totals: dict[str, int] = {}

    def record(
        self, kind: str, body: dict[str, Any], sub: str | None = None, etag: str | None = None
    ) -> None:
        """One record; `etag` for a kind published without one in its body. A kind published
        without updated_at (payment links) is indexed by its created_at."""
        row = (
            int(body["id"]),
            sub,
            body.get("updated_at") or body["created_at"],
            etag or body["etag"],
            orjson.dumps(body).decode(),
        )
        self._add(kind, row)

    def _add(self, table: str, row: tuple[Any, ...]) -> None:
        batch = self.rows.setdefault(table, [])
        batch.append(row)
        if len(batch) >= self.BATCH:
            self._flush(table)

    def folder(self, folder_id: int, parent_id: int | None, name: str) -> None:
        self._add("@folders", (folder_id, parent_id, name))

    def file(self, row: tuple[Any, ...]) -> None:
        self._add("@files", row)

    def version(self, row: tuple[Any, ...]) -> None:
        self._add("@versions", row)

    def _flush(self, table: str) -> None:
        batch = self.rows.get(table)
        if not batch:
            return
        if table == "@folders":
            sql = "INSERT INTO practice_folder_tree(id, parent_id, name) VALUES (?, ?, ?)"
        elif table == "@files":
            sql = (
                "INSERT INTO practice_files(document_id, folder_id, name, path, size, sha256,"
                " content_type) VALUES (?, ?, ?, ?, ?, ?, ?)"
            )
        elif table == "@versions":
            sql = (
                "INSERT INTO practice_document_versions(id, document_id, version_number, path,"
                " sha256, body) VALUES (?, ?, ?, ?, ?, ?)"
            )
        else:
            sql = (
                f"INSERT INTO {table_name(table)}(id, sub, updated_at, etag, body)"  # noqa: S608
                " VALUES (?, ?, ?, ?, ?)"
            )
        self.con.executemany(sql, batch)
        self.totals[table] = self.totals.get(table, 0) + len(batch)
        batch.clear()

    def close(self) -> None:
        for table in list(self.rows):
            self._flush(table)
