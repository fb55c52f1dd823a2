"""The last known state per server and user, so the app opens offline: a small JSON file of
named entries (the self-service answers, who signed in, the mode), each with when it was fetched.

    cache = StateCache(server.origin, identity.key)
    cache.save(ACCOUNT, answer)                    # any JSON value; written atomically
    entry = cache.load(ACCOUNT)                    # (data, fetched_at) or None
    if entry is not None:
        data, fetched_at = entry

One file per server and user under the state folder. Never tokens: `save` refuses data whose
keys look like secrets (as the settings file does), and nothing sign-in related is stored here.
A missing, unreadable or foreign file reads as empty (logged), never as an error.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import config
from app.jsonstore import read_object, write_object

log = logging.getLogger(__name__)

CACHE_FOLDER = "last-known"
CACHE_VERSION = 1

# Entry names the app itself fills (the self-service client's answers are stored under their
# path below /self-service/v1/, see app.session.CachingTransport).
ACCOUNT = "account"
PAYMENTS = "payments/summary"
TRUST = "trust/summary"
RETENTION = "retention"
SUPPORT = "support"
CANCELLATION_REASONS = "cancellation/reasons"
IDENTITY = "identity"
MODE = "mode"

# Not "authorization": payments/summary has "pending_authorizations", which is no secret.
_SECRET_WORDS = ("token", "secret", "password", "verifier")

Entry = tuple[Any, datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def cache_file(origin: str, user_key: str, directory: Path | None = None) -> Path:
    """Where the cache of this user on this server lives (a hash: no e-mail in file names)."""
    digest = hashlib.sha256(f"{origin}\n{user_key}".encode()).hexdigest()[:24]
    folder = directory or (config.paths().state_dir / CACHE_FOLDER)
    return folder / f"{digest}.json"


class StateCache:
    """Thread-safe; one per signed-in user and server. See the module doc."""

    def __init__(
        self,
        origin: str,
        user_key: str,
        *,
        directory: Path | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.origin = origin
        self.user_key = user_key
        self.path = cache_file(origin, user_key, directory)
        self._clock = clock
        self._lock = threading.Lock()

    def load(self, key: str) -> Entry | None:
        """`(data, fetched_at)` of the entry `key`, or None when there is none."""
        with self._lock:
            entry = self._read().get(key)
        if not isinstance(entry, dict) or "data" not in entry:
            return None
        try:
            fetched_at = datetime.fromisoformat(str(entry["fetched_at"]))
        except (KeyError, ValueError):
            return None
        if fetched_at.tzinfo is None:
            return None
        return entry["data"], fetched_at

    def save(self, key: str, data: Any, fetched_at: datetime | None = None) -> datetime:
        """Store `data` (a JSON value) as the entry `key`; returns its time stamp."""
        _refuse_secrets(data)
        when = fetched_at or self._clock()
        with self._lock:
            entries = self._read()
            entries[key] = {"data": data, "fetched_at": when.astimezone(UTC).isoformat()}
            self._write(entries)
        return when

    def keys(self) -> list[str]:
        with self._lock:
            return sorted(self._read())

    def clear(self) -> None:
        """Forget everything known about this user on this server."""
        with self._lock:
            self.path.unlink(missing_ok=True)

    # -- the file ---------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        raw = read_object(self.path, "state cache")
        if (
            raw is None
            or raw.get("version") != CACHE_VERSION
            or raw.get("origin") != self.origin
            or raw.get("user") != self.user_key
            or not isinstance(raw.get("entries"), dict)
        ):
            return {}
        entries: dict[str, Any] = raw["entries"]
        return entries

    def _write(self, entries: dict[str, Any]) -> None:
        document = {
            "version": CACHE_VERSION,
            "origin": self.origin,
            "user": self.user_key,
            "entries": entries,
        }
        write_object(self.path, document)


def _refuse_secrets(value: Any) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if any(word in str(key).lower() for word in _SECRET_WORDS):
                raise ValueError(f"the state cache must not hold secrets ({key!r})")
            _refuse_secrets(inner)
    elif isinstance(value, list):
        for inner in value:
            _refuse_secrets(inner)
