"""The sign-in window's offer to connect the firm's own developer application, and the assistant's
own behaviour from the keyboard: what it needs before testing, cancelling a test, what it shows
for a server whose application is saved. (The connection itself, against the reference backend in
clio style, is in tests/e2e/test_connect_firm.py.)"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt

from app.net.servers import Region, Server, preset
from app.signin.firm_app import REDIRECT_PORTS, FirmApplication, save_application
from ui.common.background import CancelToken, ProgressCallback
from ui.signin.connect_firm import ConnectFirmDialog, ConnectState
from ui.signin.dialog import SignInDialog

CANADA = preset(Region.CA)


class WaitingConnect:
    """Stands in for the connection (checks and browser): waits until cancelled."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, FirmApplication, str]] = []
        self.saw_cancel = threading.Event()

    def __call__(
        self,
        server: Server,
        application: FirmApplication,
        secret: str,
        token: CancelToken,
        report: ProgressCallback,
    ) -> Any:
        self.calls.append((server.origin, application, secret))
        while not token.wait(0.01):
            pass
        self.saw_cancel.set()
        token.raise_if_cancelled()


def _never(*_args: object) -> Any:
    raise AssertionError("not expected here")


def test_a_clio_region_without_an_application_leads_to_the_assistant(qtbot: Any) -> None:
    dialog = SignInDialog(_never, connect_flow=WaitingConnect(), save_connection=_never)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_server(Region.CA.value)
    assert dialog.connect_button.isVisible()
    assert dialog.application_note.text().startswith("Clio needs your firm's own developer")
    # "Sign in with your browser" cannot work there yet: it opens the assistant instead.
    qtbot.keyClick(dialog.sign_in_button, Qt.Key.Key_Space)
    assistant = dialog.assistant
    assert assistant is not None and assistant.isVisible()
    assert assistant.server == CANADA
    assert (
        assistant.page_address.text() == "https://ca.app.clio.com/settings/developer_applications"
    )
    assistant.reject()


def test_a_saved_application_is_named_and_used_by_the_plain_sign_in(qtbot: Any) -> None:
    save_application(FirmApplication(CANADA.origin, "firm-desk-key", REDIRECT_PORTS[3]))
    signed: list[str] = []

    def flow(server: Server, token: CancelToken, report: ProgressCallback) -> str:
        signed.append(server.origin)
        return "signed-in"

    dialog = SignInDialog(flow, connect_flow=WaitingConnect(), save_connection=_never)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select_server(Region.CA.value)
    assert dialog.application_note.text() == (
        "Signs in with your firm's developer application firm-desk-key."
    )
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        qtbot.keyClick(dialog.sign_in_button, Qt.Key.Key_Space)
    assert signed == [CANADA.origin]


def test_the_assistant_remembers_the_key_and_port_saved_for_the_server(qtbot: Any) -> None:
    save_application(FirmApplication(CANADA.origin, "firm-desk-key", REDIRECT_PORTS[3]))
    assistant = ConnectFirmDialog(CANADA, _never, _never)
    qtbot.addWidget(assistant)
    assert assistant.key_edit.text() == "firm-desk-key"
    assert assistant.secret_edit.text() == ""  # never kept anywhere it could be shown
    if assistant.port == REDIRECT_PORTS[3]:
        assert assistant.redirect_address.text() == "http://127.0.0.1:53685/callback"
        assert assistant.port_note.isHidden()
    else:  # another program holds that port right now: the assistant says which to use
        assert str(REDIRECT_PORTS[3]) in assistant.port_note.text()


def test_testing_needs_key_and_secret_and_can_be_cancelled(qtbot: Any) -> None:
    connect = WaitingConnect()
    assistant = ConnectFirmDialog(CANADA, connect, _never)
    qtbot.addWidget(assistant)
    assistant.show()
    assert not assistant.test_button.isEnabled()
    qtbot.keyClicks(assistant.key_edit, "firm-desk-key")
    assert not assistant.test_button.isEnabled()
    qtbot.keyClicks(assistant.secret_edit, "firm-desk-secret")
    assert assistant.test_button.isEnabled()
    assert assistant.secret_edit.echoMode() == assistant.secret_edit.EchoMode.Password

    qtbot.keyClick(assistant.secret_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(connect.calls))
    assert assistant.state is ConnectState.TESTING
    origin, application, secret = connect.calls[0]
    assert (origin, application.client_id, secret) == (
        CANADA.origin,
        "firm-desk-key",
        "firm-desk-secret",
    )
    assert application.redirect_uri == assistant.redirect_address.text()
    assert not assistant.key_edit.isEnabled()

    qtbot.mouseClick(assistant.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(connect.saw_cancel.is_set)
    assert assistant.isVisible()  # stays open to try again
    assert assistant.state is ConnectState.ENTERING
    assert assistant.error_text == "Test cancelled. Nothing was saved."
    assert not assistant.save_button.isEnabled()
    assert assistant.test_button.isEnabled()
