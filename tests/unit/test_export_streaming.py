"""Archives unpacked while they download (no zip kept on disk) and the finisher that makes
downloaded files durable off the download threads: the same documents land in the same safe
places as before, damaged or oversized entries are refused, and no file gets its final name
or its journal record before its bytes are fsynced."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from app.export.control import ExportControl
from app.export.documents.archives import plan_entries
from app.export.documents.download import Finisher
from app.export.documents.placement import DocumentItem
from app.export.documents.streamed import _Body, _NeedFrom, _TailFile, _unpack_stream
from app.export.errors import DestinationUnavailable
from app.export.journal import FileEntry


def _item(doc_id: int, name: str, content: bytes, folder: str = "Matters") -> DocumentItem:
    return DocumentItem(
        doc_id, PurePosixPath("documents", folder, name), len(content), name, (folder,)
    )


def _zip_bytes(entries: list[tuple[zipfile.ZipInfo | str, bytes, int]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, content, method in entries:
            bundle.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def _directory(data: bytes, tail: int) -> list[zipfile.ZipInfo]:
    start = max(0, len(data) - tail)
    with zipfile.ZipFile(_TailFile(data[start:], start, len(data))) as bundle:  # type: ignore[arg-type]
        return bundle.infolist()


def _stream(data: bytes, items: list[DocumentItem], root: Path) -> tuple[list[int], list[int]]:
    """Unpack ``data`` as if it arrived in 7-byte pieces; (written ids, refused ids)."""
    plan = plan_entries(_directory(data, 64 * 1024), items)
    planned = [item.id for _, item in plan]
    start = plan[0][0].header_offset if plan else 0
    pieces = iter([data[i : i + 7] for i in range(start, len(data), 7)])
    failed: list[DocumentItem] = []
    _unpack_stream(_Body(pieces, start), plan, root, ExportControl(), lambda n: None, None, failed)
    refused = sorted(item.id for item in failed)
    return sorted(i for i in planned if i not in refused), refused


def test_stored_and_deflated_entries_are_written_to_their_documents_as_they_arrive(
    tmp_path: Path,
) -> None:
    letter, notes = b"%PDF letter " * 500, b"plain text notes " * 300
    items = [_item(1, "Letter.pdf", letter), _item(2, "notes.txt", notes)]
    data = _zip_bytes(
        [
            ("Matters/Letter.pdf", letter, zipfile.ZIP_STORED),
            ("../../escape.txt", b"evil", zipfile.ZIP_STORED),  # no document of the batch
            ("Matters/notes.txt", notes, zipfile.ZIP_DEFLATED),
        ]
    )
    written, refused = _stream(data, items, tmp_path)
    assert written == [1, 2] and refused == []
    assert (tmp_path / "documents/Matters/Letter.pdf").read_bytes() == letter
    assert (tmp_path / "documents/Matters/notes.txt").read_bytes() == notes
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["documents/Matters/Letter.pdf", "documents/Matters/notes.txt"]


def test_a_damaged_entry_or_a_bomb_is_refused_and_its_neighbours_still_land(
    tmp_path: Path,
) -> None:
    good, damaged = b"good bytes " * 100, b"will be damaged " * 100
    bomb = _item(3, "report.txt", b"0123456789")  # the record says 10 bytes
    items = [_item(1, "good.bin", good), _item(2, "damaged.bin", damaged), bomb]
    data = bytearray(
        _zip_bytes(
            [
                ("Matters/damaged.bin", damaged, zipfile.ZIP_STORED),
                ("Matters/good.bin", good, zipfile.ZIP_STORED),
            ]
        )
    )
    data[60] ^= 0xFF  # one byte of the first entry's content: its CRC no longer matches
    # an entry that claims 10 bytes (matching the record) but inflates to 5 MB
    bomb_zip = io.BytesIO()
    with zipfile.ZipFile(bomb_zip, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("Matters/report.txt", b"\0" * 5_000_000)
    raw = bytearray(bomb_zip.getvalue())
    for offset in (22, raw.rindex(b"PK\x01\x02") + 24):  # uncompressed size: local, central
        raw[offset : offset + 4] = (10).to_bytes(4, "little")
    written, refused = _stream(bytes(data), items, tmp_path)
    assert written == [1] and refused == [2]
    assert (tmp_path / "documents/Matters/good.bin").read_bytes() == good
    written, refused = _stream(bytes(raw), [bomb], tmp_path)
    assert written == [] and refused == [3]
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == ["good.bin"]  # no .part and nothing half written


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_twin_names_are_told_apart_by_the_entry_comment_from_the_central_directory(
    tmp_path: Path,
) -> None:
    first, second = b"first copy", b"other copy"
    items = [_item(1, "x.txt", first), _item(2, "x.txt", second, folder="Other")]
    second_info = zipfile.ZipInfo("x.txt")
    second_info.comment = b"document_id=2"
    first_info = zipfile.ZipInfo("x.txt")
    first_info.comment = b"document_id=1"
    data = _zip_bytes(
        [(second_info, second, zipfile.ZIP_STORED), (first_info, first, zipfile.ZIP_STORED)]
    )
    written, refused = _stream(data, items, tmp_path)
    assert written == [1, 2] and refused == []
    assert (tmp_path / "documents/Matters/x.txt").read_bytes() == first
    assert (tmp_path / "documents/Other/x.txt").read_bytes() == second


def test_a_central_directory_longer_than_the_fetched_end_asks_for_more() -> None:
    data = _zip_bytes(
        [(f"Matters/{'n' * 200}-{i}.txt", b"x", zipfile.ZIP_STORED) for i in range(50)]
    )
    with pytest.raises(_NeedFrom) as need:
        _directory(data, 2000)
    assert 0 < need.value.offset < len(data) - 2000
    assert len(_directory(data, len(data) - need.value.offset)) == 50


def _entry(tmp_path: Path, name: str, content: bytes) -> tuple[Path, Path, FileEntry]:
    target = tmp_path / name
    part = target.with_name(name + ".part")
    part.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    return part, target, FileEntry(name, "documents", name, len(content), digest)


def test_the_finisher_renames_then_reports_and_runs_callbacks_after_earlier_files(
    tmp_path: Path,
) -> None:
    reported: list[str] = []
    seen_on_disk: list[bool] = []

    def on_done(entries: list[FileEntry]) -> None:
        for entry in entries:
            seen_on_disk.append((tmp_path / entry.path).is_file())
            reported.append(entry.path)

    finisher = Finisher(on_done, max_queued=2)
    for index in range(10):
        finisher.submit(*_entry(tmp_path, f"doc-{index}.bin", bytes([index]) * 1000))
    after = threading.Event()
    finisher.after(lambda: after.set() if len(reported) == 10 else None)
    assert finisher.close() is None
    assert after.is_set()
    assert reported == [f"doc-{index}.bin" for index in range(10)] and all(seen_on_disk)
    assert not list(tmp_path.glob("*.part"))


def test_a_finisher_that_cannot_write_keeps_the_error_and_reports_nothing_more(
    tmp_path: Path,
) -> None:
    reported: list[str] = []
    finisher = Finisher(lambda entries: reported.extend(e.path for e in entries))
    part, target, entry = _entry(tmp_path, "a.bin", b"a")
    part.unlink()  # the folder's content went away under the export
    finisher.submit(part, target, entry)
    error = finisher.close()
    assert isinstance(error, DestinationUnavailable)
    assert reported == [] and not target.exists()
    with pytest.raises(DestinationUnavailable):
        finisher.submit(*_entry(tmp_path, "b.bin", b"b"))
