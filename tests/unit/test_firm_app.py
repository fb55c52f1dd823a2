"""The firm's own developer application: the service's checks of key, secret and redirect
address against the reference backend in clio style, the reserved redirect ports, where the key
and the secret are kept, and tokens refreshed ahead of expiry."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app import config
from app.errors import SignInFailed
from app.net.http import HttpSession
from app.net.servers import local_server
from app.signin.credentials import CredentialStore, TokenSet, application_entry_name
from app.signin.firm_app import (
    APPLICATION_REFUSED,
    APPLICATIONS_FILE,
    PORT_BUSY,
    REDIRECT_NOT_REGISTERED,
    REDIRECT_PORTS,
    FirmApplication,
    check_application,
    choose_redirect_port,
    developer_applications_url,
    load_application,
    redirect_uri_for,
    save_application,
)
from app.signin.oauth import LoopbackListener
from tests.support.backend import RunningBackend
from tests.support.keyring_memory import MemoryKeyring

CLIENT_ID, SECRET = "firm-desk", "s3cret-of-the-firm-0001"
REGISTERED = redirect_uri_for(REDIRECT_PORTS[0])


@pytest.fixture
def clio(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory(
        "--seed", "demo", "--style", "clio",
        "--register-client", f"{CLIENT_ID}:{SECRET}:{REGISTERED}",
    )  # fmt: skip


@pytest.fixture
def http(clio: RunningBackend) -> Iterator[HttpSession]:
    session = HttpSession(clio.url)
    yield session
    session.close()


def test_a_registered_key_secret_and_redirect_pass_the_check(
    clio: RunningBackend, http: HttpSession
) -> None:
    check_application(local_server(clio.url), http, CLIENT_ID, SECRET, REGISTERED)


@pytest.mark.parametrize(
    ("client_id", "secret"), [(CLIENT_ID, "not-the-secret-at-all"), ("someone-else", SECRET)]
)
def test_a_refused_key_or_secret_is_named_as_such(
    clio: RunningBackend, http: HttpSession, client_id: str, secret: str
) -> None:
    with pytest.raises(SignInFailed) as refused:
        check_application(local_server(clio.url), http, client_id, secret, REGISTERED)
    assert refused.value.code == APPLICATION_REFUSED


def test_an_unregistered_redirect_is_named_as_such(clio: RunningBackend, http: HttpSession) -> None:
    other = redirect_uri_for(REDIRECT_PORTS[1])
    with pytest.raises(SignInFailed) as refused:
        check_application(local_server(clio.url), http, CLIENT_ID, SECRET, other)
    assert refused.value.code == REDIRECT_NOT_REGISTERED
    assert refused.value.params["redirect"] == other


def test_the_developer_applications_page_is_on_the_region_host() -> None:
    from app.net.servers import Region, preset

    assert (
        developer_applications_url(preset(Region.CA))
        == "https://ca.app.clio.com/settings/developer_applications"
    )


def _hold(port: int) -> socket.socket | None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as a listener would
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        return None  # someone else holds it already: just as busy
    sock.listen(1)
    return sock


def test_a_busy_port_gives_way_to_the_next_reserved_one() -> None:
    first = choose_redirect_port()
    held = _hold(first)
    try:
        chosen = choose_redirect_port(preferred=first)
        assert chosen != first
        assert chosen in REDIRECT_PORTS
    finally:
        if held is not None:
            held.close()


def test_every_reserved_port_busy_is_said_plainly() -> None:
    held = [s for s in (_hold(p) for p in REDIRECT_PORTS) if s is not None]
    try:
        with pytest.raises(SignInFailed) as busy:
            choose_redirect_port()
        assert busy.value.code == PORT_BUSY
    finally:
        for sock in held:
            sock.close()


def test_the_listener_on_a_busy_port_says_which_port() -> None:
    port = choose_redirect_port()
    held = _hold(port)
    try:
        with pytest.raises(SignInFailed) as busy:
            LoopbackListener("state-1", port)
        assert busy.value.code == PORT_BUSY
        assert busy.value.params["port"] == str(port)
    finally:
        if held is not None:
            held.close()


def test_the_key_is_in_the_settings_folder_and_the_secret_only_in_the_keyring() -> None:
    keyring = MemoryKeyring()
    store = CredentialStore(keyring)
    origin = "https://ca.app.clio.com"
    save_application(FirmApplication(origin, CLIENT_ID, REDIRECT_PORTS[2]))
    store.save_application_secret(origin, SECRET)

    assert load_application(origin) == FirmApplication(origin, CLIENT_ID, REDIRECT_PORTS[2])
    saved = (config.paths().config_dir / APPLICATIONS_FILE).read_text(encoding="utf-8")
    assert json.loads(saved)[origin]["client_id"] == CLIENT_ID
    assert SECRET not in saved
    assert keyring.get_password("account-desk", application_entry_name(origin)) == SECRET
    assert CredentialStore(keyring).load_application_secret(origin) == SECRET
    store.delete_application_secret(origin)
    assert CredentialStore(keyring).load_application_secret(origin) is None


@pytest.mark.parametrize(
    ("lifetime", "left", "due"),
    [
        (3600, 61, False),
        (3600, 59, True),
        (20, 2.5, False),  # a short token: a tenth of its lifetime
        (20, 1.5, True),
    ],
)
def test_tokens_are_due_for_refresh_ahead_of_expiry(lifetime: int, left: float, due: bool) -> None:
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    issued = now - timedelta(seconds=lifetime - left)
    tokens = TokenSet.from_oauth(
        {"access_token": "a" * 20, "refresh_token": "r" * 20, "expires_in": lifetime}, issued
    )
    assert tokens.refresh_due(now) is due
    assert TokenSet.from_secret(tokens.to_secret()) == tokens
