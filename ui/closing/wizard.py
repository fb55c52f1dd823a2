"""The guided closing walkthrough (Close Account): what closing means for this firm, a checklist
from live data, who keeps access for the 90 days, an optional reason, the final confirmation,
and what happened.

Closing itself goes through app.closing.store.ClosingSender (one closing per decision, the key
in the profile until the outcome is known). When the server wants a fresh sign-in the
walkthrough runs it in place and comes back to the confirmation with everything kept. When the
service closes the account itself (no self-service API, or a contract account) the last steps
show how to reach it and ask for the day it was closed, so the countdown can run from that day.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QLocale, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.account.billing import ClosingCost, if_you_close_now
from app.account.models import (
    Account,
    BillingCycle,
    CancellationReason,
    CancellationRefused,
    PaymentsSummary,
    Retention,
    SupportContact,
    TrustSummary,
)
from app.account.selfservice import MAX_COMMENT_CHARS, SelfServiceClient
from app.closing.alternatives import Alternatives
from app.closing.checklist import (
    AccessCandidate,
    LastExport,
    MatterCounts,
    PagedTransport,
    UnbilledWork,
    access_candidates,
    count_open_matters,
    dates_if_closed_now,
    unbilled_work,
)
from app.closing.invoices import UnpaidBills, unpaid_bills
from app.closing.retention import RetentionDates, disagreement_text, retention_dates
from app.closing.sender import (
    ClosingOutcome,
    ClosingRequest,
    ClosingResult,
    ClosingSender,
    fallback_support,
)
from app.closing.store import ClosingStore, KnownClosing, known_closing_entered, known_closing_from
from app.closing.when import REOPEN_GRACE_DAYS
from ui.closing import unpaid_invoices
from ui.closing.alternatives_step import AlternativesPage
from ui.closing.countdown_page import access_rule_text, format_deadline, local_zone
from ui.closing.receipt import ReceiptBox, receipt_folder, receipt_for
from ui.closing.timeline_chart import TimelineChart
from ui.closing.when_step import WhenPage, scheduled_lines, summary_first_line
from ui.common.app_names import reason_label
from ui.common.background import CancelToken, ProgressCallback, run_in_background
from ui.common.error_text import coded_text, error_text
from ui.common.formats import app_locale, format_day, format_moment, format_money
from ui.common.kind_names import kind_name
from ui.common.support_panel import dial
from ui.common.widgets import NoticeBanner, NoticeKind, use_warning_colour
from ui.common.wizard_header import fit_wizard_header

log = logging.getLogger(__name__)


class _Identity(Protocol):
    @property
    def user_id(self) -> int | None: ...

    @property
    def name(self) -> str | None: ...


class _Server(Protocol):
    @property
    def origin(self) -> str: ...

    @property
    def api_base(self) -> str: ...


class ClosingSession(Protocol):
    """What the walkthrough needs (app.session.Session fits)."""

    @property
    def selfservice(self) -> SelfServiceClient | None: ...

    @property
    def identity(self) -> _Identity | None: ...

    @property
    def firm_name(self) -> str | None: ...

    @property
    def http(self) -> PagedTransport: ...

    @property
    def server(self) -> _Server: ...


class PageId(enum.IntEnum):
    MEANING = 0
    CHECKLIST = 1
    ACCESS = 2
    REASON = 3
    WHEN = 4
    CONFIRM = 5
    ASSISTED = 6
    DONE = 7
    ALTERNATIVES = 8  # between MEANING and CHECKLIST, once, when the service offers them


class Fact(enum.Enum):
    """What the walkthrough reads from the server, each in its own background job."""

    ACCOUNT = "account"
    PAYMENTS = "payments"
    TRUST = "trust"
    REASONS = "reasons"
    SUPPORT = "support"
    MATTERS = "matters"
    UNBILLED = "unbilled"
    CANDIDATES = "candidates"
    UNPAID_BILLS = "unpaid_bills"
    ALTERNATIVES = "alternatives"


def money(amount: Decimal, currency: str) -> str:
    """An amount as every page writes it (ui.common.formats)."""
    return format_money(amount, currency)


def _label(text: str = "", *, name: str = "", bold: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    # Server text (firm and people's names) is never markup.
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    return label


def _scrolling(page: QWizardPage, content: QWidget) -> None:
    """Put a page's content in a scroll area (small screens, large fonts)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)


# --- 1. what closing means ---------------------------------------------------------------------


class MeaningPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("What closing the account means"))
        self.setSubTitle(self.tr("Read this before you decide: it is about this firm, today."))
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.refused = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.refused.setObjectName("refusedNotice")
        self.refused.hide()
        self.body.addWidget(self.refused)
        self.permanent = _label(name="permanentText", bold=True)
        self.access = _label(name="accessText")
        self.billing = _label(name="billingText")
        self.content = _label(name="contentText")
        self.escrow = _label(name="escrowText")
        for label in (self.permanent, self.access, self.billing, self.content, self.escrow):
            self.body.addWidget(label)
        self.chart = TimelineChart()  # "if you close today", as a picture
        self.body.addWidget(self.chart)
        self.body.addStretch(1)
        _scrolling(self, content)
        wizard.facts_changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        w = self.w
        firm = w.firm
        self.permanent.setText(
            self.tr(
                "Closing ends the subscription of %1. The Primary Subscriber can reopen the"
                " account for %2 days after it closes; after that it cannot be undone, and all"
                " of the firm's practice data is deleted when the data availability period ends."
            )
            .replace("%1", firm)
            .replace("%2", str(REOPEN_GRACE_DAYS))
        )
        self.access.setText(
            self.tr(
                "At the moment you close, every user of %1 loses access, and the firm's clients"
                " lose access to the client portal."
            ).replace("%1", firm)
        )
        account = w.account
        if account is not None:
            self.billing.setText(billing_sentences(if_you_close_now(account)))
        elif w.failed(Fact.ACCOUNT):
            self.billing.setText(
                self.tr(
                    "Nothing more is charged after closing, and the current billing period is"
                    " not refunded. (Account Desk could not read this firm's billing: %1)"
                ).replace("%1", w.failure_text(Fact.ACCOUNT))
            )
        elif w.selfservice is None:
            self.billing.setText(
                self.tr(
                    "Nothing more is charged after closing, and the current billing period is"
                    " not refunded."
                )
            )
        else:
            self.billing.setText(self.tr("Reading this firm's billing…"))
        dates = w.dates_if_closed_now()
        self.chart.set_timeline(dates, w.now(), w.tz, hypothetical=True)
        self.content.setText(
            self.tr(
                "If you close today, the practice data stays reachable until %1. Then it is"
                " deleted for good."
            ).replace("%1", format_deadline(dates.content_last_day, w.tz))
            + " "
            + access_rule_text()
        )
        if dates.escrow_last_day is not None:
            self.escrow.setText(
                self.tr(
                    "The firm has a data-escrow arrangement: escrowed data is kept until %1."
                ).replace("%1", format_deadline(dates.escrow_last_day, w.tz))
            )
            self.escrow.show()
        elif account is not None:
            self.escrow.setText(self.tr("The firm has no data-escrow arrangement."))
            self.escrow.show()
        else:
            self.escrow.hide()
        refusal = w.not_primary_text()
        self.refused.setVisible(bool(refusal))
        self.refused.set_text(refusal)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.w.not_primary_text() and self.w.alternatives_settled()

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        offer = self.w.alternatives
        if offer is not None and offer.offered and not self.w.alternatives_shown:
            return int(PageId.ALTERNATIVES)
        return int(PageId.CHECKLIST)


def billing_sentences(cost: ClosingCost) -> str:
    """The "If you close today" money facts for this firm, in plain words."""

    def t(text: str, disambiguation: str = "", n: int = -1) -> str:
        # lupdate files this helper's strings under the empty context (see the Makefile).
        return QCoreApplication.translate("", text, disambiguation or None, n)

    currency = cost.currency
    period = t("%1 to %2").replace("%1", format_day(cost.period.start))
    period = period.replace("%2", format_day(cost.period.end))
    paid = (
        t("The current billing period (%1) costs %2")
        if cost.paid_is_estimate
        else t("The current billing period (%1) was paid: %2")
    )
    text = [
        paid.replace("%1", period).replace("%2", money(cost.paid_for_period, currency))
        + t(". It is not refunded.")
    ]
    if cost.unused_days > 0:
        text.append(
            t("%1 of it are unused after today, worth about %2, and are not refunded either.")
            .replace("%1", t("%Ln day(s)", "", cost.unused_days))
            .replace("%2", money(cost.unused_value, currency))
        )
    if cost.billing_cycle is BillingCycle.YEARLY and cost.yearly_discount_per_user_per_month:
        text.append(
            t(
                "The yearly plan's discount of %1 per user per month does not turn into a refund"
                " of the unused months."
            ).replace("%1", money(cost.yearly_discount_per_user_per_month, currency))
        )
    text.append(
        t("Nothing more is charged: the charge of %1 due on %2 will not be made.")
        .replace("%1", money(cost.cancelled_charge.amount, currency))
        .replace("%2", format_day(cost.cancelled_charge.date))
    )
    return " ".join(text)


# --- 2. before you close -------------------------------------------------------------------------


