"""What the person reads when a server that did answer refuses the app (the firm's account is
closed and its data deleted, or this user may no longer sign in), with the closing dates this
computer saved when the account was closed."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


def server_answer(error: BaseException, origin: str | None) -> str | None:
    """What a refusal by a server that did answer means, with the closing dates saved on
    this computer; None for anything else (unreachable, a bug)."""
    from app.errors import Gone, SignInFailed

    if isinstance(error, Gone):
        text = _t(
            "The server answered: the firm's account is closed and its practice data has"
            " been deleted, so nothing can be read or exported any more."
        )
    elif isinstance(error, SignInFailed) and error.detail == "access_denied":
        text = _t(
            "The server answered that this user may not sign in. If the firm's account was"
            " closed: %1"
        )
        from ui.common.formats import access_rule_text

        text = text.replace("%1", access_rule_text())
    else:
        return None
    saved = saved_closing_text(origin)
    return text + (" " + saved if saved else "")


def saved_closing_text(origin: str | None) -> str:
    """The closing dates saved on this computer for the server at `origin`; "" when none."""
    if not origin:
        return ""
    from app.closing.store import ClosingStore
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
    return text
