"""The two files of one kind (`records/<kind>.jsonl` and `.csv`), appended page by page.

Opening a sink truncates both files to the lengths the journal committed, so bytes of a page
that was written but never committed (a kill between the write and the journal) disappear.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from app.export.csvout import csv_header, csv_rows, jsonl_lines
from app.export.indexrows import RowsFile, row_lines
from app.export.kinds import Kind
from app.export.naming import make_dirs_below
from app.export.pages import WrittenPage
from app.export.safefiles import create_file, open_existing
from app.net.jsontext import loads_exact

RECORDS_DIR = "records"


class RecordSink:
    """Appends pages of one kind; `sync` makes them durable and returns the byte lengths for
    the journal."""

    def __init__(self, root: Path, kind: Kind, *, jsonl_offset: int, csv_offset: int) -> None:
        self.kind = kind
        directory = root / RECORDS_DIR
        make_dirs_below(root, directory)  # never re-creates a vanished export folder
        self.jsonl_path = directory / f"{kind.key}.jsonl"
        self.csv_path = directory / f"{kind.key}.csv"
        self._jsonl = _open_at(self.jsonl_path, jsonl_offset)
        self._csv = _open_at(self.csv_path, csv_offset)
        if csv_offset == 0:
            self._csv.write(csv_header(kind.columns))
        self._rows = RowsFile(root, kind.key, from_start=jsonl_offset == 0)

    @property
    def offsets(self) -> tuple[int, int]:
        return self._jsonl.tell(), self._csv.tell()

    def write(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Write a page (not yet durable: `sync` makes it so before the journal counts it)."""
        self._jsonl.write(jsonl_lines(records))
        self._csv.write(csv_rows(records, self.kind.columns))
        self._rows.write(row_lines(self.kind.key, records))

    def write_page(self, page: WrittenPage) -> None:
        """Write a page already turned into bytes (see `pages.page_files`)."""
        self._jsonl.write(page.jsonl)
        self._csv.write(page.csv)
        self._rows.write(page.rows)

    def sync(self) -> tuple[int, int]:
        """Make everything written durable; returns (jsonl length, csv length)."""
        for handle in (self._jsonl, self._csv):
            handle.flush()
            os.fsync(handle.fileno())
        return self.offsets

    def seal(self) -> None:
        """The kind is complete and synced: its index.html rows stand for its records file."""
        self._rows.seal(self.jsonl_path)

    def append(self, records: Sequence[Mapping[str, Any]]) -> tuple[int, int]:
        """Write a page and make it durable; returns (jsonl length, csv length)."""
        self.write(records)
        return self.sync()

    def close(self) -> None:
        """Close the files; pages written and not synced may be incomplete (a resume cuts the
        files back to the lengths the journal counted)."""
        self._jsonl.close()
        self._csv.close()
        self._rows.close()

    def __enter__(self) -> RecordSink:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _open_at(path: Path, offset: int) -> BinaryIO:
    # Kept open across pages; a kind that starts over gets a new file (a link put where it
    # goes is removed), one that continues is never opened through a link.
    continued = offset and os.path.lexists(path)
    handle = open_existing(path) if continued else create_file(path, "w+b")
    handle.truncate(offset)
    handle.seek(offset)
    return handle


def read_records(path: Path) -> Iterator[Any]:
    """The records of a kind's JSON Lines file, each value exactly as written (none when the
    file is not there)."""
    if not os.path.lexists(path):
        return
    with open_existing(path, "rb") as handle:
        for line in handle:
            if line.strip():
                yield loads_exact(line)
