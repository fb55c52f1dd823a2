"""The account screen's building blocks: a titled block of plain sentences or label/value
rows, rebuilt on each update, and the selectable plain-text label its values use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget


def value_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Section(QGroupBox):
    """A titled block of plain sentences or label/value rows, rebuilt on each update."""

    def __init__(self, title: str, object_name: str) -> None:
        super().__init__(title)
        self.setObjectName(object_name)
        self.setAccessibleName(title)
        self._layout = QVBoxLayout(self)
        self._body: QWidget | None = None

    def clear(self) -> QVBoxLayout:
        if self._body is not None:
            # Hidden at once: deleteLater only runs on the next turn of the event loop.
            self._body.hide()
            self._layout.removeWidget(self._body)
            self._body.deleteLater()
        self._body = QWidget()
        inner = QVBoxLayout(self._body)
        inner.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._body)
        return inner

    def sentences(self, lines: list[str]) -> list[QLabel]:
        inner = self.clear()
        labels = []
        for line in lines:
            label = value_label(line)
            inner.addWidget(label)
            labels.append(label)
        return labels

    def text(self) -> str:
        """All text shown in the section (for tests and the accessible description)."""
        if self._body is None:
            return ""
        return "\n".join(label.text() for label in self._body.findChildren(QLabel) if label.text())
