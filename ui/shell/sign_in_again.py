"""Sign in again, in place: when the service refuses the refresh token (the sign-in was revoked,
or has lasted too long), a banner above the pages says so and offers "Sign in again". The new
sign-in is the same person's, for the same session (app.session.Session.sign_in_again), so every
page keeps what it shows; once it is done, the pages reload.

    SignInAgain(window, session, run=application._run, then=application.refresh_pages)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QPushButton

from ui.common.error_text import error_text
from ui.common.widgets import NoticeKind

if TYPE_CHECKING:
    from app.session import Session
    from ui.common.background import CancelToken, Job, ProgressCallback
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

NOTICE = "sign-in-again"

Runner = Callable[
    [
        Callable[["CancelToken", "ProgressCallback"], Any],
        Callable[[Any], None],
        Callable[[BaseException], None],
        str,
    ],
    "Job[Any]",
]


class SignInAgain(QObject):
    """Watches one session's sign-in (see the module doc). Lives as long as the window."""

    _ended = Signal()  # from any thread

    def __init__(
        self,
        window: MainWindow,
        session: Session,
        run: Runner,
        then: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self._run = run
        self._then = then
        self._busy = False
        self.button: QPushButton | None = None
        self._ended.connect(self.offer, Qt.ConnectionType.QueuedConnection)
        session.auth.sign_in_ended.append(self._from_any_thread)

    def _from_any_thread(self) -> None:
        if shiboken6.isValid(self):
            self._ended.emit()

    @Slot()
    def offer(self) -> None:
        """Show the banner with its button (once, however many requests were refused)."""
        if self.window.notice(NOTICE) is not None:
            return
        banner = self.window.show_notice(
            NOTICE,
            self.tr(
                "Your sign-in has ended: the service no longer accepts it. Sign in again to"
                " continue; every page keeps what it shows."
            ),
            NoticeKind.WARNING,
            dismissible=False,
        )
        button = QPushButton(self.tr("Sign &in again"), banner)
        button.setObjectName("signInAgainButton")
        button.clicked.connect(self.sign_in_again)
        layout = banner.layout()
        if layout is not None:
            layout.addWidget(button)
        button.show()  # the banner is on screen already: a new child is not shown with it
        self.button = button
        button.setFocus()

    def sign_in_again(self) -> None:
        if self._busy:
            return
        self._busy = True
        session = self.session
        banner = self.window.notice(NOTICE)
        if banner is not None:
            banner.set_text(
                self.tr(
                    "Your browser has opened. Sign in there as before; this window continues"
                    " by itself."
                )
            )
        if self.button is not None:
            self.button.setEnabled(False)

        def op(token: CancelToken, _report: ProgressCallback) -> None:
            session.sign_in_again(cancel=token)

        self._run(op, self._signed_in, self._failed, "sign-in-again")

    def _signed_in(self, _result: object) -> None:
        self._busy = False
        self.button = None
        self.window.hide_notice(NOTICE)
        self._then()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        log.warning("signing in again failed: %r", error)
        banner = self.window.notice(NOTICE)
        if banner is not None:
            banner.set_text(
                self.tr("Signing in again did not work: %1 Try again.").replace(
                    "%1", error_text(error)
                )
            )
        if self.button is not None:
            self.button.setEnabled(True)
            self.button.setFocus()
