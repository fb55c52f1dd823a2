"""Every screen of the app, built against a real reference backend the way the running app builds
it, for the checks that walk all of them (names for screen readers, text that fits in a longer
language) and for the README screenshots (scripts/screenshots.py).

Nothing here writes to the account: the closing walkthrough is opened but never sent, and the
export wizard only asks for counts unless a test runs the export itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QThread
from PySide6.QtWidgets import QWidget

from app.account.selfservice import SelfServiceClient
from app.feedback import FeedbackQueue
from app.net.http import HttpSession, RetryPolicy, Timeouts
from app.net.servers import Server, local_server
from app.signin.oauth import Identity
from server.firm import SEED_USERS
from tests.support import oauth_browser
from tests.support.closing_ui import FIRM, ClosingTestSession

MARGARET, DANIEL, ELEANOR = 1, 2, 3
LOCAL_ORIGIN = "http://127.0.0.1:8000"


def settle(condition: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> None:
    """Process events until `condition` holds (no fixed sleep); raises after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if condition():
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not finish loading")
        QThread.msleep(5)
    for _ in range(3):
        QCoreApplication.processEvents()


@dataclass
class Sessions:
    """Signed-in sessions over one backend, closed together."""

    url: str
    opened: list[ClosingTestSession] = field(default_factory=list)

    def signed_in(
        self, user_id: int = MARGARET, *, self_service: bool = True, token: str | None = None
    ) -> ClosingTestSession:
        http = HttpSession(
            self.url,
            timeouts=Timeouts(connect=5.0, read=30.0),
            retry=RetryPolicy(max_attempts=2, backoff_base=0.05, backoff_max=0.2),
        )
        http.set_token(token or oauth_browser.token_for(self.url, user_id))
        user = next(u for u in SEED_USERS if u.id == user_id)
        server: Server = local_server(self.url)
        client = SelfServiceClient(http, server.self_service_base) if self_service else None
        identity = Identity(key=user.email, user_id=user.id, name=user.name, email=user.email)
        session = ClosingTestSession(server, http, client, identity, FIRM)
        self.opened.append(session)
        return session

    def close(self) -> None:
        for session in self.opened:
            session.close()
        self.opened.clear()


@contextmanager
def sessions_on(url: str) -> Iterator[Sessions]:
    made = Sessions(url)
    try:
        yield made
    finally:
        made.close()


# --- the main window with the real pages ------------------------------------------------------


def main_window(session: ClosingTestSession, *, demo: bool = True) -> QWidget:
    """The main window with the four real pages, built from `session` as the app builds them."""
    from ui.account.page import AccountPage
    from ui.closing.countdown_page import AvailabilityPage
    from ui.closing.tray import MilestoneNotifier
    from ui.export.page import ExportPage
    from ui.help.page import HelpPage
    from ui.shell.main_window import MainWindow, PageKey, PageRegistry, PageSpec
    from ui.shell.placeholder import system_pages

    factories: dict[str, Callable[[], QWidget]] = {
        PageKey.ACCOUNT: lambda: AccountPage(session, None),
        PageKey.EXPORT: lambda: ExportPage(session),
        PageKey.AVAILABILITY: lambda: AvailabilityPage(
            session, notifier=MilestoneNotifier(use_tray=False), tz=UTC
        ),
        PageKey.HELP: lambda: HelpPage(session, FeedbackQueue()),
    }
    registry = PageRegistry(system_pages())
    for key, factory in factories.items():
        spec = registry.get(key)
        registry.register(PageSpec(spec.key, spec.group, spec.title, factory))
    window = MainWindow(registry, demo_mode=demo)
    window.set_server(session.server.label)
    assert session.identity is not None
    window.set_signed_in(session.identity.name)
    window.set_last_refresh(datetime.now(UTC))  # what the app shows once the pages answered
    return window


def page_loaded(page: QWidget) -> bool:
    """Whether a page has finished its first fetch (pages without one are loaded at once)."""
    from ui.account.page import AccountPage, PageState

    if isinstance(page, AccountPage):
        return page.state in (PageState.LIVE, PageState.FAILED, PageState.GUIDE)
    refresh = getattr(page, "refresh_button", None)
    if refresh is not None and type(page).__name__ == "AvailabilityPage":
        return bool(refresh.isEnabled())
    return True


def show_page(window: QWidget, key: str) -> QWidget:
    page = window.show_page(key)  # type: ignore[attr-defined]
    settle(lambda: page_loaded(page))
    return page


def page_keys() -> Iterable[str]:
    from ui.shell.main_window import PageKey

    return (PageKey.ACCOUNT, PageKey.EXPORT, PageKey.AVAILABILITY, PageKey.HELP)


# --- dialogs ----------------------------------------------------------------------------------


def signin_dialog() -> QWidget:
    from ui.signin.dialog import SignInDialog

    def never(*_args: object) -> None:  # the checks never press "Sign in"
        raise AssertionError("no sign-in in this check")

    return SignInDialog(never, local_origin=LOCAL_ORIGIN)


def closing_wizard(session: ClosingTestSession) -> QWidget:
    """The walkthrough as the Primary Subscriber opens it, with every fact loaded."""
    from ui.closing.wizard import ClosingWizard

    wizard = ClosingWizard(
        session,
        fresh_sign_in=lambda: None,
        open_export_wizard=lambda: None,
        last_export=lambda: None,
        tz=UTC,
    )
    return wizard


def closing_loaded(wizard: QWidget) -> bool:
    checklist = wizard.checklist  # type: ignore[attr-defined]
    return (
        all(item.loaded for item in checklist.items)
        and wizard.account is not None  # type: ignore[attr-defined]
        and wizard.alternatives_settled()  # type: ignore[attr-defined]
    )


def export_wizard(session: ClosingTestSession, folder: Path) -> QWidget:
    from ui.export.wizard import ExportWizard

    return ExportWizard(session.http, firm_name=FIRM, store=None, folder=folder)


def wizard_pages(wizard: QWidget) -> list[tuple[str, QWidget]]:
    """(name, page) of every page of a QWizard, in id order."""
    return [
        (type(wizard.page(page_id)).__name__, wizard.page(page_id))  # type: ignore[attr-defined]
        for page_id in wizard.pageIds()  # type: ignore[attr-defined]
    ]
