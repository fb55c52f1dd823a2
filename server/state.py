"""What every request handler of the backend needs: options, storage, clock."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from server.clock import Clock
from server.db import Database


@dataclass
class Options:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    rate_limit: tuple[int, float] | None = None  # (requests, seconds) per access token
    # (failures, seconds) per client address, then locked out as long (server.ratelimit)
    sign_in_limit: tuple[int, float] = (20, 60.0)
    demo_controls: bool = False
    # with demo controls: the secret that lets the app which started this server sign in a
    # demo user without a password (read from stdin, never from the command line)
    demo_secret: str | None = None
    token_lifetime: int = 3600
    # the seeded account (server.accounts): billing cycle and day, whether it is a contract
    # account that may not close in self-service, and whether it has data escrow
    billing_cycle: str = "monthly"
    billing_day: int = 18
    contract_account: bool = False
    no_escrow: bool = False
    seats: int = 6  # paid seats of the seeded plan (six users are active)
    # like the real Clio service: only the data API and OAuth, no /self-service/v1 (the app
    # then works in export-and-guide mode)
    no_self_service: bool = False
    # "clio": play the real service (server.cli --style): no self-service API, only the
    # registered OAuth clients below, Clio's published rate limit
    style: str = "default"
    # with style "clio": (client id, SHA-256 of its secret, one exactly registered redirect
    # URI); a client registered with several redirects appears once for each. The secret
    # itself is never kept.
    registered_clients: tuple[tuple[str, bytes, str], ...] = ()
    # the base URL of the file listener (another origin), known once it is bound
    files_base_url: str = ""
    public_base_url: str = ""


@dataclass
class ServerState:
    options: Options
    db: Database
    clock: Clock
    # signs the short-lived download URLs of the file listener
    signing_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @classmethod
    def open(cls, options: Options) -> ServerState:
        options.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(options.data_dir)
        offset = float(db.get_meta("clock_offset_seconds", "0") or 0)
        key_hex = db.get_meta("signing_key")
        if key_hex is None:
            key_hex = secrets.token_hex(32)
            db.set_meta("signing_key", key_hex)
        return cls(options=options, db=db, clock=Clock(offset), signing_key=bytes.fromhex(key_hex))

    def save_clock(self) -> None:
        self.db.set_meta("clock_offset_seconds", repr(self.clock.offset_seconds))
