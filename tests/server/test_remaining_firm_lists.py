"""The demo firm's remaining lists over real HTTP: custom rates, online payment links and
payments, court-rule dockets, custom field sets, damages, grants and their funding sources,
groups, interest charges, log entries, medical records, client balances, task and document
templates, and conversation messages. Each agrees with the records it refers to (bills,
matters, conversations), pages completely, and filters and sorts as published."""

from __future__ import annotations

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi

MORE_LISTS = (
    "activity_rates", "clio_payments/links", "clio_payments/payments",
    "court_rules/matter_dockets", "custom_field_sets", "damages", "grants",
    "grant_funding_sources", "groups", "interest_charges", "log_entries",
    "medical_records_details", "outstanding_client_balances", "task_templates",
    "task_template_lists", "document_templates", "conversation_messages",
)  # fmt: skip


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _params(kind: str) -> dict[str, str]:
    return {"conversation_id": "1"} if kind == "conversation_messages" else {}


@pytest.mark.parametrize("kind", MORE_LISTS)
def test_each_list_pages_completely_two_records_at_a_time(api: DataApi, kind: str) -> None:
    announced = api.get(f"{kind}.json", limit=1, **_params(kind)).json()["meta"]["records"]
    paged = [r["id"] for r in api.records(f"{kind}.json", limit=2, **_params(kind))]
    by_cursor = api.records(f"{kind}.json", limit=2, order="id(asc)", **_params(kind))
    assert announced > 0
    assert len(paged) == len(set(paged)) == announced == len(by_cursor)
    assert paged == sorted(paged)


def test_without_fields_an_online_payment_comes_back_as_its_id_alone(api: DataApi) -> None:
    page = api.get("clio_payments/payments.json", limit=2).json()
    assert [set(record) for record in page["data"]] == [{"id"}, {"id"}]
    link = api.get("clio_payments/links.json", limit=1).json()["data"][0]
    assert set(link) == {"id", "etag"}


def test_messages_are_listed_one_conversation_at_a_time_and_agree_with_it(api: DataApi) -> None:
    refused = api.get("conversation_messages.json")
    assert refused.status_code == 400 and "conversation_id" in refused.text
    conversations = api.records(
        "conversations.json", fields="id,message_count,messages{id,body,date},matter{client_id}"
    )
    total = 0
    for conversation in conversations[:5]:
        messages = api.records(
            "conversation_messages.json",
            conversation_id=str(conversation["id"]),
            fields="id,body,date,conversation{id},sender,receivers",
        )
        assert len(messages) == conversation["message_count"]
        assert [(m["id"], m["body"], m["date"]) for m in messages] == [
            (m["id"], m["body"], m["date"]) for m in conversation["messages"]
        ]
        for message in messages:
            assert message["conversation"] == {"id": conversation["id"]}
            assert message["sender"]["id"] != message["receivers"][0]["id"]
        # the client of the matter opens each conversation
        assert messages[0]["sender"]["id"] == conversation["matter"]["client_id"]
        total += len(messages)
    assert total > 0
    everything = api.records("conversation_messages.json", conversation_id="1", fields="body")
    found = api.records(
        "conversation_messages.json", conversation_id="1", query="Please", fields="body"
    )
    assert [m for m in everything if m["body"].startswith("Please")] == found


def test_client_balances_are_what_the_unpaid_bills_add_up_to(api: DataApi) -> None:
    owed = api.records(
        "bills.json", state="awaiting_payment", fields="id,balance,client{id},matters{id}"
    )
    balances = api.records(
        "outstanding_client_balances.json",
        fields="id,total_outstanding_balance,contact{id},outstanding_bills{id},"
        "associated_matter_ids",
    )
    by_client: dict[int, list[dict[str, object]]] = {}
    for bill in owed:
        by_client.setdefault(bill["client"]["id"], []).append(bill)
    assert {b["contact"]["id"] for b in balances} == set(by_client)
    for balance in balances:
        bills = by_client[balance["contact"]["id"]]
        assert {b["id"] for b in balance["outstanding_bills"]} == {b["id"] for b in bills}
        cents = sum(round(float(str(b["balance"])) * 100) for b in bills)
        assert round(balance["total_outstanding_balance"] * 100) == cents
    one = balances[0]["contact"]["id"]
    assert [
        b["contact"]["id"]
        for b in api.records(
            "outstanding_client_balances.json", contact_id=str(one), fields="contact{id}"
        )
    ] == [one]
    assert api.get("outstanding_client_balances/1.json").status_code == 404  # not published


