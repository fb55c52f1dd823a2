"""Signing in: OAuth 2.0 authorization code with PKCE (S256) and `state`, in the system browser,
redirected to a one-shot listener on 127.0.0.1 (RFC 8252); token exchange, refresh (refresh
tokens rotate), sign-out (deauthorize + forget), and discovery of the self-service API.

`OAuthClient` speaks the protocol. `Authenticator` is the signed-in state for one server: it
keeps the tokens in the `CredentialStore`, gives the `HttpSession` its token and its refresher,
and is what the UI and the CLI use::

    auth = Authenticator(server, http, CredentialStore(), OAuthClient(server, http))
    identity = auth.sign_in(cancel=event)          # opens the browser, waits for the redirect
    mode = auth.discover()                         # SELF_SERVICE or EXPORT_AND_GUIDE
    auth.sign_out()

For a service without the built-in client (the real Clio service), the firm registers its own
application (app.signin.firm_app): the Authenticator then signs in with its key and secret (PKCE
in addition) and the listener binds the registered redirect port instead of a free one.

Tokens are refreshed ahead of expiry, before the request that would find them expired (see
`TokenSet.refresh_due`), and after a 401 as before.

The browser opener is injectable (`open_browser=`) so tests and demo mode can play it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import os
import secrets
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from app.errors import (
    AccountDeskError,
    AuthenticationRequired,
    BadResponse,
    Cancelled,
    HttpError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    SignInFailed,
    TimedOut,
)
from app.logs import register_secret
from app.net.http import CancelToken, HttpSession
from app.net.servers import Server
from app.signin.credentials import CredentialStore, TokenSet
from app.signin.firm_app import (
    CALLBACK_PATH,
    FirmApplication,
    application_refused,
    is_address_in_use,
    load_application,
    port_busy_error,
)

log = logging.getLogger(__name__)

CLIENT_ID = "account-desk"
SIGN_IN_TIMEOUT = 300.0  # seconds the person has to finish in the browser

SUCCESS_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Account Desk</title></head><body style="font-family: sans-serif; margin: 3em">
<h1>{title}</h1><p>{message}</p></body></html>"""


class Mode(Enum):
    """What the server offers after sign-in."""

    SELF_SERVICE = "self_service"  # /self-service/v1/ exists: the full app
    EXPORT_AND_GUIDE = "export_and_guide"  # no self-service API: export, then guide to support


@dataclass(frozen=True)
class OAuthSettings:
    client_id: str = CLIENT_ID
    # Only for a confidential client; the app's public client has none.
    client_secret: str | None = field(default=None, repr=False)
    # The registered redirect address's port (a firm's application); None: any free port.
    redirect_port: int | None = None

    @classmethod
    def for_application(cls, application: FirmApplication, secret: str) -> OAuthSettings:
        return cls(application.client_id, secret, application.redirect_port)


@dataclass(frozen=True)
class Pkce:
    verifier: str = field(repr=False)
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(64)  # 86 characters of [A-Za-z0-9_-] (RFC 7636: 43-128)
        return cls(verifier, s256(verifier))


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Identity:
    """Who signed in. `key` names the keyring entry (e-mail when known)."""

    key: str
    user_id: int | None = None
    name: str | None = None
    email: str | None = None


# --------------------------------------------------------------------------- loopback listener


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _CallbackServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != CALLBACK_PATH:
            self._page(404, "Not found", "This address is not part of the sign-in.")
            return
        params = {k: v[0] for k, v in parse_qs(parts.query).items() if v}
        owner = self.server.listener
        if not secrets.compare_digest(params.get("state", ""), owner.state):
            # Not our sign-in (a stale tab or another page): refuse it and keep waiting.
            self._page(400, "Sign-in not recognised", "Start the sign-in from Account Desk.")
            return
        if "error" in params:
            self._page(
                200,
                "Sign-in not completed",
                "You can close this tab and return to Account Desk.",
            )
        else:
            self._page(200, "You can return to Account Desk", "Sign-in is complete.")
        owner.deliver(params)

    def _page(self, status: int, title: str, message: str) -> None:
        body = SUCCESS_PAGE.format(title=html.escape(title), message=html.escape(message))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line holds the authorization code: never log it.
        return


