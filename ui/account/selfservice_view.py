"""The self-service figures on the account screen: the subscription, "If you close today",
the online payments and the trust accounts closing affects, as the self-service API states
them (or as saved from its last answer)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from app.account.billing import if_you_close_at, if_you_close_now
from app.account.models import (
    Account,
    AccountStatus,
    BillingCycle,
    PaymentsSummary,
    TrustSummary,
)
from app.closing.retention import has_passed, retention_dates
from ui.account.closing_words import ClosingWords
from ui.account.section import Section, value_label
from ui.common.formats import format_count, format_date, format_instant, format_money


class SelfServiceView(QWidget):
    """The four sections, in a column for the page's scroll area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.is_primary = False
        self.words = ClosingWords(self)
        self.subscription = Section(self.tr("Subscription"), "subscriptionSection")
        self.closing = Section(self.tr("If you close today"), "closingSection")
        self.payments = Section(self.tr("Online payments"), "paymentsSection")
        self.trust = Section(self.tr("Trust accounts"), "trustSection")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for section in (self.subscription, self.closing, self.payments, self.trust):
            layout.addWidget(section)

    def show_facts(
        self,
        account: Account,
        payments: PaymentsSummary | None,
        trust: TrustSummary | None,
        problems: dict[str, str],
        *,
        live: bool,
        is_primary: bool,
    ) -> None:
        self.is_primary = is_primary
        self._show_subscription(account)
        self._show_closing(account, live)
        self._show_payments(
            payments, problems.get("payments"), closed=account.status is AccountStatus.CLOSED
        )
        self._show_trust(trust, problems.get("trust"))

    def _show_subscription(self, a: Account) -> None:
        money = self._money_in(a.plan.currency)
        plan = a.plan
        inner = self.subscription.clear()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        inner.addLayout(form)

        def row(label: str, value: str, name: str) -> None:
            shown = value_label(value)
            shown.setObjectName(name)
            shown.setAccessibleName(f"{label} {value}")
            form.addRow(label, shown)

        row(self.tr("Firm"), a.firm.name, "firmValue")
        row(self.tr("Plan"), plan.name, "planValue")
        row(self.tr("Users"), format_count(plan.seats), "usersValue")
        if plan.billing_cycle is BillingCycle.YEARLY:
            price = self.tr("%1 per user per month, billed yearly (%2 less the yearly discount)")
            price = price.replace("%1", money(plan.rate_per_user_per_month)).replace(
                "%2", money(plan.price_per_user_per_month)
            )
            cycle = self.tr("Yearly, on day %1 of the anniversary month").replace(
                "%1", str(a.billing_day)
            )
        else:
            price = self.tr("%1 per user per month").replace(
                "%1", money(plan.price_per_user_per_month)
            )
            cycle = self.tr("Monthly, on day %1 of each month").replace("%1", str(a.billing_day))
        row(self.tr("Price per user"), price, "priceValue")
        row(self.tr("Billing cycle"), cycle, "cycleValue")
        if plan.billing_cycle is BillingCycle.YEARLY and plan.yearly_discount_per_user_per_month:
            discount = plan.yearly_discount_per_user_per_month
            row(
                self.tr("Yearly discount"),
                self.tr("%1 per user per month against monthly billing: %2 a year for %3")
                .replace("%1", money(discount))
                .replace("%2", money(discount * plan.seats * 12))
                .replace("%3", self._users(plan.seats)),
                "discountValue",
            )
        row(
            self.tr("Current period"),
            self.tr("%1 to %2")
            .replace("%1", format_date(a.current_period.start))
            .replace("%2", format_date(a.current_period.end)),
            "periodValue",
        )
        row(
            self.tr("Last charge"),
            self._charge_text(a.last_charge, money, self.tr("None on record")),
            "lastChargeValue",
        )
        row(
            self.tr("Next charge"),
            self._charge_text(a.next_charge, money, self.tr("None scheduled")),
            "nextChargeValue",
        )
        row(
            self.tr("Online payments"),
            self.tr("On") if a.payments_enabled else self.tr("Off"),
            "paymentsValue",
        )
        row(self.tr("Data escrow"), self._escrow_text(a), "escrowValue")
        primary = a.primary_subscriber
        if primary is None:
            primary_text = self.tr("None on record")
        elif self.is_primary:
            primary_text = self.tr("%1 (you)").replace("%1", primary.name)
        else:
            primary_text = (
                self.tr("%1 (%2)").replace("%1", primary.name).replace("%2", primary.email)
            )
        row(self.tr("Primary Subscriber"), primary_text, "primaryValue")
        if a.status is AccountStatus.CLOSED and a.closed_at is not None:
            row(
                self.tr("Status"),
                self.tr("Closed on %1").replace("%1", format_instant(a.closed_at)),
                "statusValue",
            )

    def _charge_text(self, charge: Any, money: Callable[[Decimal], str], none: str) -> str:
        if charge is None:
            return none
        return (
            self.tr("%1 on %2")
            .replace("%1", money(charge.amount))
            .replace("%2", format_date(charge.date))
        )

    def _show_closing(self, account: Account, live: bool) -> None:
        if account.status is AccountStatus.CLOSED:
            self.closing.setTitle(self.tr("Billing after closing"))
            self.closing.sentences(
                [
                    self.tr(
                        "The account is closed. Nothing more is charged, and nothing is refunded."
                    )
                ]
            )
            return
        self.closing.setTitle(
            self.tr("If you close today")
            if self.is_primary
            else self.tr("If the account is closed today")
        )
        # The saved copy's server time is old: count from this computer's clock instead.
        cost = if_you_close_now(account) if live else if_you_close_at(account, datetime.now(UTC))
        self.closing.sentences(self.words.closing_sentences(cost, account))

    def _escrow_text(self, a: Account) -> str:
        """Escrow as it stands: before closing the promise, after it the date, once over that
        it ended (on the service's clock)."""
        if not a.escrow_enabled:
            return self.tr("Off")
        if a.status is not AccountStatus.CLOSED or a.closed_at is None:
            return self.tr("On: escrowed data stays available for six months after closing")
        dates = retention_dates(a.closed_at, True)
        assert dates.escrow_ends_at is not None and dates.escrow_last_day is not None
        if has_passed(dates.escrow_ends_at, a.server_time):
            return self.tr("Ended on %1: escrowed data is no longer kept").replace(
                "%1", format_date(dates.escrow_last_day)
            )
        return self.tr("Kept until the end of %1 (UTC)").replace(
            "%1", format_date(dates.escrow_last_day)
        )

    def _show_payments(
        self, p: PaymentsSummary | None, problem: str | None, closed: bool = False
    ) -> None:
        if p is None:
            self.payments.sentences(
                [self.tr("Online payments could not be loaded. %1").replace("%1", problem or "")]
            )
            return
        money = self._money_in(p.currency)
        lines: list[str] = []
        if not p.enabled and not p.anything_affected:
            lines.append(
                self.tr(
                    "Online payments ended with the closing: payment links, payment plans and"
                    " the card processor are off."
                )
                if closed
                else self.tr("Online payments are off for this firm. Closing changes nothing here.")
            )
            self.payments.sentences(lines)
            return
        if p.pending_authorizations:
            lines.append(
                self.tr(
                    "%1 pending, %2 in all. Closing voids them and the money is not collected:"
                    " wait until they settle before you close."
                )
                .replace(
                    "%1",
                    self.tr("%Ln card authorisation(s)", "", p.pending_authorizations),
                )
                .replace("%2", money(p.pending_authorizations_total))
            )
        else:
            lines.append(self.tr("No card authorisations are pending."))
        if p.active_payment_links:
            lines.append(
                self.tr(
                    "%1. Closing disables them: clients who open one can no longer pay."
                ).replace(
                    "%1",
                    self.tr("%Ln active payment link(s)", "", p.active_payment_links),
                )
            )
        else:
            lines.append(self.tr("No payment links are active."))
        if p.active_payment_plans:
            lines.append(
                self.tr("%1. Closing stops them: no further instalments are collected.").replace(
                    "%1",
                    self.tr("%Ln active payment plan(s)", "", p.active_payment_plans),
                )
            )
        else:
            lines.append(self.tr("No payment plans are active."))
        if p.card_processor_connected:
            lines.append(
                self.tr("Card processor: %1 is connected. Closing disconnects it.").replace(
                    "%1", p.card_processor_name or self.tr("a processor")
                )
            )
        else:
            lines.append(self.tr("No card processor is connected."))
        self.payments.sentences(lines)

    def _show_trust(self, t: TrustSummary | None, problem: str | None) -> None:
        if t is None:
            self.trust.sentences(
                [self.tr("Trust accounts could not be loaded. %1").replace("%1", problem or "")]
            )
            return
        money = self._money_in(t.currency)
        inner = self.trust.clear()
        if t.accounts:
            form = QFormLayout()
            for account in t.accounts:
                value = value_label(money(account.balance))
                value.setAccessibleName(f"{account.name} {money(account.balance)}")
                form.addRow(account.name, value)
            if len(t.accounts) > 1:
                total = value_label(money(t.total_balance))
                form.addRow(self.tr("Total"), total)
            inner.addLayout(form)
        lines: list[str] = []
        if not t.accounts:
            lines.append(self.tr("The firm has no trust accounts."))
        lines.append(
            self.tr("%Ln client(s) with money in trust.", "", t.clients_with_balance)
            if t.clients_with_balance
            else self.tr("No client has money in trust.")
        )
        if not t.total_matches_accounts:
            lines.append(
                self.tr(
                    "The total the service states (%1) is not the sum of the accounts. Check"
                    " the balances with your bank before you close."
                ).replace("%1", money(t.total_balance))
            )
        lines.append(
            self.tr(
                "Closing does not move any money: it stays in the firm's trust bank accounts."
                " But the trust records (ledger and transactions) go with the account, so"
                " export them and keep them: bar rules commonly require five years. The data"
                " export includes them."
            )
        )
        for line in lines:
            inner.addWidget(value_label(line))

    # -- without a self-service API -------------------------------------------------------------

    def _money_in(self, currency: str) -> Callable[[Decimal], str]:
        return lambda amount: format_money(amount, currency)

    def _days(self, n: int) -> str:
        return self.tr("%Ln day(s)", "", n)

    def _users(self, n: int) -> str:
        return self.tr("%Ln user(s)", "", n)
