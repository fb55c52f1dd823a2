"""What the command line shows while it works: its output streams made safe for a terminal,
and the progress as plain lines (logs), a live display (a terminal) or JSON lines (a program
driving the export, `app.export.progress_lines`).

A program's front end, so it writes to stdout/stderr (library code logs).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Mapping
from typing import IO, Any

from app.export import progress_lines
from app.export.control import ExportState, KindPhase, Progress
from app.formats import format_size
from app.printable import printable

#: Plain-line progress goes out at most this often (a log file, not a screen).
PLAIN_INTERVAL = 2.0


class Output:
    """Where the command speaks: stdout for results, stderr for errors. Every line goes out
    through `printable`: text from the server cannot move the cursor, colour or clear the
    screen, whether the stream is a terminal or a pipe into one."""

    def __init__(self, out: IO[str] | None = None, err: IO[str] | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self._lock = threading.Lock()

    def line(self, text: str = "") -> None:
        with self._lock:
            self.out.write(printable(text) + "\n")
            self.out.flush()

    def error(self, text: str) -> None:
        with self._lock:
            self.err.write(printable(text) + "\n")
            self.err.flush()


def size_text(count: float) -> str:
    # The window's units and rounding (app.formats): "1.5 MB" means the same in both.
    return format_size(int(count))


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "estimating"
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def overall_fraction(progress: Progress) -> float:
    """How far the whole export is, 0..1: the mean of the records' and the documents' share."""
    parts = []
    if progress.records_total:
        parts.append(min(progress.records_done / progress.records_total, 1.0))
    if progress.bytes_total:
        parts.append(min(progress.bytes_done / progress.bytes_total, 1.0))
    elif progress.documents_total:
        parts.append(min(progress.documents_done / progress.documents_total, 1.0))
    return sum(parts) / len(parts) if parts else 0.0


def describe(progress: Progress) -> str:
    """One plain line of progress."""
    if not progress.records_total and not progress.documents_total:
        return f"{progress.state.value}"  # e.g. re-checking a finished export
    text = [f"{progress.state.value}: {overall_fraction(progress) * 100:.0f}%"]
    text.append(f"records {progress.records_done}/{progress.records_total}")
    if progress.documents_total:
        text.append(
            f"documents {progress.documents_done}/{progress.documents_total} "
            f"({size_text(progress.bytes_done)} of {size_text(progress.bytes_total)})"
        )
    speed = f"{progress.records_per_second:.0f} records/s"
    if progress.bytes_per_second > 0:
        speed += f", {size_text(progress.bytes_per_second)}/s"
    text.append(speed)
    if progress.state in (ExportState.RUNNING, ExportState.PLANNING):
        text.append(f"time left {duration_text(progress.seconds_left)}")
    return ", ".join(text)


class PlainProgress:
    """Progress as a line every few seconds (and on every change of state)."""

    def __init__(self, output: Output, interval: float = PLAIN_INTERVAL) -> None:
        self._output = output
        self._interval = interval
        self._lock = threading.Lock()
        self._last = 0.0
        self._state: ExportState | None = None
        self._done_kinds: set[str] = set()

    def __call__(self, progress: Progress) -> None:
        with self._lock:
            now = time.monotonic()
            lines = []
            for kind in progress.kinds:
                if kind.phase in (KindPhase.DONE, KindPhase.FAILED) and (
                    kind.key not in self._done_kinds
                ):
                    self._done_kinds.add(kind.key)
                    expected = "?" if kind.expected is None else str(kind.expected)
                    lines.append(f"  {kind.label}: {kind.phase.value}, {kind.done}/{expected}")
            changed = progress.state is not self._state
            if changed or lines or now - self._last >= self._interval:
                self._state = progress.state
                self._last = now
                for line in lines:
                    self._output.line(line)
                self._output.line(describe(progress))

    def close(self) -> None:
        pass


class RichProgress:
    """A live display on a terminal: an overall bar, one line per kind, the documents, speed
    and time left."""

    def __init__(self, output: Output) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        self._console = Console(file=output.out)
        self._progress = Progress(
            TextColumn("{task.description}", justify="left"),
            BarColumn(bar_width=None),
            TaskProgressColumn(),
            TextColumn("{task.fields[info]}"),
            console=self._console,
            refresh_per_second=8,
            expand=True,
        )
        self._overall = self._progress.add_task("All", total=1000, info="planning")
        self._kinds: dict[str, Any] = {}
        self._documents: Any = None
        self._lock = threading.Lock()
        self._progress.start()

    def __call__(self, progress: Progress) -> None:
        with self._lock:
            bar = self._progress
            speed = f"{progress.records_per_second:.0f} rec/s"
            if progress.bytes_per_second > 0:
                speed += f"  {size_text(progress.bytes_per_second)}/s"
            left = (
                f"  {duration_text(progress.seconds_left)} left"
                if progress.state in (ExportState.RUNNING, ExportState.PLANNING)
                else ""
            )
            bar.update(
                self._overall,
                completed=round(overall_fraction(progress) * 1000),
                info=f"{progress.state.value}  {speed}{left}",
            )
            for kind in progress.kinds:
                task = self._kinds.get(kind.key)
                total = kind.expected if kind.expected else None
                if task is None:
                    task = self._kinds[kind.key] = bar.add_task(
                        f"  {kind.label}", total=total, info=""
                    )
                expected = "?" if kind.expected is None else str(kind.expected)
                bar.update(
                    task,
                    completed=kind.done,
                    total=total if total else (1 if kind.phase is KindPhase.DONE else None),
                    info=f"{kind.done}/{expected} {kind.phase.value}",
                )
                if kind.phase is KindPhase.DONE and not kind.expected:
                    bar.update(task, completed=1)
            if progress.documents_total:
                if self._documents is None:
                    self._documents = bar.add_task("  Document files", total=1, info="")
                bar.update(
                    self._documents,
                    total=max(progress.bytes_total, 1),
                    completed=progress.bytes_done,
                    info=(
                        f"{progress.documents_done}/{progress.documents_total} "
                        f"({size_text(progress.bytes_done)} of {size_text(progress.bytes_total)})"
                    ),
                )

    def close(self) -> None:
        self._progress.stop()


class JsonProgress:
    """Progress as JSON lines on stdout for a program driving the export (`--progress-json`).
    Every snapshot the engine hands over (at most ~10 a second) goes out; the reader keeps
    only the newest."""

    def __init__(self, output: Output) -> None:
        self._output = output

    def __call__(self, progress: Progress) -> None:
        self._output.line(progress_lines.line(progress_lines.progress_event(progress)))

    def event(self, data: Mapping[str, Any]) -> None:
        self._output.line(progress_lines.line(data))

    def close(self) -> None:
        pass
