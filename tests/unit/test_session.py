"""The shared session against the real reference backend: demo sign-in through the real OAuth
flow, what is kept for offline use (and that no token ever is), the offline start from the last
known state, sign-out, the demo clock; and the small state cache on its own."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from app import config
from app.errors import ConnectionFailed, SignInFailed
from app.net.servers import local_server
from app.session import ConnectionStatus, Session
from app.signin.credentials import CredentialStore
from app.signin.demo_login import DEMO_USERS, FIRM_NAME, DemoBrowser, DemoRole, demo_user
from app.signin.oauth import Mode
from app.state_cache import ACCOUNT, StateCache
from tests.support.backend import RunningBackend
from tests.support.keyring_memory import MemoryKeyring

# --- the state cache -------------------------------------------------------------------------


def test_cache_gives_back_what_was_saved_with_when(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    cache = StateCache("https://app.clio.com", "a@firm.example", clock=lambda: moment)
    assert cache.load(ACCOUNT) is None
    cache.save(ACCOUNT, {"firm": {"name": "Harbor & Finch LLP"}, "seats": [1, 2]})
    assert cache.load(ACCOUNT) == (
        {"firm": {"name": "Harbor & Finch LLP"}, "seats": [1, 2]},
        moment,
    )
    # A new object (a later start) reads the same file.
    again = StateCache("https://app.clio.com", "a@firm.example")
    assert again.load(ACCOUNT) == (
        {"firm": {"name": "Harbor & Finch LLP"}, "seats": [1, 2]},
        moment,
    )
    assert again.keys() == [ACCOUNT]


def test_cache_is_per_server_and_user_and_names_no_one_in_its_file_name() -> None:
    StateCache("https://app.clio.com", "a@firm.example").save(ACCOUNT, {"n": 1})
    assert StateCache("https://eu.app.clio.com", "a@firm.example").load(ACCOUNT) is None
    assert StateCache("https://app.clio.com", "b@firm.example").load(ACCOUNT) is None
    path = StateCache("https://app.clio.com", "a@firm.example").path
    assert path.is_relative_to(config.paths().state_dir)
    assert "firm" not in path.name and "@" not in path.name


def test_cache_refuses_anything_that_looks_like_a_secret() -> None:
    cache = StateCache("https://app.clio.com", "a@firm.example")
    for bad in ({"access_token": "x"}, {"nested": [{"Refresh_Token": "x"}]}, {"password": 1}):
        with pytest.raises(ValueError, match="secret"):
            cache.save(ACCOUNT, bad)
    assert cache.load(ACCOUNT) is None
    # An ordinary field that merely mentions authorisations is fine (payments summary).
    cache.save("payments/summary", {"pending_authorizations": {"count": 2}})


def test_a_damaged_or_foreign_cache_file_reads_as_empty() -> None:
    cache = StateCache("https://app.clio.com", "a@firm.example")
    cache.save(ACCOUNT, {"n": 1})
    cache.path.write_text("{not json", encoding="utf-8")
    assert cache.load(ACCOUNT) is None
    other = StateCache("https://app.clio.com", "b@firm.example")
    other.path.parent.mkdir(parents=True, exist_ok=True)
    # Someone else's file copied over this one: not used.
    cache.path.write_text(
        json.dumps({"version": 1, "origin": "x", "user": "y", "entries": {ACCOUNT: {}}}),
        encoding="utf-8",
    )
    assert cache.load(ACCOUNT) is None
    cache.save(ACCOUNT, {"n": 2})
    assert cache.load(ACCOUNT) is not None


def test_cache_writes_leave_no_temporary_files_behind() -> None:
    cache = StateCache("https://app.clio.com", "a@firm.example")
    for n in range(5):
        cache.save(ACCOUNT, {"n": n})
    assert [p.name for p in cache.path.parent.iterdir()] == [cache.path.name]


# --- the demo people ---------------------------------------------------------------------------


def test_the_demo_people_are_the_reference_backends_seeded_users() -> None:
    from server.firm import FIRM_NAME as SERVER_FIRM
    from server.firm import SEED_USERS

    assert FIRM_NAME == SERVER_FIRM
    assert [(u.user_id, u.name, u.email, u.role.value) for u in DEMO_USERS] == [
        (u.id, u.name, u.email, u.role.value) for u in SEED_USERS
    ]
    assert demo_user().name == "Margaret Harbor"
    assert demo_user(DemoRole.ATTORNEY).name == "Eleanor Finch"


# --- signing in --------------------------------------------------------------------------------


def _demo_session(backend: RunningBackend) -> Session:
    return Session.create(local_server(backend.url), demo=True)


def test_demo_sign_in_goes_through_oauth_and_loads_the_firm(
    demo_backend: RunningBackend, isolated_user_state: MemoryKeyring
) -> None:
    session = _demo_session(demo_backend)
    session.sign_in(login_hint=demo_user().email)
    try:
        assert session.identity is not None
        assert session.identity.name == "Margaret Harbor"
        assert session.identity.user_id == 1
        assert session.mode is Mode.SELF_SERVICE
        assert session.selfservice is not None
        assert session.firm_name == "Harbor & Finch LLP"
        assert session.status is ConnectionStatus.ONLINE
        assert session.last_refresh is not None
        # Demo tokens stay in memory: nothing in the (test's) OS keyring, nothing to notice.
        assert isolated_user_state.secrets == {}
        assert session.keyring_notice is None
        # Demo sign-ins do not become the saved server for normal starts.
        assert config.load_settings().last_server is None
    finally:
        session.sign_out()
        session.close()


def test_what_is_kept_for_offline_use_holds_no_token(demo_backend: RunningBackend) -> None:
    session = _demo_session(demo_backend)
    session.sign_in(login_hint=demo_user(DemoRole.ADMINISTRATOR).email)
    try:
        assert session.selfservice is not None
        session.selfservice.payments_summary()
        assert session.cache is not None
        text = session.cache.path.read_text(encoding="utf-8")
        entries = json.loads(text)["entries"]
        assert {"account", "payments/summary", "identity", "mode"} <= set(entries)
        assert entries["identity"]["data"]["name"] == "Daniel Okafor"
        tokens = session.auth.credentials.load(session.server.origin, session.identity.key)  # type: ignore[union-attr]
        assert tokens is not None
        assert tokens.access_token not in text
        assert tokens.refresh_token is not None and tokens.refresh_token not in text
        assert "token" not in text.lower()
    finally:
        session.sign_out()
        session.close()


def test_demo_browser_refuses_when_the_service_asks_for_a_real_sign_in(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo")  # no --demo-controls: the hint is ignored
    session = Session.create(local_server(backend.url), open_browser=DemoBrowser(timeout=10))
    try:
        with pytest.raises(SignInFailed):
            session.sign_in(login_hint=demo_user().email)
        assert not session.signed_in
    finally:
        session.close()


# --- restore, offline, sign-out ------------------------------------------------------------------


def _form_browser(backend: RunningBackend, user_id: int) -> Callable[[str], bool]:
    """Plays the system browser: fill in the backend's sign-in form, follow the redirect."""
    from urllib.parse import parse_qsl, urlsplit

    from server.firm import SEED_USERS
    from tests.support.oauth_browser import open_sign_in_page, submit_sign_in

    password = next(u.password for u in SEED_USERS if u.id == user_id)

    def open_browser(url: str) -> bool:
        params = dict(parse_qsl(urlsplit(url).query))
        page = open_sign_in_page(backend.url, params)
        answer = submit_sign_in(backend.url, page, user_id, password)
        assert answer.status_code == 302
        requests.get(answer.headers["Location"], timeout=10)
        return True

    return open_browser


