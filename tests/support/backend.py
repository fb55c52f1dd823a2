"""Starts the real reference backend as a child process on free loopback ports, for tests and
benchmarks. No mocks: everything goes over HTTP.

Like the app's demo mode (app.demo), the test process holds the backend's stdin: the backend
gets a demo sign-in secret on it (known to app.signin.demo_login for the backend's
address), and stops when the test process ends, however it ends."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.signin.demo_login import forget_demo_secret, remember_demo_secret

STARTUP_TIMEOUT = 60.0


@dataclass
class RunningBackend:
    url: str
    files_url: str
    data_dir: Path
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)
    # run after the process has stopped (the conformance recorder in front of it)
    after_stop: list[Callable[[], None]] = field(default_factory=list)

    def issue_token(self, role: str = "primary_subscriber") -> str:
        """An access token for the seeded user of that role (read from stdout, never argv)."""
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "server",
                "--data-dir",
                str(self.data_dir),
                "--issue-token",
                role,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout.strip()

    def stop(self) -> None:
        forget_demo_secret(self.url)
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except (OSError, ValueError):
                pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        while self.after_stop:
            self.after_stop.pop()()


def start_backend(
    data_dir: Path, *options: str, env: dict[str, str] | None = None, extra: Sequence[str] = ()
) -> RunningBackend:
    """Start `account-desk-server --data-dir DIR --port 0 OPTIONS` and wait for its address."""
    cmd = [
        sys.executable,
        "-m",
        "server",
        "--data-dir",
        str(data_dir),
        "--port",
        "0",
        "--watch-stdin",
        *options,
        *extra,
    ]
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert proc.stdout is not None and proc.stdin is not None
    demo_secret = secrets.token_urlsafe(32)
    proc.stdin.write(demo_secret + "\n")
    proc.stdin.flush()
    lines: list[str] = []
    result: dict[str, str] = {}

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("listening on "):
                result["url"] = line.split()[-1]
            elif line.startswith("files on "):
                result["files"] = line.split()[-1]
                ready.set()
        ready.set()

    ready = threading.Event()
    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(STARTUP_TIMEOUT) or "files" not in result:
        proc.kill()
        raise RuntimeError("reference backend did not start:\n" + "\n".join(lines))
    backend = RunningBackend(result["url"], result["files"], data_dir, proc, lines)
    if os.environ.get("ACCOUNT_DESK_RECORD_CONFORMANCE") == "1":
        # Every exchange with this backend is recorded and checked against the published
        # document at the end of the run (tests/support/conformance.py, tests/conftest.py).
        from tests.support.conformance import record_through_proxy

        backend.url, backend.files_url, stop = record_through_proxy(backend.url, backend.files_url)
        backend.after_stop.append(stop)
    remember_demo_secret(backend.url, demo_secret)
    if backend.url != result["url"]:
        remember_demo_secret(result["url"], demo_secret)
    return backend
