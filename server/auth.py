"""Access tokens: issued by OAuth (server.oauth) or `--issue-token`, checked on every request;
and the members' passwords, kept only as salted PBKDF2 hashes.

Only SHA-256 hashes of tokens are stored. Every token belongs to a grant (one sign-in); refresh
tokens rotate within it and signing out revokes the whole grant.

The FastAPI dependencies also enforce the account's state, so that every route gets the closing
rules without knowing them:
- `require_principal` (data API reads): 401 `invalid_token` for a missing, unknown, expired or
  revoked token, or for a user who lost access when the account closed; 410 `ContentDeleted`
  once the closed account's content has been deleted.
- `require_writer` (data API writes): as above, and 403 `account_closed` after closing.
- `require_account_principal` / `require_account_writer`: the same for the self-service API,
  which keeps answering after the content is deleted.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from server import accounts, closing_schedule
from server.db import register_schema
from server.errors import ApiError
from server.firm import Role
from server.state import ServerState

log = logging.getLogger(__name__)

register_schema(
    """
    CREATE TABLE IF NOT EXISTS tokens (
        id INTEGER PRIMARY KEY,
        access_hash TEXT NOT NULL UNIQUE,
        refresh_hash TEXT UNIQUE,
        grant_id TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        client_id TEXT NOT NULL,
        issued_at REAL NOT NULL,
        auth_time REAL NOT NULL,
        expires_at REAL NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS tokens_grant ON tokens(grant_id);
    -- refresh tokens already used: showing one again revokes its grant (the token family)
    CREATE TABLE IF NOT EXISTS spent_refresh_tokens (
        refresh_hash TEXT PRIMARY KEY,
        grant_id TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS oauth_codes (
        code_hash TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        code_challenge TEXT,
        grant_id TEXT NOT NULL,
        auth_time REAL NOT NULL,
        expires_at REAL NOT NULL,
        used INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS members (
        user_id INTEGER PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    """
)

# A token older than this (since the user last entered a password) cannot close the account.
REAUTH_MAX_AGE_SECONDS = 600


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def password_hash(password: str, salt: bytes | None = None) -> str:
    """The stored form of a password: a salt and its PBKDF2-SHA256 digest, both in hex."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)
    return f"{salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    salt_hex, _, _ = stored.partition("$")
    return secrets.compare_digest(password_hash(password, bytes.fromhex(salt_hex)), stored)


@dataclass(frozen=True)
class Principal:
    user_id: int
    role: Role
    token_id: int
    issued_at: float  # server-clock timestamp
    # when the user last proved who they are (a refresh keeps the original time)
    auth_time: float = 0.0
    # the account is closed: this user may read (and export) but not write
    read_only: bool = False


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    refresh_token: str
    expires_in: int


def issue_token(
    state: ServerState,
    user_id: int,
    client_id: str = "cli",
    *,
    grant_id: str | None = None,
    auth_time: float | None = None,
    con: sqlite3.Connection | None = None,
) -> IssuedToken:
    """A new access/refresh pair. Without `con` it commits on its own."""
    access = secrets.token_urlsafe(32)
    refresh = secrets.token_urlsafe(32)
    now = state.clock.timestamp()
    lifetime = state.options.token_lifetime
    values = (
        token_hash(access),
        token_hash(refresh),
        grant_id or secrets.token_hex(16),
        user_id,
        client_id,
        now,
        now if auth_time is None else auth_time,
        now + lifetime,
    )
    sql = (
        "INSERT INTO tokens(access_hash, refresh_hash, grant_id, user_id, client_id, issued_at,"
        " auth_time, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    )
    if con is None:
        own = state.db.connect()
        with own:
            own.execute(sql, values)
    else:
        con.execute(sql, values)
    return IssuedToken(access, refresh, lifetime)


@dataclass(frozen=True)
class RefreshGrant:
    """The token row a refresh token belongs to."""

    token_id: int
    grant_id: str
    user_id: int
    client_id: str
    auth_time: float


def take_refresh_token(con: sqlite3.Connection, refresh_token: str) -> RefreshGrant | None:
    """Use a refresh token up (rotation: it never works twice). None if unknown or used.

    A used token shown again means that it leaked (the app or a thief holds a copy): the whole
    grant is revoked, every access and refresh token issued from it included (RFC 9700 section
    4.14.2), as a replayed authorization code does. The caller commits."""
    digest = token_hash(refresh_token)
    row = con.execute(
        "SELECT id, grant_id, user_id, client_id, auth_time FROM tokens"
        " WHERE refresh_hash = ? AND revoked = 0",
        (digest,),
    ).fetchone()
    if row is None:
        spent = con.execute(
            "SELECT grant_id FROM spent_refresh_tokens WHERE refresh_hash = ?", (digest,)
        ).fetchone()
        if spent is not None:
            revoke_grant(con, spent["grant_id"])
        return None
    con.execute("UPDATE tokens SET refresh_hash = NULL WHERE id = ?", (row["id"],))
    con.execute(
        "INSERT OR IGNORE INTO spent_refresh_tokens(refresh_hash, grant_id) VALUES (?, ?)",
        (digest, row["grant_id"]),
    )
    return RefreshGrant(
        row["id"], row["grant_id"], row["user_id"], row["client_id"], row["auth_time"]
    )


def revoke_grant_of_token(state: ServerState, token: str) -> bool:
    """Revoke every token of the grant an access or refresh token belongs to (signing out)."""
    con = state.db.connect()
    digest = token_hash(token)
    with con:
        row = con.execute(
            "SELECT grant_id FROM tokens WHERE access_hash = ? OR refresh_hash = ?",
            (digest, digest),
        ).fetchone()
        if row is None:
            return False
        revoke_grant(con, row["grant_id"])
    return True


def revoke_grant(con: sqlite3.Connection, grant_id: str) -> None:
    con.execute(
        "UPDATE tokens SET revoked = 1, refresh_hash = NULL WHERE grant_id = ?", (grant_id,)
    )


def revoke_users_except(con: sqlite3.Connection, keep_user_ids: set[int]) -> int:
    """Closing: every token of a user who loses access stops working. Returns how many."""
    marks = ",".join("?" * len(keep_user_ids)) or "NULL"
    cursor = con.execute(
        f"UPDATE tokens SET revoked = 1, refresh_hash = NULL"  # noqa: S608 - only placeholders
        f" WHERE revoked = 0 AND user_id NOT IN ({marks})",
        tuple(keep_user_ids),
    )
    return cursor.rowcount


def revoke_after_closing(con: sqlite3.Connection, designated_user_id: int | None) -> int:
    """Closing: revoke the tokens of everyone who does not keep access. Returns how many."""
    keep = {
        row["user_id"]
        for row in con.execute("SELECT user_id, role FROM members")
        if accounts.keeps_access_after_closing(
            row["user_id"], Role(row["role"]), designated_user_id
        )
    }
    return revoke_users_except(con, keep)


def settle_scheduled_closing(state: ServerState) -> None:
    """Carry out a closing scheduled for the end of the paid period once the server clock has
    passed it. Called before anything that depends on whether the account is closed (every
    token check, sign-in, the file listener), so the account closes by itself at the first
    request after the instant, dated at the instant."""
    con = state.db.connect()
    now = state.clock.timestamp()
    if closing_schedule.due_closing(con, now) is None:
        return
    if con.in_transaction:
        # the caller holds the write lock (a token refresh): close inside its transaction
        _carry_out_due_closing(con, now)
        return
    with con:
        con.execute("BEGIN IMMEDIATE")
        _carry_out_due_closing(con, now)


def _carry_out_due_closing(con: sqlite3.Connection, now: float) -> None:
    due = closing_schedule.due_closing(con, now)  # another request may have closed it meanwhile
    if due is None:
        return
    closing_schedule.carry_out_scheduled_closing(con, due)
    revoked = revoke_after_closing(con, due.designated_user_id)
    log.info("scheduled closing carried out; %s tokens of other users revoked", revoked)


def _invalid(message: str) -> ApiError:
    return ApiError(
        401,
        "invalid_token",
        message,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def member_role(con: sqlite3.Connection, user_id: int) -> Role | None:
    """The role of an active member, None for an unknown or inactive one."""
    row = con.execute(
        "SELECT role FROM members WHERE user_id = ? AND active = 1", (user_id,)
    ).fetchone()
    return None if row is None else Role(row["role"])


def access_token_is_current(state: ServerState, token: str) -> bool:
    """Whether an access token was issued here and is neither revoked nor expired (the quick
    check of the rate limiter; routes use `principal_for_token`)."""
    row = (
        state.db.connect()
        .execute(
            "SELECT expires_at FROM tokens WHERE access_hash = ? AND revoked = 0",
            (token_hash(token),),
        )
        .fetchone()
    )
    return row is not None and row["expires_at"] > state.clock.timestamp()


def principal_for_token(state: ServerState, token: str) -> Principal:
    settle_scheduled_closing(state)
    con = state.db.connect()
    row = con.execute(
        "SELECT t.id, t.user_id, t.issued_at, t.auth_time, t.expires_at, t.revoked, m.role,"
        " m.active FROM tokens t JOIN members m ON m.user_id = t.user_id"
        " WHERE t.access_hash = ?",
        (token_hash(token),),
    ).fetchone()
    if row is None or row["revoked"] or not row["active"]:
        raise _invalid("The access token is unknown or has been revoked.")
    if row["expires_at"] <= state.clock.timestamp():
        raise _invalid("The access token has expired.")
    role = Role(row["role"])
    account = accounts.load_account(con)
    if account is not None and not account.may_sign_in(row["user_id"], role):
        # tokens are revoked at closing; this also covers tokens issued afterwards by scripts
        raise _invalid("The account is closed; this user no longer has access.")
    return Principal(
        user_id=row["user_id"],
        role=role,
        token_id=row["id"],
        issued_at=row["issued_at"],
        auth_time=row["auth_time"],
        read_only=account is not None and account.closed,
    )


def _authenticate(request: Request) -> Principal:
    state: ServerState = request.app.state.backend
    token = bearer_token(request)
    if token is None:
        raise _invalid("An access token is required.")
    principal = principal_for_token(state, token)
    request.state.principal = principal
    return principal


def account_closed_error() -> ApiError:
    return ApiError(
        403,
        "account_closed",
        "The account is closed: its data can be read and exported, but not changed.",
    )


def ensure_content_available(state: ServerState) -> None:
    """410 `ContentDeleted` once a closed account's content has been deleted. The data API gets
    this through `require_principal`; the file listener (no bearer token) calls it itself."""
    settle_scheduled_closing(state)
    account = accounts.load_account(state.db.connect())
    if account is None or account.closed_at is None:
        return
    if accounts.content_deleted(account, state.clock.timestamp()):
        kept = accounts.retention_for(account.closed_at, account.escrow_enabled)
        raise ApiError(
            410,
            "ContentDeleted",
            "The account was closed and its content was deleted on "
            f"{kept.content_deleted_at.date().isoformat()}.",
        )


def require_principal(request: Request) -> Principal:
    """FastAPI dependency for data-API reads: the signed-in user behind the bearer token."""
    principal = _authenticate(request)
    if principal.read_only:
        ensure_content_available(request.app.state.backend)
    return principal


def require_writer(request: Request) -> Principal:
    """FastAPI dependency for data-API writes: refused once the account is closed."""
    principal = require_principal(request)
    if principal.read_only:
        raise account_closed_error()
    return principal


def require_account_principal(request: Request) -> Principal:
    """FastAPI dependency for self-service reads: answers after the content is deleted too."""
    return _authenticate(request)


def require_account_writer(request: Request) -> Principal:
    """FastAPI dependency for self-service writes: refused once the account is closed."""
    principal = _authenticate(request)
    if principal.read_only:
        raise account_closed_error()
    return principal


# Route parameter types, e.g. `def route(principal: DataReader)`.
DataReader = Annotated[Principal, Depends(require_principal)]
DataWriter = Annotated[Principal, Depends(require_writer)]
AccountReader = Annotated[Principal, Depends(require_account_principal)]
AccountWriter = Annotated[Principal, Depends(require_account_writer)]
