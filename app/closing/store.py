"""Closing the account safely, and what the app remembers about a closing between runs.

* `ClosingSender.send` sends the cancellation at most once per decision: the idempotency key is
  written to the profile (atomically) BEFORE the request goes out and kept until the outcome
  is known, so a double click, a retry after a time-out, a lost connection or an app restart
  reuses the same key and the server answers it with its first answer. After a lost answer the
  server is asked (GET retention) what really happened. "Closed" is only ever reported when the
  server said so.
* `ClosingStore` keeps, per server, the pending key, the last retention answer (so the
  countdown works offline), the closing day a person entered when the service closed the
  account for them (assisted mode), and which milestones were already announced.
* The checklist facts read from the data API before closing: open matters, unbilled time, and
  the users who may keep access for the 90 days.
* `MilestoneWatch`: which countdown milestone to announce now (pure logic; the UI shows it).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from app import config
from app.account.models import (
    Account,
    AccountStatus,
    CancellationRefused,
    ClosingWhen,
    InvalidResponse,
    Person,
    ReasonCode,
    Retention,
    SupportContact,
    retention_to_json,
)
from app.account.selfservice import new_idempotency_key
from app.closing.retention import (
    Milestone,
    MilestoneKind,
    RetentionDates,
    compare,
    milestones,
    own_dates_for,
    retention_dates,
    retention_dates_for_day,
)
from app.errors import (
    AccountDeskError,
    AuthenticationRequired,
    BadResponse,
    Conflict,
    ConnectionFailed,
    HttpError,
    InvalidRequest,
    PermissionDenied,
    ServerError,
    TimedOut,
)

log = logging.getLogger(__name__)

STORE_FILE = "closing.json"
STORE_VERSION = 1

# Where a person closes the account when the service offers no self-service API (the real
# practice-management service): its own support line. The self-service API's GET support
# answer replaces it whenever there is one.
FALLBACK_SUPPORT_PHONE = "+1-888-858-2546"
FALLBACK_SUPPORT_HOURS = "Monday to Friday, 5 a.m. to 5 p.m. Pacific"


def fallback_support(origin: str) -> SupportContact:
    """The support line to show when the server has no self-service API to ask."""
    return SupportContact(
        phone=FALLBACK_SUPPORT_PHONE,
        option=None,
        hours=FALLBACK_SUPPORT_HOURS,
        web_page=origin.rstrip("/") + "/",
    )


# --- the last export (provided by the export side) ----------------------------------------


@dataclass(frozen=True)
class LastExport:
    """What the closing checklist needs to know about the most recent local export."""

    when: datetime  # aware; when the export finished
    verified: bool  # every file and count checked against the manifest and the server
    kinds: tuple[str, ...]  # data API kinds covered, e.g. ("matters", "activities", ...)
    includes_trust_ledger: bool
    folder: Path | None = None  # where it is (the closing receipt is saved beside it)

    @property
    def covers_trust_records(self) -> bool:
        """The trust ledger and every trust record: the line items and the trust bank
        accounts' own transactions (the records a firm must keep for years)."""
        return self.includes_trust_ledger and set(TRUST_RECORD_KINDS) <= set(self.kinds)


# The kinds that hold the trust records themselves.
TRUST_RECORD_KINDS = ("trust_line_items", "bank_accounts", "bank_transactions")


LastExportProvider = Callable[[], LastExport | None]


# --- the request and its outcome -----------------------------------------------------------


@dataclass(frozen=True)
class ClosingRequest:
    """What the person decided in the walkthrough."""

    confirm_firm_name: str
    reason_code: ReasonCode | None = None
    comment: str | None = None
    designated_user_id: int | None = None
    # NOW as in the contract; the walkthrough offers END_OF_PERIOD first and preselects it
    # (the account stays usable until the paid period ends, then closes by itself).
    when: ClosingWhen = ClosingWhen.NOW


class ClosingOutcome(StrEnum):
    CLOSED = "closed"  # the server confirmed: the account is closed
    SCHEDULED = "scheduled"  # the server confirmed: it closes by itself when the period ends
    REAUTH_REQUIRED = "reauth_required"  # sign in again, then send again (same key)
    NOT_PRIMARY_SUBSCRIBER = "not_primary_subscriber"
    ASSISTED_REQUIRED = "assisted_required"  # the service closes it with the person
    REJECTED = "rejected"  # the server refused what was sent (e.g. the firm's name)
    NOT_CLOSED = "not_closed"  # the answer was lost; the server says the account is open
    UNKNOWN = "unknown"  # the answer was lost and the server could not be asked


