"""Benchmark: how well the export uses a rate limit (quality bar "rate-limit use").

Seeds a bench firm with N records (argv[1], default 120,000: about 630 API requests with the
counts, 200 small documents in archives and the two reports, so a bit over a minute at the
limit, seven windows), starts the reference backend limited to 100 requests per 10 s per
token (a fixed window counted from its first request, `server/ratelimit.py`) with traffic
totals (`--stats-file`), and runs the app's command line export (`python -m app.cli export`,
documents and reports included) to a verified end.

What it measures, and the bar it is held to:

* ``requests_per_second``: API requests the server accepted (answers other than 429, counted
  by the server) divided by the wall time of the whole export process, from its start to its
  exit: interpreter start-up, planning, every phase and the final verification are all in the
  time, as a person waiting for the export would see it. Bar: >= 0.9 x the limit (9/s).
  ``share_of_limit`` is that figure over the limit.
* ``responses_429``: 429 answers the server sent during the export. Bar: at most one per
  minute of the export (one is allowed in a run shorter than a minute).

Requests to the file listener (document downloads after the API's redirect) are not limited
and not counted. For diagnosis only: ``seconds_at_limit`` is the least time the accepted
requests need at the limit, ``seconds_beyond_limit`` the rest of the export's time (start-up,
verification, and budget left unused).

    python tests/bench/export_ratelimit.py [RECORDS]
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
    accepted = api_requests - too_many  # a refused request uses none of the limit
    per_second = accepted / run.seconds
    limit_per_second = LIMIT / WINDOW
    minutes = run.seconds / 60
    emit(
        {
            "records": records,
            "limit_per_second": limit_per_second,
            "api_requests": api_requests,
            "accepted_requests": accepted,
            "export_seconds": round(run.seconds, 3),
            "seconds_at_limit": round(accepted / limit_per_second, 3),
            "seconds_beyond_limit": round(run.seconds - accepted / limit_per_second, 3),
            "requests_per_second": round(per_second, 3),
            "share_of_limit": round(per_second / limit_per_second, 3),
            "responses_429": too_many,
            "responses_429_per_minute": round(too_many / minutes, 3),
            "bar_share": BAR_SHARE,
            "meets_bar": per_second >= BAR_SHARE * limit_per_second
            and too_many <= max(1.0, minutes),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
