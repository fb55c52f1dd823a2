"""The demo's embedded backend starts, keeps its data between runs, resets on request, stops."""

from pathlib import Path

import requests

from app.demo import DemoBackend


def test_demo_backend_starts_keeps_data_and_stops(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    backend = DemoBackend(data_dir)
    with backend as addresses:
        assert addresses.api_url.startswith("http://127.0.0.1:")
        answer = requests.get(addresses.api_url + "/api/v4/users/who_am_i.json", timeout=10)
        assert answer.status_code == 401  # up, and asking for a token
        process = backend._process
        assert process is not None
    assert process.poll() is not None, "the backend must stop with the app"
    seeded = (data_dir / "backend.sqlite3").stat().st_mtime
    assert seeded

    marker = data_dir / "marker"
    marker.write_text("kept")
    with DemoBackend(data_dir):
        assert marker.exists(), "a second start keeps the demo data"
    with DemoBackend(data_dir, reset=True):
        assert not marker.exists(), "--demo-reset starts afresh"