@dataclass(frozen=True)
class ClosingResult:
    outcome: ClosingOutcome
    retention: Retention | None = None  # the server's dates (CLOSED)
    message: str = ""  # a sentence for the person (English; the UI may replace it)
    # Names `message` for the interface's translation (app.errors' codes), with its values;
    # "" when `message` is the service's own words.
    code: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    refusal: CancellationRefused | None = None  # whom to call (403 answers)
    key: str | None = None  # the idempotency key that was used

    @property
    def closed(self) -> bool:
        return self.outcome is ClosingOutcome.CLOSED

    @property
    def scheduled(self) -> bool:
        return self.outcome is ClosingOutcome.SCHEDULED


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
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"version": STORE_VERSION, "servers": {}}
        except (OSError, ValueError) as exc:
            log.warning("closing record %s unreadable (%s)", self.path, type(exc).__name__)
            return {"version": STORE_VERSION, "servers": {}}
        if not isinstance(raw, dict) or not isinstance(raw.get("servers"), dict):
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
            config.atomic_write_text(self.path, json.dumps(document, indent=2, sort_keys=True))

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


# --- sending ---------------------------------------------------------------------------------


class ClosingClient(Protocol):
    """What sending needs of the self-service client (SelfServiceClient fits)."""

    def cancel(
        self,
        idempotency_key: str,
        confirm_firm_name: str,
        reason_code: ReasonCode | None = None,
        comment: str | None = None,
        designated_user_id: int | None = None,
        when: ClosingWhen | None = None,
    ) -> Retention: ...

    def retention(self) -> Retention: ...


def _refusal(error: HttpError) -> CancellationRefused | None:
    try:
        return CancellationRefused.from_json(dict(error.body))
    except InvalidResponse:
        return None


# Failures after which the request may or may not have reached the server: ask it.
_LOST_ANSWER = (ConnectionFailed, TimedOut, ServerError, BadResponse)


