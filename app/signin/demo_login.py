"""Demo mode's sign-in without a browser: the demo firm's people, and a stand-in for the system
browser that walks the real OAuth flow.

The reference backend started with `--demo-controls` answers an authorize request carrying
`login_hint=<a seeded user's e-mail>` with the 302 to the app's loopback listener at once, if
the request also carries the secret the app handed that backend when it started it (app.demo):
other programs on the computer get the password page. So `DemoBrowser` does what a browser
would, plus the secret: it fetches the authorize URL and follows that one redirect to the app's
own listener. Everything else (PKCE, state, the code exchange) is the app's normal sign-in. The
core may not import the backend, so the people are kept here as data (a test checks they match
the backend's).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

import requests

from app.errors import ConnectionFailed, SignInFailed, TimedOut
from app.net.http import is_loopback_host, web_session

log = logging.getLogger(__name__)

# Seconds for each of the two requests; both go to this computer.
REQUEST_TIMEOUT = 15.0


class DemoRole(StrEnum):
    PRIMARY_SUBSCRIBER = "primary_subscriber"
    ADMINISTRATOR = "administrator"
    ATTORNEY = "attorney"
    STAFF = "staff"


@dataclass(frozen=True)
class DemoUser:
    user_id: int
    name: str
    email: str
    role: DemoRole


FIRM_NAME = "Harbor & Finch LLP"

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        1, "Margaret Harbor", "margaret.harbor@harborfinch.example", DemoRole.PRIMARY_SUBSCRIBER
    ),
    DemoUser(2, "Daniel Okafor", "daniel.okafor@harborfinch.example", DemoRole.ADMINISTRATOR),
    DemoUser(3, "Eleanor Finch", "eleanor.finch@harborfinch.example", DemoRole.ATTORNEY),
    DemoUser(4, "Rafael Ibáñez", "rafael.ibanez@harborfinch.example", DemoRole.ATTORNEY),
    DemoUser(5, "Priya Raman", "priya.raman@harborfinch.example", DemoRole.STAFF),
    DemoUser(6, "Tom Kowalski", "tom.kowalski@harborfinch.example", DemoRole.STAFF),
)


def demo_user(role: DemoRole | str = DemoRole.PRIMARY_SUBSCRIBER) -> DemoUser:
    """The first of the demo firm's people with that role."""
    wanted = DemoRole(role)
    return next(user for user in DEMO_USERS if user.role is wanted)


# The header that carries the secret; the backend's name for it is the same (server.oauth).
DEMO_SECRET_HEADER = "X-Demo-Secret"  # noqa: S105 - the name of a header

_secrets: dict[str, str] = {}  # origin of a demo service this process started -> its secret
_secrets_lock = threading.Lock()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def remember_demo_secret(url: str, secret: str) -> None:
    """The demo sign-in secret of the service at `url` (its origin), for `DemoBrowser`."""
    with _secrets_lock:
        _secrets[_origin(url)] = secret


def forget_demo_secret(url: str) -> None:
    with _secrets_lock:
        _secrets.pop(_origin(url), None)


def demo_secret_headers(url: str) -> dict[str, str]:
    """The header proving to the demo service at `url` that this app started it; nothing for
    any other origin, so the secret never goes elsewhere."""
    with _secrets_lock:
        secret = _secrets.get(_origin(url))
    return {} if secret is None else {DEMO_SECRET_HEADER: secret}


class DemoBrowser:
    """`open_browser` for app.signin.oauth.OAuthClient in demo mode (see the module doc).
    Called on the sign-in worker thread; raises the core's errors when the demo service will not
    sign in."""

    def __init__(self, timeout: float = REQUEST_TIMEOUT) -> None:
        self.timeout = timeout

    def __call__(self, authorize_url: str) -> bool:
        with web_session() as web:
            answer = self._get(web, authorize_url, demo_secret_headers(authorize_url))
            location = answer.headers.get("Location", "")
            if answer.status_code not in (302, 303) or not location:
                raise SignInFailed(
                    "The demo service did not sign in the demo user.",
                    code="demo_sign_in_failed",
                    detail=f"authorize answered HTTP {answer.status_code} without a redirect",
                )
            target = urlsplit(location)
            # A browser would go anywhere; this one only to the app's own loopback listener.
            if target.scheme != "http" or not is_loopback_host(target.hostname or ""):
                raise SignInFailed(detail="demo authorize redirected away from this computer")
            self._get(web, location)
        return True

    def _get(
        self, web: requests.Session, url: str, headers: dict[str, str] | None = None
    ) -> requests.Response:
        try:
            return web.get(url, headers=headers, allow_redirects=False, timeout=self.timeout)
        except requests.Timeout:
            raise TimedOut(detail="demo sign-in request timed out") from None
        except requests.RequestException as exc:
            # Never the exception text: it carries the URL, whose query holds the state.
            raise ConnectionFailed(detail=f"demo sign-in: {type(exc).__name__}") from None
