"""Faults a correct server never produces, injected by a proxy in front of the REAL reference
backend (tests/support/faulty_proxy.py): the export must ride out the transient ones and end
complete and verified, and end incomplete with the reason in its report for the permanent ones.
After every test nothing may have been written outside the export folder."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from app.export.control import ExportState
from app.export.engine import ExportEngine, ExportOptions, ExportResult
from app.export.verify import verify
from app.net.http import HttpSession, RetryPolicy, Timeouts, forget_limiters
from tests.support.backend import RunningBackend
from tests.support.faulty_proxy import (
    Answer,
    FaultyProxy,
    MalformedJson,
    MutateJson,
    RedirectTo,
    ResetMidBody,
    RewriteZip,
    Rule,
    Slow,
    Stall,
    Truncated,
)
from tests.support.faulty_server import FaultyServer, RangeFile

ROOT = Path(__file__).resolve().parents[2]
# Fast back-off so a burst of faults costs little time; the read time-out is short so a stalled
# answer is noticed quickly (the proxy stalls longer than this).
FAST = RetryPolicy(max_attempts=6, backoff_base=0.02, backoff_max=0.2, max_retry_after=5)
READ_TIMEOUT = 1.0
DOCS = ("folders", "documents")
LIST_DOCUMENTS = r"^/api/v4/documents\.json$"
LIST_MATTERS = r"^/api/v4/matters\.json$"
RATE_LIMITED = {"Retry-After": "0.3", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0.3"}


@pytest.fixture(scope="module")
def token(demo_backend: RunningBackend) -> str:
    """One token for the module: issuing one starts a process, which takes seconds."""
    return demo_backend.issue_token()


@pytest.fixture
def http(proxy: FaultyProxy, token: str) -> Iterator[HttpSession]:
    session = HttpSession(proxy.url, timeouts=Timeouts(connect=5, read=READ_TIMEOUT), retry=FAST)
    session.set_token(token)
    yield session
    session.close()


@pytest.fixture
def out(tmp_path: Path) -> Iterator[Path]:
    """The export folder, inside a parent that must hold nothing else when the test ends."""
    parent = tmp_path / "parent"
    parent.mkdir()
    folder = parent / "export"
    yield folder
    strays = [p for p in parent.rglob("*") if p != folder and folder not in p.parents]
    assert not strays, f"written outside the export folder: {strays}"


def export(http: HttpSession, out: Path, **options: Any) -> ExportResult:
    options.setdefault("reports", False)
    return ExportEngine(http, out, ExportOptions(**options)).run()


def manifest_documents(out: Path) -> dict[str, dict[str, Any]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {
        f["source_id"]: f for f in manifest["files"] if f["kind"] == "documents" and f["source_id"]
    }


def report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    return data


def assert_complete(result: ExportResult, out: Path, documents: int = 120) -> None:
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    assert verify(out).verified
    files = manifest_documents(out)
    assert len(files) == documents
    for entry in files.values():  # every document's bytes are on disk, intact
        local = out / entry["path"]
        assert local.stat().st_size == entry["size"]
        assert hashlib.sha256(local.read_bytes()).hexdigest() == entry["sha256"]
    assert not list(out.rglob("*.part"))


def first_document_id(demo_backend: RunningBackend, token: str) -> int:
    answer = requests.get(
        f"{demo_backend.url}/api/v4/documents.json",
        params={"fields": "id,size", "limit": 1, "order": "id(asc)"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return int(answer.json()["data"][0]["id"])


# --------------------------------------------------------------------------- transient


@pytest.mark.slow
def test_bursts_of_server_errors_and_a_rate_limit_storm_end_in_a_verified_export(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    proxy.add(
        Rule(Answer(503), path=LIST_MATTERS, times=3),
        Rule(Answer(502), path=LIST_DOCUMENTS, times=2),
        Rule(Answer(500), path=r"^/api/v4/folders\.json$", times=3),
        Rule(
            # As a limiting server sends it: the budget is spent, and when it comes back.
            Answer(429, "RateLimited", headers=RATE_LIMITED),
            path=r"^/api/v4/contacts\.json$",
            times=6,
        ),
        Rule(Answer(503, headers={"Retry-After": "0"}), listener="files", times=4),
    )
    result = export(http, out, kinds=("matters", "contacts", *DOCS), use_archives=False)
    assert_complete(result, out)
    assert report(out)["kinds"]["matters"]["exported"] == 40
    assert all(rule.applied == rule.times for rule in proxy.rules), "every fault was served"


@pytest.mark.slow
def test_broken_and_stalled_downloads_resume_with_if_range_and_verify(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    proxy.add(
        Rule(ResetMidBody(cut_at=7_000), listener="files", times=3),
        Rule(Truncated(cut_at=5_000), listener="files", skip=5, times=3),
        Rule(Stall(seconds=READ_TIMEOUT * 3), listener="files", skip=10, times=2),
        Rule(ResetMidBody(cut_at=300), path=LIST_DOCUMENTS, times=1),
        Rule(Truncated(cut_at=500), path=LIST_MATTERS, times=1),
    )
    result = export(http, out, kinds=("matters", *DOCS), use_archives=False)
    assert_complete(result, out)
    assert all(rule.applied == rule.times for rule in proxy.rules), "every fault was served"
    assert not any(s.header("Authorization") for s in proxy.seen("files")), "token leaked"


@pytest.mark.slow
def test_a_large_download_broken_midway_continues_with_range_and_if_range(
    backend_factory: Callable[..., RunningBackend], out: Path
) -> None:
    size = 900_000  # several read chunks, so a break leaves bytes to continue from
    backend = backend_factory(
        "--seed", "bench", "--records", "200", "--documents", "3", "--document-bytes", str(size)
    )
    with FaultyProxy(backend) as proxy:
        proxy.add(
            Rule(Truncated(cut_at=700_000), listener="files", path="^/download/document/1$"),
            Rule(Truncated(cut_at=600_000), listener="files", path="^/download/document/2$"),
        )
        session = HttpSession(proxy.url, timeouts=Timeouts(read=READ_TIMEOUT * 5), retry=FAST)
        session.set_token(backend.issue_token())
        try:
            result = export(session, out, kinds=DOCS, use_archives=False, workers=1)
        finally:
            session.close()
            forget_limiters()
        resumed = [s for s in proxy.seen("files") if s.header("Range")]
    assert_complete(result, out, documents=3)
    assert len(resumed) == 2, "both broken downloads continued with a Range request"
    for request in resumed:
        assert (request.header("Range") or "").startswith("bytes=") and request.header("If-Range")
    assert sum(1 for s in proxy.seen("files") if not s.header("Range")) == 3, "none restarted"


@pytest.mark.slow
def test_an_unreadable_count_on_the_first_page_is_made_by_paging_ids_and_the_page_kept(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    def count_as_words(page: Any) -> Any:
        return {**page, "meta": {**page["meta"], "records": "forty"}}

    proxy.add(Rule(MutateJson(count_as_words), path=LIST_MATTERS, times=1))  # the first page
    result = export(http, out, kinds=("matters",), documents=False)
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    assert report(out)["kinds"]["matters"]["expected"] == 40
    listed = [s for s in proxy.seen("api", LIST_MATTERS) if "fields=id&" not in s.query + "&"]
    assert len(listed) == 1, "the first page was fetched again"


@pytest.mark.slow
def test_a_malformed_page_is_reported_then_fetched_by_the_next_run(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    proxy.add(Rule(MalformedJson(), path=LIST_MATTERS, times=1))  # the first page
    first = export(http, out, kinds=("matters",), documents=False)
    assert first.state is ExportState.INCOMPLETE
    failed = report(out)["kinds"]["matters"]["failed"]
    assert failed and "cannot read" in failed[0]["reason"].lower()
    assert not verify(out).verified

    second = export(http, out, kinds=("matters",), documents=False)
    assert second.state is ExportState.VERIFIED, (second.problems, second.failures)
    assert report(out)["kinds"]["matters"]["failed"] == []
    ids = [json.loads(line)["id"] for line in (out / "records/matters.jsonl").open()]
    assert len(ids) == len(set(ids)) == 40


@pytest.mark.slow
def test_a_distant_service_gives_the_messages_of_several_conversations_at_once(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    """The service lists messages one conversation at a time; over a slow link the export asks
    for the next conversations' messages together, and still writes them once each, in the
    conversations' order."""
    slow = Slow(0.15)
    proxy.add(Rule(slow, path=r"^/api/v4/conversation_messages\.json$", times=None))
    kinds = ("conversations", "conversation_messages")
    result = export(http, out, kinds=kinds, documents=False)
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    conversations = [json.loads(line) for line in (out / "records/conversations.jsonl").open()]
    asked = proxy.seen("api", r"^/api/v4/conversation_messages\.json$")
    assert len(asked) >= len([c for c in conversations if c["message_count"]]) > 8
    workers = ExportOptions().kind_workers
    assert 3 <= slow.most_at_once <= workers + 1, slow.most_at_once
    messages = [json.loads(line) for line in (out / "records/conversation_messages.jsonl").open()]
    assert len(messages) == sum(c["message_count"] for c in conversations)
    assert len({m["id"] for m in messages}) == len(messages), "a message written twice"
    order = [m["conversation"]["id"] for m in messages]
    assert order == sorted(order), "the messages of one conversation are not together, in order"


