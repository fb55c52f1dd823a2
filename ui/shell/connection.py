"""Keeps the status bar's connection true for the signed-in session, and while the server cannot
be reached tries it again after growing delays (2 s up to a minute). When the server is back the
pages reload; when it answers that the sign-in is no longer valid, the person is asked to sign
in again; when it answers that the firm's data is gone, that is said and nobody retries."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ui.common.widgets import NoticeKind
from ui.shell.page_registry import ConnectionState
from ui.shell.server_answer import server_answer

if TYPE_CHECKING:
    from app.session import Session
    from ui.common.background import CancelToken, ProgressCallback
    from ui.common.page_context import SessionHub
    from ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

# Milliseconds between attempts to reach the server again while offline (the last one repeats).
RETRY_DELAYS_MS = (2_000, 5_000, 10_000, 30_000, 60_000)

# run(op, on_success, on_failure, name): a background job its owner cancels on shutdown.
RunJob = Callable[
    [
        Callable[["CancelToken", "ProgressCallback"], Any],
        Callable[[Any], None],
        Callable[[BaseException], None],
        str,
    ],
    object,
]


class ConnectionKeeper(QObject):
    """The connection of whatever session `current()` returns. GUI thread only, except
    `status_from_any_thread` (a session listener)."""

    _session_status = Signal()  # from any thread: the session's connection changed

    def __init__(
        self,
        window: MainWindow,
        hub: SessionHub,
        current: Callable[[], Session | None],
        run: RunJob,
        *,
        reload_pages: Callable[[], None],
        sign_in_again: Callable[[BaseException], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._hub = hub
        self._current = current
        self._run = run
        self._reload_pages = reload_pages
        self._sign_in_again = sign_in_again
        self._closed = False
        self._attempt = 0
        self._announced_status: object = None
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self._reconnect)
        self._session_status.connect(self._on_session_status, Qt.ConnectionType.QueuedConnection)

    def stop(self) -> None:
        """No more retries (signed out); `close()` also for good (the app quits)."""
        self.retry_timer.stop()

    def close(self) -> None:
        self._closed = True
        self.retry_timer.stop()

    def status_from_any_thread(self, _session: Session) -> None:
        if not self._closed and shiboken6.isValid(self):
            self._session_status.emit()

    @Slot()
    def _on_session_status(self) -> None:
        session = self._current()
        if self._closed or session is None:
            return
        self.show()
        if session.status is not self._announced_status:
            self._announced_status = session.status
            self._hub.connection_changed.emit(session.status)

    def show(self) -> None:
        """The status bar shows the session's connection; offline starts the retries."""
        from app.session import ConnectionStatus

        session = self._current()
        if session is None:
            return
        self._window.set_last_refresh(session.last_refresh)
        if session.status is ConnectionStatus.OFFLINE:
            if not self.retry_timer.isActive():
                self._window.set_connection_state(ConnectionState.OFFLINE)
                self._schedule_retry()
        else:
            self._attempt = 0
            self.retry_timer.stop()
            self._window.set_connection_state(ConnectionState.ONLINE)

    def _schedule_retry(self) -> None:
        if self._closed:
            return
        delay = RETRY_DELAYS_MS[min(self._attempt, len(RETRY_DELAYS_MS) - 1)]
        self._attempt += 1
        log.info("trying the server again in %d s", delay // 1000)
        self.retry_timer.start(delay)

    def retry_now(self) -> None:
        """Try to reach the server again at once (the retry timer's job)."""
        self.retry_timer.stop()
        self._reconnect()

    @Slot()
    def _reconnect(self) -> None:
        session = self._current()
        if session is None or self._closed:
            return
        window = self._window
        window.set_connection_state(ConnectionState.RECONNECTING)

        def op(token: CancelToken, _report: ProgressCallback) -> None:
            session.connect(cancel=token)

        def back(_result: object) -> None:
            if session is not self._current():
                return
            window.set_signed_in(session.display_name)
            self.show()
            self._reload_pages()

        def failed(error: BaseException) -> None:
            from app.errors import AuthenticationRequired
            from app.session import UNREACHABLE

            if session is not self._current():
                return
            answered = server_answer(error, session.server.origin)
            if isinstance(error, UNREACHABLE):
                window.set_connection_state(ConnectionState.OFFLINE)
                self._schedule_retry()
            elif answered is not None:
                # The server answers, and says the content is gone: not offline, no retrying;
                # the pages ask again and say the same (ui.common.service_refusal).
                window.set_connection_state(ConnectionState.ONLINE)
                window.show_notice("problem", answered, NoticeKind.ERROR)
                self._reload_pages()
            elif isinstance(error, AuthenticationRequired):
                self._sign_in_again(error)
            else:
                window.set_connection_state(ConnectionState.OFFLINE)
                self._schedule_retry()
                log.warning("reconnecting failed: %r", error)

        self._run(op, back, failed, "reconnect")
