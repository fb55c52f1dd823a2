"""The practice data's tables: one per kind, plus the folder tree, the document files and the
older document versions.

Each record is stored once as the JSON text of all its fields (nested objects included) beside
the few columns that are filtered or sorted on, so a page is one indexed range scan.
"""

from __future__ import annotations

from server.db import register_schema
from server.practice.kinds import KINDS

_TABLE_DDL = "\n".join(
    f"""
    CREATE TABLE IF NOT EXISTS practice_{spec.table} (
        id INTEGER PRIMARY KEY,
        sub TEXT,
        updated_at TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS practice_{spec.table}_updated
        ON practice_{spec.table}(updated_at);
    """
    for spec in KINDS.values()
)

register_schema(
    _TABLE_DDL
    + """
    CREATE TABLE IF NOT EXISTS practice_folder_tree (
        id INTEGER PRIMARY KEY,
        parent_id INTEGER,
        name TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS practice_files (
        document_id INTEGER PRIMARY KEY,
        folder_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content_type TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS practice_files_folder ON practice_files(folder_id);
    CREATE TABLE IF NOT EXISTS practice_document_versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL,
        version_number INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS practice_document_versions_document
        ON practice_document_versions(document_id, version_number);
    """
)


def table_name(kind: str) -> str:
    if kind not in KINDS:  # table names come only from this fixed list
        raise KeyError(kind)
    return f"practice_{KINDS[kind].table}"
