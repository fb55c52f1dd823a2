"""Records as CSV for spreadsheet programs, and as JSON Lines with the exact values.

CSV: UTF-8 with a byte-order mark (so Excel reads accents right), columns from the kind's field
list (nested objects as dotted columns, lists as JSON text), and text cells that a spreadsheet
would run as a formula neutralised with a leading single quote. JSON Lines keeps every value as
the server sent it. Both are produced as bytes one record at a time, so the engine can stream
pages to disk and remember byte offsets for a clean resume.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

BOM = "\ufeff".encode()
#: A text cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice
#: and Google Sheets: CSV injection.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a single quote to text that a spreadsheet would evaluate."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _cell(value: Any) -> str:
    # Exact-type checks first: this runs for every cell of every record (millions in a big
    # export), and isinstance against the ABCs is several times slower.
    kind = type(value)
    if kind is str:
        text: str = value
        return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
    if value is None:
        return ""
    if kind is int:
        return int.__repr__(value)  # what json.dumps writes for an int
    if kind is float and math.isfinite(value):
        return float.__repr__(value)  # likewise (json.dumps spells NaN and Infinity its way)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        # A number (even a negative one) is a value, not a formula: keep it numeric.
        return json.dumps(value)
    if isinstance(value, str):
        return neutralise(value)
    # Lists and objects without a column layout: JSON text (starts with [ or {, never a formula).
    try:
        return orjson.dumps(value).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_Plan = tuple[tuple[str, tuple[str, ...]], ...]


@functools.lru_cache(maxsize=128)
def _paths(columns: tuple[str, ...]) -> _Plan:
    """Each column as (top-level key, keys below it)."""
    plan = []
    for column in columns:
        first, *rest = column.split(".")
        plan.append((first, tuple(rest)))
    return tuple(plan)


def flatten(record: Mapping[str, Any], columns: Sequence[str]) -> list[str]:
    """One CSV row for ``record``: ``a.b`` columns read nested objects, others the value itself."""
    return _flatten(record, _paths(tuple(columns)))


def _flatten(record: Mapping[str, Any], paths: _Plan) -> list[str]:
    row: list[str] = []
    append = row.append
    cell = _cell
    get = record.get
    for first, rest in paths:
        value: Any = get(first)
        for part in rest:
            if type(value) is dict:
                value = value.get(part)
            elif value is not None and isinstance(value, Mapping):
                value = value.get(part)
            else:
                value = None
                break
        append(cell(value))
    return row


def _csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    # QUOTE_MINIMAL with \r\n line ends, as RFC 4180 and spreadsheet programs expect.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    # A lone surrogate cannot be UTF-8: the CSV (a view for spreadsheets) shows it escaped.
    return buffer.getvalue().encode("utf-8", errors="backslashreplace")


def csv_header(columns: Sequence[str]) -> bytes:
    """The start of a CSV file: byte-order mark and the header row."""
    return BOM + _csv_bytes([list(columns)])


def csv_rows(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """CSV rows (no header) for a page of records."""
    paths = _paths(tuple(columns))
    return _csv_bytes(_flatten(record, paths) for record in records)


def jsonl_lines(records: Iterable[Any]) -> bytes:
    """One JSON document per line, values exactly as received (UTF-8, no ASCII escaping)."""
    try:
        # orjson writes the same compact UTF-8 JSON, many times faster.
        return b"".join([orjson.dumps(record) + b"\n" for record in records])
    except (orjson.JSONEncodeError, TypeError):
        # Integers beyond 64 bits or text orjson refuses: the standard library writes them.
        return b"".join(_jsonl_line(record) for record in records)


def _jsonl_line(record: Any) -> bytes:
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode() + b"\n"
    except UnicodeEncodeError:
        # A lone surrogate (valid in JSON text, not in UTF-8): escape it, as JSON allows, so the
        # line still reads back as exactly the value received.
        return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode() + b"\n"
