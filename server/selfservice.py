"""The self-service API (`/self-service/v1/`): account and billing, payments and trust
summaries, cancellation reasons, closing the account, retention dates, support, help feedback,
and the demo clock. resources/openapi/self-service.yaml is its contract.

Every body is validated by hand (server.selfservice_json), and the trust summary comes from
server.trust_summary.
"""

from __future__ import annotations

import importlib
import importlib.resources
import logging
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from server import accounts, auth, closing_schedule
from server.accounts import Account, BlockedReason
from server.auth import AccountReader, AccountWriter, Principal
from server.errors import ApiError, error_body
from server.firm import Role
from server.selfservice_json import (
    bad_request,
    idempotency_key,
    instant,
    integer_field,
    json_bytes,
    json_object,
    money,
    only_fields,
    replay,
    text_field,
)
from server.state import ServerState
from server.trust_summary import trust_body

log = logging.getLogger(__name__)

router = APIRouter()

MAX_COMMENT_CHARS = 5000
MAX_FIRM_NAME_CHARS = 200
MAX_ADVANCE_DAYS = 3660
MAX_ADVANCE_SECONDS = MAX_ADVANCE_DAYS * 86400
# The demo clock stays within years every date routine handles.
CLOCK_FLOOR = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_CEILING = datetime(2999, 1, 1, tzinfo=UTC)
_ARTICLE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
FEEDBACK_CHOICES = ("confusing_or_wrong", "not_what_i_was_looking_for", "dislike_functionality")


def openapi_path() -> Path:
    """The contract document, a file of the `resources` package (found through
    importlib.resources in a checkout, an installed wheel and the built app; the folder beside
    this package when that cannot be imported or another top-level `resources` is in the way).
    The client's lookup is app.resource_files; the backend shares no code with it."""
    name = ("openapi", "self-service.yaml")
    try:
        package = importlib.import_module("resources")
        if getattr(package, "ACCOUNT_DESK_RESOURCES", False):
            root = importlib.resources.files(package)
            if isinstance(root, Path) and root.is_dir():
                return root.joinpath(*name)
    except ImportError:
        pass
    return Path(__file__).resolve().parents[1].joinpath("resources", *name)


def _state(request: Request) -> ServerState:
    state: ServerState = request.app.state.backend
    return state


def _account(con: sqlite3.Connection) -> Account:
    account = accounts.load_account(con)
    if account is None:
        raise ApiError(404, "NotFound", "This server has no account; start it with --seed.")
    return account


def _person(user_id: int | None) -> dict[str, Any] | None:
    found = accounts.seed_user_name(user_id) if user_id is not None else None
    if found is None:
        return None
    return {"id": user_id, "name": found[0], "email": found[1]}


def _primary_subscriber(con: sqlite3.Connection) -> dict[str, Any] | None:
    row = con.execute(
        "SELECT user_id FROM members WHERE role = ? AND active = 1 ORDER BY user_id LIMIT 1",
        (Role.PRIMARY_SUBSCRIBER.value,),
    ).fetchone()
    return _person(row["user_id"]) if row else None


def _blocked_reason(account: Account, principal: Principal) -> BlockedReason | None:
    if account.closed:
        return BlockedReason.ACCOUNT_CLOSED
    if account.self_service_blocked is not None:
        return account.self_service_blocked
    if principal.role is not Role.PRIMARY_SUBSCRIBER:
        return BlockedReason.NOT_PRIMARY_SUBSCRIBER
    return None


