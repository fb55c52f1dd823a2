"""Benchmark: does the window stay responsive during a full export in the export wizard?

Seeds a bench firm on the reference backend (default 50,000 records and 500 documents), opens
the export wizard offscreen, starts the export and, for the whole run, measures the longest gap
between ticks of a 10 ms QTimer on the GUI thread. The bar is 50 ms. Prints one JSON line:
longest_gap_ms, ticks, export_seconds (and what was exported, and idle_longest_gap_ms: the same
timer for a few seconds with nothing running, to show how busy the machine was; slow_ticks: how
many gaps exceeded the bar; top_gaps: the longest gaps with when they began, in seconds after
Start). The export runs in a child process, as in the app; the window only reads its progress.
Exits 1 when the export did not verify.

    python tests/bench/gui_stall.py [--records N] [--documents N] [--document-bytes N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWizard  # noqa: E402

from app import config  # noqa: E402
from app.net.http import HttpSession  # noqa: E402
from tests.support.backend import start_backend  # noqa: E402
from ui.common import background  # noqa: E402
from ui.export.wizard import ExportWizard, PageId  # noqa: E402

TICK_MS = 10
BAR_MS = 50
IDLE_SECONDS = 3.0
WAIT_SECONDS = 3600


def wait_for(app: QApplication, condition: object, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if time.monotonic() > deadline:
            raise SystemExit("timed out")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--document-bytes", type=int, default=256 * 1024)
    args = parser.parse_args(argv[1:])

    with tempfile.TemporaryDirectory(prefix="gui-stall-") as tmp:
        config.use_profile(Path(tmp) / "profile")
        backend = start_backend(
            Path(tmp) / "backend",
            "--seed",
            "bench",
            "--records",
            str(args.records),
            "--documents",
            str(args.documents),
            "--document-bytes",
            str(args.document_bytes),
        )
        app = QApplication.instance() or QApplication([])
        http = HttpSession(backend.url)
        try:
            http.set_token(backend.issue_token())
            wizard = ExportWizard(http, firm_name="Bench firm", folder=Path(tmp) / "export")
            wizard.show()
            wizard.next()
            wait_for(app, lambda: wizard.plan is not None or wizard.plan_error is not None)
            if wizard.plan is None:
                raise SystemExit(f"the plan failed: {wizard.plan_error}")

            ticks: list[float] = []
            timer = QTimer()
            timer.setTimerType(timer.timerType().PreciseTimer)
            timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

            # The same timer with nothing running: how noisy the machine itself is.
            idle_end = time.perf_counter() + IDLE_SECONDS
            ticks.append(time.perf_counter())
            timer.start(TICK_MS)
            wait_for(app, lambda: time.perf_counter() >= idle_end)
            timer.stop()
            idle_gap = max(b - a for a, b in itertools.pairwise(ticks))
            ticks.clear()
            finished: list[object] = []
            wizard.run_finished.connect(finished.append)

            started = time.perf_counter()
            ticks.append(started)
            timer.start(TICK_MS)
            wizard.button(QWizard.WizardButton.CommitButton).click()
            loop = QEventLoop()
            wizard.run_finished.connect(lambda _result: loop.quit())
            if not finished:
                loop.exec()
            ended = time.perf_counter()
            timer.stop()
            ticks.append(ended)

            result = wizard.export_result
            gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
            top = sorted(((gap, ticks[i] - started) for i, gap in enumerate(gaps)), reverse=True)[
                :5
            ]
            figures = {
                "longest_gap_ms": round(max(gaps) * 1000, 1),
                "idle_longest_gap_ms": round(idle_gap * 1000, 1),
                "slow_ticks": sum(1 for gap in gaps if gap * 1000 > BAR_MS),
                "top_gaps": [[round(gap * 1000, 1), round(at, 2)] for gap, at in top],
                "ticks": len(ticks) - 2,
                "export_seconds": round(ended - started, 2),
                "records": result.report.kinds and sum(k.exported for k in result.report.kinds)
                if result is not None and result.report is not None
                else 0,
                "documents": args.documents,
                "verified": bool(result is not None and result.verified),
                "page": PageId(wizard.currentId()).name,
            }
            wizard.close()
            wizard.deleteLater()
        finally:
            background.shutdown()
            http.close()
            backend.stop()
    print(json.dumps(figures))
    return 0 if figures["verified"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
