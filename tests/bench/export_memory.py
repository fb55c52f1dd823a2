"""Benchmark: peak memory of the export process, small firm against big firm.

Exports (the app's command line, records and documents, verified) two bench firms seeded on
loopback: a small one of N/10 records, and a big one of N records (argv[1], default 200,000)
plus 2,048 documents of 512 KiB (1 GiB; at small sizes 20 of 16 KiB). The peak resident set
size of each export process comes from the kernel (`ru_maxrss` of the child, via wait4).
Prints one JSON line; bar: big <= 150 MiB and big / small <= 1.2.

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
    bench_backend,
    emit,
    export_command,
    require_verified,
    run_export,
    size_argument,
)

BAR_MIB = 150
BAR_RATIO = 1.2


def peak_rss(workdir: Path, records: int, documents: int, document_bytes: int) -> int:
    with bench_backend(
        workdir, records=records + documents, documents=documents, document_bytes=document_bytes
    ) as backend:
        run = run_export(export_command(backend.url, workdir / "export"), backend.token)
        require_verified(run)
    return run.peak_rss_bytes


def main(argv: list[str]) -> int:
    records = size_argument(argv, 200_000)
    full = records >= 100_000
    documents, document_bytes = (2048, 512 * 1024) if full else (20, 16 * 1024)
    peaks = {}
    for name, count, docs in (("small", records // 10, 0), ("big", records, documents)):
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-export-memory-{name}-"))
        try:
            peaks[name] = peak_rss(workdir, count, docs, document_bytes)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    big_mib = peaks["big"] / 2**20
    ratio = peaks["big"] / peaks["small"]
    emit(
        {
            "small_records": records // 10,
            "big_records": records,
            "big_documents": documents,
            "big_document_bytes": documents * document_bytes,
            "small_peak_rss_mib": round(peaks["small"] / 2**20, 1),
            "big_peak_rss_mib": round(big_mib, 1),
            "ratio": round(ratio, 3),
            "bar_mib": BAR_MIB,
            "bar_ratio": BAR_RATIO,
            "meets_bar": big_mib <= BAR_MIB and ratio <= BAR_RATIO,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
