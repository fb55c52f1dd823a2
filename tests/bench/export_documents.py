"""Benchmark: document export speed against curl.

Seeds a bench firm with N documents (argv[1], default 2,048) of equal size totalling at least
1 GiB at full size (512 KiB each; at small sizes 16 KiB each) and a few records, starts the
reference backend on loopback with no rate limit, then times
  * `curl --parallel --parallel-max 4` fetching every document's download target (the signed
    URLs the API's 303s point to, asked for beforehand and not timed) into a folder,
  * the export process (the app's command line) of the whole firm with its documents,
    verified at the end,
  * curl again (ratio against the mean of both curl runs, so load that comes or goes in the
    middle weighs on both sides).
Prints one JSON line; `ratio` = export seconds / curl seconds (bar <= 1.10).

    python tests/bench/export_documents.py [DOCUMENTS]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.bench_export import (  # noqa: E402
    TIMEOUT,
    bench_backend,
    dir_bytes,
    emit,
    export_command,
    require_verified,
    run_export,
    size_argument,
)

BAR = 1.10
FULL_DOCUMENTS = 2048
FULL_BYTES = 512 * 1024  # 2,048 x 512 KiB = 1 GiB
SMALL_BYTES = 16 * 1024


def download_targets(base_url: str, token: str) -> list[tuple[int, str]]:
    """(document id, signed file URL) for every document, from the API's 303 answers."""
    targets = []
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {token}"
        url: str | None = f"{base_url}/api/v4/documents.json"
        params: dict[str, str] | None = {"fields": "id", "limit": "200", "order": "id(asc)"}
        ids: list[int] = []
        while url:
            page = session.get(url, params=params, timeout=TIMEOUT)
            page.raise_for_status()
            body = page.json()
            ids += [record["id"] for record in body["data"]]
            url, params = body["meta"]["paging"].get("next"), None
        for document_id in ids:
            answer = session.get(
                f"{base_url}/api/v4/documents/{document_id}/download.json",
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            if answer.status_code != 303:
                raise SystemExit(f"document {document_id}: {answer.status_code}, not a 303")
            targets.append((document_id, answer.headers["Location"]))
    return targets


def curl_fetch(targets: list[tuple[int, str]], folder: Path) -> float:
    """Seconds curl takes to fetch every target into ``folder`` (4 at a time)."""
    folder.mkdir(parents=True)
    config = folder.parent / f"{folder.name}.curlrc"
    config.write_text(
        "".join(
            f'url = "{url}"\noutput = "{folder / f"doc-{ident}.bin"}"\n' for ident, url in targets
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    subprocess.run(
        ["curl", "--parallel", "--parallel-max", "4", "--fail", "--silent", "--show-error",
         "--no-progress-meter",
         "--config", str(config)],
        check=True,
        timeout=3600,
    )  # fmt: skip
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    documents = size_argument(argv, FULL_DOCUMENTS)
    size = FULL_BYTES if documents >= 1000 else SMALL_BYTES
    help_text = subprocess.run(["curl", "--help", "all"], capture_output=True, text=True).stdout
    if "--parallel-max" not in help_text:
        emit({"error": "the system's curl has no --parallel; no comparison possible"})
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-documents-"))
    try:
        with bench_backend(
            workdir, records=documents + 1000, documents=documents, document_bytes=size
        ) as backend:
            targets = download_targets(backend.url, backend.token)
            os.sync()
            curl_first = curl_fetch(targets, workdir / "curl-1")
            curl_bytes = dir_bytes(workdir / "curl-1")
            shutil.rmtree(workdir / "curl-1")
            os.sync()
            out = workdir / "export"
            run = run_export(export_command(backend.url, out), backend.token)
            require_verified(run)
            exported = dir_bytes(out / "documents")
            shutil.rmtree(out)
            targets = download_targets(backend.url, backend.token)  # fresh signatures
            os.sync()
            curl_second = curl_fetch(targets, workdir / "curl-2")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    curl_seconds = (curl_first + curl_second) / 2
    if exported != curl_bytes or curl_bytes != documents * size:
        emit({"error": f"bytes differ: export {exported}, curl {curl_bytes}"})
        return 1
    emit(
        {
            "documents": documents,
            "bytes": curl_bytes,
            "curl_seconds": [round(curl_first, 3), round(curl_second, 3)],
            "export_seconds": round(run.seconds, 3),
            "ratio": round(run.seconds / curl_seconds, 3),
            "bar": BAR,
            "meets_bar": run.seconds / curl_seconds <= BAR,
            "export_peak_rss_mib": round(run.peak_rss_bytes / 2**20, 1),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
