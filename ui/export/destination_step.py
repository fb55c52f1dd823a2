"""The export wizard's first step: the folder the export goes into, what is there now (new,
empty, an earlier export to resume, other files) and the room on its drive.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.export.folder_check import (
    FolderCheck,
    FolderStatus,
    check_folder,
    default_folder_name,
    estimated_bytes,
    next_free_folder,
)
from ui.common.formats import format_size
from ui.common.widgets import NoticeBanner, NoticeKind
from ui.export.step_parts import button, plan_keys, wrapping_label

if TYPE_CHECKING:
    from ui.export.wizard import ExportWizard


class DestinationPage(QWizardPage):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Where to save the export"))
        self.setSubTitle(
            self.tr(
                "Everything goes into one folder on this computer: records as spreadsheets"
                " (CSV) and JSON Lines, documents as files, and a page to browse it all offline."
                " Nothing is changed on the server."
            )
        )
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("exportFolder")
        self.folder_edit.setAccessibleName(self.tr("Export folder"))
        self.folder_edit.setClearButtonEnabled(True)
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.folder_edit)
        self.choose_button = button(self.tr("&Choose…"), "chooseFolder")
        self.choose_button.setAccessibleDescription(self.tr("Choose the export folder"))
        self.choose_button.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(folder_label)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)

        self.space_label = wrapping_label(name="freeSpace")
        self.info_notice = NoticeBanner("", NoticeKind.INFO, dismissible=False)
        self.info_notice.setObjectName("folderNotice")
        self.warning_notice = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.warning_notice.setObjectName("folderWarning")
        self.resume_button = button(self.tr("&Resume this export"), "resumeExport")
        self.resume_button.clicked.connect(self._resume)
        self.new_folder_button = button(self.tr("Use a &new folder"), "newFolder")
        self.new_folder_button.clicked.connect(self._use_new_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.new_folder_button)
        buttons.addStretch(1)
        notice_box = QVBoxLayout()
        notice_box.setContentsMargins(0, 0, 0, 0)
        notice_box.addWidget(self.info_notice)
        notice_box.addWidget(self.warning_notice)
        notice_box.addLayout(buttons)
        self.notice_area = QWidget()
        self.notice_area.setLayout(notice_box)

        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.space_label)
        layout.addWidget(self.notice_area)
        layout.addStretch(1)
        self.setTabOrder(self.folder_edit, self.choose_button)

        self.check = FolderCheck(None, FolderStatus.INVALID, None)
        self._resume_confirmed: Path | None = None
        self.folder_edit.textChanged.connect(self._update)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if not self.folder_edit.text():
            self.folder_edit.setText(str(self._wizard.suggested_folder))
        self._update()
        self.folder_edit.setFocus()

    @property
    def resume(self) -> bool:
        return self.check.status is FolderStatus.OURS and self._resume_confirmed == self.check.path

    def _choose(self) -> None:
        start = self.folder_edit.text() or str(self._wizard.suggested_folder.parent)
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the export folder"), start)
        if chosen:
            self.folder_edit.setText(chosen)

    def _resume(self) -> None:
        self._resume_confirmed = self.check.path
        self._update()
        self.folder_edit.setFocus()

    def _use_new_folder(self) -> None:
        path = self.check.path
        if path is None:
            return
        if self.check.status is FolderStatus.OTHER_FILES:
            base = path / default_folder_name(self._wizard.firm_name)
        else:
            base = path
        self.folder_edit.setText(str(next_free_folder(base)))
        self.folder_edit.setFocus()

    def _update(self) -> None:
        self.check = check_folder(self.folder_edit.text())
        self._show_space()
        status = self.check.status
        show_resume = show_new = False
        kind = NoticeKind.INFO
        if status is FolderStatus.OURS:
            if self.resume:
                text = self.tr(
                    "The export continues in this folder: what is already there is kept and"
                    " checked, only what is missing is fetched."
                )
            else:
                if self.check.verified_before:
                    text = self.tr(
                        "This folder holds an earlier export, complete and verified. Resume it"
                        " to check it again and add anything new, or use a new folder."
                    )
                elif self.check.finished_before:
                    text = self.tr(
                        "This folder holds an earlier export that is not complete. Resume it to"
                        " fetch what is missing, or use a new folder."
                    )
                else:
                    text = self.tr(
                        "This folder holds an earlier export that was stopped before it"
                        " finished. Resume it to continue where it stopped, or use a new folder."
                    )
                show_resume = show_new = True
        elif status is FolderStatus.OTHER_FILES:
            kind = NoticeKind.WARNING
            text = self.tr(
                "This folder already holds other files. Choose an empty folder, or make a new"
                " folder inside this one, so the firm's data is not mixed with them."
            )
            show_new = True
        elif status is FolderStatus.NOT_A_FOLDER:
            kind = NoticeKind.WARNING
            text = self.tr("This is a file, not a folder. Choose a folder.")
        elif status is FolderStatus.UNREADABLE:
            kind = NoticeKind.WARNING
            text = self.tr("This folder cannot be read. Choose another folder.")
        elif status is FolderStatus.INVALID:
            kind = NoticeKind.WARNING
            text = self.tr("Enter the full path of a folder, or press Choose.")
        else:
            text = ""
        if status is FolderStatus.OTHER_FILES:
            self.new_folder_button.setText(self.tr("Make a &new folder inside it"))
        else:
            self.new_folder_button.setText(self.tr("Use a &new folder"))
        self.new_folder_button.setAccessibleName(self.new_folder_button.text().replace("&", ""))
        self.info_notice.set_text(text)
        self.warning_notice.set_text(text)
        self.info_notice.setVisible(kind is NoticeKind.INFO)
        self.warning_notice.setVisible(kind is NoticeKind.WARNING)
        self.notice_area.setVisible(bool(text))
        self.resume_button.setVisible(show_resume)
        self.new_folder_button.setVisible(show_new)
        self.completeChanged.emit()

    def _show_space(self) -> None:
        free = self.check.free_bytes
        plan = self._wizard.plan
        parts = []
        if free is not None:
            parts.append(self.tr("Free space on this drive: %1.").replace("%1", format_size(free)))
        if plan is not None:
            parts.append(
                self.tr("The whole export needs about %1.").replace(
                    "%1", format_size(estimated_bytes(plan, set(plan_keys(plan)), True))
                )
            )
        elif self._wizard.plan_error is None:
            parts.append(self.tr("Working out how much room the export needs…"))
        self.space_label.setText(" ".join(parts))

    def plan_arrived(self) -> None:
        self._show_space()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        status = self.check.status
        return status in (FolderStatus.NEW, FolderStatus.EMPTY) or self.resume

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        # The folder may have changed since it was typed.
        self._update()
        if not self.isComplete():
            return False
        assert self.check.path is not None
        self._wizard.folder = self.check.path
        self._wizard.resuming = self.resume
        return True