def account_body(
    con: sqlite3.Connection, state: ServerState, principal: Principal
) -> dict[str, Any]:
    account = _account(con)
    now = state.clock.timestamp()
    # after closing, the period that was paid last stands and nothing more is charged
    as_of = (
        closing_schedule.last_paid_day(con, account)
        if account.closed_at is not None
        else accounts.utc_date(now)
    )
    period = accounts.billing_period(account, as_of)
    amount = money(account.charge_cents)
    charged = period.start >= account.subscribed_on
    blocked = _blocked_reason(account, principal)
    scheduled = None if account.closed else closing_schedule.scheduled_closing(con)
    return {
        "firm": {"id": account.firm_id, "name": account.firm_name},
        "status": account.status.value,
        "plan": {
            "name": account.plan_name,
            "billing_cycle": account.billing_cycle.value,
            "seats": account.seats,
            "price_per_user_per_month": money(account.price_cents),
            "yearly_discount_per_user_per_month": money(account.yearly_discount_cents),
            "currency": "USD",
        },
        "billing_day": account.billing_day,
        "current_period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "last_charge": {"date": period.start.isoformat(), "amount": amount} if charged else None,
        # a closing scheduled for the end of the period cancels the next charge already
        "next_charge": (
            None
            if account.closed or scheduled is not None
            else {"date": period.next_start.isoformat(), "amount": amount}
        ),
        "primary_subscriber": _primary_subscriber(con),
        "payments": {"enabled": account.payments_enabled},
        "escrow": {"enabled": account.escrow_enabled},
        "self_service_cancellation": {
            "allowed": blocked is None,
            "reason": blocked.value if blocked else None,
        },
        "closed_at": instant(account.closed_at) if account.closed_at is not None else None,
        "closing_scheduled_at": instant(scheduled.closes_at) if scheduled else None,
        "reopen_until": _reopen_until(account),
        "server_time": instant(now),
    }


def _reopen_until(account: Account) -> str | None:
    if account.closed_at is None:
        return None
    return instant(closing_schedule.reopen_until(account.closed_at))


def retention_body(con: sqlite3.Connection, state: ServerState) -> dict[str, Any]:
    account = _account(con)
    now = state.clock.timestamp()
    body: dict[str, Any] = {
        "account_status": account.status.value,
        "closed_at": None,
        "content_last_day": None,
        "content_deleted_at": None,
        "content_deleted": False,
        "escrow_enabled": account.escrow_enabled,
        "escrow_last_day": None,
        "escrow_ends_at": None,
        "designated_user": None,
        "reference": None,
        "closed_by": None,
        "reason_code": None,
        "terms": dict(accounts.RETENTION_TERMS),
        "closing_scheduled_at": None,
        "reopen_until": _reopen_until(account),
        "server_time": instant(now),
    }
    scheduled = None if account.closed else closing_schedule.scheduled_closing(con)
    if scheduled is not None:
        body["closing_scheduled_at"] = instant(scheduled.closes_at)
    if account.closed_at is not None:
        kept = accounts.retention_for(account.closed_at, account.escrow_enabled)
        body.update(
            closed_at=instant(kept.closed_at),
            content_last_day=kept.content_last_day.isoformat(),
            content_deleted_at=instant(kept.content_deleted_at),
            content_deleted=now >= kept.content_deleted_at.timestamp(),
            escrow_last_day=kept.escrow_last_day.isoformat() if kept.escrow_last_day else None,
            escrow_ends_at=instant(kept.escrow_ends_at) if kept.escrow_ends_at else None,
            designated_user=_person(account.designated_user_id),
            closed_by=_person(account.closed_by),
        )
        closing = closing_schedule.closing_reference(con)
        if closing is not None:
            body.update(reference=closing[0], reason_code=closing[1])
    return body


# --- routes --------------------------------------------------------------------------------


@router.get("/openapi.yaml", include_in_schema=False)
def contract_document() -> Response:
    path = openapi_path()
    if not path.is_file():
        raise ApiError(404, "NotFound", "The contract document is not installed with this server.")
    return FileResponse(path, media_type="application/yaml")


@router.get("/account")
def get_account(request: Request, principal: AccountReader) -> JSONResponse:
    from server.alternatives import apply_due_changes  # it builds on this module

    state = _state(request)
    con = state.db.connect()
    apply_due_changes(con, state)  # a new plan chosen instead of closing, once its day came
    return JSONResponse(account_body(con, state, principal))


@router.get("/payments/summary")
def get_payments_summary(request: Request, principal: AccountReader) -> JSONResponse:
    account = _account(_state(request).db.connect())
    return JSONResponse(
        {
            "enabled": account.payments_enabled,
            "pending_authorizations": {
                "count": account.pending_authorizations,
                "total": money(account.pending_total_cents),
            },
            "payment_links": {"active": account.payment_links_active},
            "payment_plans": {"active": account.payment_plans_active},
            "card_processor": {
                "connected": account.card_processor_connected,
                "name": account.card_processor_name,
            },
            "currency": "USD",
        }
    )


