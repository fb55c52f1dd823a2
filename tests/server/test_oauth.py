"""OAuth 2.0 on the reference backend, over real HTTP: the sign-in page, PKCE, single-use codes,
rotating refresh tokens, sign-out and token expiry on the server clock."""

from __future__ import annotations

from collections.abc import Callable

import requests

from app.signin.demo_login import demo_secret_headers
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend

ACCOUNT = "/self-service/v1/account"
MARGARET, MARGARET_PASSWORD = 1, "harbor-demo"
ELEANOR, ELEANOR_PASSWORD = 3, "finch-demo"


def _get(backend: RunningBackend, path: str, token: str) -> requests.Response:
    return requests.get(backend.url + path, headers=ob.bearer(token), timeout=10)


def _advance(backend: RunningBackend, token: str, **step: int) -> None:
    answer = requests.post(
        backend.url + "/self-service/v1/demo/clock", json=step, headers=ob.bearer(token), timeout=10
    )
    assert answer.status_code == 200, answer.text


def test_sign_in_with_pkce_returns_code_and_state_then_tokens_that_work(
    demo_backend: RunningBackend,
) -> None:
    verifier, challenge = ob.pkce_pair()
    page = ob.open_sign_in_page(demo_backend.url, ob.authorize_params(challenge, state="abc/=&1"))
    assert page.status == 200
    assert "Sign in" in page.text and "Margaret Harbor (primary subscriber)" in page.users
    back = ob.redirect_query(ob.submit_sign_in(demo_backend.url, page, MARGARET, MARGARET_PASSWORD))
    assert back["state"] == "abc/=&1"

    answer = ob.exchange(demo_backend.url, back["code"], verifier)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    tokens = answer.json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 3600
    assert tokens["access_token"] != tokens["refresh_token"]
    account = _get(demo_backend, ACCOUNT, tokens["access_token"])
    assert account.status_code == 200
    assert account.json()["primary_subscriber"]["id"] == MARGARET


def test_wrong_verifier_is_refused_and_spends_the_code(demo_backend: RunningBackend) -> None:
    verifier, challenge = ob.pkce_pair()
    code = ob.get_code(demo_backend.url, MARGARET, MARGARET_PASSWORD, challenge)
    other_verifier, _ = ob.pkce_pair()

    wrong = ob.exchange(demo_backend.url, code, other_verifier)
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    assert wrong.json()["error_description"]
    # a code is tried once: even the right verifier cannot use it now
    assert ob.exchange(demo_backend.url, code, verifier).json()["error"] == "invalid_grant"


def test_missing_verifier_and_other_redirect_are_refused(demo_backend: RunningBackend) -> None:
    verifier, challenge = ob.pkce_pair()
    code = ob.get_code(demo_backend.url, MARGARET, MARGARET_PASSWORD, challenge)
    answer = requests.post(
        demo_backend.url + "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": ob.REDIRECT_URI,
            "client_id": ob.CLIENT_ID,
        },
        timeout=10,
    )
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")

    code = ob.get_code(demo_backend.url, MARGARET, MARGARET_PASSWORD, challenge)
    other = ob.exchange(demo_backend.url, code, verifier, "http://127.0.0.1:1/elsewhere")
    assert (other.status_code, other.json()["error"]) == (400, "invalid_grant")


def test_reused_code_is_refused_and_revokes_what_it_granted(demo_backend: RunningBackend) -> None:
    verifier, challenge = ob.pkce_pair()
    code = ob.get_code(demo_backend.url, MARGARET, MARGARET_PASSWORD, challenge)
    first = ob.exchange(demo_backend.url, code, verifier)
    assert first.status_code == 200
    access = first.json()["access_token"]
    assert _get(demo_backend, ACCOUNT, access).status_code == 200

    again = ob.exchange(demo_backend.url, code, verifier)
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
    assert _get(demo_backend, ACCOUNT, access).status_code == 401


def test_refresh_tokens_rotate(demo_backend: RunningBackend) -> None:
    tokens = ob.sign_in(demo_backend.url, MARGARET, MARGARET_PASSWORD)
    renewed = ob.refresh(demo_backend.url, tokens["refresh_token"])
    assert renewed.status_code == 200
    new = renewed.json()
    assert new["refresh_token"] != tokens["refresh_token"]
    assert new["access_token"] != tokens["access_token"]
    assert _get(demo_backend, ACCOUNT, new["access_token"]).status_code == 200

    again = ob.refresh(demo_backend.url, new["refresh_token"])
    assert again.status_code == 200
    assert _get(demo_backend, ACCOUNT, again.json()["access_token"]).status_code == 200


