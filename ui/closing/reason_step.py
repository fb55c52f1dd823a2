"""The closing walkthrough's optional step: why the firm is leaving, with a comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QPlainTextEdit, QRadioButton, QVBoxLayout, QWizardPage

from app.account.models import CancellationReason
from app.account.selfservice import MAX_COMMENT_CHARS
from app.closing.facts import Fact
from ui.closing.step_parts import PageId, make_label
from ui.common.app_names import reason_label
from ui.common.formats import app_locale

if TYPE_CHECKING:
    from ui.closing.wizard import ClosingWizard


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
        self.counter = make_label(name="commentCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        comment_label = make_label(self.tr("Comment:"))
        comment_label.setBuddy(self.comment)
        layout = QVBoxLayout(self)
        layout.addLayout(self.reason_box)
        layout.addWidget(comment_label)
        layout.addWidget(self.comment, 1)
        layout.addWidget(self.counter)
        self.group.buttonToggled.connect(lambda _b, _on: self._update_comment())
        wizard.facts_changed.connect(self._fill)
        self._fill()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self.w.assisted:  # the service closes it: nothing is sent from here
            self.setSubTitle(
                self.tr(
                    "You may skip it. Account Desk cannot send it to this service: it is kept on"
                    " this computer, in the record of the closing."
                )
            )

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return int(PageId.ASSISTED if self.w.assisted else PageId.WHEN)

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
