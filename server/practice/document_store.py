"""Reading the stored documents: their files and older versions, and the folder tree they are
in."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from server.practice.records import get_record
from server.state import ServerState


@dataclass(frozen=True)
class DocumentFile:
    document_id: int
    folder_id: int
    name: str  # as stored: may be hostile
    path: Path
    size: int
    sha256: str
    content_type: str


def document_file(state: ServerState, document_id: int) -> DocumentFile | None:
    row = (
        state.db.connect()
        .execute(
            "SELECT document_id, folder_id, name, path, size, sha256, content_type"
            " FROM practice_files WHERE document_id = ?",
            (document_id,),
        )
        .fetchone()
    )
    return _document_file(state, row) if row else None


def older_versions(state: ServerState, document_id: int) -> list[dict[str, Any]]:
    """The DocumentVersion records of a document before its latest, oldest first."""
    rows = (
        state.db.connect()
        .execute(
            "SELECT body FROM practice_document_versions WHERE document_id = ?"
            " ORDER BY version_number",
            (document_id,),
        )
        .fetchall()
    )
    return [orjson.loads(row[0]) for row in rows]


def version_file_by_id(state: ServerState, version_id: int) -> DocumentFile | None:
    """The bytes of one earlier version of a document, or None when there is no such one."""
    row = (
        state.db.connect()
        .execute(
            "SELECT document_id, path, sha256, body FROM practice_document_versions WHERE id = ?",
            (version_id,),
        )
        .fetchone()
    )
    if row is None:
        return None
    current = document_file(state, row[0])
    if current is None:
        return None
    body = orjson.loads(row[3])
    return DocumentFile(
        document_id=row[0],
        folder_id=current.folder_id,
        name=str(body.get("filename") or current.name),
        path=state.db.files_dir / row[1],
        size=int(body.get("size") or 0),
        sha256=row[2],
        content_type=str(body.get("content_type") or current.content_type),
    )


def template_file_name(template_id: int) -> str:
    """A document template's file under the server's files folder."""
    return f"template-{template_id}.bin"


def template_file(state: ServerState, template_id: int) -> DocumentFile | None:
    """A document template's file (None when there is no such template or file)."""
    record = get_record(state, "document_templates", template_id)
    path = state.db.files_dir / template_file_name(template_id)
    if record is None or not path.is_file():
        return None
    body = orjson.loads(record.body)
    content = path.read_bytes()  # small: a template is a letter or a form
    return DocumentFile(
        document_id=template_id,
        folder_id=0,
        name=str(body.get("filename") or f"template-{template_id}"),
        path=path,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=str(body.get("content_type") or "application/octet-stream"),
    )


def is_latest_version(state: ServerState, document_id: int, version_id: int) -> bool:
    record = get_record(state, "documents", document_id)
    latest = orjson.loads(record.body).get("latest_document_version") if record else None
    return isinstance(latest, dict) and latest.get("id") == version_id


def _document_file(state: ServerState, row: sqlite3.Row) -> DocumentFile:
    return DocumentFile(
        document_id=row[0],
        folder_id=row[1],
        name=row[2],
        path=state.db.files_dir / row[3],
        size=row[4],
        sha256=row[5],
        content_type=row[6],
    )


def folder_exists(state: ServerState, folder_id: int) -> bool:
    con = state.db.connect()
    return (
        con.execute("SELECT 1 FROM practice_folder_tree WHERE id = ?", (folder_id,)).fetchone()
        is not None
    )


def folder_paths(state: ServerState) -> dict[int, str]:
    """Each folder's path from the root folder (the root itself is ""), names as stored."""
    rows = (
        state.db.connect()
        .execute("SELECT id, parent_id, name FROM practice_folder_tree")
        .fetchall()
    )
    parents: dict[int, tuple[int | None, str]] = {r[0]: (r[1], r[2]) for r in rows}
    paths: dict[int, str] = {}
    for folder_id in parents:
        chain: list[int] = []
        current: int | None = folder_id
        # walk up to a folder whose path is known (or the root); the length check stops a cycle
        while current is not None and current not in paths and len(chain) <= len(parents):
            chain.append(current)
            current = parents.get(current, (None, ""))[0]
        for fid in reversed(chain):
            parent_id, name = parents[fid]
            if parent_id is None:
                paths[fid] = ""
            else:
                prefix = paths.get(parent_id, "")
                paths[fid] = f"{prefix}/{name}" if prefix else name
    return paths


def documents_in_folders(state: ServerState, folder_ids: Iterable[int]) -> list[DocumentFile]:
    """The documents in these folders and in all folders below them."""
    con = state.db.connect()
    children: dict[int, list[int]] = {}
    for fid, parent in con.execute("SELECT id, parent_id FROM practice_folder_tree"):
        if parent is not None:
            children.setdefault(parent, []).append(fid)
    todo = list(folder_ids)
    seen: set[int] = set()
    while todo:
        fid = todo.pop()
        if fid not in seen:
            seen.add(fid)
            todo.extend(children.get(fid, ()))
    found: list[DocumentFile] = []
    for fid in sorted(seen):
        rows = con.execute(
            "SELECT document_id, folder_id, name, path, size, sha256, content_type"
            " FROM practice_files WHERE folder_id = ? ORDER BY document_id",
            (fid,),
        ).fetchall()
        found.extend(_document_file(state, row) for row in rows)
    return found
