"""The rows of `index.html`, made while the records are written.

index.html embeds a few fields of every record of every kind (a row each, see `record_row`).
Reading them back from the JSON Lines files at the end of a big export decodes every record a
second time (most of the export's last second at 200,000 records), so each page's rows are
made with its files
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
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from app.export.kinds import ALL_KINDS, KINDS_BY_KEY
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


# Every row has the same columns, whatever its kind, so the page shows any kind (also one it
# does not know yet) the same way and links it to its matters and contacts:
#   [id, label, detail, date, status, amount, matter ids, contact ids, extra]
# `extra` is a matter's client name, a contact's phone number, or a document's local path.
LABEL_FIELDS = (
    "display_number",
    "name",
    "subject",
    "summary",
    "title",
    "number",
    "description",
    "note",
    "type",
)
DETAIL_FIELDS = ("description", "detail", "note", "body", "primary_email_address", "email")
DATE_FIELDS = (
    "date",
    "start_at",
    "due_at",
    "issued_at",
    "open_date",
    "received_at",
    "created_at",
)
STATUS_FIELDS = ("status", "state", "type")
AMOUNT_FIELDS = ("total", "amount", "balance", "price")
#: Fields holding one related contact (a client, a vendor, a company) or a matter.
_CONTACT_FIELDS = ("contact", "client", "vendor", "company")
#: Fields holding lists of people, of whom those of type "Contact" are contacts.
_PEOPLE_LISTS = ("senders", "receivers", "attendees", "participants")
#: Long texts shown in the page up to `_MAX_TEXT` characters.
_LONG_TEXT = ("detail", "body", "note")


def _given(value: Any) -> bool:
    """Whether a field says something (not missing, null, empty text or empty list)."""
    return value is not None and value != "" and value != [] and value != {}


def _first_name(r: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = r.get(name)
        if value is not None and _given(value):
            return name
    return None


def _shown(value: Any, limit: int = 300) -> Any:
    """A value as the page shows it: numbers as they are, text cut to ``limit``, anything else
    as JSON text."""
    kind = type(value)
    if value is None or kind is int or kind is float:
        return value
    if kind is str:
        return value[:limit]
    return text(value, limit)


def _add_id(found: list[Any], value: Any) -> None:
    if type(value) is dict:
        value = value.get("id")
    if value is not None and value is not True and value is not False and value not in found:
        found.append(value)


def _matter_ids(r: Mapping[str, Any]) -> list[Any]:
    found: list[Any] = []
    _add_id(found, r.get("matter"))
    _add_id(found, r.get("matter_id"))
    listed = r.get("matters")
    if type(listed) is list:
        for matter in listed:
            _add_id(found, matter)
    return found


def _contact_ids(r: Mapping[str, Any]) -> list[Any]:
    found: list[Any] = []
    for name in _CONTACT_FIELDS:
        _add_id(found, r.get(name))
    _add_id(found, r.get("contact_id"))
    for name in _PEOPLE_LISTS:
        people = r.get(name)
        if type(people) is list:
            for person in people:
                if type(person) is dict and person.get("type") == "Contact":
                    _add_id(found, person)
    return found


def _ids(values: Iterable[Any]) -> list[Any]:
    found: list[Any] = []
    for value in values:
        _add_id(found, value)
    return found


def row_maker(fields: Iterable[str] | None = None) -> Callable[[Mapping[str, Any]], list[Any]]:
    """How a record becomes its row, looking only at the ``fields`` its kind asks for (None:
    any field): every record of a big kind goes through it."""
    names = None if fields is None else set(fields)

    def among(candidates: tuple[str, ...]) -> tuple[str, ...]:
        return candidates if names is None else tuple(f for f in candidates if f in names)

    labels = among(LABEL_FIELDS)
    details = {f: among(tuple(d for d in DETAIL_FIELDS if d != f)) for f in LABEL_FIELDS}
    statuses = {f: among(tuple(d for d in STATUS_FIELDS if d != f)) for f in LABEL_FIELDS}
    all_details, all_statuses = among(DETAIL_FIELDS), among(STATUS_FIELDS)
    dates, amounts = among(DATE_FIELDS), among(AMOUNT_FIELDS)

    def row(r: Mapping[str, Any]) -> list[Any]:
        label = _first_name(r, labels)
        if label is None:
            detail = _first_name(r, all_details)
            status = _first_name(r, all_statuses)
        else:
            detail = _first_name(r, details[label])
            status = _first_name(r, statuses[label])
        date = _first_name(r, dates)
        amount = _first_name(r, amounts)
        return [
            r.get("id"),
            _shown(r.get(label)) if label else None,
            _shown(r.get(detail), _MAX_TEXT if detail in _LONG_TEXT else 300) if detail else None,
            _shown(r.get(date)) if date else None,
            _shown(r.get(status)) if status else None,
            _shown(r.get(amount)) if amount else None,
            _matter_ids(r),
            _contact_ids(r),
            None,
        ]

    return row


#: The row of a record of any kind.
record_row = row_maker()


def matter_row(r: Mapping[str, Any]) -> list[Any]:
    return [
        r.get("id"),
        text(r.get("display_number")),
        text(r.get("description")),
        text(r.get("open_date")),
        text(r.get("status")),
        None,
        [],
        _ids([id_of(r.get("client")), r.get("client_id")]),
        text(_name_of(r.get("client"))),
    ]


def contact_row(r: Mapping[str, Any]) -> list[Any]:
    return [
        r.get("id"),
        text(r.get("name")),
        text(r.get("primary_email_address")),
        None,
        text(r.get("type")),
        None,
        [],
        _ids([id_of(r.get("company"))]),
        text(r.get("primary_phone_number")),
    ]


def note_row(r: Mapping[str, Any]) -> list[Any]:
    return [
        r.get("id"),
        text(r.get("subject")),
        text(r.get("detail"), _MAX_TEXT),
        text(r.get("date")),
        None,
        None,
        _ids([id_of(r.get("matter"))]),
        _ids([id_of(r.get("contact"))]),
        None,
    ]


def document_row(
    r: Mapping[str, Any], path: str | None, versions: Iterable[tuple[int, str]] = ()
) -> list[Any]:
    """A document's row, with where its file is in the export (None: not exported) and, as a
    tenth column, its earlier versions' files: [version number, path], oldest first."""
    row = record_row(r)
    row[1] = text(r.get("name"))
    row[8] = path
    row.append([[number, where] for number, where in sorted(versions)])
    return row


