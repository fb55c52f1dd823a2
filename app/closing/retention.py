"""How long a closed firm's data stays reachable: the dates computed from the closing instant,
the comparison with what the server states, the countdown, and the milestones on the way.

The rule (contract, "GET retention"): with D the UTC calendar date of the closing instant,
content stays until D + 90 days and is deleted at the start (00:00 UTC) of D + 91 days;
escrowed data stays until D + six calendar months (31 August -> last day of February) and ends
at the start (00:00 UTC) of the following day.

Countdowns are shown in the person's time zone and count back from the deadline: "N days
left" begins at the deadline's wall-clock time N calendar days earlier in that zone, and the
hours and minutes are the real time until that moment. So across a daylight-saving change a
day of the countdown is 23 or 25 real hours, as people count days on a wall calendar, the
countdown never goes up, and it reads exactly "30 days" at the 30-days-left milestone. On a
25-hour day the hours may read 24.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import NamedTuple

from app.account.models import Retention
from app.calendar_months import add_months

CONTENT_DAYS = 90
ESCROW_MONTHS = 6


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _require_aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class RetentionDates:
    """The retention dates for one closing, computed by the app."""

    closed_at: datetime
    content_last_day: date
    content_deleted_at: datetime
    escrow_last_day: date | None
    escrow_ends_at: datetime | None

    @property
    def closing_day(self) -> date:
        """D: the UTC calendar date of the closing instant."""
        return self.closed_at.astimezone(UTC).date()


def retention_dates(closed_at: datetime, escrow_enabled: bool) -> RetentionDates:
    """The dates that follow from closing at `closed_at` (an aware instant)."""
    closed_utc = _require_aware(closed_at, "closed_at")
    closing_day = closed_utc.date()
    content_last_day = closing_day + timedelta(days=CONTENT_DAYS)
    escrow_last_day = add_months(closing_day, ESCROW_MONTHS) if escrow_enabled else None
    return RetentionDates(
        closed_at=closed_utc,
        content_last_day=content_last_day,
        content_deleted_at=_midnight_utc(content_last_day + timedelta(days=1)),
        escrow_last_day=escrow_last_day,
        escrow_ends_at=(
            None if escrow_last_day is None else _midnight_utc(escrow_last_day + timedelta(days=1))
        ),
    )


def retention_dates_for_day(closing_day: date, escrow_enabled: bool) -> RetentionDates:
    """The dates for a closing the person tells us about (a server without the self-service
    API): the day as entered is taken as D."""
    return retention_dates(_midnight_utc(closing_day), escrow_enabled)


def own_dates_for(server: Retention) -> RetentionDates | None:
    """Our own computation from the server's closing instant and escrow flag (None while the
    account is open)."""
    if server.closed_at is None:
        return None
    return retention_dates(server.closed_at, server.escrow_enabled)


class RetentionField(StrEnum):
    CONTENT_LAST_DAY = "content_last_day"
    CONTENT_DELETED_AT = "content_deleted_at"
    ESCROW_LAST_DAY = "escrow_last_day"
    ESCROW_ENDS_AT = "escrow_ends_at"


@dataclass(frozen=True)
class Disagreement:
    """One date where the server and the app's own computation differ (shown to the person)."""

    field: RetentionField
    server: date | datetime | None
    own: date | datetime | None


def compare(server: Retention, own: RetentionDates) -> list[Disagreement]:
    """Every retention date on which the server's answer and our computation differ."""
    pairs: list[tuple[RetentionField, date | datetime | None, date | datetime | None]] = [
        (RetentionField.CONTENT_LAST_DAY, server.content_last_day, own.content_last_day),
        (RetentionField.CONTENT_DELETED_AT, server.content_deleted_at, own.content_deleted_at),
        (RetentionField.ESCROW_LAST_DAY, server.escrow_last_day, own.escrow_last_day),
        (RetentionField.ESCROW_ENDS_AT, server.escrow_ends_at, own.escrow_ends_at),
    ]
    return [Disagreement(name, theirs, ours) for name, theirs, ours in pairs if theirs != ours]


# --- countdown -----------------------------------------------------------------------------


class TimeLeft(NamedTuple):
    days: int
    hours: int
    minutes: int


def _days_later(start: datetime, days: int, tz: tzinfo) -> datetime:
    """The same wall-clock time `days` calendar days later in `tz`, as a UTC instant. A clock
    time that falls in a spring-forward gap is read with the offset before the change (PEP 495
    fold=0), i.e. it lands just after the gap; a repeated one means its first occurrence."""
    if days == 0:
        return start.astimezone(UTC)
    local = start.astimezone(tz)
    wall = local.replace(tzinfo=None, fold=0) + timedelta(days=days)
    return wall.replace(tzinfo=tz).astimezone(UTC)


def time_left(until: datetime, now: datetime, tz: tzinfo) -> TimeLeft:
    """Whole local calendar days, then hours and minutes (rounded down), from `now` to `until`,
    counted back from `until` (see the module docstring). Zero once `until` has passed."""
    until_utc = _require_aware(until, "until")
    now_utc = _require_aware(now, "now")
    if until_utc <= now_utc:
        return TimeLeft(0, 0, 0)
    # Aware datetimes sharing a tzinfo compare and subtract by wall clock, ignoring DST; all
    # arithmetic below is on UTC instants for that reason.
    days = (until_utc.astimezone(tz).date() - now_utc.astimezone(tz).date()).days + 1
    while days > 0 and _days_later(until_utc, -days, tz) < now_utc:
        days -= 1
    remainder = _days_later(until_utc, -days, tz) - now_utc
    minutes = int(remainder.total_seconds() // 60)
    return TimeLeft(days, minutes // 60, minutes % 60)


def has_passed(until: datetime, now: datetime) -> bool:
    return _require_aware(now, "now") >= _require_aware(until, "until")


# --- milestones ----------------------------------------------------------------------------


class MilestoneKind(StrEnum):
    CLOSED = "closed"
    DAYS_LEFT_30 = "days_left_30"
    DAYS_LEFT_7 = "days_left_7"
    DAYS_LEFT_1 = "days_left_1"
    CONTENT_DELETED = "content_deleted"
    ESCROW_ENDED = "escrow_ended"
    TODAY = "today"


class Capability(StrEnum):
    """What the firm can still do with its account and data."""

    SIGN_IN_AND_EDIT = "sign_in_and_edit"  # every user, as before closing
    CLIENT_PORTAL = "client_portal"  # the firm's clients
    SIGN_IN_READ_ONLY = "sign_in_read_only"  # primary subscriber, administrators, designated user
    EXPORT_CONTENT = "export_content"
    ESCROWED_DATA = "escrowed_data"  # escrowed data still held for the firm


DAYS_BEFORE_DELETION = {
    MilestoneKind.DAYS_LEFT_30: 30,
    MilestoneKind.DAYS_LEFT_7: 7,
    MilestoneKind.DAYS_LEFT_1: 1,
}


@dataclass(frozen=True)
class Milestone:
    kind: MilestoneKind
    at: datetime  # UTC
    still_possible: tuple[Capability, ...]
    no_longer_possible: tuple[Capability, ...]

    def passed(self, now: datetime) -> bool:
        return has_passed(self.at, now)


def capabilities_after(kind: MilestoneKind, escrow: bool) -> tuple[Capability, ...]:
    """What remains possible once a milestone has passed."""
    escrowed = (Capability.ESCROWED_DATA,) if escrow else ()
    if kind in (MilestoneKind.CLOSED, *DAYS_BEFORE_DELETION):
        return (Capability.SIGN_IN_READ_ONLY, Capability.EXPORT_CONTENT, *escrowed)
    if kind is MilestoneKind.CONTENT_DELETED:
        return escrowed
    return ()


def _milestone(kind: MilestoneKind, at: datetime, escrow: bool) -> Milestone:
    still = capabilities_after(kind, escrow)
    return Milestone(kind, at, still, tuple(c for c in Capability if c not in still))


def milestones(dates: RetentionDates, tz: tzinfo) -> tuple[Milestone, ...]:
    """Closing, 30, 7 and 1 days before content deletion (local calendar days in `tz`, so the
    countdown reads exactly 30/7/1 days then), deletion, and the end of escrow if any."""
    escrow = dates.escrow_ends_at is not None
    result = [_milestone(MilestoneKind.CLOSED, dates.closed_at, escrow)]
    for kind, days in DAYS_BEFORE_DELETION.items():
        at = _days_later(dates.content_deleted_at, -days, tz)
        result.append(_milestone(kind, max(at, dates.closed_at), escrow))
    result.append(_milestone(MilestoneKind.CONTENT_DELETED, dates.content_deleted_at, escrow))
    if dates.escrow_ends_at is not None:
        result.append(_milestone(MilestoneKind.ESCROW_ENDED, dates.escrow_ends_at, escrow))
    return tuple(sorted(result, key=lambda m: m.at))


def timeline(dates: RetentionDates, now: datetime, tz: tzinfo) -> tuple[Milestone, ...]:
    """The milestones with a TODAY entry placed at `now`, carrying what is possible today."""
    now_utc = _require_aware(now, "now")
    passed = [m for m in milestones(dates, tz) if m.passed(now_utc)]
    upcoming = [m for m in milestones(dates, tz) if not m.passed(now_utc)]
    if passed:
        today = Milestone(
            MilestoneKind.TODAY, now_utc, passed[-1].still_possible, passed[-1].no_longer_possible
        )
    else:  # before the closing instant (a clock that disagrees): everything still possible
        today = Milestone(MilestoneKind.TODAY, now_utc, tuple(Capability), ())
    return (*passed, today, *upcoming)


def next_milestone(dates: RetentionDates, now: datetime, tz: tzinfo) -> Milestone | None:
    return next((m for m in milestones(dates, tz) if not m.passed(now)), None)


# --- English text (the UI translates) ------------------------------------------------------

_MILESTONE_TEXT = {
    MilestoneKind.CLOSED: "Account closed",
    MilestoneKind.DAYS_LEFT_30: "30 days left to export",
    MilestoneKind.DAYS_LEFT_7: "7 days left to export",
    MilestoneKind.DAYS_LEFT_1: "1 day left to export",
    MilestoneKind.CONTENT_DELETED: "Practice data deleted",
    MilestoneKind.ESCROW_ENDED: "Escrow ends",
    MilestoneKind.TODAY: "Today",
}

_CAPABILITY_TEXT = {
    Capability.SIGN_IN_AND_EDIT: "All users sign in and work as usual",
    Capability.CLIENT_PORTAL: "Clients use the client portal",
    Capability.SIGN_IN_READ_ONLY: "Primary Subscriber, administrators, designated user: read only",
    Capability.EXPORT_CONTENT: "Export the firm's data",
    Capability.ESCROWED_DATA: "Escrowed data is kept for the firm",
}


_FIELD_TEXT = {
    RetentionField.CONTENT_LAST_DAY: "last day of access to the data",
    RetentionField.CONTENT_DELETED_AT: "time the data is deleted",
    RetentionField.ESCROW_LAST_DAY: "last day of escrow",
    RetentionField.ESCROW_ENDS_AT: "time escrow ends",
}


def _shown(value: date | datetime | None) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def disagreement_text(disagreement: Disagreement) -> str:
    """One sentence for a date on which the server and the app differ."""
    return (
        f"For the {_FIELD_TEXT[disagreement.field]}, the server says "
        f"{_shown(disagreement.server)} but Account Desk computes {_shown(disagreement.own)}."
    )


def milestone_text(kind: MilestoneKind) -> str:
    return _MILESTONE_TEXT[kind]


def capability_text(capability: Capability) -> str:
    return _CAPABILITY_TEXT[capability]
