"""Shared fixtures. Every test runs headless and with its user state isolated."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.backend import RunningBackend, start_backend

SHARED_REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


@pytest.fixture(scope="session")
def qapp(qapp: object) -> object:
    """pytest-qt's application with the English plural forms loaded, as the app loads them at
    start (ui.shell.qt_app.install_translators): "1 day" and "2 days" from "%Ln day(s)"."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from ui.shell.qt_app import install_translators

    assert isinstance(qapp, QCoreApplication)
    install_translators(qapp, QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return qapp


@pytest.fixture(autouse=True)
def isolated_user_state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Every test gets its own profile folder (config, cache, logs, state, exports) and an
    in-memory keyring, so no test reads or writes the real user's files or OS keyring.
    Yields the MemoryKeyring (its `.secrets` dict shows what was stored)."""
    import keyring

    from app import config
    from tests.support.keyring_memory import MemoryKeyring

    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    config.use_profile(tmp_path_factory.mktemp("profile"))
    # A home folder of its own with a Documents folder: what the app saves there (the closing
    # receipt when there is no export folder) never lands in the real user's files.
    home = tmp_path_factory.mktemp("home")
    (home / "Documents").mkdir()
    saved = {name: os.environ.get(name) for name in ("HOME", "XDG_CONFIG_HOME")}
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    yield memory
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    config.use_profile(None)
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def demo_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBackend]:
    """One demo firm for the whole session. Tests that change the account (closing it, moving
    the clock) start their own with `backend_factory` instead."""
    backend = start_backend(
        tmp_path_factory.mktemp("demo-backend"), "--seed", "demo", "--demo-controls"
    )
    yield backend
    backend.stop()


@pytest.fixture
def backend_factory(tmp_path: Path) -> Iterator[Callable[..., RunningBackend]]:
    """Start a fresh backend with the given command-line options; stopped after the test."""
    started: list[RunningBackend] = []

    def start(*options: str) -> RunningBackend:
        backend = start_backend(tmp_path / f"backend-{len(started)}", *options)
        started.append(backend)
        return backend

    yield start
    for backend in started:
        backend.stop()


@pytest.fixture(scope="session")
def clio_reference() -> dict[str, object]:
    """The public Clio Manage v4 OpenAPI document from ../shared/reference (not in the repo)."""
    import json

    path = SHARED_REFERENCE / "clio-api-v4-openapi.json"
    if not path.exists():
        pytest.skip(f"the Clio reference document is not at {path} (it lives beside the repo)")
    return json.loads(path.read_text(encoding="utf-8"))


_CONFORMANCE_REPORT: list[str] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With ACCOUNT_DESK_RECORD_CONFORMANCE=1, every exchange with the backends the run started
    was recorded: check it against the published document (tests/support/conformance.py) and
    fail the run on any difference the tolerated list does not name."""
    if os.environ.get("ACCOUNT_DESK_RECORD_CONFORMANCE") != "1":
        return
    import json

    from tests.support.conformance import SUITE, summary

    path = SHARED_REFERENCE / "clio-api-v4-openapi.json"
    if not path.exists():
        _CONFORMANCE_REPORT.append(f"not checked: the published document is not at {path}")
        return
    verdict = SUITE.verdict(json.loads(path.read_text(encoding="utf-8")))
    tolerated: dict[str, int] = {}
    for problem in verdict.tolerated:
        key = problem.tolerated_by or ""
        tolerated[key] = tolerated.get(key, 0) + 1
    _CONFORMANCE_REPORT.append(
        f"{SUITE.seen} exchanges recorded, {verdict.validated} validated in full,"
        f" {len(verdict.problems)} problem(s); tolerated: {tolerated or 'none'};"
        f" outside the document: {sorted(verdict.outside) or 'none'}"
    )
    if verdict.problems:
        _CONFORMANCE_REPORT.append(summary(verdict))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _CONFORMANCE_REPORT:
        terminalreporter.section("conformance to the published Clio Manage API v4")
        for line in _CONFORMANCE_REPORT:
            terminalreporter.write_line(line)


@pytest.fixture
def us_english() -> Iterator[None]:
    """The app's locale is US English for the test (money, dates and counts as written there);
    the one before comes back afterwards."""
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)
