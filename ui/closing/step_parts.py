"""What the closing walkthrough's steps share: the page ids and the way they write money and
make their labels and scrolling pages.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from ui.common.formats import format_money


class PageId(enum.IntEnum):
    MEANING = 0
    CHECKLIST = 1
    ACCESS = 2
    REASON = 3
    WHEN = 4
    CONFIRM = 5
    ASSISTED = 6
    DONE = 7
    ALTERNATIVES = 8  # between MEANING and CHECKLIST, once, when the service offers them


def money(amount: Decimal, currency: str) -> str:
    """An amount as every page writes it (ui.common.formats)."""
    return format_money(amount, currency)


def make_label(text: str = "", *, name: str = "", bold: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    # Server text (firm and people's names) is never markup.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    return label


def in_scroll_area(page: QWizardPage, content: QWidget) -> None:
    """Put a page's content in a scroll area (small screens, large fonts)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
