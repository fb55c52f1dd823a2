"""The System group's pages, wired explicitly: for each page key, the function that builds the
real screen from a `PageContext` (ui.common.page_context), and the status page shown instead
while nobody is signed in or while connecting.

Each page module is imported when its page is first built, not at start-up: the window must
appear before the heavy screens (and what they import) are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.common.page_context import PageContext, PageFactory
from ui.common.widgets import PageHeader
from ui.shell.page_registry import PageKey

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressBar, QPushButton


def _account_page(context: PageContext) -> QWidget:
    from ui.account.page import create_page

    return create_page(context)


def _export_page(context: PageContext) -> QWidget:
    from ui.export.page import create_page

    return create_page(context)


def _availability_page(context: PageContext) -> QWidget:
    from ui.closing.countdown_page import create_page

    return create_page(context)


def _help_page(context: PageContext) -> QWidget:
    from ui.help.page import create_page

    return create_page(context)


PAGE_FACTORIES: Mapping[str, PageFactory] = MappingProxyType(
    {
        PageKey.ACCOUNT: _account_page,
        PageKey.EXPORT: _export_page,
        PageKey.AVAILABILITY: _availability_page,
        PageKey.HELP: _help_page,
    }
)


class StatusPage(QWidget):
    """What a page shows while nobody is signed in, or while connecting."""

    def __init__(
        self,
        title: str,
        message: str,
        *,
        busy: bool = False,
        action_text: str | None = None,
        on_action: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusPage")
        self.header = PageHeader(title)
        self.message = QLabel(message)
        self.message.setObjectName("statusMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.message)
        self.progress: QProgressBar | None = None
        self.action_button: QPushButton | None = None
        # Imported only when needed: the page shown at start-up has neither, and each Qt
        # class costs start-up time the first time it is named.
        if busy:
            from PySide6.QtWidgets import QProgressBar

            self.progress = QProgressBar()
            self.progress.setRange(0, 0)
            self.progress.setTextVisible(False)
            self.progress.setMaximumWidth(320)
            self.progress.setAccessibleName(message)
            layout.addWidget(self.progress)
        if action_text and on_action is not None:
            from PySide6.QtWidgets import QPushButton

            self.action_button = QPushButton(action_text)
            self.action_button.setObjectName("statusAction")
            self.action_button.clicked.connect(lambda _checked=False: on_action())
            layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
