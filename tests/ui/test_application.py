"""The whole app as a person meets it, against the real reference backend: demo mode signs in
and shows Account and Payment Info with the user's name in the status bar; signing out and in
again; another demo role; the demo clock; the sign-in window in normal mode and a later start
restored from the keyring; an offline start from the last known state; no usable keyring;
every page from its factory, a broken page; crashes reaching the dialog. The leak checks of
tests/ui/conftest.py apply to every test (threads, timers, windows, hooks)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app import config
from tests.support.backend import RunningBackend
from ui.common import background, widgets
from ui.common.page_context import PageContext
from ui.shell.application import Application, AppState
from ui.shell.main_window import ConnectionState, PageKey
from ui.shell.options import LaunchOptions
from ui.shell.pages import PAGE_FACTORIES, StatusPage
from ui.shell.placeholder import PlaceholderPage

SIGN_IN_TIMEOUT_MS = 30_000

StartApp = Callable[..., Application]


@pytest.fixture
def start_app(qtbot: Any) -> Iterator[StartApp]:
    started: list[Application] = []

    def start(options: LaunchOptions, **kwargs: Any) -> Application:
        app = Application(options, **kwargs)
        started.append(app)
        qtbot.addWidget(app.window)
        app.start()
        qtbot.waitExposed(app.window)
        return app

    yield start
    for app in started:
        app.shutdown()
        app.window.close()


def _signed_in(qtbot: Any, app: Application) -> None:
    qtbot.waitUntil(lambda: app.state is AppState.SIGNED_IN, timeout=SIGN_IN_TIMEOUT_MS)


def _labels(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def _shows(widget: QWidget, text: str) -> bool:
    return any(text in label for label in _labels(widget))


def _form_browser(backend: RunningBackend, user_id: int, calls: list[str]) -> Callable[[str], bool]:
    """Plays the system browser: the backend's sign-in form, then the redirect to the app."""
    from server.firm import SEED_USERS
    from tests.support.oauth_browser import open_sign_in_page, submit_sign_in

    password = next(u.password for u in SEED_USERS if u.id == user_id)

    def open_browser(url: str) -> bool:
        calls.append(url)
        page = open_sign_in_page(backend.url, dict(parse_qsl(urlsplit(url).query)))
        answer = submit_sign_in(backend.url, page, user_id, password)
        requests.get(answer.headers["Location"], timeout=10)
        return True

    return open_browser


# --- demo mode ---------------------------------------------------------------------------------


