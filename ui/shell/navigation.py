"""How the Settings navigation draws its rows: group headers in bold with space above, pages
indented beneath them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter

# Item data: the page key of a page row; True on a group header row.
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2
_HEADER_INDENT = 6
_PAGE_INDENT = 20


class NavigationDelegate(QStyledItemDelegate):
    """Group headers in bold with space above; pages indented beneath them, taller rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._measuring = False

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.data(HEADER_ROLE) and not self._measuring:
            # Imported here: QStyle's many enums take long to build, and sizes (all that is
            # needed before the window first shows) do not depend on the look below.
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QStyle

            # Disabled only so the keyboard skips it: draw it as normal text.
            option.state |= QStyle.StateFlag.State_Enabled
            option.palette.setCurrentColorGroup(QPalette.ColorGroup.Active)
            option.palette.setBrush(
                QPalette.ColorGroup.Disabled,
                QPalette.ColorRole.Text,
                option.palette.brush(QPalette.ColorGroup.Active, QPalette.ColorRole.Text),
            )

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if index.data(HEADER_ROLE):
            adjusted = QStyleOptionViewItem(option)
            adjusted.rect = option.rect.adjusted(_HEADER_INDENT, option.rect.height() // 3, 0, 0)
            super().paint(painter, adjusted, index)
        else:
            adjusted = QStyleOptionViewItem(option)
            adjusted.rect = option.rect.adjusted(_PAGE_INDENT, 0, 0, 0)
            super().paint(painter, adjusted, index)

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self._measuring = True  # see initStyleOption
        try:
            size = super().sizeHint(option, index)
        finally:
            self._measuring = False
        extra = size.height() // 2 if index.data(HEADER_ROLE) else size.height() // 3
        return QSize(size.width() + _PAGE_INDENT, size.height() + extra)
