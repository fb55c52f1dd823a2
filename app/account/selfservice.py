"""The self-service API client (`/self-service/v1/`): account and billing, payments and trust
summaries, cancellation reasons, closing, retention dates, support contact and help feedback.

It speaks through any transport with `get_json` / `post_json` (the app's HTTP session, which
owns time-outs, retries, token refresh and error mapping), and returns the typed values of
app.account.models, so a malformed answer surfaces as `InvalidResponse` naming the field.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urljoin

from app.account.models import (
    Account,
    BillingCycle,
    CancellationReason,
    ClosingWhen,
    FeedbackChoice,
    FeedbackReceipt,
    PaymentsSummary,
    ReasonCode,
    Retention,
    SupportContact,
    TrustSummary,
    instant_field,
)
from app.closing.alternatives import Alternatives

MAX_COMMENT_CHARS = 5_000
MAX_FIRM_NAME_CHARS = 200
HELP_ARTICLE = "closing-your-account"
# What the contract accepts as an Idempotency-Key: 1 to 255 visible ASCII characters.
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")


class JsonTransport(Protocol):
    """What the client needs from an HTTP session (app.net.http.HttpSession fits)."""

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any: ...

    def post_json(self, url: str, body: Any, headers: Mapping[str, str] | None = None) -> Any: ...

    def delete_json(self, url: str, headers: Mapping[str, str] | None = None) -> Any: ...


def new_idempotency_key() -> str:
    """A fresh key for one closing attempt. Keep it for retries of that same attempt: the
    server answers a repeated key with its first answer and never closes twice."""
    return str(uuid.uuid4())


class SelfServiceClient:
    def __init__(self, transport: JsonTransport, base_url: str) -> None:
        # A trailing slash so that urljoin appends ("…/v1/" + "account"), never replaces.
        self._transport = transport
        self.base_url = base_url.rstrip("/") + "/"

    def _url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def _get(self, path: str) -> Any:
        return self._transport.get_json(self._url(path))

    # --- reading -------------------------------------------------------------------------

    def account(self) -> Account:
        return Account.from_json(self._get("account"))

    def payments_summary(self) -> PaymentsSummary:
        return PaymentsSummary.from_json(self._get("payments/summary"))

    def trust_summary(self) -> TrustSummary:
        return TrustSummary.from_json(self._get("trust/summary"))

    def cancellation_reasons(self) -> tuple[CancellationReason, ...]:
        return CancellationReason.list_from_json(self._get("cancellation/reasons"))

    def retention(self) -> Retention:
        return Retention.from_json(self._get("retention"))

    def support(self) -> SupportContact:
        return SupportContact.from_json(self._get("support"))

    # --- writing -------------------------------------------------------------------------

    def send_feedback(
        self,
        helpful: bool,
        choice: FeedbackChoice | None = None,
        comment: str | None = None,
        *,
        article: str = HELP_ARTICLE,
        idempotency_key: str | None = None,
    ) -> FeedbackReceipt:
        """Answer "Was this article helpful?". With a key, a resend is counted once."""
        comment = _optional_comment(comment)
        body = {
            "article": article,
            "helpful": helpful,
            "choice": None if choice is None else choice.value,
            "comment": comment,
        }
        headers: dict[str, str] = {}
        if idempotency_key is not None:
            _check_key(idempotency_key)
            headers["Idempotency-Key"] = idempotency_key
        answer = self._transport.post_json(self._url("feedback"), body, headers)
        return FeedbackReceipt.from_json(answer)

    def cancel(
        self,
        idempotency_key: str,
        confirm_firm_name: str,
        reason_code: ReasonCode | None = None,
        comment: str | None = None,
        designated_user_id: int | None = None,
        when: ClosingWhen | None = None,
    ) -> Retention:
        """Close the account, now or (`ClosingWhen.END_OF_PERIOD`) by itself when the paid
        period ends. Returns the retention answer the server now states: the retention dates
        of a closing, or `closing_scheduled_at` of a scheduled one.

        Use one `idempotency_key` per closing attempt (see `new_idempotency_key`) and reuse it
        for any retry. Refusals arrive as the transport's typed errors: 403
        not_primary_subscriber / assisted_cancellation_required, 401 reauth_required,
        409 already_closed, 400/422 bad input.
        """
        _check_key(idempotency_key)
        if not confirm_firm_name.strip():
            raise ValueError("type the firm's name to confirm")
        if len(confirm_firm_name) > MAX_FIRM_NAME_CHARS:
            raise ValueError(f"a firm's name is at most {MAX_FIRM_NAME_CHARS} characters")
        body: dict[str, Any] = {"confirm_firm_name": confirm_firm_name}
        if reason_code is not None:
            body["reason_code"] = reason_code.value
        comment = _optional_comment(comment)
        if comment is not None:
            body["comment"] = comment
        if designated_user_id is not None:
            body["designated_user_id"] = designated_user_id
        if when is not None:
            body["when"] = when.value
        answer = self._transport.post_json(
            self._url("cancellation"), body, {"Idempotency-Key": idempotency_key}
        )
        return Retention.from_json(answer)

    def cancel_scheduled_closing(self) -> Retention:
        """Cancel a closing scheduled for the end of the period (harmless when none is).
        409 already_closed once it has happened; 403 for anyone but the Primary Subscriber."""
        return Retention.from_json(self._transport.delete_json(self._url("cancellation")))

    def reopen(self, idempotency_key: str) -> Account:
        """Reopen the closed account (Primary Subscriber, until `reopen_until`). Reuse the key
        for retries of one decision. 409 not_closed / reopen_period_over, 403 for others."""
        _check_key(idempotency_key)
        answer = self._transport.post_json(
            self._url("reopening"), None, {"Idempotency-Key": idempotency_key}
        )
        return Account.from_json(answer)

    # --- alternatives to closing ------------------------------------------------------------

    def alternatives(self) -> Alternatives:
        return Alternatives.from_json(self._get("alternatives"))

    def _alternative(self, path: str, body: dict[str, Any], idempotency_key: str) -> Alternatives:
        _check_key(idempotency_key)
        answer = self._transport.post_json(
            self._url("alternatives/" + path), body, {"Idempotency-Key": idempotency_key}
        )
        return Alternatives.from_json(answer)

    def transfer_primary_subscriber(self, user_id: int, idempotency_key: str) -> Alternatives:
        """Make another active user the Primary Subscriber (at once; the caller becomes an
        administrator). Reuse the key for a retry."""
        return self._alternative("primary-subscriber", {"user_id": user_id}, idempotency_key)

    def reduce_seats(self, seats: int, idempotency_key: str) -> Alternatives:
        """Pay for `seats` seats from the next billing date."""
        return self._alternative("seats", {"seats": seats}, idempotency_key)

    def switch_billing_cycle(self, cycle: BillingCycle, idempotency_key: str) -> Alternatives:
        """Switch to monthly or yearly billing from the next billing date."""
        return self._alternative("billing-cycle", {"billing_cycle": cycle.value}, idempotency_key)

    def advance_demo_clock(self, days: int = 0, seconds: int = 0) -> datetime:
        """Demo time travel (only on a reference backend started with --demo-controls).
        Returns the server's new time."""
        answer = self._transport.post_json(
            self._url("demo/clock"), {"advance_days": days, "advance_seconds": seconds}
        )
        return instant_field(answer, "server_time")


def _optional_comment(comment: str | None) -> str | None:
    if comment is None or not comment.strip():
        return None
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValueError(f"the comment is longer than {MAX_COMMENT_CHARS} characters")
    return comment


def _check_key(key: str) -> None:
    if not _IDEMPOTENCY_KEY.fullmatch(key):
        raise ValueError("an idempotency key is 1 to 255 visible ASCII characters")
