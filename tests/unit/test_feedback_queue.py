"""The feedback queue against the real reference backend: an answer given while the service is
unreachable survives a restart of the app and reaches the service exactly once; the
idempotency key made at queueing time is the one every retry sends; a permanent refusal is
dropped with a log line; an expired sign-in keeps the item."""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app import config
from app.account.models import FeedbackChoice
from app.account.selfservice import SelfServiceClient
from app.feedback import FeedbackQueue, SendOutcome
from app.net.http import HttpSession, RetryPolicy, Timeouts
from tests.support.backend import RunningBackend, start_backend

# Fail fast against a stopped backend: the queue, not the session, is what is under test.
QUICK = RetryPolicy(max_attempts=2, backoff_base=0.05, backoff_max=0.1)


def client_for(url: str, token: str) -> tuple[HttpSession, SelfServiceClient]:
    http = HttpSession(url, retry=QUICK, timeouts=Timeouts(connect=2, read=10))
    http.set_token(token)
    return http, SelfServiceClient(http, url + "/self-service/v1/")


def feedback_rows(backend: RunningBackend, comment: str) -> list[sqlite3.Row]:
    """What the service stored, read from its own database file."""
    con = sqlite3.connect(backend.data_dir / "backend.sqlite3", timeout=30)
    con.row_factory = sqlite3.Row
    try:
        return con.execute(
            "SELECT user_id, article, helpful, choice, comment FROM feedback WHERE comment = ?",
            (comment,),
        ).fetchall()
    finally:
        con.close()


def unique_comment() -> str:
    return f"The part about escrow was unclear ({uuid.uuid4().hex[:8]})"


def test_the_queue_lives_in_the_profiles_state_folder() -> None:
    queue = FeedbackQueue()
    assert queue.directory.is_relative_to(config.paths().state_dir)


@pytest.mark.slow
def test_feedback_given_offline_survives_a_restart_and_is_sent_exactly_once(
    backend_factory, tmp_path: Path
) -> None:
    backend = backend_factory("--seed", "demo")
    token = backend.issue_token("attorney")
    port = urlsplit(backend.url).port
    assert port is not None
    origin = backend.url
    backend.stop()  # the service goes away

    comment = unique_comment()
    http, client = client_for(origin, token)
    result = FeedbackQueue().submit(
        client, origin, False, FeedbackChoice.CONFUSING_OR_WRONG, comment
    )
    http.close()
    assert result.outcome is SendOutcome.QUEUED
    assert result.error is not None and result.error.retryable
    files = list(FeedbackQueue().directory.glob("*.json"))
    assert len(files) == 1
    assert token not in files[0].read_text(encoding="utf-8")

    # The app restarts: a new queue object reads the same folder; the service is back.
    restarted = FeedbackQueue()
    waiting = restarted.pending(origin)
    assert [(i.helpful, i.choice, i.comment) for i in waiting] == [
        (False, FeedbackChoice.CONFUSING_OR_WRONG, comment)
    ]
    again = start_backend(backend.data_dir, "--port", str(port))
    try:
        assert again.url == origin
        http, client = client_for(origin, token)
        first = restarted.flush(client, origin)
        second = restarted.flush(client, origin)
        http.close()
        assert (first.sent, first.remaining) == (1, 0)
        assert (second.sent, second.remaining) == (0, 0)
        rows = feedback_rows(again, comment)
        assert [(r["user_id"], r["helpful"], r["choice"]) for r in rows] == [
            (3, 0, "confusing_or_wrong")
        ]
        assert rows[0]["article"] == "closing-your-account"
    finally:
        again.stop()


