"""The lines between an export child process and the window: what the command line writes,
the window reads back the same."""

from __future__ import annotations

import io
from pathlib import Path

from app.cli_output import JsonProgress, Output
from app.export import progress_lines
from app.export.control import ExportState, KindPhase, KindProgressView, Progress
from app.export.errors import DiskFull
from app.export.journal import Failure
from app.export.result import ExportResult


def _progress() -> Progress:
    return Progress(
        state=ExportState.RUNNING,
        records_done=120,
        records_total=400,
        bytes_done=2048,
        bytes_total=9000,
        documents_done=1,
        documents_total=3,
        kinds=(
            KindProgressView("matters", "Matters", KindPhase.DONE, 100, 100),
            KindProgressView("notes", "Notes", KindPhase.RUNNING, 20, None),
        ),
        records_per_second=55.5,
        bytes_per_second=1024.0,
        seconds_left=12.5,
    )


def test_the_progress_the_command_line_prints_is_the_progress_the_window_reads() -> None:
    out = io.StringIO()
    JsonProgress(Output(out, io.StringIO()))(_progress())
    (text,) = out.getvalue().splitlines()
    data = progress_lines.read_line(text)
    assert data["event"] == progress_lines.PROGRESS
    assert progress_lines.progress_from_event(data) == _progress()


def test_a_result_and_an_error_come_back_as_they_went(tmp_path: Path) -> None:
    result = ExportResult(
        ExportState.INCOMPLETE,
        tmp_path,
        False,
        ("failed: documents/5: HTTP 404",),
        (Failure("documents", "5", "HTTP 404", True),),
        extra={"changes": {"matters": {"added": 1}}},
    )
    line = progress_lines.line(progress_lines.result_event(result))
    back = progress_lines.result_from_event(progress_lines.read_line(line))
    assert back == result  # no report in the folder: none read back

    sent = DiskFull(detail="no space left")
    error = progress_lines.error_from_event(
        progress_lines.read_line(progress_lines.line(progress_lines.error_event(sent)))
    )
    assert type(error) is DiskFull and error.message == sent.message and error.code == sent.code