def test_interest_is_charged_on_overdue_bills_still_owed(api: DataApi) -> None:
    owed = {
        b["id"]: b
        for b in api.records("bills.json", state="awaiting_payment", fields="id,due_at,balance")
    }
    charges = api.records(
        "interest_charges.json", fields="id,date,total,bill{id},balances{id,amount},matters{id}"
    )
    assert charges
    for charge in charges:
        bill = owed[charge["bill"]["id"]]
        assert charge["date"] > bill["due_at"] and charge["total"] > 0
        assert charge["balances"][0]["amount"] == bill["balance"]
    first = charges[0]["bill"]["id"]
    on_first = api.records("interest_charges.json", bill_id=str(first), fields="bill{id}")
    assert on_first and {c["bill"]["id"] for c in on_first} == {first}
    rest = api.records("interest_charges.json", **{"exclude_ids[]": str(charges[0]["id"])})
    assert len(rest) == len(charges) - 1


def test_payment_links_are_for_bills_owed_and_payments_for_bills_paid(api: DataApi) -> None:
    links = api.records(
        "clio_payments/links.json", fields="id,active,amount,bill{id,state,balance}"
    )
    assert links and all(link["bill"]["state"] == "awaiting_payment" for link in links)
    assert all(link["amount"] == link["bill"]["balance"] for link in links)
    assert len(api.records("clio_payments/links.json", active="false")) == 0
    payments = api.records(
        "clio_payments/payments.json",
        fields="id,state,amount,bills{id,state,total},allocations{id,amount},"
        "bank_transaction{id,amount}",
    )
    completed = [p for p in payments if p["state"] == "completed"]
    assert completed
    for payment in completed:
        assert payment["bills"][0]["state"] == "paid"
        assert payment["amount"] == payment["bills"][0]["total"]
        assert payment["allocations"] and payment["allocations"][0]["amount"] == payment["amount"]
        assert payment["bank_transaction"]["amount"] == payment["amount"]
    bill = completed[0]["bills"][0]["id"]
    assert [p["id"] for p in api.records("clio_payments/payments.json", bill_id=str(bill))] == [
        p["id"] for p in payments if p["bills"][0]["id"] == bill
    ]
    assert len(api.records("clio_payments/payments.json", state="completed")) == len(completed)
    bad = api.get("clio_payments/payments.json", state="lost")
    assert bad.status_code == 400
    # The deposits land in an account that takes online payments (and only such accounts do).
    deposits = {p["bank_transaction"]["id"] for p in completed}
    into = {
        t["bank_account"]["id"]
        for t in api.records("bank_transactions.json", fields="id,bank_account{id}")
        if t["id"] in deposits
    }
    accounts = api.records(
        "bank_accounts.json", fields="id,clio_payments_enabled,clio_payment_page_link"
    )
    taking = {a["id"] for a in accounts if a["clio_payments_enabled"]}
    assert into == taking != set()
    # Only an account connected to Clio Payments has a Single Payment Page.
    assert all(bool(a["clio_payment_page_link"]) == a["clio_payments_enabled"] for a in accounts)


def test_dockets_damages_and_medical_records_are_on_real_matters(api: DataApi) -> None:
    matters = {m["id"]: m for m in api.records("matters.json", fields="id,status")}
    for kind in ("court_rules/matter_dockets", "damages", "medical_records_details"):
        records = api.records(f"{kind}.json", fields="id,matter{id}")
        assert records and all(r["matter"]["id"] in matters for r in records), kind
    dockets = api.records(
        "court_rules/matter_dockets.json", fields="id,start_date,matter{id},calendar_entries{id}"
    )
    entries = {e["id"]: e for e in api.records("calendar_entries.json", fields="id,matter{id}")}
    for docket in dockets:
        for entry in docket["calendar_entries"]:
            assert entries[entry["id"]]["matter"]["id"] == docket["matter"]["id"]
    matter = dockets[0]["matter"]["id"]
    assert {
        d["matter"]["id"]
        for d in api.records(
            "court_rules/matter_dockets.json", matter_id=str(matter), fields="matter{id}"
        )
    } == {matter}
    by_date = api.records(
        "court_rules/matter_dockets.json", order="date(desc)", fields="id,start_date"
    )
    assert [d["start_date"] for d in by_date] == sorted(
        (d["start_date"] for d in dockets), reverse=True
    )
    statuses = {m["status"] for m in matters.values()}
    for status in statuses:
        found = api.records(
            "court_rules/matter_dockets.json",
            matter_status=status.lower(),
            fields="matter{id}",
        )
        assert all(matters[d["matter"]["id"]]["status"] == status for d in found)


