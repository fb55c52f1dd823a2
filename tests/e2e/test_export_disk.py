"""The destination misbehaves: the disk fills up mid-export, or the folder disappears. Each
time the person gets a clear message, nothing is called verified, and the same folder
completes once the space (or the folder) is back.

The full disk is a real one where this machine allows mounting a small tmpfs (as root);
elsewhere the engine's file writes are made to fail with ENOSPC after a byte budget."""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli import Output, main
from app.export import records, safefiles
from app.export.control import ExportState, Progress
from app.export.documents import placement as documents
from app.export.engine import ExportEngine, ExportOptions
from app.export.errors import DestinationUnavailable
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend

SMALL = 2 * 1024 * 1024  # the demo export needs about 8 MB


@dataclass
class SmallDisk:
    path: Path
    real: bool  # a real file system that fills up, or patched writes
    grow: Callable[[], None]


def _budgeted_open(budget: dict[str, int]) -> Callable[..., Any]:
    """`open` whose files raise ENOSPC once the budget of written bytes is spent."""

    real_open = builtins.open

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if not any(flag in mode for flag in "wa+"):
            return handle
        real_write = handle.write

        def write(data: Any) -> int:
            if budget["left"] < len(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            budget["left"] -= len(data)
            return int(real_write(data))

        handle.write = write
        return handle

    return fake_open


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmallDisk]:
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = (
        os.name == "posix"
        and os.geteuid() == 0
        and not os.environ.get("ACCOUNT_DESK_TEST_NO_MOUNT")  # to exercise the fallback
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SMALL}", "tmpfs", str(mount)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    if mounted:

        def grow() -> None:
            subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)

        yield SmallDisk(mount, True, grow)
        subprocess.run(["umount", "-l", str(mount)], check=False)
        return
    budget = {"left": SMALL}
    fake = _budgeted_open(budget)
    for module in (documents, records, safefiles):
        monkeypatch.setattr(module, "open", fake, raising=False)

    def lift() -> None:
        budget["left"] = 1 << 40

    yield SmallDisk(mount, False, lift)


@pytest.fixture(scope="module")
def token(demo_backend: RunningBackend) -> str:
    return demo_backend.issue_token()


@pytest.mark.slow
def test_a_full_disk_says_so_and_the_folder_completes_when_space_returns(
    small_disk: SmallDisk,
    demo_backend: RunningBackend,
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ACCOUNT_DESK_TOKEN", token)
    out = small_disk.path / "export"
    command = ["export", "--server", demo_backend.url, "--out", str(out)]
    stdout, stderr = io.StringIO(), io.StringIO()

    status = main(command, output=Output(stdout, stderr))
    assert status == 1, stdout.getvalue() + stderr.getvalue()
    assert "disk is full" in stderr.getvalue() and "continues where it stopped" in stderr.getvalue()
    assert "Nothing was verified" in stderr.getvalue()
    assert "Traceback" not in stderr.getvalue()
    assert "verified" not in stdout.getvalue().lower().replace("nothing was verified", "")
    assert not (out / "manifest.json").exists()
    assert not verify(out, update_report=False).verified

    small_disk.grow()
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(command, output=Output(stdout, stderr))
    assert status == 0, stdout.getvalue() + stderr.getvalue()
    assert "Export complete and verified: 2677 records, 120 documents" in stdout.getvalue()
    assert verify(out).verified
    assert not list(out.rglob("*.part"))


@pytest.fixture
def http(demo_backend: RunningBackend, token: str) -> Iterator[HttpSession]:
    session = HttpSession(demo_backend.url)
    session.set_token(token)
    yield session
    session.close()


@pytest.mark.slow
def test_a_folder_moved_away_mid_export_stops_clearly_and_resumes_when_back(
    http: HttpSession, tmp_path: Path
) -> None:
    out, away = tmp_path / "export", tmp_path / "unplugged"
    options = ExportOptions(use_archives=False, workers=2, reports=False)
    moved: list[bool] = []

    def unplug(progress: Progress) -> None:
        if progress.documents_done >= 10 and not moved:
            moved.append(True)
            out.rename(away)  # what unmounting a drive looks like to the export

    with pytest.raises(DestinationUnavailable) as caught:
        ExportEngine(http, out, options, on_progress=unplug).run()
    assert "cannot be written" in caught.value.message
    assert "run the export again on the same folder" in caught.value.message
    assert not out.exists(), "the export folder was not re-created somewhere else"
    assert not (away / "manifest.json").exists()
    assert not verify(away, update_report=False).verified

    away.rename(out)  # plugged in again
    result = ExportEngine(http, out, options).run()
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    assert verify(out).verified


@pytest.mark.slow
def test_a_folder_deleted_mid_export_stops_and_a_new_run_starts_afresh(
    http: HttpSession, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    options = ExportOptions(use_archives=False, workers=2, reports=False)
    deleted: list[bool] = []

    def delete(progress: Progress) -> None:
        if progress.documents_done >= 10 and not deleted:
            deleted.append(True)
            # Gone from its place at once (as a delete to the trash does), then destroyed.
            trash = tmp_path / "trash"
            out.rename(trash)
            shutil.rmtree(trash, ignore_errors=True)

    with pytest.raises(DestinationUnavailable):
        ExportEngine(http, out, options, on_progress=delete).run()
    assert not out.exists(), "nothing re-created the deleted folder"
    result = ExportEngine(http, out, options).run()
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
