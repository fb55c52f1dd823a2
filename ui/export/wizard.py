"""The local export wizard: Destination -> What to include -> Progress -> Verification -> Done.

The plan (counts and sizes, a few requests) runs the core's `ExportEngine` on a worker thread
through ui.common.background. The export itself runs in a child process (`app.export.child`, the
command line's export): its threads parse, write and hash flat out, and in this process they
would hold the interpreter the window needs. A background job reads the child's progress and
hands it to the GUI thread coalesced, at most one waiting in the queue, shown at most every
UPDATE_SECONDS, so the window never stalls however fast the export goes. Pause, Resume and Stop
are commands to the child; a refused sign-in ends the child, and continuing starts a new one
with a renewed token (the folder resumes). Nothing in an export writes to the server, so
the wizard also works with the read-only sign-in of the 90 days after closing.

    wizard = ExportWizard(http, firm_name="Harbor & Finch LLP", store=LastExportStore(...))
    wizard.open()

Signals: `progress_changed(Progress)` for every snapshot shown, `run_finished(ExportResult)`
when a run ends (verified, incomplete or cancelled). Closing the window during a run asks,
then stops the run safely: the folder keeps everything done so far and a later run resumes.
"""

from __future__ import annotations

import enum
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import config
from app.errors import AccountDeskError, AuthenticationRequired
from app.export.child import ExportChild
from app.export.control import ExportControl, ExportState, KindPhase, Progress
from app.export.engine import ExportEngine, ExportOptions, ExportPlan, ExportResult
from app.export.errors import DestinationUnavailable, DiskFull, NotAnExportFolder
from app.export.indexpage import INDEX_NAME
from app.export.journal import journal_exists
from app.export.kinds import ALL_KINDS, TRUST_RECORD_KINDS
from app.export.manifest import read_report
from app.export.naming import safe_component
from app.export.speed import BYTES_PER_RECORD_OF_WORK, SpeedMeter, time_left
from app.last_export import ExportRecord, LastExportStore
from app.net.http import HttpSession
from ui.common import widgets
from ui.common.background import Job, run_in_background
from ui.common.error_text import error_text
from ui.common.formats import app_locale, format_count, format_size
from ui.common.kind_names import kind_name
from ui.common.opening import open_local
from ui.common.widgets import NoticeBanner, NoticeKind
from ui.common.wizard_header import fit_wizard_header

log = logging.getLogger(__name__)

# A record takes about this much room on disk: its JSON line, its CSV row and its share of
# index.html. Only for the "about N MB needed" estimate; the documents' sizes are exact.
RECORD_BYTES_ESTIMATE = 3 * 1024
BAR_STEPS = 1000
# Progress on screen changes at most this often (state changes show at once).
UPDATE_SECONDS = 0.25
DOCUMENT_FILES = "document_files"  # the include list's row for the files themselves
LEDGERS = "ledgers"  # the include list's row for the trust and client ledger reports
TRUST_KEYS = (*TRUST_RECORD_KINDS, LEDGERS)


class PageId(enum.IntEnum):
    DESTINATION = 0
    INCLUDE = 1
    PROGRESS = 2
    VERIFICATION = 3
    DONE = 4


class FolderStatus(enum.Enum):
    INVALID = "invalid"  # empty or not an absolute path
    NEW = "new"  # does not exist yet: created by the export
    EMPTY = "empty"
    OURS = "ours"  # an earlier export of this app (finished or not)
    OTHER_FILES = "other_files"  # holds files that are not an export
    NOT_A_FOLDER = "not_a_folder"  # a file is in the way
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class FolderCheck:
    path: Path | None
    status: FolderStatus
    free_bytes: int | None  # on the drive that would hold it
    finished_before: bool = False  # OURS: a run finished at least once (it has a report)
    verified_before: bool = False


