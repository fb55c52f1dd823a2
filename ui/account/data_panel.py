"""The account screen for services without the self-service API (the real Clio Manage): who
is signed in and the firm, the facts the data API gives (ui.account.data_view), the billing
facts the firm entered (ui.account.billing_view), and the service's own settings page, where
the account is closed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.account.data_facts import DataFacts
from app.account.entered_billing import account_key
from app.account.models import Person
from ui.account.billing_view import EnteredBillingView
from ui.account.data_view import DataFactsView
from ui.account.section import value_label

SETTINGS_PATH = "/settings"


class DataApiPanel(QScrollArea):
    def __init__(self, origin: str, firm_name: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountGuide")
        self.origin = origin.rstrip("/")
        self.service_firm_name = firm_name
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 8, 0)

        self.user = value_label()
        self.user.setObjectName("guideUser")
        self.firm = value_label()
        self.firm.setObjectName("guideFirm")
        self.text = value_label(
            self.tr(
                "This service does not share the firm's plan and charges with Account Desk: they"
                " are on the service's own settings page, under Account and Payment Info, where"
                " the Primary Subscriber closes the account. Below, the facts the service's"
                " data API gives, and the billing facts you enter once."
            )
        )
        self.settings_button = QPushButton(self.tr("Open the service's settings page"))
        self.settings_button.setObjectName("openSettingsButton")
        self.settings_button.setAccessibleName(self.tr("Open the service's settings page"))
        self.settings_button.clicked.connect(self.open_service_settings)
        form = QFormLayout()
        form.addRow(self.tr("Signed in as"), self.user)
        form.addRow(self.tr("Firm"), self.firm)
        layout.addLayout(form)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.addWidget(self.settings_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.data_view = DataFactsView()
        self.data_view.hide()
        self.billing_view = EnteredBillingView()
        self.billing_view.hide()
        self.billing_view.changed.connect(self._show_firm)
        layout.addWidget(self.data_view)
        layout.addWidget(self.billing_view)
        layout.addStretch(1)
        self.setWidget(content)
        self.facts: DataFacts | None = None
        self._show_firm()

    @property
    def settings_url(self) -> str:
        return self.origin + SETTINGS_PATH

    def open_service_settings(self) -> bool:
        return QDesktopServices.openUrl(QUrl(self.settings_url))

    def show_facts(self, facts: DataFacts) -> None:
        self.facts = facts
        me = facts.me
        self.user.setText(
            self.tr("%1 (%2)").replace("%1", me.name).replace("%2", me.email)
            if me.email
            else me.name
        )
        self.data_view.show_facts(facts)
        self.data_view.show()
        owner = facts.owner
        key = account_key(self.origin, owner.id if owner is not None else None)
        self.billing_view.store.remember_account_of(self.origin, me.id, key)
        self.billing_view.set_account(
            key,
            Person(owner.id, owner.name, owner.email or "-") if owner is not None else None,
            facts.can_close,
            facts.holder_name,
        )
        self.billing_view.show()
        self._show_firm()

    def show_remembered(self, user_id: int | None) -> bool:
        """While the data API cannot be reached: the billing facts entered for the account this
        user was last seen in (if any). Returns whether there were any."""
        if self.facts is not None or user_id is None:
            return False
        key = self.billing_view.store.account_of(self.origin, user_id)
        if key is None or self.billing_view.store.billing(key) is None:
            return False
        self.billing_view.set_account(key, None, False, None)
        self.billing_view.show()
        self._show_firm()
        return True

    def _show_firm(self) -> None:
        confirmed = self.billing_view.confirmed_firm_name() if self.billing_view.key else None
        if self.service_firm_name:
            self.firm.setText(self.service_firm_name)
        elif confirmed:
            self.firm.setText(self.tr("%1 (confirmed by you)").replace("%1", confirmed))
        else:
            self.firm.setText(self.tr("Not known"))
        self.firm.setAccessibleName(self.tr("Firm") + " " + self.firm.text())

    def focus_first(self) -> None:
        self.settings_button.setFocus(Qt.FocusReason.OtherFocusReason)
