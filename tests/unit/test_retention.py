"""How long the data stays reachable after closing: dates for every closing day of two years
against `dateutil.relativedelta`, the comparison with the server, the countdown across
daylight-saving changes, and the milestones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from app.account.models import AccountStatus, Retention
from app.closing.retention import (
    Capability,
    Disagreement,
    MilestoneKind,
    RetentionField,
    TimeLeft,
    capability_text,
    compare,
    disagreement_text,
    milestone_text,
    milestones,
    next_milestone,
    own_dates_for,
    retention_dates,
    retention_dates_for_day,
    time_left,
    timeline,
)

NEW_YORK = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")
SYDNEY = ZoneInfo("Australia/Sydney")
ZONES = (NEW_YORK, PARIS, SYDNEY)

FIRST_DAY = date(2027, 1, 1)
LAST_DAY = date(2028, 12, 31)
CLOSING_DAYS = [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
# Times of day (UTC) for the closing instant: the date that counts is the UTC date.
CLOSING_TIMES = (time(0, 0, 0), time(12, 34, 56), time(23, 59, 59, 999999))


def server_retention(closing: datetime, escrow: bool, **changes: object) -> Retention:
    """What a correct server states, written out by hand from the contract's rule."""
    day = closing.astimezone(UTC).date()
    values: dict[str, object] = {
        "account_status": AccountStatus.CLOSED,
        "closed_at": closing,
        "content_last_day": day + relativedelta(days=90),
        "content_deleted_at": datetime.combine(day + relativedelta(days=91), time(0), UTC),
        "content_deleted": False,
        "escrow_enabled": escrow,
        "escrow_last_day": day + relativedelta(months=6) if escrow else None,
        "escrow_ends_at": (
            datetime.combine(day + relativedelta(months=6, days=1), time(0), UTC)
            if escrow
            else None
        ),
        "designated_user": None,
        "server_time": closing,
    }
    values.update(changes)
    return Retention(**values)  # type: ignore[arg-type]


# --- dates ---------------------------------------------------------------------------------


def test_every_closing_day_of_two_years_matches_relativedelta() -> None:
    assert date(2028, 2, 29) in CLOSING_DAYS
    for day in CLOSING_DAYS:
        for at in CLOSING_TIMES:
            closed_at = datetime.combine(day, at, UTC)
            dates = retention_dates(closed_at, escrow_enabled=True)
            assert dates.content_last_day == day + relativedelta(days=90), closed_at
            assert dates.content_deleted_at == datetime.combine(
                day + relativedelta(days=91), time(0), UTC
            )
            six_months = day + relativedelta(months=6)
            assert dates.escrow_last_day == six_months, closed_at
            assert dates.escrow_ends_at == datetime.combine(
                six_months + relativedelta(days=1), time(0), UTC
            )
            # Never less than the promised 90 days (from the closing instant itself).
            assert dates.content_deleted_at - closed_at > timedelta(days=90)
            assert compare(server_retention(closed_at, True), dates) == []


@pytest.mark.parametrize(
    ("closing_day", "escrow_last_day"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2027, 8, 29), date(2028, 2, 29)),
        (date(2027, 8, 30), date(2028, 2, 29)),
        (date(2028, 8, 30), date(2029, 2, 28)),
        (date(2027, 12, 31), date(2028, 6, 30)),
        (date(2028, 2, 29), date(2028, 8, 29)),
        (date(2027, 7, 15), date(2028, 1, 15)),  # across the year end
    ],
)
def test_six_calendar_months_clamp_to_the_month_end(
    closing_day: date, escrow_last_day: date
) -> None:
    dates = retention_dates_for_day(closing_day, escrow_enabled=True)
    assert dates.escrow_last_day == escrow_last_day
    assert dates.escrow_ends_at == datetime.combine(
        escrow_last_day + timedelta(days=1), time(0), UTC
    )


def test_the_utc_date_of_the_closing_instant_counts_not_the_local_one() -> None:
    # 9 p.m. in New York on 24 November is already 25 November in UTC.
    closed_at = datetime(2026, 11, 24, 21, 0, tzinfo=NEW_YORK)
    dates = retention_dates(closed_at, escrow_enabled=False)
    assert dates.closing_day == date(2026, 11, 25)
    assert dates.content_last_day == date(2027, 2, 23)
    assert dates.content_deleted_at == datetime(2027, 2, 24, tzinfo=UTC)
    assert dates.escrow_last_day is None and dates.escrow_ends_at is None


def test_a_closing_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        retention_dates(datetime(2026, 11, 24, 12, 0), escrow_enabled=False)


