""" "If you close today" in plain words: what was paid for the period closing falls in, the
unused part (never refunded) and the charge that will not be made, from app.account.billing's
`ClosingCost`, for the self-service figures and the figures the firm entered alike."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QObject

from app.account.billing import ClosingCost
from app.account.models import Account, BillingCycle
from ui.common.formats import format_count, format_date, format_money


class ClosingWords(QObject):
    def closing_sentences(self, cost: ClosingCost, account: Account) -> list[str]:
        """The "If you close today" facts in plain words."""
        money = self._money_in(cost.currency)
        period = (
            self.tr("%1 to %2")
            .replace("%1", format_date(cost.period.start))
            .replace("%2", format_date(cost.period.end))
        )
        yearly = cost.billing_cycle is BillingCycle.YEARLY
        lines: list[str] = []
        if cost.paid_is_estimate:
            lines.append(
                (
                    self.tr("Your plan charges %1 for the year %2.")
                    if yearly
                    else self.tr("Your plan charges %1 for the period %2.")
                )
                .replace("%1", money(cost.paid_for_period))
                .replace("%2", period)
            )
        else:
            paid_on = account.last_charge.date if account.last_charge is not None else None
            lines.append(
                (
                    self.tr("The firm paid %1 on %3 for the year %2.")
                    if yearly
                    else self.tr("The firm paid %1 on %3 for the period %2.")
                )
                .replace("%1", money(cost.paid_for_period))
                .replace("%2", period)
                .replace("%3", format_date(paid_on) if paid_on else "")
            )
        today = format_date(cost.closing_date)
        if cost.unused_days <= 0:
            lines.append(
                self.tr("Closing today (%1) uses the period to its last day.").replace("%1", today)
            )
        elif yearly and cost.unused_months is not None:
            lines.append(
                self.tr(
                    "If the account is closed today (%1), %2 of the year are unused (%3 whole"
                    " months),"
                    " worth about %4. No part of the year is refunded."
                )
                .replace("%1", today)
                .replace("%2", self._days(cost.unused_days))
                .replace("%3", format_count(cost.unused_months))
                .replace("%4", money(cost.unused_value))
            )
        else:
            lines.append(
                self.tr(
                    "If the account is closed today (%1), %2 of that period are unused, worth"
                    " about %3."
                    " None of it is refunded."
                )
                .replace("%1", today)
                .replace("%2", self._days(cost.unused_days))
                .replace("%3", money(cost.unused_value))
            )
        lines.append(
            self.tr("Nothing more will be charged: the %1 due on %2 will not be taken.")
            .replace("%1", money(cost.cancelled_charge.amount))
            .replace("%2", format_date(cost.cancelled_charge.date))
        )
        if yearly and cost.yearly_discount_for_period:
            lines.append(
                self.tr(
                    "Your yearly plan carried a discount of %1 for the year; it stays as it was."
                ).replace("%1", money(cost.yearly_discount_for_period))
            )
        if not cost.period_agrees_with_server:
            lines.append(
                self.tr(
                    "Note: the service states the current period as %1 to %2, which is not what"
                    " Account Desk works out from the billing day. Ask support which is right."
                )
                .replace("%1", format_date(cost.server_period.start))
                .replace("%2", format_date(cost.server_period.end))
            )
        return lines

    def _money_in(self, currency: str) -> Callable[[Decimal], str]:
        return lambda amount: format_money(amount, currency)

    def _days(self, n: int) -> str:
        return self.tr("%Ln day(s)", "", n)
