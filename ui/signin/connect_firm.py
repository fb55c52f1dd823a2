"""Connect your firm's account: the assistant for a service without the built-in client (the real
Clio service). It names the region's developer-applications page, the exact redirect address to
register and the permissions to tick, takes the application's key and secret, proves them with
"Test connection" (the service's checks, then a real sign-in in the browser) and only then saves.

The work itself is injected as plain callables run through ui.common.background:
`connect(server, application, secret, token, report) -> result` (e.g. a signed-in session, see
app.signin.connect.try_connection) and `save(result, application, secret)`.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import AccountDeskError
from app.net.servers import Server
from app.signin.firm_app import (
    APPLICATION_REFUSED,
    PORT_BUSY,
    REDIRECT_NOT_REGISTERED,
    FirmApplication,
    choose_redirect_port,
    developer_applications_url,
    load_application,
)
from ui.common.background import CancelToken, ProgressCallback, run_in_background
from ui.common.error_text import error_text
from ui.signin.parts import (
    JobDialog,
    address_field,
    address_row,
    copy_address,
    problem_label,
    side_button,
    waiting_bar,
    wrapped_label,
)

log = logging.getLogger(__name__)

ConnectFlow = Callable[[Server, FirmApplication, str, CancelToken, ProgressCallback], Any]
SaveConnection = Callable[[Any, FirmApplication, str], None]
STEP_SPACING = 8  # pixels between the numbered steps


class ConnectState(enum.Enum):
    ENTERING = "entering"
    TESTING = "testing"
    PROVEN = "proven"  # the test signed in; not saved yet


class ConnectFirmDialog(JobDialog):
    """Accepted (after a proven test and Save) with `result_value` and `application` set."""

    def __init__(
        self,
        server: Server,
        connect: ConnectFlow,
        save: SaveConnection,
        *,
        client_id: str = "",
        secret: str = "",
        browser: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectFirmDialog")
        self.setWindowTitle(self.tr("Connect your firm's account"))
        self.server = server
        self._connect = connect
        self._save = save
        self._browser = browser
        self.state = ConnectState.ENTERING
        self.result_value: Any = None
        self.application: FirmApplication | None = None
        self.saved = load_application(server.origin)
        self.port: int | None = None
        self._port_problem = ""

        intro = wrapped_label(
            self.tr(
                "Clio connects programs such as Account Desk through a developer application"
                " that your firm registers itself. Do these steps once, signed in to Clio as"
                " an administrator of the account."
            )
        )
        intro.setObjectName("connectIntro")

        page = developer_applications_url(server)
        step_page = wrapped_label(
            self.tr(
                "1. Open the developer applications page: this is where Clio lists your"
                " firm's applications. Create a new application for Account Desk there."
            )
        )
        self.page_address = address_field(
            "developerApplicationsAddress", self.tr("Developer applications page"), page
        )
        self.open_page_button = side_button(
            self.tr("&Open the page"),
            "openDeveloperApplications",
            self.open_developer_page,
            description=self.tr("Opens the developer applications page in your browser"),
        )
        page_row = address_row(self.page_address, self.open_page_button)

        step_redirect = wrapped_label(
            self.tr(
                "2. As the application's redirect URI, register exactly this address (it"
                " points to this computer; Account Desk listens there while you sign in):"
            )
        )
        self.redirect_address = address_field("redirectAddress", self.tr("Redirect address"), "")
        step_redirect.setBuddy(self.redirect_address)
        self.copy_redirect_button = side_button(
            self.tr("Cop&y"),
            "copyRedirectAddress",
            self._copy_redirect,
            accessible_name=self.tr("Copy the redirect address"),
        )
        redirect_row = address_row(self.redirect_address, self.copy_redirect_button)
        self.port_note = wrapped_label(name="redirectPortNote")
        self.port_note.hide()

        step_permissions = wrapped_label(
            self.tr(
                "3. Permissions: read-only access is enough to export your firm's data. Tick"
                " Read for each kind of data the page lists; Account Desk needs no write"
                " access. Save the application."
            )
        )
        step_permissions.setObjectName("permissionsStep")

        step_keys = wrapped_label(
            self.tr("4. Copy the application's key and secret from that page:")
        )
        self.key_edit = QLineEdit(client_id)
        self.key_edit.setObjectName("applicationKey")
        self.key_edit.setAccessibleName(self.tr("Application key"))
        self.secret_edit = QLineEdit(secret)
        self.secret_edit.setObjectName("applicationSecret")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setAccessibleName(self.tr("Application secret"))
        key_label = QLabel(self.tr("Application &key:"))
        key_label.setBuddy(self.key_edit)
        secret_label = QLabel(self.tr("Application s&ecret:"))
        secret_label.setBuddy(self.secret_edit)
        keys = QFormLayout()
        keys.addRow(key_label, self.key_edit)
        keys.addRow(secret_label, self.secret_edit)
        secret_note = wrapped_label(
            self.tr(
                "Account Desk keeps the secret in this computer's password store (keyring),"
                " never in a file."
            )
        )
        if self.saved is not None and not client_id:
            self.key_edit.setText(self.saved.client_id)

        self.test_button = QPushButton(self.tr("&Test connection"))
        self.test_button.setObjectName("testConnection")
        self.test_button.setAccessibleDescription(
            self.tr(
                "Checks the key, the secret and the redirect address with Clio, then signs in"
                " with your browser"
            )
        )
        self.test_button.clicked.connect(self.test_connection)
        self.status_label = wrapped_label(name="connectStatus")
        self.status_label.hide()
        self.progress = waiting_bar(self.tr("Testing the connection"))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.progress, 1)
        test_row.addStretch(0)

        self.error_label = problem_label("connectError", self.tr("Connection problem"))

        self.save_button = QPushButton(self.tr("&Save and continue"))
        self.save_button.setObjectName("saveConnection")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelConnection")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(STEP_SPACING)
        layout.addWidget(step_page)
        layout.addLayout(page_row)
        layout.addSpacing(STEP_SPACING)
        layout.addWidget(step_redirect)
        layout.addLayout(redirect_row)
        layout.addWidget(self.port_note)
        layout.addSpacing(STEP_SPACING)
        layout.addWidget(step_permissions)
        layout.addSpacing(STEP_SPACING)
        layout.addWidget(step_keys)
        layout.addLayout(keys)
        layout.addWidget(secret_note)
        layout.addSpacing(STEP_SPACING)
        layout.addLayout(test_row)
        layout.addWidget(self.status_label)
        self.end_layout(layout, self.save_button, self.cancel_button, 560)

        self.key_edit.textChanged.connect(self._on_entries_changed)
        self.secret_edit.textChanged.connect(self._on_entries_changed)
        self._choose_port(self.saved.redirect_port if self.saved is not None else None)
        self._set_state(ConnectState.ENTERING)
        (self.secret_edit if self.key_edit.text() else self.key_edit).setFocus()

    # -- the redirect address -----------------------------------------------------------------

    @property
    def redirect_uri(self) -> str:
        return self.redirect_address.text()

    def _choose_port(self, preferred: int | None, busy: int | None = None) -> bool:
        """Show the address on the first free reserved port; False when none is free."""
        try:
            port = choose_redirect_port(preferred)
        except AccountDeskError:
            self.port = None
            self.redirect_address.clear()
            self._port_problem = self.tr(
                "Every port Account Desk can use for the redirect address (53682 to 53686) is"
                " in use by other programs on this computer. Close them, or restart the"
                " computer, then test again."
            )
            self._show_port_note(self._port_problem)
            return False
        self.port = port
        self._port_problem = ""
        self.redirect_address.setText(FirmApplication(self.server.origin, "", port).redirect_uri)
        self.redirect_address.setCursorPosition(0)
        changed_from = busy if busy is not None else preferred
        if changed_from is not None and changed_from != port:
            self._show_port_note(
                self.tr(
                    "Port %1 is in use by another program on this computer, so Account Desk"
                    " uses port %2: register the address above, with %2, in place of the"
                    " one with %1."
                )
                .replace("%1", str(changed_from))
                .replace("%2", str(port))
            )
        else:
            self._show_port_note("")
        return True

    def _show_port_note(self, text: str) -> None:
        self.port_note.setText(text)
        self.port_note.setVisible(bool(text))

    def _copy_redirect(self) -> None:
        copy_address(self.redirect_uri, self.copy_redirect_button, self.tr("Copied"))

    def open_developer_page(self) -> None:
        url = self.page_address.text()
        if self._browser is not None:
            self._browser(url)
        else:
            QDesktopServices.openUrl(QUrl(url))

    # -- testing ------------------------------------------------------------------------------

    def _entries(self) -> tuple[FirmApplication, str] | None:
        key, secret = self.key_edit.text().strip(), self.secret_edit.text().strip()
        if not key or not secret or self.port is None:
            return None
        return FirmApplication(self.server.origin, key, self.port), secret

    def _on_entries_changed(self) -> None:
        if self.state is ConnectState.PROVEN:
            # What was proven is not what is typed now: test again before saving.
            self.result_value = None
            self.status_label.hide()
            self._set_state(ConnectState.ENTERING)
        else:
            self._update_buttons()

    def test_connection(self) -> None:
        if self.state is ConnectState.TESTING:
            return
        if self.port is None and not self._choose_port(None):
            return
        entries = self._entries()
        if entries is None:
            return
        application, secret = entries
        self.error_label.hide()
        self._set_state(ConnectState.TESTING)
        self.status_label.setText(
            self.tr(
                "Checking the key, the secret and the redirect address with Clio. Then your"
                " browser opens: sign in there and allow Account Desk access; this window"
                " continues by itself."
            )
        )
        self.status_label.show()
        connect = self._connect
        server = self.server
        self._job = run_in_background(
            self,
            lambda token, report: connect(server, application, secret, token, report),
            on_success=lambda result: self._on_proven(result, application),
            on_failure=lambda error: self._on_failed(error, application),
            on_cancelled=self._on_job_cancelled,
            name="connect-firm",
        )

    def _on_proven(self, result: Any, application: FirmApplication) -> None:
        self._job = None
        self.result_value = result
        self.application = application
        who = getattr(result, "display_name", None) or ""
        text = self.tr("The connection works. Save to use this application from now on.")
        if who:
            text = self.tr(
                "The connection works: signed in as %1. Save to use this application from now on."
            ).replace("%1", who)
        self.status_label.setText(text)
        self.status_label.show()
        self._set_state(ConnectState.PROVEN)
        self.save_button.setFocus()

    def _on_failed(self, error: BaseException, application: FirmApplication) -> None:
        self._job = None
        self._set_state(ConnectState.ENTERING)
        self.status_label.hide()
        code = getattr(error, "code", "")
        if code == APPLICATION_REFUSED:
            message = self.tr(
                "Clio refused the application key or secret. Copy both again from the"
                " developer applications page, then test again."
            )
        elif code == REDIRECT_NOT_REGISTERED:
            message = self.tr(
                "Clio does not accept the redirect address %1 for this application. Add"
                " exactly this address to the application's redirect URIs, save the"
                " application there, then test again."
            ).replace("%1", application.redirect_uri)
        elif code == PORT_BUSY:
            busy = application.redirect_port
            message = self.tr(
                "Another program on this computer is using port %1 of the redirect address."
            ).replace("%1", str(busy))
            if self._choose_port(None, busy=busy):
                message += " " + self.tr(
                    "Register the new address shown above with the application, then test again."
                )
        elif code == "sign_in_refused":
            message = self.tr(
                "The sign-in was cancelled in the browser, or this user may not sign in."
                " Nothing was saved."
            )
        elif isinstance(error, AccountDeskError):
            message = error_text(error)
        else:
            message = self.tr("The test did not complete because of an unexpected problem.")
            log.error("testing the firm's application failed", exc_info=error)
        if isinstance(error, AccountDeskError):
            log.warning("testing the firm's application failed: %s", error.detail or code)
        self.show_error(message)

    def show_error(self, message: str) -> None:
        super().show_error(message)
        self.fit()

    # -- saving and leaving -------------------------------------------------------------------

    def save(self) -> None:
        if self.state is not ConnectState.PROVEN or self.application is None:
            return
        self._save(self.result_value, self.application, self.secret_edit.text().strip())
        self.accept()

    def _on_cancel_clicked(self) -> None:
        if self.state is ConnectState.TESTING:
            self._cancel_job()
            self._set_state(ConnectState.ENTERING)
            self.status_label.hide()
            self.show_error(self.tr("Test cancelled. Nothing was saved."))
        else:
            self.reject()

    def reject(self) -> None:
        self._cancel_job()
        proven, self.result_value = self.result_value, None
        close = getattr(proven, "close", None)
        if callable(close):
            close()  # tested but not saved: that sign-in is not used
        super().reject()

    def _set_state(self, state: ConnectState) -> None:
        self.state = state
        testing = state is ConnectState.TESTING
        for widget in (self.key_edit, self.secret_edit, self.copy_redirect_button):
            widget.setEnabled(not testing)
        self.progress.setVisible(testing)
        if testing:
            self.cancel_button.setFocus()
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self._entries() is not None
        self.test_button.setEnabled(self.state is ConnectState.ENTERING and ready)
        self.save_button.setEnabled(self.state is ConnectState.PROVEN)
        self.save_button.setDefault(self.state is ConnectState.PROVEN)
        self.test_button.setDefault(self.state is not ConnectState.PROVEN)