@router.get("/trust/summary")
def get_trust_summary(request: Request, principal: AccountReader) -> JSONResponse:
    return JSONResponse(trust_body(_state(request)))


@router.get("/cancellation/reasons")
def get_cancellation_reasons(
    principal: AccountReader,
) -> JSONResponse:
    return JSONResponse(
        {
            "reasons": [
                {"code": r.code, "label": r.label, "comment_allowed": r.comment_allowed}
                for r in accounts.CANCELLATION_REASONS
            ]
        }
    )


@router.get("/retention")
def get_retention(request: Request, principal: AccountReader) -> JSONResponse:
    state = _state(request)
    return JSONResponse(retention_body(state.db.connect(), state))


@router.get("/support")
def get_support(principal: AccountReader) -> JSONResponse:
    return JSONResponse(dict(accounts.SUPPORT))


@router.post("/feedback")
async def post_feedback(request: Request, principal: AccountWriter) -> Response:
    key = idempotency_key(request, required=False)
    body = await json_object(request)
    only_fields(body, {"article", "helpful", "choice", "comment"})
    article = text_field(body, "article", 100, required=True)
    assert article is not None
    if not _ARTICLE.match(article):
        raise bad_request(
            "article must be a help article's slug, for example closing-your-account."
        )
    helpful = body.get("helpful")
    if not isinstance(helpful, bool):
        raise bad_request("helpful must be true or false.")
    choice = text_field(body, "choice", 100)
    if choice is not None and choice not in FEEDBACK_CHOICES:
        raise bad_request("choice must be one of " + ", ".join(FEEDBACK_CHOICES) + ".")
    comment = text_field(body, "comment", MAX_COMMENT_CHARS)
    return await run_in_threadpool(
        _store_feedback, _state(request), principal, key, article, helpful, choice, comment
    )


def _store_feedback(
    state: ServerState,
    principal: Principal,
    key: str | None,
    article: str,
    helpful: bool,
    choice: str | None,
    comment: str | None,
) -> Response:
    con = state.db.connect()
    now = state.clock.timestamp()
    with con:
        con.execute("BEGIN IMMEDIATE")
        if key is not None:
            stored = accounts.stored_answer(con, "feedback", principal.user_id, key)
            if stored is not None:
                return replay(stored)
        cursor = con.execute(
            "INSERT INTO feedback(user_id, article, helpful, choice, comment, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (principal.user_id, article, int(helpful), choice, comment, now),
        )
        answer = json_bytes({"id": cursor.lastrowid})
        if key is not None:
            accounts.store_answer(con, "feedback", principal.user_id, key, 201, answer, now)
    return Response(answer, status_code=201, media_type="application/json")


@router.api_route("/cancellation", methods=["POST", "DELETE"])
async def cancellation(request: Request, principal: AccountReader) -> Response:
    """One route for both methods, so that a 405 lists both in its Allow header."""
    if request.method == "DELETE":
        return await run_in_threadpool(_cancel_scheduled, _state(request), principal)
    return await _post_cancellation(request, principal)


