"""What the closing walkthrough and the Data availability page need in tests: a session over a
real reference backend (the same fields app.session.Session has), keyboard driving, and the
server's own record of closings."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.account.selfservice import SelfServiceClient
from app.closing.checklist import LastExport
from app.net.http import HttpSession, RetryPolicy, Timeouts
from app.net.servers import Server, local_server
from app.signin.oauth import Identity
from server.firm import SEED_USERS
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from ui.closing.wizard import ClosingWizard

FIRM = "Harbor & Finch LLP"
MARGARET, DANIEL, ELEANOR = 1, 2, 3


@dataclass
class ClosingTestSession:
    """The fields of the app's session the closing screens use."""

    server: Server
    http: HttpSession
    selfservice: SelfServiceClient | None
    identity: Identity | None
    firm_name: str | None = FIRM
    sign_ins: list[int] = field(default_factory=list)

    def fresh_sign_in(self, base_url: str, user_id: int) -> None:
        """What the app's browser sign-in does: a new token from a new sign-in."""
        self.http.set_token(ob.token_for(base_url, user_id))
        self.sign_ins.append(user_id)

    def close(self) -> None:
        self.http.close()


def session_for(
    backend: RunningBackend,
    user_id: int = MARGARET,
    *,
    via: str | None = None,
    read_timeout: float = 30.0,
    self_service: bool = True,
) -> ClosingTestSession:
    """Signed in as that seeded user through the sign-in form; `via` sends every request
    through another address (a proxy) instead of the backend's own."""
    url = via or backend.url
    http = HttpSession(
        url,
        timeouts=Timeouts(connect=5.0, read=read_timeout),
        retry=RetryPolicy(max_attempts=3, backoff_base=0.05, backoff_max=0.2),
    )
    http.set_token(ob.token_for(backend.url, user_id))
    user = next(u for u in SEED_USERS if u.id == user_id)
    server = local_server(url)
    client = SelfServiceClient(http, server.self_service_base) if self_service else None
    identity = Identity(key=user.email, user_id=user.id, name=user.name, email=user.email)
    return ClosingTestSession(server, http, client, identity)


def closings(backend: RunningBackend) -> int:
    """How many times the server closed the account (its own table)."""
    with sqlite3.connect(backend.data_dir / "backend.sqlite3") as con:
        return int(con.execute("SELECT count(*) FROM cancellations").fetchone()[0])


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press on whatever has the keyboard focus, as a person would press it."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifier)


def tab_to(target: QWidget, *, limit: int = 60) -> None:
    """Press Tab until `target` has the focus (fails if it never gets it)."""
    for _ in range(limit):
        if target.hasFocus():
            return
        press(Qt.Key.Key_Tab)
    assert target.hasFocus(), f"Tab never reached {target.objectName() or target}"


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClicks(target, text)


def grab(widget: QWidget, folder: Path, name: str) -> Path:
    """A screenshot of the widget (for looking at the layout)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


def verified_export(when: object, *, trust: bool = True) -> Callable[[], LastExport | None]:
    from datetime import datetime

    from app.closing.checklist import TRUST_RECORD_KINDS

    assert isinstance(when, datetime)
    kinds: tuple[str, ...] = ("users", "matters", "contacts", "activities", "bills", "documents")
    if trust:
        kinds = (*kinds, *TRUST_RECORD_KINDS)
    export = LastExport(when=when, verified=True, kinds=kinds, includes_trust_ledger=trust)
    return lambda: export


def _nothing() -> None:
    return None


def shown_wizard(
    qtbot: Any,
    session: Any,
    *,
    last_export: Callable[[], LastExport | None] = _nothing,
    fresh_sign_in: Callable[[], object] = _nothing,
    open_export_wizard: Callable[[], object] = _nothing,
    show: bool = True,
) -> ClosingWizard:
    """The closing walkthrough on screen over `session`, in UTC, as the app opens it."""
    wizard = ClosingWizard(
        session,
        fresh_sign_in=fresh_sign_in,
        open_export_wizard=open_export_wizard,
        last_export=last_export,
        tz=UTC,
    )
    qtbot.addWidget(wizard)
    if show:
        wizard.show()
    return wizard
