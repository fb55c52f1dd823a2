"""Paths and settings: one profile call moves everything; settings survive and hold no secrets."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app import config
from app.config import Settings, load_settings, save_settings, use_profile


def test_a_profile_moves_every_folder(tmp_path: Path) -> None:
    paths = use_profile(tmp_path / "profile")
    for folder in (
        paths.config_dir,
        paths.cache_dir,
        paths.log_dir,
        paths.state_dir,
        paths.export_dir,
    ):
        assert folder.is_relative_to((tmp_path / "profile").resolve())
    assert config.paths() == paths
    assert paths.export_dir.parent.name == "Documents"


def test_without_a_profile_paths_are_the_platforms(tmp_path: Path) -> None:
    use_profile(None)
    paths = config.paths()
    assert "AccountDesk" in str(paths.config_dir)
    assert paths.export_dir.name == config.EXPORT_FOLDER_NAME
    use_profile(tmp_path)  # leave the test isolated again


def test_settings_round_trip_and_start_empty() -> None:
    assert load_settings() == Settings()
    settings = Settings(last_region="eu", last_server="https://eu.app.clio.com").with_server(
        "https://firm.example"
    )
    settings = settings.with_server("https://firm.example")  # not twice
    save_settings(settings)

    again = load_settings()
    assert again == settings
    assert again.known_servers == ("https://firm.example",)
    assert json.loads(config.paths().settings_file.read_text())["last_region"] == "eu"


def test_a_damaged_settings_file_falls_back_to_defaults() -> None:
    path = config.paths().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    assert load_settings() == Settings()
    path.write_text('["a list"]', encoding="utf-8")
    assert load_settings() == Settings()
    path.write_text('{"last_user": 5, "known_servers": ["https://a.example", 3]}')
    loaded = load_settings()
    assert loaded.last_user is None
    assert loaded.known_servers == ("https://a.example",)


def test_settings_refuse_anything_that_looks_like_a_secret() -> None:
    with pytest.raises(ValueError, match="secrets"):
        save_settings(Settings(extra={"window": {"refresh_token": "x"}}))
    assert not config.paths().settings_file.exists()


def test_atomic_write_leaves_no_temporary_files_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.json"
    config.atomic_write_text(target, "one")
    config.atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert sorted(os.listdir(target.parent)) == ["file.json"]


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.txt"
    config.atomic_write_text(target, "old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        config.atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["file.txt"]
