"""The document templates' files (`document_templates/`): the letters and forms the firm fills
from its matters, downloaded beside their records (`records/document_templates.jsonl`), each
under its own name made safe, checked and listed in the manifest like a document.

A template whose record is unchanged since its file was fetched (the record's ETag, kept in
the journal) is not fetched again, so an update or a resumed run asks only for new and changed
templates. A template the service no longer lists keeps its file: the export keeps what it
took."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from app.errors import AccountDeskError
from app.export.documents.download import Downloader, ItemFailed
from app.export.journal import FileEntry
from app.export.manifest import TEMPLATES_KIND
from app.export.naming import PathAllocator
from app.export.records import RECORDS_DIR, read_records
from app.export.run import FATAL, PERMANENT, ExportRun, reason

log = logging.getLogger(__name__)

TEMPLATES_DIR = "document_templates"
_FETCHED_ETAG = "template-etag:"  # journal metadata: the record's ETag when its file came


@dataclass(frozen=True)
class TemplateItem:
    """One template's file, as `Downloader` fetches it."""

    id: int
    path: PurePosixPath
    size: int | None
    etag: str  # the record's ("" when it has none)

    @property
    def kind(self) -> str:
        return TEMPLATES_KIND

    @property
    def source_id(self) -> str:
        return str(self.id)

    @property
    def download_url(self) -> str:
        return f"/api/v4/document_templates/{self.id}/download.json"


def template_items(records: Any, allocator: PathAllocator) -> list[TemplateItem]:
    """The templates of the records file that have an id, in id order, each with its place
    (a record read defensively: a name or size of the wrong type is not used)."""
    found: dict[int, Mapping[str, Any]] = {}
    for record in records:
        if not isinstance(record, Mapping):
            continue
        record_id = record.get("id")
        if isinstance(record_id, int) and not isinstance(record_id, bool):
            found[record_id] = record
    items = []
    for record_id in sorted(found):
        record = found[record_id]
        name = record.get("filename")
        size = record.get("size")
        etag = record.get("etag")
        path = allocator.assign(
            PurePosixPath(TEMPLATES_DIR),
            name if isinstance(name, str) and name.strip() else f"template-{record_id}",
            f"template:{record_id}",
        )
        items.append(
            TemplateItem(
                record_id,
                path,
                size if isinstance(size, int) and not isinstance(size, bool) else None,
                etag if isinstance(etag, str) else "",
            )
        )
    return items


class TemplatesRun:
    """Downloads the files of the templates in the run's records file."""

    def __init__(self, run: ExportRun) -> None:
        self.run = run
        self.root = run.root
        self.journal = run.journal
        self.control = run.control
        self.downloader = Downloader(run.http, run.root, run.control, on_bytes=_uncounted)

    def export(self) -> None:
        records = self.root / RECORDS_DIR / f"{TEMPLATES_KIND}.jsonl"
        fetched = self.journal.files_of(TEMPLATES_KIND)
        allocator = PathAllocator()
        for source_id, entry in fetched.items():  # a file keeps its name from run to run
            allocator.restore(f"template:{source_id}", PurePosixPath(entry.path))
        for item in template_items(read_records(records), allocator):
            self.control.checkpoint()
            if self._still_current(item, fetched.get(item.source_id)):
                continue
            try:
                entry = self.downloader.fetch(item)
            except FATAL:
                raise
            except ItemFailed as exc:
                self._failed(item, exc.message, permanent=exc.permanent)
                continue
            except AccountDeskError as exc:
                self._failed(item, reason(exc), permanent=isinstance(exc, PERMANENT))
                continue
            self.journal.finish_file(entry)
            self.journal.set_meta(f"{_FETCHED_ETAG}{item.id}", item.etag)

    def _still_current(self, item: TemplateItem, entry: FileEntry | None) -> bool:
        """Whether the file fetched before is there and its record has not changed since."""
        if entry is None or not (self.root / entry.path).is_file():
            return False
        return self.journal.get_meta(f"{_FETCHED_ETAG}{item.id}") == item.etag

    def _failed(self, item: TemplateItem, why: str, *, permanent: bool) -> None:
        self.journal.record_failure(TEMPLATES_KIND, item.source_id, why, permanent=permanent)
        log.warning("template %s: %s", item.id, why)


def _uncounted(_count: int) -> None:
    """Template bytes are not in the documents' byte count (there are a few small ones)."""