def test_a_reused_refresh_token_revokes_every_token_of_its_sign_in(
    demo_backend: RunningBackend,
) -> None:
    tokens = ob.sign_in(demo_backend.url, MARGARET, MARGARET_PASSWORD)
    renewed = ob.refresh(demo_backend.url, tokens["refresh_token"])
    assert renewed.status_code == 200
    new = renewed.json()
    assert _get(demo_backend, ACCOUNT, new["access_token"]).status_code == 200

    # the first refresh token shown again: someone holds a copy of it
    stale = ob.refresh(demo_backend.url, tokens["refresh_token"])
    assert (stale.status_code, stale.json()["error"]) == (400, "invalid_grant")
    # so what the first use issued is no longer good, nor is the original access token
    assert _get(demo_backend, ACCOUNT, new["access_token"]).status_code == 401
    assert _get(demo_backend, ACCOUNT, tokens["access_token"]).status_code == 401
    later = ob.refresh(demo_backend.url, new["refresh_token"])
    assert (later.status_code, later.json()["error"]) == (400, "invalid_grant")
    # another sign-in of the same user is not affected
    other = ob.sign_in(demo_backend.url, MARGARET, MARGARET_PASSWORD)
    assert _get(demo_backend, ACCOUNT, other["access_token"]).status_code == 200


def test_deauthorize_revokes_access_and_refresh_token(demo_backend: RunningBackend) -> None:
    tokens = ob.sign_in(demo_backend.url, MARGARET, MARGARET_PASSWORD)
    renewed = ob.refresh(demo_backend.url, tokens["refresh_token"]).json()
    answer = requests.post(
        demo_backend.url + "/oauth/deauthorize",
        headers=ob.bearer(renewed["access_token"]),
        timeout=10,
    )
    assert answer.status_code == 200

    refused = _get(demo_backend, ACCOUNT, renewed["access_token"])
    assert refused.status_code == 401
    assert refused.json()["error"]["type"] == "invalid_token"
    assert refused.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    # signing out ends the whole sign-in, including the access token from before the refresh
    assert _get(demo_backend, ACCOUNT, tokens["access_token"]).status_code == 401
    assert ob.refresh(demo_backend.url, renewed["refresh_token"]).json()["error"] == "invalid_grant"


def test_deauthorize_accepts_the_token_as_a_form_field(demo_backend: RunningBackend) -> None:
    tokens = ob.sign_in(demo_backend.url, ELEANOR, ELEANOR_PASSWORD)
    answer = requests.post(
        demo_backend.url + "/oauth/deauthorize",
        data={"token": tokens["refresh_token"]},
        timeout=10,
    )
    assert answer.status_code == 200
    assert _get(demo_backend, ACCOUNT, tokens["access_token"]).status_code == 401


def test_sign_in_page_cannot_be_framed_and_may_post_back_to_the_app(
    demo_backend: RunningBackend,
) -> None:
    _, challenge = ob.pkce_pair()
    page = requests.get(
        demo_backend.url + "/oauth/authorize", params=ob.authorize_params(challenge), timeout=10
    )
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    # browsers check form-action on the 302 after the POST: the app's loopback origin is allowed
    assert page.headers["Content-Security-Policy"].endswith(
        "form-action 'self' http://127.0.0.1:53682"
    )


def test_wrong_password_shows_the_page_again_without_a_code(demo_backend: RunningBackend) -> None:
    _, challenge = ob.pkce_pair()
    page = ob.open_sign_in_page(demo_backend.url, ob.authorize_params(challenge))
    answer = ob.submit_sign_in(demo_backend.url, page, MARGARET, "not-her-password")
    assert answer.status_code == 401
    assert "Location" not in answer.headers
    assert "do not match" in answer.text


def test_cancel_sends_access_denied_with_state(demo_backend: RunningBackend) -> None:
    _, challenge = ob.pkce_pair()
    page = ob.open_sign_in_page(demo_backend.url, ob.authorize_params(challenge, state="s-9"))
    back = ob.redirect_query(ob.submit_sign_in(demo_backend.url, page, MARGARET, "", "deny"))
    assert back == {
        "error": "access_denied",
        "error_description": back["error_description"],
        "state": "s-9",
    }


def test_redirect_uri_must_be_loopback_http(demo_backend: RunningBackend) -> None:
    _, challenge = ob.pkce_pair()
    for uri in (
        "https://attacker.example/callback",
        "http://localhost:5000/callback",
        "http://127.0.0.1/no-port",
        "http://user@127.0.0.1:5000/callback",
        "http://127.0.0.1.attacker.example:5000/callback",
    ):
        page = ob.open_sign_in_page(
            demo_backend.url, ob.authorize_params(challenge, redirect_uri=uri)
        )
        # never sent back to an address that is not the app's: an error page instead
        assert page.status == 400, uri
        assert "redirect_uri" in page.text
    unknown = ob.open_sign_in_page(demo_backend.url, ob.authorize_params(challenge, client_id="x"))
    assert unknown.status == 400


