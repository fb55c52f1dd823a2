"""The firm's own lists over real HTTP (document categories, task types, expense categories,
activity descriptions, calendars): each is the same entries the records that use them carry,
with the published fields, paging, filters and orders."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _used(api: DataApi, path: str, field: str, subfields: str) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for record in api.records(path, fields=f"{field}{{{subfields}}}"):
        if record[field] is not None:
            found[int(record[field]["id"])] = record[field]
    return found


@pytest.mark.parametrize(
    ("kind", "path", "field", "subfields"),
    [
        ("document_categories", "documents.json", "document_category", "id,etag,name"),
        ("task_types", "tasks.json", "task_type", "id,etag,name"),
        ("expense_categories", "activities.json", "expense_category", "id,etag,name,rate"),
        ("activity_descriptions", "activities.json", "activity_description", "id,name,default"),
        ("calendars", "calendar_entries.json", "calendar_owner", "id,etag,name,type,color"),
    ],
)
def test_each_list_holds_the_entries_records_refer_to(
    api: DataApi, kind: str, path: str, field: str, subfields: str
) -> None:
    listed = {r["id"]: r for r in api.records(f"{kind}.json", fields=subfields)}
    used = _used(api, path, field, subfields)
    assert used and set(used) <= set(listed)
    for entry_id, entry in used.items():
        assert listed[entry_id] == entry, (kind, entry_id)
    ids = [
        r["id"]
        for page in api.pages(f"{kind}.json", limit=2, order="id(asc)")
        for r in page["data"]
    ]
    assert ids == sorted(listed)


def test_the_firm_lists_filter_and_order_as_published(api: DataApi) -> None:
    names = [r["name"] for r in api.records("task_types.json", order="name(desc)", fields="name")]
    assert names == sorted(names, reverse=True) and len(names) == 3
    assert [r["name"] for r in api.records("task_types.json", name="Filing", fields="name")] == [
        "Filing"
    ]
    assert len(api.records("task_types.json", enabled="true", fields="id")) == 3
    found = api.records("document_categories.json", query="Plea", fields="name")
    assert [r["name"] for r in found] == ["Pleadings"]
    calendars = api.records("calendars.json", type="UserCalendar", fields="id,creator{id}")
    assert len(calendars) == 6 and {c["creator"]["id"] for c in calendars} == set(range(1, 7))
    assert api.get("calendars.json", type="Shared").status_code == 400
    described = api.records("activity_descriptions.json", type="clio", fields="default")
    assert len(described) == 5 and sum(d["default"] for d in described) == 1
