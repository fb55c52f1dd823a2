"""When the closing takes effect, and changing one's mind afterwards.

* `closing_choices`: the two choices the walkthrough offers, each with its money (from the
  billing rules of app.account.billing) and its dates (from the retention rule of
  app.closing.retention):
  - "at the end of the paid period" (the default): the account stays usable until the period
    ends and closes by itself at 00:00 UTC of the next billing date, before that charge is
    made. The period was paid and is used to its end: nothing is unused, nothing refunded, no
    further charge. The 90 days (and escrow) count from that instant.
  - "now": the account closes at once; the rest of the paid period is unused and not refunded
    (the brief's example: billing day the 18th, closing on the 24th), no further charge.
* `ChangeOfMind`: cancel a scheduled closing until it happens, or reopen a closed account
  until the service's `reopen_until`. The server enforces both; the app keeps its cached
  retention answer in step so the countdown never shows a closing that was undone.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol

from app.account.billing import (
    ClosingCost,
    anniversary_month,
    billing_period,
    if_you_close_now,
    if_you_close_on,
)
from app.account.models import Account, ClosingWhen, Retention
from app.account.selfservice import new_idempotency_key
from app.closing.retention import RetentionDates, retention_dates
from app.closing.store import ClosingStore
from app.errors import AccountDeskError, Conflict, PermissionDenied

log = logging.getLogger(__name__)

# What the reference service grants; the server's `reopen_until` is what counts.
REOPEN_GRACE_DAYS = 30


@dataclass(frozen=True)
class ClosingChoice:
    """One way to close: when access ends, what it costs, and the dates that follow."""

    when: ClosingWhen
    # The instant the account closes: users without access after closing lose it then, the
    # rest keep read-only access; nothing can be changed from then on.
    closes_at: datetime
    cost: ClosingCost
    dates: RetentionDates

    @property
    def reopen_until(self) -> datetime:
        return self.closes_at + timedelta(days=REOPEN_GRACE_DAYS)


def end_of_paid_period(account: Account) -> datetime:
    """When the period that contains the server's today ends: 00:00 UTC of the next billing
    date (the instant a closing at the end of the period happens)."""
    today = account.server_time.astimezone(UTC).date()
    period = billing_period(
        account.plan.billing_cycle, account.billing_day, today, anniversary_month(account)
    )
    return datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=UTC)


def closing_choices(account: Account) -> tuple[ClosingChoice, ClosingChoice]:
    """(at the end of the paid period, now), in the order the walkthrough offers them."""
    now = account.server_time.astimezone(UTC)
    at_end = end_of_paid_period(account)
    last_paid_day = at_end.date() - timedelta(days=1)
    return (
        ClosingChoice(
            ClosingWhen.END_OF_PERIOD,
            at_end,
            # billed as a closing on the period's last day: nothing unused, no next charge
            if_you_close_on(account, last_paid_day),
            retention_dates(at_end, account.escrow_enabled),
        ),
        ClosingChoice(
            ClosingWhen.NOW,
            now,
            if_you_close_now(account),
            retention_dates(now, account.escrow_enabled),
        ),
    )


def choice_for(account: Account, when: ClosingWhen) -> ClosingChoice:
    return next(c for c in closing_choices(account) if c.when is when)


# --- changing one's mind ---------------------------------------------------------------------


class ChangeClient(Protocol):
    """What changing one's mind needs of the self-service client (SelfServiceClient fits)."""

    def cancel_scheduled_closing(self) -> Retention: ...

    def reopen(self, idempotency_key: str) -> Account: ...

    def retention(self) -> Retention: ...


class ChangeOutcome(StrEnum):
    DONE = "done"
    TOO_LATE = "too_late"  # the closing already happened / the grace period is over
    NOT_ALLOWED = "not_allowed"  # only the Primary Subscriber may
    FAILED = "failed"  # no answer, or another error: nothing is known to have changed


@dataclass(frozen=True)
class ChangeResult:
    outcome: ChangeOutcome
    message: str = ""  # the server's sentence, for the log and as a fallback
    error_type: str | None = None
    account: Account | None = None  # after a reopening
    retention: Retention | None = None

    @property
    def done(self) -> bool:
        return self.outcome is ChangeOutcome.DONE


def _failure(error: AccountDeskError) -> ChangeResult:
    error_type = getattr(error, "error_type", None)
    message = getattr(error, "server_message", None) or error.message
    if isinstance(error, Conflict):
        return ChangeResult(ChangeOutcome.TOO_LATE, message, error_type)
    if isinstance(error, PermissionDenied):
        return ChangeResult(ChangeOutcome.NOT_ALLOWED, message, error_type)
    return ChangeResult(ChangeOutcome.FAILED, message, error_type)


class ChangeOfMind:
    """Cancelling a scheduled closing and reopening, for one server and profile. The key of a
    reopening is kept for retries of the same decision, so a retry never reopens twice (for
    example after the account was closed again)."""

    def __init__(self, client: ChangeClient, store: ClosingStore | None = None) -> None:
        self._client = client
        self._store = store
        self._lock = threading.Lock()
        self._reopen_key: str | None = None

    def cancel_scheduled_closing(self) -> ChangeResult:
        with self._lock:
            try:
                retention = self._client.cancel_scheduled_closing()
            except AccountDeskError as error:
                log.info("cancelling the scheduled closing failed (%s)", error.detail)
                return _failure(error)
            self._remember(retention)
            log.info("the scheduled closing was cancelled")
            return ChangeResult(ChangeOutcome.DONE, retention=retention)

    def reopen(self) -> ChangeResult:
        with self._lock:
            if self._reopen_key is None:
                self._reopen_key = new_idempotency_key()
            try:
                account = self._client.reopen(self._reopen_key)
            except AccountDeskError as error:
                log.info("reopening failed (%s)", error.detail)
                result = _failure(error)
                if result.outcome is not ChangeOutcome.FAILED:
                    self._reopen_key = None  # a definite answer ends this decision
                return result
            self._reopen_key = None
            log.info("the account was reopened")
            retention: Retention | None = None
            try:
                retention = self._client.retention()
            except AccountDeskError as error:
                log.warning("could not read the retention answer after reopening: %s", error)
            else:
                self._remember(retention)
            return ChangeResult(ChangeOutcome.DONE, account=account, retention=retention)

    def _remember(self, retention: Retention) -> None:
        if self._store is not None:
            self._store.save_retention(retention)
