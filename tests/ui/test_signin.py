"""The sign-in dialog: pick a server (presets or a checked custom address), sign in with the
browser while the dialog waits, cancel, and read what went wrong."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.errors import AuthenticationRequired, ConnectionFailed
from app.net.servers import Server
from ui.common.background import CancelToken, ProgressCallback
from ui.signin.dialog import SignInDialog, SignInState

LOCAL = "http://127.0.0.1:8000"


class FakeBrowserFlow:
    """Stands in for the OAuth browser flow: records the origin, then waits until the test
    lets it finish (or the dialog cancels it)."""

    def __init__(self) -> None:
        self.origins: list[str] = []
        self.started = threading.Event()
        self.release = threading.Event()
        self.saw_cancel = threading.Event()
        self.outcome: Any = "signed-in"

    def __call__(self, server: Server, token: CancelToken, report: ProgressCallback) -> Any:
        self.origins.append(server.origin)
        self.started.set()
        report(0, None, "Waiting for the browser…")
        while not self.release.is_set():
            if token.wait(0.01):
                self.saw_cancel.set()
                token.raise_if_cancelled()
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


@pytest.fixture
def flow() -> FakeBrowserFlow:
    return FakeBrowserFlow()


@pytest.fixture
def dialog(qtbot: Any, flow: FakeBrowserFlow) -> SignInDialog:
    dlg = SignInDialog(flow, local_origin=LOCAL)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    yield dlg
    flow.release.set()


def _labels(dlg: SignInDialog) -> list[str]:
    return [dlg.server_combo.itemText(i) for i in range(dlg.server_combo.count())]


def _choose_custom(qtbot: Any, dlg: SignInDialog, address: str) -> None:
    dlg.select_server("custom")
    dlg.address_edit.clear()
    qtbot.keyClicks(dlg.address_edit, address)


def test_server_list_offers_this_computer_the_regions_and_a_custom_address(
    dialog: SignInDialog,
) -> None:
    labels = _labels(dialog)
    assert labels[0] == "This computer (reference backend)"
    assert labels[-1] == "Custom address…"
    assert len(labels) == 6
    regions = " ".join(labels[1:5])
    for region in ("United States", "Canada", "Europe", "Australia"):
        assert region in regions
    # The custom address field only shows when asked for.
    assert not dialog.address_edit.isVisible()


def test_without_a_local_backend_there_is_no_this_computer_entry(
    qtbot: Any, flow: FakeBrowserFlow
) -> None:
    dlg = SignInDialog(flow)
    qtbot.addWidget(dlg)
    assert "This computer (reference backend)" not in _labels(dlg)


def test_plain_http_to_another_computer_is_refused(qtbot: Any, dialog: SignInDialog) -> None:
    _choose_custom(qtbot, dialog, "http://example.com")
    assert dialog.address_edit.isVisible()
    assert not dialog.sign_in_button.isEnabled()
    assert dialog.address_problem.isVisible()
    assert "https" in dialog.address_problem.text()
    dialog.start()  # even if forced, nothing starts
    assert dialog.state is SignInState.CHOOSING


def test_plain_http_to_this_computer_is_accepted(
    qtbot: Any, dialog: SignInDialog, flow: FakeBrowserFlow
) -> None:
    _choose_custom(qtbot, dialog, "http://127.0.0.1:8000")
    assert dialog.sign_in_button.isEnabled()
    assert not dialog.address_problem.isVisible()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(flow.started.is_set)
    assert flow.origins == ["http://127.0.0.1:8000"]


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("https://firm.example.com", True),
        ("firm.example.com", True),  # https is assumed
        ("http://localhost:8123", True),
        ("http://[::1]:8123", True),
        ("http://127.0.0.1.example.com", False),
        ("ftp://firm.example.com", False),
        ("https://user:secret@firm.example.com", False),
        ("https://", False),
    ],
)
def test_custom_address_rules(qtbot: Any, dialog: SignInDialog, typed: str, accepted: bool) -> None:
    _choose_custom(qtbot, dialog, typed)
    assert dialog.sign_in_button.isEnabled() is accepted
    assert dialog.address_problem.isVisible() is not accepted


def test_waiting_state_then_signed_in(
    qtbot: Any, dialog: SignInDialog, flow: FakeBrowserFlow
) -> None:
    dialog.select_server("eu")
    with qtbot.waitSignal(dialog.signed_in, timeout=5000) as signed_in:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(flow.started.is_set)
        # While the browser is open the person sees that the app waits, and can only cancel.
        qtbot.waitUntil(lambda: dialog.waiting_label.text() == "Waiting for the browser…")
        assert dialog.state is SignInState.WAITING
        assert dialog.progress.isVisible()
        assert not dialog.server_combo.isEnabled()
        assert not dialog.sign_in_button.isEnabled()
        assert dialog.cancel_button.isEnabled()
        flow.release.set()
    assert signed_in.args == ["signed-in"]
    assert flow.origins == ["https://eu.app.clio.com"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_value == "signed-in"
    assert dialog.server is not None and dialog.server.origin == "https://eu.app.clio.com"


def test_cancel_while_waiting_stops_the_flow_and_allows_a_retry(
    qtbot: Any, dialog: SignInDialog, flow: FakeBrowserFlow
) -> None:
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(flow.started.is_set)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(flow.saw_cancel.is_set)
    assert dialog.isVisible()
    assert dialog.state is SignInState.CHOOSING
    assert dialog.sign_in_button.isEnabled()
    assert dialog.error_text == "Sign-in cancelled. You can try again."
    # A second Cancel closes the dialog.
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


def test_escape_while_waiting_closes_and_cancels(
    qtbot: Any, dialog: SignInDialog, flow: FakeBrowserFlow
) -> None:
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(flow.started.is_set)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(flow.saw_cancel.is_set)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.result_value is None


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (ConnectionFailed(), ConnectionFailed.default_message),
        (
            AuthenticationRequired("The browser sign-in was refused.", status=400),
            "The browser sign-in was refused.",
        ),
        (ValueError("bug"), "Sign-in did not complete because of an unexpected problem."),
    ],
)
def test_failures_are_shown_and_the_dialog_stays_open(
    qtbot: Any, dialog: SignInDialog, flow: FakeBrowserFlow, error: Exception, shown: str
) -> None:
    flow.outcome = error
    flow.release.set()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_text != "")
    assert dialog.error_text == shown
    assert dialog.error_label.isVisible()
    assert dialog.state is SignInState.CHOOSING
    assert dialog.sign_in_button.isEnabled()
    assert dialog.isVisible()


def test_keyboard_only_sign_in(qtbot: Any, dialog: SignInDialog, flow: FakeBrowserFlow) -> None:
    dialog.server_combo.setFocus()
    qtbot.keyClick(dialog.server_combo, Qt.Key.Key_Down)  # the US preset
    flow.release.set()
    with qtbot.waitSignal(dialog.signed_in, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button
    assert flow.origins == ["https://app.clio.com"]


def test_initial_custom_server_is_preselected(qtbot: Any, flow: FakeBrowserFlow) -> None:
    dlg = SignInDialog(flow, initial_server="https://firm.example.com")
    qtbot.addWidget(dlg)
    assert dlg.selected_option.key == "custom"
    assert dlg.address_edit.text() == "https://firm.example.com"
    assert dlg.sign_in_button.isEnabled()


PRIMARY_EMAIL = "margaret.harbor@harborfinch.example"


def _play_the_browser(url: str) -> bool:
    """The demo backend answers a sign-in with a known login_hint at once; follow the redirect
    to the app's loopback listener as a browser would."""
    import requests

    from app.signin.demo_login import demo_secret_headers

    for _ in range(5):
        answer = requests.get(
            url, headers=demo_secret_headers(url), allow_redirects=False, timeout=30
        )
        if answer.status_code not in (302, 303):
            return True
        url = answer.headers["Location"]
    return True


