"""The signed-in state the whole app shares: which server, who, what the server offers, the
clients to talk to it, and whether it can be reached right now (else the last known state).

    session = Session.create(server)                 # nothing sent yet
    session.sign_in(cancel=token)                    # browser flow, then connect()
    # or, on a later start:
    if session.restore(settings.last_user):          # tokens from the keyring, no network
        try:
            session.connect(cancel=token)            # who, mode, account: online
        except (ConnectionFailed, TimedOut):
            session.use_last_known()                 # offline: the cached state
    session.selfservice.account()                    # None in export-and-guide mode

Pages take it through a small Protocol of what they use (`selfservice`, `identity`, `mode`,
`cache`, ...). Everything here blocks; the UI runs it through ui.common.background. Listeners added
with `add_listener` hear about connection changes from whichever thread noticed them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from app import config
from app.account.models import Account
from app.account.selfservice import SelfServiceClient
from app.errors import (
    AccountDeskError,
    ConnectionFailed,
    HttpError,
    NotFound,
    TimedOut,
)
from app.net.http import CancelToken, HttpSession, RetryPolicy, Timeouts
from app.net.servers import Region, Server, local_server, validate_address
from app.signin.credentials import CredentialStore
from app.signin.demo_login import DemoBrowser
from app.signin.oauth import Authenticator, Identity, Mode, OAuthClient
from app.state_cache import ACCOUNT, IDENTITY, MODE, StateCache

log = logging.getLogger(__name__)

# How long the reachability check waits: an unreachable server should turn into the offline
# view within seconds, not after the full retry schedule of a normal call.
PROBE_TIMEOUTS = Timeouts(connect=4.0, read=10.0)
WHO_AM_I = "/api/v4/users/who_am_i.json"

# Errors that mean "the server could not be reached", as opposed to an answer.
UNREACHABLE = (ConnectionFailed, TimedOut)


class ConnectionStatus(Enum):
    UNKNOWN = "unknown"  # not tried yet
    ONLINE = "online"
    OFFLINE = "offline"  # showing the last known state


class _MemoryKeyring:
    """A keyring that forgets on exit. Demo mode's server runs on a new port every time, so
    saving its tokens in the OS keyring would only leave entries nobody can use again."""

    priority = 1

    def __init__(self) -> None:
        self._secrets: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            self._secrets.pop((service, username), None)


class CachingTransport:
    """The self-service client's transport: every answer read from the server is kept in the
    session's `StateCache` under its path below the self-service base (e.g. "account"); when
    the server cannot be reached, the last known answer is given instead and the session turns
    offline. Writes (closing, feedback) always go to the server."""

    def __init__(self, session: Session, base_url: str) -> None:
        self._session = session
        self._base = base_url.rstrip("/") + "/"

    def _key(self, url: str) -> str:
        path = self._session.http.resolve(url)
        return path[len(self._base) :] if path.startswith(self._base) else urlsplit(path).path

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        session = self._session
        key = self._key(url)
        cache = session.cache if not params else None
        if session.status is ConnectionStatus.OFFLINE and cache is not None:
            # Known offline: answer at once; the app's reconnect attempts bring it back.
            entry = cache.load(key)
            if entry is not None:
                return entry[0]
        try:
            answer = session.http.get_json(url, params)
        except UNREACHABLE:
            entry = cache.load(key) if cache is not None else None
            if entry is None:
                raise
            session._set_status(ConnectionStatus.OFFLINE, entry[1])
            return entry[0]
        if cache is not None:
            try:
                fetched = cache.save(key, answer)
            except (OSError, ValueError, TypeError) as exc:
                log.warning("could not keep %s for offline use (%s)", key, type(exc).__name__)
            else:
                session._set_status(ConnectionStatus.ONLINE, fetched)
        return answer

    def post_json(self, url: str, body: Any, headers: Mapping[str, str] | None = None) -> Any:
        return self._session.http.post_json(url, body, headers)

    def delete_json(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
        return self._session.http.delete_json(url, headers)


class Session:
    """See the module doc. Thread-safe enough for one GUI thread plus worker jobs: the fields
    are replaced whole, never mutated in place."""

    def __init__(
        self,
        server: Server,
        http: HttpSession,
        auth: Authenticator,
        *,
        demo: bool = False,
    ) -> None:
        self.server = server
        self.http = http
        self.auth = auth
        self.demo = demo
        self.mode: Mode = Mode.SELF_SERVICE
        self.identity: Identity | None = None
        self.selfservice: SelfServiceClient | None = None
        self.firm_name: str | None = None
        self.cache: StateCache | None = None
        self.status = ConnectionStatus.UNKNOWN
        # When what is on screen was fetched (the cached account's time when offline).
        self.last_refresh: datetime | None = None
        self._listeners: list[Callable[[Session], None]] = []
        self._lock = threading.Lock()

    @classmethod
    def create(
        cls,
        server: Server,
        *,
        demo: bool = False,
        credentials: CredentialStore | None = None,
        open_browser: Callable[[str], object] | None = None,
    ) -> Session:
        """A signed-out session for `server`. Demo sessions keep tokens in memory and sign in
        through `DemoBrowser` unless told otherwise."""
        http = HttpSession(server.origin)
        if credentials is None:
            credentials = CredentialStore(_MemoryKeyring()) if demo else CredentialStore()
        if open_browser is None and demo:
            open_browser = DemoBrowser()
        oauth = (
            OAuthClient(server, http, open_browser=open_browser)
            if open_browser is not None
            else OAuthClient(server, http)
        )
        return cls(server, http, Authenticator(server, http, credentials, oauth), demo=demo)

    # -- observers ----------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[Session], None]) -> None:
        """`listener(session)` is called (on any thread) when the connection status or the
        time of the last answer changes."""
        self._listeners.append(listener)

    def _set_status(self, status: ConnectionStatus, as_of: datetime | None) -> None:
        with self._lock:
            previous = (self.status, self.last_refresh)
            self.status = status
            if as_of is not None and (
                status is ConnectionStatus.ONLINE
                or self.last_refresh is None
                or as_of < self.last_refresh  # offline: the oldest answer shown counts
            ):
                self.last_refresh = as_of
            changed = (self.status, self.last_refresh) != previous
        if previous[0] is not status:
            log.info("connection to %s: %s", self.server.origin, status.value)
        if changed:
            for listener in list(self._listeners):
                listener(self)

    @property
    def online(self) -> bool:
        return self.status is ConnectionStatus.ONLINE

    @property
    def signed_in(self) -> bool:
        return self.identity is not None

    @property
    def keyring_notice(self) -> str | None:
        """A sentence for the person when tokens cannot be kept in the keyring (None: fine).
        Demo sessions keep them in memory on purpose and never say so."""
        return None if self.demo else self.auth.credentials.notice

    @property
    def display_name(self) -> str | None:
        identity = self.identity
        if identity is None:
            return None
        return identity.name or identity.email or identity.key

    # -- signing in ---------------------------------------------------------------------------

    def sign_in(self, *, login_hint: str | None = None, cancel: CancelToken | None = None) -> None:
        """The browser flow (OAuth with PKCE), then `connect()`. Raises the core's errors."""
        identity = self.auth.sign_in(login_hint=login_hint, cancel=cancel)
        self._adopt_identity(identity)
        self.connect(cancel=cancel)
        self.remember()

    def sign_in_again(self, cancel: CancelToken | None = None) -> None:
        """A fresh sign-in of the same person, in place (the server asks for one before
        closing the account): new tokens for this session, everything else kept."""
        identity = self.identity
        if identity is None:
            raise RuntimeError("sign_in_again() needs a signed-in session")
        fresh = self.auth.sign_in(login_hint=identity.email or None, cancel=cancel)
        if fresh.key != identity.key:
            # Someone else signed in in the browser: this session is now theirs.
            self._adopt_identity(fresh)
            self.connect(cancel=cancel)
            self.remember()
            return
        self.identity = replace(
            identity,
            name=fresh.name or identity.name,
            email=fresh.email or identity.email,
            user_id=fresh.user_id if fresh.user_id is not None else identity.user_id,
        )

    def restore(self, user_key: str) -> bool:
        """Use this user's tokens from the keyring (no network). False when none are saved."""
        if not self.auth.restore(user_key):
            return False
        self._adopt_identity(Identity(user_key))
        return True

    def _adopt_identity(self, identity: Identity) -> None:
        self.identity = identity
        self.cache = StateCache(self.server.origin, identity.key)

    def check_reachable(self, cancel: CancelToken | None = None) -> None:
        """Raise ConnectionFailed / TimedOut quickly when the server cannot be reached (any
        HTTP answer, even an error, means it can)."""
        probe = HttpSession(
            self.server.origin, timeouts=PROBE_TIMEOUTS, retry=RetryPolicy(max_attempts=1)
        )
        try:
            probe.request("GET", WHO_AM_I, authenticate=False, cancel=cancel)
        except HttpError:
            pass
        finally:
            probe.close()

    def connect(self, cancel: CancelToken | None = None) -> None:
        """Online: who is signed in, what the server offers, the firm's account. Raises
        ConnectionFailed / TimedOut when the server cannot be reached (see `use_last_known`),
        AuthenticationRequired when the saved sign-in no longer works."""
        if self.identity is None:
            raise RuntimeError("connect() needs a signed-in session")
        self.check_reachable(cancel)
        identity = self._who_am_i(self.identity, cancel)
        self.identity = identity
        cache = self.cache
        mode = self.auth.discover(cancel=cancel)
        self.mode = mode
        if cache is not None:
            cache.save(IDENTITY, _identity_json(identity))
            cache.save(MODE, mode.value)
        if mode is Mode.SELF_SERVICE:
            client = SelfServiceClient(
                CachingTransport(self, self.server.self_service_base),
                self.server.self_service_base,
            )
            self.selfservice = client
            self._set_status(ConnectionStatus.ONLINE, None)
            account = client.account()
            self.firm_name = account.firm.name
        else:
            self.selfservice = None
            self.firm_name = None
        self._set_status(ConnectionStatus.ONLINE, datetime.now(UTC))

    def use_last_known(self) -> bool:
        """Offline: who, mode and firm from the cache, the self-service client answering from
        it. False when nothing was ever cached for this user here (the session is still usable,
        with less to show)."""
        cache = self.cache
        if cache is None or self.identity is None:
            return False
        found = False
        entry = cache.load(IDENTITY)
        if entry is not None and isinstance(entry[0], dict):
            self.identity = _identity_from_json(entry[0], self.identity.key)
            found = True
        entry = cache.load(MODE)
        try:
            self.mode = Mode(entry[0]) if entry is not None else Mode.SELF_SERVICE
        except ValueError:
            self.mode = Mode.SELF_SERVICE
        as_of: datetime | None = None
        if self.mode is Mode.SELF_SERVICE:
            self.selfservice = SelfServiceClient(
                CachingTransport(self, self.server.self_service_base),
                self.server.self_service_base,
            )
            entry = cache.load(ACCOUNT)
            if entry is not None:
                try:
                    self.firm_name = Account.from_json(entry[0]).firm.name
                    as_of = entry[1]
                    found = True
                except AccountDeskError:
                    log.warning("the cached account is unreadable; ignoring it")
        with self._lock:
            self.last_refresh = None
        self._set_status(ConnectionStatus.OFFLINE, as_of)
        return found

    def _who_am_i(self, current: Identity, cancel: CancelToken | None) -> Identity:
        try:
            answer = self.http.get_json(WHO_AM_I, {"fields": "id,name,email"}, cancel=cancel)
        except NotFound:
            return current
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            return current
        updated = _identity_from_json(data, current.key)
        return replace(
            updated,
            name=updated.name or current.name,
            email=updated.email or current.email,
            user_id=updated.user_id if updated.user_id is not None else current.user_id,
        )

    def remember(self) -> None:
        """Save server and user for the next start (not in demo mode: its port changes)."""
        if self.demo or self.identity is None:
            return
        settings = config.load_settings()
        if self.server.region is Region.CUSTOM:
            settings = settings.with_server(self.server.origin)
        config.save_settings(
            replace(
                settings,
                last_server=self.server.origin,
                last_region=self.server.region.value,
                last_user=self.identity.key,
            )
        )

    # -- actions ------------------------------------------------------------------------------

    def advance_demo_clock(self, days: int) -> datetime:
        """Demo only: move the reference backend's clock on; returns the server's new time."""
        if not self.demo:
            raise RuntimeError("the clock can only be moved in demo mode")
        if self.selfservice is None:
            raise RuntimeError("the demo clock needs the self-service API")
        return self.selfservice.advance_demo_clock(days=days)

    def sign_out(self, cancel: CancelToken | None = None) -> None:
        """Revoke on the server (best effort) and forget the tokens; the settings forget the
        user so the next start asks again."""
        self.auth.sign_out(cancel=cancel)
        self.identity = None
        self.selfservice = None
        self.firm_name = None
        if not self.demo:
            settings = config.load_settings()
            if settings.last_user is not None:
                config.save_settings(replace(settings, last_user=None))

    def close(self) -> None:
        self.http.close()


def server_from_settings(address: str | None) -> Server | None:
    """The server a saved or typed address names (None when absent or unusable)."""
    if not address:
        return None
    try:
        server = validate_address(address)
    except ValueError:
        log.warning("the saved server address is not usable; asking again")
        return None
    # A server on this computer is the reference backend: say so rather than "127.0.0.1".
    return local_server(server.origin) if server.is_local else server


def _identity_json(identity: Identity) -> dict[str, Any]:
    return {
        "key": identity.key,
        "user_id": identity.user_id,
        "name": identity.name,
        "email": identity.email,
    }


def _identity_from_json(data: Mapping[str, Any], key: str) -> Identity:
    user_id = data.get("user_id", data.get("id"))
    name = data.get("name")
    email = data.get("email")
    return Identity(
        key=key,
        user_id=user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None,
        name=name if isinstance(name, str) and name else None,
        email=email if isinstance(email, str) and email else None,
    )
