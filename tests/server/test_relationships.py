"""The demo firm's relationships over real HTTP: the other people and companies in a matter
(never its own client), with the published fields, paging and filters."""

from __future__ import annotations

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def test_relationships_tie_other_contacts_to_matters(api: DataApi) -> None:
    clients = {
        m["id"]: m["client"]["id"] for m in api.records("matters.json", fields="id,client{id}")
    }
    contacts = {c["id"] for c in api.records("contacts.json", fields="id")}
    related = api.records("relationships.json", fields="id,description,matter{id},contact{id}")
    assert len(related) == 60
    for relationship in related:
        assert relationship["description"]
        assert relationship["matter"]["id"] in clients
        assert relationship["contact"]["id"] in contacts
        assert relationship["contact"]["id"] != clients[relationship["matter"]["id"]]


def test_relationships_page_select_and_filter(api: DataApi) -> None:
    ids = [
        r["id"]
        for page in api.pages("relationships.json", limit=13, order="id(asc)")
        for r in page["data"]
    ]
    assert ids == list(range(1, 61))
    one = api.get("relationships.json", limit=1, fields="id,matter{id,display_number}").json()
    first = one["data"][0]
    assert set(first) == {"id", "matter"} and set(first["matter"]) == {"id", "display_number"}
    matter_id = first["matter"]["id"]
    on_matter = api.records("relationships.json", matter_id=str(matter_id), fields="matter")
    assert on_matter and all(r["matter"]["id"] == matter_id for r in on_matter)
    contact_id = api.records("relationships.json", fields="contact")[0]["contact"]["id"]
    of_contact = api.records("relationships.json", contact_id=str(contact_id), fields="contact")
    assert of_contact and all(r["contact"]["id"] == contact_id for r in of_contact)
    assert api.get("relationships.json", matter_id="x").status_code == 400
