"""The export wizard's third step: the run's progress, overall and per kind of record, with
speed, time left and Pause, Resume and Stop.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.export.control import ExportState, KindPhase, Progress
from app.export.engine import ExportResult
from app.export.kinds import ALL_KINDS
from app.export.speed import BYTES_PER_RECORD_OF_WORK, SpeedMeter, time_left
from ui.common.formats import app_locale, count_formatter, format_seconds_left, format_size
from ui.common.kind_names import kind_name
from ui.common.widgets import NoticeBanner, NoticeKind
from ui.export.step_parts import DOCUMENT_FILES, button, wrapping_label

if TYPE_CHECKING:
    from ui.export.wizard import ExportWizard


BAR_STEPS = 1000  # the overall bar's resolution


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

        self.state_label = wrapping_label(name="exportState")
        bold = QFont(self.state_label.font())
        bold.setBold(True)
        self.state_label.setFont(bold)
        self.bar = QProgressBar()
        self.bar.setObjectName("overallProgress")
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setAccessibleName(self.tr("Overall progress"))
        self.counts_label = wrapping_label(name="exportCounts")
        self.speed_label = wrapping_label(name="exportSpeed")
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
        # Columns sized once for their widest text (`_build_rows`), not to their contents on
        # every change: that measured every row of 48 at each of ten updates a second.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)

        self.pause_button = button(self.tr("&Pause"), "pauseExport")
        self.pause_button.clicked.connect(self._toggle_pause)
        self.cancel_button = button(self.tr("S&top"), "stopExport")
        self.cancel_button.setToolTip(
            self.tr("Stop the export. It continues where it stopped when you start it again.")
        )
        self.cancel_button.setAccessibleDescription(self.cancel_button.toolTip())
        self.cancel_button.clicked.connect(self._stop)
        self.again_button = button(self.tr("&Continue export"), "continueExport")
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
        self._count = count_formatter()

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
        self._count = count_formatter()
        widest_phase = max(
            (*self._phases.values(), self._words["downloading"]), key=self._text_width
        )
        totals: dict[int, int | None] = {}
        for row, key in enumerate(keys):
            if key == DOCUMENT_FILES:
                label = self.tr("Document files")
            elif key == "documents":
                # The list of documents (names, dates, matters), not their files: said so,
                # or "120 of 120" here reads as a contradiction of "0 of 120 documents" above.
                label = self.tr("Document records")
            else:
                label = labels[key]
            total = totals[row] = (
                plan.documents if key == DOCUMENT_FILES and plan else expected.get(key)
            )
            # First the widest text each cell can show (a total not known yet may reach
            # millions), to size the columns once; then what it shows now.
            widest = self._done_text(total if total is not None else 9_999_999, total)
            for column, text in enumerate((label, widest_phase, widest)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            self._rows[key] = row
        self.table.resizeColumnsToContents()
        for row, total in totals.items():
            for column, text in (
                (1, self._phases[KindPhase.WAITING]),
                (2, self._done_text(0, total)),
            ):
                cell = self.table.item(row, column)
                if cell is not None:
                    cell.setText(text)

    def _text_width(self, text: str) -> int:
        return self.table.fontMetrics().horizontalAdvance(text)

    def _done_text(self, done: int, total: int | None) -> str:
        if total is None:
            return self._count(done)
        count = self._count
        return self.tr("%1 of %2").replace("%1", count(done)).replace("%2", count(total))

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
        count = self._count
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
            .replace("%1", count(progress.records_done))
            .replace("%2", count(progress.records_total))
        )
        if wizard.export_options.documents:
            documents_total = progress.documents_total or wizard_documents(wizard) or 0
            counts += "; " + (
                words["documents of"]
                .replace("%1", count(progress.documents_done))
                .replace("%2", count(documents_total))
                .replace("%3", format_size(progress.bytes_done, locale))
                .replace("%4", format_size(bytes_total, locale))
            )
        self._set_text("counts", self.counts_label, counts)
        if progress.state is ExportState.RUNNING:
            record_rate, byte_rate = self.speed.add(
                progress.records_done, progress.bytes_done, time.monotonic()
            )
            speed = words["records a second"].replace("%1", count(round(record_rate)))
            if wizard.export_options.documents and byte_rate > 0:
                speed += ", " + words["a second"].replace(
                    "%1", format_size(round(byte_rate), locale)
                )
            records_left = max(progress.records_total - progress.records_done, 0)
            bytes_left = max(bytes_total - progress.bytes_done, 0)
            left = format_seconds_left(time_left(records_left, bytes_left, record_rate, byte_rate))
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
