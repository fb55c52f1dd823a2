"""While the server refuses the app after the firm's account was closed (its practice data
deleted), the main window's pages say what the server answered, with the closing dates and the
last export saved on this computer, instead of asking to sign in; signing in afterwards builds
the real pages again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from app.last_export import ExportRecord, LastExportStore
from tests.support.backend import RunningBackend
from tests.support.service_closing import close_and_delete
from ui.shell.application import Application, AppState
from ui.shell.main_window import PageKey
from ui.shell.options import LaunchOptions
from ui.shell.server_answer import RefusedPage

TIMEOUT_MS = 30_000


@pytest.fixture
def apps(qtbot: Any) -> Iterator[list[Application]]:
    started: list[Application] = []
    yield started
    for app in started:
        app.shutdown()
        app.window.close()


def test_after_deletion_each_page_says_what_the_server_answered_and_shows_the_last_export(
    qtbot: Any,
    apps: list[Application],
    backend_factory: Callable[..., RunningBackend],
    tmp_path: Path,
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30Z")
    close_and_delete(backend)
    folder = tmp_path / "Harbor & Finch LLP export"
    LastExportStore(backend.url, "margaret@harborfinch.example").remember(
        ExportRecord(folder, datetime(2026, 11, 24, 14, tzinfo=UTC), True, ("matters",), True)
    )
    app = Application(LaunchOptions(demo=True), demo_server=backend.url)
    apps.append(app)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitUntil(lambda: app.state is AppState.FAILED, timeout=TIMEOUT_MS)
    for key in (PageKey.ACCOUNT, PageKey.EXPORT, PageKey.AVAILABILITY):
        page = app.window.show_page(key)
        assert isinstance(page, RefusedPage), key
        answer = page.answer.text
        assert "The server answered" in answer and "deleted" in answer
        assert "November 24, 2026" in answer and "February 22, 2027" in answer
        assert page.findChild(QPushButton, "statusAction") is None  # no "Sign in…" here
        shows_export = key != PageKey.ACCOUNT
        assert page.last_export.isVisibleTo(page) is shows_export
        if shows_export:
            assert "The last export made on this computer" in page.last_export.text()
            assert str(folder) in page.last_export.text()
            assert "(verified)" in page.last_export.text()
    # Signing in again asks the server again; it refuses again, and the pages say so again.
    app.sign_in()
    qtbot.waitUntil(lambda: app.state is not AppState.FAILED, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: app.state is AppState.FAILED, timeout=TIMEOUT_MS)
    assert isinstance(app.window.show_page(PageKey.EXPORT), RefusedPage)
