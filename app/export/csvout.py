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
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, BinaryIO

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


# What makes a cell need quotes (QUOTE_MINIMAL of the csv module with "\r\n" line ends).
_NEEDS_QUOTES = re.compile(r'[",\r\n]').search


def _quoted(cell: str) -> str:
    """``cell`` as a CSV field: in quotes (inner quotes doubled) where the text needs them."""
    return '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES(cell) is not None else cell


_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)


def _csv_cell(value: Any) -> str:
    """``_cell`` as a field of a CSV line, in one step for the common cases: text, nothing,
    numbers and true/false (these never need quotes). Runs for every cell of a big export."""
    kind = type(value)
    if kind is str:
        text: str = value
        if text[:1] in _TRIGGER_SET:
            text = "'" + text
        # Four substring tests (memchr) beat one regular expression on long text.
        if '"' in text:
            return '"' + text.replace('"', '""') + '"'
        if "," in text or "\n" in text or "\r" in text:
            return '"' + text + '"'
        return text
    if value is None:
        return ""
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float and math.isfinite(value):
        return float.__repr__(value)  # digits, sign, point, e: never quoted
    return _quoted(_cell(value))


_Row = Callable[[Mapping[str, Any]], Any]


def _as_mapping(value: Any) -> Mapping[str, Any]:
    """Where a nested object is expected: the object, or nothing to read from."""
    return value if isinstance(value, Mapping) else _NOTHING


_NOTHING: Mapping[str, Any] = MappingProxyType({})


@functools.lru_cache(maxsize=256)
def _row_function(columns: tuple[str, ...], line: bool = False) -> _Row:
    """A function that turns one record into the cells of ``columns``, written out for these
    columns: looking each one up in a loop costs several times more, and this runs for every
    record of a big export (it was most of the exporter's own time). ``a.b`` reads key ``b`` of
    the object under ``a`` (nothing when ``a`` is not an object); other columns the value.
    With ``line``, the function returns the CSV line itself (fields quoted where needed)."""
    lines = ["def row(record):", "    get = record.get"]
    names: dict[tuple[str, ...], str] = {}

    def holder(path: tuple[str, ...]) -> str:
        """The local variable holding the object at ``path`` (written on first use)."""
        if path in names:
            return names[path]
        name = f"o{len(names)}"
        parent = "get" if len(path) == 1 else f"{holder(path[:-1])}.get"
        lines.append(f"    {name} = {parent}({path[-1]!r})")
        lines.append(f"    {name} = {name} if type({name}) is dict else as_mapping({name})")
        names[path] = name
        return name

    cells = []
    for column in columns:
        *parents, last = column.split(".")
        reader = f"{holder(tuple(parents))}.get" if parents else "get"
        cells.append(f"cell({reader}({last!r}))")
    joined = "[" + ", ".join(cells) + "]"
    lines.append(f"    return {'separator.join(' + joined + ')' if line else joined}")
    scope: dict[str, Any] = {
        "cell": _csv_cell if line else _cell,
        "as_mapping": _as_mapping,
        "separator": ",",
    }
    # The code holds only our own column names, each as a string literal (repr): no input
    # from the server ever becomes code.
    source = "\n".join(lines)
    exec(compile(source, f"<csv row: {len(columns)} columns>", "exec"), scope)  # noqa: S102
    row: _Row = scope["row"]
    return row


def flatten(record: Mapping[str, Any], columns: Sequence[str]) -> list[str]:
    """One CSV row for ``record``: ``a.b`` columns read nested objects, others the value itself."""
    cells: list[str] = _row_function(tuple(columns))(record)
    return cells


def _csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    """Rows of cells as CSV text (see `csv_rows` for records)."""
    return _encode([_csv_line(row) for row in rows])


def _csv_line(row: Sequence[str]) -> str:
    if len(row) == 1:
        return _csv_module_line(row)  # one cell alone: the csv module's rule for an empty row
    return ",".join([_quoted(cell) for cell in row])


def _encode(lines: list[str]) -> bytes:
    lines.append("")
    # A lone surrogate cannot be UTF-8: the CSV (a view for spreadsheets) shows it escaped.
    return "\r\n".join(lines).encode("utf-8", errors="backslashreplace")


def _csv_module_line(row: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)  # quotes a cell holding \r or \n
    return buffer.getvalue()[:-2]


def csv_header(columns: Sequence[str]) -> bytes:
    """The start of a CSV file: byte-order mark and the header row."""
    return BOM + _csv_bytes([list(columns)])


def csv_rows(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """CSV rows (no header) for a page of records: RFC 4180 with \r\n line ends, quoted where
    needed, as spreadsheet programs expect; the same text as the csv module's writer (a test
    holds them together) in a fraction of its time, each line written by one function made
    for the kind's columns."""
    if len(columns) == 1:
        return _csv_bytes([flatten(record, columns) for record in records])
    return _encode(list(map(_row_function(tuple(columns), True), records)))


#: A cell that is only a number (a ledger's "-150.25"): a value, not a formula, kept numeric.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralised_csv(raw: bytes) -> bytes:
    """A CSV file as the server sent it (a ledger report), rewritten for people: see
    `write_neutralised_csv`."""
    copy = io.BytesIO()
    write_neutralised_csv(io.BytesIO(raw), copy)
    return copy.getvalue()


#: Rows of a ledger rewritten and written together (a few hundred KiB of text at most).
_LEDGER_BATCH = 2048


def write_neutralised_csv(source: BinaryIO, target: BinaryIO) -> None:
    """A CSV file as the server sent it (a ledger report, read from ``source``), written to
    ``target`` for people with the rule of the record CSVs: UTF-8 with a byte-order mark,
    ``\r\n`` line ends, and every text cell a spreadsheet would run as a formula prefixed with
    a single quote (a number, even a negative one, stays a number). Bytes that are not UTF-8
    are shown replaced. Read and written a batch of rows at a time: a big firm's ledger (tens
    of MB once split into cells) is never held whole."""
    text = io.TextIOWrapper(source, encoding="utf-8-sig", errors="replace", newline="")
    target.write(BOM)
    batch: list[str] = []
    for row in csv.reader(text):
        # Neutralised and quoted in one step per cell: a big firm's ledger has millions.
        if len(row) != 1:
            batch.append(",".join([_ledger_field(cell) for cell in row]))
        else:
            batch.append(_csv_module_line([_ledger_cell(row[0])]))
        if len(batch) >= _LEDGER_BATCH:
            target.write(_encode(batch))  # each line ends with \r\n, so batches join up
            batch = []
    if batch:
        target.write(_encode(batch))
    text.detach()  # ``source`` stays the caller's to close


def _ledger_cell(cell: str) -> str:
    """A ledger's cell for people: text a spreadsheet would run as a formula gets a single
    quote in front; a number, even a negative one, stays a number."""
    if cell[:1] in _TRIGGER_SET and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _ledger_field(cell: str) -> str:
    """`_ledger_cell` as a CSV field (see `_quoted`)."""
    cell = _ledger_cell(cell)
    if '"' in cell:
        return '"' + cell.replace('"', '""') + '"'
    if "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell + '"'
    return cell


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
