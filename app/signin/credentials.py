"""Tokens in the operating system's keyring, and only there (or in memory).

`CredentialStore` wraps keyring: service `account-desk`, one entry per server origin and user,
holding access token, refresh token and expiry as one JSON secret, and one entry per server for
the secret of the firm's own developer application (app.signin.firm_app). It detects a keyring that
cannot work (the fail/null backends) up front, and catches keyring errors on get, set and
delete; in both cases it keeps tokens in memory for this run only, sets `persistent = False`
and offers `notice`, a sentence for the UI. It never falls back to a file.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import keyring
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "account-desk"
REFRESH_AHEAD_SECONDS = 60.0
REFRESH_AHEAD_SHARE = 0.1

NO_KEYRING_NOTICE = (
    "This computer has no working password store (keyring), so Account Desk keeps your "
    "sign-in only until you quit. You will need to sign in again next time."
)


@dataclass(frozen=True)
class TokenSet:
    """What OAuth gave us. `repr` never shows the tokens."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    expires_at: datetime | None = None  # UTC, by this computer's clock
    lifetime: float | None = None  # seconds the access token was given for (expires_in)

    @classmethod
    def from_oauth(cls, answer: dict[str, Any], now: datetime | None = None) -> TokenSet:
        """From a token endpoint answer (`access_token`, `refresh_token`, `expires_in`)."""
        access = answer.get("access_token")
        if not isinstance(access, str) or not access:
            raise ValueError("the token answer has no access_token")
        refresh = answer.get("refresh_token")
        expires_in = answer.get("expires_in")
        expires_at = None
        lifetime = None
        if isinstance(expires_in, (int, float)) and not isinstance(expires_in, bool):
            lifetime = float(expires_in)
            expires_at = (now or datetime.now(UTC)) + timedelta(seconds=lifetime)
        return cls(
            access, refresh if isinstance(refresh, str) and refresh else None, expires_at, lifetime
        )

    def refresh_margin(self) -> float:
        """Seconds before expiry at which to refresh: 60, or a tenth of the lifetime for a
        token given for less than ten minutes (so a short-lived token is still used)."""
        if self.lifetime is None or self.lifetime <= 0:
            return REFRESH_AHEAD_SECONDS
        return min(REFRESH_AHEAD_SECONDS, self.lifetime * REFRESH_AHEAD_SHARE)

    def refresh_due(self, now: datetime | None = None) -> bool:
        """True when the access token should be refreshed before the next request."""
        return self.refresh_token is not None and self.expired(now, self.refresh_margin())

    def expired(self, now: datetime | None = None, margin: float = 30.0) -> bool:
        """True when the access token is expired or about to (within `margin` seconds)."""
        if self.expires_at is None:
            return False
        return (now or datetime.now(UTC)) >= self.expires_at - timedelta(seconds=margin)

    def to_secret(self) -> str:
        stored: dict[str, Any] = {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }
        if self.lifetime is not None:
            stored["lifetime"] = self.lifetime
        return json.dumps(stored)

    @classmethod
    def from_secret(cls, secret: str) -> TokenSet | None:
        """Parse a stored secret; None when it is not one of ours."""
        try:
            raw = json.loads(secret)
            access = raw["access_token"]
            refresh = raw.get("refresh_token")
            expires = raw.get("expires_at")
            expires_at = datetime.fromisoformat(expires) if isinstance(expires, str) else None
            lifetime = raw.get("lifetime")
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if not isinstance(access, str) or not access:
            return None
        if not isinstance(lifetime, (int, float)) or isinstance(lifetime, bool):
            lifetime = None
        return cls(access, refresh if isinstance(refresh, str) else None, expires_at, lifetime)


def entry_name(origin: str, user: str) -> str:
    """The keyring "username" for one user on one server."""
    return f"{user} @ {origin}"


def application_entry_name(origin: str) -> str:
    """The keyring "username" for the secret of the firm's application on one server."""
    return f"application secret @ {origin}"


