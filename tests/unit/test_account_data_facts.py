"""The account's facts from the data API, against the reference backend playing the real
service (`--style clio`, no self-service API) over loopback: users and their subscription
types, the account owner as the one who can close, the bank accounts' balances as the server
states them, the lists the service does not offer said as such, and the unbilled work and
open matters counted as the closing checklist counts them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
import requests

from app.account.data_facts import BankAccountKind, Part, read_data_facts
from app.closing.checklist import count_open_matters, unbilled_work
from app.net.http import HttpSession, RetryPolicy
from app.net.servers import local_server
from tests.support.backend import RunningBackend
from tests.support.faulty_server import FaultyServer, Json, Status

CLIENT = "firm-desk:s3cret-of-the-firm:http://127.0.0.1:53682/callback"
TIMEOUT = 10


@pytest.fixture
def clio(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--style", "clio", "--register-client", CLIENT)


@pytest.fixture
def sessions() -> Iterator[list[HttpSession]]:
    made: list[HttpSession] = []
    yield made
    for http in made:
        http.close()


def session_for(backend: RunningBackend, role: str, made: list[HttpSession]) -> HttpSession:
    http = HttpSession(backend.url)
    http.set_token(backend.issue_token(role))
    made.append(http)
    return http


def server_list(backend: RunningBackend, token: str, kind: str, fields: str) -> list[Any]:
    """The server's own records, read directly (not through the code under test)."""
    params: dict[str, str | int] = {"fields": fields, "limit": 200}
    answer = requests.get(
        f"{backend.url}/api/v4/{kind}.json",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    data: list[Any] = answer.json()["data"]
    return data


def test_the_owner_sees_users_balances_and_can_close(
    clio: RunningBackend, sessions: list[HttpSession]
) -> None:
    http = session_for(clio, "primary_subscriber", sessions)
    facts = read_data_facts(http, local_server(clio.url).api_base)
    token = clio.issue_token("primary_subscriber")

    users = server_list(clio, token, "users", "id,name,enabled,account_owner,subscription_type")
    enabled = [u for u in users if u["enabled"]]
    assert len(facts.enabled_users) == len(enabled) == 6
    expected_types: dict[str, int] = {}
    for user in enabled:
        expected_types[user["subscription_type"]] = (
            expected_types.get(user["subscription_type"], 0) + 1
        )
    assert dict(facts.users_by_subscription()) == expected_types
    owner = next(u for u in users if u["account_owner"])
    assert facts.owner is not None and facts.owner.name == owner["name"] == "Margaret Harbor"
    assert facts.me.id == owner["id"] and facts.can_close

    accounts = server_list(clio, token, "bank_accounts", "id,name,type,balance,holder")
    trust = [a for a in accounts if a["type"] == "Trust"]
    operating = [a for a in accounts if a["type"] == "Operating"]
    assert [(a.name, a.balance) for a in facts.accounts_of(BankAccountKind.TRUST)] == [
        (a["name"], Decimal(str(a["balance"])).quantize(Decimal("0.01"))) for a in trust
    ]
    assert [(a.name, a.balance) for a in facts.accounts_of(BankAccountKind.OPERATING)] == [
        (a["name"], Decimal(str(a["balance"])).quantize(Decimal("0.01"))) for a in operating
    ]
    assert facts.accounts_of(BankAccountKind.TRUST)[0].balance > 0
    assert facts.holder_name == operating[0]["holder"] == "Harbor & Finch LLP"

    # Clio Payments' lists and the outstanding client balances, as the server holds them (read
    # whole, without the filters the code under test sends).
    payments = server_list(clio, token, "clio_payments/payments", "id,state,amount,currency")
    pending = [
        p for p in payments if p["state"] in ("pending", "authorized", "requires_confirmation")
    ]
    links = server_list(clio, token, "clio_payments/links", "id,active")
    assert facts.payments is not None
    assert facts.payments.pending_count == len(pending)
    assert facts.payments.active_links == sum(1 for link in links if link["active"]) > 0
    balances = server_list(
        clio, token, "outstanding_client_balances", "id,total_outstanding_balance"
    )
    owing = [b for b in balances if b["total_outstanding_balance"] > 0]
    assert facts.outstanding is not None and facts.outstanding.clients == len(owing) > 0
    assert facts.outstanding.total == sum(
        (Decimal(str(b["total_outstanding_balance"])).quantize(Decimal("0.01")) for b in owing),
        Decimal("0.00"),
    )
    assert not facts.problems

    api = local_server(clio.url).api_base
    assert facts.unbilled == unbilled_work(http, api)
    assert facts.matters == count_open_matters(http, api)
    assert facts.unbilled is not None and facts.unbilled.entries > 0
    assert facts.bills is not None


def test_anyone_else_is_told_their_role_and_cannot_close(
    clio: RunningBackend, sessions: list[HttpSession]
) -> None:
    admin = read_data_facts(
        session_for(clio, "administrator", sessions), local_server(clio.url).api_base
    )
    assert admin.me.name == "Daniel Okafor" and admin.me.administrator
    assert not admin.me.account_owner and not admin.can_close
    assert admin.owner is not None and admin.owner.name == "Margaret Harbor"

    attorney = read_data_facts(
        session_for(clio, "attorney", sessions), local_server(clio.url).api_base
    )
    assert not attorney.me.administrator and not attorney.can_close
    assert attorney.me.subscription_type == "Attorney"


# --- what a correct reference backend never sends ------------------------------------------------


def test_unusable_records_are_left_out_and_a_failed_part_does_not_hide_the_rest(
    faulty_server: FaultyServer,
) -> None:
    """A service that offers Clio Payments' lists and the outstanding balances (the reference
    backend does not), sends records this app cannot use, and fails one list outright."""
    api = faulty_server.url + "/api/v4/"
    me = {"id": 7, "name": "Ada Owner", "email": "ada@example.com", "account_owner": True}
    faulty_server.route("/api/v4/users/who_am_i.json", Json({"data": me}))
    users = [
        me | {"enabled": True, "roles": ["Administrator"], "subscription_type": "Attorney"},
        {"id": 8, "name": "Ben", "enabled": False, "subscription_type": "Attorney"},
        {"id": "nine", "name": "Not a user"},
        {"id": 10, "name": "  "},
        {"id": 11, "name": "Cy", "enabled": True, "subscription_type": "NonAttorney"},
    ]
    faulty_server.route("/api/v4/users.json", Json({"data": users, "meta": {"paging": {}}}))
    faulty_server.route("/api/v4/bank_accounts.json", Status(503), Status(503))
    payments = [
        {"id": 1, "state": "pending", "amount": 120.5, "currency": "CAD"},
        {"id": 2, "state": "authorized", "amount": "80.00", "currency": "CAD"},
        {"id": 3, "state": "completed", "amount": 999.0, "currency": "CAD"},
        {"id": 4, "state": "pending", "amount": "lots", "currency": "CAD"},
    ]
    faulty_server.route("/api/v4/clio_payments/payments.json", Json({"data": payments}))
    links = [{"id": 1, "active": True}, {"id": 2, "active": False}, {"id": 3, "active": True}]
    faulty_server.route("/api/v4/clio_payments/links.json", Json({"data": links}))
    balances = [
        {"id": 1, "total_outstanding_balance": 250.0, "pending_payments_total": 50.0},
        {"id": 2, "total_outstanding_balance": 0.0},
        {"id": 3, "total_outstanding_balance": True},
    ]
    faulty_server.route("/api/v4/outstanding_client_balances.json", Json({"data": balances}))
    for kind in ("activities", "matters", "bills"):
        faulty_server.route(f"/api/v4/{kind}.json", Json({"data": []}))

    http = HttpSession(faulty_server.url, retry=RetryPolicy(max_attempts=1))
    http.set_token("test-token")
    try:
        facts = read_data_facts(http, api)
    finally:
        http.close()

    assert [u.name for u in facts.users] == ["Ada Owner", "Ben", "Cy"]
    assert [u.name for u in facts.enabled_users] == ["Ada Owner", "Cy"]
    assert facts.users_by_subscription() == [("Attorney", 1), ("NonAttorney", 1)]
    assert facts.can_close and facts.owner is not None and facts.owner.id == 7
    # The failed list is said as failed (not "not offered"); everything else still came.
    assert facts.bank_accounts is None and Part.BANK_ACCOUNTS in facts.problems
    assert facts.payments is not None
    assert facts.payments.pending_count == 2
    assert facts.payments.pending_totals == {"CAD": Decimal("200.50")}
    assert facts.payments.active_links == 2
    assert facts.outstanding is not None
    assert facts.outstanding.clients == 1 and facts.outstanding.total == Decimal("250.00")
    assert facts.outstanding.pending_payments == Decimal("50.00")
    assert facts.unbilled is not None and facts.unbilled.entries == 0
