"""Billing facts the firm enters once (plan, price per user, users billed, monthly or yearly,
billing day), for services that do not tell them: shown marked "entered by you", editable,
checked with a clear message for each refusal, remembered per account
(app.account.entered_billing), and turned into "If you close today" by the same rules as the
self-service figures. The firm's name, which the data API does not give, is confirmed here once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.account.billing import if_you_close_at
from app.account.entered_billing import (
    MAX_FIRM_NAME,
    MAX_USERS,
    EnteredBilling,
    EnteredFactsStore,
    Problem,
    as_account,
    check_billing,
    parse_amount,
)
from app.account.models import BillingCycle, Person
from ui.account.closing_words import ClosingWords
from ui.account.section import Section, value_label
from ui.common.formats import app_locale, format_count, format_date, format_money
from ui.common.widgets import use_warning_colour


class EnteredBillingView(QWidget):
    """The firm's name, the entered billing facts (or the form to enter them) and "If you close
    today" from them."""

    # The facts or the firm's name changed (saved to the profile already).
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = EnteredFactsStore()
        self.key: str | None = None
        self.billing: EnteredBilling | None = None
        self.owner: Person | None = None
        self.is_owner = False
        self.words = ClosingWords(self)

        self.firm = Section(self.tr("Firm's name"), "firmNameSection")
        self.facts = Section(self.tr("Billing facts (entered by you)"), "enteredBillingSection")
        self.closing = Section(self.tr("If you close today"), "enteredClosingSection")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for section in (self.firm, self.facts, self.closing):
            layout.addWidget(section)

    def set_account(
        self, key: str, owner: Person | None, is_owner: bool, holder_name: str | None
    ) -> None:
        self.key, self.owner, self.is_owner = key, owner, is_owner
        self.billing = self.store.billing(key)
        self._show_firm_name(holder_name)
        if self.billing is None:
            self.edit()
        else:
            self._show_facts()

    # -- the firm's name ----------------------------------------------------------------------

    def confirmed_firm_name(self) -> str | None:
        confirmed = self.store.firm_name(self.key) if self.key else None
        return confirmed.name if confirmed is not None else None

    def _show_firm_name(self, holder_name: str | None) -> None:
        inner = self.firm.clear()
        confirmed = self.store.firm_name(self.key) if self.key else None
        if confirmed is not None:
            shown = value_label(
                self.tr("%1 (confirmed by you on %2)")
                .replace("%1", confirmed.name)
                .replace("%2", format_date(confirmed.confirmed_on))
            )
            shown.setObjectName("firmNameValue")
            inner.addWidget(shown)
        else:
            inner.addWidget(
                value_label(
                    self.tr(
                        "The service's data API does not give the firm's name. Confirm it once;"
                        " Account Desk remembers it for this account."
                    )
                    + (
                        " "
                        + self.tr("Its bank accounts are held in the name %1.").replace(
                            "%1", holder_name
                        )
                        if holder_name
                        else ""
                    )
                )
            )
        row = QHBoxLayout()
        self.firm_edit = QLineEdit(confirmed.name if confirmed else (holder_name or ""))
        self.firm_edit.setObjectName("firmNameEdit")
        self.firm_edit.setMaxLength(MAX_FIRM_NAME)
        self.firm_edit.setAccessibleName(self.tr("Firm's name"))
        self.firm_button = QPushButton(self.tr("&Confirm the name"))
        self.firm_button.setObjectName("confirmFirmNameButton")
        self.firm_button.clicked.connect(self.confirm_firm_name)
        self.firm_edit.returnPressed.connect(self.confirm_firm_name)
        row.addWidget(self.firm_edit, 1)
        row.addWidget(self.firm_button)
        inner.addLayout(row)
        self.firm_problem = value_label()
        self.firm_problem.setObjectName("firmNameProblem")
        use_warning_colour(self.firm_problem)
        self.firm_problem.hide()
        inner.addWidget(self.firm_problem)

    def confirm_firm_name(self) -> None:
        if self.key is None:
            return
        name = self.firm_edit.text().strip()
        if not name:
            self.firm_problem.setText(self.tr("Type the firm's name before you confirm it."))
            self.firm_problem.show()
            self.firm_edit.setFocus()
            return
        holder = None if self.confirmed_firm_name() else name
        self.store.confirm_firm_name(self.key, name)
        self._show_firm_name(holder)
        self._show_closing()
        self.changed.emit()

    # -- the facts ----------------------------------------------------------------------------

    def _show_facts(self) -> None:
        billing = self.billing
        assert billing is not None
        inner = self.facts.clear()
        form = QFormLayout()
        inner.addLayout(form)
        money = format_money(billing.price_per_user_per_month, billing.currency)

        def row(label: str, text: str, name: str) -> None:
            value = value_label(text)
            value.setObjectName(name)
            value.setAccessibleName(f"{label} {text}")
            form.addRow(label, value)

        row(self.tr("Plan"), billing.plan_name, "enteredPlan")
        row(
            self.tr("Price per user"),
            self.tr("%1 per user per month").replace("%1", money),
            "enteredPrice",
        )
        row(self.tr("Users billed"), format_count(billing.users_billed), "enteredUsers")
        row(self.tr("Billing cycle"), self._cycle_text(billing), "enteredCycle")
        stamp = value_label(
            self.tr("Entered by you on %1, not stated by the service.").replace(
                "%1", format_date(billing.entered_at.date())
            )
        )
        stamp.setObjectName("enteredStamp")
        inner.addWidget(stamp)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("&Edit the billing facts"))
        self.edit_button.setObjectName("editBillingButton")
        self.edit_button.clicked.connect(self.edit)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        self._show_closing()

    def _cycle_text(self, billing: EnteredBilling) -> str:
        if billing.billing_cycle is BillingCycle.YEARLY and billing.renewal_month:
            month = app_locale().standaloneMonthName(billing.renewal_month)
            return (
                self.tr("Yearly, on %1 %2")
                .replace("%1", month)
                .replace("%2", str(billing.billing_day))
            )
        return self.tr("Monthly, on day %1 of each month").replace("%1", str(billing.billing_day))

    def edit(self) -> None:
        """The form, filled with the facts entered before (if any)."""
        billing = self.billing
        inner = self.facts.clear()
        inner.addWidget(
            value_label(
                self.tr(
                    "This service does not tell Account Desk the firm's plan or charges. Enter"
                    " them once from the service's Account and Payment Info page or an invoice;"
                    " they are kept on this computer for this account."
                )
            )
        )
        form = QFormLayout()
        inner.addLayout(form)
        locale = app_locale()
        self.plan_edit = QLineEdit(billing.plan_name if billing else "")
        self.plan_edit.setObjectName("planEdit")
        self.price_edit = QLineEdit(
            locale.toString(float(billing.price_per_user_per_month), "f", 2) if billing else ""
        )
        self.price_edit.setObjectName("priceEdit")
        self.users_spin = QSpinBox()
        self.users_spin.setObjectName("usersSpin")
        self.users_spin.setRange(1, MAX_USERS)
        self.users_spin.setValue(billing.users_billed if billing else 1)
        self.cycle_box = QComboBox()
        self.cycle_box.setObjectName("cycleBox")
        self.cycle_box.addItem(self.tr("Monthly"), BillingCycle.MONTHLY.value)
        self.cycle_box.addItem(self.tr("Yearly"), BillingCycle.YEARLY.value)
        if billing and billing.billing_cycle is BillingCycle.YEARLY:
            self.cycle_box.setCurrentIndex(1)
        self.day_spin = QSpinBox()
        self.day_spin.setObjectName("daySpin")
        self.day_spin.setRange(1, 31)
        self.day_spin.setValue(billing.billing_day if billing else 1)
        self.month_box = QComboBox()
        self.month_box.setObjectName("monthBox")
        for month in range(1, 13):
            self.month_box.addItem(locale.standaloneMonthName(month), month)
        if billing and billing.renewal_month:
            self.month_box.setCurrentIndex(billing.renewal_month - 1)
        self.currency_edit = QLineEdit(billing.currency if billing else "USD")
        self.currency_edit.setObjectName("currencyEdit")
        self.currency_edit.setMaxLength(3)
        for label, field in (
            (self.tr("&Plan"), self.plan_edit),
            (self.tr("P&rice per user per month, as billed"), self.price_edit),
            (self.tr("&Users billed"), self.users_spin),
            (self.tr("Billing c&ycle"), self.cycle_box),
            (self.tr("Billing &day"), self.day_spin),
            (self.tr("Yearly plan renews in"), self.month_box),
            (self.tr("C&urrency"), self.currency_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(caption, field)
        for line in (self.plan_edit, self.price_edit, self.currency_edit):
            line.returnPressed.connect(self.save)  # Enter in a field saves, as in a dialog
        self.month_label = form.labelForField(self.month_box)
        self.cycle_box.currentIndexChanged.connect(self._cycle_changed)
        self._cycle_changed()
        self.problems_label = value_label()
        self.problems_label.setObjectName("billingProblems")
        use_warning_colour(self.problems_label)
        self.problems_label.hide()
        inner.addWidget(self.problems_label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("&Save the billing facts"))
        self.save_button.setObjectName("saveBillingButton")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        if billing is not None:
            cancel = QPushButton(self.tr("Cancel"))
            cancel.setObjectName("cancelBillingButton")
            cancel.clicked.connect(self._show_facts)
            buttons.addWidget(cancel)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        self._show_closing()

    def _cycle_changed(self) -> None:
        yearly = self.cycle_box.currentData() == BillingCycle.YEARLY.value
        self.month_box.setVisible(yearly)
        if self.month_label is not None:
            self.month_label.setVisible(yearly)

    def problem_text(self, problem: Problem) -> str:
        return {
            Problem.PLAN_MISSING: self.tr("Plan: type the plan's name, as on the invoice."),
            Problem.PLAN_TOO_LONG: self.tr("Plan: the name is longer than 100 characters."),
            Problem.PRICE_NOT_AMOUNT: self.tr("Price per user: type an amount such as %1.").replace(
                "%1", app_locale().toString(89.0, "f", 2)
            ),
            Problem.PRICE_OUT_OF_RANGE: self.tr(
                "Price per user: the amount must be between 0 and 100,000."
            ),
            Problem.USERS_NOT_WHOLE: self.tr("Users billed: type a whole number."),
            Problem.USERS_OUT_OF_RANGE: self.tr("Users billed: at least 1."),
            Problem.DAY_OUT_OF_RANGE: self.tr("Billing day: a day of the month, 1 to 31."),
            Problem.MONTH_MISSING: self.tr("Yearly plan: choose the month it renews in."),
            Problem.CURRENCY_INVALID: self.tr(
                "Currency: the three-letter code, such as USD or CAD."
            ),
        }[problem]

    def save(self) -> bool:
        locale: QLocale = app_locale()
        cycle = BillingCycle(str(self.cycle_box.currentData()))
        result = check_billing(
            self.plan_edit.text(),
            parse_amount(self.price_edit.text(), locale.decimalPoint(), locale.groupSeparator()),
            self.users_spin.value(),
            cycle,
            self.day_spin.value(),
            int(self.month_box.currentData()) if cycle is BillingCycle.YEARLY else None,
            self.currency_edit.text(),
        )
        if isinstance(result, list):
            text = "\n".join(self.problem_text(problem) for problem in result)
            self.problems_label.setText(text)
            self.problems_label.setAccessibleName(text)
            self.problems_label.show()
            first = {
                Problem.PLAN_MISSING: self.plan_edit,
                Problem.PLAN_TOO_LONG: self.plan_edit,
                Problem.PRICE_NOT_AMOUNT: self.price_edit,
                Problem.PRICE_OUT_OF_RANGE: self.price_edit,
                Problem.CURRENCY_INVALID: self.currency_edit,
            }.get(result[0])
            if first is not None:
                first.setFocus()
            return False
        assert self.key is not None
        self.store.save_billing(self.key, result)
        self.billing = result
        self._show_facts()
        self.edit_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()
        return True

    # -- "If you close today" ---------------------------------------------------------------

    def _show_closing(self) -> None:
        self.closing.setTitle(
            self.tr("If you close today")
            if self.is_owner
            else self.tr("If the account is closed today")
        )
        if self.billing is None:
            self.closing.sentences(
                [self.tr("Enter the billing facts above to see what closing today means.")]
            )
            return
        now = datetime.now(UTC)
        account = as_account(self.billing, now, self.confirmed_firm_name(), self.owner)
        lines = self.words.closing_sentences(if_you_close_at(account, now), account)
        lines.append(
            self.tr("These figures come from the billing facts you entered, not from the service.")
        )
        self.closing.sentences(lines)
