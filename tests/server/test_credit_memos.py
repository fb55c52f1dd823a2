"""The demo firm's credit memos over real HTTP: credits held for clients the firm has billed,
with the published fields, paging, filters and orders."""

from __future__ import annotations

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def test_credit_memos_are_credits_of_billed_clients(api: DataApi) -> None:
    memos = api.records(
        "credit_memos.json", fields="id,amount,date,voided_at,contact{id},user{id},allocations"
    )
    assert len(memos) == 12
    billed = {b["client"]["id"] for b in api.records("bills.json", fields="client{id}")}
    for memo in memos:
        assert memo["amount"] > 0 and memo["date"]
        assert memo["contact"]["id"] in billed
        assert memo["allocations"] == []  # held on account, not applied to a bill
    assert any(memo["voided_at"] for memo in memos)
    assert any(memo["voided_at"] is None for memo in memos)


def test_credit_memos_page_select_filter_and_order(api: DataApi) -> None:
    ids = [
        r["id"]
        for page in api.pages("credit_memos.json", limit=5, order="id(asc)")
        for r in page["data"]
    ]
    assert ids == list(range(1, 13))
    one = api.get("credit_memos.json", limit=1, fields="id,contact{id,name}").json()["data"][0]
    assert set(one) == {"id", "contact"} and set(one["contact"]) == {"id", "name"}
    mine = api.records("credit_memos.json", contact_id=str(one["contact"]["id"]), fields="contact")
    assert mine and all(r["contact"]["id"] == one["contact"]["id"] for r in mine)
    dates = [r["date"] for r in api.records("credit_memos.json", order="date(asc)", fields="date")]
    assert dates == sorted(dates)
    assert api.get("credit_memos.json", order="amount(asc)").status_code == 400
