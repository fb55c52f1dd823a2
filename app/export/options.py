"""What an export is asked to do: the kinds, documents and reports to take, and how hard to
work at it (parallel lists and downloads, archive sizes)."""

from __future__ import annotations

from dataclasses import dataclass

from app.export.kinds import ALL_KINDS


@dataclass(frozen=True)
class ExportOptions:
    kinds: tuple[str, ...] = tuple(kind.key for kind in ALL_KINDS)
    documents: bool = True  # download the document files (records are always exported)
    reports: bool = True  # trust and client ledgers, where the server offers them
    workers: int = 4  # parallel document downloads
    kind_workers: int = 4  # kinds paged in parallel
    page_size: int = 200
    use_archives: bool = True
    archive_max_document_bytes: int = 1024 * 1024  # "small" documents go in archives
    archive_batch_documents: int = 200
    archive_batch_bytes: int = 64 * 1024 * 1024
    # Unpack archives as they download instead of keeping the zip on disk first: half the disk
    # writes. A kill loses only the entries in flight: documents already written whole to
    # their `.part` are taken as they are by the next run (`streamed_archives.stream_archive`).
    stream_archives: bool = True
    firm_name: str | None = None
    language: str = "en"  # the app's language ("en", "fr_CA"): index.html's and README's words
    verify_after: bool = True
    # A finished folder is brought up to date with what changed on the server since its last
    # run (False: a run on a finished folder only re-verifies it).
    incremental: bool = True
