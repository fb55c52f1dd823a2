"""How the app gets a signed-in session, as plain functions run in the background by
ui.shell.application: demo mode's start (the embedded service, then the demo person's sign-in),
a normal start restoring the last sign-in from the keyring, and the sign-in window's flow
(the system browser, with the address shown when no browser opens).

Nothing here touches a widget: the sign-in window is told what happened through its signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from app.demo import DemoBackend
    from app.net.servers import Server
    from app.session import Session
    from app.signin.credentials import CredentialStore
    from app.signin.firm_app import FirmApplication
    from ui.common.background import CancelToken, ProgressCallback
    from ui.signin.dialog import SignInDialog

log = logging.getLogger(__name__)

DEMO_DATA_FOLDER = "demo-backend"

# How a start restoring the last sign-in ended.
Restored = Literal["online", "offline", "no-tokens", "no-server"]


def demo_sign_in(
    backend: DemoBackend | None,
    given_origin: str | None,
    role: str,
    token: CancelToken,
    tried: Callable[[str], None],
) -> Session:
    """Start the demo service (unless `given_origin` is one already running) and sign in as
    the demo person with `role`. `tried` learns the service's address before signing in."""
    from app.net.servers import local_server
    from app.session import Session
    from app.signin.demo_login import demo_user

    if given_origin is not None:
        origin = given_origin
    else:
        assert backend is not None
        addresses = backend.addresses or backend.start()
        origin = addresses.api_url
    tried(origin)
    token.raise_if_cancelled()
    session = Session.create(local_server(origin), demo=True)
    session.sign_in(login_hint=demo_user(role).email, cancel=token)
    return session


def restore_sign_in(
    server_address: str,
    user: str,
    credentials: CredentialStore | None,
    open_browser: Callable[[str], object] | None,
    token: CancelToken,
) -> tuple[Session | None, Restored]:
    """The last sign-in to `server_address` as `user`, from the keyring: online, or offline
    with the last known state when the server cannot be reached."""
    from app.errors import AuthenticationRequired
    from app.session import UNREACHABLE, Session, server_from_settings
    from app.signin.credentials import CredentialStore

    store = credentials or CredentialStore()
    server = server_from_settings(server_address)
    if server is None:
        return None, "no-server"
    session = Session.create(server, credentials=store, open_browser=open_browser)
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


def open_credentials(_token: CancelToken, _report: ProgressCallback) -> CredentialStore:
    """The keyring (opening it can be slow, so not on the GUI thread)."""
    from app.signin.credentials import CredentialStore

    return CredentialStore()


def sign_in_flow(
    dialog: Callable[[], SignInDialog | None],
    credentials: CredentialStore | None,
    open_browser: Callable[[str], object] | None,
) -> Callable[[Server, CancelToken, ProgressCallback], Session]:
    """What the sign-in window runs once a server is chosen: the OAuth sign-in through the
    system browser (`open_browser` in tests). `dialog` is the window, told the address to
    open and whether a browser opened it."""

    def flow(server: Server, token: CancelToken, _report: ProgressCallback) -> Session:
        import webbrowser

        from app.session import Session

        def opener(url: str) -> object:
            window = dialog()
            try:
                if window is not None:
                    window.address_known.emit(url)
            except RuntimeError:  # the dialog is gone already
                pass
            opened = (open_browser or webbrowser.open)(url)
            if opened is False:  # no browser: the dialog shows the address to open by hand
                try:
                    if window is not None:
                        window.browser_failed.emit(url)
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

    return flow


def same_origin(a: str, b: str | None) -> bool:
    if b is None:
        return False
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def connect_flow(
    credentials: CredentialStore | None,
    open_browser: Callable[[str], object] | None,
    demo_hint: str | None,
) -> Callable[[Server, FirmApplication, str, CancelToken, ProgressCallback], Session]:
    """What the assistant's Test connection runs: a sign-in with the firm's own application
    (`demo_hint`: the demo's role, signed in without a password)."""

    def flow(
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

    return flow
