"""Kinds big enough for the worker process (over 1,000 records): the export of a bench firm is
complete and verified, its record files are byte for byte those of an export made without the
worker, the worker really made the pages, and a run killed mid-way resumes to the same files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.export import pagework
from app.export.engine import ExportEngine, ExportOptions
from app.export.indexpage import INDEX_NAME, write_index
from app.export.indexrows import ROW_KINDS, sealed_rows
from app.export.records import RECORDS_DIR
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 6000  # activities are about 30 %: well over the worker's threshold


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.support.backend import start_backend

    backend = start_backend(
        tmp_path_factory.mktemp("big-kinds"), "--seed", "bench", "--records", str(RECORDS)
    )
    yield backend
    backend.stop()


def _export(backend: RunningBackend, out: Path) -> None:
    http = HttpSession(backend.url)
    http.set_token(backend.issue_token())
    try:
        result = ExportEngine(http, out, ExportOptions(documents=False)).run()
    finally:
        http.close()
    assert result.verified, result.problems


def _record_files(out: Path) -> dict[str, str]:
    folder = out / RECORDS_DIR
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}
    files[INDEX_NAME] = hashlib.sha256((out / INDEX_NAME).read_bytes()).hexdigest()
    return files


def _block_rows(page: bytes, name: str) -> list[Any]:
    start = page.index(f'id="data-{name}">'.encode()) + len(f'id="data-{name}">')
    rows: list[Any] = json.loads(page[start : page.index(b"</script>", start)])
    return rows


def _index_rows_in_use(out: Path) -> list[str]:
    return [
        key
        for key in ROW_KINDS
        if sealed_rows(out, key, out / RECORDS_DIR / f"{key}.jsonl") is not None
    ]


@pytest.mark.slow
def test_big_kinds_made_by_the_worker_equal_those_made_here(
    bench: RunningBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[bool] = []
    files = pagework.PageWork.files
    submit = pagework.KeptWorker.submit
    indexed_in_worker: list[bool] = []

    def watched(self: pagework.PageWork, body: bytes) -> Any:
        page = files(self, body)
        made.append(self.last_in_worker)
        return page

    def watched_submit(self: pagework.KeptWorker, fn: Any, *args: Any) -> Any:
        job = submit(self, fn, *args)
        indexed_in_worker.append(job is not None)
        return job

    monkeypatch.setattr(pagework.PageWork, "files", watched)
    monkeypatch.setattr(pagework.KeptWorker, "submit", watched_submit)
    _export(bench, tmp_path / "worker")
    assert sum(made) >= 5, "the worker made no pages"
    assert indexed_in_worker == [True], "index.html was not written by the worker"
    # index.html took the rows made with the pages; read back from the records files instead,
    # the page is the same.
    assert _index_rows_in_use(tmp_path / "worker") == list(ROW_KINDS)
    with_rows = (tmp_path / "worker" / INDEX_NAME).read_bytes()
    rebuilt = tmp_path / "rebuilt"
    (rebuilt / RECORDS_DIR).mkdir(parents=True)
    for path in (tmp_path / "worker" / RECORDS_DIR).iterdir():
        (rebuilt / RECORDS_DIR / path.name).write_bytes(path.read_bytes())
    assert _index_rows_in_use(rebuilt) == []
    assert write_index(rebuilt, {}, None).read_bytes() == with_rows
    for block, kinds in (("matters", ["matters"]), ("notes", ["matter_notes", "contact_notes"])):
        rows = _block_rows(with_rows, block)
        records = [
            line
            for key in kinds
            for line in (rebuilt / RECORDS_DIR / f"{key}.jsonl").read_bytes().splitlines()
        ]
        assert len(rows) == len(records) > 100
        assert [row[0] for row in rows] == [json.loads(line)["id"] for line in records]
    lines = (tmp_path / "worker" / RECORDS_DIR / "activities.jsonl").read_bytes().count(b"\n")
    assert lines > pagework.PageWork.MIN_RECORDS
    monkeypatch.setattr(pagework.PageWork, "MIN_RECORDS", 10**9)
    made.clear()
    indexed_in_worker.clear()
    _export(bench, tmp_path / "here")
    assert not any(made)
    assert indexed_in_worker == [False]  # no worker was started: index.html is written here
    assert _record_files(tmp_path / "worker") == _record_files(tmp_path / "here")


@pytest.mark.slow
def test_a_big_export_killed_mid_way_resumes_to_the_same_files(
    bench: RunningBackend, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    _export(bench, reference)
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "app.cli", "export", "--server", bench.url, "--out", str(out)]
    command += ["--no-documents", "--profile", str(tmp_path / "profile")]
    env = {**os.environ, "ACCOUNT_DESK_TOKEN": bench.issue_token(), "PYTHONPATH": str(ROOT)}
    activities = out / RECORDS_DIR / "activities.jsonl"

    def mid_way() -> bool:
        return activities.is_file() and activities.stat().st_size > 1_000_000

    _run_until(command, env, mid_way)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert verify(out).verified
    assert _record_files(out) == _record_files(reference)  # index.html too


def _run_until(command: list[str], env: dict[str, str], moment: Callable[[], bool]) -> None:
    """Start the export and SIGKILL it at ``moment`` (it must not have finished by then)."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while not moment():
        assert process.poll() is None, "the export finished before the kill"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)


def test_the_next_page_is_known_from_the_end_of_a_page_before_it_is_decoded(
    bench: RunningBackend,
) -> None:
    import requests

    from app.export.kinds import kind_by_key
    from app.export.paging import next_url_hint

    kind = kind_by_key("activities")
    answer = requests.get(
        f"{bench.url}/api/v4/{kind.endpoint}.json",
        params={"fields": kind.fields_param, "limit": 200},
        headers={"Authorization": f"Bearer {bench.issue_token()}"},
        timeout=30,
    )
    answer.raise_for_status()
    expected = answer.json()["meta"]["paging"]["next"]
    assert expected and next_url_hint(answer.content) == expected
    # A guess is only a guess: a last page, meta first, or a record key "meta" after it.
    assert next_url_hint(json.dumps({"data": [], "meta": {"paging": {}}}).encode()) is None
    meta_first = {"meta": {"paging": {"next": "https://a.example/2"}}, "data": [{"id": 1}]}
    assert next_url_hint(json.dumps(meta_first).encode()) is None
    tricky = b'{"data": [{"meta": {"paging": {"next": "https://evil.example/"}}}], "x": 1}'
    assert next_url_hint(tricky) is None
    assert next_url_hint(b"not json at all") is None
