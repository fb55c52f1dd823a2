"""Export the demo firm from the real reference backend and check it as a person would: every
kind has the server's count and contents, every document's bytes are the server's, the folder
verifies, and an interrupted export resumes without losing or repeating anything."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from app.export import pagework
from app.export.control import ExportControl, ExportState, Progress
from app.export.documents import archives
from app.export.documents import run as documents_run
from app.export.documents import streamed as streamed_archives
from app.export.documents.unzip import extract_entries
from app.export.engine import ExportEngine, ExportOptions
from app.export.kinds import ALL_KINDS, Kind, kind_by_key
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend

TIMEOUT = 30


@pytest.fixture
def http(demo_backend: RunningBackend) -> Iterator[HttpSession]:
    session = HttpSession(demo_backend.url)
    session.set_token(demo_backend.issue_token())
    yield session
    session.close()


def _server_records(
    backend: RunningBackend, token: str, kind: Kind, extra: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """All records of a kind, fetched with plain requests (independently of the engine); a
    list given one parent at a time, parent by parent in id order."""
    if kind.parent is not None:
        parents = _server_records(backend, token, kind_by_key(kind.parent.kind))
        return [
            record
            for parent in sorted(parents, key=lambda p: p["id"])
            for record in _server_records(
                backend,
                token,
                dataclasses.replace(kind, parent=None),
                {kind.parent.param: parent["id"]},
            )
        ]
    headers = {"Authorization": f"Bearer {token}"}
    url: str | None = f"{backend.url}/api/v4/{kind.endpoint}.json"
    params: dict[str, Any] | None = {
        "fields": kind.fields_param,
        "limit": 200,
        "order": "id(asc)",
        **dict(kind.params),
        **(extra or {}),
    }
    records: list[dict[str, Any]] = []
    while url:
        answer = requests.get(url, params=params, headers=headers, timeout=TIMEOUT)
        answer.raise_for_status()
        page = answer.json()
        records.extend(page["data"])
        url, params = page["meta"]["paging"].get("next"), None
    return records


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _server_file_sha256(backend: RunningBackend, token: str, document_id: int) -> str:
    first = requests.get(
        f"{backend.url}/api/v4/documents/{document_id}/download.json",
        headers={"Authorization": f"Bearer {token}"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert first.status_code == 303
    body = requests.get(first.headers["Location"], timeout=TIMEOUT)  # no token to the files host
    body.raise_for_status()
    return hashlib.sha256(body.content).hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("unpacking", ["here", "in workers", "streamed"])
def test_the_demo_firm_exports_completely_and_verifies(
    demo_backend: RunningBackend,
    http: HttpSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unpacking: str,
) -> None:
    out = tmp_path / "Harbor export"
    seen: list[Progress] = []
    copied_in_workers: list[bool] = []
    streamed: list[int] = []
    zips_on_disk: list[int] = []
    if unpacking == "streamed":  # as for archives over 4 MiB: unpacked as they download
        monkeypatch.setattr(streamed_archives, "WHOLE_ARCHIVE", 0)
        stream_entry = streamed_archives._stream_entry

        def counted(*args: Any, **kwargs: Any) -> Any:
            entry = stream_entry(*args, **kwargs)
            streamed.append(0 if entry is None else 1)
            return entry

        monkeypatch.setattr(streamed_archives, "_stream_entry", counted)
    fetch_archive = documents_run.fetch_archive

    def fetched_whole(*args: Any, **kwargs: Any) -> Any:
        zips_on_disk.append(1)
        return fetch_archive(*args, **kwargs)

    monkeypatch.setattr(documents_run, "fetch_archive", fetched_whole)
    if unpacking == "in workers":  # as for an export with over 32 MiB in archives
        monkeypatch.setattr(documents_run, "UNPACK_IN_WORKERS_BYTES", 0)
        submit = pagework.KeptWorker.submit

        def watched(self: pagework.KeptWorker, fn: Any, *args: Any) -> Any:
            job = submit(self, fn, *args)
            if fn is extract_entries:
                copied_in_workers.append(job is not None)
            return job

        monkeypatch.setattr(pagework.KeptWorker, "submit", watched)
    options = ExportOptions(firm_name="Harbor & Finch LLP", stream_archives=unpacking == "streamed")
    result = ExportEngine(http, out, options, on_progress=seen.append).run()
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    assert result.verified
    assert all(copied_in_workers) and bool(copied_in_workers) == (unpacking == "in workers")
    if unpacking == "streamed":  # every archived document came out of a stream, intact
        assert len(streamed) >= 100 and all(streamed) and not zips_on_disk
    else:
        assert zips_on_disk and not streamed

    token = demo_backend.issue_token()
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    for kind in ALL_KINDS:
        exported = _jsonl(out / "records" / f"{kind.key}.jsonl")
        assert exported == _server_records(demo_backend, token, kind), kind.key
        assert report["kinds"][kind.key]["exported"] == len(exported) > 0, kind.key
        with open(out / "records" / f"{kind.key}.csv", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == len(exported), kind.key
        assert [row["id"] for row in rows] == [str(record["id"]) for record in exported]
        for row in rows:  # nothing a spreadsheet would run as a formula
            assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row.values())

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    documents = {
        f["source_id"]: f for f in manifest["files"] if f["kind"] == "documents" and f["source_id"]
    }
    server_documents = _jsonl(out / "records" / "documents.jsonl")
    assert len(documents) == len(server_documents) == 120
    for record in server_documents:
        entry = documents[str(record["id"])]
        local = out / entry["path"]
        assert local.is_file() and local.stat().st_size == record["size"]
        assert entry["path"].startswith("documents/")
        assert hashlib.sha256(local.read_bytes()).hexdigest() == entry["sha256"]
    for record in server_documents[::15]:  # the bytes are the server's
        assert documents[str(record["id"])]["sha256"] == _server_file_sha256(
            demo_backend, token, record["id"]
        )

    assert report["verified"] and report["complete"]
    assert report["kinds"]["matters"]["expected"] == report["kinds"]["matters"]["exported"] == 40
    assert report["documents_exported"] == 120
    # the trust records: the trust account's transactions are the trust line items
    assert report["kinds"]["bank_accounts"]["exported"] == 2
    assert report["kinds"]["bank_transactions"]["exported"] == 130
    assert report["kinds"]["credit_memos"]["exported"] == 12
    assert report["kinds"]["relationships"]["exported"] == 60
    assert report["kinds"]["conversations"]["exported"] == 25
    assert report["kinds"]["comments"]["exported"] == 40
    assert report["kinds"]["reminders"]["exported"] == 50
    assert report["kinds"]["matter_stages"]["exported"] == 40
    firm_lists = ("document_categories", "task_types", "expense_categories")
    assert [report["kinds"][key]["exported"] for key in firm_lists] == [4, 3, 5]
    assert report["kinds"]["activity_descriptions"]["exported"] == 5
    assert report["kinds"]["calendars"]["exported"] == 6
    # the lists added last, with the server's counts (each list's meta.records)
    for kind in ALL_KINDS[30:]:
        if kind.parent is None:
            answer = requests.get(
                f"{demo_backend.url}/api/v4/{kind.endpoint}.json",
                params={"limit": 1},
                headers={"Authorization": f"Bearer {token}"},
                timeout=TIMEOUT,
            )
            assert report["kinds"][kind.key]["exported"] == answer.json()["meta"]["records"]
    messages = _jsonl(out / "records" / "conversation_messages.jsonl")
    conversations = _jsonl(out / "records" / "conversations.jsonl")
    assert len(messages) == sum(c["message_count"] for c in conversations) > 25
    assert [m["id"] for m in messages] == [m["id"] for c in conversations for m in c["messages"]]
    trust_items = _jsonl(out / "records" / "trust_line_items.jsonl")
    trust_moves = [
        move
        for move in _jsonl(out / "records" / "bank_transactions.jsonl")
        if move["bank_account"]["type"] == "Trust"
    ]
    assert len(trust_moves) == len(trust_items) == 90
    assert sum(round(m["amount"] * 100) for m in trust_moves) == sum(
        round(i["total"] * 100) for i in trust_items
    )
    # every exported bill's exported lines add up to it
    line_cents: dict[int, int] = {}
    for line in _jsonl(out / "records" / "line_items.jsonl"):
        bill_id = line["bill"]["id"]
        line_cents[bill_id] = line_cents.get(bill_id, 0) + round(line["total"] * 100)
    bills = _jsonl(out / "records" / "bills.jsonl")
    assert line_cents == {bill["id"]: round(bill["total"] * 100) for bill in bills}
    assert report["kinds"]["line_items"]["exported"] > len(bills) == 60
    # and what each says was paid is what was allocated to it
    allocated: dict[int, int] = {}
    for allocation in _jsonl(out / "records" / "allocations.jsonl"):
        bill_id = allocation["bill"]["id"]
        allocated[bill_id] = allocated.get(bill_id, 0) + round(allocation["amount"] * 100)
    assert allocated == {b["id"]: round(b["paid"] * 100) for b in bills if b["paid"]}
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Harbor &amp; Finch LLP" in page
    assert "<script src" not in page and "<link" not in page and "https://" not in page
    assert not list(out.rglob("*.part"))
    # progress went somewhere a user could watch
    assert seen[-1].state is ExportState.VERIFIED
    assert seen[-1].records_done == seen[-1].records_total > 0
    assert seen[-1].documents_done == 120
    assert verify(out).verified


class _CancelAtRequest(HttpSession):
    """An HttpSession that cancels `control` just before the engine sends its `at`-th request
    whose URL contains `marker`: a Cancel pressed at a known point of the run, however fast the
    machine (watching throttled progress for a count can see it only after the phase ended)."""

    def __init__(self, url: str, token: str, control: ExportControl, marker: str, at: int):
        super().__init__(url)
        self.set_token(token)
        self._control, self._marker, self._at = control, marker, at
        self._lock = threading.Lock()
        self.seen = 0

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        if self._marker in url:
            with self._lock:
                self.seen += 1
                if self.seen == self._at:
                    self._control.cancel()
        return super().request(method, url, **kwargs)


def _document_files(out: Path) -> list[Path]:
    return [p for p in (out / "documents").rglob("*") if p.is_file()]


@pytest.mark.slow
def test_a_cancelled_export_resumes_without_duplicates_and_a_finished_one_only_reverifies(
    demo_backend: RunningBackend, http: HttpSession, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    # Small pages and archives of 10 documents, so each phase takes many requests.
    options = ExportOptions(page_size=25, workers=2, archive_batch_documents=10)

    def cancelling(marker: str, at: int) -> tuple[ExportControl, _CancelAtRequest]:
        control = ExportControl()
        return control, _CancelAtRequest(
            demo_backend.url, demo_backend.issue_token(), control, marker, at
        )

    # Cancelled while the records are being paged: nothing of the documents started.
    control, watched = cancelling("/api/v4/", 12)
    try:
        first = ExportEngine(watched, out, options, control=control).run()
    finally:
        watched.close()
    assert first.state is ExportState.CANCELLED
    assert not (out / "manifest.json").exists()
    assert not _document_files(out)

    # Cancelled as the eighth of twelve archives is asked for: at most four are on their way at
    # once (two download threads, two unpack threads), so at least four are unpacked by then,
    # and the last five are still to come.
    control, watched = cancelling("/document_archives.json", 8)
    try:
        second = ExportEngine(watched, out, options, control=control).run()
    finally:
        watched.close()
    assert second.state is ExportState.CANCELLED
    assert not (out / "manifest.json").exists()
    assert 0 < len(_document_files(out)) < 120

    third = ExportEngine(http, out, options).run()
    assert third.state is ExportState.VERIFIED, (third.problems, third.failures)
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    for kind in ALL_KINDS:
        ids = [record["id"] for record in _jsonl(out / "records" / f"{kind.key}.jsonl")]
        assert len(ids) == len(set(ids)), f"{kind.key} has duplicates"
        assert len(ids) == report["kinds"][kind.key]["expected"], kind.key
        csv_text = (out / "records" / f"{kind.key}.csv").read_text(encoding="utf-8-sig")
        assert len(list(csv.DictReader(io.StringIO(csv_text)))) == len(ids)

    # A Cancel while a finished folder is only being verified again stops that too (hashing
    # every file of a large export takes minutes), and leaves the folder finished.
    control = ExportControl()

    def cancel_when_verifying(progress: Progress) -> None:
        if progress.state is ExportState.VERIFYING:
            control.cancel()

    only_verify = dataclasses.replace(options, incremental=False)  # no update requests
    stopped = ExportEngine(
        http, out, only_verify, control=control, on_progress=cancel_when_verifying
    )
    assert stopped.run().state is ExportState.CANCELLED

    again = ExportEngine(http, out, options).run()
    assert again.state is ExportState.VERIFIED and again.reused

    # a document lost after the export is noticed and fetched again on the next run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    victim = next(f for f in manifest["files"] if f["kind"] == "documents" and f["source_id"])
    (out / victim["path"]).unlink()
    assert not verify(out).verified
    repaired = ExportEngine(http, out, options).run()
    assert repaired.state is ExportState.VERIFIED and not repaired.reused
    assert (out / victim["path"]).stat().st_size == victim["size"]


@pytest.mark.slow
def test_the_next_archive_downloads_while_the_last_one_is_unpacked(
    http: HttpSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk takes one zip's documents while the server builds and sends the next: a slow
    unpack must not hold back the requests for the following archives."""
    clock = threading.Lock()
    unpacking = 0
    asked_while_unpacking: list[bool] = []
    unpack = archives.unpack_archive
    archive_job = archives.archive_job

    def slow_unpack(*args: Any, **kwargs: Any) -> Any:
        nonlocal unpacking
        with clock:
            unpacking += 1
        try:
            threading.Event().wait(0.3)  # a slow disk
            return unpack(*args, **kwargs)
        finally:
            with clock:
                unpacking -= 1

    def watched_job(*args: Any, **kwargs: Any) -> Any:
        with clock:
            asked_while_unpacking.append(unpacking > 0)
        return archive_job(*args, **kwargs)

    monkeypatch.setattr(documents_run, "unpack_archive", slow_unpack)
    monkeypatch.setattr(documents_run, "archive_job", watched_job)
    # one download thread: before, it unpacked each zip itself before asking for the next
    options = ExportOptions(workers=1, archive_batch_documents=10)
    result = ExportEngine(http, tmp_path / "export", options).run()

    assert result.verified, (result.problems, result.failures)
    assert len(asked_while_unpacking) >= 10  # 120 documents, ten to a zip
    # most zips were asked for while another was being unpacked (none, when one thread did
    # both in turn); how many exactly depends on how fast this machine builds them
    assert sum(asked_while_unpacking) >= len(asked_while_unpacking) / 2
    assert result.report is not None and result.report.documents_exported == 120


@pytest.mark.slow
def test_cancelled_among_the_conversations_messages_the_export_resumes_at_that_conversation(
    demo_backend: RunningBackend, http: HttpSession, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    kinds = ("conversations", "conversation_messages")
    options = ExportOptions(kinds=kinds, documents=False, reports=False, page_size=2)
    control = ExportControl()
    watched = _CancelAtRequest(
        demo_backend.url, demo_backend.issue_token(), control, "/conversation_messages.json", 10
    )
    try:
        first = ExportEngine(watched, out, options, control=control).run()
    finally:
        watched.close()
    assert first.state is ExportState.CANCELLED
    part = _jsonl(out / "records" / "conversation_messages.jsonl")
    done = ExportEngine(http, out, options).run()
    assert done.state is ExportState.VERIFIED, (done.problems, done.failures)
    messages = _jsonl(out / "records" / "conversation_messages.jsonl")
    token = demo_backend.issue_token()
    assert messages == _server_records(demo_backend, token, kind_by_key("conversation_messages"))
    assert 0 < len(part) < len(messages)
    assert messages[: len(part)] == part  # what was written before the cancel is kept
    assert len({m["id"] for m in messages}) == len(messages)
