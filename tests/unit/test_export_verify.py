"""`verify` says "verified" only when every file and every count holds, else exactly what not."""

from __future__ import annotations

import ctypes
import json
import mmap
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from app.export import verify as verify_module
from app.export.journal import FileEntry
from app.export.manifest import (
    ExportReport,
    FailedItem,
    KindReport,
    read_report,
    sha256_file,
    write_manifest,
    write_report,
)
from app.export.verify import EarlyHashes, Hashed, ProblemKind, verify


def _make_export(root: Path, *, failed: tuple[FailedItem, ...] = ()) -> None:
    (root / "records").mkdir(parents=True)
    (root / "records" / "matters.jsonl").write_text('{"id":1}\n{"id":2}\n', encoding="utf-8")
    (root / "records" / "matters.csv").write_text("\ufeffid\r\n1\r\n2\r\n", encoding="utf-8")
    (root / "documents" / "Matters").mkdir(parents=True)
    (root / "documents" / "Matters" / "Letter.pdf").write_bytes(b"%PDF-1.4 letter")
    entries = []
    for rel, kind, source in [
        ("records/matters.jsonl", "matters", ""),
        ("records/matters.csv", "matters", ""),
        ("documents/Matters/Letter.pdf", "documents", "7"),
    ]:
        size, digest = sha256_file(root / rel)
        entries.append(FileEntry(rel, kind, source, size, digest, '"v1"' if source else None))
    write_manifest(root, entries, server="http://127.0.0.1:1", created_at="2026-11-20T10:00:00Z")
    write_report(
        root,
        ExportReport(
            server="http://127.0.0.1:1",
            started_at="2026-11-20T09:59:00Z",
            finished_at="2026-11-20T10:00:00Z",
            complete=True,
            verified=False,
            kinds=(KindReport("matters", "Matters", 2, 2, failed),),
            documents_expected=1,
            documents_exported=1,
        ),
    )


def test_an_intact_export_verifies_and_the_report_says_so(tmp_path: Path) -> None:
    _make_export(tmp_path)
    result = verify(tmp_path)
    assert result.verified, result.problems
    assert result.files_checked == 3
    report = read_report(tmp_path)
    assert report.verified and report.verified_at and report.problems == ()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda root: (root / "documents/Matters/Letter.pdf").unlink(), ProblemKind.MISSING),
        (lambda root: (root / "documents/Matters/Letter.pdf").write_bytes(b"x"), ProblemKind.SIZE),
        (
            lambda root: (root / "documents/Matters/Letter.pdf").write_bytes(b"%PDF-1.4 LETTER"),
            ProblemKind.HASH,
        ),
        (
            lambda root: (root / "documents/Matters/x.pdf.part").write_bytes(b"1"),
            ProblemKind.PARTIAL,
        ),
        (lambda root: (root / "manifest.json").unlink(), ProblemKind.UNREADABLE),
        (
            lambda root: (root / "export-report.json").write_text("{", "utf-8"),
            ProblemKind.UNREADABLE,
        ),
    ],
)
def test_any_damage_is_named_and_the_export_is_not_verified(
    tmp_path: Path, damage: object, expected: ProblemKind
) -> None:
    _make_export(tmp_path)
    assert callable(damage)
    damage(tmp_path)
    result = verify(tmp_path)
    assert not result.verified
    assert expected in {problem.kind for problem in result.problems}


def test_missing_records_and_failed_items_are_listed(tmp_path: Path) -> None:
    _make_export(tmp_path, failed=(FailedItem("9", "404 Not Found", True),))
    # a record vanished although the files still match the manifest's hashes
    report = json.loads((tmp_path / "export-report.json").read_text("utf-8"))
    report["kinds"]["matters"]["expected"] = 3
    (tmp_path / "export-report.json").write_text(json.dumps(report), "utf-8")
    result = verify(tmp_path)
    assert not result.verified
    described = [str(problem) for problem in result.problems]
    assert "failed: matters/9: 404 Not Found" in described
    assert any("server reported 3" in text for text in described)
    assert read_report(tmp_path).problems == tuple(described)


