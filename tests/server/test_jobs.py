"""Asynchronous document archives and reports: created queued, polled to completion through the
published states only, downloaded by 303 like a document, with contents that agree with the
records."""

from __future__ import annotations

import csv
import hashlib
import io
import time
import unicodedata
import zipfile
from decimal import Decimal
from typing import Any

import pytest

from tests.support.backend import RunningBackend
from tests.support.practice_api import DataApi

# The published states of DocumentArchive; a Report may also be "empty".
STATES = {"not_started", "queued", "in_progress", "completed", "failed"}
REPORT_STATES = STATES | {"empty"}


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _folder_paths(api: DataApi) -> dict[int, str]:
    folders = {f["id"]: f for f in api.records("folders.json", fields="id,name,root,parent{id}")}

    def path(folder_id: int) -> str:
        folder = folders[folder_id]
        if folder["root"]:
            return ""
        above = path(folder["parent"]["id"])
        return f"{above}/{folder['name']}" if above else folder["name"]

    return {folder_id: path(folder_id) for folder_id in folders}


def _documents(api: DataApi) -> list[dict[str, Any]]:
    return api.records(
        "documents.json", fields="id,name,size,parent{id},latest_document_version{etag}"
    )


def _below(folder_id: int, paths: dict[int, str]) -> set[int]:
    prefix = paths[folder_id]
    return {fid for fid, path in paths.items() if path == prefix or path.startswith(prefix + "/")}


def test_a_folder_archive_holds_every_document_below_it_named_as_stored(api: DataApi) -> None:
    paths = _folder_paths(api)
    documents = _documents(api)
    hostile = next(d for d in documents if d["name"] == "../../outside.txt")
    folder_id = hostile["parent"]["id"]
    expected = {
        f"{paths[d['parent']['id']]}/{d['name']}": d
        for d in documents
        if d["parent"]["id"] in _below(folder_id, paths)
    }

    created = api.post(
        "document_archives.json", {"data": {"items": [{"id": folder_id, "type": 2}]}}
    )
    assert created.status_code == 201, created.text
    job = created.json()["data"]
    assert job["state"] in STATES and 0 <= job["progress"] <= 100
    done = api.wait_for_job(f"document_archives/{job['id']}.json")
    assert done["state"] == "completed" and done["progress"] == 100

    download = api.follow_download(f"document_archives/{job['id']}/download.json")
    assert download.status_code == 200
    assert download.headers["X-Content-SHA256"] == hashlib.sha256(download.content).hexdigest()
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(expected)
        # the hostile names survive exactly, for the client to make safe
        folder_path = paths[folder_id]
        for name in (
            "../../outside.txt",
            "CON.txt",
            "Invoice.pdf",
            "invoice.pdf",
            "Notes for file.",
        ):
            assert f"{folder_path}/{name}" in names
        twins = {n for n in names if unicodedata.normalize("NFC", n).endswith("/Résumé.txt")}
        assert len(twins) == 2  # the NFC and the NFD spelling, both kept
        for info in archive.infolist():
            document = expected[info.filename]
            digest = hashlib.sha256(archive.read(info)).hexdigest()
            assert f'"{digest}"' == document["latest_document_version"]["etag"]
            assert info.comment == f"document_id={document['id']}".encode()


def test_a_document_archive_of_single_documents(api: DataApi) -> None:
    created = api.post(
        "document_archives.json",
        {"data": {"items": [{"id": 4, "type": 1}, {"id": 9, "type": 1}]}},
    )
    assert created.status_code == 201
    job = api.wait_for_job(f"document_archives/{created.json()['data']['id']}.json")
    assert job["state"] == "completed"
    body = api.follow_download(f"document_archives/{job['id']}/download.json").content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert len(archive.namelist()) == 2


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"data": {"items": [{"id": 999999, "type": 1}]}}, 404),
        ({"data": {"items": [{"id": 999999, "type": 2}]}}, 404),
        ({"data": {"items": [{"id": 1, "type": "Matter"}]}}, 400),
        # the published type is an integer: the name is refused, and so is an unknown number
        ({"data": {"items": [{"id": 4, "type": "Document"}]}}, 400),
        ({"data": {"items": [{"id": 4, "type": "1"}]}}, 400),
        ({"data": {"items": [{"id": 4, "type": True}]}}, 400),
        ({"data": {"items": [{"id": 4, "type": 7}]}}, 422),
        ({"data": {"items": [{"id": 4}]}}, 400),
        ({"data": {"items": [{"id": "1", "type": 1}]}}, 400),
        ({"data": {"items": [{"id": 2**70, "type": 1}]}}, 400),
        ({"data": {"items": []}}, 400),
        ({"items": []}, 400),
        ([1, 2], 400),
    ],
)
def test_bad_archive_requests_are_refused(api: DataApi, body: Any, status: int) -> None:
    answer = api.post("document_archives.json", body)
    assert answer.status_code == status, answer.text
    assert set(answer.json()["error"]) >= {"type", "message"}


