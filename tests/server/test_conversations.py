"""The demo firm's conversations over real HTTP: each carries all its messages in date order,
its first and last message and their count, with the published fields, paging, filters and
orders."""

from __future__ import annotations

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def test_each_conversation_carries_its_messages(api: DataApi) -> None:
    conversations = api.records(
        "conversations.json",
        fields="id,subject,message_count,first_message,last_message{id,body},messages{id,date,"
        "body,created_at},matter{id}",
    )
    assert len(conversations) == 25
    seen: set[int] = set()
    for conversation in conversations:
        messages = conversation["messages"]
        assert len(messages) == conversation["message_count"] >= 2
        assert [m["created_at"] for m in messages] == sorted(m["created_at"] for m in messages)
        # asked for without braces: its id and etag, as Clio answers
        assert set(conversation["first_message"]) == {"id", "etag"}
        assert conversation["first_message"]["id"] == messages[0]["id"]
        assert conversation["last_message"] == {
            "id": messages[-1]["id"],
            "body": messages[-1]["body"],
        }
        assert all(m["body"] and m["date"] == m["created_at"][:10] for m in messages)
        ids = {m["id"] for m in messages}
        assert not ids & seen  # every message belongs to one conversation
        seen |= ids


def test_conversations_page_select_filter_and_order(api: DataApi) -> None:
    ids = [
        r["id"]
        for page in api.pages("conversations.json", limit=6, order="id(asc)")
        for r in page["data"]
    ]
    assert ids == list(range(1, 26))
    one = api.get("conversations.json", limit=1, fields="id,matter{id,client_id}").json()
    first = one["data"][0]
    assert set(first) == {"id", "matter"}
    on_matter = api.records(
        "conversations.json", matter_id=str(first["matter"]["id"]), fields="matter"
    )
    assert on_matter and all(r["matter"]["id"] == first["matter"]["id"] for r in on_matter)
    of_client = api.records(
        "conversations.json", contact_id=str(first["matter"]["client_id"]), fields="id"
    )
    assert first["id"] in {r["id"] for r in of_client}
    archived = api.records("conversations.json", archived="true", fields="archived")
    assert all(r["archived"] for r in archived) and len(archived) < 25
    last = api.records("conversations.json", order="last_message_id(desc)", fields="last_message")
    last_ids = [r["last_message"]["id"] for r in last]
    assert last_ids == sorted(last_ids, reverse=True)
    assert api.get("conversations.json", archived="maybe").status_code == 400
