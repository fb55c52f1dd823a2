"""Signing in against the real reference backend: PKCE in a (played) browser, the loopback
redirect, refresh with rotation, sign-out, discovery; the faulty server for what it cannot do."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from app import logs
from app.errors import AuthenticationRequired, Cancelled, SignInFailed, TimedOut
from app.net.http import HttpSession
from app.net.servers import local_server
from app.signin.credentials import SERVICE, CredentialStore, TokenSet, entry_name
from app.signin.demo_login import demo_secret_headers
from app.signin.oauth import Authenticator, Mode, OAuthClient, OAuthSettings, Pkce, s256
from tests.support.backend import RunningBackend
from tests.support.faulty_server import FaultyServer, Json, Status
from tests.support.keyring_memory import MemoryKeyring

ADMIN = "daniel.okafor@harborfinch.example"
PRIMARY = "margaret.harbor@harborfinch.example"


class Browser:
    """Plays the system browser: follows the sign-in to the app's loopback listener."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.codes: list[str] = []

    def follow(self, url: str) -> None:
        # Step by step so the test sees the code on its way to the listener.
        for _ in range(5):
            answer = requests.get(
                url, headers=demo_secret_headers(url), allow_redirects=False, timeout=30
            )
            if answer.status_code in (302, 303) and "Location" in answer.headers:
                url = urljoin(url, answer.headers["Location"])
                self.codes.extend(parse_qs(urlsplit(url).query).get("code", []))
                continue
            self.pages.append(answer.text)
            return

    def __call__(self, url: str) -> bool:
        self.follow(url)
        return True


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.action = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.action = values.get("action") or ""
        if tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.fields[values["name"] or ""] = values.get("value") or ""


class FormBrowser(Browser):
    """Fills in the sign-in form like a person would (user picked, password typed)."""

    def __init__(self, user_id: int, password: str, action: str = "approve") -> None:
        super().__init__()
        self.user_id, self.password, self.action = user_id, password, action

    def __call__(self, url: str) -> bool:
        page = requests.get(url, timeout=30)
        form = _Form()
        form.feed(page.text)
        fields = {
            **form.fields,
            "user_id": str(self.user_id),
            "password": self.password,
            "action": self.action,
        }
        target = urljoin(url, form.action or urlsplit(url).path)
        answer = requests.post(target, data=fields, allow_redirects=False, timeout=30)
        assert answer.status_code == 302, answer.text
        self.follow(urljoin(target, answer.headers["Location"]))
        return True


def signed_out(backend: RunningBackend, browser: Callable[[str], object]) -> Authenticator:
    server = local_server(backend.url)
    http = HttpSession(server.origin)
    return Authenticator(
        server, http, CredentialStore(), OAuthClient(server, http, open_browser=browser)
    )


def stored(memory: MemoryKeyring, backend: RunningBackend, user: str) -> dict[str, object]:
    secret = memory.secrets[(SERVICE, entry_name(local_server(backend.url).origin, user))]
    return json.loads(secret)


def test_pkce_challenge_is_s256_of_the_verifier() -> None:
    pkce = Pkce.new()
    assert 43 <= len(pkce.verifier) <= 128
    assert pkce.challenge == s256(pkce.verifier)
    # RFC 7636 appendix B
    assert s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == (
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )
    assert pkce.verifier not in repr(pkce)


def test_sign_in_with_the_browser_stores_tokens_in_the_keyring(
    demo_backend: RunningBackend, isolated_user_state: MemoryKeyring
) -> None:
    browser = Browser()
    auth = signed_out(demo_backend, browser)

    identity = auth.sign_in(login_hint=ADMIN, timeout=30)

    assert identity.key == ADMIN
    assert auth.signed_in
    assert "You can return to Account Desk" in browser.pages[-1]
    saved = stored(isolated_user_state, demo_backend, ADMIN)
    assert saved["access_token"] and saved["refresh_token"] and saved["expires_at"]
    # The session now reads the self-service API with that token.
    account = auth.http.get_json("/self-service/v1/account")
    assert account["firm"]["name"] == "Harbor & Finch LLP"
    assert auth.discover() is Mode.SELF_SERVICE


def test_sign_in_through_the_form(demo_backend: RunningBackend) -> None:
    browser = FormBrowser(user_id=1, password="harbor-demo")
    auth = signed_out(demo_backend, browser)
    auth.sign_in(timeout=30)
    account = auth.http.get_json("/self-service/v1/account")
    assert account["primary_subscriber"]["id"] == 1


def test_refusing_in_the_browser_is_a_readable_failure(demo_backend: RunningBackend) -> None:
    auth = signed_out(demo_backend, FormBrowser(user_id=1, password="x", action="deny"))
    with pytest.raises(SignInFailed) as caught:
        auth.sign_in(timeout=30)
    assert "cancelled" in str(caught.value)
    assert not auth.signed_in


def test_a_redirect_with_the_wrong_state_is_ignored(demo_backend: RunningBackend) -> None:
    seen: list[int] = []

    def browser(url: str) -> None:
        redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        forged = requests.get(redirect_uri + "?code=forged&state=wrong", timeout=10)
        seen.append(forged.status_code)
        Browser()(url)

    auth = signed_out(demo_backend, browser)
    auth.sign_in(login_hint=ADMIN, timeout=30)
    assert seen == [400]
    assert auth.signed_in


