"""Benchmark: how well the export uses a rate limit.

Seeds a bench firm with N records (argv[1], default 120,000, about 600 pages: a bit over a
minute at the limit) and 200 small documents, starts the reference backend limited to 100
requests per 10 s per token with traffic totals (`--stats-file`), and exports it with the app's
command line. Prints one JSON line: API requests per second over the whole export (bar >= 0.9
x the limit, i.e. 9/s) and the 429 answers the server sent (bar: at most one per minute).

    python tests/bench/export_ratelimit.py [RECORDS]
"""

from __future__ import annotations

import math
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.bench_export import (  # noqa: E402
    bench_backend,
    emit,
    export_command,
    require_verified,
    run_export,
    size_argument,
)

LIMIT, WINDOW = 100, 10.0
BAR_SHARE = 0.9


def main(argv: list[str]) -> int:
    records = size_argument(argv, 120_000)
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-ratelimit-"))
    try:
        with bench_backend(
            workdir,
            records=records,
            documents=200,
            document_bytes=4096,
            rate_limit=f"{LIMIT}/{WINDOW:g}",
            stats=True,
        ) as backend:
            before = backend.stats()
            run = run_export(export_command(backend.url, workdir / "export"), backend.token)
            require_verified(run)
            after = backend.stats()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    api_requests = after["api_requests"] - before["api_requests"]
    too_many = after["api_429"] - before["api_429"]
    per_second = api_requests / run.seconds
    limit_per_second = LIMIT / WINDOW
    minutes = run.seconds / 60
    emit(
        {
            "records": records,
            "limit_per_second": limit_per_second,
            "api_requests": api_requests,
            "export_seconds": round(run.seconds, 3),
            "requests_per_second": round(per_second, 3),
            "share_of_limit": round(per_second / limit_per_second, 3),
            "responses_429": too_many,
            "responses_429_per_minute": round(too_many / minutes, 3),
            "bar_share": BAR_SHARE,
            "meets_bar": per_second >= BAR_SHARE * limit_per_second
            and too_many <= max(1, math.ceil(minutes)),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
