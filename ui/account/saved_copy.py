"""The self-service answers the account screen shows, fetched together on a worker thread,
and the saved copy of them (the contract's own JSON shapes, read back through the same checks as
a server answer) that lets the screen open offline, marked "as of" its time."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from app.account.models import (
    Account,
    PaymentsSummary,
    SupportContact,
    TrustSummary,
    account_to_json,
    payments_to_json,
    support_to_json,
    trust_to_json,
)
from app.errors import AccountDeskError
from ui.common.error_text import error_text

log = logging.getLogger(__name__)

CACHE_VERSION = 1


class SelfServiceReader(Protocol):
    """The parts of app.account.selfservice.SelfServiceClient this screen reads."""

    def account(self) -> Account: ...

    def payments_summary(self) -> PaymentsSummary: ...

    def trust_summary(self) -> TrustSummary: ...

    def support(self) -> SupportContact: ...


@dataclass(frozen=True)
class AccountSnapshot:
    """Everything the screen shows, as fetched at `fetched_at` (or saved then)."""

    account: Account
    payments: PaymentsSummary | None
    trust: TrustSummary | None
    support: SupportContact | None
    fetched_at: datetime
    # A section's own failure (payments, trust, support): the rest still shows.
    problems: Mapping[str, str]


def fetch_snapshot(client: SelfServiceReader) -> AccountSnapshot:
    """The four answers the screen shows (on a worker thread). The account must come; the
    others may fail on their own and are then shown as not loaded."""
    account = client.account()
    problems: dict[str, str] = {}

    def optional(name: str, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except AccountDeskError as error:
            log.info("account page: %s not loaded (%s)", name, error.detail or error.message)
            problems[name] = error_text(error)
            return None

    return AccountSnapshot(
        account=account,
        payments=optional("payments", client.payments_summary),
        trust=optional("trust", client.trust_summary),
        support=optional("support", client.support),
        fetched_at=datetime.now(UTC),
        problems=problems,
    )


# --- the saved copy: the contract's own JSON shapes, parsed back through app.account.models ---


def snapshot_to_json(s: AccountSnapshot) -> dict[str, Any]:
    return {
        "version": CACHE_VERSION,
        "fetched_at": s.fetched_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "account": account_to_json(s.account),
        "payments": None if s.payments is None else payments_to_json(s.payments),
        "trust": None if s.trust is None else trust_to_json(s.trust),
        "support": None if s.support is None else support_to_json(s.support),
        "problems": dict(s.problems),
    }


def snapshot_from_json(data: Any, fetched_at: Any = None) -> AccountSnapshot:
    """Read a saved copy back through the same checks as a server answer (the file on disk is
    as untrusted as the network). Raises on anything unusable."""
    if not isinstance(data, Mapping) or data.get("version") != CACHE_VERSION:
        raise ValueError("not a saved account page of this version")
    # The time the server answered (kept in the data) rather than when the copy was written.
    when = as_instant(data.get("fetched_at")) or as_instant(fetched_at)
    if when is None:
        raise ValueError("the saved copy has no time")

    def part(key: str, parse: Callable[[Any], Any]) -> Any:
        value = data.get(key)
        return None if value is None else parse(value)

    problems = data.get("problems") or {}
    return AccountSnapshot(
        account=Account.from_json(data["account"]),
        payments=part("payments", PaymentsSummary.from_json),
        trust=part("trust", TrustSummary.from_json),
        support=part("support", SupportContact.from_json),
        fetched_at=when,
        problems={str(k): str(v) for k, v in problems.items()}
        if isinstance(problems, Mapping)
        else {},
    )


def as_instant(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    return None


def cache_key(origin: str, user_key: str) -> str:
    """One saved copy per server and user; a name safe for any file system."""
    digest = hashlib.sha256(f"{origin}\n{user_key}".encode()).hexdigest()[:16]
    return f"account-page-{digest}"