async def _post_cancellation(request: Request, principal: Principal) -> Response:
    state = _state(request)
    key = idempotency_key(request, required=True)
    assert key is not None
    con = state.db.connect()
    # a repeated key gets the first answer, whatever happened since (token age, closing)
    stored = accounts.stored_answer(con, "cancellation", principal.user_id, key)
    if stored is not None:
        return replay(stored)
    account = _account(con)
    if principal.role is not Role.PRIMARY_SUBSCRIBER:
        primary = _primary_subscriber(con)
        who = f", {primary['name']}," if primary else ""
        return _refused(
            "not_primary_subscriber",
            f"Only the Primary Subscriber{who} can close the account. Ask them, or call support.",
            primary_subscriber=primary,
        )
    if account.self_service_blocked is BlockedReason.CONTRACT_ACCOUNT:
        return _refused(
            "assisted_cancellation_required",
            "This account is under contract: support closes it with you. Call support.",
        )
    if account.closed:
        # a request with the same key may have closed it since the first look
        stored = accounts.stored_answer(con, "cancellation", principal.user_id, key)
        if stored is not None:
            return replay(stored)
        raise _already_closed()
    if state.clock.timestamp() - principal.auth_time > auth.REAUTH_MAX_AGE_SECONDS:
        raise ApiError(
            401,
            "reauth_required",
            "Sign in again to confirm that it is you: closing needs a sign-in from the last "
            f"{auth.REAUTH_MAX_AGE_SECONDS // 60} minutes.",
            headers={
                "WWW-Authenticate": 'Bearer error="insufficient_user_authentication",'
                f' max_age="{auth.REAUTH_MAX_AGE_SECONDS}"'
            },
        )
    body = await json_object(request)
    only_fields(body, {"confirm_firm_name", "reason_code", "comment", "designated_user_id", "when"})
    confirm = text_field(body, "confirm_firm_name", MAX_FIRM_NAME_CHARS, required=True)
    when_text = text_field(body, "when", 100)
    try:
        when = closing_schedule.ClosingWhen(when_text or closing_schedule.ClosingWhen.NOW)
    except ValueError:
        raise bad_request("when must be now or end_of_period.") from None
    reason_code = text_field(body, "reason_code", 100)
    comment = text_field(body, "comment", MAX_COMMENT_CHARS)
    designated = integer_field(body, "designated_user_id", 1, 2**31 - 1)
    assert confirm is not None
    if confirm.strip().casefold() != account.firm_name.strip().casefold():
        raise ApiError(
            422, "firm_name_mismatch", "Type the firm's name exactly to confirm the closing."
        )
    reason = None
    if reason_code is not None:
        reason = accounts.REASONS_BY_CODE.get(reason_code)
        if reason is None:
            raise ApiError(422, "invalid_reason_code", "That reason is not one of the reasons.")
    if comment is not None and not comment.strip():
        comment = None
    if comment is not None and reason is not None and not reason.comment_allowed:
        raise ApiError(422, "comment_not_allowed", "This reason does not take a comment.")
    return await run_in_threadpool(
        _close, state, principal, key, reason_code, comment, designated, when
    )


def _refused(type_: str, message: str, **extra: Any) -> JSONResponse:
    """403 for a closing this caller cannot do here; the body tells whom to call instead."""
    return JSONResponse(
        {**error_body(type_, message), "support": dict(accounts.SUPPORT), **extra},
        status_code=403,
    )


def _already_closed() -> ApiError:
    return ApiError(409, "already_closed", "The account is already closed.")


def _close(
    state: ServerState,
    principal: Principal,
    key: str,
    reason_code: str | None,
    comment: str | None,
    designated: int | None,
    when: closing_schedule.ClosingWhen = closing_schedule.ClosingWhen.NOW,
) -> Response:
    con = state.db.connect()
    now = state.clock.timestamp()
    with con:
        # one writer at a time: a concurrent request with the same key waits and replays
        con.execute("BEGIN IMMEDIATE")
        stored = accounts.stored_answer(con, "cancellation", principal.user_id, key)
        if stored is not None:
            return replay(stored)
        account = _account(con)
        if account.closed:
            raise _already_closed()
        if designated is not None and auth.member_role(con, designated) is None:
            raise ApiError(
                422,
                "invalid_designated_user",
                "The designated user must be an active user of the firm.",
            )
        if when is closing_schedule.ClosingWhen.END_OF_PERIOD:
            # one schedule: a second request (another key) answers the closing already set
            if closing_schedule.scheduled_closing(con) is None:
                closing_schedule.schedule_closing(
                    con,
                    user_id=principal.user_id,
                    now=now,
                    closes_at=closing_schedule.end_of_paid_period(account, now).timestamp(),
                    reason_code=reason_code,
                    comment=comment,
                    designated_user_id=designated,
                    idempotency_key=key,
                )
                log.info("closing at the end of the period scheduled by user %s", principal.user_id)
            answer = json_bytes(retention_body(con, state))
            accounts.store_answer(con, "cancellation", principal.user_id, key, 200, answer, now)
            return Response(answer, status_code=200, media_type="application/json")
        accounts.close_account(
            con,
            user_id=principal.user_id,
            now=now,
            reason_code=reason_code,
            comment=comment,
            designated_user_id=designated,
            idempotency_key=key,
        )
        revoked = auth.revoke_after_closing(con, designated)
        answer = json_bytes(retention_body(con, state))
        accounts.store_answer(con, "cancellation", principal.user_id, key, 200, answer, now)
    log.info(
        "account closed by user %s; %s tokens of other users revoked", principal.user_id, revoked
    )
    return Response(answer, status_code=200, media_type="application/json")


