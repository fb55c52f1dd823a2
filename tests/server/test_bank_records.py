"""The demo firm's bank accounts and bank transactions over real HTTP: the trust account's
transactions are the trust line items (same count, amounts, dates, matters and clients), every
running balance adds up, and the lists page, select fields and filter as published."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _cents(value: float) -> int:
    return round(value * 100)


def test_the_firm_has_a_trust_and_an_operating_account(api: DataApi) -> None:
    accounts = api.records("bank_accounts.json", fields="id,name,type,balance,holder,currency")
    assert sorted(a["type"] for a in accounts) == ["Operating", "Trust"]
    assert all(a["holder"] == "Harbor & Finch LLP" and a["currency"] == "USD" for a in accounts)
    trust = api.records("bank_accounts.json", type="TrustAccount", fields="id,type")
    assert [a["type"] for a in trust] == ["Trust"]


def test_the_trust_account_holds_exactly_the_trust_line_items(api: DataApi) -> None:
    (trust,) = api.records(
        "bank_accounts.json", type="TrustAccount", fields="id,balance,bank_transactions_count"
    )
    moves = api.records(
        "bank_transactions.json",
        bank_account_id=str(trust["id"]),
        fields="id,date,amount,funds_in,funds_out,matter{id},client{id},bank_account{id,type}",
    )
    items = api.records("trust_line_items.json", fields="id,date,total,matter{id},client{id}")
    assert items and len(moves) == len(items) == trust["bank_transactions_count"]

    def key(date: str, cents: int, matter: int, client: int) -> tuple[str, int, int, int]:
        return (date, cents, matter, client)

    assert Counter(
        key(m["date"], _cents(m["amount"]), m["matter"]["id"], m["client"]["id"]) for m in moves
    ) == Counter(
        key(i["date"], _cents(i["total"]), i["matter"]["id"], i["client"]["id"]) for i in items
    )
    assert sum(_cents(m["amount"]) for m in moves) == _cents(trust["balance"]) > 0
    for move in moves:
        assert move["bank_account"] == {"id": trust["id"], "type": "Trust"}
        assert _cents(move["funds_in"]) - _cents(move["funds_out"]) == _cents(move["amount"])
    liability = api.get("bank_transactions.json", type="liability", limit=1).json()
    assert liability["meta"]["records"] == len(moves)


def test_every_running_balance_adds_up_in_id_order(api: DataApi) -> None:
    accounts = {
        a["id"]: a
        for a in api.records("bank_accounts.json", fields="id,balance,bank_transactions_count")
    }
    moves = api.records(
        "bank_transactions.json",
        order="id(asc)",
        fields="id,date,amount,current_account_balance,bank_account_id",
    )
    running = dict.fromkeys(accounts, 0)
    last_date = ""
    for move in moves:
        running[move["bank_account_id"]] += _cents(move["amount"])
        assert _cents(move["current_account_balance"]) == running[move["bank_account_id"]]
        assert move["date"] >= last_date  # numbered in date order
        last_date = move["date"]
    assert running == {i: _cents(a["balance"]) for i, a in accounts.items()}
    counts = Counter(m["bank_account_id"] for m in moves)
    assert counts == {i: a["bank_transactions_count"] for i, a in accounts.items()}
    assert all(balance >= 0 for balance in running.values())


def test_bank_transactions_page_without_gap_or_duplicate(api: DataApi) -> None:
    total = api.get("bank_transactions.json", limit=1).json()["meta"]["records"]
    assert total > 100
    ids = [
        record["id"]
        for page in api.pages("bank_transactions.json", limit=37, order="id(asc)")
        for record in page["data"]
    ]
    assert len(ids) == total and ids == sorted(set(ids))
    offset = [r["id"] for r in api.records("bank_transactions.json", limit=50)]
    assert offset == ids


def test_fields_select_and_filters_pick_what_is_published(api: DataApi) -> None:
    first = api.get(
        "bank_transactions.json", limit=1, fields="id,bill{id,number},allocation{id},source"
    ).json()["data"][0]
    assert set(first) == {"id", "bill", "allocation", "source"}
    assert first["allocation"] is None
    matter_id = api.records("bank_transactions.json", fields="matter{id}")[0]["matter"]["id"]
    picked = api.records("bank_transactions.json", matter_id=str(matter_id), fields="matter{id}")
    assert picked and all(r["matter"]["id"] == matter_id for r in picked)
    assert api.get("bank_transactions.json", type="cash").status_code == 400
    assert api.get("bank_accounts.json", fields="id,no_such_field").status_code == 400
    by_name = api.records("bank_accounts.json", order="name(desc)", fields="name")
    assert [a["name"] for a in by_name] == sorted((a["name"] for a in by_name), reverse=True)
