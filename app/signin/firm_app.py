"""The firm's own developer application, for a service without the built-in client (the real
Clio service): its key and the loopback redirect address registered with it, kept per server in
a small JSON file next to the settings; its secret only in the keyring (app.signin.credentials).

The redirect address is a loopback address on a port the app reserves (`REDIRECT_PORTS`): the
first one free on this computer, remembered per server so that the address to register stays
the same from one run to the next. `check_application` asks the service whether it accepts the
key, the secret and the redirect address before the browser is opened (see its doc for what
each answer proves).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import secrets
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from app import config
from app.errors import (
    AuthenticationRequired,
    ConnectionFailed,
    InvalidRequest,
    SignInFailed,
    TimedOut,
)
from app.net.http import CancelToken, HttpSession, check_url, web_session
from app.net.servers import Server

log = logging.getLogger(__name__)

APPLICATIONS_FILE = "firm-applications.json"
CALLBACK_PATH = "/callback"
# The ports the app reserves for its redirect address, first choice first.
REDIRECT_PORTS: tuple[int, ...] = (53682, 53683, 53684, 53685, 53686)
DEVELOPER_APPLICATIONS_PATH = "/settings/developer_applications"
PAGE_TIMEOUT = 15.0  # seconds for the authorization page check

# Codes of the SignInFailed errors raised here and by the OAuth client for a firm's application.
APPLICATION_REFUSED = "application_refused"
REDIRECT_NOT_REGISTERED = "redirect_not_registered"
PORT_BUSY = "redirect_port_busy"

_lock = threading.Lock()


def redirect_uri_for(port: int) -> str:
    return f"http://127.0.0.1:{port}{CALLBACK_PATH}"


def developer_applications_url(server: Server) -> str:
    """Where the service lists the firm's developer applications (Clio: Settings, Developer
    Applications, on the region's host)."""
    return server.origin + DEVELOPER_APPLICATIONS_PATH


@dataclass(frozen=True)
class FirmApplication:
    """The firm's application as registered with one server. No secret here, ever."""

    origin: str
    client_id: str
    redirect_port: int

    @property
    def redirect_uri(self) -> str:
        return redirect_uri_for(self.redirect_port)


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name != "nt":
            # As the listener binds (http.server): a port whose last connections are still
            # closing (TIME_WAIT) is free to listen on; one another program listens on is not.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen(1)  # with SO_REUSEADDR, only listening shows a port someone listens on
        except OSError:
            return False
    return True


def choose_redirect_port(preferred: int | None = None) -> int:
    """The port for the redirect address: `preferred` (the one remembered for this server) while
    it is free, else the first free one of `REDIRECT_PORTS`. Raises SignInFailed (PORT_BUSY)
    when every one is taken."""
    candidates = ([preferred] if preferred else []) + [p for p in REDIRECT_PORTS if p != preferred]
    for port in candidates:
        if port_is_free(port):
            return port
    raise port_busy_error(preferred or REDIRECT_PORTS[0])


def port_busy_error(port: int) -> SignInFailed:
    return SignInFailed(
        "Another program on this computer is using the port of the redirect address.",
        code=PORT_BUSY,
        params={"port": str(port)},
        detail=f"port {port} is in use",
    )


# --------------------------------------------------------------------------- the settings file


def _path() -> Path:
    return config.paths().config_dir / APPLICATIONS_FILE


def _read() -> dict[str, Any]:
    try:
        raw = json.loads(_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("cannot read %s (%s); no application is known", APPLICATIONS_FILE, exc)
        return {}
    return raw if isinstance(raw, dict) else {}


def load_application(origin: str) -> FirmApplication | None:
    """The application saved for the server at `origin`, or None."""
    with _lock:
        entry = _read().get(origin)
    if not isinstance(entry, dict):
        return None
    client_id, port = entry.get("client_id"), entry.get("redirect_port")
    if not isinstance(client_id, str) or not client_id or not isinstance(port, int):
        return None
    return FirmApplication(origin, client_id, port)


def save_application(application: FirmApplication) -> None:
    with _lock:
        entries = _read()
        entries[application.origin] = {
            "client_id": application.client_id,
            "redirect_port": application.redirect_port,
        }
        config.atomic_write_text(_path(), json.dumps(entries, indent=2, sort_keys=True) + "\n")


def forget_application(origin: str) -> None:
    with _lock:
        entries = _read()
        if entries.pop(origin, None) is not None:
            config.atomic_write_text(_path(), json.dumps(entries, indent=2, sort_keys=True) + "\n")


# --------------------------------------------------------------------------- the check


def check_application(
    server: Server,
    http: HttpSession,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    *,
    cancel: CancelToken | None = None,
) -> None:
    """Ask the service, without signing anyone in, whether it knows the application.

    1. The token endpoint with a code that cannot exist, the key and the secret: the service
       checks the client first, so `invalid_client` means the key or the secret is refused, and
       `invalid_grant` (the made-up code) means both are accepted.
    2. The authorization page with the key and the redirect address, as a browser would first
       ask for it: a refusal (HTTP 400) means that address is not registered for the key.
       A service that sends a browser to its login page first (302) cannot be asked this way;
       the browser step then shows its answer.

    Raises SignInFailed (APPLICATION_REFUSED or REDIRECT_NOT_REGISTERED) or a network error.
    """
    form = {
        "grant_type": "authorization_code",
        "code": secrets.token_urlsafe(24),
        "redirect_uri": redirect_uri,
        "client_id": client_id,
        "client_secret": client_secret,
    }
    try:
        http.post_form(server.token_url, form, cancel=cancel)
    except AuthenticationRequired as exc:
        raise application_refused(exc.error_type or "401") from None
    except InvalidRequest as exc:
        if exc.error_type == "invalid_client":
            raise application_refused("invalid_client") from None
        log.info("application check: token endpoint says %s (key, secret accepted)", exc.error_type)
    else:
        log.warning("application check: a made-up code was accepted")
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "state": secrets.token_urlsafe(16),
    }
    # As a browser would ask, without following where the page sends it (a refusal sent back
    # to the redirect address would reach no listener).
    url = check_url(server.authorize_url)
    try:
        with web_session() as web:
            answer = web.get(url, params=params, allow_redirects=False, timeout=PAGE_TIMEOUT)
            status = answer.status_code
    except requests.Timeout:
        raise TimedOut(detail="authorization page check timed out") from None
    except requests.RequestException as exc:
        # Never the exception text: it carries the URL and its query.
        raise ConnectionFailed(detail=f"authorization page check: {type(exc).__name__}") from None
    if 400 <= status < 500:
        raise SignInFailed(
            "The service does not accept this redirect address for this application.",
            code=REDIRECT_NOT_REGISTERED,
            params={"redirect": redirect_uri},
            detail=f"authorize answered HTTP {status}",
        )
    log.info("application check: the authorization page answered HTTP %d", status)


def application_refused(detail: str) -> SignInFailed:
    return SignInFailed(
        "The service refused the application key or secret.",
        code=APPLICATION_REFUSED,
        detail=f"client refused: {detail}",
    )


def is_address_in_use(exc: OSError) -> bool:
    return exc.errno in (errno.EADDRINUSE, errno.EACCES) or getattr(exc, "winerror", 0) == 10048
