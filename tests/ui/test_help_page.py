"""The Help page against the real reference backend: the article explains closing, data
availability and billing and ends with "Was this article helpful?"; Yes and No (with one of the
three reasons and a comment) reach the service; feedback given while the service is down is
kept on disk and sent exactly once after the app and the service come back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton

from app.account.selfservice import SelfServiceClient
from app.feedback import FeedbackQueue
from app.net.http import HttpSession, RetryPolicy, Timeouts
from app.net.servers import Server, local_server
from tests.support.backend import RunningBackend, start_backend
from ui.help.page import HelpPage

WAIT_MS = 20_000
QUICK = RetryPolicy(max_attempts=2, backoff_base=0.05, backoff_max=0.1)


@dataclass
class Source:
    server: Server
    selfservice: SelfServiceClient | None


@pytest.fixture
def sessions() -> Iterator[list[HttpSession]]:
    made: list[HttpSession] = []
    yield made
    for http in made:
        http.close()


def signed_in(backend_url: str, token: str, sessions: list[HttpSession]) -> Source:
    http = HttpSession(backend_url, retry=QUICK, timeouts=Timeouts(connect=2, read=20))
    http.set_token(token)
    sessions.append(http)
    server = local_server(backend_url)
    return Source(server, SelfServiceClient(http, server.self_service_base))


def open_page(qtbot: Any, source: Source, queue: FeedbackQueue | None = None) -> HelpPage:
    page = HelpPage(source, queue or FeedbackQueue())
    qtbot.addWidget(page)
    page.resize(900, 800)
    page.show()
    return page


def pick(qtbot: Any, button: QRadioButton) -> None:
    """Click a reason where a person would: on its circle, at the left (the widget is as wide
    as the page, and only the circle and the words answer a click)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def rows_after(backend: RunningBackend, last_id: int) -> list[sqlite3.Row]:
    """Feedback the service stored after `last_id`, from its own database file."""
    con = sqlite3.connect(backend.data_dir / "backend.sqlite3", timeout=30)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(
            "SELECT id, user_id, article, helpful, choice, comment FROM feedback WHERE id > ?"
            " ORDER BY id",
            (last_id,),
        ).fetchall()
    finally:
        con.close()


def last_feedback_id(backend: RunningBackend) -> int:
    rows = rows_after(backend, 0)
    return rows[-1]["id"] if rows else 0


def test_the_article_explains_closing_and_ends_with_the_question(
    qtbot: Any, demo_backend: RunningBackend, sessions: list[HttpSession]
) -> None:
    source = signed_in(demo_backend.url, demo_backend.issue_token("attorney"), sessions)
    page = open_page(qtbot, source)
    text = page.article.toPlainText()
    for fact in (
        "Closing your account",
        "Only the firm's Primary Subscriber can close the account",
        "at least 90 days from the day you close",
        "six calendar months",
        "last day of February",
        "Nothing more is charged",
        "is not refunded",
        "$10 per user per month less than monthly billing",
        "Card authorisations that have not completed are voided",
        "Payment links are disabled, payment plans are stopped",
        "trust ledger",
        # who keeps access: the rule the walkthrough and the server follow
        "the Primary Subscriber, the administrators and the designated user",
    ):
        assert fact in " ".join(text.split()), fact
    assert page.question.text() == "Was this article helpful?"
    assert page.question.isVisible()
    # The question comes after the article, at the end of the page.
    assert page.feedback_box.geometry().top() >= page.article.geometry().bottom()
    assert page.yes_button.isEnabled() and page.no_button.isEnabled()
    assert page.details.isHidden()


