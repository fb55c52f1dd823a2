"""Connect your firm's account, end to end against the reference backend playing the real service
(`--style clio`: no built-in client, only the registered key, secret and exact redirect address):
the assistant in the sign-in window connects, refuses a wrong secret and an unregistered redirect
address by name, moves to the next reserved port when one is busy, keeps the secret out of every
file and log; and tokens are refreshed ahead of their expiry with the firm's secret."""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from PySide6.QtCore import Qt

from app import config, logs
from app.net.servers import local_server
from app.session import Session
from app.signin.connect import try_connection
from app.signin.credentials import SERVICE, CredentialStore, application_entry_name
from app.signin.firm_app import (
    APPLICATIONS_FILE,
    REDIRECT_PORTS,
    FirmApplication,
    choose_redirect_port,
    load_application,
    redirect_uri_for,
)
from server.firm import SEED_USERS
from tests.support.backend import RunningBackend, start_backend
from tests.support.keyring_memory import MemoryKeyring
from tests.support.oauth_browser import open_sign_in_page, submit_sign_in
from ui.shell.application import Application, AppState
from ui.shell.launcher import LaunchOptions
from ui.signin.connect_firm import ConnectFirmDialog, ConnectState

CLIENT_ID = "harbor-finch-desk"
SECRET = "firm-secret-Zq8pW3vX7tLk2Rm9"
SECRET_ENV = "ACCOUNT_DESK_TEST_CLIENT_SECRET"
ELSEWHERE = "https://desk.example.com/oauth/done"
MARGARET = 1
TIMEOUT_MS = 60_000


def _clio(tmp_path: Path, redirects: list[str], *options: str) -> RunningBackend:
    clients: list[str] = []
    for redirect in redirects:
        clients += ["--register-client", f"{CLIENT_ID}:@{SECRET_ENV}:{redirect}"]
    # The secret reaches the backend through its environment, never its command line.
    return start_backend(
        tmp_path / "clio",
        "--seed", "demo", "--style", "clio", *clients, *options,
        env={SECRET_ENV: SECRET},
    )  # fmt: skip


@pytest.fixture
def clio(tmp_path: Path) -> Iterator[RunningBackend]:
    backend = _clio(tmp_path, [redirect_uri_for(p) for p in REDIRECT_PORTS])
    yield backend
    backend.stop()


@pytest.fixture
def clio_elsewhere(tmp_path: Path) -> Iterator[RunningBackend]:
    """The application registered with another redirect address only."""
    backend = _clio(tmp_path, [ELSEWHERE])
    yield backend
    backend.stop()


class FormBrowser:
    """Plays the system browser: signs Margaret in on the service's own page (password and all)
    and follows the redirect to the app's listener; any other page is only noted."""

    def __init__(self, backend: RunningBackend, action: str = "approve") -> None:
        self.backend = backend
        self.action = action  # "deny": the person presses Cancel on the service's page
        self.opened: list[str] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        parts = urlsplit(url)
        if parts.path != "/oauth/authorize":
            return True
        page = open_sign_in_page(self.backend.url, dict(parse_qsl(parts.query)))
        assert page.status == 200, page.text
        password = next(u.password for u in SEED_USERS if u.id == MARGARET)
        answer = submit_sign_in(self.backend.url, page, MARGARET, password, self.action)
        assert answer.status_code == 302, answer.text
        requests.get(answer.headers["Location"], timeout=10)
        return True


@pytest.fixture
def log_file() -> Iterator[Path]:
    path = logs.setup_logging(logging.DEBUG)
    yield path
    logs.shutdown_logging()


@pytest.fixture
def running() -> Iterator[list[Application]]:
    apps: list[Application] = []
    yield apps
    for app in apps:
        app.shutdown()
        app.window.close()


def _start(
    qtbot: Any, running: list[Application], options: LaunchOptions, **kw: Any
) -> Application:
    app = Application(options, **kw)
    running.append(app)
    qtbot.addWidget(app.window)
    app.start()
    qtbot.waitExposed(app.window)
    return app


