"""A document's earlier versions: where their files go (made safe, never clashing with another
document), and their list asked for once per latest version, never for a document with one."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from app.export.documents.placement import DocumentItem, FolderTree, document_item
from app.export.documents.versions import has_earlier_versions, listed_versions, version_items
from app.export.journal import FileEntry
from app.export.manifest import write_manifest
from app.export.naming import PathAllocator, inside_root

SHA = "ab" * 32


def _document(
    allocator: PathAllocator, name: str, doc_id: int = 7, version: int = 3
) -> DocumentItem:
    tree = FolderTree(allocator, {1: {"name": "Matter 1", "parent": None}})
    record = {
        "id": doc_id,
        "name": name,
        "size": 10,
        "parent": {"id": 1},
        "latest_document_version": {"id": 900 + doc_id, "version_number": version, "size": 10},
    }
    item = document_item(record, tree, allocator)
    assert item is not None
    return item


def _version(version_id: int, number: int, filename: Any = "Letter.pdf") -> dict[str, Any]:
    return {
        "id": version_id,
        "version_number": number,
        "filename": filename,
        "size": 5,
        "etag": f'"{SHA}"',
        "fully_uploaded": True,
    }


class _Meta(dict[str, str]):
    def set(self, key: str, value: str) -> None:
        self[key] = value


def test_only_a_document_whose_latest_version_is_not_the_first_has_earlier_ones() -> None:
    allocator = PathAllocator()
    assert has_earlier_versions(_document(allocator, "a.pdf", 1, version=2))
    assert not has_earlier_versions(_document(allocator, "b.pdf", 2, version=1))
    record = {"id": 3, "name": "c.pdf", "latest_document_version": None}
    item = document_item(record, FolderTree(allocator, {}), allocator)
    assert item is not None and not has_earlier_versions(item)


def test_earlier_versions_go_beside_the_current_file_with_safe_names(tmp_path: Path) -> None:
    allocator = PathAllocator()
    item = _document(allocator, "Letter.pdf", version=6)
    # another document that happens to be named like the versions folder
    twin = _document(allocator, "Letter.pdf.versions", doc_id=8)
    hostile = ["../../etc/passwd", "CON", "a\u202egpj.exe", "x" * 400, None]
    raw = [_version(100 + n, n, name) for n, name in enumerate(hostile, 1)]
    meta = _Meta()
    earlier = listed_versions(item, meta.get, meta.set, lambda _: raw)
    files = version_items(item, earlier, allocator)
    assert [f.version for f in files] == [1, 2, 3, 4, 5]
    assert all(f.kind == "document_versions" for f in files)
    assert [f.source_id for f in files] == [f"7/v{n}" for n in range(1, 6)]
    assert all(f.version_id == 100 + f.version for f in files if f.version is not None)
    assert all(f.sha256 == SHA for f in files)
    folder = files[0].path.parent
    assert folder.parent == item.path.parent
    assert folder != twin.path  # never the other document's file
    assert all(f.path.parent == folder for f in files)
    assert all(f.path.name.startswith(f"{f.version}-") for f in files)
    assert len({f.path for f in files}) == len(files)
    for f in files:
        assert ".." not in f.path.parts and "\u202e" not in str(f.path)
        inside_root(tmp_path, f.path)  # raises for anything that leaves the folder
        assert len(f.path.name.encode()) <= 255
    # the same names again (a resumed run restores the allocator): the same paths
    again = PathAllocator()
    for key, path in allocator.assignments().items():
        again.restore(key, path)
    assert [f.path for f in version_items(item, earlier, again)] == [f.path for f in files]


def test_the_list_is_asked_for_once_per_latest_version() -> None:
    allocator = PathAllocator()
    item = _document(allocator, "Letter.pdf")
    asked: list[int] = []
    listed = [_version(907, 3), _version(101, 1), _version(102, 2), _version(103, 4)]

    def fetch(document_id: int) -> list[dict[str, Any]]:
        asked.append(document_id)
        return listed

    meta = _Meta()
    first = listed_versions(item, meta.get, meta.set, fetch)
    # the latest itself (by id) and anything not older than it are not earlier versions
    assert [(v["id"], v["number"]) for v in first] == [(101, 1), (102, 2)]
    assert listed_versions(item, meta.get, meta.set, fetch) == first
    assert asked == [7]
    newer = _document(PathAllocator(), "Letter.pdf", version=4)
    newer = DocumentItem(**{**newer.__dict__, "latest_version_id": 103})
    assert [v["number"] for v in listed_versions(newer, meta.get, meta.set, fetch)] == [1, 2, 3]
    assert asked == [7, 7]
    assert json.loads(meta["versions:7"])["latest"] == 103


@pytest.mark.parametrize(
    "record",
    [
        {"id": 5, "version_number": 1, "fully_uploaded": False},
        {"id": "5", "version_number": 1},
        {"id": 5, "version_number": None},
        {"id": True, "version_number": 1},
    ],
)
def test_a_version_that_cannot_be_fetched_is_left_out(record: dict[str, Any]) -> None:
    item = _document(PathAllocator(), "Letter.pdf")
    meta = _Meta()
    assert listed_versions(item, meta.get, meta.set, lambda _: [record]) == []


def test_the_manifest_says_which_file_is_the_current_version(tmp_path: Path) -> None:
    entries = [
        FileEntry("documents/a.pdf", "documents", "7", 10, SHA),
        FileEntry("documents/a.pdf.versions/1-a.pdf", "document_versions", "7/v1", 5, SHA),
        FileEntry("records/documents.jsonl", "documents", "", 1, SHA),
    ]
    write_manifest(tmp_path, entries, server="s", created_at="t", versions={"7": 2})
    files = {f["path"]: f for f in json.loads((tmp_path / "manifest.json").read_text())["files"]}
    current = files["documents/a.pdf"]
    assert (current["document_id"], current["version"], current["current"]) == (7, 2, True)
    earlier = files["documents/a.pdf.versions/1-a.pdf"]
    assert (earlier["document_id"], earlier["version"], earlier["current"]) == (7, 1, False)
    assert "current" not in files["records/documents.jsonl"]
    assert PurePosixPath(earlier["path"]).parent.name == "a.pdf.versions"
