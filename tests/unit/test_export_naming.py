"""Untrusted names from the server never escape the export folder and never collide."""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.export.naming import (
    MAX_COMPONENT_BYTES,
    PathAllocator,
    UnsafePathError,
    fold,
    inside_root,
    safe_component,
    safe_relative,
)

RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
HOSTILE = [
    "../../etc/passwd",
    "..\\..\\Windows\\system32",
    "/etc/shadow",
    "C:\\boot.ini",
    "\\\\server\\share\\x",
    "CON",
    "con.txt",
    "Lpt1.tar.gz",
    "NUL ",
    "report. . .",
    "trailing space ",
    "tab\there",
    "bell\x07",
    "new\nline",
    'a<b>c:d"e|f?g*h',
    "",
    ".",
    "..",
    "x" * 400,
    "é" * 200 + ".pdf",
    "invoice\u202egpj.exe",
]

name_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=0, max_size=300),
    st.text(alphabet="aAeEéÉ.\u0301 -_/\\:", min_size=0, max_size=12),
)


def _assert_component_is_safe(component: str) -> None:
    assert component not in ("", ".", "..")
    assert len(component.encode("utf-8")) <= MAX_COMPONENT_BYTES
    assert not component.endswith((".", " "))
    assert not component.startswith(".")  # hidden on macOS and Linux
    assert not any(ch in '<>:"/\\|?*' for ch in component)
    assert not any(unicodedata.category(ch) == "Cc" for ch in component)
    assert "\u202e" not in component
    assert component.split(".")[0].strip().upper() not in RESERVED


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_names_become_one_safe_component(raw: str) -> None:
    _assert_component_is_safe(safe_component(raw))


def test_known_names_keep_their_meaning() -> None:
    assert safe_component("Engagement letter.pdf") == "Engagement letter.pdf"
    assert safe_component("Ibáñez – Scan.JPG") == "Ibáñez – Scan.JPG"
    assert safe_component("CON.txt") == "_CON.txt"
    assert safe_component("a:b?.docx") == "a_b_.docx"
    assert safe_component("x" * 300 + ".pdf").endswith(".pdf")
    assert safe_relative("../../a/./b\\..\\c") == ["a", "b", "c"]
    assert safe_relative("C:\\Users\\x.txt") == ["Users", "x.txt"]


def test_twins_get_a_stable_suffix_from_their_source_id() -> None:
    allocator = PathAllocator()
    docs = PurePosixPath("documents")
    first = allocator.assign(docs, "Café.pdf", "document:7")
    twin = allocator.assign(docs, unicodedata.normalize("NFD", "CAFÉ.pdf"), "document:9")
    assert first == docs / "Café.pdf"
    assert twin == docs / "CAFÉ~9.pdf"
    # the same item asked again keeps its path; a resumed run restores it whatever the order
    assert allocator.assign(docs, "anything", "document:9") == twin
    resumed = PathAllocator()
    resumed.restore("document:9", twin)
    assert resumed.assign(docs, "Café.pdf", "document:7") == first


def test_deep_trees_stay_under_the_windows_path_budget() -> None:
    allocator = PathAllocator(max_path_chars=120)
    parent = PurePosixPath("documents")
    for depth in range(30):
        parent = allocator.assign(parent, f"Folder number {depth} " + "x" * 30, f"folder:{depth}")
        assert len(str(parent)) <= 120
    leaf = allocator.assign(parent, "y" * 200 + ".pdf", "document:1")
    assert len(str(leaf)) <= 120 and leaf.suffix == ".pdf"


@pytest.mark.parametrize("bad", ["../x", "/abs", "a/../../b", "C:/x", "a\\..\\..\\b"])
def test_the_final_guard_refuses_escapes(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePathError):
        inside_root(tmp_path, bad)


def test_the_final_guard_refuses_a_symlink_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "export"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError):
        inside_root(root, "link/file.txt")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tree=st.lists(
        st.tuples(name_text, st.integers(min_value=-1, max_value=12), st.booleans()),
        min_size=1,
        max_size=25,
    )
)
def test_any_names_land_inside_the_root_unique_and_legal(tree: list[tuple[str, int, bool]]) -> None:
    """Items (name, parent index, is folder) placed like the engine does: folders first."""
    allocator = PathAllocator(max_path_chars=160)
    root = PurePosixPath("documents")
    folders: list[PurePosixPath] = []
    placed: list[PurePosixPath] = []
    for index, (name, parent_index, is_folder) in enumerate(tree):
        parent = folders[parent_index] if 0 <= parent_index < len(folders) else root
        path = allocator.assign(parent, name, f"{'folder' if is_folder else 'document'}:{index}")
        placed.append(path)
        if is_folder:
            folders.append(path)
    for path in placed:
        assert path.parts[0] == "documents"
        assert len(str(path)) <= 160
        for component in path.parts:
            _assert_component_is_safe(component)
        inside_root(Path("/tmp/export-root"), path)  # raises if it escapes
    folded = [fold(str(path)) for path in placed]
    assert len(set(folded)) == len(folded), "two items share a path case-insensitively"
    # deterministic: the same input gives the same paths
    again = PathAllocator(max_path_chars=160)
    folders2: list[PurePosixPath] = []
    for index, (name, parent_index, is_folder) in enumerate(tree):
        parent = folders2[parent_index] if 0 <= parent_index < len(folders2) else root
        path = again.assign(parent, name, f"{'folder' if is_folder else 'document'}:{index}")
        assert path == placed[index]
        if is_folder:
            folders2.append(path)


@settings(max_examples=60, deadline=None)
@given(names=st.lists(name_text, min_size=1, max_size=15))
def test_writing_the_files_puts_every_byte_inside_the_root(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    base = tmp_path_factory.mktemp("naming")
    root = base / "export"
    root.mkdir()
    allocator = PathAllocator()
    for index, name in enumerate(names):
        rel = allocator.assign(PurePosixPath("documents"), name, f"document:{index}")
        target = inside_root(root, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x")
    written = [p for p in base.rglob("*") if p.is_file()]
    assert len(written) == len(names)
    assert all(root in p.parents for p in written)
