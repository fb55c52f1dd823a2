"""The composition root: turns the core (app.session) and the shell (ui.shell.main_window) into the
running app. Creates the QApplication, the crash dialog hooks, the main window and its pages;
starts demo mode's embedded service or restores the last sign-in; keeps the status bar true
(server, user, connection, last refresh); goes offline with the last known state and retries.

Pages are built by their own modules (`ui.account.page`, ...), imported only when first shown;
a page whose module does not exist yet shows its placeholder, so the app always starts. A page
is constructed with the `Session` (first parameter, or a parameter named `session`), and may
also ask for `hub` (a `SessionHub`), `cache`, `selfservice`, `identity`, `mode` or
`open_export_wizard` by name. A page's `close_account_requested` signal opens the closing
walkthrough (ui.closing.wizard), whose fresh sign-in is `Session.sign_in_again`.
After the demo clock moves or the connection comes back, every built page that has a
`refresh()` method gets it called; pages may instead listen to the hub's signals. Pages are
rebuilt (with the new session) whenever someone signs in or out.

Start-up never waits on the network: the window is shown first (marked "Connecting…"), the
rest runs through ui.common.background. Heavy core modules (requests, keyring) load in that job.
"""

from __future__ import annotations

import atexit
import enum
import functools
import importlib
import inspect
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app import config
from ui.common.error_text import error_text
from ui.common.widgets import NoticeKind, PageHeader
from ui.shell.main_window import (
    ConnectionState,
    MainWindow,
    PageKey,
    PageRegistry,
    PageSpec,
    ShellActions,
    format_instant,
)
from ui.shell.placeholder import system_pages

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressBar, QPushButton

    from app.demo import DemoBackend
    from app.net.servers import Server
    from app.session import Session
    from app.signin.credentials import CredentialStore
    from app.signin.firm_app import FirmApplication
    from ui.common.background import CancelToken, Job, ProgressCallback
    from ui.shell.crash import CrashHandler
    from ui.shell.launcher import LaunchOptions
    from ui.signin.dialog import SignInDialog
    from ui.signin.sign_in_again import SignInAgain

log = logging.getLogger(__name__)

DEMO_DATA_FOLDER = "demo-backend"
# Seconds between attempts to reach the server again while offline (the last one repeats).
RETRY_DELAYS_MS = (2_000, 5_000, 10_000, 30_000, 60_000)

# Where each System page's real screen lives: (module, class or factory name).
PAGE_MODULES: dict[str, tuple[str, str]] = {
    PageKey.ACCOUNT: ("ui.account.page", "AccountPage"),
    PageKey.EXPORT: ("ui.export.page", "ExportPage"),
    PageKey.AVAILABILITY: ("ui.closing.countdown_page", "AvailabilityPage"),
    PageKey.HELP: ("ui.help.page", "HelpPage"),
}


