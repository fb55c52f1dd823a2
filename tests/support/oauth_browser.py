"""Plays the browser and the native app in the OAuth authorization-code flow with PKCE against
the reference backend: fetch the sign-in page, submit its form, read the 302 to the loopback
redirect (which nobody needs to serve), then exchange the code."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import requests

CLIENT_ID = "account-desk"
REDIRECT_URI = "http://127.0.0.1:53682/callback"
TIMEOUT = 10


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.users: dict[str, str] = {}  # option text -> value
        self._option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "input" and values.get("type") == "hidden":
            self.hidden[values["name"]] = values.get("value", "")
        elif tag == "option":
            self._option = values.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self.users[data.strip()] = self._option
            self._option = None


@dataclass(frozen=True)
class SignInPage:
    status: int
    hidden: dict[str, str]
    users: dict[str, str]
    text: str


def authorize_params(challenge: str, state: str = "st-123", **extra: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }


def open_sign_in_page(base_url: str, params: dict[str, str]) -> SignInPage:
    answer = requests.get(
        base_url + "/oauth/authorize", params=params, allow_redirects=False, timeout=TIMEOUT
    )
    reader = _FormReader()
    reader.feed(answer.text)
    return SignInPage(answer.status_code, reader.hidden, reader.users, answer.text)


def submit_sign_in(
    base_url: str, page: SignInPage, user_id: int, password: str, action: str = "approve"
) -> requests.Response:
    form = {**page.hidden, "user_id": str(user_id), "password": password, "action": action}
    return requests.post(
        base_url + "/oauth/authorize", data=form, allow_redirects=False, timeout=TIMEOUT
    )


def redirect_query(answer: requests.Response) -> dict[str, str]:
    """The parameters of a 302 to the loopback redirect URI."""
    assert answer.status_code == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?"), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def get_code(base_url: str, user_id: int, password: str, challenge: str) -> str:
    page = open_sign_in_page(base_url, authorize_params(challenge))
    assert page.status == 200, page.text
    return redirect_query(submit_sign_in(base_url, page, user_id, password))["code"]


def exchange(
    base_url: str, code: str, verifier: str, redirect_uri: str = REDIRECT_URI
) -> requests.Response:
    return requests.post(
        base_url + "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": CLIENT_ID,
            "code_verifier": verifier,
        },
        timeout=TIMEOUT,
    )


def refresh(base_url: str, refresh_token: str) -> requests.Response:
    return requests.post(
        base_url + "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": CLIENT_ID,
        },
        timeout=TIMEOUT,
    )


def sign_in(base_url: str, user_id: int, password: str) -> dict[str, str]:
    """The whole flow; the token answer."""
    verifier, challenge = pkce_pair()
    answer = exchange(base_url, get_code(base_url, user_id, password, challenge), verifier)
    assert answer.status_code == 200, answer.text
    tokens: dict[str, str] = answer.json()
    return tokens


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(base_url: str, user_id: int) -> str:
    """A fresh access token for a seeded user, signed in through the form (fast: no process)."""
    from server.firm import SEED_USERS  # the seeded people and their demo passwords

    user = next(u for u in SEED_USERS if u.id == user_id)
    return sign_in(base_url, user.id, user.password)["access_token"]
