"""Benchmark: record export speed against a bare fetch loop.

Seeds a bench firm with N records over all kinds (argv[1], default 200,000; no documents),
starts the reference backend on loopback with no rate limit, then measures in ROUNDS rounds
(argv[2], default 3), each
  * the bare loop (quality-bar.md): every page the export asks for (same fields, limit 200),
    fetched with `requests` and discarded, with as many pages in flight as the export has
    (`ExportOptions.kind_workers` kinds at once, biggest first, see `fetch_all_pages`);
  * the export process (the app's command line) into an empty folder, records only, verified
    at the end: no document files and no ledger reports, which the bare loop does not fetch
    either (`export_documents.py` measures the documents);
and the bare loop once more after the last round. A round's ratio is its export seconds over
the mean of the bare loops just before and just after it, so a slower or faster spell of a
shared machine weighs on both sides; `ratio` is the median of the rounds' ratios (bar
<= 1.15). `ratio_vs_sequential_bare` compares the median export with a bare loop fetching one
page at a time (measured before the first round and after the last), which flatters the
export.

The CPU time each side needs is reported too (Linux): the export's processes (wait4's
figures, its worker processes included), the bare loop's (this process, which does nothing
else meanwhile), and the backend's during each. On 2 cores shared with other work, the wall
ratio follows `cpu_ratio`, the median over rounds of the export's CPU (with the backend's)
over the mean of its two bare loops' (likewise): what the export costs beyond the bare loop,
however busy the machine was.

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

            def server_cpu() -> float:
                return backend.cpu_seconds() or 0.0

            def bare_loop(workers: int = ExportOptions().kind_workers) -> float:
                server, cpu = server_cpu(), time.process_time()
                started = time.perf_counter()
                seen.append(fetch_all_pages(backend.url, backend.token, workers=workers))
                seconds = time.perf_counter() - started
                if workers > 1:
                    bare_cpu.append(time.process_time() - cpu)
                    bare_server_cpu.append(server_cpu() - server)
                return seconds

            seen: list[int] = []
            bare_cpu: list[float] = []
            bare_server_cpu: list[float] = []
            export_cpu: list[float] = []
            export_server_cpu: list[float] = []
            sequential = [bare_loop(1)]
            bare = [bare_loop()]
            exports = []
            peak = 0
            for number in range(rounds):
                out = workdir / f"export-{number}"
                server = server_cpu()
                command = export_command(backend.url, out, documents=False, reports=False)
                run = run_export(command, backend.token)
                export_server_cpu.append(server_cpu() - server)
                require_verified(run)
                exports.append(run.seconds)
                export_cpu.append(run.cpu_seconds)
                peak = max(peak, run.peak_rss_bytes)
                shutil.rmtree(out, ignore_errors=True)
                bare.append(bare_loop())
            sequential.append(bare_loop(1))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if len(set(seen)) != 1:
        raise SystemExit(f"the bare loops saw different numbers of records: {seen}")
    ratios = [export / ((bare[n] + bare[n + 1]) / 2) for n, export in enumerate(exports)]
    ratio = statistics.median(ratios)
    bare_total = [client + server for client, server in zip(bare_cpu, bare_server_cpu, strict=True)]
    cpu_ratios = [
        (export_cpu[n] + export_server_cpu[n]) / ((bare_total[n] + bare_total[n + 1]) / 2)
        for n in range(rounds)
    ]
    emit(
        {
            "records": seen[0],
            "export_verified": True,  # require_verified stopped the benchmark otherwise
            "pages_in_flight": ExportOptions().kind_workers,
            "bare_seconds": [round(value, 3) for value in bare],
            "export_seconds": [round(value, 3) for value in exports],
            "round_ratios": [round(value, 3) for value in ratios],
            "ratio": round(ratio, 3),
            "bare_sequential_seconds": [round(value, 3) for value in sequential],
            "ratio_vs_sequential_bare": round(
                statistics.median(exports) / statistics.mean(sequential), 3
            ),
            "bar": BAR,
            "meets_bar": ratio <= BAR,
            "export_peak_rss_mib": round(peak / 2**20, 1),
            "bare_cpu_seconds": [round(value, 3) for value in bare_cpu],
            "export_cpu_seconds": [round(value, 3) for value in export_cpu],
            "server_cpu_seconds_in_bare": [round(value, 3) for value in bare_server_cpu],
            "server_cpu_seconds_in_export": [round(value, 3) for value in export_server_cpu],
            "cpu_ratio": round(statistics.median(cpu_ratios), 3),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
