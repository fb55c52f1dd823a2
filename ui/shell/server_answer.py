"""What the shell shows when a server that did answer refuses the app (the firm's account is
closed and its data deleted, or this user may no longer sign in): the wording every page shares
(ui.common.service_refusal), and the page the main window shows in place of each screen while
it does, with the server's words, the saved closing dates and the last export made here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.last_export import LastExportStore
from ui.common.formats import format_instant
from ui.common.service_refusal import refusal_text, saved_closing_text
from ui.common.widgets import NoticeBanner, NoticeKind, PageHeader
from ui.shell.page_registry import PageKey


def server_answer(error: BaseException, origin: str | None) -> str | None:
    """What a refusal by a server that did answer means, with the closing dates saved on
    this computer; None for anything else (unreachable, a bug)."""
    return refusal_text(error, origin)


class RefusedPage(QWidget):
    """A screen while the server refuses the app: its words (with the saved dates) and, on
    Data export and Data availability, the last export made on this computer. It offers nothing
    that needs the server: there is nothing left to read."""

    def __init__(
        self, key: str, title: str, answer: str, origin: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("refusedPage")
        self.header = PageHeader(title)
        self.answer = NoticeBanner(answer, NoticeKind.ERROR, dismissible=False)
        self.answer.setObjectName("serverAnswer")
        self.last_export = QLabel()
        self.last_export.setObjectName("refusedLastExport")
        self.last_export.setWordWrap(True)
        self.last_export.setTextFormat(Qt.TextFormat.PlainText)
        self.last_export.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.answer)
        layout.addWidget(self.last_export)
        layout.addStretch(1)
        text = (
            self._last_export_text(origin) if key in (PageKey.EXPORT, PageKey.AVAILABILITY) else ""
        )
        self.last_export.setText(text)
        self.last_export.setVisible(bool(text))

    def _last_export_text(self, origin: str | None) -> str:
        if not origin:
            return ""
        # Every user's last export from this computer on that server (who signed in is not
        # known while the server refuses).
        found = LastExportStore(origin, None).others()
        if not found:
            return self.tr("No export of the firm's data was made on this computer.")
        _user, record = found[0]
        verified = self.tr("verified") if record.verified else self.tr("not verified")
        return (
            self.tr("The last export made on this computer: %1 (%2), in %3.")
            .replace("%1", format_instant(record.when))
            .replace("%2", verified)
            .replace("%3", str(record.folder))
        )


__all__ = ["RefusedPage", "saved_closing_text", "server_answer"]
