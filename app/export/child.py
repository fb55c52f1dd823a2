"""Runs an export in a child process and reads its progress: the desktop app's window shares
no interpreter (and so no GIL) with the export's threads, which parse JSON, write CSV and hash
files flat out, so the window never waits for them.

The child is the command line (`app.cli export ... --progress-json --control-stdin`; in a
built app the executable itself, which hands `export` to app.cli). The access token goes only
through the environment variable ACCOUNT_DESK_TOKEN, never the command line (process lists
show argv to every user of the computer). stdin carries `pause`/`resume`/`cancel` lines (its
end cancels, so an export never outlives the app that started it), stdout JSON lines of
progress and the outcome (their format is `app.export.progress_lines`), stderr the child's log,
which goes into this process's log.

    child = ExportChild(http.origin, folder, options)
    child.start(http.access_token)
    for progress in child.events(cancel=token):   # Progress snapshots, newest only
        show(progress)
    result = child.result()   # ExportResult, or raises AuthenticationRequired, DiskFull, ...

A child that dies (killed, crashed) is reported as `ExportProcessFailed`; its folder resumes
like any interrupted export, since the engine journals everything it finishes.
"""

from __future__ import annotations

import collections
import logging
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from app.errors import AccountDeskError, AuthenticationRequired
from app.export import progress_lines
from app.export.control import Progress
from app.export.kinds import ALL_KINDS
from app.export.options import ExportOptions
from app.export.progress_lines import error_from_event, progress_from_event, result_from_event
from app.export.result import ExportResult
from app.net.http import CancelToken

log = logging.getLogger(__name__)

TOKEN_ENV = "ACCOUNT_DESK_TOKEN"  # noqa: S105 - the variable's name (as app.cli reads it)
EXIT_AUTH = 3  # app.cli's status for a sign-in the server refused
# Lines of the child's stderr kept to explain an unexpected end.
STDERR_TAIL = 20
# A cancelled child stops at its next page or chunk; this long is more than enough.
STOP_SECONDS = 120.0
# The export is background work: below the window (and anything else the person does) in the
# CPU's queue, so on a busy machine the window is not kept waiting behind the export's threads.
CHILD_NICENESS = 5


class ExportProcessFailed(AccountDeskError):  # noqa: N818 - named like app.errors
    """The export's process ended without saying how the export went (killed, crashed)."""

    code = "export_process_failed"
    default_message = (
        "The export stopped unexpectedly. Everything exported so far is kept: start the export"
        " again on the same folder and it continues where it stopped."
    )


def export_command(
    server: str, folder: Path, options: ExportOptions, *, frozen: bool | None = None
) -> list[str]:
    """The child's command line (no token in it, ever)."""
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    start = [sys.executable, "export"] if frozen else [sys.executable, "-m", "app", "export"]
    command = [*start, "--server", server, "--out", str(folder)]
    if tuple(options.kinds) != tuple(kind.key for kind in ALL_KINDS):
        command += ["--kinds", ",".join(options.kinds)]
    if not options.documents:
        command.append("--no-documents")
    if not options.reports:
        command.append("--no-reports")
    command += ["--workers", str(options.workers)]
    if options.firm_name:
        command += ["--firm-name", options.firm_name]
    command += ["--language", options.language]
    return [*command, "--progress-json", "--control-stdin"]


def _lower_priority(pid: int) -> None:
    """Lower the child's CPU priority right after it starts, before its interpreter is up and
    starts its threads (they inherit it). The only place it is lowered: on Windows the child
    starts below normal instead (`_creation_flags`). Best effort: where it fails, the export
    just runs at normal priority."""
    if CHILD_NICENESS <= 0 or not hasattr(os, "setpriority"):
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, pid)
        os.setpriority(os.PRIO_PROCESS, pid, min(current + CHILD_NICENESS, 19))
    except OSError as exc:
        log.info("export process priority unchanged: %s", exc)


