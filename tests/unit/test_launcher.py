"""`account-desk` as a person or a script runs it: the subcommands go to the command-line
export without loading Qt, the options are checked, --profile moves every file, and the
packaging self-check signs in for real and says OK in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.shell.launcher import LaunchOptions, parse_options

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env
    )


@pytest.mark.parametrize("command", ["verify", "export"])
def test_subcommands_never_load_qt(command: str, tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from ui.shell.launcher import main\n"
        f"code = main([{command!r}, {str(tmp_path)!r}])\n"
        "print('QT LOADED' if 'PySide6' in sys.modules else 'NO QT', code)\n"
    )
    done = _run("-c", probe)
    assert "NO QT" in done.stdout, done.stdout + done.stderr
    try:
        import app.cli  # noqa: F401
    except ModuleNotFoundError:
        # Not built yet: a clear sentence and exit status 2, not a traceback.
        assert done.stdout.strip().endswith("NO QT 2")
        assert "command-line export is not part of this build" in done.stderr
        assert "Traceback" not in done.stderr


def test_options_are_understood() -> None:
    assert parse_options([]) == LaunchOptions()
    options = parse_options(
        ["--profile", "/tmp/x", "--demo", "--demo-reset", "--demo-role", "attorney"]
    )
    assert options.profile == Path("/tmp/x")
    assert options.demo and options.demo_reset and options.demo_role == "attorney"
    assert parse_options(["--server", "https://eu.app.clio.com"]).server == (
        "https://eu.app.clio.com"
    )
    assert parse_options(["--demo", "--demo-style", "clio"]).demo_style == "clio"


@pytest.mark.parametrize(
    "args",
    [
        ["--demo-role", "attorney"],
        ["--demo-reset"],
        ["--demo", "--demo-role", "janitor"],
        ["--demo-style", "clio"],
        ["--demo", "--demo-style", "elsewhere"],
    ],
)
def test_demo_options_without_demo_or_with_an_unknown_role_are_refused(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_options(args)
    assert exit_info.value.code == 2


@pytest.mark.slow
def test_self_check_signs_in_and_says_ok_with_everything_in_the_profile(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    done = _run("-m", "ui.shell.launcher", "--profile", str(profile), "--self-check", timeout=180)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("account-desk self-check OK: signed in as Margaret Harbor")
    assert "Harbor & Finch LLP" in lines[0]
    log = profile / "logs" / "account-desk.log"
    assert log.exists()
    text = log.read_text(encoding="utf-8")
    assert "signed in to" in text
    assert "access_token" not in text.replace("access_token=[redacted]", "")
    assert "Bearer " not in text.replace("Bearer [redacted]", "")


def test_an_unusable_profile_folder_is_refused_in_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file"  # a file where the folder should be
    blocker.write_text("x", encoding="utf-8")
    done = _run("-m", "ui.shell.launcher", "--profile", str(blocker), "--self-check")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"account-desk: cannot use the folder {blocker}")
    assert "Traceback" not in done.stderr


def test_self_check_says_what_failed_in_one_line_and_exits_nonzero(tmp_path: Path) -> None:
    # A `server` package that dies at once stands in for a broken embedded service: the
    # demo service is started as `python -m server` from the current folder.
    fake = tmp_path / "server"
    fake.mkdir()
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "__main__.py").write_text(
        "import sys\nprint('no database here', flush=True)\nsys.exit(3)\n", encoding="utf-8"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.shell.launcher",
            "--profile",
            str(tmp_path / "p"),
            "--self-check",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if line.startswith("account-desk")]
    assert len(lines) == 1
    assert lines[0].startswith("account-desk self-check FAILED: DemoBackendError:")
    assert "no database here" in done.stderr
    assert "Traceback" not in done.stderr
