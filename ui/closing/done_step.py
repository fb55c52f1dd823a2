"""The closing walkthrough's last step: what happened, the dates that follow, the receipt, and
the way to the countdown.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWizard, QWizardPage

from app.closing.retention import disagreement_text
from ui.closing.receipt import ReceiptBox
from ui.closing.step_parts import make_label
from ui.closing.when_step import scheduled_lines
from ui.common.formats import access_rule_text, format_day, format_moment
from ui.common.widgets import NoticeBanner, NoticeKind

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


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
        self.what = make_label(name="doneWhat", bold=True)
        self.dates = make_label(name="doneDates")
        self.disagreements = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.disagreements.setObjectName("doneDisagreements")
        self.disagreements.hide()
        self.next_steps = make_label(name="doneNext")
        self.receipt = ReceiptBox()
        self.record = make_label(name="enteredRecord")
        self.record.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.dates)
        layout.addWidget(self.disagreements)
        layout.addWidget(self.receipt)
        layout.addWidget(self.record)
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
                self.tr(
                    "You entered that the service closed the account of %1 on %2. The service has"
                    " not confirmed it to Account Desk: the dates below are computed from the day"
                    " you entered."
                )
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

    def show_record(self, path: Path | None, problem: str) -> None:
        """Where the record of a closing done with the service was saved (or why it was not)."""
        if path is not None:
            text = self.tr(
                "Who keeps access and your reason were not sent to the service: they are kept"
                " with the day you entered in %1."
            ).replace("%1", str(path))
        else:
            text = self.tr("The record of this closing could not be saved: %1").replace(
                "%1", problem
            )
        self.record.setText(text)
        self.record.show()

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
