"""The few typed errors the core raises for anything that goes wrong talking to a server.

Every error carries a sentence a person understands (`str(error)` / `error.message`, in
English: the CLI and the logs use it), a stable `code` naming that sentence with its `params`
(the interface shows its own translation of it, see ui/common/error_text.py), a `retryable` flag
(would trying again later plausibly help?) and, for HTTP answers, the status, the server's
error type and its parsed JSON body. Logs get `detail`. Nothing here ever holds a token.
"""

# The names are the ones the product speaks of (NotFound, Gone, ...), not "...Error".
# ruff: noqa: N818

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self


class AccountDeskError(Exception):
    """Base of every error the core raises on purpose."""

    retryable = False
    # Names default_message; each class has its own (a test keeps them unique and translated).
    code = "error"
    default_message = "Something went wrong."

    def __init__(
        self,
        message: str | None = None,
        *,
        detail: str = "",
        code: str | None = None,
        params: Mapping[str, str] | None = None,
    ) -> None:
        """`message` replaces the class's sentence; then `code` names it (with `params`, the
        values of its {name} placeholders), or it has none ("") and is shown as it is."""
        self.message = message or self.default_message
        # Technical detail for the log (never shown as the only text, never holds a token).
        self.detail = detail
        self.code = code or (type(self).code if message is None else "")
        self.params: dict[str, str] = dict(params or {})
        super().__init__(self.message)

    @classmethod
    def coded(cls, code: str, template: str, *, detail: str = "", **params: str) -> Self:
        """An error whose sentence is `template` with its {name} placeholders filled from
        `params` (kept for the interface's translation of `code`)."""
        return cls(template.format(**params), detail=detail, code=code, params=params)


class Cancelled(AccountDeskError):
    """The person (or the app on their behalf) cancelled the operation."""

    code = "cancelled"
    default_message = "The operation was cancelled."


class SignInFailed(AccountDeskError):
    """The sign-in did not complete (refused in the browser, or an invalid answer)."""

    code = "sign_in_failed"
    default_message = "Sign-in did not complete. Please try again."


class InsecureURL(AccountDeskError):
    """An address that is not https (plain http is only allowed to this computer)."""

    code = "insecure_url"
    default_message = (
        "Account Desk only talks to servers over a secure (https) connection. "
        "Check the server address."
    )


class ConnectionFailed(AccountDeskError):
    """The server could not be reached, or the connection broke off mid-answer."""

    retryable = True
    code = "connection_failed"
    default_message = (
        "Account Desk could not reach the server. Check your internet connection and try again."
    )


class Offline(ConnectionFailed):
    """The server's name could not be resolved or the network is unreachable."""

    code = "offline"
    default_message = "This computer seems to be offline. Check your internet connection."


class TimedOut(AccountDeskError):
    """The server did not answer in time."""

    retryable = True
    code = "timed_out"
    default_message = "The server took too long to answer. Try again in a moment."


class BadResponse(AccountDeskError):
    """The server answered with something the app cannot read (malformed JSON, wrong shape)."""

    code = "bad_response"
    default_message = (
        "The server sent an answer Account Desk cannot read. Try again later; if it keeps "
        "happening, contact support."
    )


class HttpError(AccountDeskError):
    """The server answered with an error status. Subclasses say which kind."""

    code = "http_error"
    default_message = "The server refused the request."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int,
        error_type: str | None = None,
        server_message: str | None = None,
        body: Mapping[str, Any] | None = None,
        url: str = "",
        detail: str = "",
    ) -> None:
        self.status = status
        # The server's machine-readable reason, e.g. "invalid_token", "not_primary_subscriber",
        # "ContentDeleted", "invalid_grant" (both the contract's and OAuth's error shapes).
        self.error_type = error_type
        self.server_message = server_message
        # The whole parsed error body (e.g. 403 not_primary_subscriber carries "support").
        self.body: Mapping[str, Any] = body or {}
        # Scheme, host and path only: queries may hold signatures or codes.
        self.url = url
        super().__init__(
            message, detail=detail or f"HTTP {status} {error_type or ''} {url}".strip()
        )


class AuthenticationRequired(HttpError):
    """Signed out, token expired and could not be refreshed, or the server wants a new sign-in
    (`error_type` "reauth_required")."""

    code = "authentication_required"
    default_message = "Your sign-in has expired. Please sign in again."


class PermissionDenied(HttpError):
    """403: this user may not do this (`error_type` says why, e.g. "not_primary_subscriber")."""

    code = "permission_denied"
    default_message = "Your account is not allowed to do this."


class NotFound(HttpError):
    code = "not_found"
    default_message = "The server could not find what Account Desk asked for."


class Gone(HttpError):
    """410: for example the firm's content was deleted after the retention period."""

    code = "gone"
    default_message = "This data is no longer available on the server."


class Conflict(HttpError):
    """409: the request clashes with the current state (e.g. "already_closed")."""

    code = "conflict"
    default_message = "The request clashes with the account's current state."


class InvalidRequest(HttpError):
    """400/422 and other 4xx: the server rejected what was sent."""

    code = "invalid_request"
    default_message = "The server did not accept the request."


class RateLimited(HttpError):
    """429 that kept coming back longer than the app is willing to wait."""

    retryable = True
    code = "rate_limited"
    default_message = "The server is busy with too many requests. Try again in a minute."

    def __init__(
        self, message: str | None = None, *, retry_after: float | None = None, **kwargs: Any
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class ServerError(HttpError):
    """5xx that persisted through the retries."""

    retryable = True
    code = "server_error"
    default_message = "The server had a problem. Try again in a few minutes."


def status_error_class(status: int) -> type[HttpError]:
    """The error class for an HTTP error status."""
    if status == 401:
        return AuthenticationRequired
    if status == 403:
        return PermissionDenied
    if status == 404:
        return NotFound
    if status == 410:
        return Gone
    if status == 409:
        return Conflict
    if status == 429:
        return RateLimited
    if status >= 500:
        return ServerError
    return InvalidRequest
