"""The demo firm's bill line items over real HTTP: every bill's lines add up to its total, every
entry on a bill is one of its lines, and the list pages, selects fields and filters as
published."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _cents(value: float) -> int:
    return round(value * 100)


def test_every_bills_lines_add_up_to_its_total(api: DataApi) -> None:
    bills = {b["id"]: b for b in api.records("bills.json", fields="id,total,sub_total")}
    lines = api.records("line_items.json", fields="id,total,sub_total,bill{id},matter{id}")
    sums: dict[int, int] = defaultdict(int)
    for line in lines:
        sums[line["bill"]["id"]] += _cents(line["total"])
        assert line["total"] == line["sub_total"]  # no tax in the demo firm
    assert set(sums) == set(bills)
    assert sums == {bill_id: _cents(bill["total"]) for bill_id, bill in bills.items()}


def test_every_entry_on_a_bill_is_one_of_its_lines(api: DataApi) -> None:
    entries = [
        a
        for a in api.records("activities.json", fields="id,total,bill{id}")
        if a["bill"] is not None
    ]
    lines = api.records("line_items.json", fields="id,type,kind,activity{id,total},bill{id}")
    on_lines = {
        line["activity"]["id"]: line for line in lines if line["type"] == "ActivityLineItem"
    }
    assert len(on_lines) == len([line for line in lines if line["activity"] is not None])
    assert {a["id"] for a in entries} == set(on_lines)
    for entry in entries:
        line = on_lines[entry["id"]]
        assert line["bill"]["id"] == entry["bill"]["id"]
        assert line["activity"]["total"] == entry["total"]


def test_line_items_page_select_and_filter(api: DataApi) -> None:
    total = api.get("line_items.json", limit=1).json()["meta"]["records"]
    assert total > 200
    ids = [
        r["id"]
        for page in api.pages("line_items.json", limit=91, order="id(asc)")
        for r in page["data"]
    ]
    assert len(ids) == total and ids == sorted(set(ids))
    first = api.get("line_items.json", limit=1, fields="id,kind,bill{id,number}").json()
    assert set(first["data"][0]) == {"id", "kind", "bill"}
    assert set(first["data"][0]["bill"]) == {"id", "number"}
    bill_id = first["data"][0]["bill"]["id"]
    on_bill = api.records("line_items.json", bill_id=str(bill_id), fields="bill{id}")
    assert on_bill and {r["bill"]["id"] for r in on_bill} == {bill_id}
    expenses = api.records("line_items.json", kind="Expense", fields="kind")
    assert expenses and {r["kind"] for r in expenses} == {"Expense"}
    rest = api.get("line_items.json", **{"exclude_ids[]": str(ids[0])}, limit=1).json()
    assert rest["meta"]["records"] == total - 1 and rest["data"][0]["id"] != ids[0]
    assert api.get("line_items.json", fields="id,no_such_field").status_code == 400
