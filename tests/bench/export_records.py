"""Benchmark: record export speed against a bare fetch loop.

Seeds a bench firm with N records over all kinds (argv[1], default 200,000; no documents),
starts the reference backend on loopback with no rate limit, then times
  * the bare loop: every page the export asks for (same fields, limit 200), fetched with
    `requests` and discarded, one kind after another (before and after the export), and the
    same with as many kinds at once as the export pages in parallel;
  * the export process (the app's command line) into an empty folder, records only, verified
    at the end.
Prints one JSON line; `ratio` = export seconds / mean sequential bare-loop seconds (bar <= 1.15),
`ratio_vs_parallel_bare` the same against the parallel loop.

    python tests/bench/export_records.py [RECORDS]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.export.engine import ExportOptions  # noqa: E402
from tests.support.bench_export import (  # noqa: E402
    bench_backend,
    emit,
    export_command,
    fetch_all_pages,
    require_verified,
    run_export,
    size_argument,
)

BAR = 1.15


def main(argv: list[str]) -> int:
    records = size_argument(argv, 200_000)
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-records-"))
    try:
        with bench_backend(workdir, records=records, documents=0) as backend:
            bare = []
            started = time.perf_counter()
            seen = fetch_all_pages(backend.url, backend.token)
            bare.append(time.perf_counter() - started)
            parallel = ExportOptions().kind_workers
            started = time.perf_counter()
            fetch_all_pages(backend.url, backend.token, workers=parallel)
            bare_parallel = time.perf_counter() - started
            out = workdir / "export"
            run = run_export(export_command(backend.url, out, documents=False), backend.token)
            require_verified(run)
            started = time.perf_counter()
            fetch_all_pages(backend.url, backend.token)
            bare.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    # Against the mean of the loops before and after, so load that comes or goes in the middle
    # weighs on both sides.
    bare_seconds = sum(bare) / len(bare)
    emit(
        {
            "records": seen,
            "export_verified": True,  # require_verified stopped the benchmark otherwise
            "bare_seconds": [round(value, 3) for value in bare],
            "bare_parallel_seconds": round(bare_parallel, 3),
            "export_seconds": round(run.seconds, 3),
            "ratio": round(run.seconds / bare_seconds, 3),
            "ratio_vs_parallel_bare": round(run.seconds / bare_parallel, 3),
            "bar": BAR,
            "meets_bar": run.seconds / bare_seconds <= BAR,
            "export_peak_rss_mib": round(run.peak_rss_bytes / 2**20, 1),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
