"""The JSON-file store every remembered document goes through: what a damaged or missing file
reads as, and that a write never leaves half a file behind."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from app import jsonstore
from app.jsonstore import read_object, write_object


def test_a_missing_file_reads_as_nothing_without_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="app.jsonstore"):
        assert read_object(tmp_path / "absent.json", "settings file") is None
    assert not caplog.records


@pytest.mark.parametrize(
    "content",
    [
        b'{"version": 1, "servers": {',  # cut off mid-write by an older version
        b"not json at all",
        b"\xff\xfe\x00garbage",  # not UTF-8
        b"",
        b"\x00" * 64,  # a file the file system zero-filled after a power cut
    ],
)
def test_a_corrupt_file_reads_as_nothing_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    path = tmp_path / "closing.json"
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="app.jsonstore"):
        assert read_object(path, "closing record") is None
    assert len(caplog.records) == 1
    assert "closing record" in caplog.records[0].getMessage()


@pytest.mark.parametrize("content", ["[1, 2]", '"text"', "42", "null", "true"])
def test_json_that_is_not_an_object_reads_as_nothing_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="app.jsonstore"):
        assert read_object(path, "settings file") is None
    assert len(caplog.records) == 1


def test_a_folder_where_the_file_should_be_reads_as_nothing(tmp_path: Path) -> None:
    (tmp_path / "state.json").mkdir()
    assert read_object(tmp_path / "state.json", "state cache") is None


def test_what_is_written_reads_back_unicode_included(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "last-export.json"  # the folder is created
    document = {
        "firm": "Étude Lefèvre & Associés",
        "folder": "C:\\Users\\Zoë\\Exports\\東京",
        "note": "emoji 📁 and a right-to-left مرحبا",
        "nested": {"count": 3, "items": ["ä", None, 1.5, True]},
    }
    write_object(path, document)
    assert read_object(path, "last-export record") == document
    assert "Étude" in path.read_text(encoding="utf-8")  # kept readable, not \u-escaped


def test_a_write_that_breaks_off_leaves_the_old_file_and_no_stray_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    write_object(path, {"last_server": "https://app.clio.com"})

    def power_cut(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(OSError):
        write_object(path, {"last_server": "https://eu.app.clio.com"})
    monkeypatch.undo()
    assert read_object(path, "settings file") == {"last_server": "https://app.clio.com"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_a_value_json_cannot_hold_is_refused_before_the_file_is_touched(tmp_path: Path) -> None:
    path = tmp_path / "closing.json"
    write_object(path, {"servers": {}})
    with pytest.raises(TypeError):
        write_object(path, {"servers": {"when": object()}})
    assert read_object(path, "closing record") == {"servers": {}}
    assert [p.name for p in tmp_path.iterdir()] == ["closing.json"]


def test_the_new_file_replaces_the_old_one_in_a_single_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    write_object(path, {"n": 1})
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append((Path(src), Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(jsonstore.os, "replace", replace)
    write_object(path, {"n": 2})
    assert len(renames) == 1
    source, target = renames[0]
    assert target == path and source.parent == path.parent and source != path
    assert read_object(path, "state cache") == {"n": 2}
