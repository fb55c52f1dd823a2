"""The closing walkthrough's first step: what closing means for this firm today (who loses
access, the money, how long the data stays), with the timeline as a picture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizardPage

from app.account.billing import ClosingCost, if_you_close_now
from app.account.models import BillingCycle
from app.closing.facts import Fact
from app.closing.when import REOPEN_GRACE_DAYS
from ui.closing.step_parts import PageId, in_scroll_area, make_label, money
from ui.closing.timeline_chart import TimelineChart
from ui.common.formats import access_rule_text, format_day, format_deadline
from ui.common.widgets import NoticeBanner, NoticeKind

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


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
        self.permanent = make_label(name="permanentText", bold=True)
        self.access = make_label(name="accessText")
        self.billing = make_label(name="billingText")
        self.content = make_label(name="contentText")
        self.escrow = make_label(name="escrowText")
        for label in (self.permanent, self.access, self.billing, self.content, self.escrow):
            self.body.addWidget(label)
        self.chart = TimelineChart()  # "if you close today", as a picture
        self.body.addWidget(self.chart)
        self.body.addStretch(1)
        in_scroll_area(self, content)
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
