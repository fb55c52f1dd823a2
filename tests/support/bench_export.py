"""What the export benchmarks (tests/bench/export_*.py) share: a seeded bench backend, the
export command (the app's command line, `python -m app export`, as the desktop app starts it),
and a runner that measures wall time and peak memory of the export: of its main process and of
every process it starts (the record export's worker processes, multiprocessing's resource
tracker), see `TreePeaks`.

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
from functools import cache
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

    def cpu_seconds(self) -> float | None:
        """CPU time the backend's process has used so far (`process_cpu_seconds`)."""
        return process_cpu_seconds(self.backend.process.pid)

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
    server: str,
    out: Path,
    *,
    documents: bool = True,
    reports: bool = True,
    kinds: str | None = None,
) -> list[str]:
    """The app's command line exporting ``server`` into ``out`` (token from
    ACCOUNT_DESK_TOKEN; exit status 0 means complete and verified). Its profile (logs) goes next
    to ``out`` so a benchmark leaves nothing in the user's own profile."""
    command = [sys.executable, "-m", "app", "export", "--server", server, "--out", str(out)]
    command += ["--profile", str(out.parent / (out.name + "-profile"))]
    if not documents:
        command.append("--no-documents")
    if not reports:
        command.append("--no-reports")
    if kinds:
        command += ["--kinds", kinds]
    return command


def process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU time a running process has used so far (Linux `/proc`; None
    elsewhere or once it is gone). On a machine whose cores are all busy, a run's wall time
    follows the CPU time that it and the server it talks to need: a ratio of those is the
    part of a time ratio that does not depend on how busy the machine was."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _status_peak(pid: int) -> int | None:
    """A process's peak resident set size so far (VmHWM, bytes), None once it is gone (or a
    zombie: its memory is released)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except (OSError, ValueError):
        pass
    return None


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's list; Linux)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(word) for word in handle.read().split()]
        except (OSError, ValueError):
            continue
    return found


def _role(pid: int) -> str:
    """ "worker" for a multiprocessing worker, "other" for anything else (its resource
    tracker, a helper program)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            argv = handle.read()
    except OSError:
        return "other"
    return "worker" if b"multiprocessing.spawn" in argv or b"forkserver" in argv else "other"


class TreePeaks:
    """Peak memory of a process and of all its descendants (Linux `/proc`).

    `ru_maxrss` from wait4 is the maximum over the process and its reaped children, not their
    sum: a worker process's memory would hide behind the main one's. So every process of the
    tree is sampled (its VmHWM, the kernel's own high-water mark of its resident set) every
    ``interval`` seconds until it is gone. VmHWM only grows, so a sample misses at most what a
    process added in its last interval. The figure for what the export costs the machine is
    the SUM of every process's peak (an upper bound: the peaks need not coincide, and shared
    library pages count in each process).
    """

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self.roles: dict[int, str] = {}
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="tree-peaks", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        pending = [self.pid]
        while pending:
            pid = pending.pop()
            peak = _status_peak(pid)
            if peak is None:
                continue
            # The latest sample, not the largest: VmHWM only grows while a process runs one
            # program, and a child sampled between its fork and its exec showed the export's
            # own pages (exec starts its count again).
            self.roles[pid] = "main" if pid == self.pid else _role(pid)
            self.peaks[pid] = peak
            pending += _children(pid)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self._interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def total(self, role: str | None = None) -> int:
        return sum(p for pid, p in self.peaks.items() if role is None or self.roles[pid] == role)


@dataclass(frozen=True)
class Run:
    seconds: float
    # The main process's peak RSS: the kernel's ru_maxrss (which is the maximum over the
    # process and its reaped children) where no sample of its own VmHWM is there.
    peak_rss_bytes: int
    returncode: int  # negative: killed by that signal
    stdout: str
    stderr: str
    worker_peak_rss_bytes: int = 0  # the sum of the worker processes' peaks
    other_peak_rss_bytes: int = 0  # the sum of any other descendant's peak
    processes: int = 1  # in the tree, the main one included
    # User and system CPU time of the process and of every process it started and waited for
    # (its worker processes): wait4's figures.
    cpu_seconds: float = 0.0

    @property
    def total_peak_rss_bytes(self) -> int:
        """What the export costs the machine at most: the sum of every process's peak."""
        return self.peak_rss_bytes + self.worker_peak_rss_bytes + self.other_peak_rss_bytes


