"""Start-up: process start to main window shown, demo mode, vs. a bare PySide6 window started the
same way (quality bar: <= 1.6 x).

Both are started as fresh processes, offscreen, with `time.time()` taken just before the
process is created; each prints the wall-clock time once its window is shown (the app through
`--exit-when-shown`) and quits. Runs alternate app / bare so machine noise hits both alike; one
warm-up run of each first (not counted) so both read their files from the OS cache and compiled
bytecode is in place, as it is in an installed app (bytecode goes to a temporary
PYTHONPYCACHEPREFIX, never into the work tree). Prints the medians as one JSON line.

    python tests/bench/startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(980, 640)
window.show()
QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f}", flush=True), app.quit()))
app.exec()
"""


def shown_after(command: list[str], env: dict[str, str]) -> float:
    """Seconds from just before the process is created to the moment it says it is shown."""
    started = time.time()
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=TIMEOUT, cwd=ROOT
    )
    for line in done.stdout.splitlines():
        if line.startswith("shown "):
            return float(line.split()[1]) - started
    raise RuntimeError(
        f"{command[:4]} never said it was shown (exit {done.returncode}):\n{done.stderr[-2000:]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measured runs of each (median)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="startup-bench-") as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": folder}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        profile = str(Path(folder) / "profile")
        app = [
            sys.executable, "-m", "ui.shell.launcher",
            "--profile", profile, "--demo", "--exit-when-shown",
        ]  # fmt: skip
        bare = [sys.executable, "-c", BARE]
        shown_after(app, env)  # warm-up (not counted)
        shown_after(bare, env)
        app_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(max(1, args.runs)):
            app_times.append(shown_after(app, env))
            bare_times.append(shown_after(bare, env))
    app_seconds = statistics.median(app_times)
    bare_seconds = statistics.median(bare_times)
    print(
        json.dumps(
            {
                "app_seconds": round(app_seconds, 4),
                "bare_seconds": round(bare_seconds, 4),
                "ratio": round(app_seconds / bare_seconds, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
