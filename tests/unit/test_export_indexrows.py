"""index.html's rows made while the records are written: the page is the same as one read back
from the records files, and a rows file is used only while it belongs to the records file as it
is now."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from app.export.indexpage import write_index
from app.export.indexrows import ROW_KINDS, rows_path, sealed_rows
from app.export.kinds import kind_by_key
from app.export.pages import page_files
from app.export.records import RECORDS_DIR, RecordSink


def _matters(count: int, start: int = 1) -> list[dict[str, Any]]:
    return [
        {
            "id": n,
            "display_number": f"{n:05d}-Harbor",
            "description": f"Estate of <b>Doe</b> & sons \u2028 line {n}",
            "status": "Open",
            "client": {"id": 1000 + n, "name": f"Client {n}"},
        }
        for n in range(start, start + count)
    ]


def _page(records: list[dict[str, Any]]) -> bytes:
    return json.dumps({"data": records, "meta": {"paging": {}, "records": len(records)}}).encode()


def _write(root: Path, key: str, pages: list[list[dict[str, Any]]], offset: int = 0) -> Path:
    kind = kind_by_key(key)
    with RecordSink(root, kind, jsonl_offset=offset, csv_offset=offset) as sink:
        for records in pages:
            sink.write_page(page_files(kind.columns, _page(records), key))
        sink.sync()
        sink.seal()
    return root / RECORDS_DIR / f"{key}.jsonl"


def _index_without_rows(root: Path, firm: str | None = None) -> bytes:
    for key in ROW_KINDS:
        rows_path(root, key).unlink(missing_ok=True)
    return write_index(root, {}, firm).read_bytes()


def test_the_page_from_rows_equals_the_page_from_the_records(tmp_path: Path) -> None:
    jsonl = _write(tmp_path, "matters", [_matters(200), _matters(37, 201)])
    notes = [{"id": 1, "subject": "x" * 50, "detail": "d" * 5000, "matter": {"id": 3}}]
    _write(tmp_path, "matter_notes", [notes])
    assert sealed_rows(tmp_path, "matters", jsonl) is not None
    assert sealed_rows(tmp_path, "matter_notes", tmp_path / RECORDS_DIR / "matter_notes.jsonl")
    with_rows = write_index(tmp_path, {}, "Harbor & Finch").read_bytes()
    assert with_rows == _index_without_rows(tmp_path, "Harbor & Finch")
    assert b"<b>" not in with_rows and b"\\u003cb\\u003e" in with_rows
    assert b"d" * 2001 not in with_rows  # note bodies are cut in the page


def test_rows_are_not_used_once_the_records_file_changed(tmp_path: Path) -> None:
    jsonl = _write(tmp_path, "matters", [_matters(20)])
    assert sealed_rows(tmp_path, "matters", jsonl) is not None
    # Rewritten beside and renamed into place (as an update does), even at the same size.
    replacement = jsonl.with_name("matters.jsonl.new")
    replacement.write_bytes(jsonl.read_bytes().replace(b'"Open"', b'"Shut"'))
    os.replace(replacement, jsonl)
    assert sealed_rows(tmp_path, "matters", jsonl) is None
    page = write_index(tmp_path, {}, None).read_bytes()
    assert b'"Shut"' in page and b'"Open"' not in page


def test_a_kind_resumed_mid_way_is_read_from_its_records_file(tmp_path: Path) -> None:
    jsonl = _write(tmp_path, "contacts", [[{"id": 1, "name": "Ada"}]])
    length = jsonl.stat().st_size
    # A later run continues the kind after its first page: the rows of that page are not
    # in this run's rows file, so the kind gets none.
    kind = kind_by_key("contacts")
    with RecordSink(tmp_path, kind, jsonl_offset=length, csv_offset=length) as sink:
        assert not rows_path(tmp_path, "contacts").exists()
        sink.write_page(page_files(kind.columns, _page([{"id": 2, "name": "Bo"}]), "contacts"))
        sink.sync()
        sink.seal()
    assert sealed_rows(tmp_path, "contacts", jsonl) is None
    page = write_index(tmp_path, {}, None).read_bytes()
    assert b'"Ada"' in page and b'"Bo"' in page


def test_an_unsealed_kind_is_read_from_its_records_file(tmp_path: Path) -> None:
    kind = kind_by_key("matters")
    with RecordSink(tmp_path, kind, jsonl_offset=0, csv_offset=0) as sink:
        sink.write_page(page_files(kind.columns, _page(_matters(3)), "matters"))
        sink.sync()  # killed before the kind finished: never sealed
    jsonl = tmp_path / RECORDS_DIR / "matters.jsonl"
    assert sealed_rows(tmp_path, "matters", jsonl) is None
    assert write_index(tmp_path, {}, None).read_bytes().count(b"-Harbor") == 3


def test_a_lone_surrogate_in_a_name_does_not_stop_the_page(tmp_path: Path) -> None:
    body = b'{"data": [{"id": 7, "name": "Bad \\ud800 name"}], "meta": {"paging": {}}}'
    kind = kind_by_key("contacts")
    with RecordSink(tmp_path, kind, jsonl_offset=0, csv_offset=0) as sink:
        sink.write_page(page_files(kind.columns, body, "contacts"))
        sink.sync()
        sink.seal()
    page = write_index(tmp_path, {}, None).read_bytes()
    assert b"Bad \\ud800 name" in page
    assert page == _index_without_rows(tmp_path)


def test_every_kind_gets_rows_linked_to_its_matters_and_contacts(tmp_path: Path) -> None:
    bill = {
        "id": 4,
        "number": "B-4",
        "state": "paid",
        "total": 120.5,
        "issued_at": "2024-02-01",
        "matters": [{"id": 1}, {"id": 2}],
        "client": {"id": 9},
    }
    _write(tmp_path, "bills", [[bill]])
    message = {
        "id": 5,
        "subject": "Hi",
        "matter": {"id": 1},
        "receivers": [{"type": "Contact", "id": 8}, {"type": "User", "id": 3}],
    }
    _write(tmp_path, "communications", [[message]])
    page = write_index(tmp_path, {}, None).read_text("utf-8")
    assert '[4,"B-4",null,"2024-02-01","paid",120.5,[1,2],[9],null]' in page
    assert '[5,"Hi",null,null,null,null,[1],[8],null]' in page
    # a kind the page has no special row for (one added later) is shown all the same
    assert "bills" in ROW_KINDS and "communications" in ROW_KINDS
