"""What the shell shows when a server that did answer refuses the app (the firm's account is
closed and its data deleted, or this user may no longer sign in): the wording every page shares,
from ui.common.service_refusal."""

from __future__ import annotations

from ui.common.service_refusal import refusal_text, saved_closing_text


def server_answer(error: BaseException, origin: str | None) -> str | None:
    """What a refusal by a server that did answer means, with the closing dates saved on
    this computer; None for anything else (unreachable, a bug)."""
    return refusal_text(error, origin)


__all__ = ["saved_closing_text", "server_answer"]