def _cancel_scheduled(state: ServerState, principal: Principal) -> Response:
    """DELETE /cancellation: cancel a closing scheduled for the end of the period, until it
    happens."""
    con = state.db.connect()
    refusal = _not_primary(con, principal)
    if refusal is not None:
        return refusal
    now = state.clock.timestamp()
    with con:
        con.execute("BEGIN IMMEDIATE")
        if _account(con).closed:
            raise ApiError(
                409,
                "already_closed",
                "The account is already closed: a scheduled closing can only be cancelled "
                "before it happens. The Primary Subscriber may reopen it instead.",
            )
        if closing_schedule.cancel_scheduled_closing(con, now):
            log.info("scheduled closing cancelled by user %s", principal.user_id)
        answer = json_bytes(retention_body(con, state))
    return Response(answer, status_code=200, media_type="application/json")


@router.post("/reopening")
def post_reopening(request: Request, principal: AccountReader) -> Response:
    """Reopen a closed account within the grace period (Primary Subscriber only)."""
    state = _state(request)
    key = idempotency_key(request, required=True)
    assert key is not None
    con = state.db.connect()
    stored = accounts.stored_answer(con, "reopening", principal.user_id, key)
    if stored is not None:
        return replay(stored)
    refusal = _not_primary(con, principal)
    if refusal is not None:
        return refusal
    now = state.clock.timestamp()
    with con:
        con.execute("BEGIN IMMEDIATE")
        stored = accounts.stored_answer(con, "reopening", principal.user_id, key)
        if stored is not None:
            return replay(stored)
        account = _account(con)
        if not account.closed or account.closed_at is None:
            raise ApiError(409, "not_closed", "The account is not closed.")
        until = closing_schedule.reopen_until(account.closed_at)
        if now >= until.timestamp():
            raise ApiError(
                409,
                "reopen_period_over",
                f"The account could be reopened until {instant(until)}; call support.",
            )
        closing_schedule.reopen_account(con, user_id=principal.user_id, now=now)
        answer = json_bytes(account_body(con, state, principal))
        accounts.store_answer(con, "reopening", principal.user_id, key, 200, answer, now)
    log.info("account reopened by user %s", principal.user_id)
    return Response(answer, status_code=200, media_type="application/json")


def _not_primary(con: sqlite3.Connection, principal: Principal) -> JSONResponse | None:
    if principal.role is Role.PRIMARY_SUBSCRIBER:
        return None
    primary = _primary_subscriber(con)
    who = f", {primary['name']}," if primary else ""
    return _refused(
        "not_primary_subscriber",
        f"Only the Primary Subscriber{who} can do this. Ask them, or call support.",
        primary_subscriber=primary,
    )


@router.post("/demo/clock")
async def post_demo_clock(request: Request) -> JSONResponse:
    state = _state(request)
    if not state.options.demo_controls:
        raise ApiError(404, "NotFound", "Not Found")
    await run_in_threadpool(auth.require_account_principal, request)
    body = await json_object(request)
    only_fields(body, {"advance_days", "advance_seconds"})
    days = integer_field(body, "advance_days", -MAX_ADVANCE_DAYS, MAX_ADVANCE_DAYS, nullable=False)
    seconds = integer_field(
        body, "advance_seconds", -MAX_ADVANCE_SECONDS, MAX_ADVANCE_SECONDS, nullable=False
    )
    if days is None and seconds is None:
        raise bad_request("Send advance_days or advance_seconds.")
    step = timedelta(days=days or 0, seconds=seconds or 0)
    target = state.clock.now() + step
    if not CLOCK_FLOOR <= target < CLOCK_CEILING:
        raise ApiError(422, "clock_out_of_range", "The demo clock stays between 2000 and 2999.")
    state.clock.advance(step.total_seconds())
    state.save_clock()
    return JSONResponse({"server_time": instant(state.clock.now())})
