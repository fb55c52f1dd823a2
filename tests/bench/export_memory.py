"""Benchmark: peak memory of the export process, small firm against big firm.

Exports (the app's command line, records and documents, verified) two bench firms seeded on
loopback: a small one of N/10 records, and a big one of N records (argv[1], default 200,000)
plus 2,048 documents of 512 KiB (1 GiB; at small sizes 20 of 16 KiB).

What is measured is what the export costs the machine: the export runs in several processes
(its main process, a worker process that turns big kinds' pages into file bytes, and
multiprocessing's resource tracker), so each process's peak resident set (VmHWM from
/proc/<pid>/status, sampled every 20 ms; Linux only) is taken, and the figure held against the
bar is their SUM (`tests.support.bench_export.TreePeaks`). `ru_maxrss` from wait4 would be only
the largest of them. The main process's and the workers' peaks are printed too.
Prints one JSON line; bar: big sum <= 150 MiB and big sum / small sum <= 1.2.

    python tests/bench/export_memory.py [RECORDS]
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
    Run,
    bench_backend,
    emit,
    export_command,
    require_verified,
    run_export,
    size_argument,
)

BAR_MIB = 150
BAR_RATIO = 1.2


def measure(workdir: Path, records: int, documents: int, document_bytes: int) -> Run:
    with bench_backend(
        workdir, records=records + documents, documents=documents, document_bytes=document_bytes
    ) as backend:
        run = run_export(export_command(backend.url, workdir / "export"), backend.token)
        require_verified(run)
    return run


def _mib(value: int) -> float:
    return round(value / 2**20, 1)


def main(argv: list[str]) -> int:
    records = size_argument(argv, 200_000)
    full = records >= 100_000
    documents, document_bytes = (2048, 512 * 1024) if full else (20, 16 * 1024)
    runs: dict[str, Run] = {}
    for name, count, docs in (("small", records // 10, 0), ("big", records, documents)):
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-export-memory-{name}-"))
        try:
            runs[name] = measure(workdir, count, docs, document_bytes)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    small, big = runs["small"], runs["big"]
    big_mib = big.total_peak_rss_bytes / 2**20
    ratio = big.total_peak_rss_bytes / small.total_peak_rss_bytes
    emit(
        {
            "small_records": records // 10,
            "big_records": records,
            "big_documents": documents,
            "big_document_bytes": documents * document_bytes,
            # the bar's figures: the sum of the peaks of every process of the export
            "small_peak_rss_mib": _mib(small.total_peak_rss_bytes),
            "big_peak_rss_mib": _mib(big.total_peak_rss_bytes),
            "small_main_peak_rss_mib": _mib(small.peak_rss_bytes),
            "big_main_peak_rss_mib": _mib(big.peak_rss_bytes),
            "small_worker_peak_rss_mib": _mib(small.worker_peak_rss_bytes),
            "big_worker_peak_rss_mib": _mib(big.worker_peak_rss_bytes),
            "small_other_peak_rss_mib": _mib(small.other_peak_rss_bytes),
            "big_other_peak_rss_mib": _mib(big.other_peak_rss_bytes),
            "small_processes": small.processes,
            "big_processes": big.processes,
            "ratio": round(ratio, 3),
            "bar_mib": BAR_MIB,
            "bar_ratio": BAR_RATIO,
            "meets_bar": big_mib <= BAR_MIB and ratio <= BAR_RATIO,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
