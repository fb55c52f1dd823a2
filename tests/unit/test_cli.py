"""The command line as a person (or a scheduled job) uses it: `python -m app.cli export|verify`
as a real process against the real reference backend, with the token in the environment."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app import config
from app.cli import Output, main
from app.export.kinds import ALL_KINDS
from app.export.verify import verify
from app.signin.credentials import CredentialStore, TokenSet
from tests.support.backend import RunningBackend
from tests.support.faulty_server import FaultyServer, Json

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


@pytest.fixture(scope="module")
def token(demo_backend: RunningBackend) -> str:
    return demo_backend.issue_token()


def cli(
    *args: str, token: str | None = None, profile: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ACCOUNT_DESK_TOKEN"}
    if token is not None:
        env["ACCOUNT_DESK_TOKEN"] = token
    extra = ["--profile", str(profile)] if profile is not None and args[0] == "export" else []
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args, *extra],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env=env,
    )


@pytest.mark.slow
def test_export_completes_verifies_and_a_second_run_only_rechecks(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    out, profile = tmp_path / "export", tmp_path / "profile"
    done = cli(
        "export", "--server", demo_backend.url, "--out", str(out), token=token, profile=profile
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Export complete and verified: 2677 records, 120 documents" in done.stdout
    assert "running:" in done.stdout  # plain progress lines when not on a terminal
    assert verify(out).verified
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    assert report["verified"] and report["documents_exported"] == 120

    again = cli(
        "export", "--server", demo_backend.url, "--out", str(out), token=token, profile=profile
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Nothing changed since the last export" in again.stdout

    checked = cli("verify", str(out))
    assert checked.returncode == 0 and checked.stdout.startswith("Verified: ")

    # the token is nowhere: not in the output, the log or the export
    logs = list((profile / "logs").glob("*.log*"))
    assert logs
    for text in [done.stdout, done.stderr, again.stdout, *(p.read_text() for p in logs)]:
        assert token not in text
    for path in out.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


@pytest.mark.slow
def test_only_some_kinds_without_documents(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    done = cli(
        "export", "--server", demo_backend.url, "--out", str(out), "--kinds", "matters,contacts",
        "--no-documents", "--workers", "2", token=token, profile=tmp_path / "profile",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p.name for p in (out / "records").iterdir()) == [
        "contacts.csv", "contacts.jsonl", "matters.csv", "matters.jsonl",
    ]  # fmt: skip
    assert not (out / "documents").exists()


def test_verify_says_what_is_wrong_with_a_damaged_export(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    done = cli(
        "export", "--server", demo_backend.url, "--out", str(out), "--kinds", "matters",
        "--no-documents", token=token, profile=tmp_path / "profile",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    path = out / "records" / "matters.csv"
    path.write_bytes(path.read_bytes().replace(b"1", b"2", 1))
    checked = cli("verify", str(out))
    assert checked.returncode == 1
    assert "NOT verified" in checked.stdout and "records/matters.csv" in checked.stdout
    assert cli("verify", str(tmp_path / "nowhere")).returncode == 2


def test_a_token_on_the_command_line_is_refused(tmp_path: Path) -> None:
    for form in (["--token", "secret-value"], ["--token=secret-value"]):
        done = cli("export", "--server", "http://127.0.0.1:1", "--out", str(tmp_path), *form)
        assert done.returncode == 2
        assert "ACCOUNT_DESK_TOKEN" in done.stderr and "process lists" in done.stderr
        assert "secret-value" not in done.stderr + done.stdout
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--out", "x"],  # no server
        ["export", "--server", "http://127.0.0.1:1", "--out", "x", "--kinds", "matters,spells"],
        ["export", "--server", "http://example.com", "--out", "x"],  # plain http, not loopback
        ["export", "--server", "http://127.0.0.1:1", "--out", "x", "--workers", "0"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2_with_a_message(args: list[str], tmp_path: Path) -> None:
    stderr = io.StringIO()
    status = main(args, output=Output(io.StringIO(), stderr))
    assert status == 2
    assert stderr.getvalue().strip() and "Traceback" not in stderr.getvalue()


def test_without_any_sign_in_or_with_a_bad_token_it_exits_3(
    demo_backend: RunningBackend, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    none = cli("export", "--server", demo_backend.url, "--out", str(out), profile=tmp_path / "p")
    assert none.returncode == 3, none.stdout + none.stderr
    assert "Not signed in" in none.stderr and "ACCOUNT_DESK_TOKEN" in none.stderr
    bad = cli(
        "export", "--server", demo_backend.url, "--out", str(out), token="not-a-token",
        profile=tmp_path / "p",
    )  # fmt: skip
    assert bad.returncode == 3, bad.stdout + bad.stderr
    assert "sign" in bad.stderr.lower()


@pytest.mark.slow
def test_the_profile_sign_in_is_used(
    demo_backend: RunningBackend, token: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the desktop app leaves behind (settings + keyring entry) is enough to export."""
    monkeypatch.delenv("ACCOUNT_DESK_TOKEN", raising=False)
    CredentialStore().save(demo_backend.url, "margaret@harborfinch.example", TokenSet(token))
    config.save_settings(
        config.Settings(last_server=demo_backend.url, last_user="margaret@harborfinch.example")
    )
    stdout = io.StringIO()
    out = tmp_path / "export"
    status = main(
        ["export", "--server", demo_backend.url, "--out", str(out), "--kinds", "users",
         "--no-documents"],
        output=Output(stdout, io.StringIO()),
    )  # fmt: skip
    assert status == 0, stdout.getvalue()
    assert len((out / "records" / "users.jsonl").read_text().splitlines()) == 6


