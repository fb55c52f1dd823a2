"""A second, independent server: the command-line export against a mock that Stoplight Prism
generates from the published Clio Manage API v4 document, in dynamic mode (every answer is
random data of the documented shapes: negative ids, missing fields, optional `meta`, random
`next` addresses, job states and redirects without a target).

Whatever the mock answers, the export must end (bounded time and requests), never write a
record twice, and neither the report nor `account-desk verify` may claim more than was done.

Prism comes from npm (`@stoplight/prism-cli@5`), installed once into a cache outside the
repository. The test is skipped only where node or npm is missing, or where the published
document (../shared/reference) is not there. A request is sent to Prism through the test
proxy (tests/support/faulty_proxy.py), which records it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.cli import Output, main
from app.export.manifest import REPORT_NAME
from app.net.http import forget_limiters
from tests.conftest import SHARED_REFERENCE
from tests.support.faulty_proxy import FaultyProxy

DOCUMENT = SHARED_REFERENCE / "clio-api-v4-openapi.json"
PRISM_PACKAGE = "@stoplight/prism-cli@5"
PRISM_CACHE = Path(
    os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "account-desk-test", "prism"
)
PRISM_BIN = PRISM_CACHE / "node_modules" / ".bin" / "prism"
START_SECONDS = 180  # Prism reads a 3 MB document before it listens
EXPORT_SECONDS = 300
MAX_REQUESTS = 1500  # ~20 kinds, each counted and listed, two reports, a few documents


@dataclass(frozen=True)
class Mock:
    url: str
    files_url: str


def _prism() -> Path:
    """Prism's command, installed into the cache on first use (a minute or so)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run Stoplight Prism (the independent mock)")
    if not DOCUMENT.is_file():
        pytest.skip(f"the published API document is not there ({DOCUMENT})")
    if not PRISM_BIN.exists():
        PRISM_CACHE.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        assert npm is not None
        installed = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(PRISM_CACHE),
             PRISM_PACKAGE],
            capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
        assert installed.returncode == 0, f"npm install {PRISM_PACKAGE}: {installed.stderr}"
    return PRISM_BIN


def _served_document(folder: Path) -> Path:
    """The published document with its paths under the servers' base path (`/api/v4`), so a
    mock on this computer answers the same addresses as the real service. Written to the
    test's own folder, never into the repository."""
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    servers = document.get("servers") or [{"url": "/api/v4"}]
    base = urlsplit(servers[0]["url"]).path.rstrip("/")
    document["paths"] = {base + path: item for path, item in document["paths"].items()}
    document["servers"] = [{"url": "/"}]
    target = folder / "clio-api-v4-served.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    return target


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    command = _prism()
    folder = tmp_path_factory.mktemp("prism")
    served = _served_document(folder)
    port = _free_port()
    log_path = folder / "prism.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(command), "mock", "-d", "-h", "127.0.0.1", "-p", str(port), str(served)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, so it is stopped with all it started
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while b"listening on" not in log_path.read_bytes():
            assert process.poll() is None, log_path.read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "Prism did not start listening"
            time.sleep(0.5)
        url = f"http://127.0.0.1:{port}"
        yield Mock(url, url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        forget_limiters()


def _ids(jsonl: Path) -> list[str]:
    ids = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if isinstance(record, dict) and isinstance(record.get("id"), int | str):
            ids.append(str(record["id"]))
    return ids


@pytest.mark.slow
def test_the_export_against_a_mock_of_the_published_document_ends_and_tells_the_truth(
    prism: Mock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The token goes the command line's usual way for a program: the environment.
    monkeypatch.setenv("ACCOUNT_DESK_TOKEN", "prism-test-token")
    out = tmp_path / "export"
    said = io.StringIO()
    with FaultyProxy(prism) as proxy:
        started = time.monotonic()
        code = main(
            ["export", "--server", proxy.url, "--out", str(out)],
            output=Output(said, io.StringIO()),
        )
        took = time.monotonic() - started
        asked = len(proxy.requests)
    text = said.getvalue()

    # It ended, in bounded time and requests.
    assert took < EXPORT_SECONDS, f"the export took {took:.0f} s"
    assert 0 < asked <= MAX_REQUESTS, f"{asked} requests"

    # No record written twice, in any kind.
    for jsonl in sorted((out / "records").glob("*.jsonl")):
        twice = [i for i, n in Counter(_ids(jsonl)).items() if n > 1]
        assert not twice, f"{jsonl.name}: written more than once: {twice[:5]}"

    # Random answers cannot make a complete export: no claim of success anywhere, and every
    # "not verified" comes with its reason.
    assert code == 1, text
    assert "NOT complete" in text and "verified" not in text.split("NOT complete")[0], text
    assert "(no details were recorded)" not in text
    report = json.loads((out / REPORT_NAME).read_text(encoding="utf-8"))
    assert report["complete"] is False and report["verified"] is False
    assert report["problems"], "the report names no problem"
    checked = io.StringIO()
    assert main(["verify", str(out)], output=Output(checked, io.StringIO())) == 1
    lines = checked.getvalue().splitlines()
    assert lines[0].startswith("NOT verified:"), lines
    for line in lines[1:]:
        if line.strip().startswith("..."):
            continue
        where, _, why = line.strip().partition(": ")
        assert where and why.strip(), f"a problem without its reason: {line!r}"
