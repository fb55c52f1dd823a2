"""What every page of the main window is built from: the signed-in session, the hub whose
signals tell pages what happened elsewhere, and the few things a page may ask the shell to do.

Each page module offers `create_page(context: PageContext) -> QWidget`; ui.shell.pages lists
them, and the shell builds a page again (with a new context) whenever someone signs in or out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.session import Session


class SessionHub(QObject):
    """Signals pages may connect to (all emitted on the GUI thread)."""

    # The new Session, or None after signing out.
    session_changed = Signal(object)
    # The reference backend's new time (an aware datetime) after a demo clock move.
    clock_moved = Signal(object)
    # app.session.ConnectionStatus of the current session.
    connection_changed = Signal(object)
    # Reload what is shown (after a clock move or when the connection comes back).
    refresh_requested = Signal()


def _no_export_wizard() -> None:
    """Outside the main window (tests, screenshots) there is no Data export page to go to."""


@dataclass(frozen=True)
class PageContext:
    """Everything a page is given. `open_export_wizard` goes to Data export and starts a new
    export there (the availability page's "export your data")."""

    session: Session
    hub: SessionHub
    open_export_wizard: Callable[[], None] = _no_export_wizard


PageFactory = Callable[[PageContext], "QWidget"]
