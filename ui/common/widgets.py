"""Small widgets every screen shares: a page header with actions on the right, a notice banner,
the confirmation question (one function, so tests can answer it without a native dialog), and
the warning red that stays readable in light and dark palettes."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

# Warning reds, tried in order: the deep red that reads on light backgrounds, then a light red
# for dark ones. WCAG asks a contrast of at least 4.5 for normal-size text.
WARNING_REDS = ("#a40000", "#ff8a80", "#ffb3ad")
MIN_TEXT_CONTRAST = 4.5


def _luminance(colour: QColor) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def warning_colour(palette: QPalette | None = None) -> QColor:
    """A red for warnings that reads on the palette's window and button backgrounds (the
    application's palette unless told): deep red on a light theme, light red on a dark one."""
    palette = palette or QApplication.palette()
    role = QPalette.ColorRole
    backgrounds = [palette.color(role.Window), palette.color(role.Button)]
    candidates = [QColor(name) for name in WARNING_REDS]
    for colour in candidates:
        if all(contrast_ratio(colour, bg) >= MIN_TEXT_CONTRAST for bg in backgrounds):
            return colour
    return max(candidates, key=lambda c: min(contrast_ratio(c, bg) for bg in backgrounds))


class _WarningStyle(QObject):
    """Keeps a widget's warning colour right when the palette changes (a theme switch)."""

    def __init__(self, widget: QWidget, rule: str) -> None:
        super().__init__(widget)
        self._rule = rule
        self._apply(widget)
        widget.installEventFilter(self)

    def _apply(self, widget: QWidget) -> None:
        sheet = self._rule.replace("{colour}", warning_colour(widget.palette()).name())
        if widget.styleSheet() != sheet:  # setting it again would loop through PaletteChange
            widget.setStyleSheet(sheet)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange and isinstance(watched, QWidget):
            self._apply(watched)
        return False


def use_warning_colour(widget: QWidget, rule: str = "color: {colour};") -> None:
    """Style `widget` with the warning red (`{colour}` in the style sheet `rule`), readable in
    the current palette and kept so when the palette changes."""
    _WarningStyle(widget, rule)


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
