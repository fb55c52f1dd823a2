"""The saved copies of the self-service answers (`*_to_json` in app.account.models) read back
through `from_json` as the very same values, before and after closing, for answers taken
from the real reference backend over loopback."""

from __future__ import annotations

from collections.abc import Callable

from app.account.models import (
    Account,
    AccountStatus,
    PaymentsSummary,
    Retention,
    SupportContact,
    TrustSummary,
    account_to_json,
    payments_to_json,
    retention_to_json,
    support_to_json,
    trust_to_json,
)
from app.account.selfservice import SelfServiceClient, new_idempotency_key
from app.net.http import HttpSession
from app.net.servers import local_server
from tests.support.backend import RunningBackend


def client_for(backend: RunningBackend) -> tuple[HttpSession, SelfServiceClient]:
    http = HttpSession(backend.url)
    http.set_token(backend.issue_token("primary_subscriber"))
    return http, SelfServiceClient(http, local_server(backend.url).self_service_base)


def test_every_answer_reads_back_as_itself_before_and_after_closing(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--billing-cycle", "yearly")
    http, client = client_for(backend)
    try:
        account = client.account()
        assert Account.from_json(account_to_json(account)) == account
        payments = client.payments_summary()
        assert PaymentsSummary.from_json(payments_to_json(payments)) == payments
        trust = client.trust_summary()
        assert trust.accounts, "the demo firm holds money in trust"
        assert TrustSummary.from_json(trust_to_json(trust)) == trust
        support = client.support()
        assert SupportContact.from_json(support_to_json(support)) == support
        before = client.retention()
        assert Retention.from_json(retention_to_json(before)) == before

        closed = client.cancel(new_idempotency_key(), account.firm.name)
        assert closed.account_status is AccountStatus.CLOSED
        assert closed.closed_at is not None and closed.content_deleted_at is not None
        assert Retention.from_json(retention_to_json(closed)) == closed
        after = client.account()
        assert after.closed_at is not None
        assert Account.from_json(account_to_json(after)) == after
    finally:
        http.close()
