"""The export wizard's second step: what to include (each kind of record, the document files,
the ledgers), with counts and the room the choice needs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.export.engine import ExportPlan
from app.export.folder_check import estimated_bytes, free_space
from app.export.kinds import ALL_KINDS
from ui.common.formats import document_files_text, files_text, format_size, records_text
from ui.common.kind_names import kind_name
from ui.common.widgets import NoticeBanner, NoticeKind
from ui.export.step_parts import DOCUMENT_FILES, LEDGERS, TRUST_KEYS, PageId, button, wrapping_label

if TYPE_CHECKING:
    from ui.export.wizard import ExportWizard


class IncludePage(QWizardPage):
    KEY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("What to include"))
        self.setSubTitle(
            self.tr(
                "Everything is ticked: an export you may need years from now should be complete."
                " Untick only what you are sure you will never need."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Start export"))

        self.busy = QProgressBar()
        self.busy.setObjectName("planBusy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(self.tr("Counting the firm's records"))
        self.busy_label = wrapping_label(
            self.tr("Counting the firm's records and documents…"), "planStatus"
        )
        self.retry_button = button(self.tr("&Try again"), "retryPlan")
        self.retry_button.clicked.connect(self._wizard.start_plan)
        self.retry_button.hide()

        self.tree = QTreeWidget()
        self.tree.setObjectName("includeList")
        self.tree.setAccessibleName(self.tr("What to include"))
        self.tree.setAccessibleDescription(self.tr("Press Space to tick or untick an item"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("How much")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.itemChanged.connect(self._changed)
        self.tree.hide()

        self.total_label = wrapping_label(name="includeTotal")
        self.warning = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.warning.setObjectName("includeWarning")
        self.warning.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.warning)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._filling = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self._show_plan_state()
        if self._wizard.plan is None and self._wizard.plan_job is None:
            self._wizard.start_plan()

    def _show_plan_state(self) -> None:
        wizard = self._wizard
        if wizard.plan is not None:
            self.busy.hide()
            self.busy_label.hide()
            self.retry_button.hide()
            if not self._items:
                self._fill(wizard.plan)
            self.tree.show()
            self.tree.setFocus()
            first = self.tree.topLevelItem(0)
            if self.tree.currentItem() is None and first is not None:
                self.tree.setCurrentItem(first)
        elif wizard.plan_error is not None:
            self.busy.hide()
            self.busy_label.setText(
                self.tr("The firm's records could not be counted: %1").replace(
                    "%1", wizard.plan_error
                )
            )
            self.busy_label.show()
            self.retry_button.show()
            self.retry_button.setFocus()
        else:
            self.busy_label.setText(self.tr("Counting the firm's records and documents…"))
            self.busy_label.show()
            self.busy.show()
            self.retry_button.hide()
        self._update_totals()

    def plan_changed(self) -> None:
        if self._wizard.currentId() == PageId.INCLUDE:
            self._show_plan_state()

    def _fill(self, plan: ExportPlan) -> None:
        self._filling = True
        self.tree.clear()
        self._items.clear()
        for kind in plan.kinds:
            how_much = (
                records_text(kind.expected)
                if kind.expected is not None
                else self.tr("could not be counted: %1").replace("%1", kind.uncounted)
                if kind.uncounted
                else self.tr("not offered by this server")
            )
            self._add(kind.key, kind_name(kind.key), how_much)
        files = (
            files_text(plan.documents or 0)
            + (", " + format_size(plan.document_bytes) if plan.document_bytes is not None else "")
            if plan.documents is not None
            else ""
        )
        self._add(DOCUMENT_FILES, self.tr("Document files (the documents themselves)"), files)
        self._add(LEDGERS, self.tr("Trust ledger and client ledger reports"), self.tr("CSV"))
        self._filling = False
        self.tree.resizeColumnToContents(1)

    def _add(self, key: str, label: str, how_much: str) -> None:
        item = QTreeWidgetItem([label, how_much])
        item.setData(0, self.KEY_ROLE, key)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(0, Qt.CheckState.Checked)
        item.setData(1, Qt.ItemDataRole.TextAlignmentRole, Qt.AlignmentFlag.AlignRight)
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{label}, {how_much}")
        self.tree.addTopLevelItem(item)
        self._items[key] = item

    def ticked(self) -> set[str]:
        return {
            key
            for key, item in self._items.items()
            if item.checkState(0) is Qt.CheckState.Checked and not item.isDisabled()
        }

    def set_ticked(self, key: str, ticked: bool) -> None:
        """Tick or untick one row (kind key, DOCUMENT_FILES or LEDGERS)."""
        self._items[key].setCheckState(
            0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        )

    def _changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        if self._filling:
            return
        files = self._items.get(DOCUMENT_FILES)
        documents = self._items.get("documents")
        if files is not None and documents is not None:
            # The files are found through the document records.
            disabled = documents.checkState(0) is not Qt.CheckState.Checked
            if files.isDisabled() != disabled:  # setDisabled signals a change even if equal
                files.setDisabled(disabled)
        self._update_totals()

    def needed_bytes(self) -> int:
        plan = self._wizard.plan
        if plan is None:
            return 0
        ticked = self.ticked()
        return estimated_bytes(plan, ticked, DOCUMENT_FILES in ticked)

    def _enough_room(self) -> bool:
        free = free_space(self._wizard.folder) if self._wizard.folder else None
        return free is None or self.needed_bytes() <= free

    def _update_totals(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            self.total_label.hide()
            self.warning.hide()
            self.completeChanged.emit()
            return
        ticked = self.ticked()
        records = sum(k.expected or 0 for k in plan.kinds if k.key in ticked)
        text = self.tr("Chosen: %1").replace("%1", records_text(records))
        if DOCUMENT_FILES in ticked and plan.documents:
            text += self.tr(" and %1").replace(
                "%1",
                document_files_text(plan.documents),
            )
        folder = self._wizard.folder
        free = free_space(folder) if folder else None
        text += ". " + self.tr("Needs about %1").replace("%1", format_size(self.needed_bytes()))
        if free is not None:
            text += self.tr("; %1 free on the drive.").replace("%1", format_size(free))
        else:
            text += "."
        self.total_label.setText(text)
        self.total_label.show()
        warnings = []
        if not self._enough_room():
            warnings.append(
                self.tr(
                    "There is not enough free space on the drive. Go back and choose a folder on"
                    " a larger drive, or free some space."
                )
            )
        if not ticked:
            warnings.append(self.tr("Tick at least one item."))
        missing_trust = [key for key in TRUST_KEYS if key not in ticked]
        if missing_trust and ticked:
            warnings.append(
                self.tr(
                    "Trust records are usually required to be kept for years after a matter"
                    " ends. Keep the trust line items, the bank accounts and their"
                    " transactions, and the trust ledger in the export."
                )
            )
        self.warning.set_text("\n".join(warnings))
        self.warning.setVisible(bool(warnings))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self._wizard.plan is not None and bool(self.ticked()) and self._enough_room()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if not self.isComplete():
            return False
        ticked = self.ticked()
        wizard = self._wizard
        kinds = tuple(kind.key for kind in ALL_KINDS if kind.key in ticked)
        wizard.export_options = replace(
            wizard.export_options,
            kinds=kinds,
            documents=DOCUMENT_FILES in ticked and "documents" in kinds,
            reports=LEDGERS in ticked,
            firm_name=wizard.firm_name,
        )
        return True
