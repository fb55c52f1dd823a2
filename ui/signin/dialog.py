"""The sign-in dialog: choose the server (a region preset, this computer's reference backend, or
a custom address checked by app.net.servers), then sign in with the browser.

The browser flow itself (OAuth with PKCE to a loopback redirect) is an injected plain callable,
`flow(server, token, report) -> result` (e.g. `Authenticator(server, ...).sign_in(cancel=token)`),
run through ui.common.background; the dialog shows that it is waiting, lets the person cancel, and
shows what went wrong.

A service without the built-in client (the Clio regions; the reference backend in clio style)
needs the firm's own developer application: "Connect your firm's account…" opens that assistant
(ui.signin.connect_firm), whose proven and saved connection signs this window in as well.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import AccountDeskError
from app.net.servers import PRESETS, InvalidAddress, Region, Server, validate_address
from app.signin.firm_app import load_application
from ui.common.background import CancelToken, Progress, ProgressCallback, run_in_background
from ui.common.error_text import error_text
from ui.common.widgets import use_warning_colour
from ui.signin import parts
from ui.signin.connect_firm import ConnectFirmDialog, ConnectFlow, SaveConnection

log = logging.getLogger(__name__)

CUSTOM = "custom"
LOCAL = "local"

# flow(server, token, report) -> whatever the wiring wants back (e.g. app.signin.oauth.Identity).
SignInFlow = Callable[[Server, CancelToken, ProgressCallback], Any]


@dataclass(frozen=True)
class ServerOption:
    """One entry of the server list. `server` is None for "Custom address…"."""

    key: str
    label: str
    server: Server | None


def _t(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


# The core's English texts this dialog shows (app/ has no Qt), marked so that lupdate collects
# them under the context the dialog translates them in.
CORE_TEXTS = (
    QT_TRANSLATE_NOOP("Servers", "Clio (United States)"),
    QT_TRANSLATE_NOOP("Servers", "Clio (Canada)"),
    QT_TRANSLATE_NOOP("Servers", "Clio (Europe)"),
    QT_TRANSLATE_NOOP("Servers", "Clio (Australia)"),
    QT_TRANSLATE_NOOP("Servers", "Reference backend on this computer"),
    QT_TRANSLATE_NOOP("Servers", "Enter the server's address, for example app.clio.com."),
    QT_TRANSLATE_NOOP("Servers", "This is not a valid server address."),
    QT_TRANSLATE_NOOP(
        "Servers",
        "Account Desk only connects over a secure (https) connection. "
        "Use an address starting with https://.",
    ),
    QT_TRANSLATE_NOOP("Servers", "Leave out any user name or password from the address."),
    QT_TRANSLATE_NOOP("Servers", "Enter only the server's address, without a path after it."),
)


def server_options(local_origin: str | None = None) -> list[ServerOption]:
    """This computer's reference backend (when one runs), the region presets, a custom one."""
    options = []
    if local_origin:
        label = _t("This computer (reference backend)")
        local = Server(label, validate_address(local_origin).origin, Region.LOCAL)
        options.append(ServerOption(LOCAL, label, local))
    for server in PRESETS:
        # The core's labels are English; a translation file may carry them too.
        options.append(
            ServerOption(
                server.region.value, QCoreApplication.translate("Servers", server.label), server
            )
        )
    options.append(ServerOption(CUSTOM, _t("Custom address…"), None))
    return options


def validate_server_address(text: str) -> Server:
    """The server for what the person typed (app.net.servers' rules: https, or plain http only to
    this computer). Raises InvalidAddress with the sentence to show."""
    return validate_address(text)


class SignInState(enum.Enum):
    CHOOSING = "choosing"
    WAITING = "waiting"
    SIGNED_IN = "signed_in"