@cache
def _compile_app() -> None:
    """Compile the app's modules to bytecode (their `__pycache__` folders, ignored by git),
    once per benchmark, before any run is timed.

    An installed app has its bytecode (pip and the packaged build compile it), and so does
    curl; an export started with PYTHONDONTWRITEBYTECODE set (and no bytecode there) would
    compile every module of the app again in each run and in each of its worker processes."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "app"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=TIMEOUT,
    )


def export_env(token: str) -> dict[str, str]:
    """The environment an export process runs in: the token, the app's modules (compiled,
    `_compile_app`)."""
    _compile_app()
    return {**os.environ, "ACCOUNT_DESK_TOKEN": token, "PYTHONPATH": str(ROOT)}


def run_export(
    command: Sequence[str],
    token: str,
    *,
    kill_when: Callable[[], bool] | None = None,
    poll: float = 0.05,
) -> Run:
    """Run an export process to its end (or SIGKILL it once ``kill_when()`` is true) and
    measure its wall time and the peak RSS of its processes (`TreePeaks`)."""
    env = export_env(token)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=ROOT, stdout=out, stderr=err, env=env)
        peaks = TreePeaks(process.pid)
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
        peaks.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if kill_when is not None:
            stop.set()
            watcher.join()
        out.seek(0)
        err.seek(0)
        main_peak = peaks.peaks.get(process.pid, 0)
        # ru_maxrss (KiB on Linux) is the maximum over the tree: above every sample, some
        # process grew after its last one; counted as the main process's (which lives longest).
        kernel_peak = usage.ru_maxrss * 1024
        if kernel_peak > max(peaks.peaks.values(), default=0):
            main_peak = kernel_peak
        return Run(
            seconds,
            main_peak,
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            worker_peak_rss_bytes=peaks.total("worker"),
            other_peak_rss_bytes=peaks.total("other"),
            processes=len(peaks.peaks) or 1,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
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
    page) and thrown away. Returns the records seen.

    With ``workers`` > 1, as many pages are in flight as the export has (``workers`` kinds at
    once), and the loop is as clever as the export about its order: the first pages of all
    kinds come first, and then the rest of each kind, biggest first (their `meta.records`),
    so the longest chain of pages does not start last."""
    local = threading.local()

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.headers["Authorization"] = f"Bearer {token}"
            opened.append(local.session)
        return local.session  # type: ignore[no-any-return]

    def get(url: str, params: dict[str, Any] | None) -> Any:
        answer = session().get(url, params=params, timeout=TIMEOUT)
        answer.raise_for_status()
        return answer.json()

    parents = {kind.parent.kind for kind in kinds if kind.parent is not None}
    parent_ids: dict[str, list[int]] = {key: [] for key in parents}

    def taken(kind_key: str, page: Any) -> int:
        if kind_key in parent_ids:  # the export reads these ids back from its own file
            parent_ids[kind_key].extend(int(record["id"]) for record in page["data"])
        return len(page["data"])

    def first(kind: Any, parent: int | None = None) -> tuple[int, int, str | None, str]:
        """The first page: (meta.records, records seen, next page, kind key)."""
        params = {
            "fields": kind.fields_param,
            "limit": 200,
            "order": "id(asc)",
            **dict(kind.params),
        }
        if parent is not None:
            params[kind.parent.param] = parent
        page = get(f"{base_url}/api/v4/{kind.endpoint}.json", params)
        meta = page["meta"]
        seen = taken(kind.key, page)
        return int(meta.get("records") or 0), seen, meta["paging"].get("next"), kind.key

    def rest(start: tuple[int, int, str | None, str]) -> int:
        _total, seen, url, key = start
        while url:
            page = get(url, None)
            seen += taken(key, page)
            url = page["meta"]["paging"].get("next")
        return seen

    def by_parent(kind: Any) -> list[tuple[Any, int]]:
        """A list given one parent at a time (conversation messages): once per parent record."""
        return [(kind, parent) for parent in sorted(parent_ids[kind.parent.kind])]

    plain = [kind for kind in kinds if kind.parent is None]
    per_parent = [kind for kind in kinds if kind.parent is not None]
    opened: list[requests.Session] = []
    try:
        if workers <= 1:
            seen = sum(rest(first(kind)) for kind in plain)
            for kind in per_parent:
                seen += sum(rest(first(k, parent)) for k, parent in by_parent(kind))
            return seen
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            firsts = sorted(pool.map(first, plain), key=lambda found: -found[0])
            seen = sum(pool.map(rest, firsts))
            for kind in per_parent:
                seen += sum(pool.map(lambda pair: rest(first(*pair)), by_parent(kind)))
            return seen
    finally:
        for each in opened:
            each.close()


def size_argument(argv: Sequence[str], default: int) -> int:
    return int(argv[1]) if len(argv) > 1 else default


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)
