"""The parts of the Data availability page: the milestones' and capabilities' names, what it
says while the account is open, the Documents folder, the countdown cards and the timeline table
whose rows wrap.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QVBoxLayout,
)

from app.closing.retention import Capability, MilestoneKind, RetentionDates
from ui.common.formats import access_rule_text, format_deadline, format_moment


def _tr(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context; with
    # `n`, %n/%Ln is the count and the translation file picks the plural form.
    return QCoreApplication.translate("", text, disambiguation or None, n)


def milestone_title(kind: MilestoneKind) -> str:
    return {
        MilestoneKind.CLOSED: _tr("Account closed"),
        MilestoneKind.DAYS_LEFT_30: _tr("30 days left to export"),
        MilestoneKind.DAYS_LEFT_7: _tr("7 days left to export"),
        MilestoneKind.DAYS_LEFT_1: _tr("1 day left to export"),
        MilestoneKind.CONTENT_DELETED: _tr("Practice data deleted"),
        MilestoneKind.ESCROW_ENDED: _tr("Escrow ends"),
        MilestoneKind.TODAY: _tr("Today"),
    }[kind]


def capability_text(capability: Capability) -> str:
    return {
        Capability.SIGN_IN_AND_EDIT: _tr("All users sign in and work as usual"),
        Capability.CLIENT_PORTAL: _tr("Clients use the client portal"),
        Capability.SIGN_IN_READ_ONLY: access_rule_text(),
        Capability.EXPORT_CONTENT: _tr("Export the firm's data"),
        Capability.ESCROWED_DATA: _tr("Escrowed data is kept for the firm"),
    }[capability]


def active_texts(
    firm: str,
    escrow: bool | None,
    scheduled: datetime | None,
    dates: RetentionDates,
    tz: tzinfo,
) -> tuple[str, str]:
    """The Data availability page's status and escrow sentences while the account is open (or
    closes by itself at the end of the paid period, at `scheduled`)."""
    if scheduled is not None:
        status = _tr(
            "The account of %1 is active until %2, when it closes by itself at the end of the"
            " paid period. Then the firm's clients lose access and the practice data stays"
            " reachable until %3, then is deleted for good."
        ).replace("%2", format_moment(scheduled, tz))
    else:
        status = _tr(
            "The account of %1 is active: nothing is counting down. If it were closed today,"
            " the firm's clients would lose access at once and the practice data would stay"
            " reachable until %2, then be deleted for good."
        )
    status = (
        status.replace("%1", firm).replace(
            "%3" if scheduled is not None else "%2",
            format_deadline(dates.content_last_day, tz),
        )
        + " "
        + access_rule_text()
    )
    if escrow and dates.escrow_last_day is not None and scheduled is not None:
        escrow_text = _tr(
            "The firm has an escrow arrangement: after the scheduled closing, escrowed data"
            " is kept until %1."
        ).replace("%1", format_deadline(dates.escrow_last_day, tz))
    elif escrow and dates.escrow_last_day is not None:
        escrow_text = _tr(
            "The firm has an escrow arrangement: after a closing today, escrowed data would"
            " be kept until %1."
        ).replace("%1", format_deadline(dates.escrow_last_day, tz))
    elif escrow is False:
        escrow_text = _tr("The firm has no escrow arrangement.")
    else:
        escrow_text = _tr("Escrow: not known yet.")
    return status, escrow_text


def documents_folder() -> Path:
    """The person's Documents folder as the desktop names it (XDG, Windows, macOS); their home
    folder when there is none, so a save dialog never starts in the working directory."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


class WrapDelegate(QStyledItemDelegate):
    """Row heights for wrapped text at the column's real width (QTreeView asks its delegate
    for a size hint without the column width, so wrapped lines would be cut off)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        sized = QStyleOptionViewItem(option)
        width = self._tree.header().sectionSize(index.column())
        sized.rect = QRect(0, 0, max(width, 1), 1)
        return super().sizeHint(sized, index)


class WrappingTree(QTreeWidget):
    """The timeline: every column wraps its text and the rows grow to show all of it, at any
    width (the columns share the width; "From then on" gets the most). Qt keeps row heights
    from the first layout, so they are laid out again whenever a column's width changes."""

    SHARES = (0.3, 0.22)  # "When" and "Milestone"; "From then on" takes the rest

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setUniformRowHeights(False)
        self.setItemDelegate(WrapDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._relayout)

    def _relayout(self, *_args: object) -> None:
        self.doItemsLayout()

    def _share_width(self) -> None:
        width = self.viewport().width()
        if self.columnCount() < 3 or width <= 0:
            return
        header = self.header()
        header.blockSignals(True)
        for column, share in enumerate(self.SHARES):
            header.resizeSection(column, int(width * share))
        header.blockSignals(False)
        self.doItemsLayout()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._share_width()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._share_width()


class CountdownCard(QFrame):
    """One deadline: a title, the big "N days and H hours" and a sentence under it."""

    def __init__(self, title: str, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.figure = QLabel()
        self.figure.setObjectName(object_name + "Figure")
        big = QFont(self.figure.font())
        if big.pointSizeF() > 0:
            big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.figure.setFont(big)
        self.detail = QLabel()
        self.detail.setObjectName(object_name + "Detail")
        self.detail.setWordWrap(True)
        for label in (self.title, self.figure, self.detail):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.figure)
        layout.addWidget(self.detail)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def show_values(self, figure: str, detail: str) -> None:
        self.figure.setText(figure)
        self.figure.setVisible(bool(figure))
        self.detail.setText(detail)
        self.setAccessibleName(f"{self.title.text()}: {figure} {detail}".strip())
