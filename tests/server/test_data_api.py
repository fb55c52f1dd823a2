"""The practice-data API over real HTTP: field selection, paging without gaps, filters, ETags,
and malformed input answered as a 4xx in the error shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from server.practice import KINDS
from tests.support.backend import RunningBackend, start_backend
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
        params = {"type": "Matter"} if kind == "notes" else {}
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
        variants = [{"type": "Matter"}, {"type": "Contact"}] if kind == "notes" else [{}]
        for extra in variants:
            ids = [
                record["id"]
                for record in bench_api.records(f"{kind}.json", order="id(asc)", **extra)
            ]
            announced = bench_api.get(f"{kind}.json", limit=1, **extra).json()["meta"]["records"]
            assert len(ids) == announced == len(set(ids)), kind