def test_compare_names_each_date_the_server_gets_wrong() -> None:
    closed_at = datetime(2026, 11, 24, 15, 4, 5, tzinfo=UTC)
    server = server_retention(
        closed_at,
        True,
        content_last_day=date(2027, 2, 21),
        escrow_ends_at=datetime(2027, 5, 24, tzinfo=UTC),
    )
    own = own_dates_for(server)
    assert own is not None
    assert compare(server, own) == [
        Disagreement(RetentionField.CONTENT_LAST_DAY, date(2027, 2, 21), date(2027, 2, 22)),
        Disagreement(
            RetentionField.ESCROW_ENDS_AT,
            datetime(2027, 5, 24, tzinfo=UTC),
            datetime(2027, 5, 25, tzinfo=UTC),
        ),
    ]


def test_a_disagreement_reads_as_one_sentence() -> None:
    text = disagreement_text(
        Disagreement(RetentionField.CONTENT_LAST_DAY, date(2027, 2, 21), date(2027, 2, 22))
    )
    assert text == (
        "For the last day of access to the data, the server says 2027-02-21 but Account Desk "
        "computes 2027-02-22."
    )
    text = disagreement_text(
        Disagreement(RetentionField.ESCROW_ENDS_AT, None, datetime(2027, 5, 25, tzinfo=UTC))
    )
    assert "says nothing" in text and "2027-05-25 00:00 UTC" in text


def test_compare_flags_escrow_dates_the_server_omits() -> None:
    closed_at = datetime(2026, 11, 24, 15, 4, 5, tzinfo=UTC)
    server = server_retention(closed_at, False)
    own = retention_dates(closed_at, escrow_enabled=True)
    fields = [d.field for d in compare(server, own)]
    assert fields == [RetentionField.ESCROW_LAST_DAY, RetentionField.ESCROW_ENDS_AT]


def test_no_own_dates_while_the_account_is_open() -> None:
    server = server_retention(
        datetime(2026, 11, 24, tzinfo=UTC),
        False,
        closed_at=None,
        account_status=AccountStatus.ACTIVE,
    )
    assert own_dates_for(server) is None


# --- countdown -----------------------------------------------------------------------------


def local(zone: ZoneInfo, *parts: int, fold: int = 0) -> datetime:
    return datetime(*parts, tzinfo=zone, fold=fold)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("zone", "now", "until", "expected"),
    [
        # New York springs forward on 14 March 2027: "this time tomorrow" is 23 hours away.
        (NEW_YORK, (2027, 3, 13, 12, 0), (2027, 3, 14, 12, 0), TimeLeft(1, 0, 0)),
        (NEW_YORK, (2027, 3, 13, 12, 0), (2027, 3, 14, 11, 59), TimeLeft(0, 22, 59)),
        # ... and falls back on 7 November 2027: 25 hours.
        (NEW_YORK, (2027, 11, 6, 12, 0), (2027, 11, 7, 12, 0), TimeLeft(1, 0, 0)),
        (NEW_YORK, (2027, 11, 6, 12, 0), (2027, 11, 7, 11, 30), TimeLeft(0, 24, 30)),
        (NEW_YORK, (2027, 11, 6, 12, 0), (2027, 11, 16, 18, 45), TimeLeft(10, 6, 45)),
        # Paris springs forward on 28 March 2027 and falls back on 31 October 2027.
        (PARIS, (2027, 3, 27, 9, 0), (2027, 3, 29, 9, 0), TimeLeft(2, 0, 0)),
        (PARIS, (2027, 10, 30, 23, 30), (2027, 10, 31, 23, 0), TimeLeft(0, 24, 30)),
        # Sydney falls back on 4 April 2027 and springs forward on 3 October 2027.
        (SYDNEY, (2027, 4, 3, 8, 0), (2027, 4, 4, 8, 0), TimeLeft(1, 0, 0)),
        # Counted back from the deadline: 1 day from 7:59 a.m. on the 3rd, and the night before
        # it lost an hour.
        (SYDNEY, (2027, 10, 2, 8, 0), (2027, 10, 4, 7, 59), TimeLeft(1, 22, 59)),
        # Not across a change: plain arithmetic.
        (SYDNEY, (2027, 6, 1, 0, 0), (2027, 8, 30, 23, 59), TimeLeft(90, 23, 59)),
    ],
)
def test_time_left_counts_local_calendar_days_then_hours(
    zone: ZoneInfo, now: tuple[int, ...], until: tuple[int, ...], expected: TimeLeft
) -> None:
    assert time_left(local(zone, *until), local(zone, *now), zone) == expected


