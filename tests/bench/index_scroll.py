"""index.html with N records of one kind (default 100,000 time entries, beside 1,000 matters and
contacts): how long headless Chromium takes from opening the page to the kind's first rows on
screen, and to scroll to its last record (quality bar: under 2 s each).

The export folder is made as an export makes it (records written page by page through the
engine's RecordSink, so the page takes the rows made on the way), then index.html is written
by the export's own `write_index`. Chromium is started once; each round opens the page afresh
at `#/kind/<kind>`, times the first rows, then scrolls the list to its end and times until the
last record is drawn and painted, then opens a matter's client file (gathered from every
kind). Prints the medians of the rounds as one JSON line.

    python tests/bench/index_scroll.py [N] [--kind activities] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.export.indexpage import INDEX_NAME, write_index  # noqa: E402
from app.export.kinds import kind_by_key  # noqa: E402
from app.export.pages import page_files  # noqa: E402
from app.export.records import RecordSink  # noqa: E402
from tests.support.chromium import Browser, find_chromium  # noqa: E402

PAGE = 200
OTHERS = 1000  # matters and contacts the entries belong to


def _record(kind: str, n: int) -> dict[str, Any]:
    matter = {"id": n % OTHERS + 1, "display_number": f"{n % OTHERS + 1:05d}-Harbor"}
    if kind == "matters":
        return {
            "id": n,
            "display_number": f"{n:06d}-Harbor",
            "description": f"Estate of client {n} and the long description of the matter",
            "status": "Open",
            "open_date": "2024-03-01",
            "client": {"id": 100_000_000 + n % OTHERS, "name": f"Client {n % OTHERS}"},
        }
    if kind == "contacts":
        return {"id": 100_000_000 + n, "name": f"Client {n}", "type": "Person",
                "primary_email_address": f"client{n}@example.test"}  # fmt: skip
    return {
        "id": n,
        "type": "TimeEntry",
        "date": "2024-03-01",
        "quantity_in_hours": 1.5,
        "price": 300.0,
        "total": 450.0,
        "note": f"Drafting the agreement, entry {n}, call with opposing counsel",
        "matter": matter,
        "user": {"id": 7, "name": "Ada Lawyer"},
    }


def _write_kind(root: Path, key: str, count: int, start: int = 1) -> None:
    kind = kind_by_key(key)
    with RecordSink(root, kind, jsonl_offset=0, csv_offset=0) as sink:
        for first in range(start, start + count, PAGE):
            records = [_record(key, n) for n in range(first, min(first + PAGE, start + count))]
            body = json.dumps({"data": records, "meta": {"paging": {}}}).encode()
            sink.write_page(page_files(kind.columns, body, key))
        sink.sync()
        sink.seal()


def _round(browser: Browser, url: str, count: int) -> tuple[float, float, float]:
    browser.call("Page.navigate", url="about:blank")
    browser.wait_for("location.href === 'about:blank'")
    first = browser.open(url, "document.querySelector('.vlist.full .vrow')")
    started = time.perf_counter()
    browser.evaluate(
        "(() => { const v = document.querySelector('.vlist.full');"
        " v.scrollTop = v.scrollHeight; })()"
    )
    browser.wait_for(f"document.querySelector('.vlist.full').dataset.last === '{count}'")
    browser.evaluate(_PAINTED)
    scrolled = time.perf_counter() - started
    last = browser.evaluate(
        "document.querySelector('.vlist.full .vrow:last-child .c1').textContent"
    )
    assert str(last).endswith(f" {count}, call with opposing counsel") or last.startswith(
        f"{count:06d}"
    ), last
    started = time.perf_counter()  # a matter's client file, gathered from every kind
    browser.evaluate("location.hash = '#/matter/1'")
    browser.wait_for("document.documentElement.dataset.view === '#/matter/1'")
    browser.evaluate(_PAINTED)
    return first, scrolled, time.perf_counter() - started


_PAINTED = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int, nargs="?", default=100_000)
    parser.add_argument("--kind", default="activities", choices=["activities", "matters"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    executable = find_chromium()
    if executable is None:
        print("no Chromium: install the 'chromium' package", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="index-bench-") as folder:
        root = Path(folder) / "export"
        root.mkdir()
        _write_kind(root, args.kind, args.records)
        if args.kind != "matters":
            _write_kind(root, "matters", OTHERS)
        _write_kind(root, "contacts", OTHERS, start=0)
        started = time.perf_counter()
        page = write_index(root, {}, "Harbor & Finch LLP")
        write_seconds = time.perf_counter() - started
        url = page.as_uri() + f"#/kind/{args.kind}"
        browser = Browser(executable, Path(folder) / "chromium")
        try:
            rounds = [_round(browser, url, args.records) for _ in range(max(1, args.rounds))]
            assert not browser.errors, browser.errors
        finally:
            browser.close()
        size = (root / INDEX_NAME).stat().st_size
    print(
        json.dumps(
            {
                "records": args.records,
                "kind": args.kind,
                "index_mib": round(size / 2**20, 2),
                "write_seconds": round(write_seconds, 3),
                "first_rows_seconds": round(statistics.median(r[0] for r in rounds), 3),
                "scroll_end_seconds": round(statistics.median(r[1] for r in rounds), 3),
                "matter_page_seconds": round(statistics.median(r[2] for r in rounds), 3),
                "rounds": [[round(x, 3) for x in r] for r in rounds],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
