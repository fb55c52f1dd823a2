"""The firm's subscription account: plan and billing, online payments, escrow, and closing.

One account per data dir (the seeded firm). The billing period, the charges and the retention
dates are computed from the server clock on every request, so they stay right when the demo
clock moves. Closing is recorded in `cancellations`; tests count its rows. Closing at the end
of the period, and changing one's mind, are in server.closing_schedule.
"""

from __future__ import annotations

import calendar
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from server.db import register_schema
from server.firm import FIRM_NAME, SEED_USERS, Role
from server.state import ServerState

register_schema(
    """
    CREATE TABLE IF NOT EXISTS account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        firm_id INTEGER NOT NULL,
        firm_name TEXT NOT NULL,
        plan_name TEXT NOT NULL,
        billing_cycle TEXT NOT NULL,
        seats INTEGER NOT NULL,
        price_cents INTEGER NOT NULL,
        yearly_discount_cents INTEGER NOT NULL,
        billing_day INTEGER NOT NULL,
        subscribed_on TEXT NOT NULL,
        escrow_enabled INTEGER NOT NULL,
        self_service_blocked TEXT,
        payments_enabled INTEGER NOT NULL,
        pending_authorizations INTEGER NOT NULL,
        pending_total_cents INTEGER NOT NULL,
        payment_links_active INTEGER NOT NULL,
        payment_plans_active INTEGER NOT NULL,
        card_processor_name TEXT,
        card_processor_connected INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'active',
        closed_at REAL,
        closed_by INTEGER,
        designated_user_id INTEGER
    );
    CREATE TABLE IF NOT EXISTS cancellations (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL,
        closed_at REAL NOT NULL,
        reason_code TEXT,
        comment TEXT,
        designated_user_id INTEGER,
        idempotency_key TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS scheduled_closings (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL,
        requested_at REAL NOT NULL,
        closes_at REAL NOT NULL,
        reason_code TEXT,
        comment TEXT,
        designated_user_id INTEGER,
        idempotency_key TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'scheduled',
        settled_at REAL
    );
    CREATE TABLE IF NOT EXISTS reopenings (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL,
        reopened_at REAL NOT NULL,
        closed_at REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL,
        article TEXT NOT NULL,
        helpful INTEGER NOT NULL,
        choice TEXT,
        comment TEXT,
        created_at REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS idempotent_answers (
        scope TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        status INTEGER NOT NULL,
        body BLOB NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (scope, user_id, key)
    );
    """
)

# Changes of plan chosen instead of closing (server.alternatives), applied on their day.
register_schema(
    """
    CREATE TABLE IF NOT EXISTS plan_changes (
        kind TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        requested_by INTEGER NOT NULL,
        requested_at REAL NOT NULL
    );
    """
)

FIRM_ID = 1
PLAN_NAME = "Boutique"
PRICE_PER_USER_PER_MONTH_CENTS = 8900
YEARLY_DISCOUNT_PER_USER_PER_MONTH_CENTS = 1000
DEMO_SEATS = 6
DEMO_BILLING_DAY = 18
# The firm has been a customer for years; yearly plans renew on this date's anniversary.
SUBSCRIBED_ON = date(2021, 3, 18)
CARD_PROCESSOR = "Harbor Payments (demo card processor)"

CONTENT_RETENTION_DAYS = 90
ESCROW_MONTHS = 6
# How long after closing the Primary Subscriber may still reopen the account.
REOPEN_GRACE_DAYS = 30


class BillingCycle(StrEnum):
    MONTHLY = "monthly"
    YEARLY = "yearly"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class BlockedReason(StrEnum):
    """Why the caller may not close the account in self-service."""

    CONTRACT_ACCOUNT = "contract_account"
    NOT_PRIMARY_SUBSCRIBER = "not_primary_subscriber"
    ACCOUNT_CLOSED = "account_closed"


@dataclass(frozen=True)
class CancellationReason:
    code: str
    label: str
    comment_allowed: bool


CANCELLATION_REASONS: tuple[CancellationReason, ...] = (
    CancellationReason("too_expensive", "It is too expensive", False),
    CancellationReason("missing_features", "It is missing features we need", True),
    CancellationReason("switched_service", "We are switching to another service", True),
    CancellationReason("unused", "We are not using it", False),
    CancellationReason("customer_service", "We were unhappy with customer service", True),
    CancellationReason("too_complex", "It is too complicated to use", True),
    CancellationReason("low_quality", "It does not work well enough", True),
    CancellationReason("other", "Another reason", True),
)
REASONS_BY_CODE = {r.code: r for r in CANCELLATION_REASONS}

SUPPORT = {
    "phone": "+1-888-858-2546",
    "option": "2",
    "hours": "Monday to Friday, 8 a.m. to 8 p.m. Eastern",
    "web_page": "https://support.account-desk.example/articles/closing-your-account",
}


