"""Archives of documents are unpacked by recognising documents, never by trusting entry paths;
the offline index page cannot be turned into markup by server text."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from app.export import pagework
from app.export.control import ExportControl
from app.export.documents.archives import RunInWorker, unpack_archive
from app.export.documents.placement import DocumentItem, FolderTree, document_item
from app.export.documents.run import archive_batches
from app.export.indexpage import write_index
from app.export.naming import PathAllocator


def _item(
    doc_id: int, name: str, content: bytes, folder: tuple[str, ...] = ("Matters",)
) -> DocumentItem:
    return DocumentItem(
        doc_id, PurePosixPath("documents", *folder, name), len(content), name, folder
    )


def _zip(
    path: Path, entries: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as bundle:
        for name, content in entries:
            bundle.writestr(name, content)
    return path


@pytest.fixture(params=["here", "workers"])
def run(request: pytest.FixtureRequest) -> Iterator[RunInWorker | None]:
    """Entries copied in this process, or by the page workers (the same results)."""
    if request.param == "here":
        yield None
        return
    with pagework.KeptWorker() as workers:
        workers.start()
        assert workers.submit(len, b"ready") is not None, "no worker process started"
        yield workers.submit


def test_archive_entries_go_to_their_documents_own_safe_paths(
    tmp_path: Path, run: RunInWorker | None
) -> None:
    root = tmp_path / "export"
    root.mkdir()
    letter, scan = b"%PDF letter", b"\x89PNG scan"
    items = [_item(1, "Letter.pdf", letter), _item(2, "Scan.png", scan)]
    archive = _zip(
        tmp_path / "a.zip",
        [
            ("Matters/Letter.pdf", letter),
            ("../../../escape.txt", b"evil"),  # not a document of the batch: ignored
            ("/etc/Scan.png", scan),  # a known name with a hostile folder: still lands safely
            ("C:\\Windows\\x.dll", b"evil"),
        ],
    )
    seen: list[int] = []
    finished, leftovers = unpack_archive(
        archive, items, root, seen.append, ExportControl(), run=run
    )
    assert sorted(entry.source_id for entry in finished) == ["1", "2"] and leftovers == []
    assert (root / "documents/Matters/Letter.pdf").read_bytes() == letter
    assert (root / "documents/Matters/Scan.png").read_bytes() == scan
    assert finished[0].sha256 == hashlib.sha256(letter).hexdigest()
    assert sum(seen) == len(letter) + len(scan)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == [
        "a.zip",
        "export/documents/Matters/Letter.pdf",
        "export/documents/Matters/Scan.png",
    ]


def test_a_zip_bomb_or_a_lying_entry_is_not_unpacked(
    tmp_path: Path, run: RunInWorker | None
) -> None:
    root = tmp_path / "export"
    root.mkdir()
    # the record says 10 bytes; the entry holds 50 MB of zeros (compresses ~1000:1)
    bomb = _item(1, "report.txt", b"0123456789")
    same_name_other_size = _item(2, "notes.txt", b"short")
    archive = _zip(
        tmp_path / "bomb.zip",
        [
            ("Matters/report.txt", b"\0" * 50_000_000),
            ("Matters/notes.txt", b"much longer than said"),
        ],
    )
    finished, leftovers = unpack_archive(
        archive, [bomb, same_name_other_size], root, lambda n: None, ExportControl(), run=run
    )
    assert finished == []
    assert {item.id for item in leftovers} == {1, 2}  # fetched one by one instead
    assert not any(p.is_file() for p in root.rglob("*"))


def test_a_corrupted_entry_is_left_for_a_single_download(
    tmp_path: Path, run: RunInWorker | None
) -> None:
    root = tmp_path / "export"
    root.mkdir()
    good, bad = b"good " * 1000, b"bad! " * 1000
    items = [_item(1, "good.txt", good), _item(2, "bad.txt", bad)]
    archive = _zip(tmp_path / "a.zip", [("good.txt", good), ("bad.txt", bad)], zipfile.ZIP_STORED)
    data = archive.read_bytes()
    at = data.index(bad)
    archive.write_bytes(data[:at] + b"BAD! " + data[at + 5 :])  # same size, wrong CRC
    finished, leftovers = unpack_archive(
        archive, items, root, lambda n: None, ExportControl(), run=run
    )
    assert [entry.source_id for entry in finished] == ["1"]
    assert [item.id for item in leftovers] == [2]
    assert not (root / "documents/Matters/bad.txt").exists()
    assert not list(root.rglob("*.part"))


def test_an_encrypted_entry_is_left_for_a_single_download(
    tmp_path: Path, run: RunInWorker | None
) -> None:
    root = tmp_path / "export"
    root.mkdir()
    plain, secret = b"plain " * 100, b"secret " * 100
    items = [_item(1, "plain.txt", plain), _item(2, "secret.txt", secret)]
    archive = _zip(tmp_path / "a.zip", [("plain.txt", plain), ("secret.txt", secret)])
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as bundle:
        header = bundle.getinfo("secret.txt").header_offset
    data[header + 6] |= 0x1  # "encrypted" in the local header and in the central directory
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[central + 8] |= 0x1
    archive.write_bytes(bytes(data))
    finished, leftovers = unpack_archive(
        archive, items, root, lambda n: None, ExportControl(), run=run
    )
    assert [entry.source_id for entry in finished] == ["1"]
    assert [item.id for item in leftovers] == [2]


def test_a_group_whose_worker_died_is_copied_here(tmp_path: Path) -> None:
    root = tmp_path / "export"
    root.mkdir()
    contents = {n: f"document {n} ".encode() * 100 for n in range(1, 6)}
    items = [_item(n, f"d{n}.txt", c) for n, c in contents.items()]
    archive = _zip(tmp_path / "a.zip", [(f"d{n}.txt", c) for n, c in contents.items()])
    asked: list[Any] = []

    def dead_worker(*call: Any) -> Future[Any]:
        asked.append(call)
        died: Future[Any] = Future()
        died.set_exception(BrokenProcessPool("the worker died"))
        return died

    finished, leftovers = unpack_archive(
        archive, items, root, lambda n: None, ExportControl(), run=dead_worker
    )
    assert asked and leftovers == [] and len(finished) == len(contents)
    for n, content in contents.items():
        assert (root / f"documents/Matters/d{n}.txt").read_bytes() == content


def test_a_broken_archive_leaves_every_document_for_single_downloads(tmp_path: Path) -> None:
    archive = tmp_path / "broken.zip"
    archive.write_bytes(b"PK\x03\x04 not really a zip")
    items = [_item(1, "a.pdf", b"x")]
    finished, leftovers = unpack_archive(archive, items, tmp_path, lambda n: None, ExportControl())
    assert finished == [] and leftovers == items


def test_folder_cycles_and_hostile_names_from_the_server_stay_inside_documents() -> None:
    allocator = PathAllocator()
    folders = {
        1: {"name": "..", "parent": {"id": 2}},
        2: {"name": "CON", "parent": {"id": 1}},  # a cycle
        3: {"name": "a/b\\c", "parent": None},
    }
    tree = FolderTree(allocator, folders)
    for folder_id in folders:
        path = tree.path_of(folder_id)
        assert path.parts[0] == "documents" and ".." not in path.parts
    item = document_item(
        {"id": 9, "name": "../../x.pdf", "parent": {"id": 3}, "size": 4}, tree, allocator
    )
    assert item is not None and item.path.parts[0] == "documents" and item.path.name == "__.._x.pdf"
    assert document_item({"id": "nine"}, tree, allocator) is None
    assert document_item(["not", "a", "record"], tree, allocator) is None


@pytest.mark.parametrize(
    ("etag", "sha256"),
    [
        ('"' + "A" * 64 + '"', "a" * 64),  # the content's SHA-256, as the reference backend's
        ('W/"' + "b" * 64 + '"', "b" * 64),
        ('"v1"', None),  # an opaque ETag says nothing about the content
        ('"' + "c" * 63 + '"', None),
        (7, None),
    ],
)
def test_a_documents_content_hash_is_taken_from_its_version_etag_only_when_it_is_one(
    etag: object, sha256: str | None
) -> None:
    allocator = PathAllocator()
    tree = FolderTree(allocator, {})
    record = {"id": 9, "name": "x.pdf", "latest_document_version": {"etag": etag, "size": 4}}
    item = document_item(record, tree, allocator)
    assert item is not None and item.size == 4 and item.sha256 == sha256


def test_the_index_page_embeds_server_text_without_markup(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>&amp;\u2028"
    (records / "matters.jsonl").write_text(
        json.dumps(
            {
                "id": 1,
                "display_number": hostile,
                "description": hostile,
                "client": {"id": 5, "name": hostile},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (records / "contacts.jsonl").write_text(json.dumps({"id": 5, "name": hostile}) + "\n", "utf-8")
    (records / "documents.jsonl").write_text(
        json.dumps({"id": 7, "name": hostile, "matter": {"id": 1}}) + "\n", "utf-8"
    )
    page = write_index(tmp_path, {"7": "documents/Matters/Letter #1.pdf"}, "<b>Firm</b>").read_text(
        "utf-8"
    )
    assert "<script>alert" not in page and "<img" not in page and "\u2028" not in page
    assert page.count("</script>") == page.count("<script")  # no block closed early
    assert "&lt;b&gt;Firm&lt;/b&gt;" in page
    assert "documents/Matters/Letter #1.pdf" in page  # the link target, encoded by the script
    assert "http://" not in page and "https://" not in page
    # the embedded data reads back exactly
    start = page.index('id="data-matters">') + len('id="data-matters">')
    data = json.loads(page[start : page.index("</script>", start)])
    assert data[0][1] == hostile


def test_twin_names_in_an_archive_are_told_apart_by_folder_or_entry_comment(tmp_path: Path) -> None:
    root = tmp_path / "export"
    root.mkdir()
    first, second = b"first copy", b"second one"
    items = [
        DocumentItem(
            1, PurePosixPath("documents/Root/A/x.txt"), len(first), "x.txt", ("Root", "A")
        ),
        DocumentItem(
            2, PurePosixPath("documents/Root/B/x.txt"), len(second), "x.txt", ("Root", "B")
        ),
    ]
    archive = tmp_path / "twins.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("B/x.txt", second)  # the root folder's name left out
        info = zipfile.ZipInfo("A/x.txt")
        info.comment = b"document_id=1"
        bundle.writestr(info, first)
    finished, leftovers = unpack_archive(archive, items, root, lambda n: None, ExportControl())
    assert leftovers == [] and len(finished) == 2
    assert (root / "documents/Root/A/x.txt").read_bytes() == first
    assert (root / "documents/Root/B/x.txt").read_bytes() == second


def test_the_first_archives_are_smaller_so_unpacking_starts_early() -> None:
    mib = 1024 * 1024

    def sized(doc_id: int, size: int) -> DocumentItem:
        return DocumentItem(doc_id, PurePosixPath("documents", f"{doc_id}.pdf"), size, "x", ())

    items = [sized(i, mib) for i in range(40)]
    batches = archive_batches(items, 200, 16 * mib)
    assert [len(batch) for batch in batches] == [2, 4, 8, 16, 10]
    assert [item for batch in batches for item in batch] == items  # all, once, in order

    small = [sized(i, 1024) for i in range(300)]  # as many as a zip takes, whatever the bytes
    assert [len(batch) for batch in archive_batches(small, 200, 16 * mib)] == [200, 100]

    big = [sized(100, 5 * mib), *items[:2]]  # over the first zip's bytes: a zip of its own
    assert [len(batch) for batch in archive_batches(big, 200, 16 * mib)] == [1, 2]
