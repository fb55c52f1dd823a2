"""Benchmark: how well the export uses a rate limit (quality bar "rate-limit use").

Seeds a bench firm with N records (argv[1], default 54,000: about 300 API requests with the
counts, 200 small documents in archives and the two reports, so six windows at the limit),
starts the reference backend limited to Clio's documented 50 requests per 60 s per token
(argv[2] as N/S for another limit; a fixed window counted from its first request,
`X-RateLimit-Reset` a Unix timestamp, see `server/ratelimit.py`) with traffic totals
(`--stats-file`), and runs the app's command line export (`python -m app export`,
documents and reports included) to a verified end.

What it measures, and the bar it is held to:

* ``rate_used_fraction``: the requests the server accepted per window of the export (answers
  other than 429, counted by the server, over the wall time of the whole export process in
  windows: interpreter start-up, planning, every phase and the final verification are all in
  the time, as a person waiting for the export would see it) divided by the requests a window
  allows. Bar: >= 0.95. An export shorter than a window can exceed 1 (it is not held back).
* ``429s``: 429 answers the server sent during the export. Bar: none.

Requests to the file listener (document downloads after the API's redirect) are not limited
and not counted. For diagnosis only: ``seconds_at_limit`` is the least time the accepted
requests need at the limit, ``seconds_beyond_limit`` the rest of the export's time (start-up,
verification, and budget left unused).

    python tests/bench/export_ratelimit.py [RECORDS [N/S]]
"""

from __future__ import annotations

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

LIMIT, WINDOW = 50, 60.0  # Clio's documented limit
BAR_SHARE = 0.95


def _limit(argv: list[str]) -> tuple[int, float]:
    if len(argv) < 3:
        return LIMIT, WINDOW
    count, _, seconds = argv[2].partition("/")
    return int(count), float(seconds)


def main(argv: list[str]) -> int:
    records = size_argument(argv, 54_000)
    limit, window = _limit(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-ratelimit-"))
    try:
        with bench_backend(
            workdir,
            records=records,
            documents=200,
            document_bytes=4096,
            rate_limit=f"{limit}/{window:g}",
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
    accepted = api_requests - too_many  # a refused request uses none of the limit
    windows = run.seconds / window
    used = accepted / windows / limit
    emit(
        {
            "records": records,
            "limit": limit,
            "window_seconds": window,
            "api_requests": api_requests,
            "accepted_requests": accepted,
            "export_seconds": round(run.seconds, 3),
            "windows": round(windows, 3),
            "seconds_at_limit": round(accepted / limit * window, 3),
            "seconds_beyond_limit": round(run.seconds - accepted / limit * window, 3),
            "requests_per_window": round(accepted / windows, 3),
            "rate_used_fraction": round(used, 3),
            "429s": too_many,
            "bar_share": BAR_SHARE,
            "meets_bar": used >= BAR_SHARE and too_many == 0,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