@dataclass(frozen=True)
class Account:
    firm_id: int
    firm_name: str
    plan_name: str
    billing_cycle: BillingCycle
    seats: int
    price_cents: int
    yearly_discount_cents: int
    billing_day: int
    subscribed_on: date
    escrow_enabled: bool
    self_service_blocked: BlockedReason | None
    payments_enabled: bool
    pending_authorizations: int
    pending_total_cents: int
    payment_links_active: int
    payment_plans_active: int
    card_processor_name: str | None
    card_processor_connected: bool
    status: AccountStatus
    closed_at: float | None
    closed_by: int | None
    designated_user_id: int | None

    @property
    def closed(self) -> bool:
        return self.status is AccountStatus.CLOSED

    @property
    def monthly_rate_cents(self) -> int:
        """What one user costs per month on this plan's billing cycle."""
        if self.billing_cycle is BillingCycle.YEARLY:
            return self.price_cents - self.yearly_discount_cents
        return self.price_cents

    @property
    def charge_cents(self) -> int:
        """One charge: a month of every seat, or twelve months at once on yearly plans."""
        months = 12 if self.billing_cycle is BillingCycle.YEARLY else 1
        return self.seats * self.monthly_rate_cents * months

    def may_sign_in(self, user_id: int, role: Role) -> bool:
        """After closing only the Primary Subscriber, administrators and the designated user
        keep (read-only) access; before it every active member does."""
        if not self.closed:
            return True
        return keeps_access_after_closing(user_id, role, self.designated_user_id)


# Where the retention rule (90 days, six months of escrow, who keeps access) is written: the
# service's Terms of Service, which the retention answer cites so the app can link to it.
RETENTION_TERMS = {
    "title": "Terms of Service",
    "section": "10.4",
    "url": "https://support.account-desk.example/terms-of-service#section-10.4",
}


# Who keeps (read-only) access after closing: these roles, and the one user the Primary
# Subscriber designated at closing, who may be any active member of the firm.
ROLES_KEEPING_ACCESS: tuple[Role, ...] = (Role.PRIMARY_SUBSCRIBER, Role.ADMINISTRATOR)


def keeps_access_after_closing(user_id: int, role: Role, designated_user_id: int | None) -> bool:
    return role in ROLES_KEEPING_ACCESS or user_id == designated_user_id


def _row_to_account(row: sqlite3.Row) -> Account:
    blocked = row["self_service_blocked"]
    return Account(
        firm_id=row["firm_id"],
        firm_name=row["firm_name"],
        plan_name=row["plan_name"],
        billing_cycle=BillingCycle(row["billing_cycle"]),
        seats=row["seats"],
        price_cents=row["price_cents"],
        yearly_discount_cents=row["yearly_discount_cents"],
        billing_day=row["billing_day"],
        subscribed_on=date.fromisoformat(row["subscribed_on"]),
        escrow_enabled=bool(row["escrow_enabled"]),
        self_service_blocked=BlockedReason(blocked) if blocked else None,
        payments_enabled=bool(row["payments_enabled"]),
        pending_authorizations=row["pending_authorizations"],
        pending_total_cents=row["pending_total_cents"],
        payment_links_active=row["payment_links_active"],
        payment_plans_active=row["payment_plans_active"],
        card_processor_name=row["card_processor_name"],
        card_processor_connected=bool(row["card_processor_connected"]),
        status=AccountStatus(row["status"]),
        closed_at=row["closed_at"],
        closed_by=row["closed_by"],
        designated_user_id=row["designated_user_id"],
    )


def load_account(con: sqlite3.Connection) -> Account | None:
    row = con.execute("SELECT * FROM account WHERE id = 1").fetchone()
    return None if row is None else _row_to_account(row)


def seed_account(state: ServerState) -> None:
    """The demo firm's subscription; `--billing-cycle`, `--billing-day`, `--contract-account`
    and `--no-escrow` vary it for tests and demos."""
    options = state.options
    con = state.db.connect()
    with con:
        con.execute(
            "INSERT OR REPLACE INTO account(id, firm_id, firm_name, plan_name, billing_cycle,"
            " seats, price_cents, yearly_discount_cents, billing_day, subscribed_on,"
            " escrow_enabled, self_service_blocked, payments_enabled, pending_authorizations,"
            " pending_total_cents, payment_links_active, payment_plans_active,"
            " card_processor_name, card_processor_connected, status)"
            " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 2, 125000, 3, 1, ?, 1, 'active')",
            (
                FIRM_ID,
                FIRM_NAME,
                PLAN_NAME,
                options.billing_cycle,
                max(options.seats, DEMO_SEATS),
                PRICE_PER_USER_PER_MONTH_CENTS,
                YEARLY_DISCOUNT_PER_USER_PER_MONTH_CENTS,
                options.billing_day,
                SUBSCRIBED_ON.isoformat(),
                0 if options.no_escrow else 1,
                BlockedReason.CONTRACT_ACCOUNT.value if options.contract_account else None,
                CARD_PROCESSOR,
            ),
        )


