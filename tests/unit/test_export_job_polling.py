"""Waiting for the server's asynchronous jobs (document archives, reports): few polls, and the
zip is fetched soon after it is ready, not a whole back-off later."""

from __future__ import annotations

import itertools
import time

import pytest

from app.export.control import ExportControl
from app.export.documents import wait_until_completed
from app.http import HttpSession
from tests.support.faulty_server import FaultyServer, Json, PacedJob


def _wait(server: FaultyServer, url: str) -> float:
    session = HttpSession(server.url)
    session.set_token("t")
    started = time.monotonic()
    try:
        wait_until_completed(session, url, ExportControl(), poll_max=2.0, timeout=30)
    finally:
        session.close()
    return time.monotonic() - started


def test_a_job_that_tells_its_progress_is_fetched_when_its_pace_says_it_is_done(
    faulty_server: FaultyServer,
) -> None:
    path = "/api/v4/document_archives/1.json"
    waited = _wait(faulty_server, faulty_server.route(path, PacedJob(seconds=1.6)))
    polls = len(faulty_server.requests_to(path))
    # Backing off alone (0.1, 0.2, 0.4, 0.8, 1.6 s) would see it done only at 3.1 s, with as
    # many polls.
    assert 1.6 <= waited < 2.3, waited
    assert 3 <= polls <= 6, polls


def test_a_progress_that_crawls_at_first_does_not_delay_the_polls_past_the_back_off(
    faulty_server: FaultyServer,
) -> None:
    def at(percent: float) -> Json:
        return Json({"data": {"id": 1, "state": "processing", "progress": percent}})

    done = Json({"data": {"id": 1, "state": "completed"}})
    path = "/api/v4/document_archives/3.json"
    # a server that writes its progress down only now and then: 0 %, then barely more
    waited = _wait(faulty_server, faulty_server.route(path, at(0), at(1), at(2), done))
    assert len(faulty_server.requests_to(path)) == 4
    assert waited < 1.2, waited  # 0.1 + 0.2 + 0.4 s, not seconds from a misread pace


@pytest.mark.parametrize(
    "waiting",
    [{"state": "pending"}, {"state": "processing", "progress": 5}],
    ids=["pending", "progress-that-does-not-move"],
)
def test_a_job_that_says_nothing_of_its_pace_is_polled_with_a_growing_back_off(
    faulty_server: FaultyServer, waiting: dict[str, object]
) -> None:
    pending = Json({"data": {"id": 1, **waiting}})
    done = Json({"data": {"id": 1, "state": "completed"}})
    path = "/api/v4/document_archives/2.json"
    waited = _wait(
        faulty_server, faulty_server.route(path, pending, pending, pending, pending, done)
    )
    arrivals = [request.at for request in faulty_server.requests_to(path)]
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert len(arrivals) == 5
    assert all(later > earlier * 1.5 for earlier, later in itertools.pairwise(gaps))
    assert waited >= 1.5  # 0.1 + 0.2 + 0.4 + 0.8
