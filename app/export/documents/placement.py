"""Where each document file goes under `documents/`: the document records read defensively,
the folder tree rebuilt from the folder records and made safe, and each file's unique name.
The downloads are in `download`, `archives` and `streamed_archives`."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from app.export.manifest import VERSIONS_KIND
from app.export.naming import PathAllocator
from app.export.records import read_records

log = logging.getLogger(__name__)

DOCUMENTS_DIR = "documents"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class DocumentItem:
    """What the engine needs of one document record (fields read defensively)."""

    id: int
    path: PurePosixPath
    size: int | None
    raw_name: str
    raw_folder: tuple[str, ...]  # the folder names as the server sent them, root first
    # The content's SHA-256 where the record's version ETag is one (as the reference backend's)
    sha256: str | None = None
    #: The version's number (`version_number`): of the latest for a document's current file.
    version: int | None = None
    #: Set only for an earlier version of the document, fetched as a file of its own (see
    #: `app.export.documents.versions`); None for the document's current file.
    version_id: int | None = None
    #: The id of the latest version (from the record), to know when a new one came.
    latest_version_id: int | None = None

    @property
    def kind(self) -> str:
        """The journal's and the manifest's kind of the file."""
        return DOCUMENTS_DIR if self.version_id is None else VERSIONS_KIND

    @property
    def source_id(self) -> str:
        """What the file is of: the document's id, or `<document id>/v<version number>`."""
        return str(self.id) if self.version_id is None else version_source_id(self.id, self.version)

    @property
    def download_url(self) -> str:
        """Where the file's bytes are asked for (the service answers with a 303)."""
        url = f"/api/v4/documents/{self.id}/download.json"
        if self.version_id is not None:
            url += f"?document_version_id={self.version_id}"
        return url


def version_source_id(document_id: int, version: int | None) -> str:
    """The source id of a document's earlier version's file (see `manifest.VERSIONS_KIND`)."""
    return f"{document_id}/v{version if version is not None else 0}"


def int_field(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def size_field(value: Any) -> int | None:
    """A size in bytes; a negative one is no size (the download tells the real one)."""
    number = int_field(value)
    return number if number is not None and number >= 0 else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def folder_fields(record: Any) -> tuple[Any, int | None]:
    """What the folder tree needs of a folder record: (its name as sent, its parent's id)."""
    if not isinstance(record, Mapping):
        return None, None
    parent = record.get("parent")
    return record.get("name"), int_field(parent.get("id")) if isinstance(parent, Mapping) else None


class FolderTree:
    """Maps folder ids to safe relative paths under `documents/`, parents first.

    ``folders`` maps each folder id to its record, or to its `folder_fields` (less memory for a
    firm with thousands of folders). Every path is worked out here, so the tree keeps only the
    paths and raw names, never the records."""

    def __init__(
        self,
        allocator: PathAllocator,
        folders: Mapping[int, Mapping[str, Any] | tuple[Any, int | None]],
    ) -> None:
        self._allocator = allocator
        self._folders: Mapping[int, tuple[Any, int | None]] = {
            folder_id: value if isinstance(value, tuple) else folder_fields(value)
            for folder_id, value in folders.items()
        }
        self._paths: dict[int, PurePosixPath] = {}
        self._raw: dict[int, tuple[str, ...]] = {}
        for folder_id in sorted(self._folders):
            self.path_of(folder_id)
        self._folders = {}  # every folder has its path now

    def path_of(self, folder_id: int | None, _seen: frozenset[int] = frozenset()) -> PurePosixPath:
        if folder_id is None:
            return PurePosixPath(DOCUMENTS_DIR)
        known = self._paths.get(folder_id)
        if known is not None:
            return known
        if folder_id not in self._folders or folder_id in _seen:
            return PurePosixPath(DOCUMENTS_DIR)
        name, parent_id = self._folders[folder_id]
        parent_path = self.path_of(parent_id, _seen | {folder_id})
        path = self._allocator.assign(parent_path, name, f"folder:{folder_id}")
        self._paths[folder_id] = path
        parent_raw = self._raw.get(parent_id, ()) if parent_id is not None else ()
        self._raw[folder_id] = (*parent_raw, _str(name) or "")
        return path

    def raw_path_of(self, folder_id: int | None) -> tuple[str, ...]:
        if folder_id is None:
            return ()
        self.path_of(folder_id)
        return self._raw.get(folder_id, ())


def read_folders(path: Path) -> dict[int, tuple[Any, int | None]]:
    """The `folder_fields` of each folder of a records file (JSON Lines), by id; only what the
    tree needs is kept, one record parsed at a time."""
    folders: dict[int, tuple[Any, int | None]] = {}
    for record in read_records(path):
        if isinstance(record, Mapping):
            folder_id = int_field(record.get("id"))
            if folder_id is not None:
                folders[folder_id] = folder_fields(record)
    return folders


def document_item(record: Any, tree: FolderTree, allocator: PathAllocator) -> DocumentItem | None:
    """The document to fetch for a record, or None when the record has no usable id."""
    if not isinstance(record, Mapping):
        return None
    doc_id = int_field(record.get("id"))
    if doc_id is None:
        return None
    parent = record.get("parent")
    folder_id = int_field(parent.get("id")) if isinstance(parent, Mapping) else None
    raw_name = _str(record.get("name")) or _str(record.get("filename")) or f"document-{doc_id}"
    size = size_field(record.get("size"))
    version = record.get("latest_document_version")
    if not isinstance(version, Mapping):
        version = {}
    if size is None:
        size = size_field(version.get("size"))
    sha256 = etag_sha256(_str(version.get("etag")))
    path = allocator.assign(tree.path_of(folder_id), raw_name, f"document:{doc_id}")
    return DocumentItem(
        doc_id,
        path,
        size,
        raw_name,
        tree.raw_path_of(folder_id),
        sha256,
        version=int_field(version.get("version_number")),
        latest_version_id=int_field(version.get("id")),
    )


def etag_sha256(etag: str | None) -> str | None:
    """The SHA-256 an ETag names, when it is one (the reference backend's are)."""
    if not etag:
        return None
    value = etag.removeprefix("W/").strip('"').lower()
    return value if HEX64.match(value) else None
