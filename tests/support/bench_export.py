"""What the export benchmarks (tests/bench/export_*.py) share: a seeded bench backend, the
export command (the app's command line, `python -m app.cli export`), and a runner that measures
wall time and peak RSS of the export process.

Every benchmark prints ONE JSON object on its last stdout line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from app.export.kinds import ALL_KINDS
from tests.support.backend import RunningBackend, start_backend

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
EXPORT_ROLE = "administrator"


@dataclass
class BenchBackend:
    backend: RunningBackend
    token: str
    stats_file: Path | None
    seed_seconds: float

    @property
    def url(self) -> str:
        return self.backend.url

    def stats(self) -> dict[str, int]:
        """The server's traffic totals (needs ``stats=True`` at start)."""
        assert self.stats_file is not None
        return dict(json.loads(self.stats_file.read_text(encoding="utf-8")))


@contextmanager
def bench_backend(
    workdir: Path,
    *,
    records: int,
    documents: int = 0,
    document_bytes: int = 2048,
    rate_limit: str | None = None,
    stats: bool = False,
) -> Iterator[BenchBackend]:
    """A backend seeded with the bench firm (`--seed bench`), stopped (and its data removed
    with ``workdir`` by the caller) afterwards."""
    data = workdir / "server-data"
    options = [
        "--seed",
        "bench",
        "--records",
        str(records),
        "--documents",
        str(documents),
        "--document-bytes",
        str(document_bytes),
    ]
    if rate_limit:
        options += ["--rate-limit", rate_limit]
    stats_file = workdir / "server-stats.json" if stats else None
    if stats_file is not None:
        options += ["--stats-file", str(stats_file)]
    started = time.perf_counter()
    backend = start_backend(data, *options)
    try:
        seed_seconds = time.perf_counter() - started
        yield BenchBackend(backend, backend.issue_token(EXPORT_ROLE), stats_file, seed_seconds)
    finally:
        backend.stop()


def export_command(
    server: str, out: Path, *, documents: bool = True, kinds: str | None = None
) -> list[str]:
    """The app's command line exporting ``server`` into ``out`` (token from
    ACCOUNT_DESK_TOKEN; exit status 0 means complete and verified). Its profile (logs) goes next
    to ``out`` so a benchmark leaves nothing in the user's own profile."""
    command = [sys.executable, "-m", "app.cli", "export", "--server", server, "--out", str(out)]
    command += ["--profile", str(out.parent / (out.name + "-profile"))]
    if not documents:
        command.append("--no-documents")
    if kinds:
        command += ["--kinds", kinds]
    return command


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_bytes: int
    returncode: int  # negative: killed by that signal
    stdout: str
    stderr: str


def run_export(
    command: Sequence[str],
    token: str,
    *,
    kill_when: Callable[[], bool] | None = None,
    poll: float = 0.05,
) -> Run:
    """Run an export process to its end (or SIGKILL it once ``kill_when()`` is true) and
    measure its wall time and peak RSS (the child's own `ru_maxrss`, from wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=ROOT,
            stdout=out,
            stderr=err,
            env={**os.environ, "ACCOUNT_DESK_TOKEN": token, "PYTHONPATH": str(ROOT)},
        )
        if kill_when is not None:
            stop = threading.Event()

            def watch() -> None:
                while not stop.wait(poll):
                    if process.poll() is not None:
                        return
                    if kill_when():
                        os.kill(process.pid, signal.SIGKILL)
                        return

            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if kill_when is not None:
            stop.set()
            watcher.join()
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss * 1024,  # KiB on Linux
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def last_json(text: str) -> dict[str, Any]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError("no output")
    value = json.loads(lines[-1])
    if not isinstance(value, dict):
        raise ValueError("the last line is not a JSON object")
    return value


def require_verified(run: Run) -> None:
    if run.returncode != 0:
        raise SystemExit(
            f"export failed (exit {run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}"
        )


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def fetch_all_pages(
    base_url: str, token: str, *, kinds: Sequence[Any] = ALL_KINDS, workers: int = 1
) -> int:
    """The bare loop the record export is compared with: every page of every kind the export
    asks for (same fields, same limit), fetched with `requests`, decoded (to find the next
    page) and thrown away. ``workers`` kinds at once. Returns the records seen."""

    def one_kind(kind: Any) -> int:
        seen = 0
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {token}"
            url: str | None = f"{base_url}/api/v4/{kind.endpoint}.json"
            params: dict[str, Any] | None = {
                "fields": kind.fields_param,
                "limit": 200,
                "order": "id(asc)",
                **dict(kind.params),
            }
            while url:
                answer = session.get(url, params=params, timeout=TIMEOUT)
                answer.raise_for_status()
                page = answer.json()
                seen += len(page["data"])
                url, params = page["meta"]["paging"].get("next"), None
        return seen

    if workers <= 1:
        return sum(one_kind(kind) for kind in kinds)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(one_kind, kinds))


def size_argument(argv: Sequence[str], default: int) -> int:
    return int(argv[1]) if len(argv) > 1 else default


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)
