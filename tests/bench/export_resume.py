"""Benchmark: bytes wasted by a killed and resumed export.

Seeds a bench firm with N documents (argv[1], default 2,048 of 512 KiB: 1 GiB; at small sizes
16 KiB each) and a few records, starts the reference backend with traffic totals
(`--stats-file`), starts the export (the app's command line), SIGKILLs it once the file
listener has sent half the document bytes, and runs the same command again to completion
(verified). A records-only export into another folder then measures what the records and
reports cost when nothing goes wrong. Prints one JSON line;
`ratio` = bytes sent by both listeners over the killed and the resumed run / (document bytes +
records-only bytes) (bar <= 1.02); `files_ratio` the same for the file listener and the
document bytes alone.

    python tests/bench/export_resume.py [DOCUMENTS]
"""

from __future__ import annotations

import shutil
import signal
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

BAR = 1.02
FULL_BYTES = 512 * 1024
SMALL_BYTES = 16 * 1024


def main(argv: list[str]) -> int:
    documents = size_argument(argv, 2048)
    size = FULL_BYTES if documents >= 1000 else SMALL_BYTES
    document_bytes = documents * size
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-resume-"))
    try:
        with bench_backend(
            workdir, records=documents + 1000, documents=documents, document_bytes=size, stats=True
        ) as backend:
            start = backend.stats()
            command = export_command(backend.url, workdir / "export")

            def half_sent() -> bool:
                sent = backend.stats()["files_body_bytes"] - start["files_body_bytes"]
                return sent >= document_bytes / 2

            killed = run_export(command, backend.token, kill_when=half_sent)
            at_kill = backend.stats()
            resumed = run_export(command, backend.token)
            require_verified(resumed)
            end = backend.stats()
            clean = run_export(
                export_command(backend.url, workdir / "records-only", documents=False),
                backend.token,
            )
            require_verified(clean)
            after_clean = backend.stats()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if killed.returncode != -signal.SIGKILL:
        emit({"error": f"the export ended (exit {killed.returncode}) before it was killed"})
        return 1

    def sent(a: dict[str, int], b: dict[str, int], key: str) -> int:
        return b[key] - a[key]

    files = sent(start, end, "files_body_bytes")
    fetched = files + sent(start, end, "api_body_bytes")
    records_only = sent(end, after_clean, "files_body_bytes") + sent(
        end, after_clean, "api_body_bytes"
    )
    emit(
        {
            "documents": documents,
            "document_bytes": document_bytes,
            "files_bytes_before_kill": sent(start, at_kill, "files_body_bytes"),
            "files_bytes": files,
            "fetched_bytes": fetched,
            "records_only_bytes": records_only,
            "files_ratio": round(files / document_bytes, 4),
            "ratio": round(fetched / (document_bytes + records_only), 4),
            "bar": BAR,
            "meets_bar": fetched / (document_bytes + records_only) <= BAR,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
