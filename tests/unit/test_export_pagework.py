"""The pages of big kinds are read and written as bytes by a worker process: the files come out
exactly as when this process writes them, whatever the records hold, also when the worker dies;
and no worker outlives an export process that is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.export import pagework
from app.export.kinds import kind_by_key
from app.export.pagework import PageWork
from app.export.records import RecordSink

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _every_page_to_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests' pages are small; the worker takes them all the same (as it takes a big
    kind's full pages), so that what it writes is compared with what this process writes."""
    monkeypatch.setattr(PageWork, "MIN_BODY_BYTES", 0)


def _pages(count: int, size: int) -> list[list[dict[str, Any]]]:
    hostile = ["=1+1", 'a "quoted", text', "line\r\nbreak", "\ud800 lone", "Ibáñez", "", "-5"]
    pages = []
    for page in range(count):
        records = []
        for i in range(size):
            n = page * size + i
            records.append(
                {
                    "id": n if n % 50 else 2**70 + n,  # wider than 64 bits now and then
                    "subject": hostile[n % len(hostile)],
                    "detail": None if n % 3 else {"nested": [1, "two"]},
                    "author": {"id": n, "name": hostile[(n + 1) % len(hostile)]}
                    if n % 4
                    else "not an object",
                    "created_at": 1.5 * n,
                }
            )
        pages.append(records)
    return pages


def _body(records: list[dict[str, Any]], index: int) -> bytes:
    import json

    next_url = f"https://x.example/api/v4/notes.json?page={index + 1}"
    page = {"data": records, "meta": {"records": 1000, "paging": {"next": next_url}}}
    return json.dumps(page).encode()  # a lone surrogate goes as the escape \ud800


def _export(root: Path, pages: list[list[dict[str, Any]]], *, use_worker: bool) -> bytes:
    """A kind's two files, its pages written through `PageWork` as the exporter does."""
    kind = kind_by_key("matter_notes")
    root.mkdir()
    with (
        PageWork(kind.columns, use_worker=use_worker) as work,
        RecordSink(root, kind, jsonl_offset=0, csv_offset=0) as sink,
    ):
        for index, records in enumerate(pages):
            sink.write_page(work.files(_body(records, index)))
        sink.sync()
    return (root / "records" / "matter_notes.csv").read_bytes() + (
        root / "records" / "matter_notes.jsonl"
    ).read_bytes()


def test_a_worker_writes_the_same_files_as_this_process(tmp_path: Path) -> None:
    pages = _pages(12, 40)
    here = _export(tmp_path / "here", pages, use_worker=False)
    there = _export(tmp_path / "worker", pages, use_worker=True)
    assert there == here
    assert b"'=1+1" in here and b'"a ""quoted"", text"' in here
    # ...which are what the sink writes from the records themselves.
    kind = kind_by_key("matter_notes")
    (tmp_path / "direct").mkdir()
    with RecordSink(tmp_path / "direct", kind, jsonl_offset=0, csv_offset=0) as sink:
        for records in pages:
            sink.write(records)
        sink.sync()
    direct = tmp_path / "direct" / "records"
    assert (
        here
        == (direct / "matter_notes.csv").read_bytes() + (direct / "matter_notes.jsonl").read_bytes()
    )


def test_when_the_worker_dies_the_pages_are_written_here(tmp_path: Path) -> None:
    pages = _pages(8, 30)
    expected = _export(tmp_path / "here", pages, use_worker=False)
    kind = kind_by_key("matter_notes")
    root = tmp_path / "worker"
    root.mkdir()
    try:
        with (
            PageWork(kind.columns, use_worker=True) as work,
            RecordSink(root, kind, jsonl_offset=0, csv_offset=0) as sink,
        ):
            sink.write_page(work.files(_body(pages[0], 0)))
            pool = pagework._shared._pool
            assert pool is not None
            for process in list(pool._processes.values()):  # the worker dies, as in an OOM kill
                os.kill(process.pid, signal.SIGKILL)
                process.join(10)
            for index, records in enumerate(pages[1:], start=1):
                sink.write_page(work.files(_body(records, index)))
            sink.sync()
    finally:
        pagework._shared = pagework._Shared()  # later tests get a working pool again
    got = (root / "records" / "matter_notes.csv").read_bytes()
    got += (root / "records" / "matter_notes.jsonl").read_bytes()
    assert got == expected


_HOLDER = """
import sys, time
from pathlib import Path
from app.export.kinds import kind_by_key
from app.export import pagework

if __name__ == "__main__":
    work = pagework.PageWork(kind_by_key("matters").columns, use_worker=True)
    work.MIN_BODY_BYTES = 0  # this small page goes to the worker, as a full one would
    work.files(b'{"data": [{"id": 1}], "meta": {}}')
    from multiprocessing import resource_tracker

    tracker = resource_tracker._resource_tracker._pid  # multiprocessing's helper process
    print(tracker, *(p.pid for p in pagework._shared._pool._processes.values()), flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    if not Path("/proc").is_dir():  # macOS: an orphan is reaped at once, no zombie to tell
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_no_worker_outlives_a_killed_export(tmp_path: Path) -> None:
    script = tmp_path / "holder.py"
    script.write_text(_HOLDER, encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "out")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert holder.stdout is not None
    workers = [int(pid) for pid in holder.stdout.readline().split()]  # the tracker too
    assert len(workers) >= 2 and all(_alive(pid) for pid in workers)
    holder.kill()  # SIGKILL: no clean-up runs in the export process
    holder.wait(10)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def test_a_page_read_by_the_worker_gives_the_files_written_here(tmp_path: Path) -> None:
    import json

    from app.export.csvout import csv_rows, jsonl_lines
    from app.export.pages import MalformedPage

    columns = kind_by_key("matter_notes").columns
    records = _pages(1, 60)[0]
    page = {
        "data": [*records[:30], "not a record", *records[30:]],
        "meta": {"records": 61, "paging": {"next": "https://x.example/api/v4/notes?page=2"}},
    }
    body = json.dumps(page).encode()  # the lone surrogate goes as the escape \ud800
    work = PageWork(columns, use_worker=True)
    here = PageWork(columns, use_worker=False)
    try:
        written = work.files(body)
        assert written == here.files(body)
        assert (written.received, written.good, written.total) == (61, 60, 61)
        assert written.next_url == "https://x.example/api/v4/notes?page=2"
        assert written.jsonl == jsonl_lines(records)
        assert written.csv == csv_rows(records, columns)
        for bad in (b"{", b'{"data": 5}', b'{"data": [], "meta": {"paging": {"next": 3}}}'):
            try:
                work.files(bad)
            except MalformedPage as exc:
                assert exc.detail
            else:
                raise AssertionError(f"{bad!r} was read")
    finally:
        work.close()
        here.close()


def test_a_small_page_is_made_here_and_a_full_one_by_the_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.undo()  # the exporter's own threshold
    columns = kind_by_key("matter_notes").columns
    small, full = _body(_pages(1, 2)[0], 0), _body(_pages(1, 200)[0], 0)
    assert len(small) < PageWork.MIN_BODY_BYTES <= len(full)
    work = PageWork(columns, use_worker=True)
    here = PageWork(columns, use_worker=False)
    try:
        made = []
        for body in (small, full, small):
            written = work.files(body)
            made.append(work.last_in_worker)
            assert written == here.files(body)
        assert made == [False, True, False]
    finally:
        work.close()
        here.close()