def test_signing_in_for_real_against_the_reference_backend(
    qtbot: Any, demo_backend: Any, isolated_user_state: Any
) -> None:
    from app.net.http import HttpSession
    from app.signin.credentials import CredentialStore
    from app.signin.oauth import Authenticator, OAuthClient

    def real_flow(server: Server, token: CancelToken, report: ProgressCallback) -> Any:
        http = HttpSession(server.origin)
        try:
            oauth = OAuthClient(server, http, open_browser=_play_the_browser)
            auth = Authenticator(server, http, CredentialStore(), oauth)
            return auth.sign_in(login_hint=PRIMARY_EMAIL, timeout=30, cancel=token)
        finally:
            http.close()

    dlg = SignInDialog(real_flow, local_origin=demo_backend.url)
    qtbot.addWidget(dlg)
    dlg.show()
    with qtbot.waitSignal(dlg.signed_in, timeout=30_000) as signed_in:
        qtbot.mouseClick(dlg.sign_in_button, Qt.MouseButton.LeftButton)
    identity = signed_in.args[0]
    assert identity.name == "Margaret Harbor"
    assert dlg.server is not None and dlg.server.origin == demo_backend.url
    # The tokens went to the (test's in-memory) keyring, nowhere the dialog shows.
    stored = list(isolated_user_state.secrets.values())
    assert len(stored) == 1
    token_json = stored[0]
    assert "access_token" in token_json
    assert dlg.error_text == ""
