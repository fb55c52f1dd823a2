"""The demo's embedded backend starts, keeps its data between runs, resets on request, stops;
it ends with the app even when the app is killed, and its password-less demo sign-in is only
for the app that started it."""

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.demo import DemoBackend
from app.signin.demo_login import DEMO_SECRET_HEADER, demo_secret_headers, demo_user
from tests.support import oauth_browser as ob

ROOT = Path(__file__).resolve().parents[2]


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


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


# The app as far as the demo service goes: start it, say where it is, wait to be killed.
_APP = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.demo import DemoBackend

    backend = DemoBackend(Path(sys.argv[1]))
    addresses = backend.start()
    print(addresses.api_url, addresses.files_url, backend._process.pid, flush=True)
    time.sleep(600)
    """
)


def test_the_backend_ends_when_the_app_is_killed(tmp_path: Path) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", _APP, str(tmp_path / "demo")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert app.stdout is not None
        api_url, files_url, child = app.stdout.readline().split()
        assert _listening(api_url) and _listening(files_url)
        # killed without a chance to clean up (SIGKILL; TerminateProcess on Windows)
        app.kill()
        app.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _listening(api_url) or _listening(files_url):
            assert time.monotonic() < deadline, "the demo service outlived the app"
            time.sleep(0.1)  # polling interval
        if sys.platform != "win32":
            deadline = time.monotonic() + 10
            while _alive(int(child)):
                assert time.monotonic() < deadline, "the demo service process is still there"
                time.sleep(0.1)  # polling interval
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=10)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie waiting for a parent that is gone is reaped by init soon; it listens no more
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ")[-1].startswith("Z"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    backend = DemoBackend(tmp_path_factory.mktemp("demo-secret"))
    yield backend, backend.start()
    backend.stop()


def _authorize(api_url: str, headers: dict[str, str]) -> tuple[requests.Response, str]:
    verifier, challenge = ob.pkce_pair()
    params = ob.authorize_params(challenge, login_hint=demo_user().email)
    answer = requests.get(
        api_url + "/oauth/authorize",
        params=params,
        headers=headers,
        allow_redirects=False,
        timeout=10,
    )
    return answer, verifier


def test_the_demo_sign_in_needs_the_secret_of_the_app_that_started_it(demo) -> None:  # type: ignore[no-untyped-def]
    backend, addresses = demo
    # another program on this computer, knowing only the demo user's e-mail
    for headers in ({}, {DEMO_SECRET_HEADER: "a guess"}, {DEMO_SECRET_HEADER: ""}):
        answer, _ = _authorize(addresses.api_url, headers)
        assert answer.status_code == 200, "no code without the secret: the sign-in page"
        assert "code=" not in answer.headers.get("Location", "")
        assert 'name="password"' in answer.text

    # the app that started it
    proof = demo_secret_headers(addresses.api_url)
    assert set(proof) == {DEMO_SECRET_HEADER}
    answer, verifier = _authorize(addresses.api_url, proof)
    assert answer.status_code == 302
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    assert ob.exchange(addresses.api_url, code, verifier).status_code == 200

    # the secret is never where other programs can read it, nor sent to other servers
    secret = proof[DEMO_SECRET_HEADER]
    assert all(secret not in part for part in backend.command())
    assert demo_secret_headers("http://127.0.0.1:1/oauth/authorize") == {}
    process = backend._process
    assert process is not None
    if sys.platform.startswith("linux"):
        for name in ("cmdline", "environ"):
            assert secret.encode() not in Path(f"/proc/{process.pid}/{name}").read_bytes()
    elif sys.platform != "win32":
        shown = subprocess.run(
            ["ps", "-ww", "-o", "command=", "-p", str(process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        assert secret not in shown


def test_a_new_start_has_a_new_secret(tmp_path: Path, demo) -> None:  # type: ignore[no-untyped-def]
    _, first = demo
    old = demo_secret_headers(first.api_url)[DEMO_SECRET_HEADER]
    with DemoBackend(tmp_path / "other") as addresses:
        answer, _ = _authorize(addresses.api_url, {DEMO_SECRET_HEADER: old})
        assert answer.status_code == 200  # another service's secret opens nothing here
    assert demo_secret_headers(addresses.api_url) == {}, "forgotten once the service stopped"