# --------------------------------------------------------------------------- permanent


@pytest.mark.slow
@pytest.mark.parametrize(("status", "error_type"), [(404, "NotFound"), (403, "Forbidden")])
def test_a_document_refused_for_good_leaves_an_incomplete_export_that_says_why(
    proxy: FaultyProxy,
    http: HttpSession,
    out: Path,
    demo_backend: RunningBackend,
    status: int,
    error_type: str,
    token: str,
) -> None:
    victim = first_document_id(demo_backend, token)
    proxy.add(
        Rule(Answer(status, error_type), path=rf"^/api/v4/documents/{victim}/download", times=None)
    )
    result = export(http, out, kinds=DOCS, use_archives=False)
    assert result.state is ExportState.INCOMPLETE and not result.verified
    failed = report(out)["kinds"]["documents"]["failed"]
    assert [(f["id"], f["permanent"]) for f in failed] == [(str(victim), True)]
    assert f"HTTP {status}" in failed[0]["reason"]
    assert str(victim) not in manifest_documents(out)
    assert len(manifest_documents(out)) == 119
    assert not report(out)["verified"] and not verify(out).verified

    # The failure is not forgotten by the next run: tried again, still refused, still reported.
    again = export(http, out, kinds=DOCS, use_archives=False)
    assert again.state is ExportState.INCOMPLETE
    assert [f["id"] for f in report(out)["kinds"]["documents"]["failed"]] == [str(victim)]

    # Once the server hands it out, the failure is cleared and the export verifies.
    proxy.clear()
    fixed = export(http, out, kinds=DOCS, use_archives=False)
    assert_complete(fixed, out)


