"""Benchmark: document export speed against curl.

Seeds a bench firm with N documents (argv[1], default 2,048) of equal size totalling at least
1 GiB at full size (512 KiB each; at small sizes 16 KiB each) and a few records, starts the
reference backend on loopback with no rate limit, then measures in ROUNDS rounds (argv[2],
default 3; at small sizes 1), after a first curl run:
  * the export process (the app's command line) of the whole firm with its documents,
    verified at the end;
  * `curl --parallel --parallel-max 4` fetching every document's download target (the signed
    URLs the API's 303s point to, asked for beforehand and not timed) into a folder.
The disk is synced before each timed run. A round's ratio is its export seconds over the mean
of the curl runs just before and just after it, so a slower or faster spell of the shared
machine weighs on both sides; `ratio` is the median of the rounds' ratios (bar <= 1.10), as
in the record benchmark.

    python tests/bench/export_documents.py [DOCUMENTS [ROUNDS]]
"""

from __future__ import annotations

import os
import shutil
import statistics
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
    rounds = int(argv[2]) if len(argv) > 2 else (3 if documents >= 1000 else 1)
    help_text = subprocess.run(["curl", "--help", "all"], capture_output=True, text=True).stdout
    if "--parallel-max" not in help_text:
        emit({"error": "the system's curl has no --parallel; no comparison possible"})
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-documents-"))
    try:
        with bench_backend(
            workdir, records=documents + 1000, documents=documents, document_bytes=size
        ) as backend:

            def curl_run(number: int) -> tuple[float, int]:
                targets = download_targets(backend.url, backend.token)  # fresh signatures
                folder = workdir / f"curl-{number}"
                os.sync()
                seconds = curl_fetch(targets, folder)
                fetched = dir_bytes(folder)
                shutil.rmtree(folder)
                return seconds, fetched

            seconds, curl_bytes = curl_run(0)
            curl = [seconds]
            exports: list[float] = []
            peak = 0
            for number in range(rounds):
                out = workdir / f"export-{number}"
                os.sync()
                run = run_export(export_command(backend.url, out), backend.token)
                require_verified(run)
                exported = dir_bytes(out / "documents")
                shutil.rmtree(out)
                if exported != curl_bytes:
                    emit({"error": f"bytes differ: export {exported}, curl {curl_bytes}"})
                    return 1
                exports.append(run.seconds)
                peak = max(peak, run.peak_rss_bytes)
                seconds, fetched = curl_run(number + 1)
                if fetched != curl_bytes:
                    emit({"error": f"bytes differ: curl {fetched}, then {curl_bytes}"})
                    return 1
                curl.append(seconds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if curl_bytes != documents * size:
        emit({"error": f"curl fetched {curl_bytes} bytes, not {documents * size}"})
        return 1
    ratios = [export / ((curl[n] + curl[n + 1]) / 2) for n, export in enumerate(exports)]
    ratio = statistics.median(ratios)
    emit(
        {
            "documents": documents,
            "bytes": curl_bytes,
            "curl_seconds": [round(value, 3) for value in curl],
            "export_seconds": [round(value, 3) for value in exports],
            "round_ratios": [round(value, 3) for value in ratios],
            "ratio": round(ratio, 3),
            "bar": BAR,
            "meets_bar": ratio <= BAR,
            "export_peak_rss_mib": round(peak / 2**20, 1),
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
