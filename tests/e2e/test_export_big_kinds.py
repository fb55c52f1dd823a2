"""Kinds big enough for the worker process (over 1,000 records): the export of a bench firm is
complete and verified, its record files are byte for byte those of an export made without the
worker, the worker really made the pages, and a run killed mid-way resumes to the same files."""

from __future__ import annotations

import hashlib
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
from app.export.records import RECORDS_DIR
from app.export.verify import verify
from app.http import HttpSession
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
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_big_kinds_made_by_the_worker_equal_those_made_here(
    bench: RunningBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[bool] = []
    files = pagework.PageWork.files

    def watched(self: pagework.PageWork, body: bytes) -> Any:
        page = files(self, body)
        made.append(self.last_in_worker)
        return page

    monkeypatch.setattr(pagework.PageWork, "files", watched)
    _export(bench, tmp_path / "worker")
    assert sum(made) >= 5, "the worker made no pages"
    lines = (tmp_path / "worker" / RECORDS_DIR / "activities.jsonl").read_bytes().count(b"\n")
    assert lines > pagework.PageWork.MIN_RECORDS
    monkeypatch.setattr(pagework.PageWork, "MIN_RECORDS", 10**9)
    made.clear()
    _export(bench, tmp_path / "here")
    assert not any(made)
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
    assert _record_files(out) == _record_files(reference)


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
    import json

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
