"""The service's support line, for whoever cannot close the account in the app: who to call,
which option to choose, when the line is open, a button that dials (a `tel:` link), one that
copies the number and, where asked for, one that opens the service's web page.

    panel = SupportPanel(web_button=True)
    panel.set_reason(self.tr("Only the Primary Subscriber can close this account."))
    panel.set_contact(client.support())          # app.account.models.SupportContact
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.account.models import SupportContact


def dial_uri(contact: SupportContact) -> str:
    """The `tel:` link that dials the line and then its menu option: the RFC 3966 extension
    parameter (`tel:+18888582546;ext=2`), which phone apps send as tones once connected."""
    option = re.sub(r"[^0-9*#]", "", contact.option or "")
    return contact.tel_uri + (f";ext={option}" if option else "")


def phone_text(contact: SupportContact) -> str:
    """The number as a person dials it: "+1-888-858-2546, option 2"."""
    if not contact.option:
        return contact.phone
    return (
        QCoreApplication.translate("SupportPanel", "%1, option %2")
        .replace("%1", contact.phone)
        .replace("%2", contact.option)
    )


def dial(contact: SupportContact) -> tuple[bool, str]:
    """Ask the computer to call the line. Qt only tells whether some app took the link, not
    whether a call started, so the sentence never claims a call: when an app took it, it says
    what was asked and what to do if nothing happened; when none did, the number is copied."""
    number = phone_text(contact)
    if QDesktopServices.openUrl(QUrl(dial_uri(contact))):
        return True, QCoreApplication.translate(
            "SupportPanel",
            "Asked this computer's phone app to call %1. If no call starts, dial the number by"
            " hand.",
        ).replace("%1", number)
    QGuiApplication.clipboard().setText(contact.phone)
    return False, QCoreApplication.translate(
        "SupportPanel",
        "No app on this computer makes phone calls. The number %1 is copied: paste it into your"
        " phone, or dial it by hand.",
    ).replace("%1", number)


class SupportPanel(QFrame):
    """Phone number, option and hours of the service's support line, with Call and Copy."""

    # The number went to the clipboard (the page may want to say so elsewhere too).
    number_copied = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, web_button: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("supportPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Support line"))
        self.contact: SupportContact | None = None

        self.title = QLabel(self.tr("Call support to close the account"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("supportReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reason_label.hide()

        self.phone_label = QLabel()
        self.phone_label.setObjectName("supportPhone")
        self.phone_label.setTextFormat(Qt.TextFormat.PlainText)
        self.phone_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        phone_font = self.phone_label.font()
        if phone_font.pointSizeF() > 0:
            phone_font.setPointSizeF(phone_font.pointSizeF() * 1.25)
        phone_font.setBold(True)
        self.phone_label.setFont(phone_font)
        self.hours_label = QLabel()
        self.hours_label.setObjectName("supportHours")
        self.hours_label.setWordWrap(True)
        self.hours_label.setTextFormat(Qt.TextFormat.PlainText)

        self.call_button = QPushButton(self.tr("Call"))
        self.call_button.setObjectName("supportCall")
        self.call_button.clicked.connect(self.call)
        self.copy_button = QPushButton(self.tr("Copy number"))
        self.copy_button.setObjectName("supportCopy")
        self.copy_button.clicked.connect(self.copy_number)
        self.web_button = QPushButton(self.tr("Open the service's &page"))
        self.web_button.setObjectName("supportWeb")
        self.web_button.setToolTip(self.tr("Open the service's support page in the browser"))
        self.web_button.clicked.connect(self.open_web_page)
        self.web_button.setVisible(web_button)
        self.status_label = QLabel()
        self.status_label.setObjectName("supportStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setAccessibleName(self.tr("Support line status"))
        self.status_label.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.call_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.web_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.phone_label)
        layout.addWidget(self.hours_label)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)
        self.set_contact(None)

    def set_title(self, text: str) -> None:
        """The bold line at the top (by default: call support to close the account)."""
        self.title.setText(text)

    def set_reason(self, text: str) -> None:
        """One sentence above the number: why the person is asked to call."""
        self.reason_label.setText(text)
        self.reason_label.setVisible(bool(text))

    def set_unavailable(self, text: str) -> None:
        """The support line could not be loaded (e.g. offline with nothing saved)."""
        self.set_contact(None)
        self.hours_label.setText(text)

    def set_contact(self, contact: SupportContact | None) -> None:
        self.contact = contact
        self._set_status("")
        if contact is None:
            self.phone_label.setText(self.tr("Loading the support line…"))
            self.hours_label.clear()
            self.call_button.setEnabled(False)
            self.copy_button.setEnabled(False)
            self.web_button.setEnabled(False)
            return
        phone = phone_text(contact)
        self.phone_label.setText(phone)
        self.phone_label.setAccessibleName(self.tr("Support phone: %1").replace("%1", phone))
        self.hours_label.setText(self.tr("Open %1.").replace("%1", contact.hours.rstrip(".")))
        self.call_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        self.web_button.setEnabled(bool(contact.web_page))
        self.web_button.setAccessibleName(
            self.tr("Open the service's page %1").replace("%1", contact.web_page)
        )
        self.call_button.setAccessibleName(
            self.tr("Call support at %1").replace("%1", contact.phone)
        )
        self.call_button.setToolTip(self.tr("Dial the number with this computer's phone app"))
        self.copy_button.setAccessibleName(
            self.tr("Copy the support number %1").replace("%1", contact.phone)
        )

    def call(self) -> bool:
        """Open the `tel:` link; if no app on this computer dials, copy the number instead."""
        if self.contact is None:
            return False
        opened, text = dial(self.contact)
        if not opened:
            self.number_copied.emit(self.contact.phone)
        self._set_status(text)
        return opened

    def copy_number(self) -> None:
        if self.contact is None:
            return
        self._copy(self.contact.phone)
        self._set_status(self.tr("Copied %1 to the clipboard.").replace("%1", self.contact.phone))

    def open_web_page(self) -> bool:
        """Open the service's page in the browser; when none opens, say the address."""
        if self.contact is None or not self.contact.web_page:
            return False
        if QDesktopServices.openUrl(QUrl(self.contact.web_page)):
            self._set_status(
                self.tr("Opened %1 in the browser.").replace("%1", self.contact.web_page)
            )
            return True
        self._set_status(
            self.tr("No web browser opened. The service's page is: %1").replace(
                "%1", self.contact.web_page
            )
        )
        return False

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def _copy(self, phone: str) -> None:
        QGuiApplication.clipboard().setText(phone)
        self.number_copied.emit(phone)
