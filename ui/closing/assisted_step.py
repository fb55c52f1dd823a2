"""The closing walkthrough's step when the service closes the account itself: how to reach it,
and the day it was closed, so the countdown can run from that day.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QVBoxLayout, QWizardPage

from app.closing.store import known_closing_entered
from ui.closing.step_parts import PageId, make_label
from ui.closing.support_box import SupportBox
from ui.common.formats import app_locale

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


class AssistedPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Close the account with the service"))
        self.setSubTitle(self.tr("Account Desk cannot close this account itself."))
        self.why = make_label(name="assistedWhy")
        self.steps = make_label(name="assistedSteps")
        self.support = SupportBox()
        self.closed_check = QCheckBox(self.tr("The service has closed the account"))
        self.closed_check.setObjectName("serviceClosedCheck")
        self.closed_check.toggled.connect(lambda _on: self.completeChanged.emit())
        self.closed_on = QDateEdit()
        self.closed_on.setObjectName("closedOnDate")
        self.closed_on.setCalendarPopup(True)
        self.closed_on.setDisplayFormat(app_locale().dateFormat(QLocale.FormatType.LongFormat))
        self.closed_on.setAccessibleName(self.tr("The day the account was closed"))
        date_label = make_label(self.tr("The day it was closed:"), wrap=False)
        date_label.setBuddy(self.closed_on)
        self.escrow = QCheckBox(self.tr("The firm has a data-escrow arrangement"))
        self.escrow.setObjectName("escrowCheck")
        layout = QVBoxLayout(self)
        layout.addWidget(self.why)
        layout.addWidget(self.steps)
        layout.addWidget(self.support)
        layout.addWidget(self.closed_check)
        row = QHBoxLayout()
        row.addWidget(date_label)
        row.addWidget(self.closed_on)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.escrow)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        w = self.w
        today = w.now().astimezone(w.tz).date()
        self.closed_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.closed_on.setDate(QDate(today.year, today.month, today.day))
        account = w.account
        self.escrow.setChecked(account.escrow_enabled if account is not None else False)
        if w.selfservice is None:
            why = self.tr(
                "This service does not let Account Desk close the account: you close it in the"
                " service itself, or with its support team."
            )
        else:
            why = self.tr(
                "This account is under a contract: the service's support team closes it with you."
            )
        self.why.setText(why)
        self.steps.setText(
            self.tr(
                "Open the service's settings (System → Account and Payment Info → Close"
                " Account), or call its support line. When the account is closed, enter the day"
                " here: Account Desk then counts down the %1 days the data stays reachable."
            ).replace("%1", "90")
        )
        self.support.set_contact(w.support_contact())

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
        return True

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return int(PageId.DONE)