def test_yes_reaches_the_service(
    qtbot: Any, demo_backend: RunningBackend, sessions: list[HttpSession]
) -> None:
    before = last_feedback_id(demo_backend)
    source = signed_in(demo_backend.url, demo_backend.issue_token("administrator"), sessions)
    queue = FeedbackQueue()
    page = open_page(qtbot, source, queue)
    qtbot.mouseClick(page.yes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Thank you for your feedback.", timeout=WAIT_MS)
    rows = rows_after(demo_backend, before)
    assert [(r["user_id"], r["article"], r["helpful"], r["choice"]) for r in rows] == [
        (2, "closing-your-account", 1, None)
    ]
    assert queue.pending() == []
    assert not page.yes_button.isEnabled()  # answered once


def test_no_offers_the_three_choices_and_a_comment(
    qtbot: Any, demo_backend: RunningBackend, sessions: list[HttpSession]
) -> None:
    before = last_feedback_id(demo_backend)
    source = signed_in(demo_backend.url, demo_backend.issue_token("staff"), sessions)
    page = open_page(qtbot, source)
    qtbot.mouseClick(page.no_button, Qt.MouseButton.LeftButton)
    assert page.details.isVisible()
    assert [b.text() for b in page.choice_buttons.values()] == [
        "This information is confusing or wrong",
        "This isn't the information that I was looking for",
        "I don't like this functionality",
    ]
    assert all(b.accessibleName() for b in page.choice_buttons.values())
    second = list(page.choice_buttons.values())[1]
    pick(qtbot, second)
    qtbot.keyClicks(page.comment, "I wanted to know about invoices.")
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Thank you for your feedback.", timeout=WAIT_MS)
    rows = rows_after(demo_backend, before)
    assert [(r["user_id"], r["helpful"], r["choice"], r["comment"]) for r in rows] == [
        (5, 0, "not_what_i_was_looking_for", "I wanted to know about invoices.")
    ]


def test_a_comment_over_5000_characters_cannot_be_sent(
    qtbot: Any, demo_backend: RunningBackend, sessions: list[HttpSession]
) -> None:
    source = signed_in(demo_backend.url, demo_backend.issue_token("staff"), sessions)
    page = open_page(qtbot, source)
    qtbot.mouseClick(page.no_button, Qt.MouseButton.LeftButton)
    page.comment.setPlainText("x" * 5001)
    assert not page.send_button.isEnabled()
    assert page.comment_count.text() == "5,001 of 5,000 characters"
    page.comment.setPlainText("x" * 5000)
    assert page.send_button.isEnabled()


def test_the_answers_can_be_given_with_the_keyboard(
    qtbot: Any, demo_backend: RunningBackend, sessions: list[HttpSession]
) -> None:
    before = last_feedback_id(demo_backend)
    source = signed_in(demo_backend.url, demo_backend.issue_token("staff"), sessions)
    page = open_page(qtbot, source)
    page.activateWindow()
    page.no_button.setFocus()
    qtbot.waitUntil(page.no_button.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(page.no_button, Qt.Key.Key_Space)
    assert page.details.isVisible()
    first, second, third = page.choice_buttons.values()
    # The reasons are one group: focus lands on the first, arrows move, Space chooses.
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)
    qtbot.keyClick(second, Qt.Key.Key_Down)
    assert third.hasFocus()
    qtbot.keyClick(third, Qt.Key.Key_Space)
    assert third.isChecked()
    qtbot.keyClick(third, Qt.Key.Key_Tab)
    assert page.comment.hasFocus()
    qtbot.keyClicks(page.comment, "Too many steps.")
    qtbot.keyClick(page.comment, Qt.Key.Key_Tab)
    assert page.send_button.hasFocus()
    qtbot.keyClick(page.send_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.status.text() == "Thank you for your feedback.", timeout=WAIT_MS)
    rows = rows_after(demo_backend, before)
    assert [(r["choice"], r["comment"]) for r in rows] == [
        ("dislike_functionality", "Too many steps.")
    ]


@pytest.mark.slow
def test_feedback_given_while_the_service_is_down_is_sent_once_after_a_restart(
    qtbot: Any, backend_factory: Any, sessions: list[HttpSession]
) -> None:
    backend = backend_factory("--seed", "demo")
    token = backend.issue_token("attorney")
    port = urlsplit(backend.url).port
    backend.stop()

    source = signed_in(backend.url, token, sessions)
    page = open_page(qtbot, source)
    qtbot.mouseClick(page.no_button, Qt.MouseButton.LeftButton)
    pick(qtbot, page.choice_buttons[next(iter(page.choice_buttons))])
    qtbot.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "saved on this computer" in page.status.text(), timeout=WAIT_MS)
    assert len(FeedbackQueue().pending(backend.url)) == 1
    page.close()

    again = start_backend(backend.data_dir, "--port", str(port))
    try:
        # The app starts again: a new queue object and a new Help page send what was left.
        queue = FeedbackQueue()
        source = signed_in(again.url, token, sessions)
        open_page(qtbot, source, queue)
        qtbot.waitUntil(lambda: not queue.pending(), timeout=WAIT_MS)
        rows = rows_after(again, 0)
        assert [(r["user_id"], r["helpful"], r["choice"]) for r in rows] == [
            (3, 0, "confusing_or_wrong")
        ]
    finally:
        again.stop()


def test_without_self_service_the_page_says_feedback_cannot_be_sent(qtbot: Any) -> None:
    page = open_page(qtbot, Source(local_server("http://127.0.0.1:9"), None))
    assert "Closing your account" in page.article.toPlainText()
    assert not page.yes_button.isEnabled() and not page.no_button.isEnabled()
    assert "does not take feedback" in page.status.text()


def test_the_app_builds_the_page_from_its_session(qtbot: Any) -> None:
    from ui.common.page_context import PageContext, SessionHub
    from ui.help.page import create_page

    # What app.session.Session offers the pages (the page reads these).
    session = SimpleNamespace(
        server=local_server("http://127.0.0.1:9"),
        selfservice=None,
        identity=None,
        mode=None,
        cache=None,
    )
    page = create_page(PageContext(session, SessionHub()))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    assert isinstance(page, HelpPage)
    assert page.source is session
    assert isinstance(page.queue, FeedbackQueue)