def test_log_entries_name_real_users_and_records(api: DataApi) -> None:
    users = {u["id"] for u in api.records("users.json")}
    matters = {m["id"] for m in api.records("matters.json")}
    contacts = {c["id"] for c in api.records("contacts.json")}
    entries = api.records("log_entries.json", fields="id,type,accessed_at,item{id,type},user{id}")
    assert {e["type"] for e in entries} == {"MatterLogEntry", "ContactLogEntry"}
    for entry in entries:
        assert entry["user"]["id"] in users
        pool = matters if entry["item"]["type"] == "Matter" else contacts
        assert entry["item"]["id"] in pool
    latest = api.get("log_entries.json", order="accessed_at(desc)", fields="accessed_at", limit=1)
    assert latest.json()["data"][0]["accessed_at"] == max(e["accessed_at"] for e in entries)
    assert api.get("log_entries/1.json").status_code == 404  # not published


def test_templates_groups_rates_sets_and_grants_hang_together(api: DataApi) -> None:
    lists = api.records("task_template_lists.json", fields="id,name,templates_count")
    templates = api.records("task_templates.json", fields="id,name,priority,task_template_list{id}")
    for task_list in lists:
        own = api.records(
            "task_templates.json", task_template_list_id=str(task_list["id"]), fields="id"
        )
        assert len(own) == task_list["templates_count"] > 0
    assert sum(t["templates_count"] for t in lists) == len(templates)
    high = api.records("task_templates.json", priority="high", fields="priority")
    assert high and {t["priority"] for t in high} == {"High"}
    assert len(api.records("task_template_lists.json", empty="true")) == 0

    custom_fields = {f["id"] for f in api.records("custom_fields.json")}
    sets = api.records("custom_field_sets.json", fields="id,parent_type,custom_fields{id}")
    assert sets and all({f["id"] for f in s["custom_fields"]} <= custom_fields for s in sets)
    contact_sets = api.records(
        "custom_field_sets.json", parent_type="Contact", fields="parent_type"
    )
    assert contact_sets and {s["parent_type"] for s in contact_sets} == {"Contact"}

    users = {u["id"] for u in api.records("users.json")}
    groups = api.records("groups.json", fields="id,name,type,users{id}")
    assert all({u["id"] for u in g["users"]} <= users for g in groups)
    member_of = api.records("groups.json", user_id="2", fields="users{id}")
    assert member_of and all(any(u["id"] == 2 for u in g["users"]) for g in member_of)

    grants = api.records("grants.json", fields="id,name,grant_funding_source{id}")
    sources = api.records("grant_funding_sources.json", fields="id,grants{id}")
    assert sorted(g["id"] for s in sources for g in s["grants"]) == sorted(g["id"] for g in grants)
    assert len(api.records("grants.json", name=grants[0]["name"])) == 1

    clients = {c["id"] for c in api.records("contacts.json", client_only="true")}
    rates = api.records("activity_rates.json", fields="id,rate,contact_id,user{id},group{id}")
    assert all(r["contact_id"] is None or r["contact_id"] in clients for r in rates)
    assert all((r["user"] is None) != (r["group"] is None) for r in rates)
    client = next(r["contact_id"] for r in rates if r["contact_id"])
    assert {
        r["contact_id"] for r in api.records("activity_rates.json", contact_id=str(client),
                                             fields="contact_id")
    } == {client}  # fmt: skip

    names = [
        t["filename"]
        for t in api.records("document_templates.json", order="filename(asc)", fields="filename")
    ]
    assert names and names == sorted(names)
