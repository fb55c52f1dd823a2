"""What the app remembers about a closing between runs, per server, in the profile.

`ClosingStore` keeps the pending idempotency key (until the outcome is known), the last
retention answer (so the countdown works offline), the closing day a person entered when the
service closed the account for them (assisted mode), and which milestones were already
announced. `KnownClosing` is what the app knows of a closing, from whichever source.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from app import config
from app.account.models import (
    AccountStatus,
    InvalidResponse,
    Person,
    Retention,
    retention_to_json,
)
from app.account.selfservice import new_idempotency_key
from app.closing.retention import (
    RetentionDates,
    compare,
    own_dates_for,
    retention_dates,
    retention_dates_for_day,
)
from app.jsonstore import read_object, write_object

log = logging.getLogger(__name__)

STORE_FILE = "closing.json"
STORE_VERSION = 1


@dataclass(frozen=True)
class PendingClosing:
    """A closing whose outcome is not known yet (on disk until it is)."""

    key: str
    created_at: datetime
    user_id: int | None


# --- what the app knows about a closing ----------------------------------------------------


class ClosingSource(StrEnum):
    SERVER = "server"  # the server's retention answer (self-service)
    ENTERED = "entered"  # the day the person entered after closing with the service


@dataclass(frozen=True)
class KnownClosing:
    """A closing the app can count down from. `server` is the server's own answer when there is
    one; `dates` are what the countdown uses (the server's dates, or computed from the day the
    person entered); `own` is the app's computation from the closing instant."""

    source: ClosingSource
    dates: RetentionDates
    own: RetentionDates
    server: Retention | None = None
    designated_user: Person | None = None

    @property
    def disagreements(self) -> list[Any]:
        return [] if self.server is None else compare(self.server, self.own)


def known_closing_from(retention: Retention) -> KnownClosing | None:
    """The countdown's dates from a server answer (None while the account is open)."""
    own = own_dates_for(retention)
    if retention.account_status is not AccountStatus.CLOSED or own is None:
        return None
    # A closed answer carries these (Retention.from_json refuses one without them).
    assert retention.content_last_day is not None and retention.content_deleted_at is not None
    dates = RetentionDates(
        closed_at=own.closed_at,
        content_last_day=retention.content_last_day,
        content_deleted_at=retention.content_deleted_at,
        escrow_last_day=retention.escrow_last_day if retention.escrow_enabled else None,
        escrow_ends_at=retention.escrow_ends_at if retention.escrow_enabled else None,
    )
    return KnownClosing(
        ClosingSource.SERVER, dates, own, retention, designated_user=retention.designated_user
    )


def known_closing_scheduled(retention: Retention, now: datetime) -> KnownClosing | None:
    """A closing the server scheduled for the end of the period, once its instant has passed:
    the account closes by itself then, so the countdown runs from that instant even before the
    app hears from the server again (None before the instant, or with nothing scheduled)."""
    at = retention.closing_scheduled_at
    if retention.account_status is not AccountStatus.ACTIVE or at is None or now < at:
        return None
    dates = retention_dates(at, retention.escrow_enabled)
    return KnownClosing(ClosingSource.SERVER, dates, dates)


def known_closing_entered(closed_on: date, escrow: bool) -> KnownClosing:
    dates = retention_dates_for_day(closed_on, escrow)
    return KnownClosing(ClosingSource.ENTERED, dates, dates)


@dataclass(frozen=True)
class CachedRetention:
    retention: Retention
    fetched_at: datetime  # this computer's clock when the answer arrived
    # server_time - this computer's time at that moment: lets the countdown follow the
    # server's clock (which the demo moves) while offline.
    clock_offset: timedelta


@dataclass(frozen=True)
class EnteredClosing:
    closed_on: date
    escrow: bool
    entered_at: datetime


_store_lock = threading.Lock()