def test_time_left_from_inside_the_repeated_hour() -> None:
    # 1:30 a.m. happens twice in New York on 7 November 2027, an hour apart. One calendar day
    # back from 1:30 a.m. on the 8th is the first of them (25 real hours before).
    first = local(NEW_YORK, 2027, 11, 7, 1, 30, fold=0)
    second = local(NEW_YORK, 2027, 11, 7, 1, 30, fold=1)
    until = local(NEW_YORK, 2027, 11, 8, 1, 30)
    assert until - first.astimezone(UTC) == timedelta(hours=25)
    assert time_left(until, first, NEW_YORK) == TimeLeft(1, 0, 0)
    assert time_left(until, first + timedelta(minutes=20), NEW_YORK) == TimeLeft(0, 24, 40)
    assert time_left(until, second, NEW_YORK) == TimeLeft(0, 24, 0)
    # 2:00 a.m. on the 8th is 1 day and 30 minutes from the second 1:30 a.m.
    assert time_left(until + timedelta(minutes=30), second, NEW_YORK) == TimeLeft(1, 0, 30)


def test_time_left_when_the_clock_time_a_day_earlier_does_not_exist() -> None:
    # 2:30 a.m. on 3 October 2027 does not exist in Sydney (2:00 -> 3:00). Counting back one
    # day from 2:30 a.m. on the 4th lands just after the gap, at 3:30 a.m.
    until = local(SYDNEY, 2027, 10, 4, 2, 30)
    assert time_left(until, local(SYDNEY, 2027, 10, 3, 3, 30), SYDNEY) == TimeLeft(1, 0, 0)
    assert time_left(until, local(SYDNEY, 2027, 10, 3, 3, 29), SYDNEY) == TimeLeft(1, 0, 1)
    assert time_left(until, local(SYDNEY, 2027, 10, 3, 3, 31), SYDNEY) == TimeLeft(0, 22, 59)


def test_time_left_is_zero_once_passed_and_rounds_down() -> None:
    until = datetime(2027, 2, 23, tzinfo=UTC)
    assert time_left(until, until, PARIS) == TimeLeft(0, 0, 0)
    assert time_left(until, until + timedelta(days=3), PARIS) == TimeLeft(0, 0, 0)
    assert time_left(until, until - timedelta(seconds=59), PARIS) == TimeLeft(0, 0, 0)
    assert time_left(until, until - timedelta(seconds=61), PARIS) == TimeLeft(0, 0, 1)


