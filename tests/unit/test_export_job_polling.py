"""Waiting for the server's asynchronous jobs (document archives, reports): few polls, and the
zip is fetched soon after it is ready, not a whole back-off later."""

from __future__ import annotations

import io
import itertools
import json
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from app.errors import BadResponse
from app.export.control import ExportControl
from app.export.documents.archives import archive_job, wait_until_completed
from app.export.documents.placement import DocumentItem
from app.export.manifest import REPORT_NAME
from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.bench_export import bench_backend, export_command, run_export
from tests.support.faulty_server import FaultyServer, Json, PacedJob


def _wait(server: FaultyServer, url: str, **options: Any) -> float:
    session = HttpSession(server.url)
    session.set_token("t")
    started = time.monotonic()
    try:
        wait_until_completed(session, url, ExportControl(), poll_max=2.0, timeout=30, **options)
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
        return Json({"data": {"id": 1, "state": "in_progress", "progress": percent}})

    done = Json({"data": {"id": 1, "state": "completed"}})
    path = "/api/v4/document_archives/3.json"
    # a server that writes its progress down only now and then: 0 %, then barely more
    waited = _wait(faulty_server, faulty_server.route(path, at(0), at(1), at(2), done))
    assert len(faulty_server.requests_to(path)) == 4
    assert waited < 1.2, waited  # 0.1 + 0.2 + 0.4 s, not seconds from a misread pace


@pytest.mark.parametrize(
    "waiting",
    [{"state": "queued"}, {"state": "in_progress", "progress": 5}],
    ids=["queued", "progress-that-does-not-move"],
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


def _job(state: str, **more: Any) -> Json:
    return Json({"data": {"id": 1, "state": state, **more}})


def test_a_job_through_the_published_states_is_waited_for(faulty_server: FaultyServer) -> None:
    path = "/api/v4/reports/5.json"
    url = faulty_server.route(
        path,
        _job("not_started", progress=0),
        _job("queued", progress=0),
        _job("in_progress", progress=40),
        _job("completed", progress=100),
    )
    _wait(faulty_server, url)
    assert len(faulty_server.requests_to(path)) == 4


def test_an_empty_report_is_finished_where_the_caller_says_so(faulty_server: FaultyServer) -> None:
    path = "/api/v4/reports/6.json"
    url = faulty_server.route(path, _job("queued"), _job("empty", progress=100))
    _wait(faulty_server, url, finished=("completed", "empty"))
    assert len(faulty_server.requests_to(path)) == 2


def test_a_failed_job_is_a_failure_with_the_servers_reason(faulty_server: FaultyServer) -> None:
    url = faulty_server.route(
        "/api/v4/document_archives/7.json",
        _job("in_progress", progress=10),
        _job("failed", message="A document could not be read"),
    )
    with pytest.raises(BadResponse) as failed:
        _wait(faulty_server, url)
    assert "A document could not be read" in failed.value.detail


def test_a_state_the_api_does_not_name_is_waited_on_for_a_bounded_time(
    faulty_server: FaultyServer,
) -> None:
    path = "/api/v4/document_archives/8.json"
    url = faulty_server.route(path, _job("warming_up"), _job("warming_up"), _job("completed"))
    _wait(faulty_server, url)  # it came round: fine
    never = faulty_server.route("/api/v4/document_archives/9.json", _job("warming_up"))
    started = time.monotonic()
    with pytest.raises(BadResponse) as unknown:
        _wait(faulty_server, never, unknown_bound=1.0)
    assert "warming_up" in unknown.value.detail
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_a_firm_without_ledger_entries_gets_empty_ledgers_said_to_be_empty(
    tmp_path: Path,
) -> None:
    """The published `empty` state of a report: the export ends verified, with an empty file
    for each ledger, and its report names them as empty (not as missing or failed)."""
    with bench_backend(tmp_path, records=20) as backend:
        run = run_export(export_command(backend.url, tmp_path / "export"), backend.token)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    reports = tmp_path / "export" / "reports"
    ledgers = ["client_ledger.csv", "trust_ledger.csv"]
    assert sorted(p.name for p in reports.iterdir() if p.is_file()) == ledgers
    raw = sorted(p.name for p in (reports / "raw").iterdir())
    assert raw == ["client_ledger.csv.raw", "trust_ledger.csv.raw"]
    # empty as the service sent them; the copy for people holds at most the byte-order mark
    assert all((reports / "raw" / name).stat().st_size == 0 for name in raw)
    assert all((reports / name).read_bytes() in (b"", b"\xef\xbb\xbf") for name in ledgers)
    report = json.loads((tmp_path / "export" / REPORT_NAME).read_text(encoding="utf-8"))
    extra = report.get("extra", report)
    assert sorted(extra["reports_empty"]) == ["client_ledger", "trust_ledger"]
    assert extra["reports_not_offered"] == []


def test_an_archive_is_asked_for_with_the_published_integer_item_type(
    demo_backend: RunningBackend,
) -> None:
    http = HttpSession(demo_backend.url)
    http.set_token(demo_backend.issue_token("administrator"))
    items = [DocumentItem(n, PurePosixPath(f"d{n}"), None, f"d{n}", ()) for n in (4, 9)]
    try:
        job, size = archive_job(http, items, ExportControl())
        with http.stream_download(f"/api/v4/document_archives/{job.id}/download.json") as download:
            body = b"".join(download.iter_chunks())
    finally:
        http.close()
    assert size == len(body)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert len(archive.namelist()) == 2
