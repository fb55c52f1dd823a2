"""Archives unpacked as they download (`streamed_archives.stream_archive`): entries go to their
documents' own safe paths, damaged ones are left for single downloads, a broken stream goes on
at the entry it was in, and documents a killed run had written whole are not fetched again."""

from __future__ import annotations

import hashlib
import io
import os
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from app.export.control import ExportControl
from app.export.documents import streamed as streamed_archives
from app.export.documents.archives import ArchiveJob
from app.export.documents.placement import DocumentItem
from app.export.documents.streamed import stream_archive
from app.net.http import HttpSession
from tests.support.faulty_server import FaultyServer, RangeFile

PATH = "/api/v4/document_archives/7/download.json"
DOCUMENT_BYTES = 300_000  # more than one read of the stream per document


@pytest.fixture(autouse=True)
def _stream_every_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streamed_archives, "WHOLE_ARCHIVE", 0)  # even a small one is streamed


@pytest.fixture
def http(faulty_server: FaultyServer) -> Iterator[HttpSession]:
    session = HttpSession(faulty_server.url)
    session.set_token("t")
    yield session
    session.close()


def _content(doc_id: int) -> bytes:
    return random.Random(doc_id).randbytes(DOCUMENT_BYTES)


def _item(doc_id: int, name: str, sha256: str | None = None) -> DocumentItem:
    path = PurePosixPath("documents", "Matters", name)
    return DocumentItem(doc_id, path, DOCUMENT_BYTES, name, ("Matters",), sha256)


