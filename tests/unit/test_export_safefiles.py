"""Files and folders the export makes never go through a link, on any system."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.export.naming import inside_root, make_dirs_below
from app.export.safefiles import (
    UnsafePathError,
    create_file,
    is_link,
    make_dir,
    open_existing,
    replace_file,
)


def test_a_new_file_replaces_a_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    part = tmp_path / "document.pdf.part"
    part.symlink_to(outside)
    with create_file(part) as handle:
        handle.write(b"the document")
    assert outside.read_bytes() == b"keep me"
    assert not part.is_symlink() and part.read_bytes() == b"the document"


def test_a_link_is_never_continued_nor_renamed_into_place(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    part = tmp_path / "document.pdf.part"
    part.symlink_to(outside)
    with pytest.raises(UnsafePathError):
        open_existing(part)
    with pytest.raises(UnsafePathError):
        replace_file(part, tmp_path / "document.pdf")
    assert outside.read_bytes() == b"keep me" and not (tmp_path / "document.pdf").exists()


def test_a_folder_where_a_file_goes_is_refused_not_removed(tmp_path: Path) -> None:
    part = tmp_path / "index.html.part"
    (part / "inside").mkdir(parents=True)
    with pytest.raises(UnsafePathError):
        create_file(part)
    assert (part / "inside").is_dir()


def test_a_link_where_a_folder_goes_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "export"
    (root / "documents").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "documents" / "Matters").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafePathError):
        make_dirs_below(root, root / "documents" / "Matters" / "Pleadings")
    with pytest.raises(UnsafePathError):
        inside_root(root, "documents/Matters/brief.pdf", {})
    # even a link that leads back into the export folder
    (root / "documents" / "Inner").symlink_to(root / "documents", target_is_directory=True)
    with pytest.raises(UnsafePathError):
        inside_root(root, "documents/Inner/brief.pdf")
    assert not any(elsewhere.iterdir())


def test_a_file_where_a_folder_goes_names_it(tmp_path: Path) -> None:
    (tmp_path / "reports").write_bytes(b"not a folder")
    with pytest.raises(NotADirectoryError) as caught:
        make_dir(tmp_path / "reports")
    assert caught.value.filename == str(tmp_path / "reports")


class _WindowsStat:
    """What `os.lstat` says on Windows of a junction: a folder with the reparse attribute."""

    st_mode = stat.S_IFDIR | 0o755
    st_file_attributes = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT


def test_windows_junctions_and_reparse_points_count_as_links() -> None:
    assert is_link(_WindowsStat())  # type: ignore[arg-type]
    assert not is_link(os.lstat(os.curdir))
