"""Stand-in pages for the System group until the real screens are registered in their place."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.common.widgets import PageHeader
from ui.shell.page_registry import PageKey, PageSpec


class PlaceholderPage(QWidget):
    """A title and one sentence about what the screen will hold."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        self.header = PageHeader(title)
        self.description = QLabel(description)
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.description)
        layout.addStretch(1)


def _translate(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


def system_pages() -> list[PageSpec]:
    """The System group, in the service's order. Real screens replace these by key."""
    group = _translate("System")
    entries = [
        (
            PageKey.ACCOUNT,
            _translate("Account and Payment Info"),
            _translate(
                "Your firm's plan, seats, billing period and charges, online payments and"
                " escrow, and who the Primary Subscriber is."
            ),
        ),
        (
            PageKey.EXPORT,
            _translate("Data export"),
            _translate("Save a complete copy of your firm's data to a folder on this computer."),
        ),
        (
            PageKey.AVAILABILITY,
            _translate("Data availability"),
            _translate(
                "After the account is closed: how long your data stays available, day by day."
            ),
        ),
        (
            PageKey.HELP,
            _translate("Help"),
            _translate("What closing the account means, in plain words."),
        ),
    ]
    return [
        PageSpec(
            key=key,
            group=group,
            title=title,
            factory=functools.partial(PlaceholderPage, title, text),
        )
        for key, title, text in entries
    ]
