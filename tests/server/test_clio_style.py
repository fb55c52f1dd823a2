"""`account-desk-server --style clio`: the reference backend plays the real service, over real
HTTP: no self-service API, only registered OAuth clients with their secret and their exact
redirect URIs, and Clio's published rate limit."""

from __future__ import annotations

import base64
import math
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend, start_backend

CLIENT_ID, SECRET = "firm-desk", "s3cret-of-the-firm"
REDIRECT = "http://127.0.0.1:53682/callback"
OTHER_REDIRECT = "https://desk.example.com/oauth/done"
MARGARET, MARGARET_PASSWORD = 1, "harbor-demo"
WHO_AM_I = "/api/v4/users/who_am_i.json"
TIMEOUT = 10


@pytest.fixture
def clio(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory(
        "--seed",
        "demo",
        "--style",
        "clio",
        "--register-client",
        f"{CLIENT_ID}:{SECRET}:{REDIRECT}",
        "--register-client",
        f"{CLIENT_ID}:{SECRET}:{OTHER_REDIRECT}",
    )


def _authorize(
    backend: RunningBackend, redirect_uri: str = REDIRECT, client_id: str = CLIENT_ID, **extra: str
) -> requests.Response:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "state": "st-1",
        **extra,
    }
    return requests.get(
        backend.url + "/oauth/authorize", params=params, allow_redirects=False, timeout=TIMEOUT
    )


def _code(backend: RunningBackend, redirect_uri: str = REDIRECT, **extra: str) -> str:
    page = _authorize(backend, redirect_uri, **extra)
    assert page.status_code == 200, page.text
    reader = ob._FormReader()
    reader.feed(page.text)
    form = {**reader.hidden, "user_id": str(MARGARET), "password": MARGARET_PASSWORD}
    back = requests.post(
        backend.url + "/oauth/authorize",
        data={**form, "action": "approve"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert back.status_code == 302, back.text
    location = back.headers["Location"]
    assert location.startswith(redirect_uri + "?"), location
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["st-1"]
    return query["code"][0]


def _token(
    backend: RunningBackend, form: dict[str, str], auth: tuple[str, str] | None = None
) -> requests.Response:
    return requests.post(backend.url + "/oauth/token", data=form, auth=auth, timeout=TIMEOUT)


def _exchange(
    backend: RunningBackend, code: str, secret: str = SECRET, redirect_uri: str = REDIRECT
) -> requests.Response:
    return _token(
        backend,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": CLIENT_ID,
            "client_secret": secret,
        },
    )


def _who_am_i(backend: RunningBackend, token: str) -> requests.Response:
    return requests.get(backend.url + WHO_AM_I, headers=ob.bearer(token), timeout=TIMEOUT)


def test_self_service_is_an_unknown_route_in_clio_style_only(
    clio: RunningBackend, demo_backend: RunningBackend
) -> None:
    token = _exchange(clio, _code(clio)).json()["access_token"]
    for path in ("/self-service/v1/account", "/self-service/v1/alternatives", "/self-service/v1/x"):
        answer = requests.get(clio.url + path, headers=ob.bearer(token), timeout=TIMEOUT)
        assert answer.status_code == 404, path
    unknown = requests.get(clio.url + "/no-such-route", headers=ob.bearer(token), timeout=TIMEOUT)
    assert answer.json() == unknown.json()
    # the default style keeps the self-service API
    default_token = ob.token_for(demo_backend.url, MARGARET)
    account = requests.get(
        demo_backend.url + "/self-service/v1/account",
        headers=ob.bearer(default_token),
        timeout=TIMEOUT,
    )
    assert account.status_code == 200


def test_registered_client_with_its_secret_gets_tokens_that_work(clio: RunningBackend) -> None:
    answer = _exchange(clio, _code(clio))
    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    assert _who_am_i(clio, tokens["access_token"]).status_code == 200
    # the secret in HTTP Basic instead of the form, for a refresh
    renewed = _token(
        clio,
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=(CLIENT_ID, SECRET),
    )
    assert renewed.status_code == 200, renewed.text
    assert _who_am_i(clio, renewed.json()["access_token"]).status_code == 200
    # the second registered redirect of the same client works as well
    other = _exchange(clio, _code(clio, OTHER_REDIRECT), redirect_uri=OTHER_REDIRECT)
    assert other.status_code == 200, other.text


def test_secret_given_in_basic_for_the_code(clio: RunningBackend) -> None:
    code = _code(clio)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT}
    answer = _token(clio, form, auth=(CLIENT_ID, SECRET))
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("secret", ["wrong", "", SECRET + "x", SECRET[:-1]])
def test_a_refused_secret_is_invalid_client(clio: RunningBackend, secret: str) -> None:
    answer = _exchange(clio, _code(clio), secret=secret)
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")
    assert "WWW-Authenticate" in answer.headers
    assert SECRET not in answer.text