def test_cancel_and_timeout_while_waiting_for_the_browser(demo_backend: RunningBackend) -> None:
    cancel = threading.Event()
    auth = signed_out(demo_backend, lambda url: cancel.set())
    with pytest.raises(Cancelled):
        auth.sign_in(timeout=30, cancel=cancel)

    auth = signed_out(demo_backend, lambda url: None)
    with pytest.raises(TimedOut) as caught:
        auth.sign_in(timeout=0.3)
    assert "not finished in time" in str(caught.value)


@pytest.mark.slow
def test_expired_token_refreshes_once_for_parallel_workers_and_rotates(
    backend_factory: Callable[..., RunningBackend], isolated_user_state: MemoryKeyring
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--token-lifetime", "600")
    log_file = logs.setup_logging(logging.DEBUG)
    try:
        browser = Browser()
        auth = signed_out(backend, browser)
        auth.sign_in(login_hint=PRIMARY, timeout=30)
        before = stored(isolated_user_state, backend, PRIMARY)

        # Move the server clock past the access token's lifetime, then read from 8 workers:
        # each gets 401, one refresh serves them all (a second would fail: rotation).
        auth.http.post_json("/self-service/v1/demo/clock", {"advance_seconds": 700})
        results: list[object] = []
        gate = threading.Barrier(8)

        def worker() -> None:
            gate.wait(timeout=10)
            results.append(auth.http.get_json("/self-service/v1/account")["firm"]["id"])

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert results == [1] * 8

        after = stored(isolated_user_state, backend, PRIMARY)
        assert after["access_token"] != before["access_token"]
        assert after["refresh_token"] != before["refresh_token"]
        with pytest.raises(AuthenticationRequired):
            auth.oauth.refresh(str(before["refresh_token"]))  # rotated: used up
        auth.sign_out()
    finally:
        logs.shutdown_logging()

    text = log_file.read_text(encoding="utf-8")
    assert "refreshed" in text  # the log did record the events...
    secrets = [before["access_token"], before["refresh_token"], after["access_token"]]
    secrets += [after["refresh_token"], *browser.codes]
    assert browser.codes
    for secret in secrets:  # ...but none of the secrets
        assert str(secret) not in text


def test_sign_out_revokes_on_the_server_and_forgets_the_tokens(
    demo_backend: RunningBackend, isolated_user_state: MemoryKeyring
) -> None:
    auth = signed_out(demo_backend, Browser())
    auth.sign_in(login_hint=ADMIN, timeout=30)
    token = stored(isolated_user_state, demo_backend, ADMIN)["access_token"]

    auth.sign_out()

    assert not auth.signed_in
    assert isolated_user_state.secrets == {}
    other = HttpSession(demo_backend.url)
    other.set_token(str(token))
    with pytest.raises(AuthenticationRequired):
        other.get_json("/self-service/v1/account")


def test_restore_uses_saved_tokens_without_a_browser(demo_backend: RunningBackend) -> None:
    first = signed_out(demo_backend, Browser())
    first.sign_in(login_hint=ADMIN, timeout=30)

    def no_browser(url: str) -> None:
        raise AssertionError("no browser needed")

    again = signed_out(demo_backend, no_browser)
    again.credentials = first.credentials  # same keyring, new app run
    assert again.restore(ADMIN)
    assert again.http.get_json("/self-service/v1/account")["firm"]["id"] == 1
    nobody = signed_out(demo_backend, no_browser)
    nobody.credentials = first.credentials
    assert not nobody.restore("nobody@example.com")
    assert not nobody.signed_in


def test_a_server_without_self_service_means_export_and_guide(
    faulty_server: FaultyServer,
) -> None:
    faulty_server.route("/self-service/v1/account", Status(404, "NotFound"))
    server = local_server(faulty_server.url)
    http = HttpSession(server.origin)
    auth = Authenticator(server, http, CredentialStore(), OAuthClient(server, http))
    assert auth.discover() is Mode.EXPORT_AND_GUIDE
    faulty_server.route("/self-service/v1/account", Status(403, "forbidden"))
    assert auth.discover() is Mode.SELF_SERVICE


def test_a_configured_client_secret_is_sent_with_token_requests(
    faulty_server: FaultyServer,
) -> None:
    faulty_server.route(
        "/oauth/token",
        Json({"access_token": "a" * 20, "refresh_token": "r" * 20, "expires_in": 60}),
    )
    server = local_server(faulty_server.url)
    http = HttpSession(server.origin)
    client = OAuthClient(server, http, OAuthSettings(client_secret="s3cret-value"))
    tokens = client.refresh("old-refresh-token")

    assert tokens.access_token == "a" * 20
    (sent,) = faulty_server.requests
    form = parse_qs(sent.body.decode())
    assert form == {
        "client_id": ["account-desk"],
        "client_secret": ["s3cret-value"],
        "grant_type": ["refresh_token"],
        "refresh_token": ["old-refresh-token"],
    }
    assert sent.header("Authorization") is None
    assert "s3cret-value" not in repr(client.settings)


def test_sign_out_while_offline_still_forgets_the_tokens(
    faulty_server: FaultyServer, isolated_user_state: MemoryKeyring
) -> None:
    faulty_server.route("/oauth/deauthorize", Status(503))
    server = local_server(faulty_server.url)
    http = HttpSession(server.origin)
    credentials = CredentialStore()
    credentials.save(server.origin, ADMIN, TokenSet("access-xyz-123", "refresh-xyz-123"))
    auth = Authenticator(server, http, credentials, OAuthClient(server, http))
    assert auth.restore(ADMIN)

    auth.sign_out()

    assert not auth.signed_in and not http.has_token
    assert isolated_user_state.secrets == {}
    (sent,) = faulty_server.requests_to("/oauth/deauthorize")
    assert sent.header("Authorization") == "Bearer access-xyz-123"
