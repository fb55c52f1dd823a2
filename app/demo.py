"""Demo mode's embedded reference backend: a child process on a free loopback port with the
demo firm, its data kept in the profile, stopped when the app quits.

The core may not import the backend's code (the arrows point one way), so it runs it as
`python -m server`, exactly as a person would.

The child is tied to this process through its stdin (`--watch-stdin`): the app writes one line,
a fresh random secret, and keeps the pipe open. The secret is what lets the app's demo sign-in
skip the password (app.signin.demo_login); it is never on a command line or in the
environment, where other programs could read it. When the app ends in any way, killed
included, on every system, the pipe closes and the child stops.

With `style="clio"` the backend plays the real service (no self-service API, only registered
clients): the app registers its own demo application with it, on every redirect port the app
reserves, its secret handed over in the child's environment (`@ENVNAME`), never on argv.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.signin.demo_login import forget_demo_secret, remember_demo_secret
from app.signin.firm_app import REDIRECT_PORTS, redirect_uri_for

log = logging.getLogger(__name__)

STARTUP_TIMEOUT_SECONDS = 60.0
# how long a stop waits for the child to end on its own once its stdin is closed
STOP_GRACE_SECONDS = 5.0
# The demo firm's own application in the clio style.
DEMO_CLIENT_ID = "harbor-finch-desk"
CLIENT_SECRET_ENV = "ACCOUNT_DESK_DEMO_CLIENT_SECRET"  # noqa: S105 - a variable's name


class DemoBackendError(RuntimeError):
    """The embedded backend could not be started."""


@dataclass(frozen=True)
class DemoAddresses:
    api_url: str
    files_url: str


@dataclass(frozen=True)
class DemoApplication:
    """The application the demo registered with a clio-style backend (for the assistant)."""

    client_id: str
    secret: str = field(repr=False)


class DemoBackend:
    """Owns the child process. Use as a context manager or call start()/stop()."""

    def __init__(
        self,
        data_dir: Path,
        *,
        reset: bool = False,
        extra: Sequence[str] = (),
        style: str = "default",
    ) -> None:
        self.data_dir = data_dir
        self._reset = reset
        self._extra = tuple(extra)
        self.style = style
        self._process: subprocess.Popen[str] | None = None
        self.addresses: DemoAddresses | None = None
        # clio style: the demo's own application, registered on every reserved redirect port
        self.application = (
            DemoApplication(DEMO_CLIENT_ID, secrets.token_urlsafe(32)) if style == "clio" else None
        )

    def command(self) -> list[str]:
        # A built app has no interpreter to run `-m server` with: its executable serves the
        # backend itself when given the flag (packaging/entry.py).
        runner = (
            [sys.executable, "--embedded-server"]
            if getattr(sys, "frozen", False)
            else [sys.executable, "-m", "server"]
        )
        return [
            *runner,
            "--data-dir", str(self.data_dir),
            "--port", "0",
            "--seed", "demo",
            "--demo-controls",
            "--watch-stdin",
            *self._style_options(),
            *self._extra,
        ]  # fmt: skip

    def _style_options(self) -> list[str]:
        if self.application is None:
            return []
        options = ["--style", "clio"]
        for port in REDIRECT_PORTS:
            client = f"{self.application.client_id}:@{CLIENT_SECRET_ENV}:{redirect_uri_for(port)}"
            options += ["--register-client", client]
        return options

    def environment(self) -> dict[str, str] | None:
        """The child's environment: this one, plus the application secret in the clio style."""
        if self.application is None:
            return None
        return {**os.environ, CLIENT_SECRET_ENV: self.application.secret}

    def start(self) -> DemoAddresses:
        if self._reset and self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log.info("starting the demo backend in %s", self.data_dir)
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
            self.command(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE,
            text=True,
            env=self.environment(),
        )
        self._process = process
        secret = secrets.token_urlsafe(32)
        assert process.stdin is not None
        try:
            process.stdin.write(secret + "\n")
            process.stdin.flush()
        except (OSError, ValueError):
            pass  # it ended already (its output says why), or a stop came first
        found: dict[str, str] = {}
        ready = threading.Event()
        tail: list[str] = []

        def read_output() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                line = line.rstrip("\n")
                if line.startswith("listening on "):
                    found["api"] = line.split()[-1]
                elif line.startswith("files on "):
                    found["files"] = line.split()[-1]
                    ready.set()
                else:
                    tail.append(line)
                    del tail[:-20]
                    log.debug("demo backend: %s", line)
            ready.set()

        threading.Thread(target=read_output, name="demo-backend-output", daemon=True).start()
        if not ready.wait(STARTUP_TIMEOUT_SECONDS) or "files" not in found:
            self.stop()
            raise DemoBackendError(
                "The demo service did not start. Its last words were:\n" + "\n".join(tail)
            )
        self.addresses = DemoAddresses(found["api"], found["files"])
        remember_demo_secret(self.addresses.api_url, secret)
        return self.addresses

    def stop(self) -> None:
        process, self._process = self._process, None
        if self.addresses is not None:
            forget_demo_secret(self.addresses.api_url)
        if process is None:
            return
        if process.stdin is not None:
            try:
                process.stdin.close()  # the child stops on its own
            except (OSError, ValueError):
                pass
        if process.poll() is not None:
            return
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
            return
        except subprocess.TimeoutExpired:
            pass
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def __enter__(self) -> DemoAddresses:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
