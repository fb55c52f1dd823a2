"""The "Data availability" page: how long the firm's data stays reachable after closing.

Days and hours left until the practice data is deleted and until escrow ends, counted in the
person's time zone (app.closing.retention.time_left, right across daylight-saving changes), a
timeline of milestones with what is still possible after each, reminders for a calendar (.ics),
and a milestone message while the app runs (ui.closing.tray). It works offline from the dates
kept in the profile (app.closing.store.ClosingStore) and refreshes them from GET retention when
it can, flagging any date on which the server and the app's own computation disagree. Before
closing it says the account is active and what closing would mean.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import config
from app.account.models import Account, AccountStatus, Retention
from app.account.selfservice import SelfServiceClient
from app.closing.milestones import MilestoneWatch
from app.closing.reminders import build_calendar
from app.closing.retention import (
    MilestoneKind,
    RetentionDates,
    disagreement_text,
    has_passed,
    retention_dates,
    timeline,
)
from app.closing.store import ClosingSource, ClosingStore, KnownClosing
from app.errors import AccountDeskError
from ui.closing.countdown_parts import (
    CountdownCard,
    WrappingTree,
    active_texts,
    capability_text,
    documents_folder,
    milestone_title,
)
from ui.closing.tray import MilestoneNotifier
from ui.common.app_names import document_title
from ui.common.background import CancelToken, Job, ProgressCallback, run_in_background
from ui.common.change_of_mind import change_of_mind_panel, is_primary
from ui.common.error_text import error_text
from ui.common.formats import (
    format_day,
    format_moment,
    format_time_left,
    local_zone,
)
from ui.common.page_context import PageContext
from ui.common.service_refusal import probe_data_api, refusal_text
from ui.common.widgets import NoticeBanner, NoticeKind, PageHeader

log = logging.getLogger(__name__)

# The countdown shows minutes' precision at most; once a minute is enough.
TICK_MILLISECONDS = 60_000


def _tr(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context; with
    # `n`, %n/%Ln is the count and the translation file picks the plural form.
    return QCoreApplication.translate("", text, disambiguation or None, n)


# --- the page ---------------------------------------------------------------------------------


class AvailabilitySession(Protocol):
    """What the page needs (app.session.Session fits)."""

    @property
    def selfservice(self) -> SelfServiceClient | None: ...

    @property
    def firm_name(self) -> str | None: ...

    @property
    def server(self) -> _HasOrigin: ...


class _HasOrigin(Protocol):
    @property
    def origin(self) -> str: ...


def choose_calendar_file(parent: QWidget | None, suggested: str) -> str:
    """Ask where to save the reminders (tests replace this function)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _tr("Save calendar reminders"),
        suggested,
        _tr("Calendar files (*.ics)"),
    )
    return path


@dataclass(frozen=True)
class _Fetched:
    retention: Retention
    account: Account | None
    received_at: datetime


