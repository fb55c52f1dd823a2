"""Seeding a data dir: the demo firm or a deterministic large firm for benchmarks."""

from __future__ import annotations

import hashlib
import secrets

from server import practice
from server.accounts import seed_account
from server.firm import SEED_USERS
from server.state import ServerState


def password_hash(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)
    return f"{salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    salt_hex, _, _ = stored.partition("$")
    return secrets.compare_digest(password_hash(password, bytes.fromhex(salt_hex)), stored)


def is_seeded(state: ServerState) -> bool:
    return state.db.get_meta("seed") is not None


def seed_members(state: ServerState) -> None:
    con = state.db.connect()
    with con:
        for user in SEED_USERS:
            con.execute(
                "INSERT OR REPLACE INTO members(user_id, role, password_hash, active)"
                " VALUES (?, ?, ?, 1)",
                (user.id, user.role.value, password_hash(user.password)),
            )


def seed(
    state: ServerState,
    kind: str,
    *,
    records: int = 0,
    documents: int = 0,
    document_bytes: int = 0,
    random_seed: int = 1,
) -> None:
    """Fill an empty data dir. A data dir that was seeded already is left as it is."""
    if is_seeded(state):
        return
    seed_members(state)
    seed_account(state)
    practice.seed_practice(
        state,
        kind,
        records=records,
        documents=documents,
        document_bytes=document_bytes,
        random_seed=random_seed,
    )
    state.db.set_meta("seed", kind)