#: Kinds with rows of their own; every other kind's rows are `record_row`. Documents are not
#: made ahead: their rows need the local paths, known only at the end.
_SPECIAL_ROWS: dict[str, Callable[[Mapping[str, Any]], list[Any]]] = {
    "matters": matter_row,
    "contacts": contact_row,
    "matter_notes": note_row,
    "contact_notes": note_row,
}


@cache
def project(kind_key: str) -> Callable[[Mapping[str, Any]], list[Any]]:
    """How a record of that kind becomes its row in index.html."""
    if kind_key in _SPECIAL_ROWS:
        return _SPECIAL_ROWS[kind_key]
    kind = KINDS_BY_KEY.get(kind_key)
    return row_maker(f.name for f in kind.fields) if kind is not None else record_row


def _rows_made_ahead(key: str) -> bool:
    return key != "documents"


#: The kinds whose rows are made while their records are written (every kind of the export but
#: documents; a kind added later gets them too, see `row_lines`).
ROW_KINDS: dict[str, Callable[[Mapping[str, Any]], list[Any]]] = {
    kind.key: project(kind.key) for kind in ALL_KINDS if _rows_made_ahead(kind.key)
}


def row_lines(kind_key: str, records: Iterable[Any]) -> bytes:
    """The kind's index rows for ``records`` (objects only), one line each; b"" for a kind
    whose rows are not made ahead. The same bytes as `json_for_html` line by line, escaped
    once for the whole page."""
    if not _rows_made_ahead(kind_key):
        return b""
    row = project(kind_key)
    lines: list[bytes] = []
    for record in records:
        if isinstance(record, Mapping):
            value = row(record)
            try:
                lines.append(orjson.dumps(value))
            except (orjson.JSONEncodeError, TypeError):  # as in json_for_html
                lines.append(json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode())
    if not lines:
        return b""
    lines.append(b"")
    return (
        b"\n".join(lines)
        .replace(b"&", b"\\u0026")
        .replace(b"<", b"\\u003c")
        .replace(b">", b"\\u003e")
        .replace("\u2028".encode(), b"\\u2028")
        .replace("\u2029".encode(), b"\\u2029")
    )


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
        if from_start and _rows_made_ahead(kind_key):
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
