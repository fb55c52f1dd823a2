"""The export in a child process, against the real reference backend: its progress arrives,
pause, resume and stop reach it, a killed child is reported and its folder resumes to a
verified export, a refused sign-in says so, and the token never shows in its command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.errors import AuthenticationRequired
from app.export.child import TOKEN_ENV, ExportChild, ExportProcessFailed, export_command
from app.export.control import ExportState, Progress
from app.export.engine import ExportOptions
from app.export.journal import journal_exists
from app.export.verify import verify
from tests.support.backend import RunningBackend

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def token(demo_backend: RunningBackend) -> str:
    return demo_backend.issue_token()


@pytest.mark.slow
def test_progress_arrives_and_the_export_verifies_with_the_token_only_in_the_environment(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    child = ExportChild(demo_backend.url, folder, ExportOptions(firm_name="Harbor & Finch LLP"))
    assert token not in " ".join(child.command)
    child.start(token)
    assert child.pid is not None
    if sys.platform.startswith("linux"):
        # What any user of the computer can read of the running process. While the system
        # is still loading the program, the file reads empty: read it once it is loaded.
        deadline = time.monotonic() + 10
        argv = Path(f"/proc/{child.pid}/cmdline").read_bytes().split(b"\0")
        while argv == [b""] and time.monotonic() < deadline:
            time.sleep(0.005)
            argv = Path(f"/proc/{child.pid}/cmdline").read_bytes().split(b"\0")
        assert b"--progress-json" in argv  # it is the export's command line
        assert not any(token.encode() in arg for arg in argv)
    seen: list[Progress] = list(child.events())
    result = child.result()

    assert result.state is ExportState.VERIFIED, result.problems
    assert result.verified and result.report is not None
    assert any(p.state is ExportState.RUNNING and p.records_done > 0 for p in seen)
    assert seen[-1].state is ExportState.VERIFIED
    assert seen[-1].documents_done == seen[-1].documents_total == 120
    assert result.report.documents_exported == 120
    assert verify(folder).verified
    assert "Harbor &amp; Finch LLP" in (folder / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_export_child_yields_to_the_window_once_not_twice(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    """The export and its workers run at a lower priority than the window that started them:
    five steps lower, lowered once (by the window when it starts the child), not again by
    the command line inside it."""
    window = os.getpriority(os.PRIO_PROCESS, 0)
    child = ExportChild(demo_backend.url, tmp_path / "export")
    child.pause()  # sent as soon as it runs: it stays there while its priority is read
    child.start(token)
    assert child.pid is not None
    seen: list[Progress] = []
    for progress in child.events():
        seen.append(progress)
        if progress.state is ExportState.PAUSED:
            # Its own set-up is over (it reads commands): any lowering of its own is done.
            assert os.getpriority(os.PRIO_PROCESS, child.pid) == min(window + 5, 19)
            child.cancel()
    assert child.result().state is ExportState.CANCELLED
    assert any(p.state is ExportState.PAUSED for p in seen)


@pytest.mark.slow
def test_pause_resume_and_stop_reach_the_child_and_the_folder_resumes(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    child = ExportChild(demo_backend.url, folder)
    child.start(token)
    states: list[ExportState] = []
    sent: list[str] = []
    for progress in child.events():
        states.append(progress.state)
        if not sent and progress.records_done > 0:
            child.pause()
            sent.append("pause")
        elif sent == ["pause"] and progress.state is ExportState.PAUSED:
            assert child.paused
            child.resume()
            sent.append("resume")
        elif sent == ["pause", "resume"] and progress.state is ExportState.RUNNING:
            child.cancel()
            sent.append("cancel")
    assert sent == ["pause", "resume", "cancel"], states
    result = child.result()
    assert result.state is ExportState.CANCELLED
    paused_at = states.index(ExportState.PAUSED)
    assert ExportState.RUNNING in states[paused_at:]  # it went on after Resume
    assert journal_exists(folder) and not verify(folder, update_report=False).verified

    again = ExportChild(demo_backend.url, folder)
    assert again.run(token, lambda _progress: None).state is ExportState.VERIFIED
    assert verify(folder).verified


@pytest.mark.slow
def test_a_killed_child_is_reported_and_its_folder_resumes_to_a_verified_export(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    child = ExportChild(demo_backend.url, folder)
    child.start(token)
    for progress in child.events():
        if progress.records_done > 0:
            child.kill()  # SIGKILL on POSIX: no chance to say anything
    with pytest.raises(ExportProcessFailed) as failed:
        child.result()
    assert "continues where it stopped" in failed.value.message
    assert journal_exists(folder) and not verify(folder, update_report=False).verified

    shown: list[Progress] = []
    result = ExportChild(demo_backend.url, folder).run(token, shown.append)
    assert result.state is ExportState.VERIFIED, result.problems
    assert shown[0].records_done > 0 or shown[0].state is not ExportState.RUNNING
    assert verify(folder).verified


def test_a_refused_sign_in_ends_the_child_with_status_3(
    demo_backend: RunningBackend, tmp_path: Path
) -> None:
    child = ExportChild(demo_backend.url, tmp_path / "export")
    with pytest.raises(AuthenticationRequired):
        child.run("not-a-valid-token", lambda _progress: None)
    assert child.wait() == 3


def test_without_a_token_no_child_starts(demo_backend: RunningBackend, tmp_path: Path) -> None:
    child = ExportChild(demo_backend.url, tmp_path / "export")
    with pytest.raises(AuthenticationRequired):
        child.start(None)
    assert child.pid is None


def test_the_command_line_carries_the_choices_and_never_a_token(tmp_path: Path) -> None:
    options = ExportOptions(
        kinds=("matters", "documents"), documents=False, reports=False, workers=2, firm_name="F"
    )
    command = export_command("https://example.test", tmp_path, options, frozen=False)
    assert command[:4] == [sys.executable, "-m", "app", "export"]  # see app/__main__.py
    assert command[command.index("--kinds") + 1] == "matters,documents"
    assert {"--no-documents", "--no-reports", "--progress-json", "--control-stdin"} <= set(command)
    assert command[command.index("--workers") + 1] == "2"
    # A built app is one executable that hands `export` to the command line.
    frozen = export_command("https://example.test", tmp_path, ExportOptions(), frozen=True)
    assert frozen[:2] == [sys.executable, "export"] and "--kinds" not in frozen


def test_the_end_of_its_input_cancels_an_export_nobody_drives_any_more(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    folder = tmp_path / "export"
    command = export_command(demo_backend.url, folder, ExportOptions())
    done = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,  # as if the app that started it were gone
        capture_output=True,
        text=True,
        env={**os.environ, TOKEN_ENV: token, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines and all(isinstance(line, dict) for line in lines)  # stdout is JSON only
    assert lines[-1]["event"] == "result" and lines[-1]["state"] == "cancelled"
    assert done.returncode == 1
    assert token not in done.stdout + done.stderr
    assert "continue" in done.stderr  # the sentence for people went to stderr


@pytest.mark.parametrize(
    "name", ["DiskTrouble", "FolderNotWritable", "PathBlocked", "UnsafeDestination"]
)
def test_the_window_gets_the_folder_errors_with_their_words(name: str) -> None:
    """The desktop app runs the export as a child: a folder's error comes back as the same
    kind (the wizard shows a destination error's own text) with its sentence intact."""
    from app.export import errors
    from app.export.progress_lines import error_event, error_from_event

    kind = getattr(errors, name)
    sent = kind("A file stands where the export needs a folder: /x/documents.", detail="d")
    back = error_from_event(error_event(sent))
    assert type(back) is kind and back.message == sent.message
    assert isinstance(back, errors.DestinationUnavailable | errors.DiskFull)
