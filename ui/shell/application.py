"""The composition root: turns the core (app.session) and the shell (ui.shell.main_window) into the
running app. Installs the crash dialog hooks, creates the main window and its pages; starts demo
mode's embedded service or restores the last sign-in (ui.shell.startup); keeps the status bar
true (server, user, connection, last refresh); goes offline with the last known state and
retries (ui.shell.connection). ui.shell.event_loop runs it in a QApplication until it quits.

Pages are built by the factories ui.shell.pages lists, each given a `PageContext`
(ui.common.page_context: the `Session`, the `SessionHub`, `open_export_wizard`). A page's
`close_account_requested` signal opens the closing walkthrough (ui.closing.wizard), whose fresh
sign-in is `Session.sign_in_again`. After the demo clock moves or the connection comes back,
every built page that has a `refresh()` method gets it called; pages may instead listen to the
hub's signals. Pages are rebuilt (with the new session) whenever someone signs in or out.

Start-up never waits on the network: the window is shown first (marked "Connecting…"), the
rest runs through ui.common.background. Heavy core modules (requests, keyring) load in that job.
"""

from __future__ import annotations

import atexit
import enum
import functools
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from app import config
from ui.common.error_text import error_text
from ui.common.page_context import PageContext, PageFactory, SessionHub
from ui.common.translation_marks import QT_TRANSLATE_NOOP
from ui.common.widgets import NoticeKind
from ui.shell.connection import ConnectionKeeper
from ui.shell.demo_clock import advance_demo_clock
from ui.shell.main_window import (
    ConnectionState,
    MainWindow,
    PageKey,
    PageRegistry,
    PageSpec,
    ShellActions,
)
from ui.shell.options import LaunchOptions
from ui.shell.pages import PAGE_FACTORIES, StatusPage
from ui.shell.placeholder import system_pages
from ui.shell.server_answer import RefusedPage, server_answer
from ui.shell.startup import (
    DEMO_DATA_FOLDER,
    connect_flow,
    demo_sign_in,
    open_credentials,
    restore_sign_in,
    same_origin,
    sign_in_flow,
)

if TYPE_CHECKING:
    from app.demo import DemoBackend
    from app.session import Session
    from app.signin.credentials import CredentialStore
    from ui.common.background import CancelToken, Job, ProgressCallback
    from ui.shell.crash import CrashHandler
    from ui.shell.sign_in_again import SignInAgain
    from ui.signin.dialog import SignInDialog

log = logging.getLogger(__name__)


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


