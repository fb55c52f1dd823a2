"""Paging a correct server never sends (tests/support/faulty_server.py `PagedList`): a `next`
that repeats the page, a cycle of pages, the same records under a new address, a next page on
another origin. Every listing (the export, its plan, the closing checklist's listings) must end
after a bounded number of requests, never write a record twice, and say why it stopped."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from app.cli import Output, main
from app.closing.checklist import count_open_matters, unbilled_work
from app.export.control import ExportState
from app.export.engine import ExportEngine, ExportOptions, ExportResult
from app.export.verify import verify
from app.net.http import HttpSession, RetryPolicy, forget_limiters
from app.net.pager import PagingStopped
from tests.support.faulty_server import FaultyServer, Json, PagedList, Status

MATTERS = "/api/v4/matters.json"
PAGE = 3  # records per page in these scripts


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as running:
        yield running
    forget_limiters()


@pytest.fixture
def http(server: FaultyServer) -> Iterator[HttpSession]:
    session = HttpSession(server.url, retry=RetryPolicy(max_attempts=2, backoff_base=0.01))
    session.set_token("test-token")
    yield session
    session.close()


def export_matters(http: HttpSession, out: Path) -> ExportResult:
    options = ExportOptions(kinds=("matters",), documents=False, reports=False, page_size=PAGE)
    return ExportEngine(http, out, options).run()


def jsonl_ids(out: Path) -> list[int]:
    lines = (out / "records" / "matters.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["id"] for line in lines]


def failure_reasons(out: Path) -> list[str]:
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    return [failed["reason"] for failed in report["kinds"]["matters"]["failed"]]


def assert_stopped_with_reason(result: ExportResult, out: Path, words: str) -> None:
    assert result.state is ExportState.INCOMPLETE
    assert not result.verified
    assert any(words in reason for reason in failure_reasons(out)), failure_reasons(out)
    assert any(words in str(problem) for problem in verify(out).problems)


def assert_no_record_twice(out: Path) -> list[int]:
    ids = jsonl_ids(out)
    twice = [record_id for record_id, seen in Counter(ids).items() if seen > 1]
    assert not twice, f"written more than once: {twice}"
    return ids


def test_a_next_that_repeats_the_page_stops_the_export_after_that_page(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    server.route(MATTERS, PagedList({"": ([1, 2, 3], "a"), "a": ([4, 5, 6], "a")}, records=6))
    result = export_matters(http, tmp_path / "out")
    assert assert_no_record_twice(tmp_path / "out") == [1, 2, 3, 4, 5, 6]
    assert_stopped_with_reason(result, tmp_path / "out", "repeated a page")
    assert len(server.requests_to(MATTERS)) <= 3  # three pages at most, the count in the first


def test_pages_cycling_a_b_a_stop_and_write_each_record_once(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    pages = {"": ([1, 2, 3], "a"), "a": ([4, 5, 6], "b"), "b": ([7, 8, 9], "a")}
    server.route(MATTERS, PagedList(pages, records=9))
    result = export_matters(http, tmp_path / "out")
    assert assert_no_record_twice(tmp_path / "out") == list(range(1, 10))
    assert_stopped_with_reason(result, tmp_path / "out", "repeated a page")
    assert len(server.requests_to(MATTERS)) <= 6


def test_the_same_records_under_a_new_address_are_not_written_again(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    # Every page names a fresh address, and from the second on brings the first page again.
    pages: dict[str, tuple[list[int], str | None]] = {"": ([1, 2, 3], "p1")}
    pages.update({f"p{n}": ([1, 2, 3], f"p{n + 1}") for n in range(1, 1000)})
    server.route(MATTERS, PagedList(pages, records=3))
    result = export_matters(http, tmp_path / "out")
    assert assert_no_record_twice(tmp_path / "out") == [1, 2, 3]
    assert_stopped_with_reason(result, tmp_path / "out", "repeated a page")
    assert len(server.requests_to(MATTERS)) <= 4


def test_a_page_partly_repeating_records_keeps_only_the_new_ones(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    pages = {"": ([1, 2, 3], "a"), "a": ([3, 4, 5], "b"), "b": ([5, 6], None)}
    server.route(MATTERS, PagedList(pages, records=6))
    result = export_matters(http, tmp_path / "out")
    assert assert_no_record_twice(tmp_path / "out") == [1, 2, 3, 4, 5, 6]
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)


def test_endless_fresh_pages_beyond_the_count_stop(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    # New records on new addresses forever, while the server counts 6 records.
    pages = {"": ([1, 2, 3], "p1")}
    pages.update({f"p{n}": ([3 * n + 1, 3 * n + 2, 3 * n + 3], f"p{n + 1}") for n in range(1, 500)})
    server.route(MATTERS, PagedList(pages, records=6))
    result = export_matters(http, tmp_path / "out")
    assert_no_record_twice(tmp_path / "out")
    assert_stopped_with_reason(result, tmp_path / "out", "more pages than its count")
    assert len(server.requests_to(MATTERS)) <= 8


def test_a_next_page_on_another_origin_is_never_followed(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    with FaultyServer() as elsewhere:
        away = elsewhere.route(MATTERS, PagedList({"": ([7, 8, 9], None)}))
        server.route(MATTERS, PagedList({"": ([1, 2, 3], away)}, records=3))
        result = export_matters(http, tmp_path / "out")
        assert not elsewhere.requests, "a request went to another origin"
    assert assert_no_record_twice(tmp_path / "out") == [1, 2, 3]
    assert_stopped_with_reason(result, tmp_path / "out", "another server")


def test_the_plan_ends_on_a_looping_documents_listing(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    server.route(
        "/api/v4/documents.json",
        PagedList({"": ([1, 2], "a"), "a": ([3], "b"), "b": ([4], "a")}, records=4),
    )
    engine = ExportEngine(
        http, tmp_path / "out", ExportOptions(kinds=("documents",), reports=False, page_size=2)
    )
    plan = engine.plan()
    assert plan.documents == 4
    assert plan.document_bytes is None  # not a sum of a looping listing
    assert len(server.requests_to("/api/v4/documents.json")) <= 5


@pytest.mark.parametrize("listing", ["matters", "activities"])
def test_the_closing_checklist_listings_end_on_a_repeated_next(
    server: FaultyServer, http: HttpSession, listing: str
) -> None:
    path = f"/api/v4/{listing}.json"
    server.route(path, PagedList({"": ([1, 2], "a"), "a": ([3, 4], "a")}))
    check = count_open_matters if listing == "matters" else unbilled_work
    with pytest.raises(PagingStopped, match="repeated a page"):
        check(http, server.url + "/api/v4")
    assert len(server.requests_to(path)) <= 3


@pytest.mark.parametrize("kind", ["matters", "folders"])
def test_every_page_is_asked_for_once_and_the_count_comes_from_the_first(
    server: FaultyServer, http: HttpSession, tmp_path: Path, kind: str
) -> None:
    # The count is meta.records of the first page, which the export writes: no request of its
    # own, and the first page is not fetched a second time (folders are listed before the
    # other kinds, on their own way through the run).
    path = f"/api/v4/{kind}.json"
    pages = {"": ([1, 2, 3], "a"), "a": ([4, 5, 6], "b"), "b": ([7], None)}
    server.route(path, PagedList(pages, records=7))
    options = ExportOptions(kinds=(kind,), documents=False, reports=False, page_size=PAGE)
    result = ExportEngine(http, tmp_path / "out", options).run()
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    report = json.loads((tmp_path / "out" / "export-report.json").read_text(encoding="utf-8"))
    assert report["kinds"][kind]["expected"] == 7
    asked = [parse_qs(r.query).get("page_token", [""])[0] for r in server.requests_to(path)]
    assert sorted(asked) == ["", "a", "b"], asked


def test_a_listing_without_meta_records_is_counted_by_paging_and_verifies(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    pages = {"": ([1, 2, 3], "a"), "a": ([4, 5, 6], "b"), "b": ([7], None)}
    server.route(MATTERS, PagedList(pages))  # no meta.records anywhere
    engine = ExportEngine(
        http, tmp_path / "out", ExportOptions(kinds=("matters",), reports=False, page_size=PAGE)
    )
    assert engine.plan(with_sizes=False).kinds[0].expected == 7
    result = export_matters(http, tmp_path / "out")
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    assert verify(tmp_path / "out").verified
    report = json.loads((tmp_path / "out" / "export-report.json").read_text(encoding="utf-8"))
    assert report["kinds"]["matters"]["expected"] == 7
    counting = [r for r in server.requests_to(MATTERS) if "fields=id&" in r.query + "&"]
    assert len(counting) >= 3, "the count was not made by paging ids only"


def test_without_meta_records_and_no_way_to_count_every_not_verified_names_why(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    # No meta.records, and the listing of ids repeats its second page: no count can be made.
    pages = {"": ([1, 2, 3], "a"), "a": ([4, 5, 6], "a")}
    server.route(MATTERS, PagedList(pages))
    engine = ExportEngine(
        http, tmp_path / "out", ExportOptions(kinds=("matters",), reports=False, page_size=PAGE)
    )
    counted = engine.plan(with_sizes=False).kinds[0]  # the wizard's counting step ends
    assert counted.expected is None and "repeated a page" in (counted.uncounted or "")
    out = tmp_path / "out"
    result = export_matters(http, out)
    assert result.state is ExportState.INCOMPLETE and not result.verified
    assert_no_record_twice(out)
    assert any("gave no count" in reason for reason in failure_reasons(out)), failure_reasons(out)
    said = io.StringIO()
    assert main(["verify", str(out)], output=Output(said, io.StringIO())) == 1
    assert "NOT verified" in said.getvalue()
    assert "gave no count" in said.getvalue(), said.getvalue()
    assert "repeated a page" in said.getvalue(), said.getvalue()


# --------------------------------------------------------------------------- reports


def serve_reports(server: FaultyServer, *refusals: Status) -> None:
    """Two report jobs (1: trust ledger, 2: client ledger) that complete, then refuse their
    downloads with ``refusals``."""
    server.route(MATTERS, PagedList({"": ([1, 2], None)}, records=2))
    created = [Json({"data": {"id": n, "state": "queued"}}, status=201) for n in (1, 2)]
    server.route("/api/v4/reports.json", *created)
    for n, refusal in enumerate(refusals, start=1):
        server.route(f"/api/v4/reports/{n}.json", Json({"data": {"id": n, "state": "completed"}}))
        server.route(f"/api/v4/reports/{n}/download.json", refusal)


def test_a_refused_report_download_is_a_failure_in_the_report_and_the_command_line(
    server: FaultyServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_reports(server, Status(403, "Forbidden"), Status(404, "NotFound"))
    monkeypatch.setenv("ACCOUNT_DESK_TOKEN", "test-token")
    out = tmp_path / "out"
    said = io.StringIO()
    command = ["export", "--server", server.url, "--out", str(out), "--kinds", "matters"]
    assert main(command, output=Output(said, io.StringIO())) == 1
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    assert report["extra"]["reports_not_offered"] == []
    refused = {f["id"]: f["reason"] for f in report["kinds"]["reports"]["failed"]}
    assert set(refused) == {"trust_ledger", "client_ledger"}
    assert "403" in refused["trust_ledger"] and "404" in refused["client_ledger"]
    assert not report["complete"]
    text = said.getvalue()
    assert "NOT complete" in text and "trust_ledger" in text and "403" in text, text


def test_a_report_the_service_does_not_offer_is_named_so_and_not_a_failure(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    server.route(MATTERS, PagedList({"": ([1, 2], None)}, records=2))
    server.route("/api/v4/reports.json", Status(422, "InvalidRequest"), Status(404, "NotFound"))
    options = ExportOptions(kinds=("matters",), documents=False, page_size=PAGE)
    result = ExportEngine(http, tmp_path / "out", options).run()
    report = json.loads((tmp_path / "out" / "export-report.json").read_text(encoding="utf-8"))
    assert report["extra"]["reports_not_offered"] == ["trust_ledger", "client_ledger"]
    assert report["kinds"]["reports"]["failed"] == []
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)


# --------------------------------------------------------------------------- the update pass


def test_the_update_pass_ends_on_a_looping_listing_and_says_why(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    server.route(MATTERS, PagedList({"": ([1, 2, 3], "a"), "a": ([4, 5, 6], None)}, records=6))
    assert export_matters(http, out).state is ExportState.VERIFIED
    # A record more on the server, and from now on its second page names itself as the next.
    server.route(MATTERS, PagedList({"": ([1, 2, 3], "a"), "a": ([4, 5, 6, 7], "a")}, records=7))
    before = len(server.requests_to(MATTERS))
    result = export_matters(http, out)
    assert len(server.requests_to(MATTERS)) - before <= 12  # counts, the update, a new listing
    assert assert_no_record_twice(out) == [1, 2, 3, 4, 5, 6, 7]
    assert_stopped_with_reason(result, out, "repeated a page")


def test_a_listing_that_ends_short_of_its_count_is_not_called_complete(
    server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    """The last page came (no `next`), with fewer records than the server's own count: the
    report must not call that export complete, whatever verification says after it."""
    server.route(MATTERS, PagedList({"": ([1, 2, 3], None)}, records=5))
    export_matters(http, tmp_path / "out")
    assert assert_no_record_twice(tmp_path / "out") == [1, 2, 3]
    report = json.loads((tmp_path / "out" / "export-report.json").read_text(encoding="utf-8"))
    assert report["complete"] is False
    assert report["verified"] is False