def check_folder(text: str) -> FolderCheck:
    """What is at `text` now (cheap: one directory entry and the drive's free space)."""
    text = text.strip()
    if not text:
        return FolderCheck(None, FolderStatus.INVALID, None)
    path = Path(text).expanduser()
    if not path.is_absolute():
        return FolderCheck(None, FolderStatus.INVALID, None)
    free = free_space(path)
    try:
        if not path.exists():
            return FolderCheck(path, FolderStatus.NEW, free)
        if not path.is_dir():
            return FolderCheck(path, FolderStatus.NOT_A_FOLDER, free)
        if journal_exists(path):
            try:
                report = read_report(path)
                finished, verified = True, report.verified
            except ValueError:
                finished = verified = False
            return FolderCheck(path, FolderStatus.OURS, free, finished, verified)
        with os.scandir(path) as entries:  # one entry is enough to know
            status = FolderStatus.EMPTY if next(entries, None) is None else FolderStatus.OTHER_FILES
        return FolderCheck(path, status, free)
    except OSError:
        return FolderCheck(path, FolderStatus.UNREADABLE, free)


def free_space(path: Path) -> int | None:
    """Free bytes on the drive of `path` or of its nearest existing parent."""
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def default_folder(firm_name: str | None, today: date | None = None) -> Path:
    """`<Documents>/<firm> export <date>`; with a number added when that folder already holds
    something other than an export of ours."""
    documents = config.paths().export_dir.parent
    return next_free_folder(documents / default_folder_name(firm_name, today), accept_ours=True)


def default_folder_name(firm_name: str | None, today: date | None = None) -> str:
    firm = safe_component(firm_name or "", fallback="Practice data")
    return f"{firm} export {(today or date.today()).isoformat()}"


def next_free_folder(base: Path, *, accept_ours: bool = False) -> Path:
    """`base`, or `base (2)`, `base (3)`... the first that is new or empty (or, with
    `accept_ours`, an earlier export)."""
    for number in range(1, 1000):
        candidate = base if number == 1 else base.with_name(f"{base.name} ({number})")
        status = check_folder(str(candidate)).status
        if status in (FolderStatus.NEW, FolderStatus.EMPTY) or (
            accept_ours and status is FolderStatus.OURS
        ):
            return candidate
    return base


def estimated_bytes(plan: ExportPlan, kinds: set[str], files: bool) -> int:
    """About how much room the chosen part of the export takes."""
    records = sum(k.expected or 0 for k in plan.kinds if k.key in kinds)
    return records * RECORD_BYTES_ESTIMATE + ((plan.document_bytes or 0) if files else 0)


def _t(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text, disambiguation or None, n)


# Counts go through Qt's plural forms (%Ln, the translation files' numerus forms): languages
# differ in which counts are singular (French: 0 and 1).


def records_text(count: int) -> str:
    """ "1 record", "2 records" (in French "0 enregistrement")."""
    return _t("%Ln record(s)", "", count)


def files_text(count: int) -> str:
    return _t("%Ln file(s)", "", count)


def document_files_text(count: int) -> str:
    return _t("%Ln document file(s)", "", count)


def format_time_left(seconds: float | None) -> str:
    if seconds is None:
        return _t("Working out the time left…")
    if seconds < 60:
        return _t("Less than a minute left")
    minutes = round(seconds / 60)
    if minutes < 90:
        return _t("About %Ln minute(s) left", "", minutes)
    return _t("About %Ln hour(s) left", "", round(seconds / 3600))


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


class _LatestProgress:
    """The newest engine snapshot, handed from worker threads to the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: Progress | None = None

    def put(self, value: Progress) -> None:
        with self._lock:
            self._value = value

    def take(self) -> Progress | None:
        with self._lock:
            value, self._value = self._value, None
            return value


class _HandedToken:
    """The access token last handed to an export child (memory only), and whether the server
    refused it. Written by the run's worker thread, read by the next run's."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.refused = False

    def __repr__(self) -> str:  # never the token itself, whatever prints this
        return f"_HandedToken(refused={self.refused})"


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    # Enter always means the wizard's Next/Finish; Space presses the focused button.
    button.setAutoDefault(False)
    return button


def _wrapping_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


# --------------------------------------------------------------------------- pages


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
        self.choose_button = _button(self.tr("&Choose…"), "chooseFolder")
        self.choose_button.setAccessibleDescription(self.tr("Choose the export folder"))
        self.choose_button.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(folder_label)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)

        self.space_label = _wrapping_label(name="freeSpace")
        self.info_notice = NoticeBanner("", NoticeKind.INFO, dismissible=False)
        self.info_notice.setObjectName("folderNotice")
        self.warning_notice = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.warning_notice.setObjectName("folderWarning")
        self.resume_button = _button(self.tr("&Resume this export"), "resumeExport")
        self.resume_button.clicked.connect(self._resume)
        self.new_folder_button = _button(self.tr("Use a &new folder"), "newFolder")
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


