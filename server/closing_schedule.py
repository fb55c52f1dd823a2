"""Closing the account at the end of the paid period rather than now, and changing one's mind:
cancelling a scheduled closing, or reopening a closed account within the grace period."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from server.accounts import (
    REOPEN_GRACE_DAYS,
    Account,
    billing_period,
    close_account,
    load_account,
    midnight_utc,
    utc_date,
)


class ClosingWhen(StrEnum):
    NOW = "now"
    END_OF_PERIOD = "end_of_period"


@dataclass(frozen=True)
class ScheduledClosing:
    id: int
    user_id: int
    requested_at: float
    closes_at: float
    reason_code: str | None
    comment: str | None
    designated_user_id: int | None
    idempotency_key: str


def end_of_paid_period(account: Account, now: float) -> datetime:
    """The instant the period that contains `now` ends: 00:00 UTC of the next billing date,
    before which the next charge would be made."""
    return midnight_utc(billing_period(account, utc_date(now)).next_start)


def scheduled_closing(con: sqlite3.Connection) -> ScheduledClosing | None:
    row = con.execute(
        "SELECT * FROM scheduled_closings WHERE state = 'scheduled' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return ScheduledClosing(
        id=row["id"],
        user_id=row["user_id"],
        requested_at=row["requested_at"],
        closes_at=row["closes_at"],
        reason_code=row["reason_code"],
        comment=row["comment"],
        designated_user_id=row["designated_user_id"],
        idempotency_key=row["idempotency_key"],
    )


def schedule_closing(
    con: sqlite3.Connection,
    *,
    user_id: int,
    now: float,
    closes_at: float,
    reason_code: str | None,
    comment: str | None,
    designated_user_id: int | None,
    idempotency_key: str,
) -> None:
    """Record a closing that happens by itself at `closes_at` (inside the caller's
    transaction). The account stays as it is until then."""
    con.execute(
        "INSERT INTO scheduled_closings(user_id, requested_at, closes_at, reason_code, comment,"
        " designated_user_id, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (user_id, now, closes_at, reason_code, comment, designated_user_id, idempotency_key),
    )


def cancel_scheduled_closing(con: sqlite3.Connection, now: float) -> bool:
    """Drop the scheduled closing, if any. Returns whether there was one."""
    cursor = con.execute(
        "UPDATE scheduled_closings SET state = 'cancelled', settled_at = ?"
        " WHERE state = 'scheduled'",
        (now,),
    )
    return cursor.rowcount > 0


def due_closing(con: sqlite3.Connection, now: float) -> ScheduledClosing | None:
    """The scheduled closing whose instant has come, while the account is still active."""
    scheduled = scheduled_closing(con)
    if scheduled is None or now < scheduled.closes_at:
        return None
    account = load_account(con)
    if account is None or account.closed:
        return None
    return scheduled


def carry_out_scheduled_closing(con: sqlite3.Connection, scheduled: ScheduledClosing) -> None:
    """Close the account as of the scheduled instant (not the moment someone noticed), so that
    the retention dates count from the end of the paid period."""
    close_account(
        con,
        user_id=scheduled.user_id,
        now=scheduled.closes_at,
        reason_code=scheduled.reason_code,
        comment=scheduled.comment,
        designated_user_id=scheduled.designated_user_id,
        idempotency_key=scheduled.idempotency_key,
    )
    con.execute(
        "UPDATE scheduled_closings SET state = 'done', settled_at = ? WHERE id = ?",
        (scheduled.closes_at, scheduled.id),
    )


def closed_at_period_end(con: sqlite3.Connection, account: Account) -> bool:
    """Whether the account's closing is one that waited for the end of the paid period."""
    if account.closed_at is None:
        return False
    row = con.execute(
        "SELECT 1 FROM scheduled_closings WHERE state = 'done' AND closes_at = ?",
        (account.closed_at,),
    ).fetchone()
    return row is not None


def last_paid_day(con: sqlite3.Connection, account: Account) -> date:
    """The day whose billing period was the last one paid, for a closed account: the closing
    day, or the period's last day when the closing waited for the period to end (it happens at
    00:00 UTC of the next billing date, before that charge)."""
    assert account.closed_at is not None
    if closed_at_period_end(con, account):
        return utc_date(account.closed_at) - timedelta(days=1)
    return utc_date(account.closed_at)


def reopen_until(closed_at: float) -> datetime:
    return datetime.fromtimestamp(closed_at, tz=UTC) + timedelta(days=REOPEN_GRACE_DAYS)


def reopen_account(con: sqlite3.Connection, *, user_id: int, now: float) -> None:
    """Undo the closing inside the caller's transaction: the subscription resumes. Voided
    payment authorisations stay void and online payments stay off until the firm turns them
    back on; users whose access ended sign in again."""
    account = load_account(con)
    assert account is not None and account.closed_at is not None
    con.execute(
        "INSERT INTO reopenings(user_id, reopened_at, closed_at) VALUES (?, ?, ?)",
        (user_id, now, account.closed_at),
    )
    con.execute(
        "UPDATE account SET status = 'active', closed_at = NULL, closed_by = NULL,"
        " designated_user_id = NULL WHERE id = 1 AND status = 'closed'"
    )


def closing_reference(con: sqlite3.Connection) -> tuple[str, str | None] | None:
    """The reference number of the account's closing and its reason code, from the latest
    row of `cancellations` (None while the account was never closed). The reference names the
    closing day (UTC), the firm and the row, so support can find it from a printed receipt."""
    row = con.execute(
        "SELECT c.id, c.closed_at, c.reason_code, a.firm_id FROM cancellations c, account a"
        " ORDER BY c.id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    day = utc_date(row["closed_at"])
    return f"CL-{day:%Y%m%d}-{row['firm_id']:04d}-{row['id']:05d}", row["reason_code"]