def test_a_later_start_restores_from_the_keyring_and_goes_offline_with_the_last_known_state(
    backend_factory: Callable[..., RunningBackend], isolated_user_state: MemoryKeyring
) -> None:
    backend = backend_factory("--seed", "demo")
    server = local_server(backend.url)
    first = Session.create(server, open_browser=_form_browser(backend, 2))
    first.sign_in()
    assert first.identity is not None and first.identity.name == "Daniel Okafor"
    settings = config.load_settings()
    assert settings.last_server == server.origin
    assert settings.last_user == first.identity.key
    assert isolated_user_state.secrets  # the sign-in is in the keyring
    first.close()

    # Next start: no browser, the keyring's tokens.
    def no_browser(url: str) -> bool:
        raise AssertionError("a restored sign-in must not open the browser")

    second = Session.create(server, open_browser=no_browser)
    assert second.restore(settings.last_user)
    second.connect()
    assert second.display_name == "Daniel Okafor"
    assert second.online
    fetched = second.last_refresh
    second.close()

    # The server is gone: the check says so within seconds, and the cache answers.
    backend.stop()
    third = Session.create(server, open_browser=no_browser)
    assert third.restore(settings.last_user)
    started = time.monotonic()
    with pytest.raises(ConnectionFailed):
        third.connect()
    assert time.monotonic() - started < 5
    assert third.use_last_known()
    assert third.status is ConnectionStatus.OFFLINE
    assert third.display_name == "Daniel Okafor"
    assert third.firm_name == "Harbor & Finch LLP"
    assert third.last_refresh is not None and fetched is not None
    assert abs(third.last_refresh - fetched) < timedelta(seconds=5)
    assert third.selfservice is not None
    assert third.selfservice.account().firm.name == "Harbor & Finch LLP"
    third.close()