def plan_keys(plan: ExportPlan) -> list[str]:
    return [kind.key for kind in plan.kinds] + [DOCUMENT_FILES, LEDGERS]


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
        self.busy_label = _wrapping_label(
            self.tr("Counting the firm's records and documents…"), "planStatus"
        )
        self.retry_button = _button(self.tr("&Try again"), "retryPlan")
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

        self.total_label = _wrapping_label(name="includeTotal")
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


class ProgressPage(QWizardPage):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Exporting"))
        self.setSubTitle(
            self.tr("You can pause, or stop and continue later: nothing that is done is lost.")
        )
        # Leaving this page means the run is over: there is no going back to it.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Next"))

        self.state_label = _wrapping_label(name="exportState")
        bold = QFont(self.state_label.font())
        bold.setBold(True)
        self.state_label.setFont(bold)
        self.bar = QProgressBar()
        self.bar.setObjectName("overallProgress")
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setAccessibleName(self.tr("Overall progress"))
        self.counts_label = _wrapping_label(name="exportCounts")
        self.speed_label = _wrapping_label(name="exportSpeed")
        self.time_label = QLabel()
        self.time_label.setObjectName("exportTimeLeft")

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("kindProgress")
        self.table.setAccessibleName(self.tr("Progress of each kind of data"))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("State"), self.tr("Done")])
        self.table.verticalHeader().hide()
        # One line of text a row (the style's default leaves room for two).
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.pause_button = _button(self.tr("&Pause"), "pauseExport")
        self.pause_button.clicked.connect(self._toggle_pause)
        self.cancel_button = _button(self.tr("S&top"), "stopExport")
        self.cancel_button.setToolTip(
            self.tr("Stop the export. It continues where it stopped when you start it again.")
        )
        self.cancel_button.setAccessibleDescription(self.cancel_button.toolTip())
        self.cancel_button.clicked.connect(self._stop)
        self.again_button = _button(self.tr("&Continue export"), "continueExport")
        self.again_button.clicked.connect(self._wizard.start_run)
        self.again_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)

        self.message = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.message.setObjectName("exportMessage")
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.bar)
        layout.addWidget(self.counts_label)
        speed_row = QHBoxLayout()
        speed_row.addWidget(self.speed_label, 1)
        speed_row.addWidget(self.time_label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(speed_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._rows: dict[str, int] = {}
        self._shown: dict[str, str] = {}  # what each label and cell shows now
        self._words = self._translate_words()
        self._phases = self._translate_phases()
        self.speed = SpeedMeter()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self._build_rows()
        self._wizard.start_run()

    def _build_rows(self) -> None:
        options = self._wizard.export_options
        plan = self._wizard.plan
        expected = {k.key: k.expected for k in plan.kinds} if plan else {}
        labels = {kind.key: kind_name(kind.key) for kind in ALL_KINDS}
        keys = list(options.kinds)
        if options.documents:  # the files right below their records
            at = keys.index("documents") + 1 if "documents" in keys else len(keys)
            keys.insert(at, DOCUMENT_FILES)
        self.table.setRowCount(len(keys))
        self._rows = {}
        self._shown = {}
        for row, key in enumerate(keys):
            if key == DOCUMENT_FILES:
                label = self.tr("Document files")
            elif key == "documents":
                # The list of documents (names, dates, matters), not their files: said so,
                # or "120 of 120" here reads as a contradiction of "0 of 120 documents" above.
                label = self.tr("Document records")
            else:
                label = labels[key]
            total = plan.documents if key == DOCUMENT_FILES and plan else expected.get(key)
            for column, text in enumerate((label, self.tr("Waiting"), self._done_text(0, total))):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            self._rows[key] = row
        self.table.resizeColumnsToContents()

    def _done_text(self, done: int, total: int | None) -> str:
        if total is None:
            return format_count(done)
        return (
            self.tr("%1 of %2").replace("%1", format_count(done)).replace("%2", format_count(total))
        )

    def run_started(self) -> None:
        self.message.hide()
        self.again_button.hide()
        self.pause_button.setEnabled(True)
        self.pause_button.setText(self.tr("&Pause"))
        self.pause_button.setAccessibleName(self.tr("Pause"))
        self.cancel_button.setEnabled(True)
        self._set_text("state", self.state_label, self.tr("Starting…"))
        self._shown.pop("paused", None)
        self.completeChanged.emit()

    def _set_text(self, key: str, widget: QLabel | QPushButton, text: str) -> None:
        # Each Qt call gives other threads the interpreter; skip the ones that change nothing.
        if self._shown.get(key) != text:
            self._shown[key] = text
            widget.setText(text)

    def _set_cell(self, row: int, column: int, text: str) -> None:
        key = f"cell {row} {column}"
        if self._shown.get(key) != text:
            self._shown[key] = text
            item = self.table.item(row, column)
            if item is not None:
                item.setText(text)

    def show_progress(self, progress: Progress) -> None:
        """Show one engine snapshot. Cheap: only what changed touches a widget."""
        wizard = self._wizard
        words = self._words
        locale = app_locale()
        state_text = words[progress.state]
        if wizard.stopping and progress.state is not ExportState.CANCELLED:
            state_text = words["stopping"]
        self._set_text("state", self.state_label, state_text)

        plan_bytes = (
            wizard.plan.document_bytes if wizard.plan and wizard.export_options.documents else 0
        )
        bytes_total = max(progress.bytes_total, plan_bytes or 0)
        work_total = progress.records_total + bytes_total / BYTES_PER_RECORD_OF_WORK
        work_done = progress.records_done + progress.bytes_done / BYTES_PER_RECORD_OF_WORK
        fraction = min(1.0, work_done / work_total) if work_total else 0.0
        if progress.state in (ExportState.VERIFYING, ExportState.VERIFIED):
            fraction = 1.0
        steps = round(fraction * BAR_STEPS)
        if self._shown.get("bar") != str(steps):
            self._shown["bar"] = str(steps)
            self.bar.setValue(steps)
            self.bar.setAccessibleDescription(
                words["percent"].replace("%1", str(round(fraction * 100)))
            )

        counts = (
            words["records of"]
            .replace("%1", format_count(progress.records_done, locale))
            .replace("%2", format_count(progress.records_total, locale))
        )
        if wizard.export_options.documents:
            documents_total = progress.documents_total or wizard_documents(wizard) or 0
            counts += "; " + (
                words["documents of"]
                .replace("%1", format_count(progress.documents_done, locale))
                .replace("%2", format_count(documents_total, locale))
                .replace("%3", format_size(progress.bytes_done, locale))
                .replace("%4", format_size(bytes_total, locale))
            )
        self._set_text("counts", self.counts_label, counts)
        if progress.state is ExportState.RUNNING:
            record_rate, byte_rate = self.speed.add(
                progress.records_done, progress.bytes_done, time.monotonic()
            )
            speed = words["records a second"].replace(
                "%1", format_count(round(record_rate), locale)
            )
            if wizard.export_options.documents and byte_rate > 0:
                speed += ", " + words["a second"].replace(
                    "%1", format_size(round(byte_rate), locale)
                )
            records_left = max(progress.records_total - progress.records_done, 0)
            bytes_left = max(bytes_total - progress.bytes_done, 0)
            left = format_time_left(time_left(records_left, bytes_left, record_rate, byte_rate))
            self._set_text("speed", self.speed_label, speed)
            self._set_text("left", self.time_label, left)
        elif progress.state is ExportState.PAUSED:
            self.speed.reset()  # a pause is not slowness
            self._set_text("speed", self.speed_label, words["paused hint"])
            self._set_text("left", self.time_label, "")
        elif progress.state is not ExportState.PLANNING:
            self._set_text("speed", self.speed_label, "")
            self._set_text("left", self.time_label, "")

        for view in progress.kinds:
            row = self._rows.get(view.key)
            if row is None:
                continue
            self._set_cell(row, 1, self._phases[view.phase])
            if self._shown.get(f"count {row}") != f"{view.done} {view.expected}":
                self._shown[f"count {row}"] = f"{view.done} {view.expected}"
                self._set_cell(row, 2, self._done_text(view.done, view.expected))
        row = self._rows.get(DOCUMENT_FILES)
        if row is not None:
            total = progress.documents_total
            if total and progress.documents_done >= total:
                phase = self._phases[KindPhase.DONE]
            elif total or progress.bytes_done:
                phase = words["downloading"]
            else:
                phase = self._phases[KindPhase.WAITING]
            self._set_cell(row, 1, phase)
            shown_total = total or wizard_documents(wizard)
            if self._shown.get(f"count {row}") != f"{progress.documents_done} {shown_total}":
                self._shown[f"count {row}"] = f"{progress.documents_done} {shown_total}"
                self._set_cell(row, 2, self._done_text(progress.documents_done, shown_total))
        paused = progress.state is ExportState.PAUSED
        if self._shown.get("paused") != str(paused):
            self._shown["paused"] = str(paused)
            self.pause_button.setText(self.tr("&Resume") if paused else self.tr("&Pause"))
            self.pause_button.setAccessibleName(self.tr("Resume") if paused else self.tr("Pause"))

    def _translate_phases(self) -> dict[KindPhase, str]:
        # Apart from the states: both enums are strings and share the value "running".
        return {
            KindPhase.WAITING: self.tr("Waiting"),
            KindPhase.RUNNING: self.tr("Exporting"),
            KindPhase.DONE: self.tr("Done"),
            KindPhase.FAILED: self.tr("Failed"),
        }

    def _translate_words(self) -> dict[object, str]:
        """Every text show_progress needs, translated once."""
        return {
            ExportState.PLANNING: self.tr("Counting…"),
            ExportState.RUNNING: self.tr("Exporting…"),
            ExportState.PAUSED: self.tr("Paused"),
            ExportState.VERIFYING: self.tr("Verifying the export…"),
            ExportState.VERIFIED: self.tr("Verified"),
            ExportState.INCOMPLETE: self.tr("Finished, but not complete"),
            ExportState.CANCELLED: self.tr("Stopped"),
            "downloading": self.tr("Downloading"),
            "stopping": self.tr("Stopping safely…"),
            "percent": self.tr("%1 percent done"),
            "records of": self.tr("%1 of %2 records"),
            "documents of": self.tr("%1 of %2 documents (%3 of %4)"),
            "records a second": self.tr("%1 records a second"),
            "a second": self.tr("%1 a second"),
            "paused hint": self.tr("Paused: press Resume to go on."),
        }

    def _toggle_pause(self) -> None:
        child = self._wizard.child
        if child is None or not self._wizard.running:
            return
        if child.paused:
            child.resume()
        else:
            child.pause()

    def _stop(self) -> None:
        self._wizard.stop_run()

    def run_ended(self, result: ExportResult | None, error: str | None) -> None:
        self.pause_button.setEnabled(False)
        self.pause_button.setText(self.tr("&Pause"))
        self.cancel_button.setEnabled(False)
        if error is not None:
            self._set_text("state", self.state_label, self.tr("The export stopped"))
            self.message.set_text(error)
            self.message.show()
            self.again_button.setText(self.tr("&Try again"))
            self.again_button.setAccessibleName(self.tr("Try again"))
            self.again_button.show()
            self.again_button.setFocus()
        elif result is not None and result.state is ExportState.CANCELLED:
            self._set_text("state", self.state_label, self.tr("Stopped"))
            self._set_text("speed", self.speed_label, "")
            self._set_text("left", self.time_label, "")
            self.message.set_text(
                self.tr(
                    "The export was stopped. Everything exported so far is kept in %1; start the"
                    " export again on the same folder and it continues where it stopped."
                ).replace("%1", str(self._wizard.folder))
            )
            self.message.show()
            self.again_button.setText(self.tr("&Continue export"))
            self.again_button.setAccessibleName(self.tr("Continue export"))
            self.again_button.show()
            self.again_button.setFocus()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        result = self._wizard.export_result
        return (
            not self._wizard.running
            and result is not None
            and result.state in (ExportState.VERIFIED, ExportState.INCOMPLETE)
        )


def wizard_documents(wizard: ExportWizard) -> int | None:
    return wizard.plan.documents if wizard.plan else None


class VerificationPage(QWizardPage):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Verification"))
        self.result_label = _wrapping_label(name="verificationResult")
        font = QFont(self.result_label.font())
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.2)
        self.result_label.setFont(font)
        self.detail_label = _wrapping_label(name="verificationDetail")
        self.summary_label = _wrapping_label(name="exportSummary")
        self.missing_label = _wrapping_label(self.tr("What is missing or wrong:"))
        self.missing = QListWidget()
        self.missing.setObjectName("missingItems")
        self.missing.setAccessibleName(self.tr("What is missing or wrong"))
        self.retry_button = _button(self.tr("&Fetch what is missing"), "retryMissing")
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


class DonePage(QWizardPage):
    def __init__(self, wizard: ExportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Done"))
        self.folder_label = _wrapping_label(name="doneFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label = _wrapping_label(
            self.tr(
                "Keep a copy somewhere safe, for example on an encrypted external drive. Open"
                " index.html in a web browser to look through the records and documents, even"
                " without an internet connection."
            )
        )
        self.open_folder_button = _button(self.tr("&Open the folder"), "openFolder")
        self.open_folder_button.clicked.connect(self._wizard.open_folder)
        self.open_index_button = _button(self.tr("Open &index.html"), "openIndex")
        self.open_index_button.setAccessibleDescription(
            self.tr("Browse the export in your web browser")
        )
        self.open_index_button.clicked.connect(self._wizard.open_index)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.open_index_button)
        buttons.addStretch(1)
        self.open_status = _wrapping_label(name="openStatus")
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


# --------------------------------------------------------------------------- the wizard


class ExportWizard(QWizard):
    progress_changed = Signal(object)  # app.export.control.Progress, as shown
    run_finished = Signal(object)  # app.export.engine.ExportResult (also when cancelled)
    plan_ready = Signal()

    def __init__(
        self,
        http: HttpSession,
        *,
        firm_name: str | None = None,
        store: LastExportStore | None = None,
        folder: Path | None = None,
        options: ExportOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportWizard")
        self.setWindowTitle(self.tr("Export the firm's data"))
        self.setAccessibleName(self.windowTitle())
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        fit_wizard_header(self)  # long subtitles (and longer languages) are not cut off
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.http = http
        self.firm_name = firm_name
        self.store = store
        # index.html and README.txt in the window's language (the app's locale, see qt_app)
        self.export_options = options or ExportOptions(
            firm_name=firm_name, language=QLocale().name()
        )
        self.suggested_folder = folder or default_folder(firm_name)
        self.folder: Path | None = None
        self.resuming = False
        self.plan: ExportPlan | None = None
        self.plan_error: str | None = None
        self.plan_job: Job[ExportPlan] | None = None
        self._plan_control: ExportControl | None = None
        self.child: ExportChild | None = None
        # The access token the last child was given, and whether the server refused it: then
        # the next run renews it first (a child cannot refresh; this process can).
        self._handed = _HandedToken()
        self.run_job: Job[tuple[ExportResult, ExportRecord | None]] | None = None
        self.export_result: ExportResult | None = None
        self.record: ExportRecord | None = None
        self.stopping = False
        self._close_when_stopped = False
        self._latest = _LatestProgress()
        self._held: Progress | None = None
        self._shown_at = 0.0
        self._shown_state: ExportState | None = None

        self.destination_page = DestinationPage(self)
        self.include_page = IncludePage(self)
        self.progress_page = ProgressPage(self)
        self.verification_page = VerificationPage(self)
        self.done_page = DonePage(self)
        self.setPage(PageId.DESTINATION, self.destination_page)
        self.setPage(PageId.INCLUDE, self.include_page)
        self.setPage(PageId.PROGRESS, self.progress_page)
        self.setPage(PageId.VERIFICATION, self.verification_page)
        self.setPage(PageId.DONE, self.done_page)
        self.setStartId(PageId.DESTINATION)
        for which, name in (
            (QWizard.WizardButton.NextButton, self.tr("Next")),
            (QWizard.WizardButton.BackButton, self.tr("Back")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
            (QWizard.WizardButton.FinishButton, self.tr("Finish")),
        ):
            self.button(which).setAccessibleName(name)
        self.resize(680, 560)
        self.currentIdChanged.connect(self._arrange_buttons)
        self.start_plan()

    def _arrange_buttons(self, page_id: int) -> None:
        # Once the export has run there is nothing to go back to or cancel: only Next/Finish.
        Button = QWizard.WizardButton  # noqa: N806 - a short alias for the enum
        if page_id >= PageId.VERIFICATION:
            layout = [Button.Stretch, Button.CommitButton, Button.NextButton, Button.FinishButton]
        elif page_id == PageId.PROGRESS:
            layout = [Button.Stretch, Button.CommitButton, Button.CancelButton]
        else:
            layout = [
                Button.Stretch,
                Button.BackButton,
                Button.NextButton,
                Button.CommitButton,
                Button.CancelButton,
            ]
        self.setButtonLayout(layout)

    # -- plan ---------------------------------------------------------------------------------

    def start_plan(self) -> None:
        """Count what there is to export (in the background; the include page waits for it)."""
        if self.plan_job is not None and not self.plan_job.finished:
            return
        self.plan_error = None
        control = self._plan_control = ExportControl()
        engine = ExportEngine(
            self.http,
            self.suggested_folder,
            replace(self.export_options, kinds=self.export_options.kinds),
            control=control,
        )
        self.plan_job = run_in_background(
            self,
            lambda _token, _report: engine.plan(),
            on_success=self._plan_succeeded,
            on_failure=self._plan_failed,
            name="export-plan",
        )
        self.include_page.plan_changed()

    def _plan_succeeded(self, plan: ExportPlan) -> None:
        # Dropping finished jobs breaks the wizard <-> job cycle, so the garbage collector
        # never has to free this window (possibly on a worker thread).
        self.plan_job = None
        self.plan = plan
        self._after_plan()

    def _plan_failed(self, error: BaseException) -> None:
        self.plan_job = None
        if isinstance(error, AccountDeskError):
            self.plan_error = error_text(error)
        else:
            log.error("counting the export failed", exc_info=error)
            self.plan_error = self.tr("an unexpected error (%1)").replace(
                "%1", type(error).__name__
            )
        self._after_plan()

    def _after_plan(self) -> None:
        self.destination_page.plan_arrived()
        self.include_page.plan_changed()
        self.plan_ready.emit()

    # -- run ----------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.run_job is not None and not self.run_job.finished

    def start_run(self) -> None:
        """Run (or continue) the export into the chosen folder."""
        if self.running or self.folder is None:
            return
        folder, options = self.folder, self.export_options
        child = self.child = ExportChild(self.http.origin, folder, options)
        store = self.store
        latest = self._latest
        self.export_result = None
        self.stopping = False
        http = self.http
        handed = self._handed
        kind_count = len(options.kinds)

        def export(token: Any, report: Any) -> tuple[ExportResult, ExportRecord | None]:
            def on_progress(progress: Progress) -> None:
                if progress.state is ExportState.PLANNING and len(progress.kinds) < kind_count:
                    # The engine is still reading its journal and counting: partial totals
                    # ("0 records" of a resumed export) would mislead; "Starting…" stays.
                    return
                latest.put(progress)
                report(progress.records_done)  # wakes the GUI; the snapshot is in `latest`

            access = http.access_token
            if handed.refused or access is None:
                access = http.renew_access_token(handed.token if handed.refused else None)
            handed.token, handed.refused = access, False
            try:
                result = child.run(access, on_progress, cancel=token)
            except AuthenticationRequired:
                handed.refused = True
                raise
            record = None
            if store is not None and result.state is not ExportState.CANCELLED:
                try:
                    record = store.remember_folder(folder, verified=result.verified)
                except (OSError, ValueError) as exc:
                    log.warning("could not remember the export in %s: %s", folder, exc)
            return result, record

        self.run_job = run_in_background(
            self,
            export,
            on_success=self._run_succeeded,
            on_failure=self._run_failed,
            on_progress=lambda _p: self._show_latest(),
            name="export-run",
        )
        self.progress_page.run_started()

    def _show_latest(self, *, flush: bool = False) -> None:
        """Show the newest snapshot; between state changes at most every UPDATE_SECONDS (every
        widget call lets the export's threads hold the interpreter a little longer)."""
        progress = self._latest.take()
        if progress is not None:
            self._held = progress
        progress = self._held
        if progress is None:
            return
        now = time.monotonic()
        same_state = self._shown_state is progress.state
        if same_state and not flush and now - self._shown_at < UPDATE_SECONDS:
            return  # kept in _held: the next delivery or the end of the run shows it
        self._held = None
        self._shown_at, self._shown_state = now, progress.state
        self.progress_page.show_progress(progress)
        self.progress_changed.emit(progress)

    def _run_ended(self) -> None:
        self.run_job = None
        self._show_latest(flush=True)

    def _run_succeeded(self, outcome: tuple[ExportResult, ExportRecord | None]) -> None:
        self._run_ended()
        self.export_result, record = outcome
        if record is not None:
            self.record = record
        self.progress_page.run_ended(self.export_result, None)
        self.run_finished.emit(self.export_result)
        if self._close_when_stopped:
            self._close_now()
            return
        if (
            self.export_result.state is not ExportState.CANCELLED
            and self.currentId() == PageId.PROGRESS
        ):
            self.next()
        elif self.currentId() == PageId.VERIFICATION:
            self.verification_page.show_result()

    def _run_failed(self, error: BaseException) -> None:
        self._run_ended()
        if isinstance(error, DiskFull | DestinationUnavailable | NotAnExportFolder):
            text = error_text(error)
        elif isinstance(error, AuthenticationRequired):
            text = self.tr(
                "Your sign-in has ended. Sign in again, then continue the export: it goes on"
                " where it stopped."
            )
        elif isinstance(error, AccountDeskError):
            text = (
                error_text(error)
                + " "
                + self.tr("What was exported so far is kept; try again to continue.")
            )
        else:
            log.error("the export failed", exc_info=error)
            text = self.tr(
                "The export stopped because of an unexpected error (%1). What was exported so"
                " far is kept; try again to continue. The log file has the details."
            ).replace("%1", type(error).__name__)
        self.progress_page.run_ended(None, text)
        if self._close_when_stopped:
            self._close_now()

    def pause(self) -> None:
        if self.child is not None and self.running:
            self.child.pause()

    def resume_run(self) -> None:
        if self.child is not None and self.running:
            self.child.resume()

    def stop_run(self) -> None:
        """Stop safely: workers finish the page or chunk they are on; the folder resumes."""
        if self.child is None or not self.running:
            return
        self.stopping = True
        page = self.progress_page
        page._set_text("state", page.state_label, self.tr("Stopping safely…"))
        self.progress_page.pause_button.setEnabled(False)
        self.progress_page.cancel_button.setEnabled(False)
        self.child.cancel()

    def retry_missing(self) -> None:
        """From the verification page: run again on the same folder for what is missing."""
        if self.running:
            return
        self.back()
        self.start_run()

    # -- done ---------------------------------------------------------------------------------

    def summary_text(self) -> str:
        result = self.export_result
        report = result.report if result is not None else None
        if report is None:
            return ""
        records = sum(kind.exported for kind in report.kinds if kind.key != "reports")
        text = records_text(records)
        if report.documents_exported:
            text += (
                ", "
                + document_files_text(report.documents_exported)
                + (f" ({format_size(report.document_bytes)})")
            )
        ledger = self.record.includes_trust_ledger if self.record is not None else False
        text += ". " + (
            self.tr("The trust ledger is included.")
            if ledger
            else self.tr("The trust ledger is not included.")
        )
        return text

    def open_folder(self) -> None:
        if self.folder is not None:
            self.done_page.show_open_problem(open_local(self.folder))

    def open_index(self) -> None:
        if self.folder is not None:
            self.done_page.show_open_problem(open_local(self.folder / INDEX_NAME))

    # -- closing ------------------------------------------------------------------------------

    def confirm_stop(self) -> bool:
        """Asked when the window is closed during a run (tests replace this)."""
        return widgets.ask_confirmation(
            self,
            self.tr("Stop the export?"),
            self.tr("The export is still running. Stop it and close this window?"),
            self.tr("Stop and close"),
            self.tr(
                "Everything exported so far is kept. Start the export again on the same folder"
                " and it continues where it stopped."
            ),
        )

    def reject(self) -> None:
        if self.running:
            if self._close_when_stopped or not self.confirm_stop():
                return
            self._close_when_stopped = True
            self.stop_run()
            return
        self._close_now()

    def _close_now(self) -> None:
        if self._plan_control is not None:
            self._plan_control.cancel()
        if self.plan_job is not None:
            self.plan_job.cancel()
            self.plan_job = None
        super().reject()

    def done(self, result: int) -> None:
        if self.running:
            return  # only a stopped run lets the window close (see reject)
        if self._plan_control is not None:
            self._plan_control.cancel()
        super().done(result)


__all__ = [
    "ExportWizard",
    "FolderCheck",
    "FolderStatus",
    "PageId",
    "check_folder",
    "default_folder",
    "describe_problem",
    "free_space",
]