@pytest.mark.slow
def test_ctrl_c_cancels_and_the_same_command_continues(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    command = [sys.executable, "-m", "app.cli", "export", "--server", demo_backend.url]
    command += ["--out", str(out), "--profile", str(tmp_path / "profile"), "--workers", "1"]
    env = {**os.environ, "ACCOUNT_DESK_TOKEN": token}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    assert process.stdout is not None
    seen = []
    for line in process.stdout:  # wait until it is really exporting
        seen.append(line)
        if line.startswith("running:"):
            break
    process.send_signal(signal.SIGINT)
    rest, errors = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 1, "".join(seen) + rest + errors
    assert "Cancelled. Run the same command again" in rest
    assert "Traceback" not in errors
    assert not verify(out, update_report=False).verified

    again = cli("export", "--server", demo_backend.url, "--out", str(out), token=token,
                profile=tmp_path / "profile")  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
    assert verify(out).verified
    for kind in ("matters", "activities"):
        ids = [json.loads(line)["id"] for line in (out / "records" / f"{kind}.jsonl").open()]
        assert len(ids) == len(set(ids))


@pytest.mark.slow
def test_on_a_terminal_it_shows_bars_per_kind(
    demo_backend: RunningBackend, token: str, tmp_path: Path
) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "ACCOUNT_DESK_TOKEN": token, "COLUMNS": "120", "TERM": "xterm"}
    command = [sys.executable, "-m", "app.cli", "export", "--server", demo_backend.url]
    command += ["--out", str(tmp_path / "export"), "--profile", str(tmp_path / "profile")]
    command += ["--kinds", "matters,contacts", "--no-documents"]
    process = subprocess.Popen(command, stdout=follower, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    os.close(follower)
    screen = b""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    assert process.wait(timeout=TIMEOUT) == 0, screen.decode(errors="replace")
    text = screen.decode("utf-8", errors="replace")
    assert "Matters" in text and "Contacts" in text and "All" in text
    assert "━" in text  # a drawn bar, not plain lines
    assert "40/40" in text and "Export complete and verified" in text


HOSTILE = "\x1b[2J\x1b[32mExport complete and verified\x1b[0m\u202e\r\n"


def test_server_text_cannot_drive_the_terminal(faulty_server: FaultyServer, tmp_path: Path) -> None:
    """A hostile server's error message (clear the screen, print a green "complete") reaches
    the person escaped, and the exit status still says the export is not complete."""
    for kind in ALL_KINDS:
        faulty_server.route(
            f"/api/v4/{kind.endpoint}.json",
            Json({"error": {"type": "Forbidden", "message": HOSTILE}}, status=403),
        )
    profile = tmp_path / "profile"
    done = cli(
        "export", "--server", faulty_server.url, "--out", str(tmp_path / "export"),
        token="hostile-server-token", profile=profile,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "NOT complete" in done.stdout
    assert "Export complete and verified" in done.stdout  # the server's words, shown inert
    logs = [path.read_text(encoding="utf-8") for path in (profile / "logs").glob("*.log*")]
    for text in (done.stdout, done.stderr, *logs):
        assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert "\\x1b[2J" in done.stdout
