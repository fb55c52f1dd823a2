"""What the sign-in dialog and the firm's connection assistant are both built from: wrapped
plain-text labels, read-only addresses with a button beside them, the waiting bar, the problem
line, and a dialog that runs one background job at a time, ends with its problem line and two
buttons, and grows to show its wrapped texts.

Every text shown is given by the dialog, translated in its own context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.background import Job
from ui.common.widgets import use_warning_colour


def wrapped_label(text: str = "", name: str = "") -> QLabel:
    """A label whose plain text wraps at the dialog's width."""
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def problem_label(name: str, accessible: str) -> QLabel:
    """The line that says what went wrong: in the warning colour, selectable to copy, hidden
    until there is something to say."""
    label = wrapped_label(name=name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible)
    use_warning_colour(label)
    label.hide()
    return label


def address_field(name: str, accessible: str, text: str = "") -> QLineEdit:
    """An address to read or copy, not to edit, shown from its start."""
    field = QLineEdit(text)
    field.setObjectName(name)
    field.setReadOnly(True)
    field.setAccessibleName(accessible)
    field.setCursorPosition(0)
    return field


def address_row(address: QLineEdit, button: QPushButton) -> QHBoxLayout:
    """The address across the row, with its button (open, copy) at the end."""
    row = QHBoxLayout()
    row.addWidget(address, 1)
    row.addWidget(button)
    return row


def side_button(
    text: str,
    name: str,
    on_click: Callable[[], object],
    *,
    accessible_name: str = "",
    description: str = "",
) -> QPushButton:
    """A button beside the dialog's steps (open, copy, connect): Enter never presses it, it
    stays for the dialog's main button."""
    button = QPushButton(text)
    button.setObjectName(name)
    if accessible_name:
        button.setAccessibleName(accessible_name)
    if description:
        button.setAccessibleDescription(description)
    button.setAutoDefault(False)
    button.clicked.connect(on_click)
    return button


def copy_address(address: str, button: QPushButton, copied: str) -> None:
    """Put the address on the clipboard; the button says it is done."""
    QGuiApplication.clipboard().setText(address)
    button.setText(copied)


def waiting_bar(accessible: str) -> QProgressBar:
    """A moving bar for a wait of unknown length (on the browser, on the service), hidden
    until the wait starts."""
    bar = QProgressBar()
    bar.setRange(0, 0)  # indeterminate: we wait on a person or a server
    bar.setTextVisible(False)
    bar.setAccessibleName(accessible)
    bar.hide()
    return bar


class JobDialog(QDialog):
    """A dialog that runs at most one background job (through ui.common.background): Cancel
    or closing the dialog stops it. Subclasses make `error_label` (see `problem_label`)."""

    error_label: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._job: Job[Any] | None = None

    def _on_job_cancelled(self) -> None:
        self._job = None

    def _cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def reject(self) -> None:
        self._cancel_job()
        super().reject()

    def end_layout(
        self, layout: QVBoxLayout, accept: QPushButton, cancel: QPushButton, min_width: int
    ) -> None:
        """The dialog's last rows: the problem line, room to grow, then its two buttons."""
        buttons = QDialogButtonBox()
        buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(min_width)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    @property
    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def fit(self, *, to_size_hint: bool = False) -> None:
        """Grow to show every line of the wrapped texts (a dialog keeps its first height);
        with ``to_size_hint``, at least as tall as the layout would like too."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        height = max(self.height(), layout.totalHeightForWidth(width))
        if to_size_hint:
            height = max(height, self.sizeHint().height())
        self.resize(width, height)