def test_a_refused_secret_in_basic_and_an_unknown_client_are_invalid_client(
    clio: RunningBackend,
) -> None:
    form = {"grant_type": "authorization_code", "code": _code(clio), "redirect_uri": REDIRECT}
    wrong = _token(clio, form, auth=(CLIENT_ID, "wrong"))
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    unknown = _token(clio, {**form, "client_id": "account-desk"})
    assert (unknown.status_code, unknown.json()["error"]) == (401, "invalid_client")
    stranger = _token(clio, form, auth=("stranger", SECRET))
    assert (stranger.status_code, stranger.json()["error"]) == (401, "invalid_client")
    garbled = requests.post(
        clio.url + "/oauth/token",
        data=form,
        headers={"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
        timeout=TIMEOUT,
    )
    assert (garbled.status_code, garbled.json()["error"]) == (401, "invalid_client")
    # without any secret, even with PKCE, a confidential client is refused
    refresh = _token(
        clio, {"grant_type": "refresh_token", "refresh_token": "x", "client_id": CLIENT_ID}
    )
    assert (refresh.status_code, refresh.json()["error"]) == (401, "invalid_client")


def test_the_built_in_client_is_not_known_at_authorize(clio: RunningBackend) -> None:
    _, challenge = ob.pkce_pair()
    page = _authorize(
        clio, client_id=ob.CLIENT_ID, code_challenge=challenge, code_challenge_method="S256"
    )
    assert page.status_code == 400
    assert "Location" not in page.headers


@pytest.mark.parametrize(
    "redirect",
    [
        "http://127.0.0.1:53683/callback",  # another loopback port
        "http://127.0.0.1:53682/callback/more",  # a registered one is a prefix of it
        "http://127.0.0.1:53682/callbac",  # it is a prefix of a registered one
        "http://127.0.0.1:53682/callback?x=1",
        "http://localhost:53682/callback",
        "https://desk.example.com/oauth/done/",
        "https://desk.example.com.evil.test/oauth/done",
    ],
)
def test_an_unregistered_redirect_is_refused_without_redirecting(
    clio: RunningBackend, redirect: str
) -> None:
    page = _authorize(clio, redirect)
    assert page.status_code == 400
    assert "Location" not in page.headers
    assert "redirect_uri" in page.text
    # nor can a code issued for a registered redirect be exchanged for another one
    answer = _exchange(clio, _code(clio), redirect_uri=redirect)
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")


def test_pkce_is_still_honoured_when_sent(clio: RunningBackend) -> None:
    verifier, challenge = ob.pkce_pair()
    code = _code(clio, code_challenge=challenge, code_challenge_method="S256")
    without = _exchange(clio, code)
    assert (without.status_code, without.json()["error"]) == (400, "invalid_grant")
    code = _code(clio, code_challenge=challenge, code_challenge_method="S256")
    other_verifier, _ = ob.pkce_pair()
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": other_verifier,
    }
    assert _token(clio, form, auth=(CLIENT_ID, SECRET)).json()["error"] == "invalid_grant"
    code = _code(clio, code_challenge=challenge, code_challenge_method="S256")
    right = _token(
        clio, {**form, "code": code, "code_verifier": verifier}, auth=(CLIENT_ID, SECRET)
    )
    assert right.status_code == 200, right.text


def test_the_published_rate_limit_is_the_default(clio: RunningBackend) -> None:
    token = _exchange(clio, _code(clio)).json()["access_token"]
    before = time.time()
    first = _who_am_i(clio, token)
    after = time.time()
    assert first.headers["X-RateLimit-Limit"] == "50"
    assert first.headers["X-RateLimit-Remaining"] == "49"
    # the Unix time the 60-second window ends
    assert before < int(first.headers["X-RateLimit-Reset"]) <= math.ceil(after + 60)
    for _ in range(49):
        assert _who_am_i(clio, token).status_code == 200
    refused = _who_am_i(clio, token)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_deauthorize_revokes_the_token(clio: RunningBackend) -> None:
    tokens = _exchange(clio, _code(clio)).json()
    assert _who_am_i(clio, tokens["access_token"]).status_code == 200
    gone = requests.post(
        clio.url + "/oauth/deauthorize", headers=ob.bearer(tokens["access_token"]), timeout=TIMEOUT
    )
    assert gone.status_code == 200
    assert _who_am_i(clio, tokens["access_token"]).status_code == 401
    refresh = _token(
        clio,
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=(CLIENT_ID, SECRET),
    )
    assert (refresh.status_code, refresh.json()["error"]) == (400, "invalid_grant")


def test_the_secret_is_not_in_the_server_output(clio: RunningBackend) -> None:
    _exchange(clio, _code(clio), secret="wrong")
    _exchange(clio, _code(clio))
    assert not any(SECRET in line for line in clio.output)


def test_a_secret_from_the_environment_stays_off_the_command_line(tmp_path: Path) -> None:
    backend = start_backend(
        tmp_path / "firm",
        "--seed",
        "demo",
        "--style",
        "clio",
        "--register-client",
        f"{CLIENT_ID}:@FIRM_DESK_SECRET:{REDIRECT}",
        env={"FIRM_DESK_SECRET": SECRET},
    )
    try:
        command_line = Path(f"/proc/{backend.process.pid}/cmdline").read_bytes()
        assert SECRET.encode() not in command_line
        assert _exchange(backend, _code(backend)).status_code == 200
        wrong = _exchange(backend, _code(backend), secret="@FIRM_DESK_SECRET")
        assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    finally:
        backend.stop()