def test_sign_out_revokes_forgets_and_is_not_restored(
    backend_factory: Callable[..., RunningBackend], isolated_user_state: MemoryKeyring
) -> None:
    backend = backend_factory("--seed", "demo")
    server = local_server(backend.url)
    session = Session.create(server, open_browser=_form_browser(backend, 1))
    session.sign_in()
    key = session.identity.key  # type: ignore[union-attr]
    tokens = session.auth.credentials.load(server.origin, key)
    assert tokens is not None
    session.sign_out()
    assert not session.signed_in and session.selfservice is None
    assert isolated_user_state.secrets == {}
    assert config.load_settings().last_user is None
    answer = requests.get(
        backend.url + "/self-service/v1/account",
        headers={"Authorization": f"Bearer {tokens.access_token}"},
        timeout=10,
    )
    assert answer.status_code == 401
    later = Session.create(server, credentials=CredentialStore())
    assert not later.restore(key)
    session.close()
    later.close()


def test_the_demo_clock_moves_the_servers_time(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls")
    session = _demo_session(backend)
    session.sign_in(login_hint=demo_user().email)
    try:
        assert session.selfservice is not None
        before = session.selfservice.account().server_time
        moved = session.advance_demo_clock(30)
        assert timedelta(days=30) <= moved - before < timedelta(days=30, minutes=5)
        # The old access token may have expired on the new clock; the session refreshes it.
        assert session.selfservice.account().server_time >= moved
    finally:
        session.sign_out()
        session.close()


def test_only_demo_sessions_move_the_clock(demo_backend: RunningBackend) -> None:
    session = Session.create(local_server(demo_backend.url), credentials=CredentialStore())
    with pytest.raises(RuntimeError, match="demo"):
        session.advance_demo_clock(1)
    session.close()


def test_signing_in_again_in_place_gives_new_tokens_and_keeps_the_person(
    demo_backend: RunningBackend,
) -> None:
    session = _demo_session(demo_backend)
    session.sign_in(login_hint=demo_user().email)
    try:
        identity = session.identity
        assert identity is not None
        before = session.auth.credentials.load(session.server.origin, identity.key)
        client = session.selfservice
        session.sign_in_again()
        after = session.auth.credentials.load(session.server.origin, identity.key)
        assert before is not None and after is not None
        assert after.access_token != before.access_token
        assert session.identity == identity
        # What pages and the walkthrough hold keeps working with the new sign-in.
        assert session.selfservice is client
        assert client is not None and client.account().firm.name == "Harbor & Finch LLP"
    finally:
        session.sign_out()
        session.close()
