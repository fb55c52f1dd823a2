"""Closing the account safely: the cancellation is sent at most once per decision.

`ClosingSender.send` writes the idempotency key to the profile (atomically) BEFORE the request
goes out and keeps it until the outcome is known, so a double click, a retry after a time-out,
a lost connection or an app restart reuses the same key and the server answers it with its
first answer. After a lost answer the server is asked (GET retention) what really happened.
"Closed" is only ever reported when the server said so; refusals say whom to call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from app.account.models import (
    AccountStatus,
    CancellationRefused,
    ClosingWhen,
    InvalidResponse,
    ReasonCode,
    Retention,
    SupportContact,
)
from app.closing.store import ClosingStore
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
