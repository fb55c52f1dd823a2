"""Small widgets every screen shares: a page header with actions on the right, a notice banner,
and the confirmation question (one function, so tests can answer it without a native dialog)."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)


class NoticeKind(enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# Background, border, text. Chosen for contrast on light and dark system palettes alike.
_BANNER_COLOURS = {
    NoticeKind.INFO: ("#e8f1fb", "#8db4e2", "#0b2e55"),
    NoticeKind.WARNING: ("#fff4d6", "#e0b84c", "#4a3500"),
    NoticeKind.ERROR: ("#fde7e7", "#e08a8a", "#5c0b0b"),
}


class NoticeBanner(QFrame):
    """A full-width message above the content: plain text, optional close button."""

    dismissed = Signal()

    def __init__(
        self,
        text: str,
        kind: NoticeKind = NoticeKind.INFO,
        dismissible: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"notice-{kind.value}")
        background, border, foreground = _BANNER_COLOURS[kind]
        self.setStyleSheet(
            f"NoticeBanner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; }}"
            f" NoticeBanner QLabel {{ color: {foreground}; background: transparent; }}"
        )
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        self.close_button: QToolButton | None = None
        if dismissible:
            self.close_button = QToolButton()
            self.close_button.setText("✕")
            self.close_button.setAutoRaise(True)
            label = QCoreApplication.translate("NoticeBanner", "Dismiss this notice")
            self.close_button.setToolTip(label)
            self.close_button.setAccessibleName(label)
            self.close_button.clicked.connect(self._dismiss)
            layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(text)
        self.setAccessibleDescription(
            QCoreApplication.translate("NoticeBanner", "Notice")
            if kind is NoticeKind.INFO
            else QCoreApplication.translate("NoticeBanner", "Warning")
        )

    @property
    def text(self) -> str:
        return self.label.text()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()


class PageHeader(QWidget):
    """A page's title on the left and its main actions on the right (e.g. Close Account)."""

    def __init__(
        self, title: str, actions: Sequence[QWidget] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title)
        font = QFont(self.title_label.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setAccessibleName(title)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(self.title_label, 1)
        for action in actions:
            layout.addWidget(action, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)


def ask_confirmation(
    parent: QWidget | None,
    title: str,
    text: str,
    confirm_label: str,
    informative_text: str = "",
) -> bool:
    """Ask before doing something the person may regret. The confirm button names the action;
    the safe button (Cancel) has the focus and answers Escape. True when confirmed."""
    # Imported when first asked: not needed before the main window is shown.
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if informative_text:
        box.setInformativeText(informative_text)
    confirm = box.addButton(confirm_label, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is confirm


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """Tell the person an action failed (a known failure; crashes go to the crash dialog)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.exec()