class ClosingSender:
    """Sends the cancellation for one server and profile. Thread-safe: concurrent calls (a
    double click reaching two workers) run one after the other, and the second finds the
    first's outcome."""

    def __init__(self, client: ClosingClient, store: ClosingStore) -> None:
        self._client = client
        self._store = store
        self._lock = threading.Lock()

    def send(self, request: ClosingRequest, *, user_id: int | None = None) -> ClosingResult:
        with self._lock:
            return self._send(request, user_id)

    def _send(self, request: ClosingRequest, user_id: int | None) -> ClosingResult:
        pending = self._store.begin(user_id)  # on disk before anything goes out
        key = pending.key
        log.info("sending the cancellation (key ends %s)", key[-6:])
        try:
            retention = self._client.cancel(
                key,
                request.confirm_firm_name,
                request.reason_code,
                request.comment,
                request.designated_user_id,
                request.when,
            )
        except AuthenticationRequired as error:
            # reauth_required (the sign-in is older than the service allows for closing) or a
            # sign-in that expired: refused before anything happened. The same key goes with
            # the next attempt.
            log.info("the closing needs a fresh sign-in (%s)", error.error_type)
            return ClosingResult(
                ClosingOutcome.REAUTH_REQUIRED,
                message="Sign in again to confirm it is you, then close the account.",
                code="closing_needs_sign_in",
                key=key,
            )
        except PermissionDenied as error:
            self._store.clear_pending()
            outcome = (
                ClosingOutcome.ASSISTED_REQUIRED
                if error.error_type == "assisted_cancellation_required"
                else ClosingOutcome.NOT_PRIMARY_SUBSCRIBER
                if error.error_type == "not_primary_subscriber"
                else ClosingOutcome.REJECTED
            )
            return ClosingResult(
                outcome,
                message=error.server_message or error.message,
                code="" if error.server_message else error.code,
                params={} if error.server_message else error.params,
                refusal=_refusal(error),
                key=key,
            )
        except Conflict:
            # already_closed: by an earlier attempt or someone else. Ask for the dates.
            return self._ask_after_lost_answer(key, None, request.when)
        except InvalidRequest as error:
            self._store.clear_pending()
            return ClosingResult(
                ClosingOutcome.REJECTED,
                message=error.server_message or error.message,
                code="" if error.server_message else error.code,
                params={} if error.server_message else error.params,
                key=key,
            )
        except _LOST_ANSWER as error:
            return self._ask_after_lost_answer(key, error, request.when)
        return self._closed(retention, key, request.when)

    def _closed(
        self, retention: Retention, key: str | None, when: ClosingWhen = ClosingWhen.NOW
    ) -> ClosingResult:
        if when is ClosingWhen.END_OF_PERIOD and _scheduled(retention):
            return self._scheduled(retention, key)
        if retention.account_status is not AccountStatus.CLOSED:
            # A 200 that does not say closed is not a confirmation: find out for sure.
            return self._ask_after_lost_answer(key, None, when)
        self._store.save_retention(retention)
        self._store.clear_pending()
        log.info("the server confirmed the closing")
        return ClosingResult(ClosingOutcome.CLOSED, retention, key=key)

    def _scheduled(self, retention: Retention, key: str | None) -> ClosingResult:
        self._store.save_retention(retention)
        self._store.clear_pending()
        log.info("the server scheduled the closing for the end of the period")
        return ClosingResult(ClosingOutcome.SCHEDULED, retention, key=key)

    def _ask_after_lost_answer(
        self,
        key: str | None,
        error: AccountDeskError | None,
        when: ClosingWhen = ClosingWhen.NOW,
    ) -> ClosingResult:
        if error is not None:
            log.warning("the closing's answer was lost (%s); asking the server", error.detail)
        try:
            retention = self._client.retention()
        except AccountDeskError as asked:
            log.warning("could not ask the server whether it closed: %s", asked.detail)
            return ClosingResult(
                ClosingOutcome.UNKNOWN,
                message=(
                    "Account Desk could not find out whether the account was closed. Nothing "
                    "will be closed twice: try again when the connection is back."
                ),
                code="closing_outcome_unknown",
                key=key,
            )
        self._store.save_retention(retention)
        if retention.account_status is AccountStatus.CLOSED:
            self._store.clear_pending()
            return ClosingResult(ClosingOutcome.CLOSED, retention, key=key)
        if when is ClosingWhen.END_OF_PERIOD and _scheduled(retention):
            return self._scheduled(retention, key)
        return ClosingResult(
            ClosingOutcome.NOT_CLOSED,
            message=(
                "The account was not closed: the server did not receive the request. "
                "You can try again; it will never be closed twice."
            ),
            code="closing_not_received",
            key=key,
        )

    def recover(self) -> ClosingResult | None:
        """After a restart: if an earlier attempt's outcome is unknown, ask the server. None
        when nothing was pending. NOT_CLOSED keeps the key for the next attempt."""
        with self._lock:
            pending = self._store.pending()
            if pending is None:
                return None
            log.info("a closing was pending when the app stopped; asking the server")
            # a closing scheduled for the end of the period counts as that attempt's outcome
            return self._ask_after_lost_answer(pending.key, None, ClosingWhen.END_OF_PERIOD)


def _scheduled(retention: Retention) -> bool:
    return (
        retention.account_status is AccountStatus.ACTIVE
        and retention.closing_scheduled_at is not None
    )


# --- before closing: what closing now would mean -------------------------------------------


def dates_if_closed_now(account: Account) -> RetentionDates:
    """The retention dates for a closing at the server's current time."""
    return retention_dates(account.server_time, account.escrow_enabled)


# --- the checklist's facts from the data API ------------------------------------------------


class PagedTransport(Protocol):
    """What the checklist needs from an HTTP session (app.net.http.HttpSession fits)."""

    def get_paged(self, url: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]: ...


def _records(page: object, where: str) -> list[Mapping[str, Any]]:
    if not isinstance(page, Mapping) or not isinstance(page.get("data"), list):
        raise BadResponse(detail=f"{where}: a page without a data list")
    return [r for r in page["data"] if isinstance(r, Mapping)]


@dataclass(frozen=True)
class MatterCounts:
    open: int
    pending: int