class ClosingStore:
    """The profile's record of closings, one section per server origin, in the state folder.
    Every write replaces the file atomically; no secret is ever stored here."""

    def __init__(self, server_origin: str, path: Path | None = None) -> None:
        self.server_origin = server_origin.rstrip("/")
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or (config.paths().state_dir / STORE_FILE)

    # -- raw file

    def _read_all(self) -> dict[str, Any]:
        raw = read_object(self.path, "closing record")
        if raw is None or not isinstance(raw.get("servers"), dict):
            return {"version": STORE_VERSION, "servers": {}}
        return raw

    def _section(self) -> dict[str, Any]:
        section = self._read_all()["servers"].get(self.server_origin)
        return section if isinstance(section, dict) else {}

    def _update(self, change: Callable[[dict[str, Any]], None]) -> None:
        with _store_lock:
            document = self._read_all()
            section = document["servers"].setdefault(self.server_origin, {})
            if not isinstance(section, dict):
                section = document["servers"][self.server_origin] = {}
            change(section)
            document["version"] = STORE_VERSION
            write_object(self.path, document)

    # -- the pending key

    def pending(self) -> PendingClosing | None:
        raw = self._section().get("pending")
        if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
            return None
        try:
            created = datetime.fromisoformat(str(raw.get("created_at")))
        except ValueError:
            created = datetime.now(UTC)
        user = raw.get("user_id")
        return PendingClosing(
            raw["key"], created, user if isinstance(user, int) and user > 0 else None
        )

    def begin(self, user_id: int | None) -> PendingClosing:
        """The key for this attempt: the pending one if an earlier attempt's outcome is still
        unknown, else a new one. On disk before this returns."""
        existing = self.pending()
        if existing is not None:
            return existing
        pending = PendingClosing(new_idempotency_key(), datetime.now(UTC), user_id)
        self._update(
            lambda s: s.__setitem__(
                "pending",
                {
                    "key": pending.key,
                    "created_at": pending.created_at.isoformat(),
                    "user_id": user_id,
                },
            )
        )
        return pending

    def clear_pending(self) -> None:
        self._update(lambda s: s.pop("pending", None))

    # -- the last retention answer

    def save_retention(self, retention: Retention, received_at: datetime | None = None) -> None:
        received = (received_at or datetime.now(UTC)).astimezone(UTC)
        offset = (retention.server_time - received).total_seconds()

        def change(section: dict[str, Any]) -> None:
            section["retention"] = retention_to_json(retention)
            section["retention_fetched_at"] = received.isoformat()
            section["clock_offset_seconds"] = offset

        self._update(change)

    def cached_retention(self) -> CachedRetention | None:
        section = self._section()
        raw = section.get("retention")
        if raw is None:
            return None
        try:
            retention = Retention.from_json(raw)
            fetched = datetime.fromisoformat(str(section.get("retention_fetched_at")))
            offset = float(section.get("clock_offset_seconds", 0.0))
        except (InvalidResponse, ValueError, TypeError) as exc:
            log.warning("cached retention dates unusable: %s", exc)
            return None
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=UTC)
        return CachedRetention(retention, fetched, timedelta(seconds=offset))

    # -- assisted closing: the day the person entered

    def save_entered_closing(self, closed_on: date, escrow: bool) -> None:
        def change(section: dict[str, Any]) -> None:
            section["entered_closing"] = {
                "closed_on": closed_on.isoformat(),
                "escrow": escrow,
                "entered_at": datetime.now(UTC).isoformat(),
            }

        self._update(change)

    def entered_closing(self) -> EnteredClosing | None:
        raw = self._section().get("entered_closing")
        if not isinstance(raw, dict):
            return None
        try:
            return EnteredClosing(
                date.fromisoformat(str(raw["closed_on"])),
                bool(raw.get("escrow", False)),
                datetime.fromisoformat(str(raw.get("entered_at"))),
            )
        except (KeyError, ValueError):
            return None

    # -- milestones already announced

    def notified(self) -> frozenset[str]:
        raw = self._section().get("notified")
        return (
            frozenset(x for x in raw if isinstance(x, str))
            if isinstance(raw, list)
            else (frozenset())
        )

    def mark_notified(self, ids: frozenset[str]) -> None:
        def change(section: dict[str, Any]) -> None:
            known = section.get("notified")
            merged = set(known if isinstance(known, list) else []) | ids
            section["notified"] = sorted(x for x in merged if isinstance(x, str))

        self._update(change)

    # -- the closing to count down from

    def known_closing(self, now: datetime | None = None) -> KnownClosing | None:
        """The server's last closed answer if any (or the closing it scheduled, once its instant
        has passed by the server's clock as last seen), else the day the person entered."""
        cached = self.cached_retention()
        if cached is not None:
            known = known_closing_from(cached.retention)
            if known is not None:
                return known
            server_now = now or datetime.now(UTC) + cached.clock_offset
            known = known_closing_scheduled(cached.retention, server_now)
            if known is not None:
                return known
        entered = self.entered_closing()
        if entered is not None:
            return known_closing_entered(entered.closed_on, entered.escrow)
        return None
