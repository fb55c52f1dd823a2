"""Access tokens: issued by OAuth (server.oauth) or `--issue-token`, checked on every request.

Only SHA-256 hashes of tokens are stored. `require_principal` is the FastAPI dependency every
protected route uses; it answers 401 `invalid_token` for a missing, unknown, expired or revoked
token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from fastapi import Request

from server.db import register_schema
from server.errors import ApiError
from server.firm import Role
from server.state import ServerState

register_schema(
    """
    CREATE TABLE IF NOT EXISTS tokens (
        id INTEGER PRIMARY KEY,
        access_hash TEXT NOT NULL UNIQUE,
        refresh_hash TEXT UNIQUE,
        user_id INTEGER NOT NULL,
        client_id TEXT NOT NULL,
        issued_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS members (
        user_id INTEGER PRIMARY KEY,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    """
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    user_id: int
    role: Role
    token_id: int
    issued_at: float  # server-clock timestamp


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    refresh_token: str
    expires_in: int


def issue_token(state: ServerState, user_id: int, client_id: str = "cli") -> IssuedToken:
    access = secrets.token_urlsafe(32)
    refresh = secrets.token_urlsafe(32)
    now = state.clock.timestamp()
    lifetime = state.options.token_lifetime
    con = state.db.connect()
    with con:
        con.execute(
            "INSERT INTO tokens(access_hash, refresh_hash, user_id, client_id, issued_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (token_hash(access), token_hash(refresh), user_id, client_id, now, now + lifetime),
        )
    return IssuedToken(access, refresh, lifetime)


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


def principal_for_token(state: ServerState, token: str) -> Principal:
    row = (
        state.db.connect()
        .execute(
            "SELECT t.id, t.user_id, t.issued_at, t.expires_at, t.revoked, m.role, m.active"
            " FROM tokens t JOIN members m ON m.user_id = t.user_id WHERE t.access_hash = ?",
            (token_hash(token),),
        )
        .fetchone()
    )
    if row is None or row["revoked"] or not row["active"]:
        raise _invalid("The access token is unknown or has been revoked.")
    if row["expires_at"] <= state.clock.timestamp():
        raise _invalid("The access token has expired.")
    return Principal(
        user_id=row["user_id"],
        role=Role(row["role"]),
        token_id=row["id"],
        issued_at=row["issued_at"],
    )


def require_principal(request: Request) -> Principal:
    """FastAPI dependency: the signed-in user behind the request's bearer token."""
    state: ServerState = request.app.state.backend
    token = bearer_token(request)
    if token is None:
        raise _invalid("An access token is required.")
    principal = principal_for_token(state, token)
    request.state.principal = principal
    return principal
