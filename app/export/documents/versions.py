"""A document's earlier versions, each exported as a file of its own beside the current one.

Layout, under the document's folder in `documents/`::

    <name>                      the current (latest) version, as always
    <name>.versions/<n>-<file>  each earlier version: its number, then its own file name

Both names come from the server and go through `naming.PathAllocator` (made safe, unique, and
kept short enough for Windows); the `.versions` folder is allocated like any other name, so it
never clashes with a document of that name.

The earlier versions come after every document's current file (the engine lists them once
those are there, so their lists never hold back the documents' progress). Only documents whose
record says there is more than one version (`latest_document_version`'s `version_number`
above 1) cost a request for their list of versions; the others none. A
version cannot be an item of a document archive (the published archive items are documents and
folders only), so each earlier version is downloaded on its own
(`download.json?document_version_id=`), with the same `.part`, Range, checksum and journal as
any document. The list a run received is kept in the journal with the latest version's id, so
a resumed run does not ask again, and a new version (a different latest) is listed afresh.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from app.export.documents.placement import DocumentItem, etag_sha256
from app.export.naming import PathAllocator
from app.net.http import CancelToken, HttpSession

log = logging.getLogger(__name__)

#: Journal metadata prefix of the versions listed for a document (see `listed_versions`).
VERSIONS_META = "versions:"
VERSIONS_SUFFIX = ".versions"
VERSION_FIELDS = "id,document_id,version_number,filename,size,etag,fully_uploaded"


def has_earlier_versions(item: DocumentItem) -> bool:
    return item.version is not None and item.version > 1


def list_versions(
    http: HttpSession, document_id: int, cancel: CancelToken | None = None
) -> list[dict[str, Any]]:
    """The DocumentVersion records of a document, as the server lists them."""
    found: list[dict[str, Any]] = []
    for page in http.get_paged(
        f"/api/v4/documents/{document_id}/versions.json",
        # The published document requires a query `id` as well as the path's (the same name:
        # one value for both, the document's, is what the path means).
        {"id": document_id, "fields": VERSION_FIELDS, "limit": 200},
        cancel=cancel,
    ):
        data = page.get("data") if isinstance(page, Mapping) else None
        if isinstance(data, list):
            found.extend(record for record in data if isinstance(record, dict))
    return found


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _kept(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """What the export needs of one version record, or None when it cannot be fetched."""
    version_id = _int(record.get("id"))
    number = _int(record.get("version_number"))
    if version_id is None or number is None or number < 0 or record.get("fully_uploaded") is False:
        return None
    size = _int(record.get("size"))
    filename = record.get("filename")
    etag = record.get("etag")
    return {
        "id": version_id,
        "number": number,
        "filename": filename if isinstance(filename, str) else None,
        "size": size if size is not None and size >= 0 else None,
        "etag": etag if isinstance(etag, str) else None,
    }


def listed_versions(
    item: DocumentItem,
    meta: Callable[[str], str | None],
    set_meta: Callable[[str, str], None],
    fetch: Callable[[int], list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """The earlier versions of ``item`` (kept fields, oldest first): from the journal when this
    export listed them for the same latest version, else from the server (then remembered)."""
    key = f"{VERSIONS_META}{item.id}"
    stored = meta(key)
    if stored is not None:
        try:
            value = json.loads(stored)
            if isinstance(value, dict) and value.get("latest") == item.latest_version_id:
                return list(value["versions"])
        except (ValueError, KeyError, TypeError):
            pass
    kept = [v for v in (_kept(r) for r in fetch(item.id)) if v is not None]
    earlier = sorted(
        (
            v
            for v in kept
            if v["id"] != item.latest_version_id
            and (item.version is None or v["number"] < item.version)
        ),
        key=lambda v: (v["number"], v["id"]),
    )
    set_meta(key, json.dumps({"latest": item.latest_version_id, "versions": earlier}))
    return earlier


def version_items(
    item: DocumentItem, earlier: Iterable[Mapping[str, Any]], allocator: PathAllocator
) -> list[DocumentItem]:
    """A file to fetch for each earlier version of ``item``, in `<name>.versions/`."""
    folder: PurePosixPath | None = None
    items = []
    seen: set[int] = set()
    for version in earlier:
        number = int(version["number"])
        if number in seen:
            continue  # one file per version number
        seen.add(number)
        if folder is None:
            folder = allocator.assign(
                item.path.parent, item.path.name + VERSIONS_SUFFIX, f"versions:{item.id}"
            )
        filename = version.get("filename") or item.raw_name
        path = allocator.assign(folder, f"{number}-{filename}", f"version:{item.id}:{number}")
        items.append(
            DocumentItem(
                item.id,
                path,
                version.get("size"),
                item.raw_name,
                item.raw_folder,
                etag_sha256(version.get("etag")),
                version=number,
                version_id=int(version["id"]),
                latest_version_id=item.latest_version_id,
            )
        )
    return items
