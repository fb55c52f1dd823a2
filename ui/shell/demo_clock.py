"""The demo menu's "move the clock on": the reference backend's clock moves, a banner says to
when, and the pages reload as they would after that many days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from ui.common.error_text import error_text
from ui.common.formats import format_instant
from ui.common.page_context import SessionHub
from ui.common.widgets import NoticeKind

if TYPE_CHECKING:
    from app.session import Session
    from ui.common.background import CancelToken, ProgressCallback
    from ui.shell.main_window import MainWindow


def _t(text: str, disambiguation: str = "", n: int = -1) -> str:
    return QCoreApplication.translate("", text, disambiguation or None, n)


def advance_demo_clock(
    session: Session,
    days: int,
    window: MainWindow,
    hub: SessionHub,
    run: Callable[..., Any],
    refresh_pages: Callable[[], None],
) -> None:
    """Move the demo service's clock on `days` days, off the GUI thread (`run`)."""

    def op(_token: CancelToken, _report: ProgressCallback) -> datetime:
        return session.advance_demo_clock(days)

    def moved(server_time: datetime) -> None:
        # A banner rather than a status-bar message: it stays readable (the status bar's
        # permanent fields leave a message little room) until the person dismisses it.
        text = _t("The demo clock moved on %Ln day(s): it is now %1 on the demo service.", "", days)
        window.show_notice(
            "demo-clock", text.replace("%1", format_instant(server_time)), NoticeKind.INFO
        )
        hub.clock_moved.emit(server_time)
        refresh_pages()

    def failed(error: BaseException) -> None:
        window.show_notice(
            "problem",
            _t("The demo clock did not move: %1").replace("%1", error_text(error)),
            NoticeKind.ERROR,
        )

    run(op, moved, failed, "demo-clock")
