"""The trust money the firm holds, per client and matter, from the trust line items."""

from __future__ import annotations

from dataclasses import dataclass

from server.practice.records import iter_bodies
from server.state import ServerState


@dataclass(frozen=True)
class TrustBalance:
    client_id: int
    client_name: str
    matter_id: int
    matter_display_number: str
    balance_cents: int


def trust_balances(state: ServerState) -> list[TrustBalance]:
    """Trust money held per client and matter (the sum of the trust line items), non-zero only."""
    sums: dict[tuple[int, int], int] = {}
    names: dict[tuple[int, int], tuple[str, str]] = {}
    for item in iter_bodies(state, "trust_line_items"):
        key = (item["client"]["id"], item["matter"]["id"])
        sums[key] = sums.get(key, 0) + round(item["total"] * 100)
        names[key] = (item["client"]["name"], item["matter"]["display_number"])
    return [
        TrustBalance(client, names[(client, matter)][0], matter, names[(client, matter)][1], cents)
        for (client, matter), cents in sorted(sums.items())
        if cents != 0
    ]