def test_demo_mode_signs_in_and_shows_account_and_payment_info(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    app = start_app(LaunchOptions(demo=True), demo_server=demo_backend.url)
    window = app.window
    # Shown at once, before the network: connecting, not yet signed in.
    assert window.isVisible()
    assert app.state in (AppState.STARTING, AppState.CONNECTING, AppState.SIGNED_IN)
    _signed_in(qtbot, app)
    assert window.user_label.text() == "Signed in as Margaret Harbor"
    assert window.server_label.text() == "Server: Demo service on this computer"
    assert window.connection_label.text() == "Online"
    assert window.refresh_label.text().startswith("As of ")
    assert window.notice("connecting") is None
    assert window.windowTitle() == "Account Desk (demo)"
    assert window.current_page_key == PageKey.ACCOUNT
    page = window.stack.currentWidget()
    assert not isinstance(page, (StatusPage, PlaceholderPage))
    qtbot.waitUntil(lambda: _shows(page, "Harbor & Finch LLP"), timeout=SIGN_IN_TIMEOUT_MS)
    assert app.session is not None and app.session.firm_name == "Harbor & Finch LLP"


def test_demo_role_signs_in_as_that_person(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    app = start_app(LaunchOptions(demo=True, demo_role="attorney"), demo_server=demo_backend.url)
    _signed_in(qtbot, app)
    assert app.window.user_label.text() == "Signed in as Eleanor Finch"
    assert app.session is not None and app.session.identity is not None
    assert app.session.identity.user_id == 3


def test_sign_out_returns_to_signed_out_and_sign_in_comes_back(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend, monkeypatch: Any
) -> None:
    app = start_app(LaunchOptions(demo=True), demo_server=demo_backend.url)
    _signed_in(qtbot, app)
    session = app.session
    assert session is not None
    changes: list[object] = []
    app.hub.session_changed.connect(changes.append)
    monkeypatch.setattr(widgets, "ask_confirmation", lambda *args, **kwargs: True)

    app.window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: app.state is AppState.SIGNED_OUT, timeout=SIGN_IN_TIMEOUT_MS)
    window = app.window
    assert window.user_label.text() == "Not signed in"
    assert window.sign_in_action.isEnabled() and not window.sign_out_action.isEnabled()
    assert app.session is None and changes == [None]
    assert not session.signed_in
    page = window.stack.currentWidget()
    assert isinstance(page, StatusPage)
    assert "not signed in" in page.message.text()
    assert page.action_button is not None

    qtbot.mouseClick(page.action_button, Qt.MouseButton.LeftButton)
    _signed_in(qtbot, app)
    assert window.user_label.text() == "Signed in as Margaret Harbor"
    assert app.session is not None and app.session is not session
    assert changes[-1] is app.session


@pytest.mark.slow
def test_demo_clock_moves_the_server_on_and_pages_refresh(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls")
    app = start_app(LaunchOptions(demo=True), demo_server=backend.url)
    _signed_in(qtbot, app)
    assert app.session is not None and app.session.selfservice is not None
    before = app.session.selfservice.account().server_time
    refreshed: list[bool] = []
    app.hub.refresh_requested.connect(lambda: refreshed.append(True))
    assert app.window.demo_menu is not None
    with qtbot.waitSignal(app.hub.clock_moved, timeout=SIGN_IN_TIMEOUT_MS) as moved:
        app.window.demo_clock_actions[30].trigger()
    server_time = moved.args[0]
    assert isinstance(server_time, datetime)
    assert timedelta(days=30) <= server_time - before < timedelta(days=30, minutes=5)
    assert refreshed == [True]
    notice = app.window.notice("demo-clock")
    assert notice is not None and notice.isVisible()
    assert notice.text.startswith("The demo clock moved on 30 days: it is now ")


def test_a_demo_service_that_cannot_be_reached_is_said_and_sign_in_tries_again(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    gone = backend_factory("--seed", "demo", "--demo-controls")
    gone.stop()  # its port now refuses connections
    app = start_app(LaunchOptions(demo=True), demo_server=gone.url)
    qtbot.waitUntil(lambda: app.state is AppState.FAILED, timeout=SIGN_IN_TIMEOUT_MS)
    problem = app.window.notice("problem")
    assert problem is not None and problem.text.startswith("The demo could not start:")
    assert "Sign in to try again" in problem.text
    assert app.window.user_label.text() == "Not signed in"
    assert app.window.sign_in_action.isEnabled()
    page = app.window.stack.currentWidget()
    assert isinstance(page, StatusPage) and page.action_button is not None


# --- normal mode -------------------------------------------------------------------------------


@pytest.mark.slow
def test_sign_in_window_then_restore_then_offline_start_from_the_last_known_state(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    backend = backend_factory("--seed", "demo")
    browser_calls: list[str] = []
    browser = _form_browser(backend, 2, browser_calls)

    # First start: nobody remembered, so the sign-in window opens with the server preselected.
    first = start_app(LaunchOptions(server=backend.url), open_browser=browser)
    qtbot.waitUntil(lambda: first.signin_dialog is not None, timeout=SIGN_IN_TIMEOUT_MS)
    dialog = first.signin_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.selected_option.key == "local"
    assert first.state is AppState.SIGNED_OUT
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    _signed_in(qtbot, first)
    assert len(browser_calls) == 1
    assert first.window.user_label.text() == "Signed in as Daniel Okafor"
    page = first.window.stack.currentWidget()
    qtbot.waitUntil(lambda: _shows(page, "Harbor & Finch LLP"), timeout=SIGN_IN_TIMEOUT_MS)
    first.shutdown()
    first.window.close()

    # Second start: restored from the keyring, no browser.
    second = start_app(LaunchOptions(), open_browser=browser)
    _signed_in(qtbot, second)
    assert len(browser_calls) == 1
    assert second.signin_dialog is None
    assert second.window.user_label.text() == "Signed in as Daniel Okafor"
    assert second.window.connection_state is ConnectionState.ONLINE
    page = second.window.stack.currentWidget()
    qtbot.waitUntil(lambda: _shows(page, "Harbor & Finch LLP"), timeout=SIGN_IN_TIMEOUT_MS)
    second.shutdown()
    second.window.close()

    # Third start with the server gone: the window opens with the cached state, marked.
    backend.stop()
    third = start_app(LaunchOptions(), open_browser=browser)
    _signed_in(qtbot, third)
    window = third.window
    assert window.connection_state is ConnectionState.OFFLINE
    assert window.connection_label.text() == "Offline"
    assert window.user_label.text() == "Signed in as Daniel Okafor"
    assert window.server_label.text() == "Server: Reference backend on this computer"
    notice = window.notice("offline")
    assert notice is not None and notice.isVisible()
    assert notice.text.startswith("Offline — showing data as of ")
    assert notice.text.endswith(" old)")
    assert window.refresh_label.text().startswith("As of ")
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: _shows(page, "Harbor & Finch LLP"), timeout=SIGN_IN_TIMEOUT_MS)
    # It keeps trying in the background (stopped on shutdown: the leak check would say).
    assert third.connection.retry_timer.isActive()
    assert len(browser_calls) == 1


def test_a_saved_sign_in_the_server_no_longer_accepts_asks_to_sign_in_again(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend, isolated_user_state: Any
) -> None:
    import json

    calls: list[str] = []
    browser = _form_browser(demo_backend, 1, calls)
    first = start_app(LaunchOptions(server=demo_backend.url), open_browser=browser)
    qtbot.waitUntil(lambda: first.signin_dialog is not None, timeout=SIGN_IN_TIMEOUT_MS)
    assert first.signin_dialog is not None
    first.signin_dialog.start()
    _signed_in(qtbot, first)
    first.shutdown()
    first.window.close()
    # Revoked elsewhere (another computer signed out this grant): the saved tokens are dead.
    (secret,) = isolated_user_state.secrets.values()
    requests.post(
        demo_backend.url + "/oauth/deauthorize",
        data={"token": json.loads(secret)["access_token"], "client_id": "account-desk"},
        timeout=10,
    ).raise_for_status()

    second = start_app(LaunchOptions(), open_browser=browser)
    qtbot.waitUntil(lambda: second.signin_dialog is not None, timeout=SIGN_IN_TIMEOUT_MS)
    assert second.state is AppState.SIGNED_OUT
    assert second.window.user_label.text() == "Not signed in"
    assert len(calls) == 1  # the browser opens only when the person asks
    assert second.signin_dialog is not None
    second.signin_dialog.start()
    _signed_in(qtbot, second)
    assert len(calls) == 2
    assert second.window.user_label.text() == "Signed in as Margaret Harbor"


def test_offline_start_comes_back_online_when_the_server_answers_again(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    # Sign in once (normal mode, demo backend's form), then pretend the network dropped.
    calls: list[str] = []
    app = start_app(
        LaunchOptions(server=demo_backend.url), open_browser=_form_browser(demo_backend, 1, calls)
    )
    qtbot.waitUntil(lambda: app.signin_dialog is not None, timeout=SIGN_IN_TIMEOUT_MS)
    assert app.signin_dialog is not None
    app.signin_dialog.start()
    _signed_in(qtbot, app)
    session = app.session
    assert session is not None
    page = app.window.stack.currentWidget()
    qtbot.waitUntil(lambda: _shows(page, "Harbor & Finch LLP"), timeout=SIGN_IN_TIMEOUT_MS)
    assert background.wait_for_all(10)  # nothing in flight that could answer meanwhile
    session.use_last_known()  # what a failed call does when the network drops
    qtbot.waitUntil(lambda: app.window.connection_state is ConnectionState.OFFLINE)
    assert app.connection.retry_timer.isActive()
    app.connection.retry_now()
    qtbot.waitUntil(
        lambda: app.window.connection_state is ConnectionState.ONLINE, timeout=SIGN_IN_TIMEOUT_MS
    )
    assert not app.connection.retry_timer.isActive()
    assert app.window.notice("offline") is None
    assert app.window.user_label.text() == "Signed in as Margaret Harbor"


def test_no_usable_keyring_is_said_and_sign_in_still_works(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # the fixture puts the previous one back
    calls: list[str] = []
    app = start_app(
        LaunchOptions(server=demo_backend.url), open_browser=_form_browser(demo_backend, 1, calls)
    )
    qtbot.waitUntil(lambda: app.window.notice("keyring") is not None, timeout=SIGN_IN_TIMEOUT_MS)
    notice = app.window.notice("keyring")
    assert notice is not None and "sign in again next time" in notice.text
    qtbot.waitUntil(lambda: app.signin_dialog is not None, timeout=SIGN_IN_TIMEOUT_MS)
    assert app.signin_dialog is not None
    app.signin_dialog.start()
    _signed_in(qtbot, app)
    assert app.window.user_label.text() == "Signed in as Margaret Harbor"
    assert app.window.notice("keyring") is not None
    # Remembered for next time (server and user), but the tokens are only in memory.
    assert config.load_settings().last_user == "margaret.harbor@harborfinch.example"


# --- pages -------------------------------------------------------------------------------------


def test_every_system_page_has_its_real_screen(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    from ui.account.page import AccountPage
    from ui.closing.countdown_page import AvailabilityPage
    from ui.export.page import ExportPage
    from ui.help.page import HelpPage

    assert set(PAGE_FACTORIES) == set(PageKey)
    app = start_app(LaunchOptions(demo=True), demo_server=demo_backend.url)
    _signed_in(qtbot, app)
    expected = {
        PageKey.ACCOUNT: AccountPage,
        PageKey.EXPORT: ExportPage,
        PageKey.AVAILABILITY: AvailabilityPage,
        PageKey.HELP: HelpPage,
    }
    for key, page_class in expected.items():
        page = app.window.show_page(key)
        assert isinstance(page, page_class), key
    assert background.wait_for_all(20)


def test_a_broken_page_reports_the_problem_and_the_app_carries_on(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    def broken_page(context: PageContext) -> QWidget:
        raise ValueError("this page is broken")

    app = start_app(
        LaunchOptions(demo=True),
        demo_server=demo_backend.url,
        page_factories={**PAGE_FACTORIES, PageKey.HELP: broken_page},
    )
    _signed_in(qtbot, app)
    page = app.window.show_page(PageKey.HELP)
    assert isinstance(page, PlaceholderPage)
    handler = app._crash_handler
    assert handler is not None
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog is not None
    assert "this page is broken" in handler.dialog.report_text


def test_every_page_is_built_from_the_same_context(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    seen: dict[str, PageContext] = {}

    def recording(key: str) -> Callable[[PageContext], QWidget]:
        def create_page(context: PageContext) -> QWidget:
            seen[key] = context
            return QLabel(key)

        return create_page

    app = start_app(
        LaunchOptions(demo=True),
        demo_server=demo_backend.url,
        page_factories={key: recording(key) for key in PageKey},
    )
    _signed_in(qtbot, app)
    for key in PageKey:
        app.window.show_page(key)
    assert set(seen) == set(PageKey)
    for context in seen.values():
        assert context.session is app.session
        assert context.hub is app.hub
        assert context.open_export_wizard == app.open_export_wizard


def test_close_account_opens_the_walkthrough_over_the_window(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    app = start_app(LaunchOptions(demo=True), demo_server=demo_backend.url)
    _signed_in(qtbot, app)
    page = app.window.stack.currentWidget()
    button = getattr(page, "close_button", None)
    assert button is not None, "the Account page offers Close Account"
    qtbot.waitUntil(button.isEnabled, timeout=SIGN_IN_TIMEOUT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wizard = app.closing_wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.windowTitle() == "Close the account"
    assert wizard.parent() is app.window
    # Pressing it again brings the same walkthrough forward rather than a second one.
    app.open_closing_walkthrough()
    assert app.closing_wizard is wizard
    assert background.wait_for_all(20)


def test_export_your_data_goes_to_the_export_page_and_starts_there(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    started: list[QWidget] = []

    class ExportPage(QWidget):
        def start_export(self) -> None:
            started.append(self)

    app = start_app(
        LaunchOptions(demo=True),
        demo_server=demo_backend.url,
        page_factories={**PAGE_FACTORIES, PageKey.EXPORT: lambda _context: ExportPage()},
    )
    _signed_in(qtbot, app)
    app.open_export_wizard()
    assert app.window.current_page_key == PageKey.EXPORT
    assert started == [app.window.stack.currentWidget()]


# --- crashes -----------------------------------------------------------------------------------


def test_an_error_on_any_thread_reaches_the_crash_dialog_and_hooks_are_put_back(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    hooks_before = (sys.excepthook, threading.excepthook)
    app = start_app(LaunchOptions(demo=True), demo_server=demo_backend.url)
    qtbot.waitUntil(lambda: app._crash_handler is not None)
    assert (sys.excepthook, threading.excepthook) != hooks_before

    def fail() -> None:
        raise RuntimeError("worker went wrong")

    worker = threading.Thread(target=fail, name="failing-worker")
    worker.start()
    worker.join()
    handler = app._crash_handler
    assert handler is not None
    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible())
    assert handler.dialog is not None
    assert "worker went wrong" in handler.dialog.report_text
    assert "failing-worker" in handler.dialog.report_text
    _signed_in(qtbot, app)
    app.shutdown()
    assert (sys.excepthook, threading.excepthook) == hooks_before


def test_when_no_browser_opens_the_sign_in_address_can_be_copied_and_opened_by_hand(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    from PySide6.QtGui import QGuiApplication

    backend = backend_factory("--seed", "demo")
    opened_by_hand = _form_browser(backend, 2, [])
    app = start_app(LaunchOptions(server=backend.url), open_browser=lambda url: False)
    qtbot.waitUntil(lambda: app.signin_dialog is not None, timeout=SIGN_IN_TIMEOUT_MS)
    dialog = app.signin_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.manual_box.isVisible, timeout=SIGN_IN_TIMEOUT_MS)
    assert "could not open your browser" in dialog.manual_label.text()
    label = dialog.manual_label  # all of the explanation shows, not its first line only
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert dialog.copy_address_button.hasFocus()
    qtbot.keyClick(dialog.copy_address_button, Qt.Key.Key_Space)
    address = QGuiApplication.clipboard().text()
    assert address == dialog.manual_address.text()
    assert address.startswith(f"{backend.url}/oauth/authorize?")
    # The person pastes it into a browser; the app, still waiting, signs in.
    browser = threading.Thread(target=opened_by_hand, args=(address,), daemon=True)
    browser.start()
    _signed_in(qtbot, app)
    browser.join(10)
    assert app.window.user_label.text() == "Signed in as Daniel Okafor"


def test_show_the_countdown_ends_the_walkthrough_on_data_availability(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    from PySide6.QtWidgets import QWizard

    from app.closing.store import ClosingStore
    from ui.closing.wizard import PageId

    backend = backend_factory("--seed", "demo", "--demo-controls")
    app = start_app(LaunchOptions(demo=True), demo_server=backend.url)
    _signed_in(qtbot, app)
    session = app.session
    assert session is not None and session.selfservice is not None
    # The account was closed from this computer; the walkthrough opens on its last page.
    pending = ClosingStore(session.server.origin).begin(1)
    session.selfservice.cancel(pending.key, "Harbor & Finch LLP")
    app.open_closing_walkthrough()
    wizard = app.closing_wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.DONE, timeout=SIGN_IN_TIMEOUT_MS)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.text().replace("&", "") == "Show the countdown"
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    assert app.window.current_page_key == PageKey.AVAILABILITY
    assert background.wait_for_all(20)


# --- after closing: a server that answers is not offline ----------------------------------------


def _close_and_wait(backend: RunningBackend, days: int, *, save_dates: bool) -> None:
    from app.account.models import Retention
    from app.closing.store import ClosingStore
    from app.net.servers import local_server
    from tests.support import oauth_browser as ob

    token = ob.token_for(backend.url, 1)
    closed = requests.post(
        backend.url + "/self-service/v1/cancellation",
        json={"confirm_firm_name": "Harbor & Finch LLP"},
        headers={**ob.bearer(token), "Idempotency-Key": "close"},
        timeout=10,
    )
    assert closed.status_code == 200, closed.text
    if save_dates:  # the app had shown the countdown on this computer
        ClosingStore(local_server(backend.url).origin).save_retention(
            Retention.from_json(closed.json())
        )
    if days:
        moved = requests.post(
            backend.url + "/self-service/v1/demo/clock",
            json={"advance_days": days},
            headers=ob.bearer(token),
            timeout=10,
        )
        assert moved.status_code == 200, moved.text


def _problem(app: Application) -> str:
    notice = app.window.notice("problem")
    assert notice is not None and notice.isVisible()
    return notice.text


def test_after_escrow_ended_the_app_says_what_the_server_answered_with_the_saved_dates(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30Z")
    _close_and_wait(backend, 200, save_dates=True)
    app = start_app(LaunchOptions(demo=True), demo_server=backend.url)
    qtbot.waitUntil(lambda: app.state is AppState.FAILED, timeout=SIGN_IN_TIMEOUT_MS)
    first = _problem(app)
    assert "The server answered" in first and "deleted" in first
    assert "cannot reach" not in first
    assert app.window.connection_label.text() != "Offline"
    offline = app.window.notice("offline")
    assert offline is None or not offline.isVisible()
    # The dates saved on this computer are shown.
    assert "November 24, 2026" in first and "February 22, 2027" in first
    assert "May 24, 2027" in first
    # Signing in again visibly answers again.
    app.sign_in()
    qtbot.waitUntil(lambda: _problem(app) != first, timeout=SIGN_IN_TIMEOUT_MS)
    assert "Attempt 2" in _problem(app)


def test_a_user_whose_access_ended_at_closing_is_told_why_sign_in_fails(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30Z")
    _close_and_wait(backend, 0, save_dates=False)
    app = start_app(LaunchOptions(demo=True, demo_role="attorney"), demo_server=backend.url)
    qtbot.waitUntil(lambda: app.state is AppState.FAILED, timeout=SIGN_IN_TIMEOUT_MS)
    first = _problem(app)
    assert "The server answered that this user may not sign in" in first
    assert "the administrators and the designated user" in first
    assert app.window.connection_label.text() != "Offline"
    app.sign_in()
    qtbot.waitUntil(lambda: _problem(app) != first, timeout=SIGN_IN_TIMEOUT_MS)


def test_when_the_browser_fails_silently_the_sign_in_address_can_still_be_copied(
    qtbot: Any, start_app: StartApp, backend_factory: Callable[..., RunningBackend]
) -> None:
    from PySide6.QtGui import QGuiApplication

    backend = backend_factory("--seed", "demo")
    opened_by_hand = _form_browser(backend, 2, [])
    # The browser says it opened, and shows nothing.
    app = start_app(LaunchOptions(server=backend.url), open_browser=lambda url: True)
    qtbot.waitUntil(lambda: app.signin_dialog is not None, timeout=SIGN_IN_TIMEOUT_MS)
    dialog = app.signin_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.show_address_button.isVisible, timeout=SIGN_IN_TIMEOUT_MS)
    # Every line of the waiting text shows (the window grew with it).
    waiting = dialog.waiting_label
    qtbot.waitUntil(lambda: waiting.height() >= waiting.heightForWidth(waiting.width()))
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.show_address_button, Qt.MouseButton.LeftButton)
    address = QGuiApplication.clipboard().text()
    assert address.startswith(f"{backend.url}/oauth/authorize?")
    assert dialog.manual_box.isVisible() and dialog.manual_address.text() == address
    label = dialog.manual_label
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    browser = threading.Thread(target=opened_by_hand, args=(address,), daemon=True)
    browser.start()
    _signed_in(qtbot, app)
    browser.join(10)
    assert app.window.user_label.text() == "Signed in as Daniel Okafor"


def test_french_chosen_in_the_running_app_shows_the_signed_in_page_in_french(
    qtbot: Any, start_app: StartApp, demo_backend: RunningBackend
) -> None:
    from PySide6.QtCore import QLocale

    from ui.shell import qt_app

    previous = QLocale()
    app = start_app(LaunchOptions(demo=True), demo_server=demo_backend.url)
    try:
        _signed_in(qtbot, app)
        window = app.window
        window.language_actions["fr_CA"].trigger()
        assert window.user_label.text() == "Connecté en tant que Margaret Harbor"
        assert window.server_label.text() == "Serveur : Service de démonstration sur cet ordinateur"
        assert window.current_page_key == PageKey.ACCOUNT
        page = window.stack.currentWidget()
        assert not isinstance(page, (StatusPage, PlaceholderPage))
        qtbot.waitUntil(lambda: _shows(page, "Compte et paiement"), timeout=SIGN_IN_TIMEOUT_MS)
        assert config.saved_language() == "fr_CA"
    finally:
        qt_app.remove_translators()
        QLocale.setDefault(previous)
