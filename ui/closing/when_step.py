"""The walkthrough's "When should the account close?" step: at the end of the paid period (the
default) or now, each with its money and its dates for this firm and today (app.closing.when).
Also the sentences the confirmation and the last page use for the choice made."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWizardPage

from app.account.models import Account, ClosingWhen
from app.closing.when import ClosingChoice, closing_choices
from ui.common.formats import format_day, format_deadline, format_moment, format_money

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


def _t(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files these strings under the empty context (see the Makefile).
    return QCoreApplication.translate("", text, disambiguation or None, n)


def choice_sentences(choice: ClosingChoice, tz: tzinfo) -> list[str]:
    """What one choice means: when access ends, what is charged and not refunded, and when the
    data is deleted."""
    cost = choice.cost
    currency = cost.currency
    period = (
        _t("%1 to %2")
        .replace("%1", format_day(cost.period.start))
        .replace("%2", format_day(cost.period.end))
    )
    lines: list[str] = []
    if choice.when is ClosingWhen.END_OF_PERIOD:
        lines.append(
            _t(
                "Everyone keeps working as today until %1; then the account closes by itself."
                " You can cancel the closing until then."
            ).replace("%1", format_moment(choice.closes_at, tz))
        )
        lines.append(
            _t(
                "The current billing period (%1) was paid: %2. It is used to its end;"
                " nothing is refunded."
            )
            .replace("%1", period)
            .replace("%2", format_money(cost.paid_for_period, currency))
        )
    else:
        lines.append(
            _t(
                "The account closes as soon as you confirm: from then on only the people who"
                " keep access can sign in, read only."
            )
        )
        lines.append(
            _t("The current billing period (%1) was paid: %2. It is not refunded.")
            .replace("%1", period)
            .replace("%2", format_money(cost.paid_for_period, currency))
        )
        if cost.unused_days > 0:
            lines.append(
                _t(
                    "%Ln day(s) of it go unused, worth about %1, and are not refunded either.",
                    "",
                    cost.unused_days,
                ).replace("%1", format_money(cost.unused_value, currency))
            )
    lines.append(
        _t("Nothing more is charged: the charge of %1 due on %2 will not be made.")
        .replace("%1", format_money(cost.cancelled_charge.amount, currency))
        .replace("%2", format_day(cost.cancelled_charge.date))
    )
    dates = choice.dates
    deletion = _t("The practice data stays reachable until %1, then it is deleted.").replace(
        "%1", format_deadline(dates.content_last_day, tz)
    )
    if dates.escrow_last_day is not None:
        deletion += " " + _t("Escrowed data is kept until %1.").replace(
            "%1", format_deadline(dates.escrow_last_day, tz)
        )
    lines.append(deletion)
    lines.append(
        _t("After closing, the Primary Subscriber can reopen the account until %1.").replace(
            "%1", format_moment(choice.reopen_until, tz)
        )
    )
    return lines


def choice_title(choice: ClosingChoice, tz: tzinfo) -> str:
    if choice.when is ClosingWhen.END_OF_PERIOD:
        return _t("At the end of the paid period, on %1 (recommended)").replace(
            "%1", format_day(choice.closes_at.astimezone(tz).date())
        )
    return _t("Now")


class WhenPage(QWizardPage):
    """Two choices, the end of the paid period preselected; each states its money and dates."""

    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("When should the account close?"))
        self.setSubTitle(
            self.tr("The period is paid for: closing at its end costs nothing more than now.")
        )
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.at_end = QRadioButton(self.tr("At the end of the paid period (recommended)"))
        self.at_end.setObjectName("when-end-of-period")
        self.now = QRadioButton(self.tr("Now"))
        self.now.setObjectName("when-now")
        self.at_end.setChecked(True)
        self.at_end_text = self._text("whenEndOfPeriodText")
        self.now_text = self._text("whenNowText")
        self.note = self._text("whenNote")
        layout = QVBoxLayout(self)
        for button, text in ((self.at_end, self.at_end_text), (self.now, self.now_text)):
            self.group.addButton(button)
            layout.addWidget(button)
            layout.addWidget(text)
            layout.addSpacing(8)
        layout.addWidget(self.note)
        layout.addStretch(1)
        wizard.facts_changed.connect(self.update_choices)
        self.update_choices()

    def _text(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setContentsMargins(24, 0, 0, 0)
        return label

    def choices(self) -> tuple[ClosingChoice, ClosingChoice] | None:
        account: Account | None = self.w.account
        return closing_choices(account) if account is not None else None

    def chosen(self) -> ClosingWhen:
        if self.w.assisted:
            return ClosingWhen.NOW
        return ClosingWhen.NOW if self.now.isChecked() else ClosingWhen.END_OF_PERIOD

    def chosen_choice(self) -> ClosingChoice | None:
        found = self.choices()
        if found is None:
            return None
        return found[0] if self.chosen() is ClosingWhen.END_OF_PERIOD else found[1]

    def update_choices(self) -> None:
        tz = self.w.tz
        found = self.choices()
        assisted = self.w.assisted
        for widget in (self.at_end, self.now):
            widget.setEnabled(not assisted)
        if assisted:
            self.note.setText(
                self.tr(
                    "The service closes this account with you: ask them about closing at the"
                    " end of the paid period."
                )
            )
            self.note.show()
        else:
            self.note.hide()
        if found is None:
            waiting = self.tr("Reading this firm's billing…")
            self.at_end_text.setText(waiting)
            self.now_text.setText(waiting)
            return
        at_end, now = found
        self.at_end.setText(choice_title(at_end, tz))
        self.at_end.setAccessibleDescription(" ".join(choice_sentences(at_end, tz)))
        self.now.setAccessibleDescription(" ".join(choice_sentences(now, tz)))
        self.at_end_text.setText("\n".join(choice_sentences(at_end, tz)))
        self.now_text.setText("\n".join(choice_sentences(now, tz)))


def summary_first_line(choice: ClosingChoice | None, firm: str, tz: tzinfo) -> str:
    """The confirmation's first sentence for the choice made."""
    if choice is not None and choice.when is ClosingWhen.END_OF_PERIOD:
        return (
            _t(
                "You are about to close the account of %1 at the end of the paid period, at %2."
                " Until then everyone keeps working; then every user and the firm's clients"
                " lose access. Nothing more is charged and nothing is refunded."
            )
            .replace("%1", firm)
            .replace("%2", format_moment(choice.closes_at, tz))
        )
    return _t(
        "You are about to close the account of %1 now. Every user and the firm's clients lose"
        " access at once; nothing more is charged and the current period is not refunded."
    ).replace("%1", firm)


def scheduled_lines(choice: ClosingChoice | None, closes_at_text: str, tz: tzinfo) -> list[str]:
    """The last page after a scheduled closing."""
    lines = [
        _t(
            "The account closes by itself at %1, at the end of the paid period. Until then"
            " everyone keeps working as today."
        ).replace("%1", closes_at_text),
        _t(
            "Changed your mind? The Primary Subscriber can cancel the closing on the Account and"
            " Payment Info page until then."
        ),
    ]
    if choice is not None:
        lines.extend(choice_sentences(choice, tz)[1:])
    return lines
