"""Benchmark: how fast the reference backend pages out a whole firm.

Seeds a bench firm (records from argv, default 200,000), starts the backend on loopback, then
pages every record of every kind with every field (cursor paging, 200 a page) using requests.
Prints one JSON line: records, seconds, records_per_second (and the seeding time).

    python tests/bench/server_paging.py [RECORDS]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from server.practice.kinds import KINDS, full_fields_param  # noqa: E402
from tests.support.backend import start_backend  # noqa: E402

TIMEOUT = 60


def _variants(session: requests.Session, base_url: str, kind: str) -> list[dict[str, str]]:
    """The lists of a kind: notes of matters and of contacts, each conversation's messages."""
    if kind == "notes":
        return [{"type": "Matter"}, {"type": "Contact"}]
    if kind != "conversation_messages":
        return [{}]
    ids: list[str] = []
    url: str | None = f"{base_url}/api/v4/conversations.json"
    params: dict[str, str] | None = {"fields": "id", "limit": "200", "order": "id(asc)"}
    while url:
        page = session.get(url, params=params, timeout=TIMEOUT).json()
        ids.extend(str(record["id"]) for record in page["data"])
        url, params = page["meta"]["paging"].get("next"), None
    return [{"conversation_id": conversation} for conversation in ids]


def page_everything(base_url: str, token: str) -> tuple[int, int]:
    """Fetch every page of every kind; returns (records seen, records the server announced)."""
    seen = announced = 0
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {token}"
        for kind in KINDS:
            for extra in _variants(session, base_url, kind):
                params = {"fields": full_fields_param(kind), "limit": "200", "order": "id(asc)"}
                url: str | None = f"{base_url}/api/v4/{kind}.json"
                first = True
                while url:
                    answer = session.get(
                        url, params={**params, **extra} if first else None, timeout=TIMEOUT
                    )
                    answer.raise_for_status()
                    page = answer.json()
                    if first:
                        announced += page["meta"]["records"]
                        first = False
                    seen += len(page["data"])
                    url = page["meta"]["paging"].get("next")
    return seen, announced


def main(argv: list[str]) -> int:
    records = int(argv[1]) if len(argv) > 1 else 200_000
    documents = max(records // 200, 5)
    with tempfile.TemporaryDirectory(prefix="server-paging-") as tmp:
        started = time.perf_counter()
        backend = start_backend(
            Path(tmp) / "data",
            "--seed",
            "bench",
            "--records",
            str(records),
            "--documents",
            str(documents),
            "--document-bytes",
            "2048",
        )
        seed_seconds = time.perf_counter() - started
        try:
            token = backend.issue_token("administrator")
            started = time.perf_counter()
            seen, announced = page_everything(backend.url, token)
            seconds = time.perf_counter() - started
        finally:
            backend.stop()
    if seen != announced:
        print(json.dumps({"error": f"paged {seen} records but the server announced {announced}"}))
        return 1
    result = {
        "records": seen,
        "seconds": round(seconds, 3),
        "records_per_second": round(seen / seconds, 1),
        "seed_and_start_seconds": round(seed_seconds, 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