def _zip(entries: list[tuple[str, int | None, bytes]]) -> bytes:
    """A zip of (entry name, document id in the comment or None, content), stored entries and
    deflated ones taking turns, as a server's archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bundle:
        for number, (name, doc_id, content) in enumerate(entries):
            info = zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if number % 2 else zipfile.ZIP_DEFLATED
            if doc_id is not None:
                info.comment = f"document_id={doc_id}".encode()
            bundle.writestr(info, content)
    return out.getvalue()


def _stream(
    http: HttpSession, data: bytes, items: list[DocumentItem], root: Path
) -> tuple[list[DocumentItem], list[int]]:
    counted: list[int] = []
    leftovers = stream_archive(
        http, ArchiveJob(7, None), len(data), items, root, ExportControl(), counted.append, None
    )
    return leftovers, counted


def _offset_of(data: bytes, name: str) -> int:
    return zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset


def test_entries_go_to_their_documents_own_safe_paths(
    faulty_server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    root = tmp_path / "export"
    root.mkdir()
    items = [_item(1, "Letter.pdf"), _item(2, "Scan.png"), _item(3, "Notes.txt")]
    data = _zip(
        [
            ("../../../escape.txt", None, b"evil"),  # no document of the batch: ignored
            ("Matters/Letter.pdf", 1, _content(1)),
            ("/etc/Scan.png", 2, _content(2)),  # a known document under a hostile folder
            ("C:\\Windows\\Notes.txt", 3, _content(3)),
            ("..\\..\\x.dll", None, b"evil"),
        ]
    )
    faulty_server.route(PATH, RangeFile(data))
    leftovers, counted = _stream(http, data, items, root)
    assert leftovers == []
    for item in items:
        assert (root / item.path).read_bytes() == _content(item.id)
    assert sum(counted) == 3 * DOCUMENT_BYTES
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert written == sorted(item.path.as_posix() for item in items)
    assert not (tmp_path / "escape.txt").exists() and not Path("/etc/Scan.png").exists()


def test_a_damaged_or_lying_entry_is_left_for_a_single_download(
    faulty_server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    root = tmp_path / "export"
    root.mkdir()
    items = [_item(1, "Good.pdf"), _item(2, "Damaged.pdf"), _item(3, "Short.pdf")]
    data = bytearray(
        _zip(
            [
                ("Good.pdf", 1, _content(1)),
                ("Damaged.pdf", 2, _content(2)),  # stored: a flipped byte breaks its CRC
                ("Short.pdf", 3, _content(3)[:1000]),  # not the size the record says
            ]
        )
    )
    data[_offset_of(bytes(data), "Damaged.pdf") + 200] ^= 0xFF
    faulty_server.route(PATH, RangeFile(bytes(data)))
    leftovers, _ = _stream(http, bytes(data), items, root)
    assert sorted(item.id for item in leftovers) == [2, 3]
    assert (root / items[0].path).read_bytes() == _content(1)
    assert not (root / items[1].path).exists() and not (root / items[2].path).exists()
    assert not list(root.rglob("*.part"))


def test_an_intact_entry_with_other_content_than_its_record_names_is_left_for_a_single_download(
    faulty_server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    # The record's version ETag is the content's SHA-256: an entry with a sound CRC but other
    # bytes (another version of the document, a server mixing documents up) is not taken.
    root = tmp_path / "export"
    root.mkdir()
    named = [hashlib.sha256(_content(doc_id)).hexdigest() for doc_id in (1, 2)]
    items = [_item(1, "Same.pdf", named[0]), _item(2, "Other.pdf", named[1])]
    data = _zip([("Same.pdf", 1, _content(1)), ("Other.pdf", 2, _content(20))])
    faulty_server.route(PATH, RangeFile(data))
    leftovers, _ = _stream(http, data, items, root)
    assert [item.id for item in leftovers] == [2]
    assert (root / items[0].path).read_bytes() == _content(1)
    assert not (root / items[1].path).exists()
    assert not list(root.rglob("*.part"))


def test_a_stream_that_breaks_off_goes_on_at_the_entry_it_was_in(
    faulty_server: FaultyServer, http: HttpSession, tmp_path: Path
) -> None:
    root = tmp_path / "export"
    root.mkdir()
    items = [_item(n, f"Doc {n}.pdf") for n in (1, 2, 3)]
    data = _zip([(f"Doc {n}.pdf", n, _content(n)) for n in (1, 2, 3)])
    second, third = _offset_of(data, "Doc 2.pdf"), _offset_of(data, "Doc 3.pdf")
    # the directory at the end, then a body that breaks inside the third document, then whole
    faulty_server.route(
        PATH, RangeFile(data), RangeFile(data, cut_after=third + 1000), RangeFile(data)
    )
    leftovers, _ = _stream(http, data, items, root)
    assert leftovers == []
    for item in items:
        assert (root / item.path).read_bytes() == _content(item.id)
    ranges = [r.header("Range") for r in faulty_server.requests_to(PATH)]
    # the first body from the start (no Range), the second from a document after the first
    # (the last bytes before a break may be lost with their read, never a finished document)
    assert ranges[1] is None and ranges[2] in (f"bytes={second}-", f"bytes={third}-"), ranges


@pytest.mark.parametrize("named", [False, True], ids=["crc-checked", "hash-in-record"])
def test_documents_a_killed_run_wrote_whole_are_taken_and_not_fetched_again(
    faulty_server: FaultyServer,
    http: HttpSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    named: bool,
) -> None:
    root = tmp_path / "export"
    folder = root / "documents" / "Matters"
    folder.mkdir(parents=True)

    def sha256(n: int) -> str | None:
        return hashlib.sha256(_content(n)).hexdigest() if named else None

    items = [_item(n, f"Doc {n}.pdf", sha256(n)) for n in range(1, 9)]
    data = _zip([(f"Doc {n}.pdf", n, _content(n)) for n in range(1, 9)])
    # What a run killed before its finisher made these durable leaves: whole `.part` files of
    # documents 1 and 2, document 7 renamed but not yet counted, and also leftovers that must
    # not be trusted.
    for n in (1, 2):
        (folder / f"Doc {n}.pdf.part").write_bytes(_content(n))
    (folder / "Doc 7.pdf").write_bytes(_content(7))
    (folder / "Doc 8.pdf").write_bytes(_content(7)[: len(_content(8))])  # not its bytes
    damaged = bytearray(_content(3))
    damaged[5] ^= 1
    (folder / "Doc 3.pdf.part").write_bytes(bytes(damaged))  # the right size, other bytes
    (folder / "Doc 4.pdf.part").write_bytes(_content(4)[:-10])  # cut short
    (tmp_path / "elsewhere").write_bytes(_content(5))
    os.symlink(tmp_path / "elsewhere", folder / "Doc 5.pdf.part")  # not a file of the export
    streamed: list[int] = []
    stream_entry = streamed_archives._stream_entry

    def watched(body: Any, info: Any, item: DocumentItem, *args: Any, **kwargs: Any) -> Any:
        streamed.append(item.id)
        return stream_entry(body, info, item, *args, **kwargs)

    monkeypatch.setattr(streamed_archives, "_stream_entry", watched)
    faulty_server.route(PATH, RangeFile(data))
    leftovers, counted = _stream(http, data, items, root)
    assert leftovers == [] and streamed == [3, 4, 5, 6, 8]
    for item in items:
        path = root / item.path
        assert path.is_file() and not path.is_symlink()
        assert (
            hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(_content(item.id)).digest()
        )
    assert sum(counted) == 8 * DOCUMENT_BYTES
    assert not list(root.rglob("*.part"))
    # the body was asked for from document 3 on: the bytes of 1 and 2 were not fetched again
    ranges = [r.header("Range") for r in faulty_server.requests_to(PATH)]
    assert ranges[-1] == f"bytes={_offset_of(data, 'Doc 3.pdf')}-", ranges
