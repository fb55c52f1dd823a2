"""The facts the closing walkthrough's steps share: the account, payments, trust money, reasons,
support line, open matters, unbilled work, access candidates, unpaid bills, alternatives and the
last export, each read in its own background job. Steps read them and redraw on `changed`.

    facts = ClosingFacts(session, last_export=store.last_export, parent=wizard)
    facts.changed.connect(page.redraw)
    facts.reread_last_export()
    facts.load_all()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.account.models import Account, CancellationReason
from app.closing.alternatives import Alternatives
from app.closing.checklist import (
    AccessCandidate,
    LastExport,
    access_candidates,
    count_open_matters,
    dates_if_closed_now,
    unbilled_work,
)
from app.closing.facts import ClosingSession, Fact
from app.closing.invoices import unpaid_bills
from app.closing.retention import RetentionDates, retention_dates
from ui.common.app_names import REASON_TEXTS
from ui.common.background import CancelToken, ProgressCallback, run_in_background
from ui.common.error_text import error_text

log = logging.getLogger(__name__)


class ClosingFacts(QObject):
    """What the walkthrough knows, what it could not read and why."""

    changed = Signal()
    # The account is a contract account: the service closes it, not the app (emitted before
    # `changed`, so the steps redraw knowing it).
    contract_account = Signal()

    def __init__(
        self,
        session: ClosingSession,
        *,
        last_export: Callable[[], LastExport | None],
        clock: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.selfservice = session.selfservice
        self._last_export_provider = last_export
        self._clock = clock
        self.values: dict[Fact, Any] = {}
        self._account_read_at = datetime.now(UTC)
        self._failures: dict[Fact, BaseException] = {}
        self.last_export: LastExport | None = None

    def now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        account = self.account
        if account is not None:
            # The service's idea of now (the demo moves its clock).
            return account.server_time + (datetime.now(UTC) - self._account_read_at)
        return datetime.now(UTC)

    @property
    def account(self) -> Account | None:
        value = self.values.get(Fact.ACCOUNT)
        return value if isinstance(value, Account) else None

    @property
    def alternatives(self) -> Alternatives | None:
        value = self.values.get(Fact.ALTERNATIVES)
        return value if isinstance(value, Alternatives) else None

    def alternatives_settled(self) -> bool:
        """Whether the service's alternatives are known (or cannot be): the first page waits
        for them, so that they are offered whenever the service has them."""
        return self.selfservice is None or self.loaded(Fact.ALTERNATIVES)

    def set_alternatives(self, offer: Alternatives) -> None:
        self.values[Fact.ALTERNATIVES] = offer
        self.changed.emit()

    def reload_account(self) -> None:
        """Read the account again (after a change of plan or of Primary Subscriber)."""
        if self.selfservice is not None:
            self._load(Fact.ACCOUNT, self.selfservice.account)

    def failed(self, fact: Fact) -> bool:
        return fact in self._failures

    def failure_text(self, fact: Fact) -> str:
        return error_text(self._failures.get(fact))

    def loaded(self, fact: Fact) -> bool:
        return fact in self.values or fact in self._failures

    def load_all(self) -> None:
        client = self.selfservice
        http = self.session.http
        api = self.session.server.api_base
        jobs: dict[Fact, Callable[[], Any]] = {
            Fact.MATTERS: lambda: count_open_matters(http, api),
            Fact.UNBILLED: lambda: unbilled_work(http, api),
            Fact.CANDIDATES: lambda: access_candidates(http, api),
            Fact.UNPAID_BILLS: lambda: unpaid_bills(http, api),
        }
        if client is not None:
            jobs.update(
                {
                    Fact.ACCOUNT: client.account,
                    Fact.PAYMENTS: client.payments_summary,
                    Fact.TRUST: client.trust_summary,
                    Fact.REASONS: client.cancellation_reasons,
                    Fact.SUPPORT: client.support,
                    Fact.ALTERNATIVES: client.alternatives,
                }
            )
        else:
            # No service to send a reason to: the same choices, kept on this computer.
            self.values[Fact.REASONS] = own_reasons()
        for fact, call in jobs.items():
            self._load(fact, call)

    def _load(self, fact: Fact, call: Callable[[], Any]) -> None:
        def op(token: CancelToken, report: ProgressCallback) -> Any:
            return call()

        def success(value: Any) -> None:
            self._failures.pop(fact, None)
            if fact is Fact.ACCOUNT:
                self._account_read_at = datetime.now(UTC)
                account: Account = value
                reason = account.self_service_cancellation.reason
                if not account.self_service_cancellation.allowed and reason == "contract_account":
                    self.contract_account.emit()
            self.values[fact] = value
            self.changed.emit()

        def failure(error: BaseException) -> None:
            log.info("closing walkthrough: %s not read: %s", fact.value, error)
            self._failures[fact] = error
            self.changed.emit()

        run_in_background(self, op, success, failure, name=f"closing-{fact.value}")

    def reread_last_export(self) -> None:
        try:
            self.last_export = self._last_export_provider()
        except Exception:  # the export side's problem must not break the walkthrough
            log.exception("the last export could not be read")
            self.last_export = None
        self.changed.emit()

    def candidates(self) -> tuple[AccessCandidate, ...]:
        people: tuple[AccessCandidate, ...] = self.values.get(Fact.CANDIDATES) or ()
        if people:
            return people
        account = self.account
        if account is not None and account.primary_subscriber is not None:
            ps = account.primary_subscriber
            return (AccessCandidate(ps.id, ps.name, ps.email, True),)
        return ()

    def dates_if_closed_now(self) -> RetentionDates:
        account = self.account
        if account is not None:
            return dates_if_closed_now(account)
        return retention_dates(self.now(), False)


def own_reasons() -> tuple[CancellationReason, ...]:
    """The reasons offered when the service has no list of its own (no self-service API): the
    app's wording of each code; the answer stays in the closing record on this computer."""
    return tuple(
        CancellationReason(code, english, comment_allowed=True)
        for code, english in REASON_TEXTS.items()
    )