@pytest.mark.slow
def test_a_kind_that_is_gone_makes_the_export_incomplete_with_the_reason(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    proxy.add(Rule(Answer(410, "ContentDeleted"), path=r"^/api/v4/bills\.json$", times=None))
    result = export(http, out, kinds=("bills", "matters"), documents=False)
    assert result.state is ExportState.INCOMPLETE and not result.verified
    bills = report(out)["kinds"]["bills"]
    assert bills["failed"] and "410" in bills["failed"][0]["reason"]
    assert bills["failed"][0]["permanent"] is True
    assert report(out)["kinds"]["matters"]["exported"] == 40


@pytest.mark.slow
def test_the_command_line_exits_1_and_names_what_is_missing(
    proxy: FaultyProxy, token: str, out: Path, tmp_path: Path
) -> None:
    proxy.add(Rule(Answer(410, "ContentDeleted"), path=r"^/api/v4/bills\.json$", times=None))
    command = [sys.executable, "-m", "app.cli", "export", "--server", proxy.url]
    command += ["--out", str(out), "--kinds", "bills,matters", "--no-documents"]
    command += ["--profile", str(tmp_path / "profile")]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "ACCOUNT_DESK_TOKEN": token},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "NOT complete" in done.stdout
    missing = done.stdout.split("What is missing:")[1]
    assert "Bills" in missing and "HTTP 410" in missing
    assert "Matters" not in missing
    assert not verify(out).verified


# --------------------------------------------------------------------------- untrusted data


def _hostile_names(document: Any) -> Any:
    names = [
        "../../../escape.txt",
        "/etc/passwd",
        "C:\\Windows\\system32\\evil.dll",
        "\\\\server\\share\\x.doc",
        "CON",
        "aux.txt",
        "trailing dot. ",
        "ctrl\x01char\x1f.txt",
        "bidi\u202egpj.exe",
        "x" * 400 + ".pdf",
        "Report.pdf",
        "report.PDF",
        "REPORT.pdf",
        unicodedata.normalize("NFC", "résumé.docx"),
        unicodedata.normalize("NFD", "résumé.docx"),
        "..",
        ".",
        "",
    ]
    for index, record in enumerate(document.get("data", [])):
        record["name"] = names[index % len(names)]
        if index % 7 == 3:
            record["filename"] = "../../../../tmp/evil"
    return document


