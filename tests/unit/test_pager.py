"""The paging guard's rules on their own: what it follows, what stops a listing, what it drops."""

from __future__ import annotations

import pytest

from app.net.pager import PageGuard, PagingStopped

BASE = "https://app.clio.com/"


def resolve(url: str) -> str:
    return url if "://" in url else BASE + url.lstrip("/")


def guard(**options: int) -> PageGuard:
    return PageGuard(resolve, where="/api/v4/matters.json", **options)


def test_a_relative_next_is_taken_on_the_server_and_the_default_port_is_the_same_origin() -> None:
    pages = guard()
    pages.take([1, 2])
    assert pages.next_page("/api/v4/matters.json", "?page_token=b") == (
        "https://app.clio.com/api/v4/matters.json?page_token=b"
    )
    pages.take([3])
    same = "https://APP.clio.com:443/api/v4/matters.json?page_token=c"
    assert pages.next_page("https://app.clio.com/api/v4/matters.json?page_token=b", same) == same


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/api/v4/matters.json?page_token=b",
        "http://app.clio.com/api/v4/matters.json?page_token=b",  # another scheme
        "https://app.clio.com:8443/api/v4/matters.json?page_token=b",  # another port
        "//evil.example/api/v4/matters.json",
        "ftp://app.clio.com/x",
        "https://app.clio.com:99999/x",  # not a port at all
    ],
)
def test_a_next_page_anywhere_else_is_never_followed(elsewhere: str) -> None:
    pages = guard()
    pages.take([1])
    with pytest.raises(PagingStopped):
        pages.next_page("/api/v4/matters.json", elsewhere)


def test_repeated_ids_are_dropped_and_a_page_of_only_known_ids_stops() -> None:
    pages = guard()
    assert pages.take([1, 2, "3"]) == set()
    assert pages.take([3, 4, None, 4]) == {0, 3}  # "3" and 3 are one record; no id is kept
    with pytest.raises(PagingStopped, match="repeated a page"):
        pages.take([1, 2])


def test_empty_pages_naming_more_pages_stop_after_a_few() -> None:
    pages = guard()
    with pytest.raises(PagingStopped, match="empty pages"):
        for n in range(10):
            pages.take([])
            pages.next_page("/api/v4/matters.json", f"?page_token={n}")


def test_pages_beyond_the_count_stop() -> None:
    pages = guard(page_size=10)
    pages.set_expected(25)  # three pages, and two of slack
    with pytest.raises(PagingStopped, match="more pages than its count of 25"):
        for n in range(100):
            pages.take(list(range(10 * n, 10 * n + 10)))
            pages.next_page("/api/v4/matters.json", f"?page_token={n}")
    assert n == 4


def test_a_server_that_sends_smaller_pages_than_asked_is_followed_to_its_end() -> None:
    pages = guard(page_size=200)
    pages.set_expected(1000)  # 5 pages of 200 asked; the server sends pages of 100
    for n in range(10):
        pages.take(list(range(100 * n, 100 * n + 100)))
        assert pages.next_page("/api/v4/matters.json", f"?page_token={n}") is not None


def test_ids_out_of_order_wide_or_textual_are_recognised_again() -> None:
    pages = guard()
    assert pages.take([5, 3, 2**70, "x", -1]) == set()
    assert pages.take([3, 2**70, "x", "5", 4, "-1", "007"]) == {0, 1, 2, 3, 5}
    assert pages.take(["7", 7]) == {1}
