"""Milestone notifications while the app runs: a system-tray message where the desktop has a
tray, otherwise a callback that shows the message inside the window (the Data availability
page's notice). Which milestone is due is decided in app.closing.store.MilestoneWatch; this module
only delivers the message."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

log = logging.getLogger(__name__)

# How long a tray message stays up (milliseconds); the desktop may shorten it.
MESSAGE_MILLISECONDS = 15_000


def tray_available() -> bool:
    """True when the desktop shows tray icons and their messages (false offscreen)."""
    return QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()


class MilestoneNotifier(QObject):
    """Delivers a milestone message: the tray when there is one, else `in_window(title, text)`.
    `delivered` lists what was shown and how, for the person's history and for tests."""

    def __init__(
        self,
        in_window: Callable[[str, str], None] | None = None,
        parent: QObject | None = None,
        *,
        use_tray: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self._in_window = in_window
        self._use_tray = tray_available() if use_tray is None else use_tray
        self._icon: QSystemTrayIcon | None = None
        self.delivered: list[tuple[str, str, str]] = []  # (how, title, text)

    def set_in_window(self, in_window: Callable[[str, str], None] | None) -> None:
        self._in_window = in_window

    @property
    def uses_tray(self) -> bool:
        return self._use_tray

    def _tray_icon(self) -> QSystemTrayIcon:
        if self._icon is None:
            app = QApplication.instance()
            style = app.style() if isinstance(app, QApplication) else None
            icon = (
                style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
                if style is not None
                else None
            )
            self._icon = QSystemTrayIcon(self)
            if icon is not None:
                self._icon.setIcon(icon)
            self._icon.setToolTip(self.tr("Account Desk"))
        return self._icon

    def notify(self, title: str, text: str) -> None:
        if self._use_tray:
            tray = self._tray_icon()
            tray.show()
            tray.showMessage(
                title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MILLISECONDS
            )
            self.delivered.append(("tray", title, text))
            log.info("milestone shown in the system tray: %s", title)
            return
        if self._in_window is not None:
            self._in_window(title, text)
            self.delivered.append(("window", title, text))
            log.info("milestone shown in the window: %s", title)
            return
        log.info("milestone not shown (no tray, no window): %s", title)