class Application(QObject):
    """The running app: one main window, at most one signed-in Session. GUI thread only."""

    state_changed = Signal(object)  # AppState

    def __init__(
        self,
        options: LaunchOptions,
        *,
        open_browser: Callable[[str], object] | None = None,
        demo_server: str | None = None,
        page_factories: Mapping[str, PageFactory] = PAGE_FACTORIES,
        parent: QObject | None = None,
    ) -> None:
        """`open_browser` replaces the system browser for sign-in (tests); `demo_server` uses
        an already running reference backend instead of starting one (tests);
        `page_factories` builds the pages (ui.shell.pages; tests replace some)."""
        super().__init__(parent)
        self.options = options
        self.hub = SessionHub(self)
        self.page_factories = page_factories
        self.session: Session | None = None
        self.state = AppState.STARTING
        self.signin_dialog: SignInDialog | None = None
        self.closing_wizard: QWidget | None = None
        self._open_browser = open_browser
        self._demo_server = demo_server
        self._tried_origin: str | None = demo_server  # the service the last demo start tried
        self._failed_attempts = 0  # sign-ins that failed in a row (numbered in the notice)
        # The server's refusal (content deleted, access ended) while signed out: every page says it.
        self._refused: tuple[str, str | None] | None = None
        self._demo_backend: DemoBackend | None = None
        self._credentials: CredentialStore | None = None
        self._sign_in_again: SignInAgain | None = None  # watches the session's sign-in
        self._crash_handler: CrashHandler | None = None
        self._jobs: set[Job[Any]] = set()
        self._closed = False

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
        self.connection = ConnectionKeeper(
            self.window,
            self.hub,
            lambda: self.session,
            self._run,
            reload_pages=self.refresh_pages,
            sign_in_again=self._offer_sign_in_again,
            parent=self,
        )

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
        self.connection.close()
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
            return demo_sign_in(backend, given, role, token, self._remember_tried_origin)

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

    def _remember_tried_origin(self, origin: str) -> None:
        self._tried_origin = origin  # (from the worker thread: a plain attribute)

    def _demo_failed(self, error: BaseException) -> None:
        message = error_text(error)
        log.error("demo mode could not start: %s", message, exc_info=error)
        self.window.hide_notice("connecting")
        answered = server_answer(error, self._tried_origin)
        if answered is not None:
            # The service answered: it is not offline, and the person learns why and until when.
            text = answered
            self._refused = (answered, self._tried_origin)
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

    # -- normal mode --------------------------------------------------------------------------

    def _start_normal(self) -> None:
        settings = config.load_settings()
        wanted = self.options.server or settings.last_server
        user = settings.last_user
        same_server = self.options.server is None or same_origin(
            self.options.server, settings.last_server
        )
        if not wanted or not user or not same_server:
            self._ensure_credentials_then(self._signed_out_and_ask)
            return
        self._show_connecting(_t("Connecting to the server…"))
        credentials = self._credentials

        open_browser = self._open_browser

        def op(token: CancelToken, _report: ProgressCallback) -> tuple[Session | None, str]:
            return restore_sign_in(wanted, user, credentials, open_browser, token)

        self._run(op, self._restored, self._connect_failed, "restore-sign-in")

    def _ensure_credentials_then(self, then: Callable[[], None]) -> None:
        """Open the keyring off the GUI thread (it can be slow), then carry on."""
        if self._credentials is not None:
            then()
            return

        def opened(store: CredentialStore) -> None:
            self._credentials = store
            if store.notice is not None:
                self.window.show_keyring_unavailable_notice()
            then()

        self._run(open_credentials, opened, self._connect_failed, "open-keyring")

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
        answered = server_answer(error, origin)
        self._refused = (answered, origin) if answered is not None else None
        message = answered or message
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
        from app.net.urls import is_loopback_address
        from app.signin.connect import save_connection
        from ui.signin.dialog import SignInDialog

        wanted = demo_origin or self.options.server or config.load_settings().last_server
        local = wanted if wanted and is_loopback_address(wanted) else None
        credentials = self._credentials
        open_browser = self._open_browser
        demo_hint = self.options.demo_role if demo_origin is not None else None

        dialog: SignInDialog | None = None
        flow = sign_in_flow(lambda: dialog, credentials, open_browser)
        dialog = SignInDialog(
            flow,
            local_origin=local,
            initial_server=wanted,
            connect_flow=connect_flow(credentials, open_browser, demo_hint),
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
        self._refused = None
        if previous is not None and previous is not session:
            previous.close()
        if not session.demo:
            self._credentials = session.auth.credentials
        session.add_listener(self.connection.status_from_any_thread)
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
        self.connection.show()
        self.window.discard_pages()
        self.window.show_page(PageKey.ACCOUNT)
        self.hub.session_changed.emit(session)

    def _watch_sign_in(self, session: Session | None) -> None:
        from ui.shell.sign_in_again import NOTICE, SignInAgain

        if self._sign_in_again is not None:
            self._sign_in_again.deleteLater()
        self.window.hide_notice(NOTICE)
        self._sign_in_again = (
            SignInAgain(self.window, session, self._run, self.refresh_pages) if session else None
        )

    def _offer_sign_in_again(self, error: BaseException) -> None:
        """The service refused the session's sign-in: sign in again in place (the pages keep
        what they show), or, with nothing to sign in again, sign out and ask."""
        if self._sign_in_again is not None:
            self.window.set_connection_state(ConnectionState.ONLINE)
            self._sign_in_again.offer()
            return
        self.window.show_notice("problem", error_text(error), NoticeKind.WARNING)
        self._signed_out_and_ask()

    def sign_out(self) -> None:
        """The Sign out command (already confirmed): revoke, forget, back to signed out."""
        session = self.session
        if session is None:
            return
        self.connection.stop()

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
        self.connection.stop()
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

    # -- demo clock ---------------------------------------------------------------------------

    def advance_clock(self, days: int) -> None:
        """Demo menu: move the reference backend's clock on, then let the pages reload."""
        if self.session is not None:
            advance_demo_clock(
                self.session, days, self.window, self.hub, self._run, self.refresh_pages
            )

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
        if session is None and self._refused is not None:
            return RefusedPage(placeholder.key, placeholder.title, *self._refused)
        if session is None:
            return StatusPage(
                placeholder.title,
                _t("You are not signed in. Sign in to see your firm's account."),
                action_text=_t("Sign in…"),
                on_action=self.window.sign_in_action.trigger,
            )
        factory = self.page_factories.get(placeholder.key)
        if factory is None:  # a System page not written yet
            return placeholder.factory()
        try:
            page = factory(
                PageContext(session, self.hub, open_export_wizard=self.open_export_wizard)
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
