"""SQLite storage (WAL) in the data dir. Each server module owns its own tables and registers
their DDL here; document contents live as files beside the database."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

_SCHEMAS: list[str] = [
    """
    CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """
]


def register_schema(ddl: str) -> None:
    """Modules call this at import time with their CREATE TABLE IF NOT EXISTS statements."""
    if ddl not in _SCHEMAS:
        _SCHEMAS.append(ddl)


class Database:
    """One connection per thread onto the same file."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / "backend.sqlite3"
        self.files_dir = data_dir / "files"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        con = self.connect()
        con.execute("PRAGMA journal_mode=WAL")
        for ddl in _SCHEMAS:
            con.executescript(ddl)
        con.commit()

    def connect(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            self._local.con = con
        return con

    def transaction(self, work: Callable[[sqlite3.Connection], object]) -> object:
        con = self.connect()
        with con:
            return work(con)

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.connect().execute("SELECT value FROM server_meta WHERE key=?", (key,)).fetchone()
        return row["value"] if row else default

    def set_meta(self, key: str, value: str) -> None:
        con = self.connect()
        with con:
            con.execute(
                "INSERT INTO server_meta(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )
