"""Calendar reminders for a closed account: an .ics file with an event when the practice data
is deleted and, with escrow, one when escrow ends, each with alarms 30, 7 and 1 days before.

UIDs depend only on the firm, the kind of event and the closing day, so importing a newer
file updates the events instead of adding duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from app.closing.retention import RetentionDates

PRODID = "-//Account Desk//Account Desk//EN"
ALARM_DAYS_BEFORE = (30, 7, 1)
# Deletion is a moment, but calendars show zero-length events poorly: give it a short slot.
EVENT_LENGTH = timedelta(minutes=30)


@dataclass(frozen=True)
class Reminder:
    """One event of the reminder file (what the UI may also list before saving)."""

    uid: str
    starts_at: datetime
    summary: str
    description: str


# Spelled out here: strftime's %A/%B follow the process locale, which Qt sets from the system.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _long_date(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _uid(kind: str, firm_id: int, closing_day: date) -> str:
    return f"{kind}-{firm_id}-{closing_day:%Y%m%d}@account-desk"


def reminders_for(dates: RetentionDates, firm_id: int, firm_name: str) -> tuple[Reminder, ...]:
    """The events for these retention dates: content deletion, and end of escrow if any."""
    last_day = _long_date(dates.content_last_day)
    events = [
        Reminder(
            uid=_uid("content-deletion", firm_id, dates.closing_day),
            starts_at=dates.content_deleted_at,
            summary=f"{firm_name}: practice data is deleted",
            description=(
                f"The practice data of {firm_name} stays available until the end of {last_day} "
                "(UTC), then it is deleted for good. Export anything you still need before then."
            ),
        )
    ]
    if dates.escrow_ends_at is not None and dates.escrow_last_day is not None:
        events.append(
            Reminder(
                uid=_uid("escrow-end", firm_id, dates.closing_day),
                starts_at=dates.escrow_ends_at,
                summary=f"{firm_name}: escrowed data ends",
                description=(
                    f"The escrowed data of {firm_name} is kept until the end of "
                    f"{_long_date(dates.escrow_last_day)} (UTC), then it is no longer available."
                ),
            )
        )
    return tuple(events)


def build_calendar(
    dates: RetentionDates, firm_id: int, firm_name: str, *, created_at: datetime | None = None
) -> bytes:
    """The .ics file's bytes. `created_at` becomes DTSTAMP (defaults to now)."""
    stamp = (created_at or datetime.now(UTC)).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for reminder in reminders_for(dates, firm_id, firm_name):
        event = Event()
        event.add("uid", reminder.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", reminder.starts_at.astimezone(UTC))
        event.add("dtend", reminder.starts_at.astimezone(UTC) + EVENT_LENGTH)
        event.add("summary", reminder.summary)
        event.add("description", reminder.description)
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
        for days in ALARM_DAYS_BEFORE:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(days=-days))
            alarm.add(
                "description", f"{days} day{'s' if days != 1 else ''} left: {reminder.summary}"
            )
            event.add_component(alarm)
        calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