def test_pkce_is_required_for_the_public_client(demo_backend: RunningBackend) -> None:
    params = ob.authorize_params("unused", state="q")
    del params["code_challenge"]
    answer = requests.get(
        demo_backend.url + "/oauth/authorize", params=params, allow_redirects=False, timeout=10
    )
    back = ob.redirect_query(answer)
    assert (back["error"], back["state"]) == ("invalid_request", "q")

    _, challenge = ob.pkce_pair()
    plain = ob.authorize_params(challenge, code_challenge_method="plain")
    answer = requests.get(
        demo_backend.url + "/oauth/authorize", params=plain, allow_redirects=False, timeout=10
    )
    assert ob.redirect_query(answer)["error"] == "invalid_request"


def test_login_hint_signs_in_at_once_only_with_demo_controls(
    demo_backend: RunningBackend, backend_factory: Callable[..., RunningBackend]
) -> None:
    verifier, challenge = ob.pkce_pair()
    hint = "margaret.harbor@harborfinch.example"
    params = ob.authorize_params(challenge, login_hint=hint)
    # the process that started the backend knows its demo secret (tests.support.backend)
    answer = requests.get(
        demo_backend.url + "/oauth/authorize",
        params=params,
        headers=demo_secret_headers(demo_backend.url),
        allow_redirects=False,
        timeout=10,
    )
    back = ob.redirect_query(answer)
    assert ob.exchange(demo_backend.url, back["code"], verifier).status_code == 200

    # anyone else who knows the e-mail gets the sign-in page, not a code
    page = ob.open_sign_in_page(demo_backend.url, params)
    assert page.status == 200 and 'value="1" selected' in page.text

    plain = backend_factory("--seed", "demo")
    page = ob.open_sign_in_page(plain.url, params)
    assert page.status == 200  # the sign-in page, with her name chosen
    assert 'value="1" selected' in page.text


def test_token_endpoint_errors_use_the_oauth_shape(demo_backend: RunningBackend) -> None:
    url = demo_backend.url + "/oauth/token"
    cases = [
        ({"grant_type": "password", "client_id": ob.CLIENT_ID}, 400, "unsupported_grant_type"),
        ({"grant_type": "refresh_token", "client_id": ob.CLIENT_ID}, 400, "invalid_request"),
        (
            {"grant_type": "refresh_token", "refresh_token": "x", "client_id": "who"},
            401,
            "invalid_client",
        ),
        (
            {
                "grant_type": "authorization_code",
                "code": "nope",
                "redirect_uri": ob.REDIRECT_URI,
                "client_id": ob.CLIENT_ID,
                "code_verifier": "v" * 43,
            },
            400,
            "invalid_grant",
        ),
    ]
    for form, status, error in cases:
        answer = requests.post(url, data=form, timeout=10)
        assert (answer.status_code, answer.json()["error"]) == (status, error), form
    as_json = requests.post(url, json={"grant_type": "refresh_token"}, timeout=10)
    assert (as_json.status_code, as_json.json()["error"]) == (400, "invalid_request")


def test_access_token_expires_on_the_server_clock_and_refresh_renews_it(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls", "--token-lifetime", "120")
    tokens = ob.sign_in(backend.url, MARGARET, MARGARET_PASSWORD)
    assert tokens["expires_in"] == 120
    assert _get(backend, ACCOUNT, tokens["access_token"]).status_code == 200

    _advance(backend, tokens["access_token"], advance_seconds=119)
    assert _get(backend, ACCOUNT, tokens["access_token"]).status_code == 200
    _advance(backend, tokens["access_token"], advance_seconds=2)
    expired = _get(backend, ACCOUNT, tokens["access_token"])
    assert expired.status_code == 401
    assert expired.json()["error"]["type"] == "invalid_token"
    assert expired.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'

    renewed = ob.refresh(backend.url, tokens["refresh_token"]).json()
    assert _get(backend, ACCOUNT, renewed["access_token"]).status_code == 200


def test_codes_are_short_lived(backend_factory: Callable[..., RunningBackend]) -> None:
    backend = backend_factory("--seed", "demo", "--demo-controls")
    clock_token = backend.issue_token("administrator")
    verifier, challenge = ob.pkce_pair()
    code = ob.get_code(backend.url, MARGARET, MARGARET_PASSWORD, challenge)
    _advance(backend, clock_token, advance_seconds=90)
    late = ob.exchange(backend.url, code, verifier)
    assert (late.status_code, late.json()["error"]) == (400, "invalid_grant")
    assert "expired" in late.json()["error_description"]