class _CallbackServer(ThreadingHTTPServer):
    daemon_threads = True
    listener: LoopbackListener
    # On Windows SO_REUSEADDR would let the listener share a port another program listens on
    # (the redirect would reach either); there, ask for the port exclusively instead.
    allow_reuse_address = os.name != "nt"

    def server_bind(self) -> None:
        exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", None)
        if os.name == "nt" and exclusive is not None:
            self.socket.setsockopt(socket.SOL_SOCKET, exclusive, 1)
        super().server_bind()


class LoopbackListener:
    """Waits for one redirect on http://127.0.0.1:<port>/callback carrying `state`; port 0
    picks a free one. A port in use raises SignInFailed (firm_app.PORT_BUSY)."""

    def __init__(self, state: str, port: int = 0) -> None:
        self.state = state
        try:
            self._server = _CallbackServer(("127.0.0.1", port), _CallbackHandler)
        except OSError as exc:
            if port and is_address_in_use(exc):
                raise port_busy_error(port) from None
            raise
        self._server.listener = self
        port = self._server.server_address[1]
        self.redirect_uri = f"http://127.0.0.1:{port}{CALLBACK_PATH}"
        self._result: dict[str, str] | None = None
        self._arrived = threading.Event()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="oauth-callback",
            daemon=True,
        )
        self._thread.start()

    def deliver(self, params: dict[str, str]) -> None:
        if not self._arrived.is_set():
            self._result = params
            self._arrived.set()

    def wait(self, timeout: float, cancel: CancelToken | None = None) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while not self._arrived.wait(0.1):
            if cancel is not None and cancel.is_set():
                raise Cancelled("Sign-in was cancelled.", code="sign_in_cancelled")
            if time.monotonic() >= deadline:
                raise TimedOut(
                    "Sign-in was not finished in time. Please try again.",
                    detail="no redirect reached the loopback listener",
                )
        assert self._result is not None
        return self._result

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# --------------------------------------------------------------------------- the protocol


class OAuthClient:
    """Authorization code + PKCE against one server's /oauth endpoints."""

    def __init__(
        self,
        server: Server,
        http: HttpSession,
        settings: OAuthSettings = OAuthSettings(),
        open_browser: Callable[[str], object] = webbrowser.open,
    ) -> None:
        self.server = server
        self.http = http
        self.settings = settings
        self.open_browser = open_browser

    def authorization_url(
        self, redirect_uri: str, state: str, pkce: Pkce, login_hint: str | None = None
    ) -> str:
        params = {
            "response_type": "code",
            "client_id": self.settings.client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": pkce.challenge,
            "code_challenge_method": "S256",
        }
        if login_hint:
            params["login_hint"] = login_hint
        return f"{self.server.authorize_url}?{urlencode(params)}"

    def sign_in(
        self,
        *,
        login_hint: str | None = None,
        timeout: float = SIGN_IN_TIMEOUT,
        cancel: CancelToken | None = None,
    ) -> TokenSet:
        """Open the browser, wait for the redirect, exchange the code. Raises `Cancelled`,
        `TimedOut`, `SignInFailed` or a network error."""
        state = secrets.token_urlsafe(32)
        pkce = Pkce.new()
        listener = LoopbackListener(state, self.settings.redirect_port or 0)
        try:
            url = self.authorization_url(listener.redirect_uri, state, pkce, login_hint)
            log.info("opening the browser for sign-in at %s", self.server.authorize_url)
            if self.open_browser(url) is False:
                # webbrowser.open says no browser could be started; keep waiting anyway,
                # the person may open the page another way before the time-out.
                log.warning("no browser could be opened for sign-in")
            params = listener.wait(timeout, cancel)
        finally:
            listener.close()
        if "error" in params:
            error = params["error"]
            log.info("sign-in refused in the browser: %s", error)
            if error == "access_denied":
                raise SignInFailed(
                    "Sign-in was cancelled or this user may not sign in.",
                    detail=error,
                    code="sign_in_refused",
                )
            raise SignInFailed(detail=f"authorization error {error}")
        code = params.get("code")
        if not code:
            raise SignInFailed(detail="the redirect carried no code")
        return self.exchange_code(code, listener.redirect_uri, pkce.verifier, cancel=cancel)

    def _form(self, **fields: str) -> dict[str, str]:
        form = {"client_id": self.settings.client_id, **fields}
        if self.settings.client_secret:
            form["client_secret"] = self.settings.client_secret
        return form

    def _token_call(self, form: dict[str, str], cancel: CancelToken | None) -> TokenSet:
        answer = self.http.post_form(self.server.token_url, form, cancel=cancel)
        if not isinstance(answer, dict):
            raise BadResponse(detail="token answer is not an object")
        try:
            tokens = TokenSet.from_oauth(answer)
        except ValueError:
            raise BadResponse(detail="token answer without access_token") from None
        register_secret(tokens.access_token)
        register_secret(tokens.refresh_token)
        return tokens

    def exchange_code(
        self, code: str, redirect_uri: str, verifier: str, *, cancel: CancelToken | None = None
    ) -> TokenSet:
        form = self._form(
            grant_type="authorization_code",
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=verifier,
        )
        try:
            return self._token_call(form, cancel)
        except (InvalidRequest, AuthenticationRequired) as exc:
            if exc.error_type == "invalid_client":
                raise application_refused("code exchange: invalid_client") from None
            raise SignInFailed(detail=f"code exchange refused: {exc.error_type}") from None

    def refresh(self, refresh_token: str, *, cancel: CancelToken | None = None) -> TokenSet:
        """New tokens; the old refresh token stops working (rotation). A refused refresh
        raises `AuthenticationRequired`."""
        form = self._form(grant_type="refresh_token", refresh_token=refresh_token)
        try:
            return self._token_call(form, cancel)
        except (InvalidRequest, AuthenticationRequired) as exc:
            raise AuthenticationRequired(
                status=exc.status,
                error_type=exc.error_type or "invalid_grant",
                detail="refresh refused",
            ) from None

    def deauthorize(self, access_token: str, *, cancel: CancelToken | None = None) -> None:
        """Revoke the token and its refresh token on the server."""
        self.http.post_form(
            self.server.deauthorize_url,
            {"client_id": self.settings.client_id},
            headers={"Authorization": f"Bearer {access_token}"},
            cancel=cancel,
        )


