"""The closing walkthrough's confirmation: the summary, the firm's name typed in full, and the
button that closes the account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLineEdit, QVBoxLayout, QWizardPage

from ui.closing.step_parts import PageId, make_label
from ui.common.support_panel import SupportPanel
from ui.common.widgets import NoticeBanner, NoticeKind

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: ClosingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Close the account"))
        self.setSubTitle(self.tr("Last step. Check what will happen, then confirm."))
        self.summary = make_label(name="confirmSummary")
        self.name_prompt = make_label(name="firmNamePrompt")
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
        self.support = SupportPanel(web_button=True)
        self.support.set_title(self.tr("The service's support line"))
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