class SignInDialog(parts.JobDialog):
    """Accepted with `result_value` (whatever the flow returned) and `server` set."""

    signed_in = Signal(object)
    # The sign-in page's address when no browser could be opened (emit from any thread).
    browser_failed = Signal(str)
    # The sign-in page's address as soon as it is known, whether or not a browser opened it
    # (emit from any thread): a browser may also fail without saying so.
    address_known = Signal(str)

    def __init__(
        self,
        flow: SignInFlow,
        *,
        local_origin: str | None = None,
        initial_server: str | None = None,
        connect_flow: ConnectFlow | None = None,
        save_connection: SaveConnection | None = None,
        application_entries: tuple[str, str] | None = None,
        open_page: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in"))
        self._flow = flow
        self.state = SignInState.CHOOSING
        self.result_value: Any = None
        self.server: Server | None = None
        self.options = server_options(local_origin)
        self._connect_flow = connect_flow
        self._save_connection = save_connection
        # (key, secret) to offer in the assistant (demo mode registers its own application)
        self._application_entries = application_entries
        self._open_page = open_page
        self.assistant: ConnectFirmDialog | None = None

        intro = QLabel(
            self.tr(
                "Choose where your firm's account is, then sign in with your browser."
                " Account Desk never sees your password."
            )
        )
        intro.setWordWrap(True)

        self.server_combo = QComboBox()
        self.server_combo.setObjectName("serverChoice")
        self.server_combo.setAccessibleName(self.tr("Server"))
        for option in self.options:
            self.server_combo.addItem(option.label, option.key)
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("customAddress")
        self.address_edit.setPlaceholderText("https://")
        self.address_edit.setAccessibleName(self.tr("Custom server address"))
        self.address_edit.setClearButtonEnabled(True)
        self.address_label = QLabel(self.tr("&Address:"))
        self.address_label.setBuddy(self.address_edit)
        self.address_problem = parts.wrapped_label(name="addressProblem")
        use_warning_colour(self.address_problem)

        form = QFormLayout()
        server_label = QLabel(self.tr("&Server:"))
        server_label.setBuddy(self.server_combo)
        form.addRow(server_label, self.server_combo)
        form.addRow(self.address_label, self.address_edit)
        form.addRow("", self.address_problem)
        self._form = form

        self.application_note = parts.wrapped_label(name="applicationNote")
        self.connect_button = parts.side_button(
            self.tr("Co&nnect your firm's account…"),
            "connectFirmButton",
            self.open_connect_assistant,
            description=self.tr("Set up the developer application your firm registers with Clio"),
        )

        self.waiting_label = parts.wrapped_label(name="waitingMessage")
        self.progress = parts.waiting_bar(self.tr("Waiting for the browser"))

        # No browser could be opened: the address to open by hand, to read or copy.
        self.manual_label = QLabel(
            self.tr(
                "Account Desk could not open your browser. Open this address in your browser"
                " to sign in; this window continues by itself:"
            )
        )
        self.manual_label.setWordWrap(True)
        self.manual_address = parts.address_field("signInAddress", self.tr("Sign-in address"))
        self.manual_label.setBuddy(self.manual_address)
        self.copy_address_button = parts.side_button(
            self.tr("&Copy address"),
            "copySignInAddress",
            self._copy_address,
            accessible_name=self.tr("Copy the sign-in address"),
        )
        manual_row = parts.address_row(self.manual_address, self.copy_address_button)
        self.manual_box = QWidget()
        manual_layout = QVBoxLayout(self.manual_box)
        manual_layout.setContentsMargins(0, 0, 0, 0)
        manual_layout.addWidget(self.manual_label)
        manual_layout.addLayout(manual_row)
        self.manual_box.hide()
        self.browser_failed.connect(self._show_manual_address)
        self.address_known.connect(self._remember_address)
        # While waiting, in case the browser did not show the page: the address, on request.
        self.show_address_button = parts.side_button(
            self.tr("Copy the sign-in &address"),
            "showSignInAddress",
            self._copy_known_address,
            description=self.tr(
                "If no browser page appeared, copy the address and open it yourself"
            ),
        )
        self.show_address_button.hide()
        self._address = ""

        self.error_label = parts.problem_label("signInError", self.tr("Sign-in problem"))

        self.sign_in_button = QPushButton(self.tr("Sign in with your &browser"))
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.application_note)
        layout.addWidget(self.connect_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.waiting_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.show_address_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.manual_box)
        self.end_layout(layout, self.sign_in_button, self.cancel_button, 460)

        self.server_combo.currentIndexChanged.connect(self._on_server_changed)
        self.address_edit.textChanged.connect(self._validate)
        self._select_initial(initial_server)
        self._set_state(SignInState.CHOOSING)

    # -- choosing -----------------------------------------------------------------------------

    def _select_initial(self, initial: str | None) -> None:
        index = 0
        if initial:
            for i, option in enumerate(self.options):
                origin = option.server.origin if option.server is not None else None
                if initial in (origin, option.key):
                    index = i
                    break
            else:
                index = self._custom_index()
                self.address_edit.setText(initial)
        self.server_combo.setCurrentIndex(index)
        self._on_server_changed(index)

    def _custom_index(self) -> int:
        return next(i for i, o in enumerate(self.options) if o.key == CUSTOM)

    def select_server(self, key: str) -> None:
        for i, option in enumerate(self.options):
            if option.key == key:
                self.server_combo.setCurrentIndex(i)
                return
        raise KeyError(key)

    @property
    def selected_option(self) -> ServerOption:
        return self.options[self.server_combo.currentIndex()]

    def _on_server_changed(self, _index: int) -> None:
        custom = self.selected_option.key == CUSTOM
        self._form.setRowVisible(self.address_edit, custom)
        self._validate()
        if custom:
            self.address_edit.setFocus()

    def _validate(self) -> Server | None:
        """The chosen server, or None (and the reason shown) when it cannot be used."""
        option = self.selected_option
        self.error_label.hide()
        if option.server is not None:
            self._show_address_problem("")
            self.sign_in_button.setEnabled(self.state is SignInState.CHOOSING)
            self._show_application(option.server)
            return option.server
        text = self.address_edit.text()
        try:
            server = validate_server_address(text)
        except InvalidAddress as problem:
            # An empty field is not an error yet, just not ready.
            message = QCoreApplication.translate("Servers", str(problem))
            self._show_address_problem(message if text.strip() else "")
            self.sign_in_button.setEnabled(False)
            self._show_application(None)
            return None
        self._show_address_problem("")
        self.sign_in_button.setEnabled(self.state is SignInState.CHOOSING)
        self._show_application(server)
        return server

    # -- the firm's own application -----------------------------------------------------------

    def _needs_application(self, server: Server) -> bool:
        """The Clio regions offer no built-in client: without a saved application the browser
        sign-in cannot work there."""
        clio = server.region in (Region.US, Region.CA, Region.EU, Region.AU)
        return clio and load_application(server.origin) is None

    def _show_application(self, server: Server | None) -> None:
        offered = self._connect_flow is not None and server is not None
        self.connect_button.setVisible(offered)
        self.connect_button.setEnabled(offered and self.state is SignInState.CHOOSING)
        text = ""
        if offered and server is not None:
            saved = load_application(server.origin)
            if saved is not None:
                text = self.tr("Signs in with your firm's developer application %1.").replace(
                    "%1", saved.client_id
                )
            elif self._needs_application(server):
                text = self.tr(
                    "Clio needs your firm's own developer application: connect your firm's"
                    " account first (once)."
                )
        self.application_note.setText(text)
        self.application_note.setVisible(bool(text))

    def open_connect_assistant(self) -> ConnectFirmDialog | None:
        """The assistant for the chosen server (window-modal); None when it cannot open."""
        if self._connect_flow is None or self._save_connection is None:
            return None
        if self.state is not SignInState.CHOOSING:
            return None
        server = self._validate()
        if server is None:
            return None
        key, secret = self._application_entries or ("", "")
        assistant = ConnectFirmDialog(
            server,
            self._connect_flow,
            self._save_connection,
            client_id=key,
            secret=secret,
            browser=self._open_page,
            parent=self,
        )
        assistant.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        assistant.accepted.connect(self._on_connected)
        assistant.destroyed.connect(self._forget_assistant)
        self.assistant = assistant
        assistant.open()
        return assistant

    @Slot()
    def _forget_assistant(self) -> None:
        self.assistant = None

    @Slot()
    def _on_connected(self) -> None:
        assistant = self.assistant
        if assistant is None:
            return
        self.server = assistant.server
        self._on_signed_in(assistant.result_value)

    def _show_address_problem(self, text: str) -> None:
        self.address_problem.setText(text)
        self.address_problem.setAccessibleName(text)
        self._form.setRowVisible(self.address_problem, bool(text))

    # -- the browser flow ---------------------------------------------------------------------

    def start(self) -> None:
        """Begin the browser sign-in with the chosen server."""
        if self.state is not SignInState.CHOOSING:
            return
        server = self._validate()
        if server is None:
            self.address_edit.setFocus()
            return
        if self._connect_flow is not None and self._needs_application(server):
            self.open_connect_assistant()
            return
        self.server = server
        self.error_label.hide()
        self._set_state(SignInState.WAITING)
        flow = self._flow
        self._job = run_in_background(
            self,
            lambda token, report: flow(server, token, report),
            on_success=self._on_signed_in,
            on_failure=self._on_failed,
            on_progress=self._on_progress,
            on_cancelled=self._on_job_cancelled,
            name="sign-in",
        )

    def _on_progress(self, progress: Progress) -> None:
        if progress.detail:
            self.waiting_label.setText(progress.detail)
            self.fit(to_size_hint=True)

    def _on_signed_in(self, result: Any) -> None:
        self._job = None
        self.result_value = result
        self._set_state(SignInState.SIGNED_IN)
        self.signed_in.emit(result)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._job = None
        if isinstance(error, AccountDeskError):
            message = error_text(error)
            log.warning("sign-in failed: %s", error.detail or error.message)
        else:
            message = self.tr("Sign-in did not complete because of an unexpected problem.")
            log.error("sign-in failed", exc_info=error)
        self._set_state(SignInState.CHOOSING)
        self.show_error(message)

    def _show_manual_address(self, url: str) -> None:
        if self.state is not SignInState.WAITING:
            return
        self.waiting_label.hide()
        self.manual_address.setText(url)
        self.manual_address.setCursorPosition(0)
        self.copy_address_button.setText(self.tr("&Copy address"))
        self.show_address_button.hide()
        self.manual_box.show()
        self.fit(to_size_hint=True)  # room for the explanation's lines and the address
        self.copy_address_button.setFocus()

    def _remember_address(self, url: str) -> None:
        if self.state is not SignInState.WAITING:
            return
        self._address = url
        self.show_address_button.setVisible(not self.manual_box.isVisible())

    def _copy_known_address(self) -> None:
        """The browser may have failed silently: the address, copied and shown to read."""
        if not self._address:
            return
        parts.copy_address(self._address, self.copy_address_button, self.tr("Copied"))
        self.manual_label.setText(
            self.tr(
                "The sign-in address is copied. If no browser page appeared, open it in your"
                " browser; this window continues by itself:"
            )
        )
        self.manual_address.setText(self._address)
        self.manual_address.setCursorPosition(0)
        self.show_address_button.hide()
        self.manual_box.show()
        self.fit(to_size_hint=True)
        self.copy_address_button.setFocus()

    def _copy_address(self) -> None:
        parts.copy_address(self.manual_address.text(), self.copy_address_button, self.tr("Copied"))

    def _on_cancel_clicked(self) -> None:
        if self.state is SignInState.WAITING:
            # Stop waiting but stay open, so the person can try again or pick another server.
            self._cancel_job()
            self._set_state(SignInState.CHOOSING)
            self.show_error(self.tr("Sign-in cancelled. You can try again."))
        else:
            self.reject()

    def _set_state(self, state: SignInState) -> None:
        self.state = state
        waiting = state is SignInState.WAITING
        self.server_combo.setEnabled(not waiting)
        self.address_edit.setEnabled(not waiting)
        self.connect_button.setEnabled(not waiting)
        self.waiting_label.setVisible(waiting)
        self.progress.setVisible(waiting)
        if not waiting:
            self.manual_box.hide()
            self.manual_address.clear()
            self.show_address_button.hide()
            self._address = ""
        if waiting:
            self.waiting_label.setText(
                self.tr(
                    "Your browser has opened. Sign in there and allow Account Desk access;"
                    " this window continues by itself."
                )
            )
            self.sign_in_button.setEnabled(False)
            self.cancel_button.setFocus()
            self.fit(to_size_hint=True)
        else:
            self._validate()