# --------------------------------------------------------------------------- signed-in state


class Authenticator:
    """The signed-in state for one server (see the module doc). Thread-safe."""

    def __init__(
        self,
        server: Server,
        http: HttpSession,
        credentials: CredentialStore,
        oauth: OAuthClient,
    ) -> None:
        self.server = server
        self.http = http
        self.credentials = credentials
        self.oauth = oauth
        self._lock = threading.Lock()
        self._tokens: TokenSet | None = None
        self.identity: Identity | None = None
        # Told (on any thread) when the service refuses the refresh token: a new sign-in is
        # needed. The UI offers "Sign in again" and keeps what every page shows.
        self.sign_in_ended: list[Callable[[], None]] = []
        # The firm's application is looked up once, when first needed (it reads the keyring).
        self._application_checked = oauth.settings != OAuthSettings()

    def use_application(self, application: FirmApplication, secret: str) -> None:
        """Sign in (and refresh) with the firm's own application from now on."""
        register_secret(secret)
        with self._lock:
            self.oauth.settings = OAuthSettings.for_application(application, secret)
            self._application_checked = True

    def settle_application(self) -> None:
        """Use the application saved for this server, if there is one and its secret is in
        the keyring (else the built-in client, which such a server refuses: the sign-in window
        then offers to connect the firm's account)."""
        with self._lock:
            if self._application_checked:
                return
            self._application_checked = True
        application = load_application(self.server.origin)
        if application is None:
            return
        secret = self.credentials.load_application_secret(self.server.origin)
        if secret is None:
            log.warning("the firm's application for %s has no secret here", self.server.origin)
            return
        register_secret(secret)
        with self._lock:
            self.oauth.settings = OAuthSettings.for_application(application, secret)

    @property
    def signed_in(self) -> bool:
        return self._tokens is not None

    def sign_in(
        self,
        *,
        login_hint: str | None = None,
        timeout: float = SIGN_IN_TIMEOUT,
        cancel: CancelToken | None = None,
    ) -> Identity:
        self.settle_application()
        tokens = self.oauth.sign_in(login_hint=login_hint, timeout=timeout, cancel=cancel)
        self._use(tokens)
        identity = self._who_am_i(login_hint, cancel)
        with self._lock:
            self.identity = identity
            current = self._tokens or tokens
        self.credentials.save(self.server.origin, identity.key, current)
        log.info("signed in to %s (user %s)", self.server.origin, identity.user_id)
        return identity

    def restore(self, user_key: str) -> bool:
        """Use tokens saved for `user_key` on this server (no network). False if none."""
        tokens = self.credentials.load(self.server.origin, user_key)
        if tokens is None:
            return False
        register_secret(tokens.access_token)
        register_secret(tokens.refresh_token)
        with self._lock:
            self.identity = Identity(user_key)
        self._use(tokens)
        return True

    def _use(self, tokens: TokenSet) -> None:
        with self._lock:
            self._tokens = tokens
        self.http.set_token(tokens.access_token)
        self.http.set_refresher(self.refresh)
        self.http.refresh_ahead = self.refresh_due

    def refresh_due(self) -> bool:
        """Asked by the HttpSession before each request: should the token be refreshed first?"""
        with self._lock:
            tokens = self._tokens
        if tokens is None or not tokens.refresh_due():
            return False
        log.info("refreshing the access token ahead of its expiry")
        return True

    def _who_am_i(self, login_hint: str | None, cancel: CancelToken | None) -> Identity:
        try:
            answer = self.http.get_json(
                "/api/v4/users/who_am_i.json", {"fields": "id,name,email"}, cancel=cancel
            )
        except NotFound:
            # A server without who_am_i: key the entry by what the person typed.
            return Identity(login_hint or "default")
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            raise BadResponse(detail="who_am_i without data")
        user_id = data.get("id")
        name = data.get("name")
        email = data.get("email")
        uid = user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None
        mail = email if isinstance(email, str) and email else None
        return Identity(
            key=mail or (str(uid) if uid is not None else login_hint or "default"),
            user_id=uid,
            name=name if isinstance(name, str) else None,
            email=mail,
        )

    def refresh(self) -> str:
        """The HttpSession's refresher: rotate the tokens, save them, return the new access
        token. Raises `AuthenticationRequired` (and forgets the tokens) when refused."""
        with self._lock:
            tokens = self._tokens
            identity = self.identity
        if tokens is None or not tokens.refresh_token:
            self._announce_sign_in_ended()
            raise AuthenticationRequired(status=401, error_type="no_refresh_token")
        self.settle_application()
        try:
            fresh = self.oauth.refresh(tokens.refresh_token)
        except AuthenticationRequired:
            self._forget()
            self._announce_sign_in_ended()
            raise
        with self._lock:
            self._tokens = fresh
        if identity is not None:
            self.credentials.save(self.server.origin, identity.key, fresh)
        log.info("access token refreshed")
        return fresh.access_token

    def _announce_sign_in_ended(self) -> None:
        log.info("the service refused the sign-in; a new one is needed")
        for listener in list(self.sign_in_ended):
            listener()

    def sign_out(self, *, cancel: CancelToken | None = None) -> None:
        """Revoke on the server (best effort: offline still signs out here), then forget."""
        with self._lock:
            tokens = self._tokens
        if tokens is not None:
            self.settle_application()
            try:
                self.oauth.deauthorize(tokens.access_token, cancel=cancel)
            except AccountDeskError as exc:
                log.warning("deauthorize failed (%s); forgetting the tokens anyway", exc.detail)
        self._forget()

    def _forget(self) -> None:
        with self._lock:
            identity = self.identity
            self._tokens = None
        self.http.set_token(None)
        if identity is not None:
            self.credentials.delete(self.server.origin, identity.key)

    def discover(self, *, cancel: CancelToken | None = None) -> Mode:
        """Does the server offer /self-service/v1/? (GET account: 200/401/403 yes, 404 no.)"""
        try:
            self.http.get_json(self.server.self_service_base + "account", cancel=cancel)
        except NotFound:
            return Mode.EXPORT_AND_GUIDE
        except (PermissionDenied, AuthenticationRequired):
            return Mode.SELF_SERVICE
        except HttpError as exc:
            log.info("self-service discovery got HTTP %d; assuming none", exc.status)
            return Mode.EXPORT_AND_GUIDE
        return Mode.SELF_SERVICE
