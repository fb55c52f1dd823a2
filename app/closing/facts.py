"""What the closing walkthrough reads from the server (one background job each), and what it
needs from a signed-in session.
"""

from __future__ import annotations

import enum
from typing import Protocol

from app.account.selfservice import SelfServiceClient
from app.closing.checklist import PagedTransport


class _Identity(Protocol):
    @property
    def user_id(self) -> int | None: ...

    @property
    def name(self) -> str | None: ...


class _Server(Protocol):
    @property
    def origin(self) -> str: ...

    @property
    def api_base(self) -> str: ...


class ClosingSession(Protocol):
    """What the walkthrough needs (app.session.Session fits)."""

    @property
    def selfservice(self) -> SelfServiceClient | None: ...

    @property
    def identity(self) -> _Identity | None: ...

    @property
    def firm_name(self) -> str | None: ...

    @property
    def http(self) -> PagedTransport: ...

    @property
    def server(self) -> _Server: ...


class Fact(enum.Enum):
    """What the walkthrough reads from the server, each in its own background job."""

    ACCOUNT = "account"
    PAYMENTS = "payments"
    TRUST = "trust"
    REASONS = "reasons"
    SUPPORT = "support"
    MATTERS = "matters"
    UNBILLED = "unbilled"
    CANDIDATES = "candidates"
    UNPAID_BILLS = "unpaid_bills"
    ALTERNATIVES = "alternatives"
