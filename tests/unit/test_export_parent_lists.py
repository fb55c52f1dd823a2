"""A list the service gives one parent at a time (a conversation's messages): its parents come
from the parent kind's exported file in id order, their counts add up to the kind's count, and
each parent's first page follows the last page of the parent before, in the URL itself (so a
resumed export finds it in the journal like any next page)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from app.export.kinds import kind_by_key
from app.export.parent_lists import (
    Parent,
    expected_records,
    first_url,
    following_url,
    parents_from_file,
)
from app.net.pager import SLACK_PAGES, PageGuard, PagingStopped

MESSAGES = kind_by_key("conversation_messages")
QUERY = {"fields": "id,body", "limit": 200, "order": "id(asc)"}


def test_conversation_messages_are_listed_one_conversation_at_a_time() -> None:
    assert MESSAGES.parent is not None
    assert (MESSAGES.parent.kind, MESSAGES.parent.param) == ("conversations", "conversation_id")
    assert kind_by_key("conversations").parent is None


def test_the_parents_come_from_the_exported_file_in_id_order(tmp_path: Path) -> None:
    path = tmp_path / "conversations.jsonl"
    lines = [{"id": 7, "message_count": 3}, {"id": 2, "message_count": 5}, {"id": "x"}, [1]]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert MESSAGES.parent is not None
    parents = parents_from_file(path, MESSAGES.parent)
    assert parents == [Parent(2, 5), Parent(7, 3)]
    assert expected_records(parents) == 8
    assert expected_records([Parent(2, 5), Parent(3, None)]) is None  # no count: not made up


def test_each_parents_first_page_follows_the_last_page_of_the_one_before() -> None:
    parents = [Parent(2, 5), Parent(7, 3), Parent(9, 1)]
    first = first_url(MESSAGES, QUERY, 2)
    asked = dict(parse_qsl(urlsplit(first).query))
    assert urlsplit(first).path == "/api/v4/conversation_messages.json"
    assert asked == {
        "fields": "id,body",
        "limit": "200",
        "order": "id(asc)",
        "conversation_id": "2",
    }
    # the service's own next URL of a parent's later page names the parent too
    later = "http://127.0.0.1:9/api/v4/conversation_messages.json?conversation_id=7&page_token=x"
    assert following_url(MESSAGES, QUERY, first, parents) == first_url(MESSAGES, QUERY, 7)
    assert following_url(MESSAGES, QUERY, later, parents) == first_url(MESSAGES, QUERY, 9)
    assert following_url(MESSAGES, QUERY, first_url(MESSAGES, QUERY, 9), parents) is None


def test_each_parents_pages_are_bounded_by_its_own_count_and_ids_stay_taken() -> None:
    guard = PageGuard(lambda path: "http://127.0.0.1:9" + path, where="messages", page_size=2)
    guard.next_listing(2)  # the first conversation: two messages, so one page (and the slack)
    pages = [f"/api/v4/conversation_messages.json?conversation_id=2&p={n}" for n in range(9)]
    allowed = 1 + SLACK_PAGES
    for number in range(allowed - 1):
        guard.take([100 + 2 * number, 101 + 2 * number])  # full pages of two
        assert guard.next_page(pages[number], pages[number + 1])
    guard.take([200, 201])
    with pytest.raises(PagingStopped, match="more pages than its count"):
        guard.next_page(pages[allowed - 1], pages[allowed])
    guard.next_listing(2)  # the next conversation's pages are its own
    guard.take([300, 302])
    assert guard.next_page("/api/v4/conversation_messages.json?conversation_id=7", pages[8])
    assert guard.take([100, 301]) == {0}  # an id of the first conversation is not taken twice
