"""Asynchronous work of the data API: document archives (a zip of documents and folders) and
reports (trust ledger, client ledger as CSV). A job is created `queued`, `in_progress` on a
background thread while its progress is kept in the database, and then `completed` (a report
with no entries: `empty`) or `failed`, the states of the published API; a finished job is
downloaded like a document."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import sqlite3
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from server.db import register_schema
from server.errors import ApiError
from server.practice import document_store
from server.practice.records import iter_bodies
from server.state import ServerState

logger = logging.getLogger(__name__)

ARCHIVE = "document_archive"
REPORT = "report"
REPORT_KINDS = ("trust_ledger", "client_ledger")
_REPORT_LABELS = {
    "trust_ledger": ("Trust ledger", "compliance"),
    "client_ledger": ("Client ledger", "client"),
}
# Content types that deflate well; everything else (PDF, PNG, DOCX, ...) is stored as it is.
_DEFLATE = ("text/", "application/json", "application/xml")


class JobState(StrEnum):
    """The published states of DocumentArchive and Report (`empty` is a report's only)."""

    NOT_STARTED = "not_started"
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"
    EMPTY = "empty"


# Rows written before the published states were used: what they mean now.
_OLD_STATES = {"pending": JobState.QUEUED, "processing": JobState.IN_PROGRESS}
_RUNNING = (JobState.NOT_STARTED, JobState.QUEUED, JobState.IN_PROGRESS, *_OLD_STATES)
_FINISHED = (JobState.COMPLETED, JobState.EMPTY)


def _state_of(row: Any) -> str:
    return str(_OLD_STATES.get(row["state"], row["state"]))


_DDL = """
    CREATE TABLE IF NOT EXISTS jobs (
        id INTEGER PRIMARY KEY,
        job_type TEXT NOT NULL,
        state TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0,
        request TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        path TEXT,
        size INTEGER,
        sha256 TEXT,
        message TEXT
    );
"""
register_schema(_DDL)
# The server may open its database before this module is imported (the web app is imported
# late to keep `--issue-token` quick), so the table is also made on first use.
_tables_made: set[str] = set()


def _connect(state: ServerState) -> sqlite3.Connection:
    con = state.db.connect()
    key = str(state.db.path)
    if key not in _tables_made:
        con.executescript(_DDL)
        _tables_made.add(key)
    return con


@dataclass(frozen=True)
class JobFile:
    job_id: int
    job_type: str
    path: Path
    size: int
    sha256: str
    filename: str
    content_type: str


# Jobs running in this process, so a job left unfinished by a stopped server is started again
# when someone asks for it.
_running: set[tuple[str, int]] = set()
_running_lock = threading.Lock()
# At most two jobs build at once: they read whole document sets from disk.
_workers = threading.BoundedSemaphore(2)


def _now(state: ServerState) -> str:
    return state.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")


def _jobs_dir(state: ServerState) -> Path:
    path = state.db.files_dir / "jobs"
    path.mkdir(exist_ok=True)
    return path


def _insert(state: ServerState, job_type: str, request: dict[str, Any], user_id: int) -> int:
    now = _now(state)
    con = _connect(state)
    with con:
        cursor = con.execute(
            "INSERT INTO jobs(job_type, state, progress, request, user_id, created_at, updated_at)"
            " VALUES (?, ?, 0, ?, ?, ?, ?)",
            (job_type, JobState.QUEUED.value, json.dumps(request), user_id, now, now),
        )
    job_id = int(cursor.lastrowid or 0)
    _start(state, job_type, job_id)
    return job_id


def create_archive(
    state: ServerState, items: list[tuple[str, int]], user_id: int
) -> dict[str, Any]:
    """Queue a zip of these documents and folders (folders with everything below them)."""
    for item_type, item_id in items:
        found = (
            document_store.document_file(state, item_id) is not None
            if item_type == "Document"
            else document_store.folder_exists(state, item_id)
        )
        if not found:
            raise ApiError(404, "NotFound", f"No {item_type.lower()} with id {item_id}.")
    job_id = _insert(state, ARCHIVE, {"items": [[t, i] for t, i in items]}, user_id)
    return get_job(state, ARCHIVE, job_id)


def create_report(state: ServerState, kind: str, user_id: int) -> dict[str, Any]:
    job_id = _insert(state, REPORT, {"kind": kind, "format": "csv"}, user_id)
    return get_job(state, REPORT, job_id)


def _row(state: ServerState, job_type: str, job_id: int) -> Any:
    return (
        _connect(state)
        .execute("SELECT * FROM jobs WHERE id = ? AND job_type = ?", (job_id, job_type))
        .fetchone()
    )


def get_job(state: ServerState, job_type: str, job_id: int) -> dict[str, Any]:
    row = _row(state, job_type, job_id)
    if row is None:
        raise ApiError(404, "NotFound", f"No {job_type.replace('_', ' ')} with id {job_id}.")
    if row["state"] in _RUNNING:
        _start(state, job_type, job_id)  # no-op while it runs here
    etag_source = f"{job_id}/{row['updated_at']}/{row['state']}/{row['progress']}"
    resource: dict[str, Any] = {
        "id": job_id,
        "etag": f'"{hashlib.blake2b(etag_source.encode(), digest_size=16).hexdigest()}"',
        "state": _state_of(row),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    if job_type == ARCHIVE:
        resource.update(progress=float(row["progress"]), size=row["size"], message=row["message"])
    else:
        request = json.loads(row["request"])
        label, category = _REPORT_LABELS[request["kind"]]
        resource.update(
            name=label,
            kind=request["kind"],
            format=request["format"],
            progress=int(row["progress"]),
            category=category,
            source="reports",
        )
    return resource


def finished_job_file(state: ServerState, job_type: str, job_id: int) -> JobFile:
    """The file of a completed (or empty) job; 404 for an unknown job, 409 while it is not
    ready."""
    row = _row(state, job_type, job_id)
    if row is None:
        raise ApiError(404, "NotFound", f"No {job_type.replace('_', ' ')} with id {job_id}.")
    if row["state"] not in _FINISHED:
        raise ApiError(
            409,
            "NotReady",
            f"The {job_type.replace('_', ' ')} is {_state_of(row)}; download it once completed.",
        )
    path = state.db.files_dir / row["path"]
    if job_type == ARCHIVE:
        filename, content_type = f"documents-{job_id}.zip", "application/zip"
    else:
        kind = json.loads(row["request"])["kind"]
        filename, content_type = f"{kind}-{job_id}.csv", "text/csv; charset=utf-8"
    return JobFile(job_id, job_type, path, row["size"], row["sha256"], filename, content_type)


def _update(backend: ServerState, job_id: int, **values: Any) -> None:
    values["updated_at"] = _now(backend)
    columns = ", ".join(f"{name} = ?" for name in values)  # names come from this module only
    con = _connect(backend)
    with con:
        con.execute(f"UPDATE jobs SET {columns} WHERE id = ?", [*values.values(), job_id])  # noqa: S608


def _start(state: ServerState, job_type: str, job_id: int) -> None:
    key = (str(state.db.path), job_id)
    with _running_lock:
        if key in _running:
            return
        _running.add(key)
    thread = threading.Thread(
        target=_run, args=(state, job_type, job_id, key), name=f"job-{job_id}", daemon=True
    )
    thread.start()


def _run(state: ServerState, job_type: str, job_id: int, key: tuple[str, int]) -> None:
    try:
        with _workers:
            row = _row(state, job_type, job_id)
            if row is None or row["state"] not in _RUNNING:
                return
            _update(state, job_id, state=JobState.IN_PROGRESS.value, progress=0)
            request = json.loads(row["request"])
            builder = _build_archive if job_type == ARCHIVE else _build_report
            relative, entries = builder(state, job_id, request)
            target = state.db.files_dir / relative
            digest = hashlib.sha256()
            with target.open("rb") as done:
                for block in iter(lambda: done.read(1 << 20), b""):
                    digest.update(block)
            _update(
                state,
                job_id,
                state=(JobState.COMPLETED if entries else JobState.EMPTY).value,
                progress=100,
                path=relative,
                size=target.stat().st_size,
                sha256=digest.hexdigest(),
            )
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        _update(state, job_id, state=JobState.FAILED.value, message=f"{type(exc).__name__}: {exc}")
    finally:
        with _running_lock:
            _running.discard(key)


class _Progress:
    """Writes progress to the database at most a few times a second."""

    def __init__(self, state: ServerState, job_id: int, total: int) -> None:
        self.state, self.job_id, self.total = state, job_id, max(total, 1)
        self.done = 0
        self.last = 0.0

    def add(self, amount: int) -> None:
        self.done += amount
        now = time.monotonic()
        if now - self.last >= 0.2:
            self.last = now
            percent = min(99.0, round(100.0 * self.done / self.total, 1))
            _update(self.state, self.job_id, progress=percent)


def _build_archive(state: ServerState, job_id: int, request: dict[str, Any]) -> tuple[str, int]:
    """The zip's path (relative to the files directory) and how many documents it holds."""
    documents: dict[int, document_store.DocumentFile] = {}
    for item_type, item_id in request["items"]:
        if item_type == "Document":
            found = document_store.document_file(state, item_id)
            listed = [found] if found else []
        else:
            listed = document_store.documents_in_folders(state, [item_id])
        for document in listed:
            documents.setdefault(document.document_id, document)
    paths = document_store.folder_paths(state)
    progress = _Progress(state, job_id, sum(d.size for d in documents.values()))
    relative = f"jobs/archive-{job_id}.zip"
    part = state.db.files_dir / (relative + ".part")
    _jobs_dir(state)
    stamp = time.gmtime(state.clock.timestamp())[:6]
    with zipfile.ZipFile(part, "w", allowZip64=True) as archive:
        for document in documents.values():
            folder = paths.get(document.folder_id, "")
            # the entry name is the folder path and the document name exactly as stored
            entry = zipfile.ZipInfo(f"{folder}/{document.name}" if folder else document.name, stamp)
            entry.compress_type = (
                zipfile.ZIP_DEFLATED
                if document.content_type.startswith(_DEFLATE)
                else zipfile.ZIP_STORED
            )
            entry.file_size = document.size
            entry.comment = f"document_id={document.document_id}".encode()
            with (
                document.path.open("rb") as source,
                archive.open(entry, "w", force_zip64=document.size > (1 << 31)) as target,
            ):
                for block in iter(lambda s=source: s.read(1 << 20), b""):  # type: ignore[misc]
                    target.write(block)
                    progress.add(len(block))
    part.replace(state.db.files_dir / relative)
    return relative, max(len(documents), 1)  # an archive is never "empty" (reports only)


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _cents(value: float) -> int:
    return round(value * 100)


def _trust_ledger(state: ServerState) -> list[list[str]]:
    rows: list[tuple[str, str, str, int, str, str, int]] = []
    for item in iter_bodies(state, "trust_line_items"):
        bill = item.get("bill") or {}
        rows.append(
            (
                item["client"]["name"],
                item["matter"]["display_number"],
                item["date"],
                item["id"],
                item.get("note") or "",
                bill.get("number") or "",
                _cents(item["total"]),
            )
        )
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    out = [["Client", "Matter", "Date", "Description", "Bill", "Amount", "Balance", "Currency"]]
    balances: dict[tuple[str, str], int] = {}
    for client, matter, date, _id, note, bill_number, cents in rows:
        balance = balances[(client, matter)] = balances.get((client, matter), 0) + cents
        out.append([client, matter, date, note, bill_number, _money(cents), _money(balance), "USD"])
    return out


def _client_ledger(state: ServerState) -> list[list[str]]:
    entries: list[tuple[str, str, str, int, str, str, int, int]] = []
    for bill in iter_bodies(state, "bills"):
        if bill["state"] in ("draft", "void", "deleted"):
            continue
        client = bill["client"]["name"]
        matter = ", ".join(m["display_number"] for m in bill.get("matters") or [])
        entries.append(
            (client, matter, bill["issued_at"], 0, "Bill", bill["number"], _cents(bill["total"]), 0)
        )
        if bill.get("paid"):
            paid_on = (bill.get("paid_at") or bill["issued_at"])[:10]
            entries.append(
                (client, matter, paid_on, 1, "Payment", bill["number"], 0, _cents(bill["paid"]))
            )
    entries.sort(key=lambda e: (e[0], e[2], e[3], e[5]))
    out = [
        [
            "Client",
            "Matter",
            "Date",
            "Entry",
            "Reference",
            "Charges",
            "Payments",
            "Balance",
            "Currency",
        ]
    ]
    balances: dict[str, int] = {}
    for client, matter, date, _order, entry, reference, charge, payment in entries:
        balance = balances[client] = balances.get(client, 0) + charge - payment
        out.append(
            [
                client,
                matter,
                date,
                entry,
                reference,
                _money(charge),
                _money(payment),
                _money(balance),
                "USD",
            ]
        )
    return out


_REPORTS: dict[str, Callable[[ServerState], list[list[str]]]] = {
    "trust_ledger": _trust_ledger,
    "client_ledger": _client_ledger,
}


def _build_report(state: ServerState, job_id: int, request: dict[str, Any]) -> tuple[str, int]:
    """The CSV's path (relative to the files directory) and how many entries it holds (0: the
    report is `empty`; its file has the header line only)."""
    rows = _REPORTS[request["kind"]](state)
    _update(state, job_id, progress=50)
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    relative = f"jobs/report-{job_id}.csv"
    part = _jobs_dir(state) / f"report-{job_id}.csv.part"
    part.write_bytes(text.getvalue().encode("utf-8"))
    part.replace(state.db.files_dir / relative)
    return relative, len(rows) - 1


def job_ids(state: ServerState, job_type: str) -> list[int]:
    """Every job of a type, oldest first (for the list of reports)."""
    rows = _connect(state).execute(
        "SELECT id FROM jobs WHERE job_type = ? ORDER BY id", (job_type,)
    )
    return [int(row[0]) for row in rows]
