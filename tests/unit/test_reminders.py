"""The reminder file a person adds to their calendar: parsed back with icalendar, its events
fall on the deletion and escrow-end instants, each with alarms 30, 7 and 1 days before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar

from app.closing.reminders import build_calendar
from app.closing.retention import retention_dates

CLOSED_AT = datetime(2026, 11, 24, 15, 4, 5, tzinfo=UTC)
STAMP = datetime(2026, 11, 24, 15, 10, tzinfo=UTC)


def events_of(ics: bytes) -> list[Any]:
    calendar = Calendar.from_ical(ics)
    assert str(calendar["PRODID"]).startswith("-//Account Desk//")
    assert str(calendar["VERSION"]) == "2.0"
    return list(calendar.walk("VEVENT"))


def test_deletion_and_escrow_events_with_three_alarms_each() -> None:
    dates = retention_dates(CLOSED_AT, escrow_enabled=True)
    events = events_of(build_calendar(dates, 1, "Harbor & Finch LLP", created_at=STAMP))
    assert len(events) == 2
    deletion, escrow = events
    assert deletion.decoded("DTSTART") == datetime(2027, 2, 23, tzinfo=UTC)
    assert escrow.decoded("DTSTART") == datetime(2027, 5, 25, tzinfo=UTC)
    assert "Harbor & Finch LLP" in str(deletion["SUMMARY"])
    assert "deleted" in str(deletion["SUMMARY"])
    assert "Monday 22 February 2027" in str(deletion["DESCRIPTION"])
    assert "escrow" in str(escrow["SUMMARY"])
    for event in events:
        alarms = list(event.walk("VALARM"))
        triggers = sorted(alarm.decoded("TRIGGER") for alarm in alarms)
        assert triggers == [timedelta(days=-30), timedelta(days=-7), timedelta(days=-1)]
        assert all(str(alarm["ACTION"]) == "DISPLAY" for alarm in alarms)
        assert all(str(alarm["DESCRIPTION"]) for alarm in alarms)
        start = event.decoded("DTSTART")
        # The alarms go off on these real dates.
        assert {start + t for t in triggers} == {
            start - timedelta(days=30),
            start - timedelta(days=7),
            start - timedelta(days=1),
        }
        assert event.decoded("DTEND") > start
        assert event.decoded("DTSTAMP") == STAMP


def test_without_escrow_only_the_deletion_event() -> None:
    dates = retention_dates(CLOSED_AT, escrow_enabled=False)
    events = events_of(build_calendar(dates, 1, "Harbor & Finch LLP", created_at=STAMP))
    assert [e.decoded("DTSTART") for e in events] == [datetime(2027, 2, 23, tzinfo=UTC)]


def test_uids_are_stable_so_a_second_import_updates_rather_than_duplicates() -> None:
    dates = retention_dates(CLOSED_AT, escrow_enabled=True)
    first = events_of(build_calendar(dates, 1, "Harbor & Finch LLP", created_at=STAMP))
    later = events_of(
        build_calendar(dates, 1, "Harbor & Finch LLP", created_at=STAMP + timedelta(days=3))
    )
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]
    assert len({str(e["UID"]) for e in first}) == 2
    # Another firm, or another closing, gets other UIDs.
    other = events_of(build_calendar(dates, 2, "Other LLP", created_at=STAMP))
    assert {str(e["UID"]) for e in other}.isdisjoint(str(e["UID"]) for e in first)


def test_a_firm_name_with_calendar_syntax_stays_text() -> None:
    dates = retention_dates(CLOSED_AT, escrow_enabled=False)
    hostile = "Evil, Inc.;\nEND:VEVENT\nBEGIN:VEVENT"
    events = events_of(build_calendar(dates, 1, hostile, created_at=STAMP))
    assert len(events) == 1
    assert hostile in str(events[0]["SUMMARY"])
