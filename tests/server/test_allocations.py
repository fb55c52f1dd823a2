"""The demo firm's payment allocations over real HTTP: each paid bill's valid allocations add up
to what the bill says was paid, into the operating account, out of trust only where trust money
paid it; the list pages, selects fields and filters as published."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.support.backend import RunningBackend, start_backend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _cents(value: float) -> int:
    return round(value * 100)


def test_allocations_add_up_to_what_each_bill_says_was_paid(api: DataApi) -> None:
    paid = {
        b["id"]: _cents(b["paid"]) for b in api.records("bills.json", fields="id,paid") if b["paid"]
    }
    allocations = api.records(
        "allocations.json",
        status="valid",
        fields="id,amount,bill{id},destination_bank_account{type},source_bank_account{type},"
        "payment_type,voided_at",
    )
    sums: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        assert allocation["voided_at"] is None
        sums[allocation["bill"]["id"]] += _cents(allocation["amount"])
        assert allocation["destination_bank_account"] == {"type": "Operating"}
        from_trust = allocation["source_bank_account"] is not None
        assert from_trust == (allocation["payment_type"] == "Trust transfer")
        if from_trust:
            assert allocation["source_bank_account"] == {"type": "Trust"}
    assert paid and dict(sums) == paid


def test_trust_paid_allocations_are_bills_trust_money_went_to(api: DataApi) -> None:
    trust_bills = {
        item["bill"]["id"]
        for item in api.records("trust_line_items.json", fields="bill{id}")
        if item["bill"] is not None
    }
    by_trust = {
        a["bill"]["id"]
        for a in api.records("allocations.json", fields="bill{id},source_bank_account{id}")
        if a["source_bank_account"] is not None
    }
    assert by_trust and by_trust <= trust_bills


def test_allocations_page_select_and_filter(api: DataApi) -> None:
    total = api.get("allocations.json", limit=1).json()["meta"]["records"]
    assert total > 10
    ids = [
        r["id"]
        for page in api.pages("allocations.json", limit=7, order="id(asc)")
        for r in page["data"]
    ]
    assert len(ids) == total and ids == sorted(set(ids))
    one = api.get("allocations.json", limit=1, fields="id,parent{type,identifier}").json()
    assert set(one["data"][0]) == {"id", "parent"}
    assert one["data"][0]["parent"]["type"] == "Payment"
    bill_id = api.records("allocations.json", fields="bill{id}")[0]["bill"]["id"]
    on_bill = api.records("allocations.json", bill_id=str(bill_id), fields="bill{id}")
    assert on_bill and {r["bill"]["id"] for r in on_bill} == {bill_id}
    dates = [r["date"] for r in api.records("allocations.json", order="date(desc)", fields="date")]
    assert dates == sorted(dates, reverse=True)
    assert api.get("allocations.json", status="maybe").status_code == 400
    assert api.get("allocations.json", status="invalid").json()["meta"]["records"] == 0


def test_a_bench_firm_has_reversed_payments_beside_valid_ones(tmp_path: Path) -> None:
    backend = start_backend(
        tmp_path, "--seed", "bench", "--records", "4000", "--documents", "4",
        "--document-bytes", "512",
    )  # fmt: skip
    try:
        bench = DataApi(backend, backend.issue_token("administrator"))
        total = bench.get("allocations.json", limit=1).json()["meta"]["records"]
        valid = bench.get("allocations.json", status="valid", limit=1).json()["meta"]["records"]
        voided = bench.records("allocations.json", status="invalid", fields="voided_at")
        assert total == valid + len(voided) and valid > 0
        assert all(r["voided_at"] for r in voided)
    finally:
        backend.stop()
