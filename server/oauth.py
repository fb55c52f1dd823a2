"""OAuth 2.0 for the reference backend: authorization code with PKCE (RFC 6749, 7636) for the
native app on a loopback redirect (RFC 8252), rotating refresh tokens, and sign-out.

`GET /oauth/authorize` shows a plain sign-in page (choose a seeded user, enter the password);
with `--demo-controls` a `login_hint` naming a seeded user's email signs in at once, for the app
that started the server only: the request must carry the secret the app handed the server on
its stdin (`--watch-stdin`), in the X-Demo-Secret header.
Token-endpoint errors use the OAuth shape `{"error", "error_description"}`, not the API's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from server import accounts, auth
from server.firm import SEED_USERS, SeedUser
from server.ratelimit import SignInGuard
from server.sign_in_page import problem_page, sign_in_page
from server.state import ServerState

log = logging.getLogger(__name__)

router = APIRouter()

# oauth_codes is created with the tokens (server.auth): the database opens before this loads.

# Long enough for a browser round trip, short enough that a leaked code is worthless.
CODE_LIFETIME_SECONDS = 60
MAX_PARAM_LENGTH = 2048
# RFC 7636 section 4.1: 43 to 128 unreserved characters
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")  # base64url of a SHA-256 digest, unpadded
_LOOPBACK_HOSTS = {"127.0.0.1", "::1"}


@dataclass(frozen=True)
class Client:
    client_id: str
    public: bool  # no secret: PKCE is required
    allow_loopback: bool  # any http://127.0.0.1:<port>/<path> (RFC 8252 section 7.3)
    redirect_uris: frozenset[str]  # otherwise only these, compared exactly
    # a confidential client (the clio style): SHA-256 of the secret it must show at /oauth/token
    secret_sha256: bytes | None = None


CLIENTS: dict[str, Client] = {
    "account-desk": Client(
        "account-desk", public=True, allow_loopback=True, redirect_uris=frozenset()
    )
}


def clients_of(state: ServerState) -> dict[str, Client]:
    """The clients that may sign in: in the clio style only those registered on the command
    line (confidential, each with its exact redirect URIs), otherwise the built-in app."""
    if state.options.style != "clio":
        return CLIENTS
    redirects: dict[str, set[str]] = {}
    secrets_by_id: dict[str, bytes] = {}
    for client_id, digest, redirect_uri in state.options.registered_clients:
        redirects.setdefault(client_id, set()).add(redirect_uri)
        secrets_by_id[client_id] = digest
    return {
        client_id: Client(
            client_id,
            public=False,
            allow_loopback=False,
            redirect_uris=frozenset(uris),
            secret_sha256=secrets_by_id[client_id],
        )
        for client_id, uris in redirects.items()
    }


def secret_sha256(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


def _oauth_error_response(exc: OAuthError) -> JSONResponse:
    return JSONResponse(
        {"error": exc.error, "error_description": exc.description},
        status_code=exc.status,
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


def _is_loopback_redirect(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == "http"
        and parts.hostname in _LOOPBACK_HOSTS
        and port is not None
        and parts.username is None
        and parts.password is None
        and not parts.fragment
    )


def valid_redirect(client: Client, uri: str) -> bool:
    if len(uri) > MAX_PARAM_LENGTH:
        return False
    if uri in client.redirect_uris:
        return True
    return client.allow_loopback and _is_loopback_redirect(uri)


def with_query(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def pkce_s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


# --- the authorization request ------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorizationRequest:
    client: Client
    redirect_uri: str
    state: str | None
    code_challenge: str | None
    login_hint: str | None


class _PageError(Exception):
    """The request cannot be sent back to the client (bad client or redirect_uri)."""


class _RedirectError(Exception):
    """The request is wrong but the client is known: the error goes back to its redirect."""

    def __init__(self, request: AuthorizationRequest, error: str, description: str) -> None:
        super().__init__(description)
        self.request = request
        self.error = error
        self.description = description


def _single(params: dict[str, list[str]], name: str) -> str | None:
    """One parameter; ValueError when repeated or too long."""
    values = params.get(name, [])
    if len(values) > 1:
        raise ValueError(f"{name} was given more than once")
    if not values or values[0] == "":
        return None
    if len(values[0]) > MAX_PARAM_LENGTH:
        raise ValueError(f"{name} is too long")
    return values[0]


def _parse_authorization(
    params: dict[str, list[str]], clients: dict[str, Client]
) -> AuthorizationRequest:
    """Client and redirect_uri first (errors shown on a page), then the rest (errors sent back
    to the redirect_uri, RFC 6749 section 4.1.2.1)."""
    client_ids = params.get("client_id", [])
    redirect_uris = params.get("redirect_uri", [])
    if len(client_ids) != 1 or client_ids[0] not in clients:
        raise _PageError("The application asking to sign in is not known (client_id).")
    client = clients[client_ids[0]]
    if len(redirect_uris) != 1 or not valid_redirect(client, redirect_uris[0]):
        raise _PageError(
            "The address to return to (redirect_uri) is not allowed for this application."
        )
    redirect_uri = redirect_uris[0]
    state_values = params.get("state", [])
    state = state_values[0] if len(state_values) == 1 and state_values[0] else None
    if state is not None and len(state) > MAX_PARAM_LENGTH:
        raise _PageError("The state parameter is too long.")
    request = AuthorizationRequest(client, redirect_uri, state, None, None)
    try:
        response_type = _single(params, "response_type")
        challenge = _single(params, "code_challenge")
        method = _single(params, "code_challenge_method")
        login_hint = _single(params, "login_hint")
    except ValueError as exc:
        raise _RedirectError(request, "invalid_request", str(exc)) from None
    if response_type != "code":
        raise _RedirectError(
            request, "unsupported_response_type", "only response_type=code is offered"
        )
    if challenge is not None or client.public:
        if challenge is None:
            raise _RedirectError(request, "invalid_request", "PKCE is required: code_challenge")
        if method != "S256":
            raise _RedirectError(request, "invalid_request", "code_challenge_method must be S256")
        if not _CHALLENGE.fullmatch(challenge):
            raise _RedirectError(request, "invalid_request", "code_challenge is not S256")
    return AuthorizationRequest(client, redirect_uri, state, challenge, login_hint)


def _error_redirect(request: AuthorizationRequest, error: str, description: str) -> Response:
    params = {"error": error, "error_description": description}
    if request.state is not None:
        params["state"] = request.state
    return RedirectResponse(with_query(request.redirect_uri, params), status_code=302)


def _issue_code(state: ServerState, request: AuthorizationRequest, user_id: int) -> Response:
    code = secrets.token_urlsafe(32)
    now = state.clock.timestamp()
    con = state.db.connect()
    with con:
        con.execute(
            "INSERT INTO oauth_codes(code_hash, client_id, redirect_uri, user_id, code_challenge,"
            " grant_id, auth_time, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                auth.token_hash(code),
                request.client.client_id,
                request.redirect_uri,
                user_id,
                request.code_challenge,
                secrets.token_hex(16),
                now,
                now + CODE_LIFETIME_SECONDS,
            ),
        )
    params = {"code": code}
    if request.state is not None:
        params["state"] = request.state
    return RedirectResponse(with_query(request.redirect_uri, params), status_code=302)


def _may_sign_in(state: ServerState, user_id: int) -> bool:
    auth.settle_scheduled_closing(state)
    con = state.db.connect()
    role = auth.member_role(con, user_id)
    if role is None:
        return False
    account = accounts.load_account(con)
    return account is None or account.may_sign_in(user_id, role)


def _params(items: list[tuple[str, Any]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in items:
        if isinstance(value, str):
            params.setdefault(name, []).append(value)
    return params


@router.get("/authorize", include_in_schema=False)
def authorize_page(request: Request) -> Response:
    state: ServerState = request.app.state.backend
    params = _params(list(request.query_params.multi_items()))
    try:
        parsed = _parse_authorization(params, clients_of(state))
    except _PageError as exc:
        return problem_page(str(exc))
    except _RedirectError as exc:
        return _error_redirect(exc.request, exc.error, exc.description)
    if state.options.demo_controls and parsed.login_hint and _demo_secret_given(request, state):
        hinted = next((u for u in SEED_USERS if u.email == parsed.login_hint.strip().lower()), None)
        if hinted is not None:
            if not _may_sign_in(state, hinted.id):
                return _error_redirect(parsed, "access_denied", "this user no longer has access")
            return _issue_code(state, parsed, hinted.id)
    return sign_in_page(params, parsed.login_hint, parsed.redirect_uri, "", 200)


DEMO_SECRET_HEADER = "X-Demo-Secret"  # noqa: S105 - the name of a header


def _demo_secret_given(request: Request, state: ServerState) -> bool:
    """Whether the request comes from the app that started this server: it knows the secret
    the app gave the server at start. Anyone else gets the sign-in page, password and all."""
    expected = state.options.demo_secret
    given = request.headers.get(DEMO_SECRET_HEADER)
    if not expected or given is None:
        return False
    return secrets.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


async def _read_form(request: Request) -> FormData | None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return None
    try:
        return await request.form(max_files=0, max_fields=50)
    except Exception:  # malformed bodies are the client's error, not ours
        return None


@router.post("/authorize", include_in_schema=False)
async def authorize_submit(request: Request) -> Response:
    state: ServerState = request.app.state.backend
    form = await _read_form(request)
    if form is None:
        return problem_page("The sign-in form was not sent as a form.")
    params = _params(list(form.multi_items()))
    try:
        parsed = _parse_authorization(params, clients_of(state))
    except _PageError as exc:
        return problem_page(str(exc))
    except _RedirectError as exc:
        return _error_redirect(exc.request, exc.error, exc.description)
    action = (params.get("action") or ["approve"])[0]
    if action == "deny":
        return _error_redirect(parsed, "access_denied", "the user cancelled the sign-in")
    guard, key = _guard(request, "password")
    wait = guard.retry_after(key)
    if wait is not None:
        locked = sign_in_page(
            params,
            parsed.login_hint,
            parsed.redirect_uri,
            f"Too many failed sign-ins from this computer. Try again in {wait} seconds.",
            429,
        )
        locked.headers["Retry-After"] = str(wait)
        return locked
    user_text = (params.get("user_id") or [""])[0]
    password = (params.get("password") or [""])[0]
    user = next((u for u in SEED_USERS if str(u.id) == user_text), None)
    answer = await run_in_threadpool(_sign_in, state, params, parsed, user, password)
    if answer.status_code == 401:
        guard.failed(key)
    return answer


def _guard(request: Request, kind: str) -> tuple[SignInGuard, str]:
    """The app's sign-in guard and the key of this client's attempts of that kind."""
    guard: SignInGuard = request.app.state.sign_in_guard
    return guard, f"{kind}:{request.client.host if request.client else '?'}"


def _sign_in(
    state: ServerState,
    params: dict[str, list[str]],
    parsed: AuthorizationRequest,
    user: SeedUser | None,
    password: str,
) -> Response:
    con = state.db.connect()
    row = (
        None
        if user is None
        else con.execute(
            "SELECT password_hash FROM members WHERE user_id = ? AND active = 1", (user.id,)
        ).fetchone()
    )
    if (
        user is None
        or row is None
        or not password
        or not auth.verify_password(password, row["password_hash"])
    ):
        return sign_in_page(
            params,
            parsed.login_hint,
            parsed.redirect_uri,
            "That user and password do not match.",
            401,
        )
    if not _may_sign_in(state, user.id):
        return _error_redirect(parsed, "access_denied", "this user no longer has access")
    return _issue_code(state, parsed, user.id)


# --- the token endpoint ---------------------------------------------------------------------


def _field(form: dict[str, list[str]], name: str, required: bool = True) -> str | None:
    values = form.get(name, [])
    if len(values) > 1:
        raise OAuthError("invalid_request", f"{name} was given more than once")
    if not values or values[0] == "":
        if required:
            raise OAuthError("invalid_request", f"{name} is required")
        return None
    if len(values[0]) > MAX_PARAM_LENGTH:
        raise OAuthError("invalid_request", f"{name} is too long")
    return values[0]


def _basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """client_id and client_secret from HTTP Basic (RFC 6749 section 2.3.1: each form-encoded);
    None without that header; OAuthError when it is malformed."""
    if authorization is None:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise OAuthError("invalid_client", "the Basic credentials are malformed", 401) from None
    client_id, colon, secret = decoded.partition(":")
    if not colon or len(decoded) > 2 * MAX_PARAM_LENGTH:
        raise OAuthError("invalid_client", "the Basic credentials are malformed", 401)
    return unquote_plus(client_id), unquote_plus(secret)


def _client(
    form: dict[str, list[str]], clients: dict[str, Client], authorization: str | None = None
) -> Client:
    """The client the request names, authenticated when it is confidential: its secret in the
    form (client_secret) or in HTTP Basic, not both."""
    basic = _basic_credentials(authorization)
    secret: str | None
    form_id = _field(form, "client_id", required=basic is None)
    form_secret = _field(form, "client_secret", required=False)
    if basic is not None:
        if form_secret is not None:
            raise OAuthError("invalid_request", "send the client secret one way only")
        if form_id is not None and form_id != basic[0]:
            raise OAuthError("invalid_client", "the client is not known", status=401)
        client_id, secret = basic[0], basic[1]
    else:
        client_id, secret = form_id or "", form_secret
    client = clients.get(client_id)
    if client is None:
        raise OAuthError("invalid_client", "the client is not known", status=401)
    if client.secret_sha256 is not None:
        # compare digests of equal length in constant time: nothing about the secret leaks
        given = secret_sha256(secret or "")
        if not hmac.compare_digest(given, client.secret_sha256) or not secret:
            raise OAuthError("invalid_client", "the client authentication failed", status=401)
    return client


def _token_answer(token: auth.IssuedToken) -> JSONResponse:
    return JSONResponse(
        {
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "token_type": "bearer",
            "expires_in": token.expires_in,
        },
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


def _exchange_code(
    state: ServerState, form: dict[str, list[str]], authorization: str | None
) -> JSONResponse:
    client = _client(form, clients_of(state), authorization)
    code = _field(form, "code")
    redirect_uri = _field(form, "redirect_uri")
    verifier = _field(form, "code_verifier", required=client.public)
    assert code is not None
    now = state.clock.timestamp()
    con = state.db.connect()
    with con:
        con.execute("BEGIN IMMEDIATE")
        row = con.execute(
            "SELECT * FROM oauth_codes WHERE code_hash = ?", (auth.token_hash(code),)
        ).fetchone()
        if row is None:
            raise OAuthError("invalid_grant", "the authorization code is not known")
        if row["used"]:
            # RFC 6749 section 4.1.2: a code used twice revokes what it granted
            auth.revoke_grant(con, row["grant_id"])
            con.commit()
            raise OAuthError("invalid_grant", "the authorization code was already used")
        con.execute("UPDATE oauth_codes SET used = 1 WHERE code_hash = ?", (row["code_hash"],))
        # the code is spent even when the exchange fails below: a code is tried once
        con.commit()
        if row["expires_at"] <= now:
            raise OAuthError("invalid_grant", "the authorization code has expired")
        if row["client_id"] != client.client_id or row["redirect_uri"] != redirect_uri:
            raise OAuthError("invalid_grant", "the code was issued to another client or redirect")
        if row["code_challenge"] is not None:
            if verifier is None or not _VERIFIER.fullmatch(verifier):
                raise OAuthError("invalid_grant", "code_verifier is missing or malformed")
            if not secrets.compare_digest(pkce_s256(verifier), row["code_challenge"]):
                raise OAuthError("invalid_grant", "code_verifier does not match the challenge")
        if not _may_sign_in(state, row["user_id"]):
            raise OAuthError("invalid_grant", "this user no longer has access")
        token = auth.issue_token(
            state,
            row["user_id"],
            client.client_id,
            grant_id=row["grant_id"],
            auth_time=row["auth_time"],
            con=con,
        )
    return _token_answer(token)


def _refresh(
    state: ServerState, form: dict[str, list[str]], authorization: str | None
) -> JSONResponse:
    client = _client(form, clients_of(state), authorization)
    refresh_token = _field(form, "refresh_token")
    assert refresh_token is not None
    con = state.db.connect()
    with con:
        con.execute("BEGIN IMMEDIATE")
        grant = auth.take_refresh_token(con, refresh_token)
        if grant is None:
            con.commit()  # a reused token has revoked its grant: keep that
            raise OAuthError("invalid_grant", "the refresh token is not valid")
        if grant.client_id != client.client_id:
            raise OAuthError("invalid_grant", "the refresh token is not valid")
        if not _may_sign_in(state, grant.user_id):
            auth.revoke_grant(con, grant.grant_id)
            con.commit()
            raise OAuthError("invalid_grant", "this user no longer has access")
        token = auth.issue_token(
            state,
            grant.user_id,
            client.client_id,
            grant_id=grant.grant_id,
            auth_time=grant.auth_time,
            con=con,
        )
    return _token_answer(token)


def _token(
    state: ServerState, form: dict[str, list[str]], authorization: str | None = None
) -> Response:
    """The token answer; raises OAuthError."""
    grant_type = _field(form, "grant_type")
    if grant_type == "authorization_code":
        return _exchange_code(state, form, authorization)
    if grant_type == "refresh_token":
        return _refresh(state, form, authorization)
    raise OAuthError("unsupported_grant_type", "use authorization_code or refresh_token")


# Refusals that may be guesses (of a code, a verifier, a refresh token or a client): they count
# towards the sign-in limit. Malformed requests do not.
_GUESSES = {"invalid_grant", "invalid_client"}


@router.post("/token", include_in_schema=False)
async def token_endpoint(request: Request) -> Response:
    state: ServerState = request.app.state.backend
    form = await _read_form(request)
    if form is None:
        return _oauth_error_response(
            OAuthError("invalid_request", "send the parameters form-encoded")
        )
    guard, key = _guard(request, "grant")
    wait = guard.retry_after(key)
    if wait is not None:
        return JSONResponse(
            {
                "error": "temporarily_unavailable",
                "error_description": f"too many refused grants; try again in {wait} s",
            },
            status_code=429,
            headers={"Cache-Control": "no-store", "Pragma": "no-cache", "Retry-After": str(wait)},
        )
    try:
        return await run_in_threadpool(
            _token,
            state,
            _params(list(form.multi_items())),
            request.headers.get("authorization"),
        )
    except OAuthError as exc:
        if exc.error in _GUESSES:
            guard.failed(key)
        answer = _oauth_error_response(exc)
        if exc.error == "invalid_client":
            # RFC 6749 section 5.2: a 401 names the scheme the client may authenticate with
            answer.headers["WWW-Authenticate"] = 'Basic realm="oauth"'
        return answer


@router.post("/deauthorize", include_in_schema=False)
async def deauthorize(request: Request) -> Response:
    """Sign out: revoke the token's whole grant. Unknown tokens are not an error (RFC 7009)."""
    state: ServerState = request.app.state.backend
    token = auth.bearer_token(request)
    if token is None:
        form = await _read_form(request)
        values = _params(list(form.multi_items())).get("token", []) if form is not None else []
        token = values[0] if len(values) == 1 and values[0] else None
    if token is None:
        return _oauth_error_response(OAuthError("invalid_request", "send the token to revoke"))
    await run_in_threadpool(auth.revoke_grant_of_token, state, token)
    return JSONResponse({}, headers={"Cache-Control": "no-store"})
