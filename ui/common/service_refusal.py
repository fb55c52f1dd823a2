"""What the person reads when a server that did answer refuses the app: the firm's account is
closed and its practice data deleted (410 `ContentDeleted`), or this user may no longer sign in.
Every page words it the same way, with the closing dates this computer saved.

    refused = refusal_text(error, session.server.origin)   # None: not such a refusal
    probe_data_api(session.http)  # raises Gone once the content is deleted (no self-service)
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication

from app.errors import Gone, SignInFailed

log = logging.getLogger(__name__)

WHO_AM_I = "/api/v4/users/who_am_i.json"


def _t(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


class _JsonReader(Protocol):
    def get_json(self, url: str, params: Any = None) -> Any: ...


def probe_data_api(http: _JsonReader) -> None:
    """One small data-API read: raises `Gone` once the content is deleted, and the sign-in
    errors when this user may no longer read (for services without a self-service API)."""
    http.get_json(WHO_AM_I, {"fields": "id"})


def content_deleted(error: BaseException) -> bool:
    """The server answered that the firm's content is deleted."""
    return isinstance(error, Gone)


def access_ended(error: BaseException) -> bool:
    """The server refused this user's sign-in (after closing, only some people keep access)."""
    return isinstance(error, SignInFailed) and error.detail == "access_denied"


def refusal_text(error: BaseException, origin: str | None) -> str | None:
    """What a refusal by a server that did answer means, with the closing dates saved on
    this computer; None for anything else (unreachable, a bug)."""
    if content_deleted(error):
        text = _t(
            "The server answered: the firm's account is closed and its practice data has"
            " been deleted, so nothing can be read or exported any more."
        )
    elif access_ended(error):
        from ui.common.formats import access_rule_text

        text = _t(
            "The server answered that this user may not sign in. If the firm's account was"
            " closed: %1"
        ).replace("%1", access_rule_text())
    else:
        return None
    saved = saved_closing_text(origin)
    return text + (" " + saved if saved else "")


def saved_closing_text(origin: str | None) -> str:
    """The closing dates saved on this computer for the server at `origin`; "" when none."""
    if not origin:
        return ""
    from app.closing.store import ClosingSource, ClosingStore
    from app.net.servers import local_server
    from ui.common.formats import format_day, format_moment, local_zone

    try:
        known = ClosingStore(local_server(origin).origin).known_closing()
    except (OSError, ValueError) as exc:
        log.info("saved closing dates unreadable: %s", exc)
        return ""
    if known is None:
        return ""
    dates = known.dates
    text = (
        _t(
            "Saved on this computer: the account was closed on %1; the practice data was"
            " reachable until the end of %2 (UTC) and deleted at %3."
        )
        .replace("%1", format_day(dates.closing_day))
        .replace("%2", format_day(dates.content_last_day))
        .replace("%3", format_moment(dates.content_deleted_at, local_zone()))
    )
    if dates.escrow_last_day is not None:
        text += " " + _t("Escrowed data is kept until the end of %1 (UTC).").replace(
            "%1", format_day(dates.escrow_last_day)
        )
    if known.source is ClosingSource.ENTERED:
        text += " " + _t("(The closing day was entered by you, not confirmed by the service.)")
    return text
