"""The closing walkthrough's "Before you close, other ways" page: hand the Primary Subscriber
role on, pay for fewer seats, or switch between monthly and yearly billing, each with the money
the server computed. Shown once per walkthrough, right after "What closing means", and only
when the service offers alternatives to this user; Next skips it and goes on with closing.

Each choice is sent with its own idempotency key, kept until the server answers, so a retry
after a lost answer never changes the plan twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.account.models import BillingCycle
from app.account.selfservice import new_idempotency_key
from app.closing.alternatives import Alternatives, PricedChange
from app.errors import AccountDeskError
from ui.closing.step_parts import PageId
from ui.common.background import CancelToken, ProgressCallback, run_in_background
from ui.common.formats import format_date, format_money

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard

log = logging.getLogger(__name__)


def _label(name: str, *, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from the server
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    return label


class AlternativesPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Before you close: other ways"))
        self.setSubTitle(
            self.tr(
                "If the cost or a change of people is why you are closing, one of these may fit"
                " better. You may skip them: Next goes on with closing."
            )
        )
        self._keys: dict[tuple[str, str], str] = {}
        self.sending = False

        content = QWidget()
        layout = QVBoxLayout(content)
        self.status = _label("alternativesStatus", bold=True)
        self.status.hide()
        layout.addWidget(self.status)

        self.transfer_box = QGroupBox(self.tr("Hand the Primary Subscriber role to someone else"))
        self.transfer_box.setObjectName("transferBox")
        self.transfer_text = _label("transferText")
        self.transfer_choice = QComboBox()
        self.transfer_choice.setObjectName("transferChoice")
        self.transfer_choice.setAccessibleName(self.tr("New Primary Subscriber"))
        self.transfer_button = QPushButton(self.tr("Make them the Primary &Subscriber"))
        self.transfer_button.setObjectName("transferButton")
        self.transfer_button.clicked.connect(self._transfer)
        self._box(self.transfer_box, self.transfer_text, self.transfer_choice, self.transfer_button)
        layout.addWidget(self.transfer_box)

        self.seats_box = QGroupBox(self.tr("Pay for fewer seats"))
        self.seats_box.setObjectName("seatsBox")
        self.seats_text = _label("seatsText")
        self.seats_choice = QComboBox()
        self.seats_choice.setObjectName("seatsChoice")
        self.seats_choice.setAccessibleName(self.tr("Seats to pay for"))
        self.seats_button = QPushButton(self.tr("Pay for &fewer seats"))
        self.seats_button.setObjectName("seatsButton")
        self.seats_button.clicked.connect(self._reduce_seats)
        self._box(self.seats_box, self.seats_text, self.seats_choice, self.seats_button)
        layout.addWidget(self.seats_box)

        self.cycle_box = QGroupBox(self.tr("Change how often you pay"))
        self.cycle_box.setObjectName("cycleBox")
        self.cycle_text = _label("cycleText")
        self.cycle_button = QPushButton()
        self.cycle_button.setObjectName("cycleButton")
        self.cycle_button.clicked.connect(self._switch_cycle)
        self._box(self.cycle_box, self.cycle_text, None, self.cycle_button)
        layout.addWidget(self.cycle_box)
        layout.addStretch(1)
        for button in (self.transfer_button, self.seats_button, self.cycle_button):
            # Enter goes on (Next); a change of plan takes pressing its own button.
            button.setAutoDefault(False)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        wizard.facts_changed.connect(self.update_view)

    @staticmethod
    def _box(box: QGroupBox, text: QLabel, choice: QComboBox | None, button: QPushButton) -> None:
        inner = QVBoxLayout(box)
        inner.addWidget(text)
        row = QHBoxLayout()
        if choice is not None:
            row.addWidget(choice, 1)
        row.addWidget(button)
        if choice is None:
            row.addStretch(1)
        inner.addLayout(row)

    @property
    def offer(self) -> Alternatives | None:
        return self.w.alternatives

    def _money(self, amount: Any) -> str:
        offer = self.offer
        return format_money(amount, offer.currency if offer is not None else "USD")

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.w.alternatives_shown = True
        self.update_view()

    def update_view(self) -> None:
        offer = self.offer
        if offer is None:
            return
        current = offer.current
        per = (
            self.tr("a year")
            if current.billing_cycle is BillingCycle.YEARLY
            else self.tr("a month")
        )

        # the role
        self.transfer_choice.clear()
        for person in offer.candidates:
            self.transfer_choice.addItem(person.name, person.id)
        self.transfer_text.setText(
            self.tr(
                "If you are leaving the firm, another user can take over the account and its"
                " billing instead of closing it. It happens at once; you become an administrator."
            )
        )
        self.transfer_box.setVisible(bool(offer.candidates))

        # seats
        self.seats_choice.clear()
        for option in offer.fewer_seats:
            self.seats_choice.addItem(self._seats_line(option), option.price.seats)
        scheduled_seats = offer.scheduled_value("seats")
        if offer.fewer_seats:
            text = self.tr("You pay for %1 seats, %2 %3; %4 are in use.")
        else:
            text = self.tr(
                "You pay for %1 seats, %2 %3, and all %4 are in use. Each seat freed by"
                " deactivating a user in the service saves %5 a month."
            )
        text = (
            text.replace("%1", str(current.seats))
            .replace("%2", self._money(current.charge))
            .replace("%3", per)
            .replace("%4", str(offer.seats_in_use))
            .replace("%5", self._money(current.price_per_seat_per_month))
        )
        if scheduled_seats is not None:
            text += " " + self.tr("Already chosen: %1 seats from %2.").replace(
                "%1", scheduled_seats
            ).replace("%2", format_date(offer.next_billing_date))
        self.seats_text.setText(text)
        self.seats_choice.setVisible(bool(offer.fewer_seats))
        self.seats_button.setVisible(bool(offer.fewer_seats))

        # billing cycle
        switch = offer.switch_billing_cycle
        yearly = switch.price.billing_cycle is BillingCycle.YEARLY
        self.cycle_button.setText(
            self.tr("Switch to &yearly billing")
            if yearly
            else self.tr("Switch to &monthly billing")
        )
        saving = switch.saving_per_year
        effect = (
            self.tr("saving %1 a year").replace("%1", self._money(saving))
            if saving >= 0
            else self.tr("%1 more a year").replace("%1", self._money(-saving))
        )
        cycle_text = (
            (
                self.tr(
                    "Yearly billing: %1 a year for %2 seats (%3 per seat per month), %4, from %5."
                )
                if yearly
                else self.tr(
                    "Monthly billing: %1 a month for %2 seats (%3 per seat per month), %4, from %5."
                )
            )
            .replace("%1", self._money(switch.price.charge))
            .replace("%2", str(switch.price.seats))
            .replace("%3", self._money(switch.price.price_per_seat_per_month))
            .replace("%4", effect)
            .replace("%5", format_date(switch.starts_on))
        )
        if offer.scheduled_value("billing_cycle") is not None:
            cycle_text += " " + self.tr("Already chosen: the switch starts on %1.").replace(
                "%1", format_date(switch.starts_on)
            )
        self.cycle_text.setText(cycle_text)
        self._enable()
        self.completeChanged.emit()

    def _seats_line(self, option: PricedChange) -> str:
        per = (
            self.tr("a year")
            if option.price.billing_cycle is BillingCycle.YEARLY
            else self.tr("a month")
        )
        return (
            self.tr("%1 seats: %2 %3, saving %4 a year")
            .replace("%1", str(option.price.seats))
            .replace("%2", self._money(option.price.charge))
            .replace("%3", per)
            .replace("%4", self._money(option.saving_per_year))
        )

    def _enable(self) -> None:
        allowed = self.offer is not None and self.offer.offered and not self.sending
        for button in (self.transfer_button, self.seats_button, self.cycle_button):
            button.setEnabled(allowed)

    # -- the choices

    def _key(self, kind: str, value: str) -> str:
        """One key per decision, kept until the server has answered it."""
        return self._keys.setdefault((kind, value), new_idempotency_key())

    def _send(
        self,
        kind: str,
        value: str,
        call: Callable[[str], Alternatives],
        done: Callable[[Alternatives], str],
    ) -> None:
        if self.sending:
            return
        self.sending = True
        self._enable()
        key = self._key(kind, value)
        self._say(self.tr("Sending your choice to the service…"))

        def op(token: CancelToken, report: ProgressCallback) -> Alternatives:
            return call(key)

        def success(answer: Alternatives) -> None:
            self.sending = False
            self._keys.pop((kind, value), None)
            self.w.set_alternatives(answer)
            self._say(done(answer))
            self.w.reload_account()

        def failure(error: BaseException) -> None:
            self.sending = False
            message = error.message if isinstance(error, AccountDeskError) else str(error)
            log.info("alternative %s not taken: %s", kind, message)
            self._say(
                self.tr("The service did not make the change: %1").replace(
                    "%1", message.rstrip(".")
                )
            )
            self._enable()

        run_in_background(self, op, success, failure, name=f"alternative-{kind}")

    def _transfer(self) -> None:
        client = self.w.selfservice
        user_id = self.transfer_choice.currentData()
        name = self.transfer_choice.currentText()
        if client is None or not isinstance(user_id, int):
            return
        self._send(
            "primary-subscriber",
            str(user_id),
            lambda key: client.transfer_primary_subscriber(user_id, key),
            lambda _a: self.tr(
                "%1 is now the Primary Subscriber: only they can close the account now."
            ).replace("%1", name),
        )

    def _reduce_seats(self) -> None:
        client = self.w.selfservice
        seats = self.seats_choice.currentData()
        if client is None or not isinstance(seats, int):
            return
        self._send(
            "seats",
            str(seats),
            lambda key: client.reduce_seats(seats, key),
            lambda a: (
                self.tr("Done: you pay for %1 seats from %2. The account stays open.")
                .replace("%1", str(seats))
                .replace("%2", format_date(a.next_billing_date))
            ),
        )

    def _switch_cycle(self) -> None:
        client = self.w.selfservice
        offer = self.offer
        if client is None or offer is None:
            return
        cycle = offer.switch_billing_cycle.price.billing_cycle
        self._send(
            "billing-cycle",
            cycle.value,
            lambda key: client.switch_billing_cycle(cycle, key),
            lambda a: (
                self.tr("Done: yearly billing from %1. The account stays open.")
                if cycle is BillingCycle.YEARLY
                else self.tr("Done: monthly billing from %1. The account stays open.")
            ).replace("%1", format_date(a.next_billing_date)),
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.sending and not self.w.not_primary_text()

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return int(PageId.CHECKLIST)