def _t(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context; with
    # `n`, %Ln is the count and the translation file picks the plural form.
    return QCoreApplication.translate("", text, disambiguation or None, n)


class AppState(enum.Enum):
    STARTING = "starting"
    CONNECTING = "connecting"  # demo service starting, sign-in or first contact running
    SIGNED_OUT = "signed_out"
    SIGNED_IN = "signed_in"  # online or offline: see Session.status
    FAILED = "failed"  # demo mode could not start; "Sign in" tries again


class SessionHub(QObject):
    """Signals pages may connect to (all emitted on the GUI thread)."""

    # The new Session, or None after signing out.
    session_changed = Signal(object)
    # The reference backend's new time (an aware datetime) after a demo clock move.
    clock_moved = Signal(object)
    # app.session.ConnectionStatus of the current session.
    connection_changed = Signal(object)
    # Reload what is shown (after a clock move or when the connection comes back).
    refresh_requested = Signal()


class StatusPage(QWidget):
    """What a page shows while nobody is signed in, or while connecting."""

    def __init__(
        self,
        title: str,
        message: str,
        *,
        busy: bool = False,
        action_text: str | None = None,
        on_action: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusPage")
        self.header = PageHeader(title)
        self.message = QLabel(message)
        self.message.setObjectName("statusMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.message)
        self.progress: QProgressBar | None = None
        self.action_button: QPushButton | None = None
        # Imported only when needed: the page shown at start-up has neither, and each Qt
        # class costs start-up time the first time it is named.
        if busy:
            from PySide6.QtWidgets import QProgressBar

            self.progress = QProgressBar()
            self.progress.setRange(0, 0)
            self.progress.setTextVisible(False)
            self.progress.setMaximumWidth(320)
            self.progress.setAccessibleName(message)
            layout.addWidget(self.progress)
        if action_text and on_action is not None:
            from PySide6.QtWidgets import QPushButton

            self.action_button = QPushButton(action_text)
            self.action_button.setObjectName("statusAction")
            self.action_button.clicked.connect(lambda _checked=False: on_action())
            layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)


# --------------------------------------------------------------------------- page loading


def load_page_factory(key: str) -> Callable[..., QWidget] | None:
    """The class (or `create_page` function) of the real page for `key`; None while its module
    does not exist yet."""
    entry = PAGE_MODULES.get(key)
    if entry is None:
        return None
    module_name, class_name = entry
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        log.info("page module %s not available; showing its placeholder", module_name)
        return None
    factory = getattr(module, "create_page", None) or getattr(module, class_name, None)
    return factory if callable(factory) else None


def construct_page(
    factory: Callable[..., QWidget],
    session: Session,
    hub: SessionHub,
    extra: dict[str, Any] | None = None,
) -> QWidget:
    """Call the page's constructor with what it asks for (see the module doc); `extra` offers
    more by name (e.g. `open_export_wizard`)."""
    offer: dict[str, Any] = {
        **(extra or {}),
        "session": session,
        "context": session,
        "hub": hub,
        "events": hub,
        "cache": session.cache,
        "selfservice": session.selfservice,
        "identity": session.identity,
        "mode": session.mode,
    }
    try:
        params = list(inspect.signature(factory).parameters.values())
    except ValueError:  # a Qt class without its own __init__ takes nothing of ours
        params = []
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    in_order = True  # every earlier parameter was given by position
    for index, param in enumerate(params):
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD) or param.name == "parent":
            in_order = False
            continue
        if param.name in offer:
            value = offer[param.name]
        elif index == 0 and param.default is param.empty:
            value = session  # the page's own name for its Protocol
        elif param.default is not param.empty:
            in_order = False
            continue
        else:
            raise TypeError(f"{factory!r} needs {param.name!r}, which the app does not offer")
        if param.kind is param.POSITIONAL_ONLY:
            if not in_order:
                raise TypeError(f"{factory!r}: cannot pass {param.name!r} by position")
            args.append(value)
        elif in_order and param.kind is param.POSITIONAL_OR_KEYWORD:
            args.append(value)
        else:
            in_order = False
            kwargs[param.name] = value
    page = factory(*args, **kwargs)
    if not isinstance(page, QWidget):
        raise TypeError(f"{factory!r} did not make a widget")
    return page


# --------------------------------------------------------------------------- the application


class Application(QObject):
    """The running app: one main window, at most one signed-in Session. GUI thread only."""

    state_changed = Signal(object)  # AppState
    _session_status = Signal()  # from any thread: the session's connection changed

    def __init__(
        self,
        options: LaunchOptions,
        *,
        open_browser: Callable[[str], object] | None = None,
        demo_server: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`open_browser` replaces the system browser for sign-in (tests); `demo_server` uses
        an already running reference backend instead of starting one (tests)."""
        super().__init__(parent)
        self.options = options
        self.hub = SessionHub(self)
        self.session: Session | None = None
        self.state = AppState.STARTING
        self.signin_dialog: SignInDialog | None = None
        self.closing_wizard: QWidget | None = None
        self._open_browser = open_browser
        self._demo_server = demo_server
        self._tried_origin: str | None = demo_server  # the service the last demo start tried
        self._failed_attempts = 0  # sign-ins that failed in a row (numbered in the notice)
        self._demo_backend: DemoBackend | None = None
        self._credentials: CredentialStore | None = None
        self._sign_in_again: SignInAgain | None = None  # watches the session's sign-in
        self._crash_handler: CrashHandler | None = None
        self._jobs: set[Job[Any]] = set()
        self._closed = False
        self._retry_attempt = 0
        self._announced_status: object = None
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._reconnect)
        self._session_status.connect(self._on_session_status, Qt.ConnectionType.QueuedConnection)

        # The System pages in the service's order; each placeholder stands in until its real
        # page can be built (see _build_page).
        registry = PageRegistry(
            PageSpec(spec.key, spec.group, spec.title, functools.partial(self._build_page, spec))
            for spec in system_pages()
        )
        actions = ShellActions(
            sign_in=self.sign_in,
            sign_out=self.sign_out,
            advance_clock=self.advance_clock if options.demo else None,
        )
        self.window = MainWindow(registry, actions, demo_mode=options.demo)

    # -- start and stop -----------------------------------------------------------------------

    def start(self, on_shown: Callable[[], None] | None = None) -> None:
        """Show the window now; the rest (crash dialog hooks, connecting) runs first thing in
        the event loop, once the window is on screen. `on_shown` runs before all that (the
        start-up measurement)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.window.restore_geometry()
        self.window.show()
        if on_shown is not None:
            QTimer.singleShot(0, on_shown)
        QTimer.singleShot(0, self._begin)

    def _begin(self) -> None:
        if self._closed:
            return
        from ui.shell.crash import install_crash_handler

        self._crash_handler = install_crash_handler(lambda: self.window)
        if self.options.demo:
            self._start_demo()
        else:
            self._start_normal()

    def shutdown(self) -> None:
        """Stop timers, jobs, the demo service and the crash hooks. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._retry_timer.stop()
        for job in list(self._jobs):
            job.cancel()
        if self.signin_dialog is not None and shiboken6.isValid(self.signin_dialog):
            self.signin_dialog.reject()
        if self.closing_wizard is not None and shiboken6.isValid(self.closing_wizard):
            self.closing_wizard.close()
        from ui.common import background

        # Stopping the service ends a start still waiting for it; stop again in case the
        # process was only launched while the first stop ran.
        backend = self._demo_backend
        if backend is not None:
            backend.stop()
        background.wait_for_all(2.0)
        self._stop_demo_backend()
        background.wait_for_all(10.0)
        if self.session is not None:
            self.session.close()
        if self._crash_handler is not None:
            self._crash_handler.uninstall()
            self._crash_handler = None

    def _stop_demo_backend(self) -> None:
        backend, self._demo_backend = self._demo_backend, None
        if backend is not None:
            backend.stop()
            atexit.unregister(backend.stop)

    def _set_state(self, state: AppState) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _run(
        self,
        op: Callable[[CancelToken, ProgressCallback], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        name: str,
    ) -> Job[Any]:
        """A background job this object owns (cancelled on shutdown)."""
        # Imported here: the worker pool is not needed until the window is on screen.
        from ui.common.background import run_in_background

        def done(callback: Callable[[Any], None], value: Any) -> None:
            self._jobs.discard(job)
            if not self._closed:
                callback(value)

        job: Job[Any] = run_in_background(
            self,
            op,
            on_success=functools.partial(done, on_success),
            on_failure=functools.partial(done, on_failure),
            on_cancelled=lambda: self._jobs.discard(job),
            name=name,
        )
        self._jobs.add(job)
        return job

    # -- demo mode ----------------------------------------------------------------------------

    def _demo_data_dir(self) -> Path:
        return config.paths().state_dir / DEMO_DATA_FOLDER

    def _start_demo(self) -> None:
        self._show_connecting(_t("Starting the demo service and signing in…"))
        if self._demo_backend is None and self._demo_server is None:
            from app.demo import DemoBackend

            started = DemoBackend(
                self._demo_data_dir(),
                reset=self.options.demo_reset,
                style=self.options.demo_style,
            )
            self._demo_backend = started
            # A crash or an exit that skips shutdown() must not leave the service running.
            atexit.register(started.stop)
        backend = self._demo_backend
        given = self._demo_server
        role = self.options.demo_role
        if backend is not None and backend.application is not None:
            self._start_demo_connect(backend)
            return

        def op(token: CancelToken, _report: ProgressCallback) -> Session:
            from app.net.servers import local_server
            from app.session import Session
            from app.signin.demo_login import demo_user

            if given is not None:
                origin = given
            else:
                assert backend is not None
                addresses = backend.addresses or backend.start()
                origin = addresses.api_url
            self._tried_origin = origin
            token.raise_if_cancelled()
            session = Session.create(local_server(origin), demo=True)
            session.sign_in(login_hint=demo_user(role).email, cancel=token)
            return session

        self._run(op, self._adopt, self._demo_failed, "demo-start")

    def _start_demo_connect(self, backend: DemoBackend) -> None:
        """The clio style: start the service, then the assistant, filled in with the demo's own
        application, signs in (the person presses Test connection, then Save)."""
        application = backend.application
        assert application is not None

        def op(_token: CancelToken, _report: ProgressCallback) -> str:
            addresses = backend.addresses or backend.start()
            self._tried_origin = addresses.api_url
            return addresses.api_url

        def started(origin: str) -> None:
            self.window.hide_notice("connecting")
            self._set_state(AppState.SIGNED_OUT)
            self._open_sign_in_dialog(
                demo_origin=origin, entries=(application.client_id, application.secret)
            )
            if self.signin_dialog is not None:
                self.signin_dialog.open_connect_assistant()

        self._run(op, started, self._demo_failed, "demo-start")

    def _demo_failed(self, error: BaseException) -> None:
        message = error_text(error)
        log.error("demo mode could not start: %s", message, exc_info=error)
        self.window.hide_notice("connecting")
        answered = self._server_answer(error, self._tried_origin)
        if answered is not None:
            # The service answered: it is not offline, and the person learns why and until when.
            text = answered
            self.window.set_connection_state(ConnectionState.ONLINE)
        else:
            text = _t("The demo could not start: %1 Use Sign in to try again.").replace(
                "%1", message
            )
            self.window.set_connection_state(ConnectionState.OFFLINE)
        self.window.show_notice("problem", self._with_attempt_time(text), NoticeKind.ERROR)
        self._set_state(AppState.FAILED)
        self.window.discard_pages()

    def _with_attempt_time(self, text: str) -> str:
        """Each attempt visibly changes the notice, even when the answer is the same."""
        from PySide6.QtCore import QTime

        from ui.common.formats import app_locale

        self._failed_attempts += 1
        when = app_locale().toString(QTime.currentTime(), "HH:mm:ss")
        return (
            text
            + " "
            + _t("(Attempt %1, at %2.)")
            .replace("%1", str(self._failed_attempts))
            .replace("%2", when)
        )

    def _server_answer(self, error: BaseException, origin: str | None) -> str | None:
        """What a refusal by a server that did answer means, with the closing dates saved on
        this computer; None for anything else (unreachable, a bug)."""
        from app.errors import Gone, SignInFailed

        if isinstance(error, Gone):
            text = _t(
                "The server answered: the firm's account is closed and its practice data has"
                " been deleted, so nothing can be read or exported any more."
            )
        elif isinstance(error, SignInFailed) and error.detail == "access_denied":
            text = _t(
                "The server answered that this user may not sign in. If the firm's account was"
                " closed: %1"
            )
            from ui.closing.countdown_page import access_rule_text

            text = text.replace("%1", access_rule_text())
        else:
            return None
        saved = self._saved_closing_text(origin)
        return text + (" " + saved if saved else "")

    @staticmethod
    def _saved_closing_text(origin: str | None) -> str:
        if not origin:
            return ""
        from app.closing.store import ClosingStore
        from app.net.servers import local_server
        from ui.closing.countdown_page import local_zone
        from ui.common.formats import format_day, format_moment

        try:
            known = ClosingStore(local_server(origin).origin).known_closing()
        except (OSError, ValueError) as exc:
            log.info("saved closing dates unreadable: %s", exc)
            return ""
        if known is None:
            return ""
        dates = known.dates
        text = (
            _t(
                "Saved on this computer: the account was closed on %1; the practice data was"
                " reachable until the end of %2 (UTC) and deleted at %3."
            )
            .replace("%1", format_day(dates.closing_day))
            .replace("%2", format_day(dates.content_last_day))
            .replace("%3", format_moment(dates.content_deleted_at, local_zone()))
        )
        if dates.escrow_last_day is not None:
            text += " " + _t("Escrowed data is kept until the end of %1 (UTC).").replace(
                "%1", format_day(dates.escrow_last_day)
            )
        return text

    # -- normal mode --------------------------------------------------------------------------

    def _start_normal(self) -> None:
        settings = config.load_settings()
        wanted = self.options.server or settings.last_server
        user = settings.last_user
        same_server = self.options.server is None or _same_origin(
            self.options.server, settings.last_server
        )
        if not wanted or not user or not same_server:
            self._ensure_credentials_then(self._signed_out_and_ask)
            return
        self._show_connecting(_t("Connecting to the server…"))
        credentials = self._credentials

        def op(token: CancelToken, _report: ProgressCallback) -> tuple[Session | None, str]:
            from app.errors import AuthenticationRequired
            from app.session import UNREACHABLE, Session, server_from_settings
            from app.signin.credentials import CredentialStore

            store = credentials or CredentialStore()
            server = server_from_settings(wanted)
            if server is None:
                return None, "no-server"
            session = Session.create(server, credentials=store, open_browser=self._open_browser)
            if not session.restore(user):
                return session, "no-tokens"
            try:
                session.connect(cancel=token)
            except UNREACHABLE as exc:
                log.info("server unreachable at start (%s); using the last known state", exc.detail)
                session.use_last_known()
                return session, "offline"
            except AuthenticationRequired:
                return session, "no-tokens"
            return session, "online"

        self._run(op, self._restored, self._connect_failed, "restore-sign-in")

    def _ensure_credentials_then(self, then: Callable[[], None]) -> None:
        """Open the keyring off the GUI thread (it can be slow), then carry on."""
        if self._credentials is not None:
            then()
            return

        def op(_token: CancelToken, _report: ProgressCallback) -> CredentialStore:
            from app.signin.credentials import CredentialStore

            return CredentialStore()

        def opened(store: CredentialStore) -> None:
            self._credentials = store
            if store.notice is not None:
                self.window.show_keyring_unavailable_notice()
            then()

        self._run(op, opened, self._connect_failed, "open-keyring")

    def _restored(self, result: tuple[Session | None, str]) -> None:
        session, outcome = result
        if session is not None:
            self._credentials = session.auth.credentials
            if session.keyring_notice is not None:
                self.window.show_keyring_unavailable_notice()
        if session is None or outcome == "no-tokens":
            if session is not None:
                session.close()
            self._signed_out_and_ask()
            return
        self._adopt(session)

    def _connect_failed(self, error: BaseException) -> None:
        message = getattr(error, "message", None) or _t("Account Desk could not connect.")
        log.error("connecting failed: %s", message, exc_info=error)
        self.window.hide_notice("connecting")
        origin = self.options.server or config.load_settings().last_server
        message = self._server_answer(error, origin) or message
        self._signed_out()
        self.window.show_notice("problem", self._with_attempt_time(message), NoticeKind.ERROR)

    def _signed_out_and_ask(self) -> None:
        self._signed_out()
        self.sign_in()

    # -- signing in and out -------------------------------------------------------------------

    def sign_in(self) -> None:
        """The Sign in command: demo mode signs in again at once; otherwise the dialog."""
        if self._closed or self.state is AppState.CONNECTING:
            return
        self.window.hide_notice("problem")
        if self.options.demo:
            self._start_demo()
            return
        if self.signin_dialog is not None and shiboken6.isValid(self.signin_dialog):
            self.signin_dialog.raise_()
            return
        self._ensure_credentials_then(self._open_sign_in_dialog)

    def _open_sign_in_dialog(
        self, demo_origin: str | None = None, entries: tuple[str, str] | None = None
    ) -> None:
        from ui.signin.dialog import SignInDialog

        wanted = demo_origin or self.options.server or config.load_settings().last_server
        local = wanted if wanted and _is_loopback(wanted) else None
        credentials = self._credentials
        open_browser = self._open_browser
        demo_hint = self.options.demo_role if demo_origin is not None else None

        def connect_flow(
            server: Server,
            application: FirmApplication,
            secret: str,
            token: CancelToken,
            _report: ProgressCallback,
        ) -> Session:
            from app.session import Session
            from app.signin.connect import try_connection
            from app.signin.demo_login import demo_user

            if demo_hint is not None:
                session = Session.create(server, demo=True, open_browser=open_browser)
            else:
                session = Session.create(server, credentials=credentials, open_browser=open_browser)
            hint = demo_user(demo_hint).email if demo_hint is not None else None
            try:
                try_connection(session, application, secret, login_hint=hint, cancel=token)
            except BaseException:
                session.close()
                raise
            return session

        def flow(server: Server, token: CancelToken, report: ProgressCallback) -> Session:
            import webbrowser

            from app.session import Session

            def opener(url: str) -> object:
                try:
                    dialog.address_known.emit(url)
                except RuntimeError:  # the dialog is gone already
                    pass
                opened = (open_browser or webbrowser.open)(url)
                if opened is False:  # no browser: the dialog shows the address to open by hand
                    try:
                        dialog.browser_failed.emit(url)
                    except RuntimeError:  # the dialog is gone already
                        pass
                return opened

            session = Session.create(server, credentials=credentials, open_browser=opener)
            try:
                session.sign_in(cancel=token)
            except BaseException:
                session.close()
                raise
            return session

        from app.signin.connect import save_connection

        dialog = SignInDialog(
            flow,
            local_origin=local,
            initial_server=wanted,
            connect_flow=connect_flow,
            save_connection=save_connection,
            application_entries=entries,
            open_page=open_browser,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed_in.connect(self._adopt)
        dialog.destroyed.connect(self._forget_dialog)
        self.signin_dialog = dialog
        dialog.open()

    @Slot()
    def _forget_dialog(self) -> None:
        self.signin_dialog = None

    def _adopt(self, session: Session) -> None:
        """A session is signed in (online, or offline with its last known state)."""
        previous, self.session = self.session, session
        if previous is not None and previous is not session:
            previous.close()
        if not session.demo:
            self._credentials = session.auth.credentials
        session.add_listener(self._status_from_any_thread)
        self._watch_sign_in(session)
        self._failed_attempts = 0
        self.window.hide_notice("connecting")
        self.window.hide_notice("problem")
        if session.keyring_notice is not None:
            self.window.show_keyring_unavailable_notice()
        self.window.set_server(
            # The name untranslated: the window translates it (again after a language change).
            QT_TRANSLATE_NOOP("Servers", "Demo service on this computer")
            if session.demo
            else session.server.label
        )
        self.window.set_signed_in(session.display_name)
        self._set_state(AppState.SIGNED_IN)
        self._show_connection()
        self.window.discard_pages()
        self.window.show_page(PageKey.ACCOUNT)
        self.hub.session_changed.emit(session)

    def _watch_sign_in(self, session: Session | None) -> None:
        from ui.signin.sign_in_again import NOTICE, SignInAgain

        if self._sign_in_again is not None:
            self._sign_in_again.deleteLater()
        self.window.hide_notice(NOTICE)
        self._sign_in_again = (
            SignInAgain(self.window, session, self._run, self.refresh_pages) if session else None
        )

    def sign_out(self) -> None:
        """The Sign out command (already confirmed): revoke, forget, back to signed out."""
        session = self.session
        if session is None:
            return
        self._retry_timer.stop()

        def op(token: CancelToken, _report: ProgressCallback) -> None:
            session.sign_out(cancel=token)

        def done(_result: object) -> None:
            session.close()
            self._signed_out()

        def failed(error: BaseException) -> None:
            # Sign-out forgets locally even when the server cannot be told; anything else is
            # a bug worth the crash dialog, after which the person is still signed out here.
            from app import logs

            session.close()
            self._signed_out()
            logs.report_crash(type(error), error, error.__traceback__)

        self._run(op, done, failed, "sign-out")

    def _signed_out(self) -> None:
        self.session = None
        self._watch_sign_in(None)
        self._retry_timer.stop()
        self.window.hide_notice("connecting")
        self.window.hide_notice("demo-clock")
        self.window.set_signed_in(None)
        self.window.set_connection_state(ConnectionState.ONLINE)
        self.window.set_last_refresh(None)
        self._set_state(AppState.SIGNED_OUT)
        self.window.discard_pages()
        self.hub.session_changed.emit(None)

    # -- connection ---------------------------------------------------------------------------

    def _show_connecting(self, text: str) -> None:
        self._set_state(AppState.CONNECTING)
        self.window.set_connection_state(ConnectionState.CONNECTING)
        self.window.show_notice("connecting", text, NoticeKind.INFO, dismissible=False)
        self.window.discard_pages()

    def _status_from_any_thread(self, _session: Session) -> None:
        if not self._closed and shiboken6.isValid(self):
            self._session_status.emit()

    @Slot()
    def _on_session_status(self) -> None:
        session = self.session
        if self._closed or session is None:
            return
        self._show_connection()
        if session.status is not self._announced_status:
            self._announced_status = session.status
            self.hub.connection_changed.emit(session.status)

    def _show_connection(self) -> None:
        from app.session import ConnectionStatus

        session = self.session
        if session is None:
            return
        self.window.set_last_refresh(session.last_refresh)
        if session.status is ConnectionStatus.OFFLINE:
            if not self._retry_timer.isActive():
                self.window.set_connection_state(ConnectionState.OFFLINE)
                self._schedule_retry()
        else:
            self._retry_attempt = 0
            self._retry_timer.stop()
            self.window.set_connection_state(ConnectionState.ONLINE)

    def _schedule_retry(self) -> None:
        if self._closed:
            return
        delay = RETRY_DELAYS_MS[min(self._retry_attempt, len(RETRY_DELAYS_MS) - 1)]
        self._retry_attempt += 1
        log.info("trying the server again in %d s", delay // 1000)
        self._retry_timer.start(delay)

    def retry_now(self) -> None:
        """Try to reach the server again at once (the retry timer's job)."""
        self._retry_timer.stop()
        self._reconnect()

    @Slot()
    def _reconnect(self) -> None:
        session = self.session
        if session is None or self._closed:
            return
        self.window.set_connection_state(ConnectionState.RECONNECTING)

        def op(token: CancelToken, _report: ProgressCallback) -> None:
            session.connect(cancel=token)

        def back(_result: object) -> None:
            if session is not self.session:
                return
            self.window.set_signed_in(session.display_name)
            self._show_connection()
            self.refresh_pages()

        def failed(error: BaseException) -> None:
            from app.errors import AuthenticationRequired
            from app.session import UNREACHABLE

            if session is not self.session:
                return
            answered = self._server_answer(error, session.server.origin)
            if isinstance(error, UNREACHABLE):
                self.window.set_connection_state(ConnectionState.OFFLINE)
                self._schedule_retry()
            elif answered is not None:
                # The server answers, and says the content is gone: not offline, no retrying.
                self.window.set_connection_state(ConnectionState.ONLINE)
                self.window.show_notice("problem", answered, NoticeKind.ERROR)
            elif isinstance(error, AuthenticationRequired) and self._sign_in_again is not None:
                # Sign in again in place: the pages keep what they show.
                self.window.set_connection_state(ConnectionState.ONLINE)
                self._sign_in_again.offer()
            else:
                self.window.set_connection_state(ConnectionState.OFFLINE)
                self._schedule_retry()
                log.warning("reconnecting failed: %r", error)

        self._run(op, back, failed, "reconnect")

    # -- demo clock ---------------------------------------------------------------------------

    def advance_clock(self, days: int) -> None:
        """Demo menu: move the reference backend's clock on, then let the pages reload."""
        session = self.session
        if session is None:
            return

        def op(_token: CancelToken, _report: ProgressCallback) -> datetime:
            return session.advance_demo_clock(days)

        def moved(server_time: datetime) -> None:
            # A banner rather than a status-bar message: it stays readable (the status bar's
            # permanent fields leave a message little room) until the person dismisses it.
            text = _t(
                "The demo clock moved on %Ln day(s): it is now %1 on the demo service.", "", days
            )
            self.window.show_notice(
                "demo-clock",
                text.replace("%1", format_instant(server_time)),
                NoticeKind.INFO,
            )
            self.hub.clock_moved.emit(server_time)
            self.refresh_pages()

        def failed(error: BaseException) -> None:
            message = error_text(error)
            self.window.show_notice(
                "problem",
                _t("The demo clock did not move: %1").replace("%1", message),
                NoticeKind.ERROR,
            )

        self._run(op, moved, failed, "demo-clock")

    # -- the closing walkthrough and the export wizard ----------------------------------------

    def open_export_wizard(self) -> None:
        """Go to Data export and start a new export there (the walkthrough's and the
        availability page's "export your data")."""
        page = self.window.show_page(PageKey.EXPORT)
        start = getattr(page, "start_export", None)
        if callable(start):
            start()

    def open_closing_walkthrough(self) -> None:
        """Close Account was pressed: the guided walkthrough, over the main window."""
        session = self.session
        if session is None or self._closed:
            return
        if self.closing_wizard is not None and shiboken6.isValid(self.closing_wizard):
            self.closing_wizard.raise_()
            self.closing_wizard.activateWindow()
            return
        from app.last_export import last_export
        from ui.closing.wizard import ClosingWizard

        identity = session.identity
        user_key = identity.key if identity is not None else None
        wizard = ClosingWizard(
            session,
            fresh_sign_in=session.sign_in_again,
            open_export_wizard=self.open_export_wizard,
            last_export=lambda: last_export(session.http.base_url, user_key),
            parent=self.window,
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.closed.connect(lambda _known: self._account_closed())
        wizard.scheduled.connect(lambda _retention: self.refresh_pages())
        wizard.countdown_requested.connect(self.show_countdown)
        wizard.destroyed.connect(self._forget_closing_wizard)
        self.closing_wizard = wizard
        wizard.show()

    @Slot()
    def _forget_closing_wizard(self) -> None:
        self.closing_wizard = None

    @Slot()
    def show_countdown(self) -> None:
        """The walkthrough's last button: the Data availability page, in front."""
        self.window.show_page(PageKey.AVAILABILITY)
        self.window.raise_()
        self.window.activateWindow()

    def _account_closed(self) -> None:
        # Every page now speaks of a closed account.
        self.refresh_pages()

    def refresh_pages(self) -> None:
        """Built pages reload what they show."""
        self.hub.refresh_requested.emit()
        for page in self.window.built_pages().values():
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()

    # -- pages --------------------------------------------------------------------------------

    def _build_page(self, placeholder: PageSpec) -> QWidget:
        session = self.session
        if self.state is AppState.STARTING:
            return StatusPage(placeholder.title, _t("Starting…"))
        if self.state is AppState.CONNECTING:
            return StatusPage(
                placeholder.title,
                _t("Connecting… This page fills in as soon as Account Desk is signed in."),
                busy=True,
            )
        if session is None:
            return StatusPage(
                placeholder.title,
                _t("You are not signed in. Sign in to see your firm's account."),
                action_text=_t("Sign in…"),
                on_action=self.window.sign_in_action.trigger,
            )
        try:
            factory = load_page_factory(placeholder.key)
            if factory is None:
                return placeholder.factory()
            page = construct_page(
                factory, session, self.hub, {"open_export_wizard": self.open_export_wizard}
            )
            requested = getattr(page, "close_account_requested", None)
            if requested is not None:
                requested.connect(self.open_closing_walkthrough)
            return page
        except Exception as exc:
            # A broken page must not take the app down: report it, show the placeholder.
            from app import logs

            logs.report_crash(type(exc), exc, exc.__traceback__)
            return placeholder.factory()


def _is_loopback(address: str) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(address if "://" in address else "//" + address).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def _same_origin(a: str, b: str | None) -> bool:
    if b is None:
        return False
    return a.rstrip("/").lower() == b.rstrip("/").lower()


# --------------------------------------------------------------------------- entry points


def run(options: LaunchOptions, *, on_shown: Callable[[], None] | None = None) -> int:
    """The desktop app until it quits. `on_shown` runs once the window is on screen."""
    from ui.shell.qt_app import create_application

    qt = create_application(language=options.language)
    application = Application(options)
    wake = _quit_on_signals()
    application.start(on_shown)
    try:
        return qt.exec()
    finally:
        wake.stop()
        application.shutdown()


def _quit_on_signals() -> QTimer:
    """Ctrl+C in a terminal, or SIGTERM when the desktop session ends, quit the app the normal
    way, so the demo service is stopped too. Python only runs signal handlers when it gets
    control, hence a timer that hands it control a few times a second."""
    import signal

    def quit_app(_signum: int, _frame: object) -> None:
        log.info("asked to quit by a signal")
        QCoreApplication.quit()

    for name in ("SIGINT", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, quit_app)
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(250)
    return wake


def self_check() -> str:
    """See ui.shell.launcher.self_check. Returns a one-line summary; raises on any failure."""
    import pkgutil
    import tempfile

    import app as core
    import ui as shell

    for package in (core, shell):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)

    from app.demo import DemoBackend
    from app.net.servers import local_server
    from app.session import Session
    from app.signin.demo_login import demo_user
    from ui.shell.qt_app import check_resources, create_application

    create_application()
    resources = check_resources()
    window = MainWindow(PageRegistry(system_pages()))
    window.deleteLater()
    # The exporter's worker process starts (in a built app: this same executable) and works.
    from app.export.pagework import PageWork

    with PageWork(("id", "name"), use_worker=True) as work:
        page = work.files(b'{"data": [{"id": 1, "name": "=x"}], "meta": {}}')
        if not work.last_in_worker or page.csv != b"1,'=x\r\n":
            raise RuntimeError("the export's worker process did not start or answered wrong")
    with tempfile.TemporaryDirectory(prefix="account-desk-check-") as folder:
        backend = DemoBackend(Path(folder) / DEMO_DATA_FOLDER)
        try:
            addresses = backend.start()
            session = Session.create(local_server(addresses.api_url), demo=True)
            session.sign_in(login_hint=demo_user().email)
            if session.selfservice is None:
                raise RuntimeError("the demo service offers no self-service API")
            account = session.selfservice.account()
            # The backend's contract document is one of the resources too.
            contract = session.http.request(
                "GET", session.selfservice.base_url + "openapi.yaml", authenticate=False
            )
            if "openapi:" not in contract.text:
                raise RuntimeError("the demo service does not serve its contract document")
            who = session.display_name
            session.sign_out()
            session.close()
        finally:
            backend.stop()
    return (
        f"signed in as {who} through OAuth;"
        f" {account.firm.name}, {account.plan.name} plan, {account.plan.seats} seats;"
        f" resources in {resources}"
    )