@pytest.mark.parametrize(
    ("zone", "change"),
    [
        (NEW_YORK, date(2027, 3, 14)),
        (NEW_YORK, date(2027, 11, 7)),
        (PARIS, date(2027, 3, 28)),
        (PARIS, date(2027, 10, 31)),
        (SYDNEY, date(2027, 4, 4)),
        (SYDNEY, date(2027, 10, 3)),
    ],
)
def test_countdown_through_a_daylight_saving_change(zone: ZoneInfo, change: date) -> None:
    """Every 5 minutes for four days around the change, counting down to a deletion instant:
    the countdown never goes up, its parts stay in range, and the days are local calendar days
    counted back from the deadline."""
    until = datetime.combine(change + timedelta(days=2), time(0), UTC)
    now = datetime.combine(change - timedelta(days=2), time(0), UTC)
    previous: TimeLeft | None = None
    while now < until:
        left = time_left(until, now, zone)
        assert 0 <= left.hours <= 24 and 0 <= left.minutes < 60
        if previous is not None:
            assert left <= previous, now
        # Days: step back from the deadline one local calendar day at a time (same clock
        # time) and count the steps that are not yet behind us.
        until_wall = until.astimezone(zone).replace(tzinfo=None)
        steps = 0
        while (until_wall - timedelta(days=steps + 1)).replace(tzinfo=zone) >= now:
            steps += 1
        assert left.days == steps, now
        # Hours and minutes: the real time to the start of those days.
        start_of_days = (until_wall - timedelta(days=steps)).replace(tzinfo=zone)
        rest = start_of_days.astimezone(UTC) - now
        assert left.hours * 60 + left.minutes == int(rest.total_seconds() // 60), now
        previous = left
        now += timedelta(minutes=5)


# --- milestones ----------------------------------------------------------------------------


def test_milestones_in_order_with_what_they_change() -> None:
    closed_at = datetime(2026, 11, 24, 15, 4, 5, tzinfo=UTC)
    dates = retention_dates(closed_at, escrow_enabled=True)
    found = milestones(dates, NEW_YORK)
    assert [m.kind for m in found] == [
        MilestoneKind.CLOSED,
        MilestoneKind.DAYS_LEFT_30,
        MilestoneKind.DAYS_LEFT_7,
        MilestoneKind.DAYS_LEFT_1,
        MilestoneKind.CONTENT_DELETED,
        MilestoneKind.ESCROW_ENDED,
    ]
    by_kind = {m.kind: m for m in found}
    assert by_kind[MilestoneKind.CLOSED].at == closed_at
    assert by_kind[MilestoneKind.CONTENT_DELETED].at == datetime(2027, 2, 23, tzinfo=UTC)
    assert by_kind[MilestoneKind.ESCROW_ENDED].at == datetime(2027, 5, 25, tzinfo=UTC)
    # Deletion is 7 p.m. in New York on 22 February; 30 days earlier is 7 p.m. on 23 January.
    assert by_kind[MilestoneKind.DAYS_LEFT_30].at == local(NEW_YORK, 2027, 1, 23, 19, 0)

    closed = by_kind[MilestoneKind.CLOSED]
    assert Capability.EXPORT_CONTENT in closed.still_possible
    assert Capability.SIGN_IN_READ_ONLY in closed.still_possible
    assert Capability.SIGN_IN_AND_EDIT in closed.no_longer_possible
    assert Capability.CLIENT_PORTAL in closed.no_longer_possible
    deleted = by_kind[MilestoneKind.CONTENT_DELETED]
    assert deleted.still_possible == (Capability.ESCROWED_DATA,)
    assert Capability.EXPORT_CONTENT in deleted.no_longer_possible
    ended = by_kind[MilestoneKind.ESCROW_ENDED]
    assert ended.still_possible == () and set(ended.no_longer_possible) == set(Capability)
    for m in found:
        assert set(m.still_possible).isdisjoint(m.no_longer_possible)
        assert set(m.still_possible) | set(m.no_longer_possible) == set(Capability)


def test_without_escrow_nothing_remains_after_deletion() -> None:
    dates = retention_dates(datetime(2026, 11, 24, tzinfo=UTC), escrow_enabled=False)
    found = milestones(dates, PARIS)
    assert found[-1].kind is MilestoneKind.CONTENT_DELETED
    assert found[-1].still_possible == ()
    assert all(Capability.ESCROWED_DATA not in m.still_possible for m in found)


def test_every_closing_day_the_countdown_crosses_each_milestone_on_time() -> None:
    """At the N-days-left milestone the countdown reads exactly N days, and one minute earlier
    N days and a minute, in every zone, for every closing day of two years."""
    for zone in ZONES:
        for day in CLOSING_DAYS:
            dates = retention_dates(datetime.combine(day, time(15), UTC), escrow_enabled=True)
            for m in milestones(dates, zone):
                days = {
                    MilestoneKind.DAYS_LEFT_30: 30,
                    MilestoneKind.DAYS_LEFT_7: 7,
                    MilestoneKind.DAYS_LEFT_1: 1,
                }.get(m.kind)
                if days is None:
                    continue
                at_milestone = time_left(dates.content_deleted_at, m.at, zone)
                before = time_left(dates.content_deleted_at, m.at - timedelta(minutes=1), zone)
                assert at_milestone == TimeLeft(days, 0, 0), (zone, day, m.kind)
                assert before == TimeLeft(days, 0, 1), (zone, day, m.kind)
                # N local calendar days before the deletion day.
                local_gap = (
                    dates.content_deleted_at.astimezone(zone).date() - m.at.astimezone(zone).date()
                )
                assert local_gap == timedelta(days=days), (zone, day, m.kind)


def test_timeline_places_today_among_the_milestones() -> None:
    dates = retention_dates(datetime(2026, 11, 24, 15, tzinfo=UTC), escrow_enabled=True)
    now = datetime(2027, 2, 10, tzinfo=UTC)  # after the 30-days-left, before the 7-days-left
    kinds = [m.kind for m in timeline(dates, now, SYDNEY)]
    assert kinds == [
        MilestoneKind.CLOSED,
        MilestoneKind.DAYS_LEFT_30,
        MilestoneKind.TODAY,
        MilestoneKind.DAYS_LEFT_7,
        MilestoneKind.DAYS_LEFT_1,
        MilestoneKind.CONTENT_DELETED,
        MilestoneKind.ESCROW_ENDED,
    ]
    today = timeline(dates, now, SYDNEY)[2]
    assert Capability.EXPORT_CONTENT in today.still_possible
    upcoming = next_milestone(dates, now, SYDNEY)
    assert upcoming is not None and upcoming.kind is MilestoneKind.DAYS_LEFT_7

    after_deletion = timeline(dates, datetime(2027, 3, 1, tzinfo=UTC), SYDNEY)
    today = next(m for m in after_deletion if m.kind is MilestoneKind.TODAY)
    assert today.still_possible == (Capability.ESCROWED_DATA,)
    assert next_milestone(dates, datetime(2027, 6, 1, tzinfo=UTC), SYDNEY) is None


def test_every_milestone_and_capability_has_short_english_text() -> None:
    for kind in MilestoneKind:
        assert 0 < len(milestone_text(kind)) <= 40
    for capability in Capability:
        assert 0 < len(capability_text(capability)) <= 70
