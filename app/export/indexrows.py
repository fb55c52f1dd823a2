"""The rows of `index.html`, made while the records are written.

index.html embeds a few fields of every matter, contact and note. Reading them back from the
JSON Lines files at the end of a big export decodes every record a second time (most of the
export's last second at 200,000 records), so each page's rows are made with its files
(`pages.page_files`, where the page is decoded anyway) and kept in a rows file beside the
journal. index.html takes a kind's rows file only while a seal says it belongs to the kind's
JSON Lines file as it is now (same size, modification time and file); a kind resumed mid-way,
brought up to date or changed in any other way is read from its JSON Lines file, as before.
Either way the page is the same, byte for byte.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from app.export.naming import make_dirs_below
from app.export.safefiles import create_file, create_text, remove_file

ROWS_DIR = "index-rows"
_MAX_TEXT = 2000  # note bodies are cut in the page (the full text is in the records files)


def json_for_html(value: Any) -> str:
    """Compact JSON that is safe inside a `<script>` block: `<`, `>`, `&` and the two JSON
    line separators escaped. Never holds a raw line end (JSON escapes them in strings)."""
    try:
        text = orjson.dumps(value).decode()  # the same compact JSON, several times faster
    except (orjson.JSONEncodeError, TypeError):  # integers beyond 64 bits, lone surrogates
        # All of it as ASCII: a lone surrogate cannot be written as UTF-8, its escape can.
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def id_of(value: Any) -> Any:
    return value.get("id") if isinstance(value, Mapping) else None


def _name_of(value: Any, key: str = "name") -> Any:
    return value.get(key) if isinstance(value, Mapping) else None


def text(value: Any, limit: int = 300) -> str | None:
    if value is None:
        return None
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown[:limit]


def matter_row(r: Mapping[str, Any]) -> list[Any]:
    return [
        r.get("id"),
        text(r.get("display_number")),
        text(r.get("description")),
        text(r.get("status")),
        id_of(r.get("client")),
        text(_name_of(r.get("client"))),
    ]


def contact_row(r: Mapping[str, Any]) -> list[Any]:
    return [
        r.get("id"),
        text(r.get("name")),
        text(r.get("type")),
        text(r.get("primary_email_address")),
        text(r.get("primary_phone_number")),
    ]


def note_row(r: Mapping[str, Any]) -> list[Any]:
    return [
        r.get("id"),
        text(r.get("subject")),
        text(r.get("detail"), _MAX_TEXT),
        text(r.get("date")),
        id_of(r.get("matter")),
        id_of(r.get("contact")),
    ]


#: The kinds index.html shows, and the row each record becomes there.
ROW_KINDS: dict[str, Callable[[Mapping[str, Any]], list[Any]]] = {
    "matters": matter_row,
    "contacts": contact_row,
    "matter_notes": note_row,
    "contact_notes": note_row,
}


def row_lines(kind_key: str, records: Iterable[Any]) -> bytes:
    """The kind's index rows for ``records`` (objects only), one line each; b"" for a kind
    index.html does not show."""
    project = ROW_KINDS.get(kind_key)
    if project is None:
        return b""
    lines = [json_for_html(project(r)) + "\n" for r in records if isinstance(r, Mapping)]
    return "".join(lines).encode()


def _rows_dir(root: Path) -> Path:
    # Imported here: the page workers import this module for `row_lines`, and the journal's
    # sqlite3 would cost each of them 1.7 MB for nothing.
    from app.export.journal import STATE_DIR

    return root / STATE_DIR / ROWS_DIR


def rows_path(root: Path, kind_key: str) -> Path:
    return _rows_dir(root) / f"{kind_key}.rows"


def _seal_path(root: Path, kind_key: str) -> Path:
    return _rows_dir(root) / f"{kind_key}.seal"


def _identity(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


class RowsFile:
    """One kind's rows, appended page by page from the kind's first page on; `seal` when the
    kind's files are complete and durable."""

    def __init__(self, root: Path, kind_key: str, *, from_start: bool) -> None:
        """``from_start``: the kind's files start empty now. Otherwise rows of the pages
        before are not here, so this kind gets none (index.html reads its records file)."""
        self._root = root
        self._key = kind_key
        self._handle: BinaryIO | None = None
        forget(root, kind_key)
        if from_start and kind_key in ROW_KINDS:
            path = rows_path(root, kind_key)
            make_dirs_below(root, path.parent)
            self._handle = create_file(path)

    def write(self, rows: bytes) -> None:
        if self._handle is not None:
            self._handle.write(rows)

    def seal(self, jsonl: Path) -> None:
        """The kind is complete: from now on its rows stand for ``jsonl`` as it is now."""
        if self._handle is None:
            return
        self._handle.flush()
        os.fsync(self._handle.fileno())
        seal = {"jsonl": _identity(jsonl), "rows": self._handle.tell()}
        self.close()
        with create_text(_seal_path(self._root, self._key)) as handle:
            handle.write(json.dumps(seal))

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def forget(root: Path, kind_key: str) -> None:
    """Drop a kind's rows (its records file is about to change)."""
    for path in (_seal_path(root, kind_key), rows_path(root, kind_key)):
        remove_file(path)


def sealed_rows(root: Path, kind_key: str, jsonl: Path) -> Path | None:
    """The kind's rows file when its seal matches ``jsonl`` as it is now, else None."""
    try:
        seal = json.loads(_seal_path(root, kind_key).read_text(encoding="utf-8"))
        rows = rows_path(root, kind_key)
        if seal == {"jsonl": _identity(jsonl), "rows": rows.stat().st_size}:
            return rows
    except (OSError, ValueError):
        pass
    return None