def count_open_matters(http: PagedTransport, api_base: str) -> MatterCounts:
    """Open and pending matters. The service filters on `status` (the reference backend does
    not), so each record's status is checked here too."""
    open_count = pending = 0
    params = {"fields": "id,status", "status": "open,pending", "limit": 200, "order": "id(asc)"}
    for page in http.get_paged(api_base.rstrip("/") + "/matters.json", params):
        for record in _records(page, "matters"):
            status = str(record.get("status", "")).lower()
            open_count += status == "open"
            pending += status == "pending"
    return MatterCounts(open_count, pending)


@dataclass(frozen=True)
class UnbilledWork:
    entries: int
    hours: Decimal
    amount: Decimal


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return Decimal(0)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)
    return number if number.is_finite() and abs(number) < 10**12 else Decimal(0)


def unbilled_work(http: PagedTransport, api_base: str) -> UnbilledWork:
    """Time and expense entries neither billed nor marked non-billable (best effort: the
    service's `status=unbilled` filter where it exists, and each record's flags)."""
    entries = 0
    hours = amount = Decimal(0)
    params = {
        "fields": "id,type,billed,non_billable,quantity_in_hours,total",
        "status": "unbilled",
        "limit": 200,
        "order": "id(asc)",
    }
    for page in http.get_paged(api_base.rstrip("/") + "/activities.json", params):
        for record in _records(page, "activities"):
            if record.get("billed") is True or record.get("non_billable") is True:
                continue
            entries += 1
            if record.get("type") == "TimeEntry":
                hours += _decimal(record.get("quantity_in_hours"))
            amount += _decimal(record.get("total"))
    return UnbilledWork(entries, hours.quantize(Decimal("0.01")), amount.quantize(Decimal("0.01")))


@dataclass(frozen=True)
class AccessCandidate:
    """A user who may be designated to keep access for the 90 days: any active user of the
    firm. The account owner (Primary Subscriber) and the administrators keep access anyway, as
    the data API tells (`account_owner`, `roles`)."""

    id: int
    name: str
    email: str
    primary_subscriber: bool
    administrator: bool = False


def access_candidates(http: PagedTransport, api_base: str) -> tuple[AccessCandidate, ...]:
    """Every enabled user: the account owner first, then the administrators, then the others."""
    found: list[AccessCandidate] = []
    params = {"fields": "id,name,email,enabled,account_owner,roles", "limit": 200}
    for page in http.get_paged(api_base.rstrip("/") + "/users.json", params):
        for record in _records(page, "users"):
            user_id, name = record.get("id"), record.get("name")
            if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id < 1:
                continue
            if not isinstance(name, str) or not name.strip() or record.get("enabled") is False:
                continue
            roles = record.get("roles")
            admin = isinstance(roles, list) and any(
                isinstance(r, str) and r.lower() == "administrator" for r in roles
            )
            owner = record.get("account_owner") is True
            email = record.get("email")
            found.append(
                AccessCandidate(
                    user_id,
                    name.strip()[:200],
                    email if isinstance(email, str) else "",
                    owner,
                    admin,
                )
            )
    return tuple(
        sorted(
            found,
            key=lambda c: (not c.primary_subscriber, not c.administrator, c.name.lower()),
        )
    )


# --- milestone announcements -----------------------------------------------------------------


def milestone_id(milestone: Milestone, dates: RetentionDates) -> str:
    """Stable across runs: the kind and the closing day it belongs to."""
    return f"{milestone.kind.value}@{dates.closing_day.isoformat()}"


class MilestoneWatch:
    """Which milestone to announce. Every milestone that has passed and was not announced is
    marked announced, but only the latest is returned (after a week away the person hears
    "7 days left", not a backlog). The closing itself is never announced: the person did it."""

    def __init__(self, store: ClosingStore | None = None) -> None:
        self._store = store
        self._announced: set[str] = set(store.notified()) if store is not None else set()

    def due(self, dates: RetentionDates, now: datetime, tz: tzinfo) -> Milestone | None:
        passed = [m for m in milestones(dates, tz) if m.passed(now)]
        fresh = [m for m in passed if milestone_id(m, dates) not in self._announced]
        if not fresh:
            return None
        ids = frozenset(milestone_id(m, dates) for m in fresh)
        self._announced |= ids
        if self._store is not None:
            self._store.mark_notified(ids)
        latest = fresh[-1]
        return None if latest.kind is MilestoneKind.CLOSED else latest