class AvailabilityPage(QWidget):
    """See the module doc. `refresh()` asks the server again (the wiring calls it after the
    demo clock moves); `show_closing(known)` is for the walkthrough's `closed` signal."""

    refreshed = Signal()  # after every refresh attempt, successful or not

    def __init__(
        self,
        session: AvailabilitySession,
        *,
        open_export_wizard: Callable[[], None] | None = None,
        notifier: MilestoneNotifier | None = None,
        tz: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("availabilityPage")
        self.setAccessibleName(self.tr("Data availability"))
        self._session = session
        self._open_export_wizard = open_export_wizard
        self._tz = tz or local_zone()
        self._clock = clock
        self._store = ClosingStore(session.server.origin)
        self._watch = MilestoneWatch(self._store)
        self._account: Account | None = None
        # The server's own refusal (content deleted, access ended), worded for the person.
        self.refusal: str | None = None
        self._offline_reason: str | None = None
        self._job: Job[_Fetched] | None = None
        self._probe_job: Job[None] | None = None
        self.notifier = notifier or MilestoneNotifier(parent=self)
        if not self.notifier.uses_tray:
            self.notifier.set_in_window(self._show_milestone_in_window)

        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MILLISECONDS)
        self._timer.timeout.connect(self.update_view)
        self._timer.start()
        self.update_view()
        self.refresh()

    # -- construction

    def _build(self) -> None:
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        self.reminders_button = QPushButton(self.tr("Add reminders to my &calendar…"))
        self.reminders_button.setObjectName("remindersButton")
        self.reminders_button.clicked.connect(self.save_reminders)
        self.header = PageHeader(
            self.tr("Data availability"), [self.reminders_button, self.refresh_button]
        )

        self.notice_area = QVBoxLayout()
        self.notice_area.setSpacing(6)
        self.offline_notice = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.offline_notice.setObjectName("offlineNotice")
        self.disagreement_notice = NoticeBanner("", NoticeKind.WARNING, dismissible=False)
        self.disagreement_notice.setObjectName("disagreementNotice")
        self.milestone_notice = NoticeBanner("", NoticeKind.INFO, dismissible=True)
        self.milestone_notice.setObjectName("milestoneNotice")
        self.saved_notice = NoticeBanner("", NoticeKind.INFO, dismissible=True)
        self.saved_notice.setObjectName("savedNotice")
        for notice in (
            self.milestone_notice,
            self.offline_notice,
            self.disagreement_notice,
            self.saved_notice,
        ):
            notice.hide()
            self.notice_area.addWidget(notice)

        # Where the rule is written: the service's terms, as its retention answer cites them.
        self.terms_label = QLabel()
        self.terms_label.setObjectName("termsLink")
        self.terms_label.setWordWrap(True)
        self.terms_label.setTextFormat(Qt.TextFormat.RichText)
        self.terms_label.setOpenExternalLinks(True)
        self.terms_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.terms_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_of_mind = change_of_mind_panel(self._session, self._store, lambda: self._tz)
        self.change_of_mind.changed.connect(self.refresh)

        self.content_card = CountdownCard(self.tr("Practice data"), "contentCard")
        self.escrow_card = CountdownCard(self.tr("Escrowed data"), "escrowCard")
        cards = QHBoxLayout()
        cards.addWidget(self.content_card, 1)
        cards.addWidget(self.escrow_card, 1)

        self.export_button = QPushButton(self.tr("&Export now…"))
        self.export_button.setObjectName("exportNowButton")
        self.export_button.setDefault(True)
        self.export_button.setMinimumHeight(36)
        self.export_button.clicked.connect(self._export_now)
        self.export_hint = QLabel()
        self.export_hint.setWordWrap(True)
        self.export_hint.setTextFormat(Qt.TextFormat.PlainText)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button, 0)
        export_row.addWidget(self.export_hint, 1)

        self.timeline_title = QLabel(self.tr("Timeline"))
        bold = QFont(self.timeline_title.font())
        bold.setBold(True)
        self.timeline_title.setFont(bold)
        self.timeline = WrappingTree()
        self.timeline.setObjectName("timeline")
        self.timeline.setAccessibleName(self.tr("Timeline of the data's availability"))
        self.timeline.setRootIsDecorated(False)
        self.timeline.setHeaderLabels(
            [self.tr("When"), self.tr("Milestone"), self.tr("From then on")]
        )
        self.timeline.setAlternatingRowColors(True)
        # The same timeline as a picture; the table stays for screen readers and keyboards.
        from ui.closing.timeline_chart import TimelineChart

        self.timeline_chart = TimelineChart()
        self.timeline_chart.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.notice_area)
        layout.addWidget(self.status_label)
        layout.addWidget(self.change_of_mind)
        layout.addWidget(self.terms_label)
        layout.addLayout(cards)
        layout.addLayout(export_row)
        layout.addWidget(self.timeline_title)
        layout.addWidget(self.timeline_chart)
        layout.addWidget(self.timeline, 1)
        # Takes the spare height while the timeline is hidden (before closing).
        self.filler = QWidget()
        layout.addWidget(self.filler, 1)

    # -- time

    def now(self) -> datetime:
        """The service's time as best known: this computer's clock plus the offset seen in the
        last server answer (the demo moves the server's clock; a PC's clock may be wrong)."""
        if self._clock is not None:
            return self._clock()
        cached = self._store.cached_retention()
        offset = cached.clock_offset if cached is not None else timedelta(0)
        return datetime.now(UTC) + offset

    @property
    def time_zone(self) -> tzinfo:
        return self._tz

    def known_closing(self) -> KnownClosing | None:
        return self._store.known_closing()

    # -- refreshing

    def refresh(self) -> None:
        client = self._session.selfservice
        busy = (self._job, self._probe_job)
        if any(job is not None and not job.finished for job in busy):
            return
        if client is None:
            self._probe_data_api()
            return

        def fetch(token: CancelToken, report: ProgressCallback) -> _Fetched:
            retention = client.retention()
            received = datetime.now(UTC)
            try:
                account: Account | None = client.account()
            except AccountDeskError as error:  # the dates matter most; the rest is a bonus
                log.info("account not read with the dates: %s", error.detail)
                account = None
            return _Fetched(retention, account, received)

        self.refresh_button.setEnabled(False)
        self._job = run_in_background(
            self, fetch, self._fetched, self._fetch_failed, name="availability-refresh"
        )

    def _probe_data_api(self) -> None:
        """Without a self-service API there are no dates to read: one data-API read tells
        whether the server still serves the data (410 once deleted, refused once access ended)."""
        http = getattr(self._session, "http", None)
        if http is None:
            self._offline_reason = None
            self.update_view()
            self.refreshed.emit()
            return

        def probe(token: CancelToken, report: ProgressCallback) -> None:
            probe_data_api(http)

        def answered(_none: None) -> None:
            self.refusal = self._offline_reason = None
            self._probe_ended()

        def failed(error: BaseException) -> None:
            self.refusal = refusal_text(error, self._session.server.origin)
            self._offline_reason = None if self.refusal is not None else error_text(error)
            self._probe_ended()

        self.refresh_button.setEnabled(False)
        self._probe_job = run_in_background(
            self, probe, answered, failed, name="availability-probe"
        )

    def _probe_ended(self) -> None:
        self.refresh_button.setEnabled(True)
        self.update_view()
        self.refreshed.emit()

    def _fetched(self, fetched: _Fetched) -> None:
        self._store.save_retention(fetched.retention, fetched.received_at)
        if fetched.retention.account_status is AccountStatus.CLOSED:
            # The server says closed: an attempt whose answer was lost is settled.
            if self._store.pending() is not None:
                self._store.clear_pending()
        self._account = fetched.account or self._account
        self._offline_reason = None
        self.refresh_button.setEnabled(True)
        self.update_view()
        self.refreshed.emit()

    def _fetch_failed(self, error: BaseException) -> None:
        message = error_text(error)
        log.info("retention dates not refreshed: %s", error)
        self._offline_reason = message
        self.refresh_button.setEnabled(True)
        self.update_view()
        self.refreshed.emit()

    def show_closing(self, known: object = None) -> None:
        """Show a closing the walkthrough just confirmed (it is already in the profile)."""
        self.update_view()
        self.refresh()

    # -- the view

    def update_view(self) -> None:
        known = self._store.known_closing()
        now = self.now()
        self._update_offline_notice(known)
        self._show_terms()
        cached = self._store.cached_retention()
        self.change_of_mind.show_account(
            self._account,
            is_primary(self._session, self._account),
            cached.retention if cached is not None else None,
            now,
        )
        if known is None:
            self._show_active(now)
        else:
            self._show_closed(known, now)
        if self.refusal is not None:
            self._show_refusal(self.refusal)
        if known is None:
            return
        due = self._watch.due(known.dates, now, self._tz)
        if due is not None:
            self.notifier.notify(milestone_title(due.kind), self._milestone_message(due.kind))

    def _update_offline_notice(self, known: KnownClosing | None) -> None:
        if self._offline_reason is None:
            self.offline_notice.hide()
            return
        cached = self._store.cached_retention()
        if cached is not None:
            text = (
                self.tr("Showing the dates saved %1. %2")
                .replace("%1", format_moment(cached.fetched_at, self._tz))
                .replace("%2", self._offline_reason)
            )
        else:
            text = self._offline_reason
        self.offline_notice.set_text(text)
        self.offline_notice.show()

    def _show_terms(self) -> None:
        cached = self._store.cached_retention()
        terms = cached.retention.terms if cached is not None else None
        if terms is None:
            self.terms_label.hide()
            return
        link = self.tr("%1, section %2").replace("%1", document_title(terms.title))
        link = link.replace("%2", terms.section)
        text = self.tr("These periods and who keeps access are set by the service's %1.")
        self.terms_label.setText(
            html.escape(text).replace(
                "%1", f'<a href="{html.escape(terms.url, quote=True)}">{html.escape(link)}</a>'
            )
        )
        self.terms_label.setAccessibleDescription(terms.url)
        self.terms_label.show()

    def _firm(self) -> str:
        if self._account is not None:
            return self._account.firm.name
        return self._session.firm_name or self.tr("the firm")

    def _show_active(self, now: datetime) -> None:
        escrow = self._account.escrow_enabled if self._account is not None else None
        scheduled = self._account.closing_scheduled_at if self._account is not None else None
        # a closing scheduled for the end of the period counts from its instant, not today
        dates = retention_dates(scheduled or now, bool(escrow))
        self.disagreement_notice.hide()
        status, escrow_text = active_texts(self._firm(), escrow, scheduled, dates, self._tz)
        self.status_label.setText(status)
        self.content_card.show_values("", self.tr("Available as long as the account is open."))
        self.escrow_card.show_values("", escrow_text)
        self.export_button.setVisible(self._open_export_wizard is not None)
        self.export_button.setEnabled(True)
        self.export_hint.setText(
            self.tr("Take a complete copy of the firm's data home before you decide.")
        )
        self.reminders_button.setEnabled(False)
        self.timeline.clear()
        self.timeline.hide()
        self.timeline_title.hide()
        self.timeline_chart.hide()
        self.filler.show()

    def _show_closed(self, known: KnownClosing, now: datetime) -> None:
        dates = known.dates
        tz = self._tz
        if known.source is ClosingSource.SERVER:
            cached = self._store.cached_retention()
            checked = (
                self.tr(" Dates from the server, last checked %1.").replace(
                    "%1", format_moment(cached.fetched_at, tz)
                )
                if cached is not None
                else ""
            )
            status = (
                self.tr("The account of %1 was closed %2.")
                .replace("%1", self._firm())
                .replace("%2", format_moment(dates.closed_at, tz))
                + checked
            )
        else:
            status = (
                self.tr(
                    "The account of %1 was closed with the service on %2: a day entered by you,"
                    " not confirmed by the service. The dates below are computed from that day."
                )
                .replace("%1", self._firm())
                .replace("%2", format_day(dates.closing_day))
            )
        if known.designated_user is not None:
            status += " " + self.tr("Designated user: %1.").replace(
                "%1", known.designated_user.name
            )
        self.status_label.setText(status)

        deleted = has_passed(dates.content_deleted_at, now)
        if deleted:
            self.content_card.show_values(
                self.tr("Deleted"),
                self.tr("The practice data was deleted at %1. It cannot be recovered.").replace(
                    "%1", format_moment(dates.content_deleted_at, tz)
                ),
            )
        else:
            self.content_card.show_values(
                format_time_left(dates.content_deleted_at, now, tz),
                self.tr(
                    "left to sign in, read only, and export. Available until the end of %1"
                    " (UTC); deleted for good at %2."
                )
                .replace("%1", format_day(dates.content_last_day))
                .replace("%2", format_moment(dates.content_deleted_at, tz)),
            )
        if dates.escrow_ends_at is None or dates.escrow_last_day is None:
            self.escrow_card.show_values(
                self.tr("No escrow"),
                self.tr("The firm has no escrow arrangement: nothing is kept after deletion."),
            )
        elif has_passed(dates.escrow_ends_at, now):
            self.escrow_card.show_values(
                self.tr("Ended"),
                self.tr("Escrow ended at %1.").replace(
                    "%1", format_moment(dates.escrow_ends_at, tz)
                ),
            )
        else:
            self.escrow_card.show_values(
                format_time_left(dates.escrow_ends_at, now, tz),
                self.tr("left of escrow. Kept until the end of %1 (UTC), ending at %2.")
                .replace("%1", format_day(dates.escrow_last_day))
                .replace("%2", format_moment(dates.escrow_ends_at, tz)),
            )

        disagreements = known.disagreements
        if disagreements:
            self.disagreement_notice.set_text(
                self.tr(
                    "The server's dates differ from Account Desk's own computation; the"
                    " countdown follows the server. "
                )
                + " ".join(disagreement_text(d) for d in disagreements)
            )
            self.disagreement_notice.show()
        else:
            self.disagreement_notice.hide()

        self.export_button.setVisible(self._open_export_wizard is not None and not deleted)
        self.export_button.setEnabled(not deleted)
        self.export_hint.setText(
            ""
            if deleted
            else self.tr("Export everything you still need before the data is deleted.")
        )
        last_end = dates.escrow_ends_at or dates.content_deleted_at
        self.reminders_button.setEnabled(not has_passed(last_end, now))
        self._fill_timeline(dates, now)

    def _show_refusal(self, text: str) -> None:
        """The server answered that nothing can be read any more: its words first, whatever
        the dates on this computer say, and no export offered."""
        self.status_label.setText(text)
        self.content_card.show_values(
            self.tr("Deleted"),
            self.tr(
                "The server answered that the practice data is deleted: nothing can be read or"
                " exported any more. It cannot be recovered."
            ),
        )
        self.export_button.hide()
        self.export_hint.setText("")

    def _fill_timeline(self, dates: RetentionDates, now: datetime) -> None:
        self.timeline_chart.set_timeline(dates, now, self._tz)
        self.timeline_chart.show()
        self.timeline.clear()
        self.timeline.show()
        self.timeline_title.show()
        self.filler.hide()
        for milestone in timeline(dates, now, self._tz):
            is_today = milestone.kind is MilestoneKind.TODAY
            possible = "\n".join(capability_text(c) for c in milestone.still_possible)
            item = QTreeWidgetItem(
                [
                    format_moment(milestone.at, self._tz),
                    milestone_title(milestone.kind),
                    possible or self.tr("Nothing: the data is gone"),
                ]
            )
            if milestone.no_longer_possible:
                item.setToolTip(
                    2,
                    self.tr("No longer possible: %1").replace(
                        "%1", "; ".join(capability_text(c) for c in milestone.no_longer_possible)
                    ),
                )
            if is_today:
                font = QFont(self.timeline.font())
                font.setBold(True)
                for column in range(3):
                    item.setFont(column, font)
            elif milestone.passed(now):
                for column in range(3):
                    item.setForeground(column, self.palette().placeholderText())
            self.timeline.addTopLevelItem(item)

    # -- milestones

    def _milestone_message(self, kind: MilestoneKind) -> str:
        known = self._store.known_closing()
        if known is None:
            return ""
        dates = known.dates
        if kind is MilestoneKind.CONTENT_DELETED:
            return self.tr("The practice data of %1 has been deleted.").replace("%1", self._firm())
        if kind is MilestoneKind.ESCROW_ENDED:
            return self.tr("Escrow of %1's data has ended.").replace("%1", self._firm())
        return (
            self.tr("Export anything you still need from %1: its data is deleted at %2.")
            .replace("%1", self._firm())
            .replace("%2", format_moment(dates.content_deleted_at, self._tz))
        )

    def _show_milestone_in_window(self, title: str, text: str) -> None:
        self.milestone_notice.set_text(f"{title}: {text}")
        self.milestone_notice.show()

    # -- actions

    def _export_now(self) -> None:
        if self._open_export_wizard is not None:
            self._open_export_wizard()

    def save_reminders(self) -> None:
        known = self._store.known_closing()
        if known is None:
            return
        firm_id = self._account.firm.id if self._account is not None else 0
        suggested = str(documents_folder() / "account-desk-reminders.ics")
        path = choose_calendar_file(self, suggested)
        if not path:
            return
        if not path.lower().endswith(".ics"):
            path += ".ics"
        try:
            config.atomic_write_bytes(
                Path(path), build_calendar(known.dates, firm_id, self._firm())
            )
        except OSError as error:
            log.warning("reminders not saved: %s", error)
            self.saved_notice.kind = NoticeKind.ERROR
            self.saved_notice.set_text(
                self.tr("The reminders could not be saved to %1: %2")
                .replace("%1", path)
                .replace("%2", error.strerror or str(error))
            )
        else:
            self.saved_notice.set_text(
                self.tr(
                    "Reminders saved to %1. Open that file with your calendar to add them."
                ).replace("%1", path)
            )
        self.saved_notice.show()
        self.last_saved_reminders = path


def create_page(context: PageContext) -> AvailabilityPage:
    """The page as the main window shows it: the signed-in session, and the way to the export."""
    return AvailabilityPage(context.session, open_export_wizard=context.open_export_wizard)
