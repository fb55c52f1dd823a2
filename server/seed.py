"""Seeding a data dir: the demo firm or a deterministic large firm for benchmarks."""

from __future__ import annotations

from server.accounts import seed_account
from server.auth import password_hash
from server.firm import SEED_USERS
from server.practice.seeding import seed_practice
from server.state import ServerState


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
    seed_practice(
        state,
        kind,
        records=records,
        documents=documents,
        document_bytes=document_bytes,
        random_seed=random_seed,
    )
    state.db.set_meta("seed", kind)
