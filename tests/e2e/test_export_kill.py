"""SIGKILL the command-line export at random moments and resume it each time: the final export
verifies (every file's SHA-256 and size match the manifest, per-kind counts match the server's),
every finished file is intact at every kill, and no record is written twice.

The moments are random but seeded; the seed is printed in every failure message so a failing
run can be replayed with ACCOUNT_DESK_KILL_SEED=<seed>."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from app.export.kinds import ALL_KINDS, Kind, kind_by_key
from app.export.verify import verify
from tests.support.backend import RunningBackend
from tests.support.versions import server_versions

ROOT = Path(__file__).resolve().parents[2]
# The quality bar asks for 20 (ACCOUNT_DESK_KILLS=20); the suite runs 5 to stay fast.
KILLS = int(os.environ.get("ACCOUNT_DESK_KILLS") or 5)
TIMEOUT = 20


def server_documents(backend: RunningBackend, token: str) -> dict[int, tuple[int, str]]:
    """id -> (size, SHA-256) of every document, fetched independently of the app."""
    headers = {"Authorization": f"Bearer {token}"}
    result: dict[int, tuple[int, str]] = {}
    url: str | None = f"{backend.url}/api/v4/documents.json"
    params: dict[str, Any] | None = {"fields": "id,size", "limit": 200, "order": "id(asc)"}
    while url:
        page = requests.get(url, params=params, headers=headers, timeout=TIMEOUT).json()
        for record in page["data"]:
            first = requests.get(
                f"{backend.url}/api/v4/documents/{record['id']}/download.json",
                headers=headers,
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            body = requests.get(first.headers["Location"], timeout=TIMEOUT).content
            assert len(body) == record["size"]
            result[record["id"]] = (len(body), hashlib.sha256(body).hexdigest())
        url, params = page["meta"]["paging"].get("next"), None
    return result


def server_count(backend: RunningBackend, token: str, endpoint: str, params: Any) -> int:
    answer = requests.get(
        f"{backend.url}/api/v4/{endpoint}.json",
        params={"fields": "id", "limit": 1, **dict(params)},
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    return int(answer.json()["meta"]["records"])


def kind_count(backend: RunningBackend, token: str, kind: Kind) -> int:
    """The server's count of a kind; of a list given one parent at a time, the sum of each
    parent's list's count."""
    if kind.parent is None:
        return server_count(backend, token, kind.endpoint, kind.params)
    parent = kind_by_key(kind.parent.kind)
    parents: list[int] = []
    url: str | None = f"{backend.url}/api/v4/{parent.endpoint}.json"
    params: dict[str, Any] | None = {"fields": "id", "limit": 200, "order": "id(asc)"}
    while url:
        answer = requests.get(
            url, params=params, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
        )
        answer.raise_for_status()
        parents.extend(record["id"] for record in answer.json()["data"])
        url, params = answer.json()["meta"]["paging"].get("next"), None
    return sum(
        server_count(backend, token, kind.endpoint, {kind.parent.param: parent_id})
        for parent_id in parents
    )


def finished_files_are_intact(
    out: Path, hashes: set[tuple[int, str]], note: str
) -> tuple[int, int]:
    """Every document file that is not a .part holds exactly one of the server's documents.
    Returns (finished, partial) counts."""
    finished = partial = 0
    documents = out / "documents"
    if not documents.exists():
        return 0, 0
    for path in documents.rglob("*"):
        if not path.is_file():
            continue
        if path.name.endswith(".part"):
            partial += 1
            continue
        data = path.read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) in hashes, f"{note}: {path} is torn"
        finished += 1
    return finished, partial


@pytest.mark.slow
@pytest.mark.parametrize(
    ("archives", "documents", "document_bytes"),
    [("kept whole", 60, 40_000), ("streamed", 120, 300_000)],
    ids=["zips-kept-whole", "zips-streamed"],
)
def test_killed_at_random_moments_the_export_resumes_to_a_verified_whole(
    backend_factory: Callable[..., RunningBackend],
    tmp_path: Path,
    archives: str,
    documents: int,
    document_bytes: int,
) -> None:
    """Small zips are downloaded whole before they are unpacked; zips over 4 MiB are unpacked
    as they download (a kill then leaves documents half-written in a stream)."""
    seed = int(os.environ.get("ACCOUNT_DESK_KILL_SEED") or time.time_ns() % 1_000_000)
    rng = random.Random(seed)
    backend = backend_factory(
        "--seed", "bench", "--records", "3000",
        "--documents", str(documents), "--document-bytes", str(document_bytes),
    )  # fmt: skip
    token = backend.issue_token()
    expected_documents = server_documents(backend, token)
    # every file under documents/ is one of them: a document, or an earlier version of one
    versions = server_versions(backend, token)
    hashes = set(expected_documents.values()) | set(versions.values())
    latest = {document_id: number for document_id, number in sorted(versions)}
    earlier = {key: found for key, found in versions.items() if key[1] < latest[key[0]]}
    assert earlier, "the bench firm has documents with several versions"
    out = tmp_path / "export"
    command = [sys.executable, "-m", "app.cli", "export", "--server", backend.url]
    command += ["--out", str(out), "--profile", str(tmp_path / "profile")]
    env = {**os.environ, "ACCOUNT_DESK_TOKEN": token}

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
            env=env,
        )

    # How long an uninterrupted run takes on this machine, to spread the kills over it.
    probe_started = time.monotonic()
    probe = start()
    probe_output, _ = probe.communicate(timeout=300)
    full = time.monotonic() - probe_started
    assert probe.returncode == 0, f"seed {seed}: {probe_output}"
    logged = "".join(p.read_text(errors="replace") for p in tmp_path.rglob("*.log*"))
    assert ("read whole" in logged) == (archives == "kept whole"), "zips unpacked as expected"
    shutil.rmtree(out)  # start over: the kills need an unfinished export to hit

    log: list[str] = []
    killed = completed = 0
    round_ = 0
    while killed < KILLS:
        round_ += 1
        assert round_ <= KILLS * 6, f"seed {seed}: kills keep missing: {log}"
        delay = rng.uniform(0.3, max(full * 0.7, 0.6))
        process = start()
        time.sleep(delay)  # the random moment itself; not a wait for something to happen
        landed = process.poll() is None
        if landed:
            process.send_signal(signal.SIGKILL)
            killed += 1
        output, _ = process.communicate(timeout=60)
        note = f"seed {seed}, round {round_}, {'killed' if landed else 'ran'} {delay:.2f} s"
        finished, partial = finished_files_are_intact(out, hashes, note)
        log.append(f"{note}: exit {process.returncode}, {finished} files, {partial} .part")
        assert process.returncode in (-signal.SIGKILL, 0), f"{note}: {output}"
        if process.returncode == 0 and killed < KILLS:
            # It finished between kills: that chain of resumes verified; start a new one so
            # every kill hits an unfinished export.
            assert verify(out, update_report=False).verified, (note, log)
            completed += 1
            shutil.rmtree(out)

    final = start()
    output, _ = final.communicate(timeout=300)
    summary = f"seed {seed}; " + "; ".join(log)
    assert final.returncode == 0, f"{summary}\n{output}"

    result = verify(out, update_report=False)
    assert result.verified, (summary, result.problems)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:  # every file's size and SHA-256, computed here again
        data = (out / entry["path"]).read_bytes()
        assert len(data) == entry["size"], (summary, entry["path"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], (summary, entry["path"])
    exported = {
        int(e["source_id"]): (e["size"], e["sha256"])
        for e in manifest["files"]
        if e["kind"] == "documents" and e["source_id"]
    }
    assert exported == expected_documents, summary
    exported_versions = {
        (e["document_id"], e["version"]): (e["size"], e["sha256"])
        for e in manifest["files"]
        if e["kind"] == "document_versions"
    }
    assert exported_versions == earlier, summary
    assert not [p for p in out.rglob("*.part") if ".account-desk" not in p.parts], summary

    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    for kind in ALL_KINDS:
        expected = kind_count(backend, token, kind)
        lines = (out / "records" / f"{kind.key}.jsonl").read_text(encoding="utf-8").splitlines()
        ids = [json.loads(line)["id"] for line in lines]
        assert len(ids) == len(set(ids)), f"{summary}: duplicate {kind.key}"
        assert len(ids) == expected == report["kinds"][kind.key]["exported"], (summary, kind.key)
    # shown with -s: the figures of this run
    print(f"uninterrupted {full:.1f} s; {killed} kills, {completed} restarts; {summary}")
