"""CSV files open safely in spreadsheet programs; JSON Lines files keep the exact values."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.export.csvout import BOM, csv_header, csv_rows, flatten, jsonl_lines, neutralise
from app.export.kinds import kind_by_key

HOSTILE_CELLS = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(BOM)
    return list(csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def test_formula_cells_are_neutralised_in_csv_but_exact_in_jsonl() -> None:
    notes = kind_by_key("matter_notes")
    records = [
        {"id": i, "subject": text, "detail": "ok", "author": {"id": 3, "name": text}}
        for i, text in enumerate(HOSTILE_CELLS)
    ]
    data = csv_header(notes.columns) + csv_rows(records, notes.columns)
    rows = _read_csv(data)
    assert [row["subject"] for row in rows] == ["'" + text for text in HOSTILE_CELLS]
    assert [row["author.name"] for row in rows] == ["'" + text for text in HOSTILE_CELLS]
    assert all(not row["subject"].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows)
    lines = jsonl_lines(records).decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_nested_objects_become_dotted_columns_and_lists_json_text() -> None:
    matters = kind_by_key("matters")
    record = {
        "id": 12,
        "display_number": "00012-Ibáñez",
        "billable": True,
        "client": {"id": 40, "name": 'Zoë Ng, "Ltd"'},
        "custom_field_values": [{"id": "a", "field_name": "Court", "value": "Superior"}],
        "close_date": None,
    }
    row = _read_csv(csv_header(matters.columns) + csv_rows([record], matters.columns))[0]
    assert row["id"] == "12"
    assert row["display_number"] == "00012-Ibáñez"
    assert row["billable"] == "true"
    assert row["client.id"] == "40"
    assert row["client.name"] == 'Zoë Ng, "Ltd"'
    assert json.loads(row["custom_field_values"])[0]["value"] == "Superior"
    assert row["close_date"] == ""
    assert row["practice_area.name"] == ""  # absent nested object: empty cells, no crash


def test_negative_amounts_stay_numbers_and_odd_types_do_not_crash() -> None:
    assert flatten({"total": -250.5, "note": "-refund"}, ["total", "note"]) == [
        "-250.5",
        "'-refund",
    ]
    # a server that sends a string where an object belongs: the nested columns are just empty
    assert flatten({"client": "oops"}, ["client.id", "client.name"]) == ["", ""]
    assert neutralise("plain") == "plain"


def test_header_starts_with_a_byte_order_mark_once() -> None:
    users = kind_by_key("users")
    data = csv_header(users.columns) + csv_rows([{"id": 1, "name": "Margaret"}], users.columns)
    assert data.count(BOM) == 1
    assert data.decode("utf-8-sig").splitlines()[0].split(",")[0] == "id"


def test_a_lone_surrogate_from_the_server_is_kept_exactly_in_jsonl_and_escaped_in_csv() -> None:
    import json as _json

    from app.export.csvout import csv_rows, jsonl_lines

    record = {"id": 7, "name": "bad \ud800 text", "etag": "x"}
    line = jsonl_lines([record])
    assert _json.loads(line.decode("utf-8")) == record
    row = csv_rows([record], ["id", "name"]).decode("utf-8")
    assert "bad \\ud800 text" in row


_ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["id", "name", "client", "x"]), _ANY_VALUE)))
def test_rows_read_back_as_the_csv_module_writes_them(records: list[dict[str, Any]]) -> None:
    """Whatever the server sends (quotes, commas, line breaks, objects where text was expected),
    the rows are exactly what Python's csv writer would write for the same cells."""
    columns = ["id", "name", "client.id", "client.name", "client.x.y"]
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerows(
        [flatten(record, columns) for record in records]
    )
    written = csv_rows(records, columns)
    assert written == expected.getvalue().encode("utf-8", errors="backslashreplace")
    # ...and a single column (where the csv module quotes an empty row).
    single = io.StringIO()
    csv.writer(single, lineterminator="\r\n").writerows([flatten(r, ["name"]) for r in records])
    assert csv_rows(records, ["name"]) == single.getvalue().encode("utf-8", "backslashreplace")


def test_a_cell_path_through_something_that_is_not_an_object_is_empty() -> None:
    columns = ["client.id", "client.name.first", "id"]
    assert flatten({"client": {"id": 4, "name": "Ann"}, "id": 1}, columns) == ["4", "", "1"]
    assert flatten({"client": [1, 2], "id": None}, columns) == ["", "", ""]
    assert flatten({"client": {"name": {"first": "=1"}}}, columns) == ["", "'=1", ""]


def test_a_ledger_copy_for_people_has_no_live_formula_and_keeps_numbers() -> None:
    from app.export.csvout import neutralised_csv

    raw = b'name,amount\n"=1+1",-12.50\n@x,+3\n"\tt","-"\n'
    copy = neutralised_csv(raw)
    assert copy.startswith(b"\xef\xbb\xbf")
    assert copy.decode("utf-8-sig").split("\r\n") == [
        "name,amount",
        "'=1+1,-12.50",
        "'@x,+3",
        "'\tt,'-",
        "",
    ]
