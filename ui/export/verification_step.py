"""The export wizard's fourth step: whether the export is complete and verified, and what is
missing or wrong in plain words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWizard, QWizardPage

from ui.export.step_parts import button, wrapping_label

if TYPE_CHECKING:
    from ui.export.wizard import ExportWizard


def _t(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


_PROBLEM_WORDS = {
    "missing": "is missing",
    "size": "has the wrong size",
    "hash": "has changed",
    "unsafe": "points outside the folder",
    "count": "has the wrong number of records",
    "failed": "could not be exported",
    "partial": "was not finished",
    "unreadable": "cannot be read",
}


def describe_problem(problem: str) -> str:
    """A verification problem ("failed: documents/57: HTTP 404 ...") in plain words."""
    kind, _, rest = problem.partition(": ")
    where, _, detail = rest.partition(": ")
    words = _PROBLEM_WORDS.get(kind)
    if words is None or not where:
        return problem
    what = _t(words)
    if where.startswith("documents/") and where.removeprefix("documents/").isdigit():
        subject = _t("Document %1").replace("%1", where.removeprefix("documents/"))
    else:
        subject = where
    return f"{subject} {what}" + (f" ({detail})" if detail else "")


class VerificationPage(QWizardPage):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Verification"))
        self.result_label = wrapping_label(name="verificationResult")
        font = QFont(self.result_label.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.2)
        self.result_label.setFont(font)
        self.detail_label = wrapping_label(name="verificationDetail")
        self.summary_label = wrapping_label(name="exportSummary")
        self.missing_label = wrapping_label(self.tr("What is missing or wrong:"))
        self.missing = QListWidget()
        self.missing.setObjectName("missingItems")
        self.missing.setAccessibleName(self.tr("What is missing or wrong"))
        self.retry_button = button(self.tr("&Fetch what is missing"), "retryMissing")
        self.retry_button.clicked.connect(self._wizard.retry_missing)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.missing, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(0)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.show_result()

    def show_result(self) -> None:
        result = self._wizard.export_result
        if result is None:
            return
        self.setSubTitle(str(result.root))
        self.summary_label.setText(self._wizard.summary_text())
        problems = [describe_problem(p) for p in result.problems]
        if result.verified:
            self.result_label.setText(self.tr("✓ The export is complete and verified."))
            self.result_label.setAccessibleName(self.result_label.text())
            self.detail_label.setText(
                self.tr(
                    "Every file's size and SHA-256 checksum match the manifest, and every kind"
                    " of record has as many records as the server reported."
                )
            )
        else:
            self.result_label.setText(self.tr("✗ The export is not complete."))
            self.result_label.setAccessibleName(self.result_label.text())
            self.detail_label.setText(
                self.tr(
                    "Some items could not be exported or checked. They are listed below and in"
                    " export-report.json in the folder. Fetch them again now, or later by"
                    " exporting again into the same folder."
                )
            )
            if not problems:
                problems = [self.tr("The export did not finish.")]
        self.missing.clear()
        self.missing.addItems(problems)
        for widget in (self.missing_label, self.missing, self.retry_button):
            widget.setVisible(not result.verified)
        if result.verified:
            self._wizard.button(QWizard.WizardButton.CommitButton).setFocus()
