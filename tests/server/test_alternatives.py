"""Alternatives to closing on the reference backend, over real HTTP: what is offered and its
money by the account's billing rules, only the Primary Subscriber may take one, each POST is
idempotent, changes of plan start on the next billing date, and the role changes at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.oauth_browser import token_for

V1 = "/self-service/v1"
MARGARET, DANIEL, ELEANOR = 1, 2, 3


def _get(backend: RunningBackend, path: str, user: int = MARGARET) -> Any:
    answer = requests.get(
        backend.url + V1 + path, headers=ob.bearer(token_for(backend.url, user)), timeout=10
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _post(
    backend: RunningBackend, path: str, body: Any, key: str | None, user: int = MARGARET
) -> requests.Response:
    headers = ob.bearer(token_for(backend.url, user))
    if key is not None:
        headers["Idempotency-Key"] = key
    return requests.post(backend.url + V1 + path, json=body, headers=headers, timeout=10)


def _advance(backend: RunningBackend, days: int) -> None:
    answer = requests.post(
        backend.url + V1 + "/demo/clock",
        json={"advance_days": days},
        headers=ob.bearer(token_for(backend.url, MARGARET)),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


def test_each_alternative_is_priced_by_the_billing_rules(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z", "--seats", "8")
    offer = _get(backend, "/alternatives")
    assert offer["offered"] is True and offer["reason"] is None
    assert offer["current"] == {
        "seats": 8,
        "billing_cycle": "monthly",
        "charge": "712.00",
        "per": "month",
        "per_year": "8544.00",
        "price_per_seat_per_month": "89.00",
        "seats_in_use": 6,
    }
    assert offer["next_billing_date"] == "2026-12-18"
    # Never fewer seats than active users.
    assert [
        (o["seats"], o["charge"], o["saving_per_year"]) for o in offer["reduce_seats"]["options"]
    ] == [
        (6, "534.00", "2136.00"),
        (7, "623.00", "1068.00"),
    ]
    switch = offer["switch_billing_cycle"]
    assert (switch["billing_cycle"], switch["charge"], switch["per"]) == (
        "yearly",
        "7584.00",
        "year",
    )
    assert (switch["saving_per_year"], switch["starts_on"]) == ("960.00", "2026-12-18")
    names = [p["name"] for p in offer["transfer_primary_subscriber"]["candidates"]]
    assert "Margaret Harbor" not in names and names[0] == "Daniel Okafor" and len(names) == 5

    # Everyone else is told why not, and refused.
    assert _get(backend, "/alternatives", ELEANOR)["reason"] == "not_primary_subscriber"
    refused = _post(backend, "/alternatives/seats", {"seats": 6}, "e-1", ELEANOR)
    assert (refused.status_code, refused.json()["error"]["type"]) == (403, "not_primary_subscriber")
    assert _get(backend, "/alternatives")["scheduled"] == []


def test_fewer_seats_and_yearly_billing_start_on_the_next_billing_date_once(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory(
        "--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30:00Z", "--seats", "8"
    )
    too_few = _post(backend, "/alternatives/seats", {"seats": 5}, "s-0")
    assert (too_few.status_code, too_few.json()["error"]["type"]) == (422, "seats_in_use")
    missing_key = _post(backend, "/alternatives/seats", {"seats": 7}, None)
    assert missing_key.status_code == 400

    first = _post(backend, "/alternatives/seats", {"seats": 7}, "s-1")
    assert first.status_code == 200, first.text
    again = _post(backend, "/alternatives/seats", {"seats": 7}, "s-1")
    assert (again.status_code, again.content) == (200, first.content)
    cycle = _post(backend, "/alternatives/billing-cycle", {"billing_cycle": "yearly"}, "c-1")
    assert cycle.status_code == 200, cycle.text
    scheduled = {(c["kind"], c["value"], c["starts_on"]) for c in cycle.json()["scheduled"]}
    assert scheduled == {("seats", "7", "2026-12-18"), ("billing_cycle", "yearly", "2026-12-18")}
    # The current period stands as paid until then.
    account = _get(backend, "/account")
    assert (account["plan"]["seats"], account["plan"]["billing_cycle"]) == (8, "monthly")
    assert account["last_charge"]["amount"] == "712.00"

    _advance(backend, 30)  # past 18 December
    account = _get(backend, "/account")
    assert (account["plan"]["seats"], account["plan"]["billing_cycle"]) == (7, "yearly")
    assert account["current_period"] == {"start": "2026-12-18", "end": "2027-12-17"}
    assert account["last_charge"] == {"date": "2026-12-18", "amount": "6636.00"}  # 7 x 79 x 12
    assert _get(backend, "/alternatives")["scheduled"] == []


def test_the_primary_subscriber_role_moves_at_once_and_only_once(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")
    bad = _post(backend, "/alternatives/primary-subscriber", {"user_id": 99}, "t-0")
    assert (bad.status_code, bad.json()["error"]["type"]) == (422, "invalid_user")
    moved = _post(backend, "/alternatives/primary-subscriber", {"user_id": DANIEL}, "t-1")
    assert moved.status_code == 200, moved.text
    # The answer speaks to the caller, who is no longer the Primary Subscriber.
    assert moved.json()["reason"] == "not_primary_subscriber"
    replay = _post(backend, "/alternatives/primary-subscriber", {"user_id": DANIEL}, "t-1")
    assert (replay.status_code, replay.content) == (200, moved.content)
    account = _get(backend, "/account")
    assert account["primary_subscriber"]["name"] == "Daniel Okafor"
    assert account["self_service_cancellation"]["reason"] == "not_primary_subscriber"
    # Margaret can neither move it again nor close; Daniel now can.
    again = _post(backend, "/alternatives/primary-subscriber", {"user_id": MARGARET}, "t-2")
    assert again.status_code == 403
    assert _get(backend, "/account", DANIEL)["self_service_cancellation"]["allowed"] is True
