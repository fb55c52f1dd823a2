"""The service's support line inside the closing walkthrough: the number with its option and
hours, and buttons that dial it, copy it and open the service's page.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from app.account.models import SupportContact
from ui.closing.step_parts import make_label
from ui.common.support_panel import dial


class SupportBox(QFrame):
    """The service's support line and settings page: dial, copy, open."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("supportBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.contact: SupportContact | None = None
        self.text = make_label(name="supportText")
        self.status = make_label(name="supportStatus")
        self.status.hide()
        self.dial = QPushButton(self.tr("&Call"))
        self.dial.setObjectName("dialButton")
        self.dial.clicked.connect(self._dial)
        self.copy = QPushButton(self.tr("C&opy the number"))
        self.copy.setObjectName("copyButton")
        self.copy.clicked.connect(self._copy)
        self.web = QPushButton(self.tr("Open the service's &page"))
        self.web.setObjectName("webButton")
        self.web.clicked.connect(self._open_web)
        buttons = QHBoxLayout()
        for button in (self.dial, self.copy, self.web):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def set_contact(self, contact: SupportContact) -> None:
        self.contact = contact
        option = self.tr(", option %1").replace("%1", contact.option) if contact.option else ""
        self.text.setText(
            self.tr("Support: %1%2. %3.")
            .replace("%1", contact.phone)
            .replace("%2", option)
            .replace("%3", contact.hours.rstrip("."))
        )
        self.dial.setText(self.tr("&Call %1").replace("%1", contact.phone))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _dial(self) -> None:
        if self.contact is not None:
            self._say(dial(self.contact)[1])

    def _copy(self) -> None:
        if self.contact is not None:
            QGuiApplication.clipboard().setText(self.contact.phone)
            self._say(self.tr("Copied %1 to the clipboard.").replace("%1", self.contact.phone))

    def _open_web(self) -> None:
        if self.contact is not None and not QDesktopServices.openUrl(QUrl(self.contact.web_page)):
            self._say(
                self.tr("No web browser opened. The service's page is: %1").replace(
                    "%1", self.contact.web_page
                )
            )
