"""The closing walkthrough's step that chooses who keeps read-only access for the 90 days."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWizardPage

from app.closing.checklist import AccessCandidate
from app.closing.facts import Fact
from ui.closing.step_parts import make_label
from ui.common.formats import access_rule_text, format_deadline

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


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
        prompt = make_label(self.tr("Keeps access:"))
        prompt.setBuddy(self.choice)
        self.explanation = make_label(name="accessExplanation")
        self.problem = make_label(name="accessProblem")
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

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self.w.assisted:
            self.setSubTitle(
                access_rule_text()
                + " "
                + self.tr(
                    "You may designate any other active user of the firm; the service's page"
                    " or its support team sets it when the account is closed."
                )
            )

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