def _backend_usable(backend: Any) -> bool:
    """False for keyring's fail and null backends (and a chainer that holds nothing else)."""
    module = type(backend).__module__
    if module in ("keyring.backends.fail", "keyring.backends.null"):
        return False
    inner = getattr(backend, "backends", None)
    if module == "keyring.backends.chainer" and isinstance(inner, list):
        return any(_backend_usable(b) for b in inner)
    try:
        priority = float(backend.priority)
    except Exception:  # some backends compute priority and fail doing so
        return False
    return priority > 0


class CredentialStore:
    """One per app run; thread-safe. See the module doc."""

    def __init__(self, backend: Any | None = None) -> None:
        self._lock = threading.Lock()
        self._memory: dict[str, TokenSet] = {}
        self._application_secrets: dict[str, str] = {}
        try:
            self._backend = backend if backend is not None else keyring.get_keyring()
            usable = _backend_usable(self._backend)
        except Exception as exc:  # a backend can fail while being chosen
            log.warning("no keyring backend (%s)", type(exc).__name__)
            self._backend, usable = None, False
        self._persistent = usable
        if not usable:
            log.warning("no usable keyring; sign-ins are kept in memory only")

    @property
    def persistent(self) -> bool:
        """True while tokens are saved in the OS keyring; False: memory only, this run."""
        return self._persistent

    @property
    def notice(self) -> str | None:
        """What to tell the person when tokens cannot be saved; None when all is well."""
        return None if self._persistent else NO_KEYRING_NOTICE

    def _give_up_on_keyring(self, action: str, exc: BaseException) -> None:
        # Never the exception text: some backends echo what they were given.
        log.warning(
            "keyring %s failed (%s); keeping sign-ins in memory only", action, type(exc).__name__
        )
        self._persistent = False

    def load(self, origin: str, user: str) -> TokenSet | None:
        name = entry_name(origin, user)
        with self._lock:
            if name in self._memory:
                return self._memory[name]
            secret = self._keyring_get(name)
            tokens = TokenSet.from_secret(secret) if secret is not None else None
            if tokens is not None:
                self._memory[name] = tokens
            return tokens

    def save(self, origin: str, user: str, tokens: TokenSet) -> None:
        name = entry_name(origin, user)
        with self._lock:
            self._memory[name] = tokens
            self._keyring_set(name, tokens.to_secret())

    def delete(self, origin: str, user: str) -> None:
        """Forget the tokens here and in the keyring (missing entries are fine)."""
        name = entry_name(origin, user)
        with self._lock:
            self._memory.pop(name, None)
            self._keyring_delete(name)

    # -- the firm's application secret (one per server) ---------------------------------------

    def load_application_secret(self, origin: str) -> str | None:
        name = application_entry_name(origin)
        with self._lock:
            if name in self._application_secrets:
                return self._application_secrets[name]
            secret = self._keyring_get(name)
            if not secret:
                return None
            self._application_secrets[name] = secret
            return secret

    def save_application_secret(self, origin: str, secret: str) -> None:
        name = application_entry_name(origin)
        with self._lock:
            self._application_secrets[name] = secret
            self._keyring_set(name, secret)

    def delete_application_secret(self, origin: str) -> None:
        name = application_entry_name(origin)
        with self._lock:
            self._application_secrets.pop(name, None)
            self._keyring_delete(name)

    # -- the keyring itself (called with the lock held) ---------------------------------------

    def _keyring_get(self, name: str) -> str | None:
        """The keyring's entry; None when there is none or the keyring is not used."""
        if not self._persistent:
            return None
        try:
            secret = self._backend.get_password(SERVICE, name)
        except Exception as exc:
            self._give_up_on_keyring("get", exc)
            return None
        return secret if isinstance(secret, str) else None

    def _keyring_set(self, name: str, secret: str) -> None:
        if not self._persistent:
            return
        try:
            self._backend.set_password(SERVICE, name, secret)
        except Exception as exc:
            self._give_up_on_keyring("set", exc)

    def _keyring_delete(self, name: str) -> None:
        if not self._persistent:
            return
        try:
            self._backend.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing stored: already forgotten
        except Exception as exc:
            self._give_up_on_keyring("delete", exc)
