"""The practice-data API over real HTTP: field selection, paging without gaps, filters, ETags,
and malformed input answered as a 4xx in the error shape."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from server.practice.kinds import KINDS
from tests.support.backend import RunningBackend, start_backend
from tests.support.clio_schemas import list_params, list_variants
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


@pytest.fixture(scope="module")
def bench_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DataApi]:
    """A firm with more than 10,000 activities, for paging."""
    backend = start_backend(
        tmp_path_factory.mktemp("bench-paging"),
        "--seed",
        "bench",
        "--records",
        "36000",
        "--documents",
        "10",
        "--document-bytes",
        "1024",
    )
    yield DataApi(backend, backend.issue_token("administrator"))
    backend.stop()


def _error(answer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    body = answer.json()
    assert set(body["error"]) >= {"type", "message"}
    return body["error"]


def test_the_demo_firm_has_every_kind_in_believable_numbers(api: DataApi) -> None:
    counts = {}
    for kind in KINDS:
        params = list_params(kind)
        counts[kind] = api.get(f"{kind}.json", limit=1, **params).json()["meta"]["records"]
    contact_notes = api.get("notes.json", type="Contact", limit=1).json()["meta"]["records"]
    assert counts["users"] == 6
    assert counts["matters"] == 40
    assert counts["contacts"] == 150
    assert counts["activities"] == 600
    assert counts["bills"] == 60
    assert counts["documents"] == 120
    assert counts["notes"] > 0 and contact_notes > 0
    assert all(count > 0 for count in counts.values()), counts


def test_without_fields_only_id_and_etag_come_back(api: DataApi) -> None:
    page = api.get("matters.json", limit=3).json()
    assert [set(record) for record in page["data"]] == [{"id", "etag"}] * 3
    assert page["meta"]["records"] == 40


def test_fields_select_plain_and_nested_values(api: DataApi) -> None:
    answer = api.get("matters.json", fields="id,display_number,client{id,name},status", limit=5)
    assert answer.status_code == 200
    for matter in answer.json()["data"]:
        assert set(matter) == {"id", "display_number", "client", "status"}
        assert set(matter["client"]) == {"id", "name"}
        client = api.get(f"contacts/{matter['client']['id']}.json", fields="name").json()
        assert client["data"]["name"] == matter["client"]["name"]


def test_a_nested_field_without_braces_gives_its_id_and_etag(api: DataApi) -> None:
    document = api.get("documents/1.json", fields="id,parent").json()["data"]
    assert set(document["parent"]) == {"id", "etag"}


def test_lists_of_nested_objects_are_selected_per_item(api: DataApi) -> None:
    bills = api.get("bills.json", fields="id,matters{id,display_number}", limit=10).json()["data"]
    assert all(
        set(matter) == {"id", "display_number"} for bill in bills for matter in bill["matters"]
    )


@pytest.mark.parametrize(
    "fields",
    ["id,no_such_field", "client{id,shoe_size}", "id,name{first}", "client{id", "id,,)"],
)
def test_an_unknown_field_or_malformed_selection_is_a_400(api: DataApi, fields: str) -> None:
    answer = api.get("matters.json", fields=fields)
    assert answer.status_code == 400
    _error(answer)


def test_a_single_record_has_an_etag_and_answers_304_when_unchanged(api: DataApi) -> None:
    first = api.get("contacts/7.json", fields="id,name,etag")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.json()["data"]["etag"] == etag
    again = api.get("contacts/7.json", fields="id,name", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = api.get("contacts/7.json", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_unknown_records_and_ids_that_are_not_numbers_are_404(api: DataApi) -> None:
    assert api.get("matters/999999.json").status_code == 404
    assert api.get("matters/99999999999999999999999.json").status_code == 404
    assert api.get("matters/².json").status_code == 404
    answer = api.get("matters/abc.json")
    assert answer.status_code == 404
    _error(answer)


def test_who_am_i_is_the_signed_in_user(api: DataApi) -> None:
    me = api.get("users/who_am_i.json", fields="id,name,email").json()["data"]
    assert me == {"id": 2, "name": "Daniel Okafor", "email": "daniel.okafor@harborfinch.example"}


def test_calendar_entries_have_string_ids_as_in_clio(api: DataApi) -> None:
    entry = api.get("calendar_entries.json", limit=1).json()["data"][0]
    assert isinstance(entry["id"], str)
    detail = api.get(f"calendar_entries/{entry['id']}.json", fields="id,summary").json()["data"]
    assert detail["id"] == entry["id"]


def test_notes_need_a_type(api: DataApi) -> None:
    answer = api.get("notes.json")
    assert answer.status_code == 400
    assert "type" in _error(answer)["message"]
    assert api.get("notes.json", type="Bill").status_code == 400
    matter_notes = api.records("notes.json", type="Matter", fields="id,type,matter{id}")
    contact_notes = api.records("notes.json", type="Contact", fields="id,type,contact{id}")
    assert {n["type"] for n in matter_notes} == {"Matter"}
    assert {n["type"] for n in contact_notes} == {"Contact"}
    assert all(n["matter"] for n in matter_notes) and all(n["contact"] for n in contact_notes)


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "201"},
        {"limit": "ten"},
        {"order": "shoe_size(asc)"},
        {"updated_since": "yesterday"},
        {"page_token": "not-a-token"},
        {"page_token": "bWF0dGVyc3xjfC0x", "order": "id(asc)"},
        {"updated_since": "0001-01-01T00:00:00+01:00"},
        # "activities|c|99999999999999999999": an id no SQLite integer holds
        {"page_token": "YWN0aXZpdGllc3xjfDk5OTk5OTk5OTk5OTk5OTk5OTk5", "order": "id(asc)"},
    ],
)
def test_malformed_list_parameters_are_a_400(api: DataApi, params: dict[str, str]) -> None:
    answer = api.get("activities.json", **params)
    assert answer.status_code == 400, answer.text
    _error(answer)


def test_a_page_token_of_another_list_is_refused(api: DataApi) -> None:
    page = api.get("contacts.json", limit=5, order="id(asc)").json()
    token = parse_qs(urlparse(page["meta"]["paging"]["next"]).query)["page_token"][0]
    answer = api.get("matters.json", order="id(asc)", page_token=token)
    assert answer.status_code == 400


def test_the_next_url_is_absolute_on_the_api_origin_and_keeps_the_query(api: DataApi) -> None:
    page = api.get("activities.json", limit=50, order="id(asc)", fields="id,date").json()
    next_url = page["meta"]["paging"]["next"]
    assert next_url.startswith(api.backend.url + "/api/v4/activities.json?")
    query = parse_qs(urlparse(next_url).query)
    assert query["limit"] == ["50"] and query["fields"] == ["id,date"]
    assert query["order"] == ["id(asc)"] and "page_token" in query


def test_updated_since_keeps_only_records_changed_since(api: DataApi) -> None:
    everything = api.records("tasks.json", fields="id,updated_at", order="id(asc)")
    moments = sorted(task["updated_at"] for task in everything)
    cutoff = moments[len(moments) // 2]
    recent = api.records(
        "tasks.json", fields="id,updated_at", order="id(asc)", updated_since=cutoff
    )
    expected = {task["id"] for task in everything if task["updated_at"] >= cutoff}
    assert {task["id"] for task in recent} == expected
    assert 0 < len(recent) < len(everything)
    page = api.get("tasks.json", updated_since=cutoff).json()
    assert page["meta"]["records"] == len(expected)


def test_the_default_limit_is_200(api: DataApi) -> None:
    page = api.get("activities.json").json()
    assert len(page["data"]) == 200
    assert page["meta"]["records"] == 600


def test_responses_name_the_api_version(api: DataApi) -> None:
    assert api.get("users.json").headers["X-API-VERSION"] == "4.0.9"


def test_no_token_is_a_401_invalid_token(demo_backend: RunningBackend) -> None:
    api = DataApi(demo_backend, "not-a-real-token")
    answer = api.get("matters.json")
    assert answer.status_code == 401
    assert _error(answer)["type"] == "invalid_token"


@pytest.mark.slow
def test_cursor_paging_returns_every_record_once_in_order(bench_api: DataApi) -> None:
    total = bench_api.get("activities.json", limit=1).json()["meta"]["records"]
    assert total > 10_000
    ids: list[int] = []
    for page in bench_api.pages("activities.json", limit=173, order="id(asc)"):
        assert page["meta"]["records"] == total
        ids.extend(record["id"] for record in page["data"])
    assert len(ids) == total
    assert ids == sorted(set(ids))


@pytest.mark.slow
def test_offset_paging_stops_at_10000_records_with_a_422(bench_api: DataApi) -> None:
    seen: list[int] = []
    answer = bench_api.get("activities.json", limit=200)
    while True:
        assert answer.status_code == 200, answer.text
        page = answer.json()
        seen.extend(record["id"] for record in page["data"])
        answer = bench_api.session.get(
            page["meta"]["paging"]["next"],
            headers={"Authorization": f"Bearer {bench_api.token}"},
            timeout=30,
        )
        if answer.status_code != 200:
            break
    assert answer.status_code == 422
    assert re.search(r"order=id\(asc\)", _error(answer)["message"])
    assert len(seen) == 10_000 and len(set(seen)) == 10_000


@pytest.mark.slow
def test_every_kind_pages_completely_with_no_gap_or_duplicate(bench_api: DataApi) -> None:
    for kind in KINDS:
        for extra in list_variants(kind):
            ids = [
                record["id"]
                for record in bench_api.records(f"{kind}.json", order="id(asc)", **extra)
            ]
            announced = bench_api.get(f"{kind}.json", limit=1, **extra).json()["meta"]["records"]
            assert len(ids) == announced == len(set(ids)), kind


# ---------------------------------------------------------------------------------------------
# the published filters and orders


def _everything(api: DataApi, kind: str, **extra: str) -> list[dict[str, object]]:
    from server.practice.kinds import full_fields_param

    return api.records(f"{kind}.json", fields=full_fields_param(kind), order="id(asc)", **extra)


def _ids(api: DataApi, kind: str, **params: str) -> list[int]:
    return [record["id"] for record in api.records(f"{kind}.json", order="id(asc)", **params)]


def _get(record: dict[str, object], path: str) -> object:
    value: object = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


_TODAY = datetime.now(UTC).date().isoformat()

# (kind, query parameters, what a person checking the full list would keep)
FILTER_CASES = [
    ("matters", {"status": "open"}, lambda r: r["status"] == "Open"),
    ("matters", {"status": "closed"}, lambda r: r["status"] == "Closed"),
    ("matters", {"status": "pending"}, lambda r: r["status"] == "Pending"),
    ("matters", {"status": "open,pending"}, lambda r: r["status"] in ("Open", "Pending")),
    ("matters", {"client_id": "12"}, lambda r: _get(r, "client.id") == 12),
    ("matters", {"practice_area_id": "2"}, lambda r: _get(r, "practice_area.id") == 2),
    ("matters", {"responsible_attorney_id": "3"},
     lambda r: _get(r, "responsible_attorney.id") == 3),
    ("matters", {"billable": "true"}, lambda r: r["billable"] is True),
    ("matters", {"open_date[]": ">=2024-01-01"}, lambda r: r["open_date"] >= "2024-01-01"),
    ("matters", {"created_since": "2025-01-01T00:00:00Z"}, lambda r: r["created_at"] >= "2025"),
    ("matters", {"query": "estate"}, lambda r: "estate" in (r["description"] or "").lower()
     or "estate" in r["display_number"].lower() or "estate" in _get(r, "client.name").lower()),
    ("matters", {"group_id": "5"}, lambda r: False),
    ("matters", {"grant_id": "null"}, lambda r: True),
    ("activities", {"status": "billed"}, lambda r: r["billed"] is True),
    ("activities", {"status": "unbilled"}, lambda r: not r["billed"] and not r["non_billable"]),
    ("activities", {"status": "non_billable"}, lambda r: r["non_billable"] is True),
    ("activities", {"status": "billable"}, lambda r: r["non_billable"] is False),
    ("activities", {"type": "ExpenseEntry"}, lambda r: r["type"] == "ExpenseEntry"),
    ("activities", {"matter_id": "2"}, lambda r: _get(r, "matter.id") == 2),
    ("activities", {"user_id": "3"}, lambda r: _get(r, "user.id") == 3),
    ("activities", {"start_date": "2024-01-01", "end_date": "2024-06-30"},
     lambda r: "2024-01-01" <= r["date"] <= "2024-06-30"),
    ("contacts", {"type": "Company"}, lambda r: r["type"] == "Company"),
    ("contacts", {"client_only": "true"}, lambda r: r["is_client"] is True),
    ("contacts", {"exclude_ids[]": "1"}, lambda r: r["id"] != 1),
    ("contacts", {"initial": "C"}, lambda r: (r["last_name"] or r["name"]).upper().startswith("C")),
    ("bills", {"state": "paid"}, lambda r: r["state"] == "paid"),
    ("bills", {"matter_id": "2"}, lambda r: any(m["id"] == 2 for m in r["matters"])),
    ("bills", {"issued_after": "2026-01-01"}, lambda r: r["issued_at"] > "2026-01-01"),
    ("bills", {"type": "trust"}, lambda r: r["kind"] == "trust_kind"),
    ("tasks", {"status": "in_progress"}, lambda r: r["status"] == "in_progress"),
    ("tasks", {"priority": "high"}, lambda r: r["priority"] == "High"),
    ("tasks", {"complete": "false"}, lambda r: r["status"] != "complete"),
    ("tasks", {"matter_id": "31"}, lambda r: _get(r, "matter.id") == 31),
    ("documents", {"matter_id": "1"}, lambda r: _get(r, "matter.id") == 1),
    ("documents", {"parent_id": "3"}, lambda r: _get(r, "parent.id") == 3),
    ("documents", {"query": "letter"}, lambda r: "letter" in r["name"].lower()),
    ("folders", {"parent_id": "null"}, lambda r: r["parent"] is None),
    ("calendar_entries", {"is_all_day": "true"}, lambda r: r["all_day"] is True),
    ("calendar_entries", {"from": "2026-01-01T00:00:00Z"}, lambda r: r["end_at"] >= "2026-01-01"),
    ("communications", {"type": "EmailCommunication"}, lambda r: r["type"] == "EmailCommunication"),
    ("communications", {"matter_id": "21"}, lambda r: _get(r, "matter.id") == 21),
    ("trust_line_items", {"matter_id": "1"}, lambda r: _get(r, "matter.id") == 1),
    ("custom_fields", {"parent_type": "contact"}, lambda r: r["parent_type"] == "Contact"),
    ("users", {"subscription_type": "nonattorney"},
     lambda r: r["subscription_type"] == "NonAttorney"),
    ("users", {"role": "admin"}, lambda r: "Administrator" in r["roles"]),
    ("practice_areas", {"code": "FAM"}, lambda r: r["code"] == "FAM"),
    ("practice_areas", {"name": "Family Law"}, lambda r: r["name"] == "Family Law"),
    ("users", {"enabled": "true"}, lambda r: r["enabled"] is True),
    ("users", {"name": "Daniel Okafor"}, lambda r: r["name"] == "Daniel Okafor"),
    ("contacts", {"email_only": "true"}, lambda r: r["primary_email_address"] is not None),
    ("contacts", {"query": "timber"}, lambda r: "timber" in r["name"].lower()
     or "timber" in (r["primary_email_address"] or "").lower()
     or "timber" in (r["title"] or "").lower()),
    ("activities", {"flat_rate": "false"}, lambda r: r["flat_rate"] is False),
    ("activities", {"expense_category_id": "1"}, lambda r: _get(r, "expense_category.id") == 1),
    ("activities", {"query": "draft"}, lambda r: "draft" in (r["note"] or "").lower()),
    ("bills", {"client_id": "12"}, lambda r: _get(r, "client.id") == 12),
    ("bills", {"due_before": "2026-01-01"}, lambda r: r["due_at"] < "2026-01-01"),
    ("bills", {"status": "overdue"}, lambda r: r["balance"] > 0 and r["due_at"] < _TODAY
     and r["state"] not in ("void", "deleted", "draft")),
    ("documents", {"contact_id": "null"}, lambda r: r["contact"] is None),
    ("documents", {"document_category_id": "2"}, lambda r: _get(r, "document_category.id") == 2),
    ("folders", {"matter_id": "1"}, lambda r: _get(r, "matter.id") == 1),
    ("calendar_entries", {"matter_id": "16"}, lambda r: _get(r, "matter.id") == 16),
    ("calendar_entries", {"calendar_id": "104"}, lambda r: _get(r, "calendar_owner.id") == 104),
    ("calendar_entries", {"to": "2025-01-01T00:00:00Z"}, lambda r: r["start_at"] <= "2025-01-01T"),
    ("tasks", {"assignee_id": "3"}, lambda r: _get(r, "assignee.id") == 3),
    ("tasks", {"due_at_from": "2025-01-01", "due_at_to": "2025-12-31"},
     lambda r: r["due_at"] is not None and "2025-01-01" <= r["due_at"] <= "2025-12-31"),
    ("tasks", {"client_id": "27"}, lambda r: _get(r, "matter.client_id") == 27),
    ("tasks", {"statute_of_limitations": "false"}, lambda r: not r["statute_of_limitations"]),
    ("notes", {"type": "Matter", "matter_id": "22"}, lambda r: _get(r, "matter.id") == 22),
    ("communications", {"user_id": "1"}, lambda r: _get(r, "user.id") == 1),
    ("communications", {"contact_id": "72"}, lambda r: any(
        p["id"] == 72 and p["type"] != "User" for p in r["senders"] + r["receivers"])),
    ("communications", {"date": "2026-08-15"}, lambda r: r["date"] == "2026-08-15"),
    ("trust_line_items", {"bill_id": "null"}, lambda r: r["bill"] is None),
    ("custom_fields", {"field_type": "checkbox"}, lambda r: r["field_type"] == "checkbox"),
    ("custom_fields", {"deleted": "false"}, lambda r: r["deleted"] is False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "params", "keep"),
    FILTER_CASES,
    ids=[f"{kind}-{'&'.join(f'{k}={v}' for k, v in p.items())}" for kind, p, _ in FILTER_CASES],
)
def test_a_published_filter_keeps_exactly_the_matching_records(
    api: DataApi, kind: str, params: dict[str, str], keep
) -> None:  # type: ignore[no-untyped-def]
    everything = _everything(api, kind, **({"type": "Matter"} if kind == "notes" else {}))
    expected = [record["id"] for record in everything if keep(record)]
    assert _ids(api, kind, **params) == expected
    assert api.get(f"{kind}.json", limit=1, **params).json()["meta"]["records"] == len(expected)


def _custom_value(record: dict[str, object], field_id: int) -> object:
    values = record["custom_field_values"]
    assert isinstance(values, list)
    return next((v["value"] for v in values if v["custom_field"]["id"] == field_id), None)


@pytest.mark.parametrize(
    ("condition", "keep"),
    [
        (">=2000", lambda value: value is not None and float(value) >= 2000),
        ("=2500", lambda value: value is not None and float(value) == 2500),
        ("<1000.5", lambda value: value is not None and float(value) < 1000.5),
    ],
)
def test_custom_field_values_compare_as_numbers_where_numbers_are_given(
    api: DataApi, condition: str, keep
) -> None:  # type: ignore[no-untyped-def]
    everything = _everything(api, "matters")
    expected = [m["id"] for m in everything if keep(_custom_value(m, 4))]
    assert _ids(api, "matters", **{"custom_field_values[4]": condition}) == expected
    checked = [m["id"] for m in everything if _custom_value(m, 3) == "true"]
    assert _ids(api, "matters", **{"custom_field_values[3]": "true"}) == checked


def test_filters_that_pick_something_pick_less_than_everything(api: DataApi) -> None:
    for kind, params in (("matters", {"status": "open"}), ("activities", {"status": "billed"})):
        picked = _ids(api, kind, **params)
        assert 0 < len(picked) < len(_ids(api, kind)), (kind, params)


def test_ids_filter_returns_those_records(api: DataApi) -> None:
    answer = api.session.get(
        api.url("contacts.json"),
        params=[("ids[]", "7"), ("ids[]", "3"), ("ids[]", "99999"), ("fields", "id,name")],
        headers={"Authorization": f"Bearer {api.token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert [record["id"] for record in answer.json()["data"]] == [3, 7]
    assert answer.json()["meta"]["records"] == 2


def test_several_task_statuses_at_once(api: DataApi) -> None:
    answer = api.session.get(
        api.url("tasks.json"),
        params=[("statuses[]", "pending"), ("statuses[]", "complete"), ("fields", "id,status")],
        headers={"Authorization": f"Bearer {api.token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    statuses = {record["status"] for record in answer.json()["data"]}
    assert statuses == {"pending", "complete"}


def test_descendant_documents_of_a_folder(api: DataApi) -> None:
    folders = _everything(api, "folders")
    root = next(f for f in folders if f["parent"] is None)
    children = _ids(api, "documents", parent_id=str(root["id"]))
    everything = _ids(api, "documents", parent_id=str(root["id"]), scope="descendants")
    assert len(everything) == len(_ids(api, "documents")) > len(children)


@pytest.mark.parametrize(
    "params",
    [
        {"status": "archived"},
        {"matter_id": "two"},
        {"billable": "maybe"},
        {"open_date[]": "2020-01-01"},
        {"created_since": "last week"},
    ],
)
def test_a_published_filter_with_a_value_outside_its_form_is_a_400(
    api: DataApi, params: dict[str, str]
) -> None:
    kind = "activities" if "matter_id" in params else "matters"
    answer = api.get(f"{kind}.json", **params)
    assert answer.status_code == 400, answer.text
    _error(answer)


def test_a_parameter_the_published_list_does_not_define_is_ignored(api: DataApi) -> None:
    assert _ids(api, "matters", shoe_size="9") == _ids(api, "matters")


@pytest.mark.parametrize(
    ("kind", "order", "path"),
    [
        ("matters", "display_number(asc)", "display_number"),
        ("matters", "open_date(desc)", "open_date"),
        ("matters", "updated_at(asc)", "updated_at"),
        ("matters", "client.name(asc)", "client.name"),
        ("contacts", "name(desc)", "name"),
        ("activities", "date(asc)", "date"),
        ("activities", "total(desc)", "total"),
        ("bills", "due_at(asc)", "due_at"),
        ("bills", "client_name(asc)", "client.name"),
        ("tasks", "priority(asc)", "priority"),
        ("documents", "name(asc)", "name"),
        ("notes", "author(desc)", "author.name"),
        ("practice_areas", "code(asc)", "code"),
        ("users", "email(desc)", "email"),
    ],
)
def test_published_orders_sort_the_whole_list(
    api: DataApi, kind: str, order: str, path: str
) -> None:
    extra = {"type": "Matter"} if kind == "notes" else {}
    from server.practice.kinds import full_fields_param

    records = api.records(
        f"{kind}.json", fields=full_fields_param(kind), order=order, limit=37, **extra
    )
    assert (
        len(records)
        == len({record["id"] for record in records})
        == len(_everything(api, kind, **extra))
    )
    keys = [(_get(record, path), record["id"]) for record in records]
    descending = order.endswith("(desc)")
    expected = sorted(keys, key=lambda k: (k[0] is not None, k[0], k[1]), reverse=descending)
    assert keys == expected


def test_id_desc_and_an_unpublished_order_of_the_kind(api: DataApi) -> None:
    ids = [r["id"] for r in api.get("matters.json", order="id(desc)", limit=5).json()["data"]]
    assert ids == [40, 39, 38, 37, 36]
    assert api.get("trust_line_items.json", order="name(asc)").status_code == 400


# ---------------------------------------------------------------------------------------------
# published sub-resources and lists


def test_a_contacts_email_addresses_and_phone_numbers(api: DataApi) -> None:
    contact = api.get("contacts/1.json", fields="id,email_addresses,phone_numbers").json()["data"]
    emails = api.get("contacts/1/email_addresses.json", fields="id,address,primary,name")
    assert emails.status_code == 200, emails.text
    assert [e["address"] for e in emails.json()["data"]] == [
        e["address"]
        for e in api.get("contacts/1.json", fields="email_addresses{address}").json()["data"][
            "email_addresses"
        ]
    ]
    assert emails.json()["meta"]["records"] == len(contact["email_addresses"]) > 0
    phones = api.get("contacts/1/phone_numbers.json", fields="id,number").json()["data"]
    assert {p["id"] for p in phones} == {p["id"] for p in contact["phone_numbers"]}
    assert all(set(p) == {"id", "number"} for p in phones)
    assert api.get("contacts/999999/email_addresses.json").status_code == 404


def test_a_documents_versions(api: DataApi) -> None:
    document = api.get(
        "documents/1.json", fields="id,latest_document_version{id,filename,size}"
    ).json()["data"]
    versions = api.get("documents/1/versions.json", id="1", fields="id,filename,size,document_id")
    assert versions.status_code == 200, versions.text
    assert versions.json()["data"] == [{**document["latest_document_version"], "document_id": 1}]
    assert api.get("documents/1/versions.json", id="1", fully_uploaded="false").json()["data"] == []
    assert api.get("documents/999999/versions.json").status_code == 404


def _bytes_of(api: DataApi, path: str, **params: object) -> bytes:
    answer = api.get(path, **params)
    assert answer.status_code == 303, answer.text
    fetched = requests.get(answer.headers["Location"], timeout=30)
    assert fetched.status_code == 200
    return fetched.content


def test_some_documents_have_earlier_versions_each_with_its_own_bytes(api: DataApi) -> None:
    fields = "id,latest_document_version{id,version_number}"
    documents = [d for page in api.pages("documents.json", fields=fields) for d in page["data"]]
    several = [d for d in documents if d["latest_document_version"]["version_number"] > 1]
    assert 10 <= len(several) < len(documents)
    assert any(d["latest_document_version"]["version_number"] == 3 for d in several)
    document = several[0]
    versions = api.get(
        f"documents/{document['id']}/versions.json",
        fields="id,document_id,version_number,size,etag",
    ).json()["data"]
    versions.sort(key=lambda v: v["version_number"])
    assert [v["version_number"] for v in versions] == list(
        range(1, document["latest_document_version"]["version_number"] + 1)
    )
    assert versions[-1]["id"] == document["latest_document_version"]["id"]
    contents = []
    for version in versions:
        assert version["document_id"] == document["id"]
        content = _bytes_of(
            api, f"documents/{document['id']}/download.json", document_version_id=version["id"]
        )
        assert len(content) == version["size"]
        assert hashlib.sha256(content).hexdigest() == version["etag"].strip('"')
        contents.append(content)
    assert len(set(contents)) == len(contents)  # every version its own bytes
    assert contents[-1] == _bytes_of(api, f"documents/{document['id']}/download.json")
    other = next(d for d in documents if d["id"] != document["id"])
    wrong = api.get(f"documents/{other['id']}/download.json", document_version_id=versions[0]["id"])
    assert wrong.status_code == 404
    unknown = api.get(f"documents/{document['id']}/download.json", document_version_id="999999")
    assert unknown.status_code == 404


def test_a_matters_client_and_contacts(api: DataApi) -> None:
    matter = api.get("matters/1.json", fields="id,number,client{id,name}").json()["data"]
    client = api.get("matters/1/client.json", fields="id,name,is_matter_client,avatar")
    assert client.status_code == 200, client.text
    assert client.json()["data"] == {**matter["client"], "is_matter_client": True, "avatar": None}
    again = api.get("matters/1/client.json", headers={"If-None-Match": client.headers["ETag"]})
    assert again.status_code == 304
    contacts = api.get("matters/1/contacts.json", fields="id,name,is_client,matter_id")
    assert contacts.status_code == 200, contacts.text
    assert contacts.json()["data"] == [
        {
            "id": matter["client"]["id"],
            "name": matter["client"]["name"],
            "is_client": True,
            "matter_id": 1,
        }
    ]
    assert api.get("matters/1/contacts.json", order="is_client(desc)").status_code == 200
    related = api.get("matters/1/related_contacts.json", fields="contact_id,is_matter_client")
    assert related.json()["data"] == [
        {"contact_id": matter["client"]["id"], "is_matter_client": True}
    ]
    assert api.get("matters/999999/contacts.json").status_code == 404


def test_the_list_of_reports_pages_and_filters(api: DataApi) -> None:
    made = []
    for kind in ("trust_ledger", "client_ledger", "trust_ledger"):
        created = api.post("reports.json", {"data": {"kind": kind, "format": "csv"}})
        assert created.status_code == 201
        made.append(created.json()["data"]["id"])
    listed = api.records("reports.json", fields="id,kind,name,state", limit=1)
    assert {r["id"] for r in listed} >= set(made)
    assert len(listed) == len({r["id"] for r in listed})
    trust = api.records("reports.json", kind="trust_ledger", fields="id,kind")
    assert {r["kind"] for r in trust} == {"trust_ledger"}
    assert {made[0], made[2]} <= {r["id"] for r in trust} and made[1] not in {
        r["id"] for r in trust
    }
    assert api.get("reports.json", fields="id,shoe_size").status_code == 400
