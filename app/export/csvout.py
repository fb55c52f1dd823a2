"""Records as CSV for spreadsheet programs, and as JSON Lines with the exact values.

CSV: UTF-8 with a byte-order mark (so Excel reads accents right), columns from the kind's field
list (nested objects as dotted columns, lists as JSON text), and text cells that a spreadsheet
would run as a formula neutralised with a leading single quote. JSON Lines keeps every value as
the server sent it. Both are produced as bytes one record at a time, so the engine can stream
pages to disk and remember byte offsets for a clean resume.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

BOM = "\ufeff".encode()
#: A text cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
#: and Google Sheets: CSV injection.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a single quote to text that a spreadsheet would evaluate."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        # A number (even a negative one) is a value, not a formula: keep it numeric.
        return json.dumps(value)
    if isinstance(value, str):
        return neutralise(value)
    # Lists and objects without a column layout: JSON text (starts with [ or {, never a formula).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def flatten(record: Mapping[str, Any], columns: Sequence[str]) -> list[str]:
    """One CSV row for ``record``: ``a.b`` columns read nested objects, others the value itself."""
    row: list[str] = []
    for column in columns:
        value: Any = record
        for part in column.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        row.append(_cell(value))
    return row


def _csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    # QUOTE_MINIMAL with \r\n line ends, as RFC 4180 and spreadsheet programs expect.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_header(columns: Sequence[str]) -> bytes:
    """The start of a CSV file: byte-order mark and the header row."""
    return BOM + _csv_bytes([list(columns)])


def csv_rows(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """CSV rows (no header) for a page of records."""
    return _csv_bytes(flatten(record, columns) for record in records)


def jsonl_lines(records: Iterable[Any]) -> bytes:
    """One JSON document per line, values exactly as received (UTF-8, no ASCII escaping)."""
    return b"".join(
        json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        for record in records
    )