class ChecklistItem(QFrame):
    """One thing to check: its state, what the data says, and either "done" or a checkbox that
    names it, which the person ticks to go on anyway."""

    changed = Signal()

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key = key
        self.setObjectName(f"check-{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = _label(title, bold=True)
        self.state = _label(name=f"state-{key}", wrap=False)
        self.detail = _label(name=f"detail-{key}")
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
        _scrolling(self, content)
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
        return int(PageId.ASSISTED if self.w.assisted else PageId.ACCESS)


# --- 3. who keeps access ---------------------------------------------------------------------


class AccessPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Who keeps access for the 90 days"))
        self.setSubTitle(
            access_rule_text()
            + " "
            + self.tr("You may designate any other active user of the firm.")
        )
        self.choice = QComboBox()
        self.choice.setObjectName("designatedUser")
        self.choice.setAccessibleName(self.tr("Who keeps access"))
        self.choice.currentIndexChanged.connect(self._describe)
        prompt = _label(self.tr("Keeps access:"))
        prompt.setBuddy(self.choice)
        self.explanation = _label(name="accessExplanation")
        self.problem = _label(name="accessProblem")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(prompt)
        row.addWidget(self.choice, 1)
        layout.addLayout(row)
        layout.addWidget(self.explanation)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        wizard.facts_changed.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        current = self.choice.currentData()
        people = self.w.candidates()
        self.choice.blockSignals(True)
        self.choice.clear()
        for person in people:
            if person.primary_subscriber:
                text = self.tr("%1 (Primary Subscriber)")
            elif person.administrator:
                text = self.tr("%1 (administrator)")
            else:
                text = self.tr("%1 (user)")
            self.choice.addItem(text.replace("%1", person.name), person.id)
        index = self.choice.findData(current) if current is not None else 0
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        if self.w.failed(Fact.CANDIDATES):
            self.problem.setText(
                self.tr("The list of users could not be read (%1).").replace(
                    "%1", self.w.failure_text(Fact.CANDIDATES)
                )
            )
        else:
            self.problem.setText("")
        self._describe()

    def chosen(self) -> AccessCandidate | None:
        people = {p.id: p for p in self.w.candidates()}
        data = self.choice.currentData()
        return people.get(data) if isinstance(data, int) else None

    def designated_user_id(self) -> int | None:
        """None for the Primary Subscriber (the default: they keep access anyway)."""
        person = self.chosen()
        return None if person is None or person.primary_subscriber else person.id

    def _describe(self) -> None:
        person = self.chosen()
        dates = self.w.dates_if_closed_now()
        if person is None or person.primary_subscriber:
            first = self.tr("No one else is designated.")
        else:
            first = self.tr(
                "%1 can sign in, read everything and export the firm's data until %2, but"
                " cannot change anything."
            )
        self.explanation.setText(
            first.replace("%1", person.name if person is not None else "").replace(
                "%2", format_deadline(dates.content_last_day, self.w.tz)
            )
            + " "
            + access_rule_text()
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.choice.count() > 0 or self.w.failed(Fact.CANDIDATES)


# --- 4. why you are leaving ------------------------------------------------------------------


class ReasonPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Why are you leaving? (optional)"))
        self.setSubTitle(self.tr("Your answer helps to improve the product. You may skip it."))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.rather_not_say = QRadioButton(self.tr("I'd rather not say"))
        self.rather_not_say.setObjectName("reason-none")
        self.rather_not_say.setChecked(True)
        self.group.addButton(self.rather_not_say)
        self.buttons: dict[QRadioButton, CancellationReason | None] = {self.rather_not_say: None}
        self.reason_box = QVBoxLayout()
        self.reason_box.addWidget(self.rather_not_say)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("comment")
        self.comment.setAccessibleName(self.tr("Comment"))
        self.comment.setTabChangesFocus(True)  # Tab leaves the box: keyboard users get out
        self.comment.setPlaceholderText(self.tr("Anything you would like to tell us (optional)"))
        self.comment.textChanged.connect(self._limit)
        self.counter = _label(name="commentCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        comment_label = _label(self.tr("Comment:"))
        comment_label.setBuddy(self.comment)
        layout = QVBoxLayout(self)
        layout.addLayout(self.reason_box)
        layout.addWidget(comment_label)
        layout.addWidget(self.comment, 1)
        layout.addWidget(self.counter)
        self.group.buttonToggled.connect(lambda _b, _on: self._update_comment())
        wizard.facts_changed.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        reasons: tuple[CancellationReason, ...] = self.w.facts.get(Fact.REASONS) or ()
        known = {r.code for r in self.buttons.values() if r is not None}
        for reason in reasons:
            if reason.code in known:
                continue
            button = QRadioButton(reason_label(reason))
            button.setObjectName(f"reason-{reason.code.value}")
            self.group.addButton(button)
            self.buttons[button] = reason
            self.reason_box.addWidget(button)
        self._update_comment()

    def reason(self) -> CancellationReason | None:
        checked = self.group.checkedButton()
        return self.buttons.get(checked) if isinstance(checked, QRadioButton) else None

    def comment_text(self) -> str | None:
        reason = self.reason()
        if reason is None or not reason.comment_allowed:
            return None
        text = self.comment.toPlainText().strip()
        return text or None

    def _update_comment(self) -> None:
        reason = self.reason()
        allowed = reason is not None and reason.comment_allowed
        self.comment.setEnabled(allowed)
        self._count()
        if not allowed and reason is not None:
            self.counter.setText(self.tr("This reason takes no comment."))

    def _limit(self) -> None:
        text = self.comment.toPlainText()
        if len(text) > MAX_COMMENT_CHARS:
            # Cannot exceed: cut what was typed or pasted beyond the limit.
            cursor = self.comment.textCursor()
            position = min(cursor.position(), MAX_COMMENT_CHARS)
            self.comment.blockSignals(True)
            self.comment.setPlainText(text[:MAX_COMMENT_CHARS])
            cursor = self.comment.textCursor()
            cursor.setPosition(position)
            self.comment.setTextCursor(cursor)
            self.comment.blockSignals(False)
        self._count()

    def _count(self) -> None:
        used = len(self.comment.toPlainText())
        self.counter.setText(
            self.tr("%1 of %2 characters")
            .replace("%1", app_locale().toString(used))
            .replace("%2", app_locale().toString(MAX_COMMENT_CHARS))
        )


# --- 5. confirm ------------------------------------------------------------------------------


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Close the account"))
        self.setSubTitle(self.tr("Last step. Check what will happen, then confirm."))
        self.summary = _label(name="confirmSummary")
        self.name_prompt = _label(name="firmNamePrompt")
        self.firm_name = QLineEdit()
        self.firm_name.setObjectName("firmNameInput")
        self.firm_name.setAccessibleName(self.tr("The firm's name, to confirm"))
        self.firm_name.textChanged.connect(lambda _t: self._changed())
        # No buddy: a buddy label reads "&" in the firm's name as a keyboard shortcut.
        self.understand = QCheckBox(
            self.tr("I understand that after the days to reopen it, this cannot be undone")
        )
        self.understand.setObjectName("understandCheck")
        self.understand.toggled.connect(lambda _on: self._changed())
        self.status = NoticeBanner("", NoticeKind.INFO, dismissible=False)
        self.status.setObjectName("confirmStatus")
        self.status.hide()
        self.support = SupportBox()
        self.support.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.name_prompt)
        layout.addWidget(self.firm_name)
        layout.addWidget(self.understand)
        layout.addWidget(self.status)
        layout.addWidget(self.support)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.summary.setText(self.w.summary_text())
        self.name_prompt.setText(
            self.tr("Type the firm's name to confirm: %1").replace("%1", self.w.firm)
        )
        self._changed()

    def name_matches(self) -> bool:
        typed = self.firm_name.text().strip().casefold()
        return bool(typed) and typed == self.w.firm.strip().casefold()

    def ready(self) -> bool:
        return self.name_matches() and self.understand.isChecked()

    def _changed(self) -> None:
        self.w.update_close_button()

    def show_status(self, text: str, kind: NoticeKind = NoticeKind.INFO) -> None:
        self.status.kind = kind
        self.status.set_text(text)
        self.status.show()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        outcome = self.w.outcome
        return outcome is not None and (outcome.closed or outcome.scheduled)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        if self.w.assisted:
            return int(PageId.ASSISTED)
        return int(PageId.DONE)


class SupportBox(QFrame):
    """The service's support line and settings page: dial, copy, open."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("supportBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.contact: SupportContact | None = None
        self.text = _label(name="supportText")
        self.status = _label(name="supportStatus")
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


# --- assisted: the service closes it ---------------------------------------------------------


class AssistedPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Close the account with the service"))
        self.setSubTitle(self.tr("Account Desk cannot close this account itself."))
        self.why = _label(name="assistedWhy")
        self.steps = _label(name="assistedSteps")
        self.support = SupportBox()
        self.closed_check = QCheckBox(self.tr("The service has closed the account"))
        self.closed_check.setObjectName("serviceClosedCheck")
        self.closed_check.toggled.connect(lambda _on: self.completeChanged.emit())
        self.closed_on = QDateEdit()
        self.closed_on.setObjectName("closedOnDate")
        self.closed_on.setCalendarPopup(True)
        self.closed_on.setDisplayFormat(app_locale().dateFormat(QLocale.FormatType.LongFormat))
        self.closed_on.setAccessibleName(self.tr("The day the account was closed"))
        date_label = _label(self.tr("The day it was closed:"), wrap=False)
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


# --- 6. done --------------------------------------------------------------------------------


class DonePage(QWizardPage):
    def nextId(self) -> int:  # noqa: N802 - Qt's name
        # The last page: no Next and no Back once the account is closed (page ids above it,
        # such as the alternatives, come earlier in the walkthrough).
        return -1

    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("The account is closed"))
        self.setSubTitle(self.tr("What happened, and until when the data stays reachable."))
        self.what = _label(name="doneWhat", bold=True)
        self.dates = _label(name="doneDates")
        self.disagreements = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.disagreements.setObjectName("doneDisagreements")
        self.disagreements.hide()
        self.next_steps = _label(name="doneNext")
        self.receipt = ReceiptBox()
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.dates)
        layout.addWidget(self.disagreements)
        layout.addWidget(self.receipt)
        layout.addWidget(self.next_steps)
        layout.addStretch(1)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        w = self.w
        known = w.known
        if w.outcome is not None and w.outcome.scheduled and w.outcome.retention is not None:
            self._show_scheduled(w.outcome.retention.closing_scheduled_at)
            return
        if known is None:
            self.what.setText(self.tr("Account Desk has no confirmation of a closing."))
            return
        tz = w.tz
        dates = known.dates
        if known.server is not None:
            self.what.setText(
                self.tr("The service closed the account of %1 at %2.")
                .replace("%1", w.firm)
                .replace("%2", format_moment(dates.closed_at, tz))
            )
        else:
            self.what.setText(
                self.tr("You entered that the service closed the account of %1 on %2.")
                .replace("%1", w.firm)
                .replace("%2", format_day(dates.closing_day))
            )
        lines = [
            self.tr(
                "The practice data stays reachable, read only, until the end of %1 (UTC); it is"
                " deleted at %2."
            )
            .replace("%1", format_day(dates.content_last_day))
            .replace("%2", format_moment(dates.content_deleted_at, tz))
        ]
        if dates.escrow_last_day is not None:
            lines.append(
                self.tr("Escrowed data is kept until the end of %1 (UTC).").replace(
                    "%1", format_day(dates.escrow_last_day)
                )
            )
        lines.append(access_rule_text())
        if known.designated_user is not None:
            lines.append(self.tr("Designated user: %1.").replace("%1", known.designated_user.name))
        lines.append(self.tr("Nothing more will be charged."))
        self.dates.setText("\n".join(lines))
        found = known.disagreements
        self.disagreements.setVisible(bool(found))
        self.disagreements.set_text(
            self.tr("These dates come from the server, which differs from Account Desk's own")
            + self.tr(" computation: ")
            + " ".join(disagreement_text(d) for d in found)
        )
        self.next_steps.setText(
            self.tr(
                "“Show the countdown” opens the Data availability page. Export anything you"
                " still need before the data is deleted."
            )
        )

    def _show_scheduled(self, closes_at: datetime | None) -> None:
        w = self.w
        self.setTitle(self.tr("The closing is scheduled"))
        when = format_moment(closes_at, w.tz) if closes_at is not None else ""
        self.what.setText(
            self.tr("The account of %1 closes at the end of the paid period.").replace("%1", w.firm)
        )
        self.dates.setText("\n".join(scheduled_lines(w.when_page.chosen_choice(), when, w.tz)))
        self.disagreements.hide()
        self.next_steps.setText(
            self.tr("Export anything you still need before the data is deleted.")
        )
        w.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish"))


# --- the wizard ------------------------------------------------------------------------------


class ClosingWizard(QWizard):
    """See the module doc. Emits `closed(KnownClosing)` once the closing is confirmed by the
    server (or entered by the person after closing with the service), and
    `countdown_requested()` when “Show the countdown” ends the walkthrough."""

    closed = Signal(object)
    # A closing at the end of the paid period was scheduled (the server's retention answer).
    scheduled = Signal(object)
    facts_changed = Signal()
    countdown_requested = Signal()

    def __init__(
        self,
        session: ClosingSession,
        *,
        fresh_sign_in: Callable[[], None],
        open_export_wizard: Callable[[], None],
        last_export: Callable[[], LastExport | None],
        tz: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closingWizard")
        self.setWindowTitle(self.tr("Close the account"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        fit_wizard_header(self)  # long subtitles (and longer languages) are not cut off
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.session = session
        self.selfservice = session.selfservice
        self._fresh_sign_in = fresh_sign_in
        self._open_export_wizard = open_export_wizard
        self._last_export_provider = last_export
        self.tz = tz or local_zone()
        self._clock = clock
        self.store = ClosingStore(session.server.origin)
        self.closing_sender = (
            ClosingSender(self.selfservice, self.store) if self.selfservice else None
        )
        self.facts: dict[Fact, Any] = {}
        self._account_read_at = datetime.now(UTC)
        self._failures: dict[Fact, BaseException] = {}
        self.last_export: LastExport | None = None
        self.outcome: ClosingResult | None = None
        self.known: KnownClosing | None = None
        self.sending = False
        self.signing_in = False
        self.assisted = self.selfservice is None

        self.meaning = MeaningPage(self)
        self.checklist = ChecklistPage(self)
        self.access = AccessPage(self)
        self.reason = ReasonPage(self)
        self.when_page = WhenPage(self)
        self.confirm = ConfirmPage(self)
        self.assisted_page = AssistedPage(self)
        self.done_page = DonePage(self)
        self.alternatives_shown = False
        self.alternatives_page = AlternativesPage(self)
        for page_id, page in (
            (PageId.MEANING, self.meaning),
            (PageId.CHECKLIST, self.checklist),
            (PageId.ACCESS, self.access),
            (PageId.REASON, self.reason),
            (PageId.WHEN, self.when_page),
            (PageId.CONFIRM, self.confirm),
            (PageId.ASSISTED, self.assisted_page),
            (PageId.DONE, self.done_page),
            (PageId.ALTERNATIVES, self.alternatives_page),
        ):
            self.setPage(int(page_id), page)
        self.setStartId(int(PageId.MEANING))

        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Go back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Show the countdown"))
        self.close_button = QPushButton(self.tr("Close the account"))
        self.close_button.setObjectName("closePermanentlyButton")
        self.close_button.setAutoDefault(False)
        use_warning_colour(
            self.close_button, "QPushButton:enabled { color: {colour}; font-weight: bold; }"
        )
        self.setButton(QWizard.WizardButton.CustomButton1, self.close_button)
        self.close_button.clicked.connect(self.send_closing)
        self.use_confirm_buttons(False)
        self.installEventFilter(self)
        # After the wizard moved the focus into the new page: the safe button takes it there.
        self.currentIdChanged.connect(self._page_shown)
        self.resize(720, 560)

        self.reread_last_export()
        self._load_facts()
        self._recover_pending()

    # -- facts

    def now(self) -> datetime:
        if self._clock is not None:
            return self._clock()
        account = self.account
        if account is not None:
            # The service's idea of now (the demo moves its clock).
            return account.server_time + (datetime.now(UTC) - self._account_read_at)
        return datetime.now(UTC)

    @property
    def account(self) -> Account | None:
        value = self.facts.get(Fact.ACCOUNT)
        return value if isinstance(value, Account) else None

    @property
    def firm(self) -> str:
        if self.account is not None:
            return self.account.firm.name
        return self.session.firm_name or self.tr("the firm")

    @property
    def alternatives(self) -> Alternatives | None:
        value = self.facts.get(Fact.ALTERNATIVES)
        return value if isinstance(value, Alternatives) else None

    def alternatives_settled(self) -> bool:
        """Whether the service's alternatives are known (or cannot be): the first page waits
        for them, so that they are offered whenever the service has them."""
        return self.selfservice is None or self.loaded(Fact.ALTERNATIVES)

    def set_alternatives(self, offer: Alternatives) -> None:
        self.facts[Fact.ALTERNATIVES] = offer
        self.facts_changed.emit()

    def reload_account(self) -> None:
        """Read the account again (after a change of plan or of Primary Subscriber)."""
        if self.selfservice is not None:
            self._load(Fact.ACCOUNT, self.selfservice.account)

    def failed(self, fact: Fact) -> bool:
        return fact in self._failures

    def failure_text(self, fact: Fact) -> str:
        return error_text(self._failures.get(fact))

    def _load_facts(self) -> None:
        client = self.selfservice
        http = self.session.http
        api = self.session.server.api_base
        jobs: dict[Fact, Callable[[], Any]] = {
            Fact.MATTERS: lambda: count_open_matters(http, api),
            Fact.UNBILLED: lambda: unbilled_work(http, api),
            Fact.CANDIDATES: lambda: access_candidates(http, api),
            Fact.UNPAID_BILLS: lambda: unpaid_bills(http, api),
        }
        if client is not None:
            jobs.update(
                {
                    Fact.ACCOUNT: client.account,
                    Fact.PAYMENTS: client.payments_summary,
                    Fact.TRUST: client.trust_summary,
                    Fact.REASONS: client.cancellation_reasons,
                    Fact.SUPPORT: client.support,
                    Fact.ALTERNATIVES: client.alternatives,
                }
            )
        for fact, call in jobs.items():
            self._load(fact, call)

    def _load(self, fact: Fact, call: Callable[[], Any]) -> None:
        def op(token: CancelToken, report: ProgressCallback) -> Any:
            return call()

        def success(value: Any) -> None:
            self._failures.pop(fact, None)
            if fact is Fact.ACCOUNT:
                self._account_read_at = datetime.now(UTC)
                account: Account = value
                reason = account.self_service_cancellation.reason
                if not account.self_service_cancellation.allowed and reason == "contract_account":
                    self.assisted = True
            self.facts[fact] = value
            self.facts_changed.emit()

        def failure(error: BaseException) -> None:
            log.info("closing walkthrough: %s not read: %s", fact.value, error)
            self._failures[fact] = error
            self.facts_changed.emit()

        run_in_background(self, op, success, failure, name=f"closing-{fact.value}")

    def loaded(self, fact: Fact) -> bool:
        return fact in self.facts or fact in self._failures

    def reread_last_export(self) -> None:
        try:
            self.last_export = self._last_export_provider()
        except Exception:  # the export side's problem must not break the walkthrough
            log.exception("the last export could not be read")
            self.last_export = None
        self.facts_changed.emit()

    def open_export(self) -> None:
        self._open_export_wizard()
        self.reread_last_export()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self and event.type() == QEvent.Type.WindowActivate:
            # Back from a non-modal export wizard: its result may be new.
            self.reread_last_export()
        return super().eventFilter(watched, event)

    def candidates(self) -> tuple[AccessCandidate, ...]:
        people: tuple[AccessCandidate, ...] = self.facts.get(Fact.CANDIDATES) or ()
        if people:
            return people
        account = self.account
        if account is not None and account.primary_subscriber is not None:
            ps = account.primary_subscriber
            return (AccessCandidate(ps.id, ps.name, ps.email, True),)
        return ()

    def dates_if_closed_now(self) -> RetentionDates:
        account = self.account
        if account is not None:
            return dates_if_closed_now(account)
        return retention_dates(self.now(), False)

    def support_contact(self) -> SupportContact:
        refusal = self.outcome.refusal if self.outcome is not None else None
        if refusal is not None:
            return refusal.support
        support = self.facts.get(Fact.SUPPORT)
        if isinstance(support, SupportContact):
            return support
        return fallback_support(self.session.server.origin)

    def not_primary_text(self) -> str:
        """Why this user may not close (empty when they may)."""
        account = self.account
        refusal: CancellationRefused | None = (
            self.outcome.refusal
            if self.outcome is not None
            and self.outcome.outcome is ClosingOutcome.NOT_PRIMARY_SUBSCRIBER
            else None
        )
        not_primary = refusal is not None or (
            account is not None
            and account.self_service_cancellation.reason == "not_primary_subscriber"
        )
        if not not_primary:
            return ""
        person = (
            refusal.primary_subscriber
            if refusal is not None and refusal.primary_subscriber
            else account.primary_subscriber
            if account is not None
            else None
        )
        who = person.name if person is not None else self.tr("the Primary Subscriber")
        support = self.support_contact()
        return (
            self.tr(
                "Only the Primary Subscriber, %1, can close the account. Ask them, or call"
            ).replace("%1", who)
            + " "
            + self.tr("support on %1.").replace("%1", support.phone)
        )

    # -- summary and confirmation

    def summary_text(self) -> str:
        choice = self.when_page.chosen_choice()
        dates = choice.dates if choice is not None else self.dates_if_closed_now()
        lines = [summary_first_line(choice, self.firm, self.tz)]
        person = self.access.chosen()
        designated = (
            self.tr("Designated user: %1.").replace("%1", person.name)
            if person is not None and not person.primary_subscriber
            else self.tr("No one else is designated.")
        )
        lines.append(
            access_rule_text()
            + " "
            + designated
            + " "
            + self.tr(
                "The data can be exported until %1; then the practice data is deleted for good."
            ).replace("%1", format_deadline(dates.content_last_day, self.tz))
        )
        if dates.escrow_last_day is not None:
            lines.append(
                self.tr("Escrowed data is kept until %1.").replace(
                    "%1", format_deadline(dates.escrow_last_day, self.tz)
                )
            )
        reason = self.reason.reason()
        lines.append(
            self.tr("Reason: %1.").replace(
                "%1", reason.label if reason is not None else self.tr("not given")
            )
        )
        return "\n\n".join(lines)

    def use_confirm_buttons(self, on: bool) -> None:
        """On the confirmation page the destructive button replaces Next, and the safe ones
        (Go back, Cancel) come first."""
        if on:
            self.setButtonLayout(
                [
                    QWizard.WizardButton.Stretch,
                    QWizard.WizardButton.BackButton,
                    QWizard.WizardButton.CancelButton,
                    QWizard.WizardButton.CustomButton1,
                ]
            )
        else:
            self.setButtonLayout(
                [
                    QWizard.WizardButton.Stretch,
                    QWizard.WizardButton.BackButton,
                    QWizard.WizardButton.NextButton,
                    QWizard.WizardButton.CancelButton,
                    QWizard.WizardButton.FinishButton,
                ]
            )
        self.setOption(QWizard.WizardOption.HaveCustomButton1, on)
        # The wizard leaves a custom button where it was, even out of the layout.
        self.close_button.setVisible(on)
        self.update_close_button()

    def _page_shown(self, page_id: int) -> None:
        on_confirm = page_id == int(PageId.CONFIRM)
        self.use_confirm_buttons(on_confirm)
        if on_confirm:
            self.focus_safe_button()
        elif page_id == int(PageId.DONE):
            # Enter shows the countdown, whatever the page holds (the receipt's buttons).
            self.button(QWizard.WizardButton.FinishButton).setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_safe_button(self) -> None:
        back = self.button(QWizard.WizardButton.BackButton)
        back.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_close_button(self) -> None:
        ready = (
            self.currentId() == int(PageId.CONFIRM)
            and self.confirm.ready()
            and not self.sending
            and not self.signing_in
            and self.closing_sender is not None
        )
        self.close_button.setEnabled(ready)

    def closing_request(self) -> ClosingRequest:
        reason = self.reason.reason()
        return ClosingRequest(
            confirm_firm_name=self.confirm.firm_name.text().strip(),
            reason_code=reason.code if reason is not None else None,
            comment=self.reason.comment_text(),
            designated_user_id=self.access.designated_user_id(),
            when=self.when_page.chosen(),
        )

    def send_closing(self) -> None:
        if self.sending or self.closing_sender is None or not self.confirm.ready():
            return  # a second click while the first is on its way does nothing
        self.sending = True
        self.update_close_button()
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.confirm.show_status(self.tr("Closing the account… waiting for the server."))
        sender = self.closing_sender
        request = self.closing_request()
        user_id = self.session.identity.user_id if self.session.identity else None

        def op(token: CancelToken, report: ProgressCallback) -> ClosingResult:
            return sender.send(request, user_id=user_id)

        def failure(error: BaseException) -> None:
            # Not an expected refusal (those come back as results): the outcome is unknown
            # and the key stays on disk for the next attempt.
            log.warning("closing failed unexpectedly: %r", error)
            self._finished_sending(
                ClosingResult(
                    ClosingOutcome.UNKNOWN,
                    message=error_text(error),
                    code=getattr(error, "code", ""),
                    params=getattr(error, "params", {}),
                )
            )

        run_in_background(self, op, self._finished_sending, failure, name="close-account")

    def _finished_sending(self, result: ClosingResult) -> None:
        self.sending = False
        self.outcome = result
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        outcome = result.outcome
        if outcome is ClosingOutcome.SCHEDULED and result.retention is not None:
            self.scheduled.emit(result.retention)
            self.confirm.completeChanged.emit()
            self.next()
            return
        if outcome is ClosingOutcome.CLOSED and result.retention is not None:
            known = known_closing_from(result.retention)
            if known is not None:
                self.set_known(known)
                self.confirm.completeChanged.emit()
                self.next()
                return
        if outcome is ClosingOutcome.REAUTH_REQUIRED:
            self._run_fresh_sign_in()
        elif outcome is ClosingOutcome.ASSISTED_REQUIRED:
            self.assisted = True
            self.confirm.show_status(
                self.tr("The service closes this account with you. Next shows how."),
                NoticeKind.WARNING,
            )
            self.confirm.completeChanged.emit()
            self.next()
        elif outcome is ClosingOutcome.NOT_PRIMARY_SUBSCRIBER:
            self.confirm.show_status(self.not_primary_text(), NoticeKind.ERROR)
            self.confirm.support.set_contact(self.support_contact())
            self.confirm.support.show()
        elif outcome is ClosingOutcome.REJECTED:
            self.confirm.show_status(
                self.tr("The service did not close the account: %1").replace(
                    "%1", coded_text(result.code, result.message, result.params)
                ),
                NoticeKind.ERROR,
            )
        elif outcome is ClosingOutcome.NOT_CLOSED:
            self.confirm.show_status(
                self.tr(
                    "The account was NOT closed: the request did not reach the service. Press"
                    " “Close the account” to try again; it is never closed twice."
                ),
                NoticeKind.WARNING,
            )
        else:
            self.confirm.show_status(
                self.tr(
                    "Account Desk does not know yet whether the account was closed (%1). It has"
                    " not been told so by the service. Try again when the connection is back:"
                    " the account is never closed twice."
                ).replace("%1", coded_text(result.code, result.message, result.params).rstrip(".")),
                NoticeKind.ERROR,
            )
        self.update_close_button()

    def _run_fresh_sign_in(self) -> None:
        self.signing_in = True
        self.update_close_button()
        self.confirm.show_status(
            self.tr(
                "For your safety the service asks you to sign in again before closing. Your"
                " browser opens; everything you entered here is kept."
            ),
            NoticeKind.WARNING,
        )
        sign_in = self._fresh_sign_in

        def op(token: CancelToken, report: ProgressCallback) -> None:
            sign_in()

        def success(_none: None) -> None:
            self.signing_in = False
            self.confirm.show_status(
                self.tr("You signed in again. Press “Close the account” to close the account.")
            )
            self.update_close_button()
            self.focus_safe_button()

        def failure(error: BaseException) -> None:
            self.signing_in = False
            message = error_text(error)
            self.confirm.show_status(
                self.tr("The sign-in did not complete (%1). The account was not closed.").replace(
                    "%1", message.rstrip(".")
                ),
                NoticeKind.ERROR,
            )
            self.update_close_button()

        run_in_background(self, op, success, failure, name="fresh-sign-in")

    def set_known(self, known: KnownClosing) -> None:
        self.known = known
        if known.server is not None:
            self.save_receipt(known.server)
        self.closed.emit(known)

    def save_receipt(self, confirmation: Retention) -> None:
        """The closing receipt (JSON and PDF) beside the last export, shown on the last page."""
        self.reread_last_export()
        reasons: tuple[CancellationReason, ...] = self.facts.get(Fact.REASONS) or ()
        receipt = receipt_for(confirmation, self.firm, reasons, self.last_export)
        if receipt is not None:
            self.done_page.receipt.save(receipt, receipt_folder(self.last_export), self.tz)

    # -- recovery of an attempt whose answer was lost

    def _recover_pending(self) -> None:
        sender = self.closing_sender
        if sender is None or self.store.pending() is None:
            return

        def op(token: CancelToken, report: ProgressCallback) -> ClosingResult | None:
            return sender.recover()

        def success(result: ClosingResult | None) -> None:
            if result is None or result.scheduled:
                return  # nothing pending any more (a scheduled closing shows on the pages)
            if result.closed and result.retention is not None:
                known = known_closing_from(result.retention)
                if known is not None:
                    self.outcome = result
                    self.set_known(known)
                    self.setStartId(int(PageId.DONE))
                    self.restart()
                    return
            self.meaning.refused.set_text(
                self.tr(
                    "An earlier attempt to close did not reach the service: the account is still"
                    " open. If you close now, that attempt is completed, never repeated."
                )
                if result.outcome is ClosingOutcome.NOT_CLOSED
                else self.tr(
                    "An earlier attempt to close may or may not have reached the service."
                    " Account Desk will ask again before closing."
                )
            )
            self.meaning.refused.show()

        run_in_background(self, op, success, lambda _e: None, name="closing-recovery")

    # -- keyboard and closing the window

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.currentId() == int(PageId.CONFIRM)
        ):
            # Enter never closes the account: the destructive button must be pressed itself.
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        # Finish is only on the last page ("Show the countdown"): the window behind shows the
        # Data availability page once this one is gone.
        known = self.known is not None and self.currentId() == int(PageId.DONE)
        super().accept()
        if known:
            self.countdown_requested.emit()

    def reject(self) -> None:
        if self.sending:
            # The request is on its way: leaving now would hide its outcome.
            self.confirm.show_status(
                self.tr("Please wait for the service's answer before leaving."),
                NoticeKind.WARNING,
            )
            return
        super().reject()