def _creation_flags() -> int:
    """Windows: no console window for the export (a built app has none to share), and a
    priority below normal from the start (Windows has no `setpriority`). Elsewhere 0."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    if CHILD_NICENESS > 0:
        flags |= getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)
    return flags


_END = object()


class ExportChild:
    """One export run in a child process. Use from any thread; `events` from one thread."""

    def __init__(self, server: str, folder: Path, options: ExportOptions | None = None) -> None:
        self.server = server
        self.folder = Path(folder)
        self.options = options or ExportOptions()
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()
        self._pending: list[str] = []
        self._paused = False
        self._cancelled = False
        self._events: queue.Queue[object] = queue.Queue()
        self._outcome: Mapping[str, Any] | None = None
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL)
        self._readers: list[threading.Thread] = []

    # ----------------------------------------------------------------------- the process
    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def command(self) -> list[str]:
        return export_command(self.server, self.folder, self.options)

    def _environment(self, token: str) -> dict[str, str]:
        env = dict(os.environ)
        env[TOKEN_ENV] = token
        env["PYTHONIOENCODING"] = "utf-8"
        if not getattr(sys, "frozen", False):
            # `-m app` must find this very copy of the app, whatever the working folder.
            here = str(Path(__file__).resolve().parents[2])
            env["PYTHONPATH"] = os.pathsep.join(
                part for part in (here, env.get("PYTHONPATH", "")) if part
            )
        return env

    def start(self, token: str | None) -> None:
        """Start the child (once) with this access token. Commands given before this are sent
        as soon as it runs."""
        if not token:
            raise AuthenticationRequired(status=401, error_type="invalid_token")
        with self._lock:
            if self._process is not None:
                return
            self._process = subprocess.Popen(  # noqa: S603 - our own program, no shell
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                bufsize=1,
                env=self._environment(token),
                creationflags=_creation_flags(),
            )
            log.info("export process %s started for %s", self._process.pid, self.folder)
            _lower_priority(self._process.pid)
            pending, self._pending = self._pending, []
            for command in pending:
                self._write(command)
        process = self._process
        assert process.stdout is not None and process.stderr is not None
        for target, stream, name in (
            (self._read_stdout, process.stdout, "export-child-out"),
            (self._read_stderr, process.stderr, "export-child-err"),
        ):
            reader = threading.Thread(target=target, args=(stream,), name=name, daemon=True)
            reader.start()
            self._readers.append(reader)

    def _read_stdout(self, stream: IO[str]) -> None:
        try:
            for line in stream:
                try:
                    data = progress_lines.read_line(line)
                    event = data.get("event")
                    if event == progress_lines.PROGRESS:
                        self._events.put(progress_from_event(data))
                    elif event in (progress_lines.RESULT, progress_lines.ERROR):
                        self._outcome = data
                except (ValueError, KeyError, TypeError) as exc:
                    log.warning("export process: unreadable line (%s)", type(exc).__name__)
        finally:
            self._events.put(_END)

    def _read_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            text = line.rstrip()
            if text:
                self._stderr_tail.append(text)
                log.info("export process: %s", text)

    # ----------------------------------------------------------------------- commands
    def _write(self, command: str) -> None:
        process = self._process
        if process is None or process.stdin is None:
            return
        try:
            process.stdin.write(command + "\n")
            process.stdin.flush()
        except (OSError, ValueError):
            pass  # the child is gone (or going): its end is reported by `result`

    def _send(self, command: str) -> None:
        with self._lock:
            if self._process is None:
                self._pending.append(command)
            else:
                self._write(command)

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        self._paused = True
        self._send("pause")

    def resume(self) -> None:
        self._paused = False
        self._send("resume")

    def cancel(self) -> None:
        """Stop safely: the child finishes the page or chunk it is on; the folder resumes."""
        if self._cancelled:
            return
        self._cancelled = True
        self._paused = False
        self._send("cancel")

    def kill(self) -> None:
        """Stop at once (the journal survives this too)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()

    # ----------------------------------------------------------------------- outcome
    def events(self, cancel: CancelToken | None = None, poll: float = 0.25) -> Iterator[Progress]:
        """Progress snapshots until the child's output ends (only the newest of those that
        arrived meanwhile). A set `cancel` token cancels the child (once)."""
        while True:
            try:
                item = self._events.get(timeout=poll)
            except queue.Empty:
                if cancel is not None and cancel.is_set():
                    self.cancel()
                continue
            newest: Progress | None = None
            ended = False
            while True:
                if item is _END:
                    ended = True
                    break
                if isinstance(item, Progress):
                    newest = item
                try:
                    item = self._events.get_nowait()
                except queue.Empty:
                    break
            if newest is not None:
                yield newest
            if ended:
                return
            if cancel is not None and cancel.is_set():
                self.cancel()

    def wait(self, timeout: float | None = STOP_SECONDS) -> int:
        """The child's exit status (negative: killed by that signal). Waits up to `timeout`
        seconds, then kills it (an export whose cancel goes unheard must not linger)."""
        process = self._process
        if process is None:
            raise RuntimeError("the export process was not started")
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("export process %s did not stop; killing it", process.pid)
            process.kill()
            code = process.wait()
        for reader in self._readers:
            reader.join(timeout=5)
        if process.stdin is not None:
            try:
                process.stdin.close()
            except OSError:
                pass
        return code

    def result(self) -> ExportResult:
        """Once the output ended: the run's result, or its error raised (AuthenticationRequired
        for a sign-in the server refused, DiskFull, ..., ExportProcessFailed for a child that
        ended without saying)."""
        code = self.wait()
        outcome = self._outcome
        if outcome is not None and outcome.get("event") == progress_lines.RESULT:
            return result_from_event(outcome)
        if outcome is not None:
            raise error_from_event(outcome)
        if code == EXIT_AUTH:
            raise AuthenticationRequired(status=401, error_type="invalid_token")
        how = f"signal {-code}" if code < 0 else f"status {code}"
        last = " | ".join(list(self._stderr_tail)[-3:])
        raise ExportProcessFailed(detail=f"export process ended with {how}: {last}"[:2000])

    def run(
        self,
        token: str | None,
        on_progress: Callable[[Progress], None],
        cancel: CancelToken | None = None,
    ) -> ExportResult:
        """Start, hand every snapshot to `on_progress`, and return the result (or raise)."""
        self.start(token)
        for progress in self.events(cancel):
            on_progress(progress)
        return self.result()


__all__ = [
    "TOKEN_ENV",
    "ExportChild",
    "ExportProcessFailed",
    "export_command",
]
