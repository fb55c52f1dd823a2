"""The closing walkthrough's step when the service closes the account itself (no self-service
API, or a contract account): a button that opens the service's Account and Payment Info page in
the browser, its support line, then "Did you close it?" with the day, so the countdown can run
from that day (entered by the person, not confirmed by the service).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, QUrl
from PySide6.QtGui import QDesktopServices, QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.closing.entered_record import EnteredClosingRecord, write_entered_record
from app.closing.store import known_closing_entered
from ui.closing.receipt import receipt_folder
from ui.closing.step_parts import PageId, make_label
from ui.common.app_names import reason_label
from ui.common.background import CancelToken, ProgressCallback, run_in_background
from ui.common.error_text import error_text
from ui.common.formats import app_locale
from ui.common.support_panel import SupportPanel

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard

log = logging.getLogger(__name__)

# Where the service keeps Close Account: Settings -> System -> Account and Payment Info, at this
# path on the region's host (the service's settings pages live under /settings/).
SETTINGS_PATH = "/settings/account_and_payment"


def settings_page_url(origin: str) -> str:
    """The region's Account and Payment Info settings page, e.g.
    https://eu.app.clio.com/settings/account_and_payment."""
    return origin.rstrip("/") + SETTINGS_PATH


class DayEdit(QDateEdit):
    """A date edit whose arrow keys move the day as soon as it has the keyboard focus (Qt would
    start on the weekday's name, which the arrows do not move)."""

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.setCurrentSection(QDateTimeEdit.Section.DaySection)


class AssistedPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Close the account on the service's page"))
        self.setSubTitle(self.tr("Account Desk cannot close this account itself."))
        self.why = make_label(name="assistedWhy")
        self.steps = make_label(name="assistedSteps")
        self.settings_button = QPushButton(self.tr("&Open Account and Payment Info"))
        self.settings_button.setObjectName("openSettingsPage")
        self.settings_button.setAutoDefault(False)
        self.settings_button.clicked.connect(self.open_settings_page)
        self.settings_status = make_label(name="settingsStatus")
        self.settings_status.hide()
        self.support = SupportPanel(web_button=True)
        self.support.set_title(self.tr("Or close it with the service's support line"))
        self.question = make_label(self.tr("Did you close it?"), name="closedQuestion", bold=True)
        self.closed_check = QCheckBox(self.tr("&Yes, the service has closed the account"))
        self.closed_check.setObjectName("serviceClosedCheck")
        self.closed_check.toggled.connect(self._closed_toggled)
        self.closed_on = DayEdit()
        self.closed_on.setObjectName("closedOnDate")
        self.closed_on.setCalendarPopup(True)
        long_format = app_locale().dateFormat(QLocale.FormatType.LongFormat)
        self.closed_on.setDisplayFormat(long_format)
        # Room for the longest day's name (Qt sizes it from the date shown first).
        widest = app_locale().toString(QDate(2026, 9, 30), long_format)
        self.closed_on.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest) + 56)
        self.closed_on.setAccessibleName(self.tr("The day the account was closed"))
        self.closed_on.setEnabled(False)
        date_label = make_label(self.tr("&The day it was closed:"), wrap=False)
        date_label.setBuddy(self.closed_on)
        self.escrow = QCheckBox(self.tr("The firm has a data-&escrow arrangement"))
        self.escrow.setObjectName("escrowCheck")
        self.entered_note = make_label(name="enteredNote")
        layout = QVBoxLayout(self)
        layout.addWidget(self.why)
        layout.addWidget(self.steps)
        button_row = QHBoxLayout()
        button_row.addWidget(self.settings_button)
        button_row.addStretch(1)
        layout.addLayout(button_row)
        layout.addWidget(self.settings_status)
        layout.addWidget(self.support)
        layout.addSpacing(8)
        layout.addWidget(self.question)
        layout.addWidget(self.closed_check)
        row = QHBoxLayout()
        row.addWidget(date_label)
        row.addWidget(self.closed_on)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.escrow)
        layout.addWidget(self.entered_note)
        layout.addStretch(1)

    def settings_url(self) -> str:
        return settings_page_url(self.w.session.server.origin)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        w = self.w
        today = w.now().astimezone(w.tz).date()
        self.closed_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.closed_on.setDate(QDate(today.year, today.month, today.day))
        account = w.account
        self.escrow.setChecked(account.escrow_enabled if account is not None else False)
        if w.selfservice is None:
            why = self.tr(
                "This service does not let Account Desk close the account: you close it on the"
                " service's own page, or with its support team."
            )
        else:
            why = self.tr(
                "This account is under a contract: the service's support team closes it with you."
            )
        self.why.setText(why)
        person = w.access.chosen()
        keeps = (
            self.tr(" Tell it that %1 keeps access.").replace("%1", person.name)
            if person is not None and not person.primary_subscriber
            else ""
        )
        self.steps.setText(
            self.tr(
                "The button below opens the service's Account and Payment Info page (%1) in your"
                " browser; sign in there if asked, then press Close Account and follow the"
                " service's steps.%2 When it is closed, come back here and enter the day:"
                " Account Desk then counts down the %3 days the data stays reachable."
            )
            .replace("%1", self.settings_url())
            .replace("%2", keeps)
            .replace("%3", "90")
        )
        self.settings_button.setToolTip(self.settings_url())
        self.settings_button.setAccessibleDescription(
            self.tr("Opens %1 in the browser").replace("%1", self.settings_url())
        )
        self.entered_note.setText(
            self.tr(
                "The day is entered by you, not confirmed by the service: Account Desk shows it"
                " that way on every page."
            )
        )
        self.support.set_contact(w.support_contact())

    def open_settings_page(self) -> bool:
        url = self.settings_url()
        opened = QDesktopServices.openUrl(QUrl(url))
        if opened:
            text = self.tr("Opened %1 in the browser.").replace("%1", url)
        else:
            text = self.tr("No web browser opened. Open this address yourself: %1").replace(
                "%1", url
            )
        self.settings_status.setText(text)
        self.settings_status.show()
        return opened

    def _closed_toggled(self, on: bool) -> None:
        self.closed_on.setEnabled(on)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.closed_check.isChecked()

    def entered_day(self) -> date:
        value = self.closed_on.date()
        return date(value.year(), value.month(), value.day())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        day = self.entered_day()
        if day > self.w.now().astimezone(self.w.tz).date():
            return False  # the date edit's maximum prevents it; never a future closing
        self.w.store.save_entered_closing(day, self.escrow.isChecked())
        self.w.set_known(known_closing_entered(day, self.escrow.isChecked()))
        self.save_entered_record(day, self.escrow.isChecked())
        return True

    def save_entered_record(self, day: date, escrow: bool) -> None:
        """A closing done with the service: who keeps access and the reason the person gave
        were never sent, so they are kept in a record on this computer (app.closing.
        entered_record), beside the last export; the last page says where."""
        w = self.w
        person = w.access.chosen()
        reason = w.reason.reason()
        record = EnteredClosingRecord.of(
            w.firm,
            day,
            escrow,
            designated_user=person.name
            if person is not None and not person.primary_subscriber
            else None,
            reason_code=reason.code.value if reason is not None else None,
            reason_label=reason_label(reason) if reason is not None else None,
            comment=w.reason.comment_text(),
        )
        folder = receipt_folder(w.last_export)

        def write(_token: CancelToken, _report: ProgressCallback) -> Path:
            return write_entered_record(folder, record)

        def failed(error: BaseException) -> None:
            log.warning("the record of the closing was not saved: %r", error)
            w.done_page.show_record(None, error_text(error))

        run_in_background(
            w,
            write,
            lambda path: w.done_page.show_record(path, ""),
            failed,
            name="entered-closing-record",
        )

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return int(PageId.DONE)
