"""The pages OAuth's authorization endpoint shows in the browser: the sign-in form (choose a
seeded user, enter the password) and the page for a request that cannot go back to its client.
Neither may be framed or cached."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from fastapi.responses import HTMLResponse

from server.firm import FIRM_NAME, SEED_USERS

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Sign in - Account Desk reference service</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; }}
label {{ display: block; margin-top: 1rem; }}
select, input {{ font-size: 1rem; width: 100%; }}
.error {{ color: #a00; }} .actions {{ margin-top: 1.5rem; display: flex; gap: 1rem; }}
</style></head>
<body>
<h1>Sign in</h1>
<p>Sign in to {firm} to let Account Desk see your account.</p>
{message}
<form method="post" action="/oauth/authorize">
{hidden}
<label for="user_id">User</label>
<select id="user_id" name="user_id">{options}</select>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" autofocus>
<div class="actions">
<button type="submit" name="action" value="deny">Cancel</button>
<button type="submit" name="action" value="approve">Sign in</button>
</div>
</form>
</body></html>
"""

_FORWARDED = (
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "code_challenge",
    "code_challenge_method",
    "login_hint",
)


def sign_in_page(
    params: dict[str, list[str]],
    login_hint: str | None,
    redirect_uri: str,
    message: str,
    status: int,
) -> HTMLResponse:
    """The sign-in form, carrying the authorization request's parameters on as hidden fields;
    `message` (plain text) is shown as an error above it."""
    hidden = "\n".join(
        f'<input type="hidden" name="{name}" value="{html.escape(params[name][0])}">'
        for name in _FORWARDED
        if params.get(name)
    )
    hint = (login_hint or "").strip().lower()
    options = "".join(
        f'<option value="{u.id}"{" selected" if u.email == hint else ""}>'
        f"{html.escape(u.name)} ({html.escape(u.role.value.replace('_', ' '))})</option>"
        for u in SEED_USERS
    )
    body = _PAGE.format(
        firm=html.escape(FIRM_NAME),
        message=f'<p class="error" role="alert">{html.escape(message)}</p>' if message else "",
        hidden=hidden,
        options=options,
    )
    # browsers apply form-action to the redirect that follows the POST: allow the app's origin
    parts = urlsplit(redirect_uri)
    csp = f"{_CSP} {parts.scheme}://{parts.netloc}"
    return HTMLResponse(
        body, status_code=status, headers={**_PAGE_HEADERS, "Content-Security-Policy": csp}
    )


_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"
# The sign-in page must not be framed (clickjacking) nor cached.
_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": _CSP,
}


def problem_page(message: str) -> HTMLResponse:
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cannot sign in'
        f"</title></head><body><h1>Cannot sign in</h1><p>{html.escape(message)}</p></body></html>"
    )
    return HTMLResponse(body, status_code=400, headers=_PAGE_HEADERS)