def _hostile_folders(document: Any) -> Any:
    for index, record in enumerate(document.get("data", [])):
        record["name"] = ["..", "../..", "/", "NUL", "a/../../b", "Same", "same"][index % 7]
    return document


@pytest.mark.slow
def test_hostile_and_colliding_names_stay_inside_and_unique(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    proxy.add(
        Rule(MutateJson(_hostile_names), path=LIST_DOCUMENTS, times=None),
        Rule(MutateJson(_hostile_folders), path=r"^/api/v4/folders\.json$", times=None),
    )
    result = export(http, out, kinds=DOCS, use_archives=False)
    assert_complete(result, out)
    assert not Path("/tmp/evil").exists() and not Path("/etc/evil.dll").exists()
    paths = [entry["path"] for entry in manifest_documents(out).values()]
    folded = {unicodedata.normalize("NFC", p).casefold() for p in paths}
    assert len(folded) == len(paths) == 120, "names that collide got distinct paths"
    for path in paths:
        assert path.startswith("documents/") and ".." not in path.split("/")
        for part in path.split("/"):
            assert part and part == part.rstrip(". ")
            assert part.split(".")[0].upper() not in ("CON", "AUX", "NUL", "PRN")
            assert not any(ord(c) < 32 or c == "\u202e" for c in part)
            assert len(part.encode()) <= 255


@pytest.mark.slow
def test_archive_entries_that_try_to_escape_land_inside(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    escapes = iter(["../../../../outside/", "/tmp/absolute/", "C:/Windows/", "..\\..\\"])
    proxy.add(
        Rule(
            RewriteZip(lambda name: next(escapes, "../") + name.split("/")[-1]),
            listener="files",
            times=None,
        )
    )
    result = export(http, out, kinds=DOCS)
    assert_complete(result, out)
    assert proxy.rules[0].applied >= 1, "the documents came in an archive"
    assert not Path("/tmp/absolute").exists() and not Path("/outside").exists()


@pytest.mark.slow
def test_wrong_types_in_records_fail_only_those_items(
    proxy: FaultyProxy, http: HttpSession, out: Path
) -> None:
    def wrong_types(document: Any) -> Any:
        data = document.get("data", [])
        if len(data) > 3:  # a page of records
            data[0]["id"] = "not a number"
            data[1]["size"] = "huge"
            data[2]["name"] = {"nested": True}
            data[3]["parent"] = "folder?"
        return document

    proxy.add(Rule(MutateJson(wrong_types), path=LIST_DOCUMENTS, times=1))
    result = export(http, out, kinds=DOCS, use_archives=False)
    assert result.state is ExportState.INCOMPLETE and not result.verified
    failed = report(out)["kinds"]["documents"]["failed"]
    assert [f["id"] for f in failed] == ["?"] and "usable id" in failed[0]["reason"]
    assert len(manifest_documents(out)) == 119  # the other odd ones were still fetched


@pytest.mark.slow
def test_a_redirect_to_another_origin_never_carries_the_token(
    proxy: FaultyProxy,
    http: HttpSession,
    out: Path,
    demo_backend: RunningBackend,
    token: str,
) -> None:
    victim = first_document_id(demo_backend, token)
    signed = requests.get(
        f"{demo_backend.url}/api/v4/documents/{victim}/download.json",
        headers={"Authorization": f"Bearer {token}"},
        allow_redirects=False,
        timeout=10,
    )
    content = requests.get(signed.headers["Location"], timeout=10).content
    with FaultyServer() as foreign:
        foreign.route("/elsewhere", RangeFile(content))
        proxy.add(
            Rule(
                RedirectTo(foreign.url + "/elsewhere"),
                path=rf"^/api/v4/documents/{victim}/download",
            )
        )
        result = export(http, out, kinds=DOCS, use_archives=False)
        assert_complete(result, out)
        reached = foreign.requests_to("/elsewhere")
        assert reached and not any(r.header("Authorization") for r in reached)
    assert manifest_documents(out)[str(victim)]["sha256"] == hashlib.sha256(content).hexdigest()
