"""The wheel works on its own: built from the sources, installed into a fresh virtual environment
outside the checkout, `account-desk --self-check` signs in and finds every resource (help,
translations, icon, index page, the backend's contract) inside that environment, and
`account-desk export --help` answers. This is what an administrator who installs the command
line with pip gets.

The fresh environment has no pip index to install the dependencies from, so it sees the
third-party packages of the environment running the tests through a .pth file. That file adds
folders to the path without running their .pth files, so the checkout's editable install is not
active there: `app`, `ui`, `server` and `resources` can only come from the wheel (checked).
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "ui", "server", "resources")
# Everything of the checkout that is not the source of the wheel (or is made by building it).
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*_cache", "tests", "profile"
)

PROBE = """
import json, sys
from PySide6.QtCore import QLocale
import app, resources, server, ui
from app.export.indexpage import RESOURCES as INDEX_PAGE
from server.selfservice import openapi_path
from ui.help.page import article_file
from ui.shell.qt_app import APP_ICON, TRANSLATIONS_DIR
files = {
    "help (fr_CA)": article_file(QLocale("fr_CA")),
    "translation (fr_CA)": TRANSLATIONS_DIR / "account_desk_fr_CA.qm",
    "icon": APP_ICON,
    "index page": INDEX_PAGE / "page.html",
    "contract": openapi_path(),
}
print(json.dumps({
    "packages": [m.__file__ for m in (app, ui, server, resources)],
    "files": {k: [str(p), p.is_file()] for k, p in files.items()},
}))
"""


def _build_wheel(into: Path, scratch: Path) -> Path:
    # From a copy: setuptools reuses build/ in the source folder, which could hide a file the
    # wheel would otherwise lack.
    source = scratch / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCES)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(into), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = into.glob("account_desk-*.whl")
    return wheel


def _fresh_environment(where: Path, wheel: Path) -> tuple[Path, Path]:
    """A new virtual environment with the wheel installed: (its bin folder, its site-packages)."""
    venv.EnvBuilder(with_pip=False).create(where)
    scheme = {"base": str(where), "platbase": str(where)}
    purelib = Path(sysconfig.get_path("purelib", vars=scheme))
    scripts = Path(sysconfig.get_path("scripts", vars=scheme))
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    install = ["install", "--no-deps", "--quiet", str(wheel)]
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *install],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # The third-party packages of this environment, without running its .pth files.
    (purelib / "zz-third-party.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    return scripts, purelib


@pytest.mark.slow
def test_the_installed_wheel_finds_its_resources_and_runs_outside_the_checkout(
    tmp_path: Path,
) -> None:
    wheel = _build_wheel(tmp_path / "wheelhouse", tmp_path)
    scripts, installed = _fresh_environment(tmp_path / "env", wheel)
    elsewhere = tmp_path / "elsewhere"  # a working folder with nothing of the project in it
    elsewhere.mkdir()
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env["QT_QPA_PLATFORM"] = "offscreen"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), capture_output=True, text=True, timeout=240, cwd=elsewhere, env=env
        )

    python = scripts / ("python.exe" if os.name == "nt" else "python")
    probed = run(str(python), "-c", PROBE)
    assert probed.returncode == 0, probed.stderr
    found = json.loads(probed.stdout)
    for module_file in found["packages"]:
        assert Path(module_file).is_relative_to(installed), module_file
    for what, (path, exists) in found["files"].items():
        assert exists, f"{what}: {path} is missing"
        assert Path(path).is_relative_to(installed / "resources"), f"{what}: {path}"
    assert Path(found["files"]["help (fr_CA)"][0]).name == "closing-your-account.fr_CA.md"

    command = str(scripts / "account-desk")
    checked = run(command, "--profile", str(tmp_path / "profile"), "--self-check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("account-desk self-check OK: signed in as Margaret Harbor")
    assert f"resources in {installed / 'resources'}" in checked.stdout

    helped = run(command, "export", "--help")
    assert helped.returncode == 0, helped.stdout + helped.stderr
    assert "usage:" in helped.stdout and "--out" in helped.stdout
