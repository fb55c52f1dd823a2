"""The paging benchmark script runs end to end at a tiny size and reports one JSON line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "server_paging.py"


@pytest.mark.slow
def test_server_paging_bench_reports_every_record() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "2000"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["records"] == 2000
    assert result["seconds"] > 0
    assert result["records_per_second"] == pytest.approx(2000 / result["seconds"], rel=0.01)