def _assistant(qtbot: Any, app: Application) -> ConnectFirmDialog:
    qtbot.waitUntil(lambda: app.signin_dialog is not None, timeout=TIMEOUT_MS)
    dialog = app.signin_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.connect_button.isVisible, timeout=TIMEOUT_MS)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assistant = dialog.assistant
    assert assistant is not None
    qtbot.waitExposed(assistant)
    return assistant


def _fill_and_test(qtbot: Any, assistant: ConnectFirmDialog, key: str, secret: str) -> None:
    assistant.key_edit.clear()
    qtbot.keyClicks(assistant.key_edit, key)
    assistant.secret_edit.clear()
    qtbot.keyClicks(assistant.secret_edit, secret)
    # From the keyboard: Enter in the secret field runs the default button, Test connection.
    qtbot.keyClick(assistant.secret_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: assistant.state is not ConnectState.TESTING, timeout=TIMEOUT_MS)


def _files_under(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*") if p.is_file())


def test_the_assistant_connects_with_the_registered_key_and_secret(
    qtbot: Any,
    running: list[Application],
    clio: RunningBackend,
    isolated_user_state: MemoryKeyring,
    log_file: Path,
) -> None:
    browser = FormBrowser(clio)
    app = _start(qtbot, running, LaunchOptions(server=clio.url), open_browser=browser)
    assistant = _assistant(qtbot, app)

    # What to register, where: the page, the exact redirect address, the permissions.
    assert assistant.page_address.text() == clio.url + "/settings/developer_applications"
    qtbot.mouseClick(assistant.open_page_button, Qt.MouseButton.LeftButton)
    assert browser.opened == [clio.url + "/settings/developer_applications"]
    redirect = assistant.redirect_address.text()
    assert redirect in [redirect_uri_for(p) for p in REDIRECT_PORTS]
    assert "read-only" in assistant.findChild(type(assistant.port_note), "permissionsStep").text()
    assert not assistant.test_button.isEnabled()  # nothing typed yet

    _fill_and_test(qtbot, assistant, CLIENT_ID, SECRET)
    assert assistant.error_text == ""
    assert assistant.state is ConnectState.PROVEN
    assert "signed in as Margaret Harbor" in assistant.status_label.text()
    # The browser went to the service's sign-in with the registered key and redirect, and PKCE.
    query = dict(parse_qsl(urlsplit(browser.opened[-1]).query))
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == redirect
    assert query["code_challenge_method"] == "S256"
    assert load_application(clio.url) is None  # proven, not saved yet

    qtbot.keyClick(assistant.save_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.state is AppState.SIGNED_IN, timeout=TIMEOUT_MS)
    assert app.window.user_label.text() == "Signed in as Margaret Harbor"
    port = int(urlsplit(redirect).port or 0)
    assert load_application(clio.url) == FirmApplication(clio.url, CLIENT_ID, port)
    assert isolated_user_state.get_password(SERVICE, application_entry_name(clio.url)) == SECRET

    # The secret is in the keyring only: not in the settings folder, the cache, or the log.
    app.shutdown()
    logs.shutdown_logging()
    profile = config.paths()
    written = [
        f
        for folder in (profile.config_dir, profile.cache_dir, profile.state_dir, profile.log_dir)
        for f in _files_under(folder)
    ]
    assert (profile.config_dir / APPLICATIONS_FILE) in written
    assert log_file.stat().st_size > 0
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path
    saved = json.loads((profile.config_dir / APPLICATIONS_FILE).read_text(encoding="utf-8"))
    assert saved[clio.url] == {"client_id": CLIENT_ID, "redirect_port": port}


def test_a_refused_secret_is_named_and_nothing_is_saved(
    qtbot: Any, running: list[Application], clio: RunningBackend
) -> None:
    browser = FormBrowser(clio)
    app = _start(qtbot, running, LaunchOptions(server=clio.url), open_browser=browser)
    assistant = _assistant(qtbot, app)
    _fill_and_test(qtbot, assistant, CLIENT_ID, "not-the-firm-secret-at-all")
    assert assistant.error_text.startswith("Clio refused the application key or secret.")
    assert assistant.state is ConnectState.ENTERING
    assert not assistant.save_button.isEnabled()
    assert browser.opened == []  # refused before any browser page
    assert load_application(clio.url) is None

    # Corrected, it works.
    _fill_and_test(qtbot, assistant, CLIENT_ID, SECRET)
    assert assistant.state is ConnectState.PROVEN


def test_a_redirect_address_not_registered_is_named(
    qtbot: Any, running: list[Application], clio_elsewhere: RunningBackend
) -> None:
    browser = FormBrowser(clio_elsewhere)
    app = _start(qtbot, running, LaunchOptions(server=clio_elsewhere.url), open_browser=browser)
    assistant = _assistant(qtbot, app)
    redirect = assistant.redirect_address.text()
    _fill_and_test(qtbot, assistant, CLIENT_ID, SECRET)
    assert assistant.error_text.startswith(
        f"Clio does not accept the redirect address {redirect} for this application."
    )
    assert browser.opened == []
    assert load_application(clio_elsewhere.url) is None


def test_a_sign_in_cancelled_in_the_browser_is_said_and_nothing_is_saved(
    qtbot: Any, running: list[Application], clio: RunningBackend
) -> None:
    browser = FormBrowser(clio, action="deny")
    app = _start(qtbot, running, LaunchOptions(server=clio.url), open_browser=browser)
    assistant = _assistant(qtbot, app)
    _fill_and_test(qtbot, assistant, CLIENT_ID, SECRET)
    assert assistant.error_text == (
        "The sign-in was cancelled in the browser, or this user may not sign in. Nothing was saved."
    )
    assert len(browser.opened) == 1
    assert load_application(clio.url) is None
    assert app.state is not AppState.SIGNED_IN


def test_a_busy_redirect_port_moves_to_the_next_reserved_one(
    qtbot: Any, running: list[Application], clio: RunningBackend
) -> None:
    browser = FormBrowser(clio)
    app = _start(qtbot, running, LaunchOptions(server=clio.url), open_browser=browser)
    assistant = _assistant(qtbot, app)
    shown = assistant.port
    assert shown is not None
    # Another program takes the port after the address was shown.
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as a listener would
    try:
        holder.bind(("127.0.0.1", shown))
        holder.listen(1)
        _fill_and_test(qtbot, assistant, CLIENT_ID, SECRET)
        assert assistant.error_text.startswith(
            f"Another program on this computer is using port {shown} of the redirect address."
        )
        assert assistant.port is not None and assistant.port != shown
        assert assistant.redirect_address.text() == redirect_uri_for(assistant.port)
        assert str(assistant.port) in assistant.port_note.text()
    finally:
        holder.close()
    # The new address (registered too, in this backend) works.
    qtbot.mouseClick(assistant.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: assistant.state is not ConnectState.TESTING, timeout=TIMEOUT_MS)
    assert assistant.state is ConnectState.PROVEN, assistant.error_text


@pytest.mark.slow
def test_tokens_are_refreshed_ahead_of_expiry_with_the_firms_secret(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    backend = _clio(
        tmp_path, [redirect_uri_for(p) for p in REDIRECT_PORTS], "--token-lifetime", "10"
    )
    session = Session.create(
        local_server(backend.url),
        credentials=CredentialStore(MemoryKeyring()),
        open_browser=FormBrowser(backend),
    )
    try:
        application = FirmApplication(backend.url, CLIENT_ID, choose_redirect_port())
        try_connection(session, application, SECRET)
        tokens = session.auth._tokens
        assert tokens is not None and tokens.lifetime == 10
        first = session.http.access_token
        caplog.set_level(logging.INFO)
        caplog.clear()
        # Until a tenth of the lifetime is left: the next request refreshes first.
        deadline = tokens.expires_at
        assert deadline is not None
        waited = 0
        while not tokens.refresh_due() and waited < 200:
            time.sleep(0.1)  # plain core objects: no event loop to wait in
            waited += 1
        assert tokens.refresh_due() and not tokens.expired(margin=0)
        answer = session.http.get_json("/api/v4/users/who_am_i.json", {"fields": "id,name"})
        assert answer["data"]["name"] == "Margaret Harbor"
        assert session.http.access_token not in (None, first)
        messages = [r.getMessage() for r in caplog.records]
        assert "refreshing the access token ahead of its expiry" in messages
        assert "access token refreshed" in messages
        assert "access token rejected; refreshing once" not in messages  # no 401 needed
    finally:
        session.close()
        backend.stop()


def test_the_demo_in_clio_style_goes_through_the_assistant_prefilled(
    qtbot: Any, running: list[Application]
) -> None:
    app = _start(qtbot, running, LaunchOptions(demo=True, demo_style="clio"))
    qtbot.waitUntil(
        lambda: app.signin_dialog is not None and app.signin_dialog.assistant is not None,
        timeout=TIMEOUT_MS,
    )
    backend = app._demo_backend
    assert backend is not None and backend._process is not None
    # The secret went to the child's environment, never its command line.
    assert backend.application is not None
    assert all(backend.application.secret not in arg for arg in backend.command())
    assert backend.application.secret not in " ".join(backend._process.args)  # type: ignore[arg-type]
    assert backend.application.secret not in os.environ.get("ACCOUNT_DESK_DEMO_CLIENT_SECRET", "")
    assistant = app.signin_dialog.assistant  # type: ignore[union-attr]
    assert assistant is not None
    assert assistant.key_edit.text() == backend.application.client_id
    assert assistant.secret_edit.text() == backend.application.secret
    qtbot.mouseClick(assistant.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: assistant.state is not ConnectState.TESTING, timeout=TIMEOUT_MS)
    assert assistant.state is ConnectState.PROVEN, assistant.error_text
    qtbot.mouseClick(assistant.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.state is AppState.SIGNED_IN, timeout=TIMEOUT_MS)
    assert app.window.user_label.text() == "Signed in as Margaret Harbor"
    assert app.session is not None and app.session.auth.oauth.settings.client_id == (
        backend.application.client_id
    )


def test_a_refused_refresh_token_offers_sign_in_again_and_keeps_the_pages(
    qtbot: Any, running: list[Application], clio: RunningBackend
) -> None:
    browser = FormBrowser(clio)
    app = _start(qtbot, running, LaunchOptions(server=clio.url), open_browser=browser)
    assistant = _assistant(qtbot, app)
    _fill_and_test(qtbot, assistant, CLIENT_ID, SECRET)
    qtbot.mouseClick(assistant.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.state is AppState.SIGNED_IN, timeout=TIMEOUT_MS)
    session = app.session
    assert session is not None
    page = app.window.stack.currentWidget()
    revoked = session.http.access_token

    # The firm revokes the sign-in on the service: access and refresh tokens both stop working.
    answer = requests.post(
        clio.url + "/oauth/deauthorize", headers={"Authorization": f"Bearer {revoked}"}, timeout=10
    )
    assert answer.status_code == 200
    app.refresh_pages()
    qtbot.waitUntil(lambda: app.window.notice("sign-in-again") is not None, timeout=TIMEOUT_MS)
    banner = app.window.notice("sign-in-again")
    assert banner is not None
    assert banner.text.startswith("Your sign-in has ended")
    # Still signed in as before, on the same page object: nothing was thrown away.
    assert app.state is AppState.SIGNED_IN
    assert app.session is session
    assert app.window.stack.currentWidget() is page

    button = app._sign_in_again.button if app._sign_in_again is not None else None
    assert button is not None and button.isVisible()
    opened = len(browser.opened)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.notice("sign-in-again") is None, timeout=TIMEOUT_MS)
    assert len(browser.opened) == opened + 1
    assert session.http.access_token not in (None, revoked)
    assert app.session is session
    assert app.window.stack.currentWidget() is page
    assert app.window.user_label.text() == "Signed in as Margaret Harbor"
