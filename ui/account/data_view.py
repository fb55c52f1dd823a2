"""The account's facts from the data API on the account screen, for services without the
self-service API: the firm's people (the Primary Subscriber, the signed-in user's role and
whether they can close), the bank accounts and their balances, online payments and what closing
does to them, and what is still to bill or collect, as the closing checklist counts it.

What the service does not offer is said as such; nothing is made up in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from app.account.data_facts import BankAccount, BankAccountKind, DataFacts, FirmUser, Part
from app.closing.invoices import UnpaidState
from ui.account.section import Section, value_label
from ui.common.error_text import error_text
from ui.common.formats import app_locale, format_count, format_money


class DataFactsView(QWidget):
    """Four sections: people, bank accounts, online payments, still to bill or collect."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = Section(self.tr("People and who can close"), "peopleSection")
        self.banks = Section(self.tr("Bank accounts"), "bankAccountsSection")
        self.payments = Section(self.tr("Online payments"), "dataPaymentsSection")
        self.work = Section(self.tr("Still to bill or collect"), "openWorkSection")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for section in (self.people, self.banks, self.payments, self.work):
            layout.addWidget(section)
        self.currency = "USD"

    def show_facts(self, facts: DataFacts) -> None:
        accounts = facts.bank_accounts or ()
        self.currency = accounts[0].currency if accounts else "USD"
        self._show_people(facts)
        self._show_banks(facts)
        self._show_payments(facts)
        self._show_work(facts)

    # -- people -------------------------------------------------------------------------------

    def subscription_name(self, kind: str) -> str:
        names = {"attorney": self.tr("Attorney"), "nonattorney": self.tr("Non-attorney")}
        return names.get(kind.lower(), kind or self.tr("No subscription type"))

    def role_text(self, user: FirmUser) -> str:
        if user.account_owner:
            return self.tr("Account owner (Primary Subscriber)")
        if user.administrator:
            return self.tr("Administrator")
        if user.roles:
            return ", ".join(user.roles)
        return self.tr("User without an administrative role")

    def _show_people(self, facts: DataFacts) -> None:
        inner = self.people.clear()
        form = QFormLayout()
        inner.addLayout(form)
        kinds = "; ".join(
            self.tr("%1: %2")
            .replace("%1", self.subscription_name(kind))
            .replace("%2", format_count(count))
            for kind, count in facts.users_by_subscription()
        )
        enabled = self.tr("%Ln enabled user(s)", "", len(facts.enabled_users))
        self._row(form, self.tr("Users"), f"{enabled} ({kinds})" if kinds else enabled, "usersFact")
        owner = facts.owner
        self._row(
            form,
            self.tr("Primary Subscriber"),
            (
                self.tr("%1 (you)").replace("%1", owner.name)
                if owner is not None and owner.id == facts.me.id
                else self.tr("%1 (%2)").replace("%1", owner.name).replace("%2", owner.email)
                if owner is not None
                else self.tr("No account owner is named")
            ),
            "ownerFact",
        )
        self._row(form, self.tr("Your role"), self.role_text(facts.me), "roleFact")
        if facts.can_close:
            can_close = self.tr("Yes: you are the account owner.")
        elif owner is not None:
            can_close = self.tr("No: only the account owner, %1, can close it.").replace(
                "%1", owner.name
            )
        else:
            can_close = self.tr("No: only the account owner can close it.")
        self._row(form, self.tr("Can you close the account?"), can_close, "canCloseFact")

    # -- bank accounts ------------------------------------------------------------------------

    def _show_banks(self, facts: DataFacts) -> None:
        problem = facts.problems.get(Part.BANK_ACCOUNTS)
        if facts.bank_accounts is None:
            self.banks.sentences(
                [
                    self.tr("The bank accounts could not be loaded. %1").replace(
                        "%1", error_text(problem) if problem else ""
                    )
                ]
            )
            return
        inner = self.banks.clear()
        lines: list[str] = []
        for kind, title, none in (
            (BankAccountKind.TRUST, self.tr("Trust accounts"), self.tr("No trust account.")),
            (
                BankAccountKind.OPERATING,
                self.tr("Operating accounts"),
                self.tr("No operating account."),
            ),
        ):
            accounts = facts.accounts_of(kind)
            if not accounts:
                lines.append(none)
                continue
            form = QFormLayout()
            heading = value_label(title)
            heading.setObjectName(f"{kind.value}AccountsHeading")
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            inner.addWidget(heading)
            for account in accounts:
                self._row(form, account.name, self._balance(account), f"{kind.value}Balance")
            inner.addLayout(form)
        lines.append(
            self.tr(
                "Closing does not move any money: it stays in the firm's bank accounts. But the"
                " trust records (ledger and transactions) go with the account, so export them"
                " and keep them: bar rules commonly require five years."
            )
        )
        for line in lines:
            inner.addWidget(value_label(line))

    def _balance(self, account: BankAccount) -> str:
        text = format_money(account.balance, account.currency)
        if account.online_payments:
            text = self.tr("%1, takes online payments").replace("%1", text)
        return text

    # -- online payments ----------------------------------------------------------------------

    def _show_payments(self, facts: DataFacts) -> None:
        lines: list[str] = []
        payments = facts.payments
        taking = [a.name for a in facts.bank_accounts or () if a.online_payments]
        if payments is None:
            lines.append(
                self.tr(
                    "Pending online payments and payment links: not offered by this service's"
                    " data API, so Account Desk cannot list them. Check them on the service's"
                    " own Payments page before you close."
                )
            )
        else:
            money = self._money
            pending_total = "; ".join(
                format_money(total, currency)
                for currency, total in sorted(payments.pending_totals.items())
            )
            lines.append(
                self.tr(
                    "%1 pending (%2). Closing voids them and the money is not collected: wait"
                    " until they settle before you close."
                )
                .replace("%1", self.tr("%Ln online payment(s)", "", payments.pending_count))
                .replace("%2", pending_total or money(Decimal("0.00")))
                if payments.pending_count
                else self.tr("No online payment is pending.")
            )
            lines.append(
                self.tr(
                    "%1. Closing disables them: clients who open one can no longer pay."
                ).replace("%1", self.tr("%Ln active payment link(s)", "", payments.active_links))
                if payments.active_links
                else self.tr("No payment link is active.")
            )
        if taking:
            lines.append(
                self.tr("Online payments go into: %1. Closing turns them off.").replace(
                    "%1", ", ".join(taking)
                )
            )
        elif facts.bank_accounts is not None:
            lines.append(self.tr("No bank account takes online payments."))
        self.payments.sentences(lines)

    # -- still to bill or collect -----------------------------------------------------------

    def _show_work(self, facts: DataFacts) -> None:
        money = self._money
        lines: list[str] = []
        outstanding = facts.outstanding
        if outstanding is None:
            lines.append(
                self.tr("Outstanding client balances: not offered by this service's data API.")
            )
        elif outstanding.clients:
            lines.append(
                self.tr("%1 owe the firm %2 in all.")
                .replace("%1", self.tr("%Ln client(s)", "", outstanding.clients))
                .replace("%2", money(outstanding.total))
            )
        else:
            lines.append(self.tr("No client owes the firm money."))
        bills = facts.bills
        if bills is not None:
            waiting = bills.count(UnpaidState.AWAITING_PAYMENT)
            drafts = bills.count(UnpaidState.DRAFT)
            lines.append(
                self.tr("Unpaid bills: %1 awaiting payment (%2), %3 in draft (%4).")
                .replace("%1", format_count(waiting))
                .replace("%2", money(bills.total(UnpaidState.AWAITING_PAYMENT)))
                .replace("%3", format_count(drafts))
                .replace("%4", money(bills.total(UnpaidState.DRAFT)))
            )
        unbilled = facts.unbilled
        if unbilled is not None:
            lines.append(
                self.tr("Unbilled work: %1, %2 hours, worth %3.")
                .replace("%1", self.tr("%Ln time or expense entr(y/ies)", "", unbilled.entries))
                .replace("%2", app_locale().toString(float(unbilled.hours), "f", 2))
                .replace("%3", money(unbilled.amount))
                if unbilled.entries
                else self.tr("No unbilled work.")
            )
        matters = facts.matters
        if matters is not None:
            lines.append(
                self.tr("Matters still open: %1 open, %2 pending.")
                .replace("%1", format_count(matters.open))
                .replace("%2", format_count(matters.pending))
            )
        for part, label in (
            (Part.BILLS, self.tr("Unpaid bills")),
            (Part.UNBILLED, self.tr("Unbilled work")),
            (Part.MATTERS, self.tr("Open matters")),
        ):
            problem = facts.problems.get(part)
            if problem is not None:
                lines.append(
                    self.tr("%1 could not be loaded. %2")
                    .replace("%1", label)
                    .replace("%2", error_text(problem))
                )
        self.work.sentences(lines)

    # -- helpers ------------------------------------------------------------------------------

    @property
    def _money(self) -> Callable[[Decimal], str]:
        currency = self.currency
        return lambda amount: format_money(amount, currency)

    @staticmethod
    def _row(form: QFormLayout, label: str, text: str, name: str) -> None:
        value = value_label(text)
        value.setObjectName(name)
        value.setAccessibleName(f"{label} {text}")
        form.addRow(label, value)
