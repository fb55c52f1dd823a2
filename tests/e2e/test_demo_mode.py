"""Demo mode end to end, as `account-desk --demo` runs it: the embedded reference backend starts
with its data in the profile, the app signs in as the Primary Subscriber through the real OAuth
flow, the service stops when the app quits, --demo-reset starts the firm afresh; and the
start-up benchmark runs and reports in its agreed shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app import config
from ui.shell.application import DEMO_DATA_FOLDER, Application, AppState
from ui.shell.launcher import LaunchOptions

ROOT = Path(__file__).resolve().parents[2]
SIGN_IN_TIMEOUT_MS = 60_000


@pytest.fixture
def running() -> Iterator[list[Application]]:
    apps: list[Application] = []
    yield apps
    for app in apps:
        app.shutdown()
        app.window.close()


def _start(qtbot: Any, running: list[Application], options: LaunchOptions) -> Application:
    app = Application(options)
    running.append(app)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.state is AppState.SIGNED_IN, timeout=SIGN_IN_TIMEOUT_MS)
    return app


@pytest.mark.slow
def test_demo_starts_its_service_in_the_profile_signs_in_and_stops_it_on_quit(
    qtbot: Any, running: list[Application]
) -> None:
    data_dir = config.paths().state_dir / DEMO_DATA_FOLDER
    app = _start(qtbot, running, LaunchOptions(demo=True))
    assert app.window.user_label.text() == "Signed in as Margaret Harbor"
    assert data_dir.is_dir() and any(data_dir.iterdir())
    backend = app._demo_backend
    assert backend is not None and backend._process is not None
    process = backend._process
    assert process.poll() is None

    # Mark the demo firm; a plain restart keeps it, --demo-reset starts afresh.
    marker = data_dir / "kept-between-runs"
    marker.write_text("x", encoding="utf-8")
    app.shutdown()
    assert process.poll() is not None  # the service stopped with the app
    app.window.close()

    again = _start(qtbot, running, LaunchOptions(demo=True))
    assert marker.exists()
    again.shutdown()
    again.window.close()

    fresh = _start(qtbot, running, LaunchOptions(demo=True, demo_reset=True))
    assert not marker.exists()
    assert fresh.window.user_label.text() == "Signed in as Margaret Harbor"


def _processes_mentioning(text: str) -> list[str]:
    listing = subprocess.run(
        ["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True, check=True
    )
    return [line for line in listing.stdout.splitlines() if text in line]


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)  # polling another process's progress; the deadline bounds it
    return True


@pytest.mark.slow
def test_account_desk_demo_process_signs_in_and_stops_its_service_when_told_to_quit(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"
    log = profile / "logs" / "account-desk.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:
        app = subprocess.Popen(
            [sys.executable, "-m", "ui.shell.launcher", "--profile", str(profile), "--demo"],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            cwd=ROOT,
            env=env,
        )
    try:
        signed_in = _wait_for(
            lambda: log.exists() and "signed in to" in log.read_text(encoding="utf-8"), 90
        )
        assert signed_in, errors.read_text(encoding="utf-8")
        service = [line for line in _processes_mentioning(str(profile)) if " -m server" in line]
        assert len(service) == 1  # the embedded service, with its data in the profile
        app.terminate()  # what the desktop session does at log-out
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=30)
    assert _wait_for(lambda: not _processes_mentioning(str(profile)), 15)
    assert "asked to quit by a signal" in log.read_text(encoding="utf-8")


def test_exit_when_shown_prints_when_the_window_appeared(tmp_path: Path) -> None:
    before = time.time()
    done = subprocess.run(
        [
            *(sys.executable, "-m", "ui.shell.launcher", "--profile", str(tmp_path), "--demo"),
            "--exit-when-shown",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    word, stamp = done.stdout.split()
    assert word == "shown"
    assert before < float(stamp) < time.time()


@pytest.mark.slow
def test_startup_benchmark_reports_one_json_line() -> None:
    done = subprocess.run(
        [sys.executable, "tests/bench/startup.py", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) == {"app_seconds", "bare_seconds", "ratio"}
    assert figures["app_seconds"] > 0 and figures["bare_seconds"] > 0
    assert figures["ratio"] == pytest.approx(
        figures["app_seconds"] / figures["bare_seconds"], rel=0.01
    )
