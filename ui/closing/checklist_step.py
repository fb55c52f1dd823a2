"""The closing walkthrough's checklist: the export, payments, trust money, open matters, unbilled
work and unpaid invoices, each read from live data, each to settle or acknowledge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.account.models import PaymentsSummary, TrustSummary
from app.closing.checklist import LastExport, MatterCounts, UnbilledWork
from app.closing.facts import Fact
from app.closing.invoices import UnpaidBills
from ui.closing import unpaid_invoices
from ui.closing.step_parts import PageId, in_scroll_area, make_label, money
from ui.common.formats import app_locale, format_moment
from ui.common.kind_names import kind_name

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


class ChecklistItem(QFrame):
    """One thing to check: its state, what the data says, and either "done" or a checkbox that
    names it, which the person ticks to go on anyway."""

    changed = Signal()

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"check-{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = make_label(title, bold=True)
        self.state = make_label(name=f"state-{key}", wrap=False)
        self.detail = make_label(name=f"detail-{key}")
        self.acknowledge = QCheckBox()
        self.acknowledge.setObjectName(f"ack-{key}")
        self.acknowledge.toggled.connect(self._acknowledged)
        self.action_row = QHBoxLayout()
        self.action_row.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.state, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(head)
        layout.addWidget(self.detail)
        layout.addLayout(self.action_row)
        layout.addWidget(self.acknowledge)
        self.satisfied = False
        self.loaded = False
        self.set_loading()

    def set_loading(self) -> None:
        self.loaded = False
        self.satisfied = False
        self.state.setText(self.tr("Checking…"))
        self.detail.setText("")
        self.acknowledge.hide()
        self.changed.emit()

    def set_result(self, detail: str, satisfied: bool, acknowledge_text: str = "") -> None:
        self.loaded = True
        self.satisfied = satisfied
        self.detail.setText(detail)
        self.acknowledge.setText(acknowledge_text)
        self.acknowledge.setVisible(not satisfied)
        if satisfied:
            self.acknowledge.setChecked(False)
        self._show_state()
        self.changed.emit()

    def _show_state(self) -> None:
        if not self.loaded:
            return
        if self.satisfied:
            text = "✓ " + self.tr("Done")
        elif self.acknowledge.isChecked():
            text = "✓ " + self.tr("Decided: close anyway")
        else:
            text = self.tr("Needs your decision")
        self.state.setText(text)
        self.setAccessibleName(f"{self.title.text()}: {text}")

    def _acknowledged(self, _on: bool) -> None:
        self._show_state()
        self.changed.emit()

    @property
    def complete(self) -> bool:
        return self.loaded and (self.satisfied or self.acknowledge.isChecked())


class ChecklistPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Before you close"))
        self.setSubTitle(
            self.tr(
                "Each item is either done or needs you to tick that you close anyway. Next stays"
                " off until every item is settled."
            )
        )
        content = QWidget()
        layout = QVBoxLayout(content)
        self.export = ChecklistItem("export", self.tr("Your last export"))
        self.export_button = QPushButton(self.tr("&Export now…"))
        self.export_button.setObjectName("exportNowButton")
        self.export_button.clicked.connect(wizard.open_export)
        self.export.action_row.addWidget(self.export_button)
        self.export.action_row.addStretch(1)
        self.payments = ChecklistItem("payments", self.tr("Online payments"))
        self.trust = ChecklistItem("trust", self.tr("Trust money and records"))
        self.matters = ChecklistItem("matters", self.tr("Open matters"))
        self.unbilled = ChecklistItem("unbilled", self.tr("Unbilled time and expenses"))
        self.invoices = ChecklistItem("invoices", unpaid_invoices.title_text())
        self.items = [
            self.export,
            self.payments,
            self.trust,
            self.matters,
            self.unbilled,
            self.invoices,
        ]
        for item in self.items:
            item.changed.connect(self.completeChanged)
            layout.addWidget(item)
        layout.addStretch(1)
        in_scroll_area(self, content)
        wizard.facts_changed.connect(self.update_items)
        self.update_items()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.w.reread_last_export()

    def update_items(self) -> None:
        w = self.w
        self._update_export(w.last_export)
        self._update_payments()
        self._update_trust(w.last_export)
        self._update_matters()
        self._update_unbilled()
        self._update_invoices()

    def _failed(self, item: ChecklistItem, fact: Fact, what: str) -> None:
        item.set_result(
            self.tr("Account Desk could not check this: %1").replace(
                "%1", self.w.failure_text(fact)
            ),
            False,
            self.tr("I close without checking %1").replace("%1", what),
        )

    def _update_export(self, last: LastExport | None) -> None:
        if last is None:
            self.export.set_result(
                self.tr(
                    "You have not exported the firm's data with Account Desk. After closing,"
                    " the data can still be exported for 90 days, then it is gone."
                ),
                False,
                self.tr("I close without a verified export of the firm's data"),
            )
            return
        kinds = ", ".join(kind_name(k) for k in last.kinds) or self.tr("nothing")
        detail = (
            self.tr("Last export: %1, %2. It covers: %3.")
            .replace("%1", format_moment(last.when, self.w.tz))
            .replace("%2", self.tr("verified") if last.verified else self.tr("NOT verified"))
            .replace("%3", kinds)
        )
        self.export.set_result(
            detail,
            last.verified,
            self.tr("I close without a verified export of the firm's data"),
        )

    def _update_payments(self) -> None:
        w = self.w
        payments: PaymentsSummary | None = w.facts.get(Fact.PAYMENTS)
        if w.selfservice is None:
            self.payments.set_result(
                self.tr(
                    "Account Desk cannot read the online payments of this service. Check pending"
                    " payments, payment links and plans in the service before closing."
                ),
                False,
                self.tr("I checked the online payments in the service"),
            )
            return
        if payments is None:
            if w.failed(Fact.PAYMENTS):
                self._failed(self.payments, Fact.PAYMENTS, self.tr("the online payments"))
            else:
                self.payments.set_loading()
            return
        if not payments.anything_affected:
            self.payments.set_result(
                self.tr("No pending payments, payment links, payment plans or card processor."),
                True,
            )
            return
        lines = []
        if payments.pending_authorizations:
            lines.append(
                self.tr(
                    "%Ln payment authorisation(s) still pending (%2)",
                    "",
                    payments.pending_authorizations,
                ).replace("%2", money(payments.pending_authorizations_total, payments.currency))
                + self.tr(": closing voids them. Wait until they settle before you close.")
            )
        if payments.active_payment_links:
            lines.append(
                self.tr("%Ln payment link(s) stop working.", "", payments.active_payment_links)
            )
        if payments.active_payment_plans:
            lines.append(self.tr("%Ln payment plan(s) stop.", "", payments.active_payment_plans))
        if payments.card_processor_connected:
            lines.append(
                self.tr("The card processor %1 is disconnected.").replace(
                    "%1", payments.card_processor_name or self.tr("(unnamed)")
                )
            )
        self.payments.set_result(
            "\n".join(lines),
            False,
            self.tr("I accept what closing does to the online payments listed above"),
        )

    def _update_trust(self, last: LastExport | None) -> None:
        w = self.w
        trust: TrustSummary | None = w.facts.get(Fact.TRUST)
        in_export = last is not None and last.verified and last.covers_trust_records
        ledger = (
            self.tr("The trust ledger and trust transactions are in your last verified export.")
            if in_export
            else self.tr(
                "The trust ledger is NOT in a verified export yet: bar rules usually require"
                " keeping trust records for years."
            )
        )
        ack = self.tr("I keep the trust records another way")
        if w.selfservice is None:
            self.trust.set_result(ledger, in_export, ack)
            return
        if trust is None:
            if w.failed(Fact.TRUST):
                self._failed(self.trust, Fact.TRUST, self.tr("the trust balances"))
            else:
                self.trust.set_loading()
            return
        balances = (
            self.tr("Trust balances: %1 in %2, for %3.")
            .replace("%1", money(trust.total_balance, trust.currency))
            .replace(
                "%2",
                self.tr("%Ln account(s)", "", len(trust.accounts)),
            )
            .replace(
                "%3",
                self.tr("%Ln client(s)", "", trust.clients_with_balance),
            )
        )
        accounts = "\n".join(
            f"  • {a.name}: {money(a.balance, trust.currency)}" for a in trust.accounts
        )
        self.trust.set_result(
            "\n".join(x for x in (balances, accounts, ledger) if x), in_export, ack
        )

    def _update_matters(self) -> None:
        counts: MatterCounts | None = self.w.facts.get(Fact.MATTERS)
        if counts is None:
            if self.w.failed(Fact.MATTERS):
                self._failed(self.matters, Fact.MATTERS, self.tr("the open matters"))
            else:
                self.matters.set_loading()
            return
        if counts.open == 0 and counts.pending == 0:
            self.matters.set_result(self.tr("No open or pending matters."), True)
            return
        detail = (
            self.tr("%1 and %2.")
            .replace(
                "%1",
                self.tr("%Ln matter(s) open", "", counts.open),
            )
            .replace(
                "%2",
                self.tr("%Ln pending", "", counts.pending),
            )
        )
        self.matters.set_result(
            detail
            + " "
            + self.tr("Their records stay reachable, read only, for 90 days after closing."),
            False,
            self.tr("I close with these matters still open"),
        )

    def _update_unbilled(self) -> None:
        work: UnbilledWork | None = self.w.facts.get(Fact.UNBILLED)
        if work is None:
            if self.w.failed(Fact.UNBILLED):
                self._failed(self.unbilled, Fact.UNBILLED, self.tr("the unbilled time"))
            else:
                self.unbilled.set_loading()
            return
        if work.entries == 0:
            self.unbilled.set_result(self.tr("Every time and expense entry is billed."), True)
            return
        currency = self.w.account.plan.currency if self.w.account is not None else "USD"
        detail = (
            self.tr("%1 not billed yet: %2 of time, %3 in all.")
            .replace(
                "%1",
                self.tr("%Ln entry(s)", "", work.entries),
            )
            .replace("%2", app_locale().toString(float(work.hours), "f", 2) + self.tr(" hours"))
            .replace("%3", money(work.amount, currency))
        )
        self.unbilled.set_result(
            detail + " " + self.tr("Bill it before closing, or export it to bill elsewhere."),
            False,
            self.tr("I close with this time and these expenses not billed"),
        )

    def _update_invoices(self) -> None:
        unpaid: UnpaidBills | None = self.w.facts.get(Fact.UNPAID_BILLS)
        if unpaid is None:
            if self.w.failed(Fact.UNPAID_BILLS):
                self._failed(self.invoices, Fact.UNPAID_BILLS, unpaid_invoices.what_text())
            else:
                self.invoices.set_loading()
            return
        if unpaid.empty:
            self.invoices.set_result(unpaid_invoices.no_unpaid_text(), True)
            return
        currency = self.w.account.plan.currency if self.w.account is not None else "USD"
        self.invoices.set_result(
            unpaid_invoices.unpaid_detail(unpaid, currency),
            False,
            unpaid_invoices.acknowledge_text(),
        )

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return all(item.complete for item in self.items)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        # Who keeps access and why the firm leaves matter as much when the service closes it.
        return int(PageId.ACCESS)
