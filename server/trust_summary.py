"""The trust money summary of the self-service API: the firm's trust account balances, from the
practice data's trust ledger when the data dir has one."""

from __future__ import annotations

from typing import Any

from server.selfservice_json import money
from server.state import ServerState

# Used when the data dir holds no trust ledger (the figures of the demo firm's trust accounts).
DEMO_TRUST_ACCOUNTS = (
    (1, "IOLTA Trust Account", 4_820_150),
    (2, "Client Trust Account - Estates", 1_236_500),
)
DEMO_CLIENTS_WITH_BALANCE = 7
TRUST_ACCOUNT_NAME = "IOLTA Trust Account"


def trust_body(state: ServerState) -> dict[str, Any]:
    """Balances of the firm's trust account, summed from the practice data's trust ledger when
    the data dir has one, so that they agree with the exported trust_line_items."""
    ledger = _ledger_balances(state)
    if ledger is None:
        held = list(DEMO_TRUST_ACCOUNTS)
        clients = DEMO_CLIENTS_WITH_BALANCE
    else:
        held, clients = ledger
    return {
        "accounts": [
            {"id": account_id, "name": name, "balance": money(cents)}
            for account_id, name, cents in held
        ],
        "total_balance": money(sum(cents for _, _, cents in held)),
        "clients_with_balance": clients,
        "currency": "USD",
    }


def _ledger_balances(state: ServerState) -> tuple[list[tuple[int, str, int]], int] | None:
    """The ledger's balance as one IOLTA account (trust line items name no bank account), and
    how many clients hold money in it. None when the practice data has no trust ledger."""
    try:
        from server.practice import trust  # the practice data is optional for the account side
    except ImportError:
        return None
    table = "practice_trust_line_items"
    con = state.db.connect()
    exists = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    if exists is None or con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None:  # noqa: S608
        return None
    balances = trust.trust_balances(state)
    total = sum(b.balance_cents for b in balances)
    per_client: dict[int, int] = {}
    for balance in balances:
        per_client[balance.client_id] = per_client.get(balance.client_id, 0) + balance.balance_cents
    clients = sum(1 for cents in per_client.values() if cents != 0)
    return [(1, TRUST_ACCOUNT_NAME, total)], clients