def test_a_retry_after_a_lost_answer_reuses_the_key_and_counts_once(
    demo_backend: RunningBackend,
) -> None:
    comment = unique_comment()
    http, client = client_for(demo_backend.url, demo_backend.issue_token("administrator"))
    queue = FeedbackQueue()
    item = queue.enqueue(demo_backend.url, True, None, comment)
    # The first attempt reached the service but its answer never came back (the app only
    # knows it failed): the service has the row, the item is still queued.
    client.send_feedback(True, None, comment, idempotency_key=item.idempotency_key)
    assert queue.pending(demo_backend.url) == [item]

    result = queue.flush(client, demo_backend.url)
    http.close()
    assert result.sent == 1 and result.remaining == 0
    assert len(feedback_rows(demo_backend, comment)) == 1


def test_a_permanent_refusal_is_dropped_with_a_log_line(
    demo_backend: RunningBackend, caplog: pytest.LogCaptureFixture
) -> None:
    http, client = client_for(demo_backend.url, demo_backend.issue_token("staff"))
    queue = FeedbackQueue()
    caplog.set_level(logging.WARNING, logger="app.feedback")
    # The service only takes a help article's slug; this one it refuses with a 400.
    result = queue.submit(client, demo_backend.url, True, article="Not an article!")
    http.close()
    assert result.outcome is SendOutcome.REFUSED
    assert result.error is not None and getattr(result.error, "status", None) == 400
    assert queue.pending() == []
    assert any("refused by the service for good" in r.getMessage() for r in caplog.records)


def test_an_expired_sign_in_keeps_the_item_for_later(demo_backend: RunningBackend) -> None:
    http, client = client_for(demo_backend.url, "no-longer-valid")
    queue = FeedbackQueue()
    result = queue.submit(client, demo_backend.url, True)
    http.close()
    assert result.outcome is SendOutcome.QUEUED
    [kept] = queue.pending(demo_backend.url)
    assert kept.attempts == 1

    comment = unique_comment()
    http, client = client_for(demo_backend.url, demo_backend.issue_token("administrator"))
    queue.enqueue(demo_backend.url, False, FeedbackChoice.DISLIKE_FUNCTIONALITY, comment)
    result_after_sign_in = queue.flush(client, demo_backend.url)
    http.close()
    assert result_after_sign_in.sent == 2
    assert len(feedback_rows(demo_backend, comment)) == 1


def test_items_for_another_server_wait_for_that_server(demo_backend: RunningBackend) -> None:
    queue = FeedbackQueue()
    queue.enqueue("https://eu.app.clio.com", True)
    http, client = client_for(demo_backend.url, demo_backend.issue_token("administrator"))
    result = queue.flush(client, demo_backend.url)
    http.close()
    assert result.sent == 0
    assert [i.destination for i in queue.pending()] == ["https://eu.app.clio.com"]


def test_a_damaged_queue_file_is_set_aside_not_sent_or_lost(tmp_path: Path) -> None:
    queue = FeedbackQueue(tmp_path / "queue")
    good = queue.enqueue("https://app.clio.com", True)
    damaged = queue.directory / f"{uuid.uuid4()}.json"
    damaged.write_text('{"idempotency_key": ', encoding="utf-8")
    assert queue.pending() == [good]
    assert not damaged.exists()
    assert damaged.with_suffix(".damaged").exists()


def test_a_comment_over_5000_characters_is_refused_before_queueing(tmp_path: Path) -> None:
    queue = FeedbackQueue(tmp_path / "queue")
    with pytest.raises(ValueError, match="5000"):
        queue.enqueue("https://app.clio.com", False, None, "x" * 5001)
    assert queue.pending() == []


def test_the_file_holds_what_the_person_wrote(tmp_path: Path) -> None:
    queue = FeedbackQueue(tmp_path / "queue")
    item = queue.enqueue(
        "https://app.clio.com", False, FeedbackChoice.NOT_WHAT_I_WAS_LOOKING_FOR, "Zürich ✓"
    )
    stored = json.loads((queue.directory / f"{item.idempotency_key}.json").read_text("utf-8"))
    assert stored["choice"] == "not_what_i_was_looking_for"
    assert stored["comment"] == "Zürich ✓"
    assert stored["idempotency_key"] == item.idempotency_key