def test_a_manifest_pointing_outside_the_folder_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "export"
    _make_export(root)
    (tmp_path / "secret").write_text("s", "utf-8")
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    manifest["files"].append(
        {
            "path": "../secret",
            "kind": "documents",
            "source_id": "1",
            "size": 1,
            "sha256": "0",
            "etag": None,
        }
    )
    (root / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    result = verify(root)
    assert not result.verified
    assert [p.kind for p in result.problems if p.where == "../secret"] == [ProblemKind.UNSAFE]


LETTER = "documents/Matters/Letter.pdf"


def _hashed_early(root: Path) -> Hashed:
    size, digest = sha256_file(root / LETTER)
    early = EarlyHashes(root)
    early.add([FileEntry(LETTER, "documents", "7", size, digest)])
    return early.close()


def _age(path: Path, seconds: float = 60) -> None:
    """As a file written a while before it is hashed (not in the clock step of its writing)."""
    found = path.stat()
    os.utime(path, ns=(found.st_atime_ns, found.st_mtime_ns - int(seconds * 1e9)))


def test_a_file_hashed_as_it_was_written_is_not_hashed_again_while_it_is_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_export(tmp_path)
    _age(tmp_path / LETTER)
    hashed = _hashed_early(tmp_path)
    assert list(hashed) == [LETTER]
    read: list[str] = []
    real = verify_module.sha256_file

    def counted(path: Path) -> tuple[int, str]:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(verify_module, "sha256_file", counted)
    result = verify(tmp_path, hashed=hashed)
    assert result.verified and result.files_checked == 3
    assert "Letter.pdf" not in read and "matters.csv" in read


@pytest.mark.parametrize(
    "change",
    [
        lambda path: path.write_bytes(b"%PDF-1.4 LETTER"),  # same size, other bytes
        lambda path: (
            path.with_name("x").write_bytes(b"%PDF-1.4 LETTER"),
            path.with_name("x").replace(path),
        ),
    ],
    ids=["rewritten", "replaced"],
)
def test_a_file_changed_after_it_was_hashed_is_hashed_again_and_the_change_named(
    tmp_path: Path, change: Any
) -> None:
    _make_export(tmp_path)
    _age(tmp_path / LETTER)
    hashed = _hashed_early(tmp_path)
    assert list(hashed) == [LETTER]
    change(tmp_path / LETTER)
    _age(tmp_path / LETTER, seconds=30)  # even with a time that is not the newest
    result = verify(tmp_path, hashed=hashed)
    assert not result.verified
    assert [(p.kind, p.where) for p in result.problems] == [(ProblemKind.HASH, LETTER)]


def test_a_file_written_just_now_is_hashed_once_its_time_is_past_a_clock_step(
    tmp_path: Path,
) -> None:
    _make_export(tmp_path)  # the letter was written just now: hashed a moment later
    assert list(_hashed_early(tmp_path)) == [LETTER]
    _age(tmp_path / LETTER, seconds=-10)  # a time ahead of this clock (a network drive's)
    assert _hashed_early(tmp_path) == {}, "a change in its clock step would not show"


def _cached_pages(path: Path) -> int:
    """How many of the file's pages the system holds in memory (Linux `mincore`)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int]
    libc.mmap.argtypes += [ctypes.c_int, ctypes.c_long]
    libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
    size = path.stat().st_size
    pages = (size + mmap.PAGESIZE - 1) // mmap.PAGESIZE
    vector = (ctypes.c_ubyte * pages)()
    with open(path, "rb") as handle:
        address = libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, handle.fileno(), 0)
        assert address not in (None, ctypes.c_void_p(-1).value), os.strerror(ctypes.get_errno())
        try:
            assert libc.mincore(ctypes.c_void_p(address), size, vector) == 0
        finally:
            libc.munmap(ctypes.c_void_p(address), size)
    return sum(byte & 1 for byte in vector)


def _written_durably(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mincore is read on Linux")
def test_a_file_hashed_early_does_not_stay_in_the_systems_memory(tmp_path: Path) -> None:
    # A large export must not push everything else out of the system's file cache: once a
    # document is durable and read back, its pages are handed back.
    probe = tmp_path / "probe.bin"
    _written_durably(probe, os.urandom(1 << 20))
    with open(probe, "rb") as handle:
        os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    if _cached_pages(probe):
        pytest.skip("this file system keeps files in memory (a RAM file system)")
    _make_export(tmp_path)
    letter = tmp_path / LETTER
    _written_durably(letter, os.urandom(4 << 20))
    _age(letter)
    size, digest = sha256_file(letter)
    assert _cached_pages(letter) == (4 << 20) // mmap.PAGESIZE, "read back, it is all in memory"
    early = EarlyHashes(tmp_path)
    early.add([FileEntry(LETTER, "documents", "7", size, digest)])
    assert list(early.close()) == [LETTER]
    assert _cached_pages(letter) == 0
