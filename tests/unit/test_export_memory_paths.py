"""The export's lean paths give the same answers as the plain ones: folder paths worked out from
only each folder's name and parent (not its whole record), and file hashes made with one
reused read buffer per thread, and `inside_root` remembering folders it resolved."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.export.documents.placement import FolderTree, read_folders
from app.export.manifest import HASH_CHUNK, sha256_file
from app.export.naming import PathAllocator, ResolvedFolders, UnsafePathError, inside_root

FOLDERS = [
    {"id": 1, "name": "Clients", "parent": None, "created_at": "2024-01-01", "extra": [1] * 50},
    {"id": 2, "name": "..", "parent": {"id": 1, "name": "Clients"}},
    {"id": 3, "name": "CON", "parent": {"id": 4}},  # a cycle with 4
    {"id": 4, "name": "a/b\\c", "parent": {"id": 3}},
    {"id": 5, "name": "clients", "parent": None},  # a case twin of 1
    {"id": 6, "name": None, "parent": {"id": 99}},  # an unknown parent
    {"id": "seven", "name": "no usable id"},
    {"id": 2**70, "name": "wide id", "parent": {"id": 1}},
]


def test_folder_paths_from_the_records_file_match_those_from_the_records(tmp_path: Path) -> None:
    records = tmp_path / "folders.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in FOLDERS), encoding="utf-8")
    usable = {r["id"]: r for r in FOLDERS if isinstance(r["id"], int)}

    from_records = FolderTree(PathAllocator(), usable)
    lean = read_folders(records)
    from_file = FolderTree(PathAllocator(), lean)

    assert set(lean) == set(usable)  # the record without an integer id is left out
    for folder_id in [*usable, 99, None]:
        assert from_file.path_of(folder_id) == from_records.path_of(folder_id)
        assert from_file.raw_path_of(folder_id) == from_records.raw_path_of(folder_id)
    assert from_file.path_of(2).parts[:2] == ("documents", "Clients")
    assert from_file.path_of(5) != from_file.path_of(1)  # twins stay apart
    assert all(".." not in from_file.path_of(i).parts for i in usable)


def test_file_hashes_with_a_reused_buffer_match_hashlib_on_many_threads(tmp_path: Path) -> None:
    sizes = [0, 1, HASH_CHUNK - 1, HASH_CHUNK, HASH_CHUNK + 1, 3 * HASH_CHUNK + 7]
    files = []
    for index, size in enumerate(sizes * 3):
        path = tmp_path / f"f{index}"
        data = bytes((index + i) % 251 for i in range(size))
        path.write_bytes(data)
        files.append((path, len(data), hashlib.sha256(data).hexdigest()))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(sha256_file, [path for path, _, _ in files]))
    assert results == [(size, digest) for _, size, digest in files]


def test_remembered_folders_still_stop_links_that_lead_outside(tmp_path: Path) -> None:
    root = tmp_path / "export"
    outside = tmp_path / "outside"
    (root / "documents" / "a").mkdir(parents=True)
    outside.mkdir()
    (root / "documents" / "away").symlink_to(outside, target_is_directory=True)
    (root / "documents" / "a" / "leaf.pdf").symlink_to(outside / "leaf.pdf")
    folders: ResolvedFolders = {}
    for relative in ["documents/a/x.pdf", "documents/a/y.pdf", "documents/new/z.pdf"]:
        assert inside_root(root, relative, folders) == inside_root(root, relative)
    assert "documents/a" in folders  # the second file of a/ costs one lstat
    # Below a remembered folder, what is not a plain name is refused as it is elsewhere.
    for relative in [
        "documents/a/..",
        "documents/a/x:y.pdf",
        "documents/a/x\\y.pdf",
        "/documents/a/x.pdf",
    ]:
        with pytest.raises(UnsafePathError):
            inside_root(root, relative, folders)
        with pytest.raises(UnsafePathError):
            inside_root(root, relative)
    assert inside_root(root, "documents/a/.", folders) == inside_root(root, "documents/a/.")
    for relative in ["documents/away/x.pdf", "documents/a/leaf.pdf"]:
        with pytest.raises(UnsafePathError):
            inside_root(root, relative, folders)
        with pytest.raises(UnsafePathError):
            inside_root(root, relative)
    with pytest.raises(UnsafePathError):  # twice: a refused folder is never remembered
        inside_root(root, "documents/away/x.pdf", folders)