def test_a_malformed_body_is_a_400(api: DataApi) -> None:
    answer = api.session.post(
        api.url("document_archives.json"),
        data=b"{not json",
        headers={"Authorization": f"Bearer {api.token}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 400


def test_unknown_jobs_are_404(api: DataApi) -> None:
    assert api.get("document_archives/987654.json").status_code == 404
    assert api.get("document_archives/987654/download.json").status_code == 404
    assert api.get("reports/987654.json").status_code == 404


def _report(api: DataApi, kind: str) -> list[dict[str, str]]:
    created = api.post("reports.json", {"data": {"kind": kind, "format": "csv"}})
    assert created.status_code == 201, created.text
    report = created.json()["data"]
    assert report["kind"] == kind and report["format"] == "csv"
    assert report["state"] in REPORT_STATES
    done = api.wait_for_job(f"reports/{report['id']}.json")
    assert done["state"] == "completed" and done["progress"] == 100
    answer = api.follow_download(f"reports/{report['id']}/download.json")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8"))))


def test_the_trust_ledger_agrees_with_the_trust_line_items(api: DataApi) -> None:
    rows = _report(api, "trust_ledger")
    items = api.records("trust_line_items.json", fields="id,total,matter{display_number}")
    assert len(rows) == len(items)
    assert sum(Decimal(r["Amount"]) for r in rows) == sum(Decimal(str(i["total"])) for i in items)
    assert all(Decimal(r["Balance"]) >= 0 for r in rows), "trust never goes below zero"
    held = sum(
        Decimal(r["Balance"])
        for i, r in enumerate(rows)
        if i + 1 == len(rows) or rows[i + 1]["Matter"] != r["Matter"]
    )
    assert held > 0


def test_the_client_ledger_balances_match_the_bills(api: DataApi) -> None:
    rows = _report(api, "client_ledger")
    bills = api.records("bills.json", fields="id,state,balance,client{name}")
    owed: dict[str, Decimal] = {}
    for bill in bills:
        if bill["state"] not in ("draft", "void", "deleted"):
            name = bill["client"]["name"]
            owed[name] = owed.get(name, Decimal(0)) + Decimal(str(bill["balance"]))
    last_balance = {row["Client"]: Decimal(row["Balance"]) for row in rows}
    assert last_balance == owed


def test_unsupported_reports_are_refused(api: DataApi) -> None:
    assert (
        api.post("reports.json", {"data": {"kind": "revenue", "format": "csv"}}).status_code == 400
    )
    answer = api.post("reports.json", {"data": {"kind": "trust_ledger", "format": "pdf"}})
    assert answer.status_code == 400


def _states_seen(api: DataApi, path: str) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + 60
    while not seen or seen[-1] not in ("completed", "empty", "failed"):
        assert time.monotonic() < deadline, seen
        answer = api.get(path)
        assert answer.status_code == 200, answer.text
        seen.append(answer.json()["data"]["state"])
    return seen


def test_jobs_go_through_the_published_states_only(api: DataApi) -> None:
    created = api.post("document_archives.json", {"data": {"items": [{"id": 4, "type": 1}]}})
    archive = created.json()["data"]
    seen = [archive["state"], *_states_seen(api, f"document_archives/{archive['id']}.json")]
    assert set(seen) <= STATES and seen[-1] == "completed", seen
    created = api.post("reports.json", {"data": {"kind": "client_ledger", "format": "csv"}})
    report = created.json()["data"]
    seen = [report["state"], *_states_seen(api, f"reports/{report['id']}.json")]
    assert set(seen) <= REPORT_STATES and seen[-1] == "completed", seen


def test_a_report_with_no_entries_is_empty(backend_factory) -> None:  # type: ignore[no-untyped-def]
    """A firm without trust money: the trust ledger has nothing to list."""
    backend = backend_factory("--seed", "bench", "--records", "20", "--documents", "0")
    empty_firm = DataApi(backend, backend.issue_token("administrator"))
    assert empty_firm.records("trust_line_items.json", fields="id") == []
    created = empty_firm.post("reports.json", {"data": {"kind": "trust_ledger", "format": "csv"}})
    report = empty_firm.wait_for_job(f"reports/{created.json()['data']['id']}.json")
    assert report["state"] == "empty"
