"""Benchmark: record export speed against a bare fetch loop.

Seeds a bench firm with N records over all kinds (argv[1], default 200,000; no documents),
starts the reference backend on loopback with no rate limit, then measures in ROUNDS rounds
(argv[2], default 3), each
  * the bare loop: every page the export asks for (same fields, limit 200), fetched with
    `requests` and discarded, one kind after another;
  * the export process (the app's command line) into an empty folder, records only, verified
    at the end;
and the bare loop once more after the last round. A round's ratio is its export seconds over
the mean of the bare loops just before and just after it, so a slower or faster spell of a
shared machine weighs on both sides; `ratio` is the median of the rounds' ratios (bar
<= 1.15). `ratio_vs_parallel_bare` compares the median export with one bare loop paging as
many kinds at once as the export does.

    python tests/bench/export_records.py [RECORDS [ROUNDS]]
"""

from __future__ import annotations

import shutil
import statistics
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
    rounds = int(argv[2]) if len(argv) > 2 else 3
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-records-"))
    try:
        with bench_backend(workdir, records=records, documents=0) as backend:

            def bare_loop() -> float:
                started = time.perf_counter()
                fetch_all_pages(backend.url, backend.token)
                return time.perf_counter() - started

            started = time.perf_counter()
            seen = fetch_all_pages(backend.url, backend.token, workers=ExportOptions().kind_workers)
            bare_parallel = time.perf_counter() - started
            bare = [bare_loop()]
            exports = []
            peak = 0
            for number in range(rounds):
                out = workdir / f"export-{number}"
                run = run_export(export_command(backend.url, out, documents=False), backend.token)
                require_verified(run)
                exports.append(run.seconds)
                peak = max(peak, run.peak_rss_bytes)
                shutil.rmtree(out, ignore_errors=True)
                bare.append(bare_loop())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    ratios = [export / ((bare[n] + bare[n + 1]) / 2) for n, export in enumerate(exports)]
    ratio = statistics.median(ratios)
    emit(
        {
            "records": seen,
            "export_verified": True,  # require_verified stopped the benchmark otherwise
            "bare_seconds": [round(value, 3) for value in bare],
            "bare_parallel_seconds": round(bare_parallel, 3),
            "export_seconds": [round(value, 3) for value in exports],
            "round_ratios": [round(value, 3) for value in ratios],
            "ratio": round(ratio, 3),
            "ratio_vs_parallel_bare": round(statistics.median(exports) / bare_parallel, 3),
            "bar": BAR,
            "meets_bar": ratio <= BAR,
            "export_peak_rss_mib": round(peak / 2**20, 1),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
