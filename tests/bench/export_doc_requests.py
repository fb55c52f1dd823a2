"""Benchmark: requests spent on documents, per 1,000 small documents.

Seeds a bench firm with N small documents (argv[1], default 1,000; 2 KiB each) and a few
folders, starts the reference backend with traffic totals (`--stats-file`), then exports the
folders and documents kinds twice into fresh folders: once with the document files and once
without. The difference in requests (API and file listener together) is what the document
files cost; archives are used where the server offers them. Prints one JSON line;
`requests_per_1000_documents` (bar <= 50).

    python tests/bench/export_doc_requests.py [DOCUMENTS]
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

BAR = 50
DOCUMENT_BYTES = 2048
KINDS = "folders,documents"


def main(argv: list[str]) -> int:
    documents = size_argument(argv, 1000)
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-doc-requests-"))
    try:
        with bench_backend(
            workdir,
            records=documents + 500,
            documents=documents,
            document_bytes=DOCUMENT_BYTES,
            stats=True,
        ) as backend:

            def requests_for(name: str, with_documents: bool) -> int:
                before = backend.stats()
                run = run_export(
                    export_command(
                        backend.url, workdir / name, documents=with_documents, kinds=KINDS
                    ),
                    backend.token,
                )
                require_verified(run)
                after = backend.stats()
                return sum(after[key] - before[key] for key in ("api_requests", "files_requests"))

            records_only = requests_for("records-only", False)
            with_files = requests_for("with-files", True)
            files_bytes = backend.stats()["files_body_bytes"]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    spent = with_files - records_only
    per_thousand = spent * 1000 / documents
    emit(
        {
            "documents": documents,
            "document_bytes": DOCUMENT_BYTES,
            "requests_records_only": records_only,
            "requests_with_documents": with_files,
            "requests_for_documents": spent,
            "requests_per_1000_documents": round(per_thousand, 1),
            "files_body_bytes": files_bytes,
            "bar": BAR,
            "meets_bar": per_thousand <= BAR,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
