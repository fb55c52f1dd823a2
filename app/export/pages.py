"""One list page of the data API, read and turned into the bytes of its kind's two files.

`page_files` is the whole of the exporter's per-record work: decode the page, keep the records
(objects), write them as JSON Lines and as CSV rows, and as index.html's rows. It needs only
orjson and the standard library, so a worker process can do it (see `pagework`) and the
export's own threads only fetch pages and write bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.export.csvout import csv_rows, jsonl_lines
from app.export.indexrows import row_lines
from app.net.jsontext import loads_exact


class MalformedPage(ValueError):  # noqa: N818 - named like app.errors
    """The page is not JSON, or not a list page; ``detail`` says how (for the report)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class WrittenPage:
    """A list page as the bytes to append to the kind's files."""

    received: int  # items in the page's data list
    good: int  # of them, records (JSON objects); the others are reported as malformed
    next_url: str | None
    total: int | None  # meta.records: the server's count of the kind
    jsonl: bytes
    csv: bytes
    rows: bytes = b""  # the records' rows for index.html (`indexrows`), for kinds it shows
    ids: tuple[Any, ...] = ()  # the records' ids, in order (None where a record has none)


def parse_page(page: Any) -> tuple[list[Any], str | None]:
    """A decoded list page's data list and the address of the next page (None: the last)."""
    if not isinstance(page, Mapping) or not isinstance(page.get("data"), list):
        raise MalformedPage("a list page without a data list")
    meta = page.get("meta")
    paging = meta.get("paging") if isinstance(meta, Mapping) else None
    next_url = paging.get("next") if isinstance(paging, Mapping) else None
    if next_url is not None and not isinstance(next_url, str):
        raise MalformedPage("meta.paging.next is not a URL")
    return page["data"], next_url or None


def page_total(page: Any) -> int | None:
    """`meta.records` of a first page: the server's count of the kind."""
    meta = page.get("meta") if isinstance(page, Mapping) else None
    total = meta.get("records") if isinstance(meta, Mapping) else None
    return total if isinstance(total, int) and not isinstance(total, bool) and total >= 0 else None


def page_files(columns: tuple[str, ...], body: bytes, kind_key: str = "") -> WrittenPage:
    """Decode a list page's body and write its records for the kind's ``columns`` (and, for a
    kind index.html shows, their rows there)."""
    try:
        page = loads_exact(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedPage(f"malformed JSON: {type(exc).__name__}") from None
    data, next_url = parse_page(page)
    good = [record for record in data if isinstance(record, dict)]
    return WrittenPage(
        received=len(data),
        good=len(good),
        next_url=next_url,
        total=page_total(page),
        jsonl=jsonl_lines(good),
        csv=csv_rows(good, columns),
        rows=row_lines(kind_key, good),
        ids=tuple(_id_of(record) for record in good),
    )


def _id_of(record: Mapping[str, Any]) -> Any:
    value = record.get("id")
    return value if isinstance(value, int | str) else None


def without_records(
    page: WrittenPage, columns: tuple[str, ...], kind_key: str, positions: set[int]
) -> WrittenPage:
    """The page with the records at ``positions`` (of its records) left out: made again from
    its JSON Lines, which hold each record exactly as received, one a line."""
    lines = [line for line in page.jsonl.split(b"\n") if line]
    kept = [loads_exact(line) for i, line in enumerate(lines) if i not in positions]
    return WrittenPage(
        received=page.received - len(positions),  # the repeated ones are not malformed
        good=len(kept),
        next_url=page.next_url,
        total=page.total,
        jsonl=jsonl_lines(kept),
        csv=csv_rows(kept, columns),
        rows=row_lines(kind_key, kept),
        ids=tuple(v for i, v in enumerate(page.ids) if i not in positions),
    )
