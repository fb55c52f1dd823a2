"""The Account and Payment Info screen end to end against the reference backend playing the
real service (`--style clio`): signed in through the service's OAuth with the firm's own
registered client and secret, the screen's facts are compared with the server's own data
(users, account owner, bank balances), and the billing facts entered with the keyboard give
the same "If you close today" as the self-service figures a default-style backend states for
the same plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.account.selfservice import SelfServiceClient
from app.net.http import HttpSession
from app.net.servers import Server, local_server
from app.signin.oauth import Identity
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from ui.account.page import AccountPage, PageState
from ui.common.formats import format_money

CLIENT_ID, SECRET = "firm-desk", "s3cret-of-the-firm"
REDIRECT = "http://127.0.0.1:53682/callback"
MARGARET, DANIEL = 1, 2
WAIT_MS = 30_000
TIMEOUT = 10


# The figures are written as a person in the United States reads them.
pytestmark = pytest.mark.usefixtures("us_english")


@dataclass
class Source:
    server: Server
    http: HttpSession
    identity: Identity | None
    selfservice: SelfServiceClient | None = None
    firm_name: str | None = None


def clio_token(backend: RunningBackend, user_id: int) -> str:
    """Signed in through the service's own consent page as the firm's registered client."""
    from server.firm import SEED_USERS

    user = next(u for u in SEED_USERS if u.id == user_id)
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "state": "st-1",
    }
    page = requests.get(
        backend.url + "/oauth/authorize", params=params, allow_redirects=False, timeout=TIMEOUT
    )
    assert page.status_code == 200, page.text
    reader = ob._FormReader()
    reader.feed(page.text)
    form = {**reader.hidden, "user_id": str(user.id), "password": user.password}
    back = requests.post(
        backend.url + "/oauth/authorize",
        data={**form, "action": "approve"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert back.status_code == 302, back.text
    code = parse_qs(urlsplit(back.headers["Location"]).query)["code"][0]
    answer = requests.post(
        backend.url + "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
        },
        timeout=TIMEOUT,
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


@pytest.fixture
def clio(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory(
        "--seed",
        "demo",
        "--style",
        "clio",
        "--register-client",
        f"{CLIENT_ID}:{SECRET}:{REDIRECT}",
    )


@pytest.fixture
def pages(qtbot: Any) -> Iterator[Callable[[RunningBackend, str, bool], AccountPage]]:
    sessions: list[HttpSession] = []

    def open_page(backend: RunningBackend, token: str, self_service: bool) -> AccountPage:
        http = HttpSession(backend.url)
        sessions.append(http)
        http.set_token(token)
        me = http.get_json("/api/v4/users/who_am_i.json", {"fields": "id,name,email"})["data"]
        identity = Identity(key=me["email"], user_id=me["id"], name=me["name"], email=me["email"])
        server = local_server(backend.url)
        client = SelfServiceClient(http, server.self_service_base) if self_service else None
        page = AccountPage(Source(server, http, identity, client), None)
        qtbot.addWidget(page)
        page.resize(1000, 900)
        page.show()
        if self_service:
            qtbot.waitUntil(lambda: page.state is PageState.LIVE, timeout=WAIT_MS)
        else:
            qtbot.waitUntil(lambda: page.guide.facts is not None, timeout=WAIT_MS)
        return page

    yield open_page
    for http in sessions:
        http.close()


def shown(page: AccountPage, name: str) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel, name)]


def server_records(backend: RunningBackend, token: str, kind: str, fields: str) -> list[Any]:
    answer = requests.get(
        f"{backend.url}/api/v4/{kind}.json",
        params={"fields": fields},
        headers=ob.bearer(token),
        timeout=TIMEOUT,
    )
    answer.raise_for_status()
    records: list[Any] = answer.json()["data"]
    return records


@pytest.mark.slow
def test_the_screens_facts_are_the_servers(
    clio: RunningBackend, pages: Callable[[RunningBackend, str, bool], AccountPage]
) -> None:
    token = clio_token(clio, MARGARET)
    page = pages(clio, token, False)
    assert page.state is PageState.GUIDE

    users = server_records(clio, token, "users", "id,name,email,enabled,account_owner")
    enabled = [u for u in users if u["enabled"]]
    owner = next(u for u in users if u["account_owner"])
    assert shown(page, "usersFact")[0].startswith(f"{len(enabled)} enabled users")
    assert shown(page, "ownerFact") == [f"{owner['name']} (you)"]
    assert shown(page, "canCloseFact") == ["Yes: you are the account owner."]
    assert page.close_button.isEnabled()

    accounts = server_records(
        clio, token, "bank_accounts", "id,name,type,balance,currency,clio_payments_enabled"
    )
    for kind, name in (("Trust", "trustBalance"), ("Operating", "operatingBalance")):
        from decimal import Decimal

        expected = [
            format_money(Decimal(str(a["balance"])), a["currency"])
            + (", takes online payments" if a["clio_payments_enabled"] else "")
            for a in accounts
            if a["type"] == kind
        ]
        assert expected and shown(page, name) == expected

    # Someone else signed in through the same client: told who can close, and cannot.
    other = pages(clio, clio_token(clio, DANIEL), False)
    assert shown(other, "ownerFact") == [f"{owner['name']} ({owner['email']})"]
    assert not other.close_button.isEnabled()
    assert owner["name"] in other.close_reason.text()


@pytest.mark.slow
def test_entered_billing_facts_close_today_like_the_self_service_figures(
    qtbot: Any,
    clio: RunningBackend,
    backend_factory: Callable[..., RunningBackend],
    pages: Callable[[RunningBackend, str, bool], AccountPage],
) -> None:
    default = backend_factory("--seed", "demo")
    stated = pages(default, ob.token_for(default.url, MARGARET), True)
    assert stated.snapshot is not None
    account = stated.snapshot.account
    theirs = stated.closing.text().split("\n")

    page = pages(clio, clio_token(clio, MARGARET), False)
    view = page.guide.billing_view
    qtbot.keyClicks(view.plan_edit, account.plan.name)
    qtbot.keyClicks(view.price_edit, str(account.plan.rate_per_user_per_month))
    for spin, number in (
        (view.users_spin, account.plan.seats),
        (view.day_spin, account.billing_day),
    ):
        spin.setFocus()
        qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(spin, str(number))
    view.price_edit.setFocus()
    qtbot.keyClick(view.price_edit, Qt.Key.Key_Return)
    assert shown(page, "enteredStamp")[0].startswith("Entered by you on ")
    ours = view.closing.text().split("\n")

    # What was paid: the service's recorded charge, against the plan's price entered.
    period = theirs[0].split(" for the period ")[1]
    assert theirs[0].startswith("The firm paid $534.00 on ")
    assert ours[0] == f"Your plan charges $534.00 for the period {period}"
    # Everything else word for word: the unused days and their worth, nothing refunded,
    # nothing more charged; the entered figures say where they come from.
    assert ours[1:-1] == theirs[1:]
    assert ours[-1] == (
        "These figures come from the billing facts you entered, not from the service."
    )