# --- dates -----------------------------------------------------------------------------------


def clamped(year: int, month: int, day: int) -> date:
    """`day` of that month, or the month's last day when it is shorter (billing days 29-31)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _shift_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class BillingPeriod:
    start: date
    end: date  # inclusive: the day before the next billing date

    @property
    def next_start(self) -> date:
        return self.end + timedelta(days=1)


def billing_period(account: Account, today: date) -> BillingPeriod:
    """The billing period that contains `today`."""
    day = account.billing_day
    if account.billing_cycle is BillingCycle.YEARLY:
        month = account.subscribed_on.month
        start = clamped(today.year, month, day)
        if start > today:
            start = clamped(today.year - 1, month, day)
        following = clamped(start.year + 1, month, day)
    else:
        start = clamped(today.year, today.month, day)
        if start > today:
            start = clamped(*_shift_months(today.year, today.month, -1), day)
        following = clamped(*_shift_months(start.year, start.month, 1), day)
    return BillingPeriod(start, following - timedelta(days=1))


def utc_date(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, tz=UTC).date()


def midnight_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True)
class Retention:
    closed_at: datetime
    content_last_day: date
    content_deleted_at: datetime
    escrow_last_day: date | None
    escrow_ends_at: datetime | None


def retention_for(closed_at: float, escrow_enabled: bool) -> Retention:
    """The contract's rule: content for 90 days after the UTC date of closing, escrow for six
    calendar months (31 August -> the last day of February)."""
    closed_day = utc_date(closed_at)
    content_last_day = closed_day + timedelta(days=CONTENT_RETENTION_DAYS)
    escrow_last_day = closed_day + relativedelta(months=ESCROW_MONTHS) if escrow_enabled else None
    return Retention(
        closed_at=datetime.fromtimestamp(closed_at, tz=UTC),
        content_last_day=content_last_day,
        content_deleted_at=midnight_utc(content_last_day + timedelta(days=1)),
        escrow_last_day=escrow_last_day,
        escrow_ends_at=(
            midnight_utc(escrow_last_day + timedelta(days=1)) if escrow_last_day else None
        ),
    )


def content_deleted(account: Account, now: float) -> bool:
    if account.closed_at is None:
        return False
    return (
        now
        >= retention_for(account.closed_at, account.escrow_enabled).content_deleted_at.timestamp()
    )


# --- closing ---------------------------------------------------------------------------------


def close_account(
    con: sqlite3.Connection,
    *,
    user_id: int,
    now: float,
    reason_code: str | None,
    comment: str | None,
    designated_user_id: int | None,
    idempotency_key: str,
) -> None:
    """Close the account inside the caller's transaction: nothing more is charged, pending
    payment authorisations are voided, links and plans stop, the card processor disconnects.
    A closing scheduled for the end of the period is superseded."""
    con.execute("UPDATE scheduled_closings SET state = 'superseded' WHERE state = 'scheduled'")
    con.execute(
        "UPDATE account SET status = 'closed', closed_at = ?, closed_by = ?,"
        " designated_user_id = ?, payments_enabled = 0, pending_authorizations = 0,"
        " pending_total_cents = 0, payment_links_active = 0, payment_plans_active = 0,"
        " card_processor_connected = 0 WHERE id = 1 AND status = 'active'",
        (now, user_id, designated_user_id),
    )
    con.execute(
        "INSERT INTO cancellations(user_id, closed_at, reason_code, comment, designated_user_id,"
        " idempotency_key) VALUES (?, ?, ?, ?, ?, ?)",
        (user_id, now, reason_code, comment, designated_user_id, idempotency_key),
    )


def stored_answer(
    con: sqlite3.Connection, scope: str, user_id: int, key: str
) -> tuple[int, bytes] | None:
    row = con.execute(
        "SELECT status, body FROM idempotent_answers WHERE scope = ? AND user_id = ? AND key = ?",
        (scope, user_id, key),
    ).fetchone()
    return None if row is None else (row["status"], bytes(row["body"]))


def store_answer(
    con: sqlite3.Connection,
    scope: str,
    user_id: int,
    key: str,
    status: int,
    body: bytes,
    now: float,
) -> None:
    con.execute(
        "INSERT INTO idempotent_answers(scope, user_id, key, status, body, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (scope, user_id, key, status, body, now),
    )


def seed_user_name(user_id: int) -> tuple[str, str] | None:
    """(name, email) of a seeded user."""
    for user in SEED_USERS:
        if user.id == user_id:
            return user.name, user.email
    return None
