"""The Account and Payment Info screen against the real reference backend, as each person of
the demo firm sees it: the Primary Subscriber can start closing; an administrator or attorney
is told who can and gets the support line; a contract account sends even the Primary
Subscriber to support; the screen opens offline from the saved copy, marked "as of"; the
support line dials with a tel: link and copies the number; without a self-service API the
screen points to the service's own settings page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from app.account.selfservice import SelfServiceClient
from app.net.http import HttpSession, RetryPolicy, Timeouts
from app.net.servers import Server, local_server
from app.signin.oauth import Identity
from app.state_cache import StateCache
from tests.support.backend import RunningBackend
from ui.account.page import AccountPage, PageState
from ui.account.saved_copy import fetch_snapshot, snapshot_from_json, snapshot_to_json
from ui.common.formats import format_date, format_money

WAIT_MS = 20_000
# Fail fast once a backend is stopped: the page, not the session's retry schedule, is tested.
QUICK = RetryPolicy(max_attempts=2, backoff_base=0.05, backoff_max=0.1)


# The figures are written as a person in the United States reads them.
pytestmark = pytest.mark.usefixtures("us_english")


@dataclass
class Source:
    """What the page reads from the signed-in session (app.session.Session has these too)."""

    server: Server
    http: HttpSession
    identity: Identity | None
    selfservice: SelfServiceClient | None
    firm_name: str | None = None
    sessions: list[HttpSession] = field(default_factory=list)


def signed_in(backend: RunningBackend, role: str, *, self_service: bool = True) -> Source:
    http = HttpSession(backend.url, retry=QUICK, timeouts=Timeouts(connect=2, read=20))
    http.set_token(backend.issue_token(role))
    me = http.get_json("/api/v4/users/who_am_i.json", {"fields": "id,name,email"})["data"]
    identity = Identity(key=me["email"], user_id=me["id"], name=me["name"], email=me["email"])
    server = local_server(backend.url)
    client = SelfServiceClient(http, server.self_service_base) if self_service else None
    return Source(server, http, identity, client)


@pytest.fixture
def sources() -> Iterator[list[Source]]:
    made: list[Source] = []
    yield made
    for source in made:
        source.http.close()


def open_page(qtbot: Any, source: Source, cache: Any = None) -> AccountPage:
    page = AccountPage(source, cache)
    qtbot.addWidget(page)
    page.resize(900, 900)
    page.show()
    return page


def wait_loaded(qtbot: Any, page: AccountPage, state: PageState = PageState.LIVE) -> None:
    qtbot.waitUntil(lambda: page.state is state, timeout=WAIT_MS)


def cache_for(source: Source) -> StateCache:
    assert source.identity is not None
    return StateCache(source.server.origin, source.identity.key)


def value(page: AccountPage, name: str) -> str:
    from PySide6.QtWidgets import QLabel

    label = page.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


# --- roles ---------------------------------------------------------------------------------


def test_the_primary_subscriber_sees_the_facts_and_can_start_closing(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source]
) -> None:
    source = signed_in(demo_backend, "primary_subscriber")
    sources.append(source)
    page = open_page(qtbot, source, cache_for(source))
    wait_loaded(qtbot, page)

    assert page.is_primary
    assert page.close_button.isEnabled()
    assert page.close_reason.isHidden()
    # The support line is on this screen for the Primary Subscriber too, as Help says.
    assert page.support_panel.isVisible()
    assert "+1-888-858-2546" in page.support_panel.phone_label.text()
    assert value(page, "firmValue") == "Harbor & Finch LLP"
    assert value(page, "planValue") == "Boutique"
    assert value(page, "usersValue") == "6"
    assert "$89.00 per user per month" in value(page, "priceValue")
    assert value(page, "cycleValue").startswith("Monthly")
    assert value(page, "nextChargeValue").startswith("$534.00 on ")
    assert value(page, "lastChargeValue").startswith("$534.00 on ")
    assert value(page, "paymentsValue") == "On"
    assert value(page, "escrowValue").startswith("On")
    assert value(page, "primaryValue") == "Margaret Harbor (you)"
    assert page.findChild(type(page.as_of_label), "discountValue") is None  # monthly plan
    assert page.as_of_label.text().startswith("As of ")

    closing = page.closing.text()
    assert "The firm paid $534.00" in closing
    assert "None of it is refunded." in closing
    assert "Nothing more will be charged" in closing
    payments = page.payments.text()
    assert "2 card authorisations pending, $1,250.00 in all" in payments
    assert "wait until they settle" in payments
    assert "3 active payment links. Closing disables them" in payments
    assert "1 active payment plan. Closing stops them" in payments
    assert "Closing disconnects it." in payments
    trust = page.trust.text()
    assert "$247,025.00" in trust
    assert "31 clients have money in trust." in trust
    assert "export them and keep them" in trust

    with qtbot.waitSignal(page.close_account_requested, timeout=1000):
        qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("role", ["administrator", "attorney"])
def test_anyone_else_is_told_who_can_close_and_given_the_support_line(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source], role: str
) -> None:
    source = signed_in(demo_backend, role)
    sources.append(source)
    page = open_page(qtbot, source, cache_for(source))
    wait_loaded(qtbot, page)

    assert not page.is_primary
    assert not page.close_button.isEnabled()
    assert page.close_reason.isVisible()
    assert page.close_reason.text() == (
        "Only the Primary Subscriber, Margaret Harbor, can close this account."
    )
    assert page.close_button.accessibleDescription() == page.close_reason.text()
    panel = page.support_panel
    assert panel.isVisible()
    assert panel.phone_label.text() == "+1-888-858-2546, option 2"
    assert "Monday to Friday, 8 a.m. to 8 p.m. Eastern" in panel.hours_label.text()
    assert panel.call_button.isEnabled() and panel.copy_button.isEnabled()
    assert value(page, "primaryValue").startswith("Margaret Harbor (")

    with qtbot.assertNotEmitted(page.close_account_requested):
        qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)


@pytest.mark.slow
def test_a_contract_account_sends_even_the_primary_subscriber_to_support(
    qtbot: Any, backend_factory: Any, sources: list[Source]
) -> None:
    backend = backend_factory("--seed", "demo", "--contract-account")
    source = signed_in(backend, "primary_subscriber")
    sources.append(source)
    page = open_page(qtbot, source, cache_for(source))
    wait_loaded(qtbot, page)

    assert page.is_primary
    assert not page.close_button.isEnabled()
    assert page.close_reason.text() == "This account cannot be closed in Account Desk."
    assert page.support_panel.isVisible()
    assert "contract" in page.support_panel.reason_label.text()
    assert page.support_panel.phone_label.text().startswith("+1-888-858-2546")


# --- offline ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_screen_opens_offline_from_the_saved_copy_marked_as_of(
    qtbot: Any, backend_factory: Any, sources: list[Source]
) -> None:
    backend = backend_factory("--seed", "demo")
    source = signed_in(backend, "attorney")
    sources.append(source)
    first = open_page(qtbot, source, cache_for(source))
    wait_loaded(qtbot, first)
    seen_at = first.snapshot.fetched_at if first.snapshot else None
    first.close()
    backend.stop()

    # A new start of the app: new page, new cache object over the same file; no server.
    page = open_page(qtbot, source, cache_for(source))
    # The saved copy is on screen at once, before the refresh has even failed.
    assert page.state is PageState.SAVED
    assert page.snapshot is not None and page.snapshot.fetched_at == seen_at
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=WAIT_MS)
    assert page.state is PageState.SAVED
    assert page.as_of_label.text().startswith("As of ")
    assert "saved copy, offline" in page.as_of_label.text()
    assert "may be out of date" in page.notice.text
    assert value(page, "firmValue") == "Harbor & Finch LLP"
    # The reason and the support line come from the saved copy too.
    assert "Margaret Harbor" in page.close_reason.text()
    assert page.support_panel.phone_label.text().startswith("+1-888-858-2546")


@pytest.mark.slow
def test_nothing_saved_and_no_server_says_so_and_offers_a_retry(
    qtbot: Any, backend_factory: Any, sources: list[Source]
) -> None:
    backend = backend_factory("--seed", "demo")
    source = signed_in(backend, "administrator")
    sources.append(source)
    backend.stop()
    page = open_page(qtbot, source, cache_for(source))
    wait_loaded(qtbot, page, PageState.FAILED)
    assert "could not load your account" in page.notice.text
    assert page.refresh_button.isEnabled()
    assert not page.close_button.isEnabled()


def test_f5_asks_the_server_again(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source]
) -> None:
    source = signed_in(demo_backend, "staff")
    sources.append(source)
    page = open_page(qtbot, source, cache_for(source))
    wait_loaded(qtbot, page)
    before = page.snapshot
    page.activateWindow()
    page.refresh_button.setFocus()
    qtbot.waitUntil(page.refresh_button.hasFocus, timeout=WAIT_MS)
    with qtbot.waitSignal(page.updated, timeout=WAIT_MS):
        qtbot.keyClick(page.refresh_button, Qt.Key.Key_F5)
    assert page.snapshot is not before
    assert page.state is PageState.LIVE


# --- the support line --------------------------------------------------------------------------


def test_call_opens_a_tel_link_and_copy_puts_the_number_on_the_clipboard(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source], monkeypatch: Any
) -> None:
    source = signed_in(demo_backend, "attorney")
    sources.append(source)
    page = open_page(qtbot, source)
    wait_loaded(qtbot, page)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)

    qtbot.mouseClick(page.support_panel.call_button, Qt.MouseButton.LeftButton)
    # The menu option travels with the number (RFC 3966 extension), and no call is claimed.
    assert [u.toString() for u in opened] == ["tel:+18888582546;ext=2"]
    status = page.support_panel.status_label.text()
    assert "Asked this computer's phone app to call +1-888-858-2546, option 2" in status
    assert "dial the number by hand" in status and "dialling" not in status

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(page.support_panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "+1-888-858-2546"
    assert "Copied +1-888-858-2546" in page.support_panel.status_label.text()


def test_without_a_phone_app_call_copies_the_number_instead(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source], monkeypatch: Any
) -> None:
    source = signed_in(demo_backend, "attorney")
    sources.append(source)
    page = open_page(qtbot, source)
    wait_loaded(qtbot, page)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    QGuiApplication.clipboard().clear()
    page.support_panel.call_button.click()
    assert QGuiApplication.clipboard().text() == "+1-888-858-2546"
    assert "No app on this computer makes phone calls" in page.support_panel.status_label.text()
    assert "+1-888-858-2546, option 2" in page.support_panel.status_label.text()


# --- plans, formats, saved copy ------------------------------------------------------------------


@pytest.mark.slow
def test_a_yearly_plan_shows_its_discount_and_refunds_no_part_of_the_year(
    qtbot: Any, backend_factory: Any, sources: list[Source]
) -> None:
    backend = backend_factory("--seed", "demo", "--billing-cycle", "yearly")
    source = signed_in(backend, "primary_subscriber")
    sources.append(source)
    page = open_page(qtbot, source)
    wait_loaded(qtbot, page)
    assert value(page, "cycleValue").startswith("Yearly")
    assert "$79.00 per user per month, billed yearly" in value(page, "priceValue")
    assert value(page, "discountValue") == (
        "$10.00 per user per month against monthly billing: $720.00 a year for 6 users"
    )
    closing = page.closing.text()
    assert "for the year" in closing
    assert "No part of the year is refunded." in closing
    assert "whole months" in closing


def test_the_saved_copy_reads_back_as_the_same_facts(demo_backend: RunningBackend) -> None:
    http = HttpSession(demo_backend.url)
    http.set_token(demo_backend.issue_token("administrator"))
    try:
        snapshot = fetch_snapshot(SelfServiceClient(http, demo_backend.url + "/self-service/v1/"))
    finally:
        http.close()
    again = snapshot_from_json(snapshot_to_json(snapshot))
    assert again == snapshot


def test_money_and_dates_follow_the_locale(qapp: Any) -> None:
    from datetime import date

    german = QLocale(QLocale.Language.German, QLocale.Country.Germany)
    us = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert format_money(Decimal("1250.00"), "USD", us) == "$1,250.00"
    assert format_money(Decimal("1250.00"), "USD", german) == "1.250,00\xa0$"
    assert format_money(Decimal("1250.00"), "EUR", german) == "1.250,00\xa0€"
    assert format_date(date(2026, 11, 18), us) == "November 18, 2026"
    assert format_date(date(2026, 11, 18), german) == "18. November 2026"


# --- without a self-service API ------------------------------------------------------------------


def test_without_self_service_the_screen_points_to_the_services_settings_page(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source], monkeypatch: Any
) -> None:
    source = signed_in(demo_backend, "attorney", self_service=False)
    source.firm_name = None
    sources.append(source)
    page = open_page(qtbot, source)
    assert page.state is PageState.GUIDE
    # The name from the sign-in at once, then the data API's answer with the e-mail address.
    qtbot.waitUntil(lambda: "@" in page.guide_user.text(), timeout=WAIT_MS)
    assert page.guide_user.text() == "Eleanor Finch (eleanor.finch@harborfinch.example)"
    assert "service's own settings page" in page.guide_text.text()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    assert [u.toString() for u in opened] == [demo_backend.url + "/settings"]


def test_close_account_says_so_when_nothing_starts_the_walkthrough(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source], monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    source = signed_in(demo_backend, "primary_subscriber")
    sources.append(source)
    page = open_page(qtbot, source)
    wait_loaded(qtbot, page)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert told and "Call support" in told[0]


def test_the_app_builds_the_page_from_its_session(
    qtbot: Any, demo_backend: RunningBackend, sources: list[Source]
) -> None:
    from ui.account.page import create_page
    from ui.common.page_context import PageContext, SessionHub

    source = signed_in(demo_backend, "administrator")
    sources.append(source)
    # What app.session.Session offers the pages (the page reads these).
    session = SimpleNamespace(
        server=source.server,
        http=source.http,
        identity=source.identity,
        selfservice=source.selfservice,
        firm_name="Harbor & Finch LLP",
        mode=None,
        cache=cache_for(source),
    )
    page = create_page(PageContext(session, SessionHub()))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    assert isinstance(page, AccountPage)
    assert page.source is session and page.cache is session.cache
    wait_loaded(qtbot, page)


def test_after_closing_payments_and_escrow_say_how_things_stand(
    qtbot: Any, backend_factory: Any, sources: list[Source]
) -> None:
    import requests

    from tests.support import oauth_browser as ob

    backend = backend_factory("--seed", "demo", "--demo-controls", "--now", "2026-11-24T15:30Z")
    token = ob.token_for(backend.url, 1)
    closed = requests.post(
        backend.url + "/self-service/v1/cancellation",
        json={"confirm_firm_name": "Harbor & Finch LLP"},
        headers={**ob.bearer(token), "Idempotency-Key": "close"},
        timeout=10,
    )
    assert closed.status_code == 200, closed.text
    source = signed_in(backend, "administrator")
    sources.append(source)
    page = open_page(qtbot, source)
    wait_loaded(qtbot, page)
    payments = page.payments.text()
    assert "Online payments ended with the closing" in payments
    assert "Closing changes nothing" not in payments
    assert value(page, "escrowValue") == "Kept until the end of May 24, 2027 (UTC)"

    moved = requests.post(
        backend.url + "/self-service/v1/demo/clock",
        json={"advance_days": 200},
        headers=ob.bearer(token),
        timeout=10,
    )
    assert moved.status_code == 200, moved.text
    # The first sign-in has expired by now, and who_am_i is gone with the content.
    http = HttpSession(backend.url, retry=QUICK, timeouts=Timeouts(connect=2, read=20))
    http.set_token(backend.issue_token("administrator"))
    later = Source(
        source.server,
        http,
        source.identity,
        SelfServiceClient(http, source.server.self_service_base),
    )
    sources.append(later)
    page = open_page(qtbot, later)
    wait_loaded(qtbot, page)
    assert value(page, "escrowValue") == "Ended on May 24, 2027: escrowed data is no longer kept"
