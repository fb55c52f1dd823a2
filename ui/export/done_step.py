"""The export wizard's last step: where the export is, and buttons to open the folder and its
index page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWizardPage

from app.export.indexpage import INDEX_NAME
from ui.export.step_parts import button, wrapping_label

if TYPE_CHECKING:
    from ui.export.wizard import ExportWizard


class DonePage(QWizardPage):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Done"))
        self.folder_label = wrapping_label(name="doneFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label = wrapping_label(
            self.tr(
                "Keep a copy somewhere safe, for example on an encrypted external drive. Open"
                " index.html in a web browser to look through the records and documents, even"
                " without an internet connection."
            )
        )
        self.open_folder_button = button(self.tr("&Open the folder"), "openFolder")
        self.open_folder_button.clicked.connect(self._wizard.open_folder)
        self.open_index_button = button(self.tr("Open &index.html"), "openIndex")
        self.open_index_button.setAccessibleDescription(
            self.tr("Browse the export in your web browser")
        )
        self.open_index_button.clicked.connect(self._wizard.open_index)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.open_index_button)
        buttons.addStretch(1)
        self.open_status = wrapping_label(name="openStatus")
        self.open_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_status.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        layout.addWidget(self.open_status)
        layout.addWidget(self.advice_label)
        layout.addStretch(1)
        self.setFinalPage(True)

    def show_open_problem(self, text: str) -> None:
        """Say so when Open the folder / Open index.html opened nothing."""
        self.open_status.setText(text)
        self.open_status.setVisible(bool(text))

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.show_open_problem("")
        result = self._wizard.export_result
        verified = result is not None and result.verified
        self.setSubTitle(
            self.tr("The export is verified.")
            if verified
            else self.tr("The export is not complete.")
        )
        self.folder_label.setText(
            self.tr("The export is in:\n%1").replace("%1", str(self._wizard.folder))
        )
        self.open_index_button.setEnabled(
            self._wizard.folder is not None and (self._wizard.folder / INDEX_NAME).is_file()
        )
