"""The demo firm's comments over real HTTP: each is on a version of an existing document, by one
of the firm's users, with the published fields, paging and filter."""

from __future__ import annotations

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def test_comments_are_on_versions_of_the_firms_documents(api: DataApi) -> None:
    versions = {
        d["id"]: d["latest_document_version"]
        for d in api.records("documents.json", fields="id,latest_document_version{id,uuid}")
    }
    users = {u["id"] for u in api.records("users.json", fields="id")}
    comments = api.records(
        "comments.json",
        fields="id,message,created_at,creator{id},document_version{id,uuid,document_id}",
    )
    assert len(comments) == 40
    for comment in comments:
        version = comment["document_version"]
        assert versions[version["document_id"]] == {"id": version["id"], "uuid": version["uuid"]}
        assert comment["creator"]["id"] in users and comment["message"]


def test_comments_page_select_and_filter(api: DataApi) -> None:
    ids = [
        r["id"]
        for page in api.pages("comments.json", limit=9, order="id(asc)")
        for r in page["data"]
    ]
    assert ids == list(range(1, 41))
    one = api.get("comments.json", limit=1, fields="id,document_version{document_id}").json()
    first = one["data"][0]
    assert set(first) == {"id", "document_version"}
    document_id = first["document_version"]["document_id"]
    on_document = api.records(
        "comments.json", item_id=str(document_id), fields="id,document_version{document_id}"
    )
    assert first["id"] in {r["id"] for r in on_document}
    assert {r["document_version"]["document_id"] for r in on_document} == {document_id}
    assert api.get("comments.json", item_id="one").status_code == 400
