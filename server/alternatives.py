"""Alternatives to closing (`/self-service/v1/alternatives`): hand the Primary Subscriber role
to another user, pay for fewer seats, or switch between monthly and yearly billing, each priced
by the account's own billing rules.

Only the Primary Subscriber of an open, self-service account may take one. A change of seats
or of billing cycle is scheduled for the next billing date (charges already made stand) and
applied when the server's clock reaches it; the role changes at once. Every POST needs an
Idempotency-Key, and asking again for what is already so changes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from server import accounts, auth
from server.accounts import Account, BillingCycle, BlockedReason
from server.auth import AccountReader, AccountWriter, Principal
from server.errors import ApiError
from server.firm import Role
from server.selfservice import _account, _person, _state
from server.selfservice_json import (
    idempotency_key,
    instant,
    json_bytes,
    json_object,
    money,
    only_fields,
    replay,
    text_field,
)
from server.state import ServerState

router = APIRouter()

SEATS = "seats"
BILLING_CYCLE = "billing_cycle"
MAX_SEATS = 10_000


# --- the plan as it will be ----------------------------------------------------------------


@dataclass(frozen=True)
class Scheduled:
    kind: str
    value: str
    starts_on: date


def scheduled_changes(con: sqlite3.Connection) -> list[Scheduled]:
    return [
        Scheduled(row["kind"], row["value"], date.fromisoformat(row["starts_on"]))
        for row in con.execute("SELECT kind, value, starts_on FROM plan_changes ORDER BY kind")
    ]


def _with_changes(account: Account, changes: list[Scheduled]) -> Account:
    for change in changes:
        if change.kind == SEATS:
            account = replace(account, seats=int(change.value))
        elif change.kind == BILLING_CYCLE:
            cycle = BillingCycle(change.value)
            if cycle is not account.billing_cycle:
                # A yearly plan renews on the anniversary of the day it starts.
                account = replace(
                    account,
                    billing_cycle=cycle,
                    subscribed_on=change.starts_on,
                    billing_day=(
                        change.starts_on.day
                        if cycle is BillingCycle.YEARLY
                        else account.billing_day
                    ),
                )
    return account


def apply_due_changes(con: sqlite3.Connection, state: ServerState) -> None:
    """Apply the scheduled changes whose day has come (server clock); dropped after closing,
    when nothing more is charged."""
    changes = scheduled_changes(con)
    if not changes:
        return
    account = _account(con)
    today = accounts.utc_date(state.clock.timestamp())
    with con:
        if account.closed:
            con.execute("DELETE FROM plan_changes")
            return
        due = [c for c in changes if c.starts_on <= today]
        if not due:
            return
        changed = _with_changes(account, due)
        con.execute(
            "UPDATE account SET seats = ?, billing_cycle = ?, subscribed_on = ?, billing_day = ?"
            " WHERE id = 1",
            (
                changed.seats,
                changed.billing_cycle.value,
                changed.subscribed_on.isoformat(),
                changed.billing_day,
            ),
        )
        con.executemany("DELETE FROM plan_changes WHERE kind = ?", [(c.kind,) for c in due])


def _seats_in_use(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT count(*) FROM members WHERE active = 1").fetchone()[0])


def _rate(account: Account, cycle: BillingCycle) -> int:
    if cycle is BillingCycle.YEARLY:
        return account.price_cents - account.yearly_discount_cents
    return account.price_cents


def _price(account: Account, seats: int, cycle: BillingCycle) -> dict[str, Any]:
    """A plan's charge, what it comes to in a year, and the rate per seat, by the account's
    billing rules (a month of every seat, or twelve months at once on a yearly plan)."""
    rate = _rate(account, cycle)
    months = 12 if cycle is BillingCycle.YEARLY else 1
    return {
        "seats": seats,
        "billing_cycle": cycle.value,
        "charge": money(seats * rate * months),
        "per": "year" if cycle is BillingCycle.YEARLY else "month",
        "per_year": money(seats * rate * 12),
        "price_per_seat_per_month": money(rate),
    }


def _blocked(account: Account, principal: Principal) -> BlockedReason | None:
    if account.closed:
        return BlockedReason.ACCOUNT_CLOSED
    if account.self_service_blocked is not None:
        return account.self_service_blocked
    if principal.role is not Role.PRIMARY_SUBSCRIBER:
        return BlockedReason.NOT_PRIMARY_SUBSCRIBER
    return None


def alternatives_body(
    con: sqlite3.Connection, state: ServerState, principal: Principal
) -> dict[str, Any]:
    account = _account(con)
    changes = scheduled_changes(con)
    planned = _with_changes(account, changes)
    now = state.clock.timestamp()
    period = accounts.billing_period(account, accounts.utc_date(now))
    blocked = _blocked(account, principal)
    in_use = _seats_in_use(con)
    cycle = planned.billing_cycle
    per_year_now = planned.seats * _rate(planned, cycle) * 12
    other = BillingCycle.MONTHLY if cycle is BillingCycle.YEARLY else BillingCycle.YEARLY
    switched = _price(planned, planned.seats, other)
    candidates = [
        person
        for row in con.execute(
            "SELECT user_id FROM members WHERE active = 1 AND role != ? ORDER BY user_id",
            (Role.PRIMARY_SUBSCRIBER.value,),
        )
        if (person := _person(row["user_id"])) is not None
    ]
    return {
        "offered": blocked is None,
        "reason": blocked.value if blocked else None,
        "current": {
            **_price(account, account.seats, account.billing_cycle),
            "seats_in_use": in_use,
        },
        "next_billing_date": period.next_start.isoformat(),
        "scheduled": [
            {"kind": c.kind, "value": c.value, "starts_on": c.starts_on.isoformat()}
            for c in changes
        ],
        "transfer_primary_subscriber": {"candidates": candidates},
        "reduce_seats": {
            "seats_in_use": in_use,
            "options": [
                {
                    **_price(planned, seats, cycle),
                    "saving_per_year": money((planned.seats - seats) * _rate(planned, cycle) * 12),
                    "starts_on": period.next_start.isoformat(),
                }
                for seats in range(max(in_use, 1), planned.seats)
            ],
        },
        "switch_billing_cycle": {
            **switched,
            "saving_per_year": money(per_year_now - planned.seats * _rate(planned, other) * 12),
            "starts_on": period.next_start.isoformat(),
        },
        "currency": "USD",
        "server_time": instant(now),
    }


# --- routes --------------------------------------------------------------------------------


@router.get("/alternatives")
def get_alternatives(request: Request, principal: AccountReader) -> JSONResponse:
    state = _state(request)
    con = state.db.connect()
    apply_due_changes(con, state)
    return JSONResponse(alternatives_body(con, state, principal))


def _refuse_unless_allowed(account: Account, principal: Principal) -> None:
    blocked = _blocked(account, principal)
    if blocked is BlockedReason.NOT_PRIMARY_SUBSCRIBER:
        raise ApiError(
            403, "not_primary_subscriber", "Only the Primary Subscriber can change the plan."
        )
    if blocked is BlockedReason.CONTRACT_ACCOUNT:
        raise ApiError(
            403,
            "contract_account",
            "This account is under contract: support changes its plan with you.",
        )
    if blocked is BlockedReason.ACCOUNT_CLOSED:
        raise auth.account_closed_error()


async def _change(request: Request, principal: Principal, scope: str, fields: set[str]) -> Any:
    """The common checks of every POST: a body of the right form (a retry of one decision
    sends the same body, so a malformed one is never answered with a stored success), then a
    stored answer for the key, then who may."""
    state = _state(request)
    key = idempotency_key(request, required=True)
    assert key is not None
    body = await json_object(request)
    only_fields(body, fields)
    con = state.db.connect()
    stored = accounts.stored_answer(con, scope, principal.user_id, key)
    if stored is not None:
        return state, key, None, replay(stored)
    apply_due_changes(con, state)
    _refuse_unless_allowed(_account(con), principal)
    return state, key, body, None


def _commit(
    state: ServerState,
    principal: Principal,
    scope: str,
    key: str,
    change: Any,
) -> Response:
    """Run `change(con, account)` in one write transaction and store the answer for the key."""
    con = state.db.connect()
    now = state.clock.timestamp()
    with con:
        con.execute("BEGIN IMMEDIATE")
        stored = accounts.stored_answer(con, scope, principal.user_id, key)
        if stored is not None:
            return replay(stored)
        account = _account(con)
        _refuse_unless_allowed(account, principal)
        change(con, account, now)
        answer = json_bytes(alternatives_body(con, state, _reread(con, principal)))
        accounts.store_answer(con, scope, principal.user_id, key, 200, answer, now)
    return Response(answer, status_code=200, media_type="application/json")


def _reread(con: sqlite3.Connection, principal: Principal) -> Principal:
    """The caller as the answer sees them (no longer the Primary Subscriber after handing the
    role on)."""
    role = auth.member_role(con, principal.user_id)
    return replace(principal, role=role) if role is not None else principal


def _schedule(
    con: sqlite3.Connection, kind: str, value: str, starts_on: date, user: int, now: float
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO plan_changes(kind, value, starts_on, requested_by, requested_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (kind, value, starts_on.isoformat(), user, now),
    )


@router.post("/alternatives/primary-subscriber")
async def post_primary_subscriber(request: Request, principal: AccountWriter) -> Response:
    scope = "alternatives/primary-subscriber"
    state, key, body, replayed = await _change(request, principal, scope, {"user_id"})
    if replayed is not None:
        return replayed  # type: ignore[no-any-return]
    user_id = body.get("user_id")
    if isinstance(user_id, float) and user_id.is_integer():
        user_id = int(user_id)
    if isinstance(user_id, bool) or not isinstance(user_id, int):
        raise ApiError(400, "invalid_request", "user_id must be an integer.")

    def change(con: sqlite3.Connection, account: Account, now: float) -> None:
        role = auth.member_role(con, user_id)
        if role is None or not 1 <= user_id <= 2**31 - 1:
            raise ApiError(
                422, "invalid_user", "The new Primary Subscriber must be an active user."
            )
        if user_id == principal.user_id:
            return  # already so
        con.execute(
            "UPDATE members SET role = ? WHERE user_id = ?",
            (Role.ADMINISTRATOR.value, principal.user_id),
        )
        con.execute(
            "UPDATE members SET role = ? WHERE user_id = ?",
            (Role.PRIMARY_SUBSCRIBER.value, user_id),
        )

    return await run_in_threadpool(_commit, state, principal, scope, key, change)


@router.post("/alternatives/seats")
async def post_seats(request: Request, principal: AccountWriter) -> Response:
    scope = "alternatives/seats"
    state, key, body, replayed = await _change(request, principal, scope, {"seats"})
    if replayed is not None:
        return replayed  # type: ignore[no-any-return]
    seats = body.get("seats")
    if isinstance(seats, float) and seats.is_integer():
        seats = int(seats)
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise ApiError(400, "invalid_request", f"seats must be an integer from 1 to {MAX_SEATS}.")

    def change(con: sqlite3.Connection, account: Account, now: float) -> None:
        in_use = _seats_in_use(con)
        if seats < in_use:
            raise ApiError(
                422,
                "seats_in_use",
                f"{in_use} users are active: deactivate users first, or keep {in_use} seats.",
            )
        if seats > account.seats:
            raise ApiError(422, "seats_not_fewer", "Only fewer seats are an alternative here.")
        period = accounts.billing_period(account, accounts.utc_date(now))
        if seats == account.seats:
            con.execute("DELETE FROM plan_changes WHERE kind = ?", (SEATS,))
        else:
            _schedule(con, SEATS, str(seats), period.next_start, principal.user_id, now)

    return await run_in_threadpool(_commit, state, principal, scope, key, change)


@router.post("/alternatives/billing-cycle")
async def post_billing_cycle(request: Request, principal: AccountWriter) -> Response:
    scope = "alternatives/billing-cycle"
    state, key, body, replayed = await _change(request, principal, scope, {"billing_cycle"})
    if replayed is not None:
        return replayed  # type: ignore[no-any-return]
    value = text_field(body, "billing_cycle", 20, required=True)
    if value not in (BillingCycle.MONTHLY.value, BillingCycle.YEARLY.value):
        raise ApiError(400, "invalid_request", "billing_cycle must be monthly or yearly.")
    cycle = BillingCycle(value)

    def change(con: sqlite3.Connection, account: Account, now: float) -> None:
        period = accounts.billing_period(account, accounts.utc_date(now))
        if cycle is account.billing_cycle:
            con.execute("DELETE FROM plan_changes WHERE kind = ?", (BILLING_CYCLE,))
        else:
            _schedule(con, BILLING_CYCLE, cycle.value, period.next_start, principal.user_id, now)

    return await run_in_threadpool(_commit, state, principal, scope, key, change)
