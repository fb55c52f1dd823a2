"""Export-and-guide mode for real: a reference backend started with --no-self-service serves
only the data API and OAuth, like the Clio service itself. The app's own Session signs in
against it and the person sees who they are on the Account page with the way to the
service's settings page, and a closing walkthrough that ends with the service's own closing
(call, copy the number, open the service's page, then enter the day it was closed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from pytestqt.qtbot import QtBot

from app.net.servers import local_server
from app.session import Session
from app.signin.oauth import Mode
from server.firm import SEED_USERS
from tests.support.backend import RunningBackend
from tests.support.closing_ui import MARGARET, shown_wizard
from tests.support.oauth_browser import open_sign_in_page, submit_sign_in
from ui.account.page import AccountPage, PageState
from ui.closing.wizard import PageId

TIMEOUT_MS = 20_000


@pytest.fixture
def guide_backend(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--no-self-service")


@pytest.fixture
def session(guide_backend: RunningBackend) -> Iterator[Session]:
    """The app's Session, signed in as the Primary Subscriber through the service's sign-in
    form (the real OAuth flow, with a stand-in for the system browser)."""
    password = next(u.password for u in SEED_USERS if u.id == MARGARET)

    def open_browser(url: str) -> bool:
        page = open_sign_in_page(guide_backend.url, dict(parse_qsl(urlsplit(url).query)))
        answer = submit_sign_in(guide_backend.url, page, MARGARET, password)
        requests.get(answer.headers["Location"], timeout=10)  # the redirect to the app
        return True

    opened = Session.create(local_server(guide_backend.url), open_browser=open_browser)
    opened.sign_in()
    yield opened
    opened.http.close()


def test_the_backend_without_self_service_answers_404_there_and_serves_the_data_api(
    guide_backend: RunningBackend,
) -> None:
    headers = {"Authorization": f"Bearer {guide_backend.issue_token()}"}
    gone = requests.get(f"{guide_backend.url}/self-service/v1/account", headers=headers, timeout=10)
    assert gone.status_code == 404
    me = requests.get(
        f"{guide_backend.url}/api/v4/users/who_am_i.json", headers=headers, timeout=10
    )
    assert me.status_code == 200 and me.json()["data"]["id"]


def test_the_account_page_shows_who_is_signed_in_and_offers_the_service_settings(
    qtbot: QtBot, session: Session, guide_backend: RunningBackend
) -> None:
    assert session.mode is Mode.EXPORT_AND_GUIDE
    assert session.selfservice is None
    page = AccountPage(session, None)
    qtbot.addWidget(page)
    page.show()
    assert page.state is PageState.GUIDE
    assert page.body.currentWidget() is page.guide
    identity = session.identity
    assert identity is not None and identity.name
    # the data API's who_am_i answers: name and email
    qtbot.waitUntil(page.refresh_button.isEnabled, timeout=TIMEOUT_MS)
    assert page.guide_user.text() == f"{identity.name} ({identity.email})"
    # The data API has no firm record: the page says it does not know rather than guess.
    assert page.guide_firm.text() == (session.firm_name or "Not known")
    assert page.settings_button.isVisible() and page.settings_button.isEnabled()
    assert page.settings_url == guide_backend.url.rstrip("/") + "/settings"
    assert page.close_button.isEnabled()  # the walkthrough guides to the service's page
    assert not page.notice.isVisible()


def test_the_walkthrough_ends_with_the_service_closing_the_account(
    qtbot: QtBot, session: Session
) -> None:
    wizard = shown_wizard(qtbot, session)
    qtbot.waitUntil(lambda: all(item.loaded for item in wizard.checklist.items), timeout=TIMEOUT_MS)
    assert wizard.assisted
    wizard.next()
    for item in wizard.checklist.items:
        if not item.satisfied:
            item.acknowledge.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PageId.ACCESS
    wizard.next()
    assert wizard.currentId() == PageId.REASON
    wizard.next()
    assert wizard.currentId() == PageId.ASSISTED
    page = wizard.assisted_page
    assert "does not let Account Desk close" in page.why.text()
    assert "Close Account" in page.steps.text()
    assert page.support.contact is not None
    buttons = (page.settings_button, page.support.call_button, page.support.copy_button)
    for button in (*buttons, page.support.web_button):
        assert button.isVisible() and button.isEnabled(), button.text()
    today = wizard.now().astimezone(UTC).date()
    assert page.closed_on.maximumDate().toPython() == today  # never a future day
    assert not page.isComplete()  # the day counts only once the service has closed it
    page.closed_check.setChecked(True)
    assert page.isComplete()
    wizard.next()
    assert wizard.currentId() == PageId.DONE
