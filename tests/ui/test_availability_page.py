"""The Data availability page: the countdown in the person's time zone (right across a
daylight-saving change), the timeline, offline from the saved dates, disagreements flagged,
reminders saved as an .ics that reads back, milestone notices, and the page before closing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from icalendar import Calendar
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from app.account.models import AccountStatus, Retention
from app.account.selfservice import SelfServiceClient
from app.closing.retention import retention_dates
from app.closing.store import ClosingStore
from app.net.http import HttpSession, RetryPolicy, Timeouts
from app.net.servers import Server, local_server
from tests.support.backend import RunningBackend
from tests.support.closing_ui import MARGARET, grab, session_for
from ui.closing import countdown_page as availability
from ui.closing.countdown_page import AvailabilityPage
from ui.closing.tray import MilestoneNotifier
from ui.common.formats import access_rule_text

ORIGIN = "http://127.0.0.1:9"  # nothing listens on the discard port: the server is unreachable
NEW_YORK = ZoneInfo("America/New_York")
SHOTS = Path(os.environ["CLOSING_SHOTS"]) if os.environ.get("CLOSING_SHOTS") else None


@dataclass
class OfflineSession:
    server: Server
    selfservice: SelfServiceClient | None
    firm_name: str | None = "Harbor & Finch LLP"


@pytest.fixture
def offline() -> Iterator[OfflineSession]:
    http = HttpSession(
        ORIGIN, timeouts=Timeouts(connect=1.0, read=1.0), retry=RetryPolicy(max_attempts=1)
    )
    server = local_server(ORIGIN)
    yield OfflineSession(server, SelfServiceClient(http, server.self_service_base))
    http.close()


def closed_retention(closed_at: datetime, *, escrow: bool = True, **changes: object) -> Retention:
    dates = retention_dates(closed_at, escrow)
    values: dict[str, object] = {
        "account_status": AccountStatus.CLOSED,
        "closed_at": dates.closed_at,
        "content_last_day": dates.content_last_day,
        "content_deleted_at": dates.content_deleted_at,
        "content_deleted": False,
        "escrow_enabled": escrow,
        "escrow_last_day": dates.escrow_last_day,
        "escrow_ends_at": dates.escrow_ends_at,
        "designated_user": None,
        "server_time": closed_at,
    }
    values.update(changes)
    return Retention(**values)  # type: ignore[arg-type]


def make_page(
    qtbot: QtBot,
    session: object,
    *,
    clock: Callable[[], datetime] | None = None,
    tz: object = UTC,
    exports: list[str] | None = None,
) -> AvailabilityPage:
    page = AvailabilityPage(
        session,  # type: ignore[arg-type]
        open_export_wizard=(lambda: exports.append("export")) if exports is not None else None,
        notifier=MilestoneNotifier(use_tray=False),
        tz=tz,  # type: ignore[arg-type]
        clock=clock,
    )
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    return page


def settle(qtbot: QtBot, page: AvailabilityPage) -> None:
    qtbot.waitUntil(lambda: page.refresh_button.isEnabled(), timeout=15_000)


def test_before_closing_the_page_says_the_account_is_active(
    qtbot: QtBot, demo_backend: RunningBackend
) -> None:
    session = session_for(demo_backend, MARGARET)
    exports: list[str] = []
    page = make_page(qtbot, session, exports=exports)
    settle(qtbot, page)
    status = page.status_label.text()
    assert "The account of Harbor & Finch LLP is active" in status
    assert "lose access at once" in status
    assert access_rule_text() in status
    # Where the rule comes from: the service's terms, linked as its answer cites them.
    assert page.terms_label.isVisible()
    assert "Terms of Service, section 10.4" in page.terms_label.text()
    assert (
        'href="https://support.account-desk.example/terms-of-service#section-10.4"'
        in page.terms_label.text()
    )
    assert "escrowed data would be kept" in page.escrow_card.detail.text()
    assert not page.timeline.isVisible()
    assert not page.reminders_button.isEnabled()
    assert page.export_button.isVisible()
    page.export_button.click()
    assert exports == ["export"]
    if SHOTS:
        grab(page, SHOTS, "availability-active")
    session.close()


def test_countdown_across_a_daylight_saving_change_from_saved_dates_offline(
    qtbot: QtBot, offline: OfflineSession
) -> None:
    closed_at = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)
    ClosingStore(ORIGIN).save_retention(closed_retention(closed_at), closed_at)
    # Deleted at 2027-04-11 00:00 UTC = 8 p.m. EDT on 10 April. New York springs forward on
    # 14 March: 8 p.m. EST on 12 March is 29 calendar days before, though 29 days less an hour
    # of real time.
    now = datetime(2027, 3, 13, 1, 0, tzinfo=UTC)
    page = make_page(qtbot, offline, clock=lambda: now, tz=NEW_YORK)
    settle(qtbot, page)
    assert page.content_card.figure.text() == "29 days and 0 hours"
    assert "April 10, 2027, 8:00\u202fPM EDT" in page.content_card.detail.text()
    assert page.offline_notice.text.startswith("Showing the dates saved Sunday, January 10, 2027")
    assert "could not reach the server" in page.offline_notice.text
    assert page.offline_notice.isVisible()
    # Escrow: last day 10 July 2027, ends 11 July 00:00 UTC = 8 p.m. EDT on 10 July.
    assert page.escrow_card.figure.text() == "120 days and 0 hours"  # wall-clock days
    rows = [
        (page.timeline.topLevelItem(i).text(1), page.timeline.topLevelItem(i).text(2))
        for i in range(page.timeline.topLevelItemCount())
    ]
    assert [r[0] for r in rows] == [
        "Account closed",
        "30 days left to export",  # 8 p.m. EST on 11 March: a day ago
        "Today",
        "7 days left to export",
        "1 day left to export",
        "Practice data deleted",
        "Escrow ends",
    ]
    assert "Escrowed data is kept for the firm" in rows[-2][1]
    # Who keeps access: the same rule, word for word, as the walkthrough states.
    assert access_rule_text() in rows[0][1]
    assert rows[-1][1] == "Nothing: the data is gone"
    if SHOTS:
        grab(page, SHOTS, "availability-offline")


def test_the_servers_dates_are_checked_against_the_apps_own(
    qtbot: QtBot, offline: OfflineSession
) -> None:
    closed_at = datetime(2026, 8, 31, 12, 0, tzinfo=UTC)
    wrong = closed_retention(closed_at, escrow_last_day=date(2027, 3, 3))
    ClosingStore(ORIGIN).save_retention(wrong, closed_at)
    page = make_page(qtbot, offline, clock=lambda: closed_at + timedelta(days=1))
    settle(qtbot, page)
    notice = page.disagreement_notice
    assert notice.isVisible()
    assert "the server says 2027-03-03 but Account Desk computes 2027-02-28" in notice.text


def test_reminders_are_saved_as_a_calendar_file_that_reads_back(
    qtbot: QtBot,
    offline: OfflineSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed_at = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    ClosingStore(ORIGIN).save_retention(closed_retention(closed_at), closed_at)
    target = tmp_path / "reminders"
    asked: list[str] = []

    def choose(parent: object, suggested: str) -> str:
        asked.append(suggested)
        return str(target)

    monkeypatch.setattr(availability, "choose_calendar_file", choose)
    page = make_page(qtbot, offline, clock=lambda: closed_at + timedelta(hours=1))
    settle(qtbot, page)
    assert page.reminders_button.isEnabled()
    page.reminders_button.click()
    saved = target.with_suffix(".ics")
    assert asked and asked[0].endswith(".ics")
    calendar = Calendar.from_ical(saved.read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    deletion = events["Harbor & Finch LLP: practice data is deleted"]
    assert deletion.decoded("dtstart") == datetime(2027, 2, 23, tzinfo=UTC)
    escrow = events["Harbor & Finch LLP: escrowed data ends"]
    assert escrow.decoded("dtstart") == datetime(2027, 5, 25, tzinfo=UTC)
    assert len(list(deletion.walk("VALARM"))) == 3
    assert str(saved) in page.saved_notice.text


def test_a_milestone_is_announced_in_the_window_when_there_is_no_tray(
    qtbot: QtBot, offline: OfflineSession
) -> None:
    closed_at = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    ClosingStore(ORIGIN).save_retention(closed_retention(closed_at), closed_at)
    now = [closed_at + timedelta(days=2)]
    page = make_page(qtbot, offline, clock=lambda: now[0])
    settle(qtbot, page)
    assert not page.milestone_notice.isVisible()  # the closing itself is not announced
    now[0] = datetime(2027, 1, 24, 0, 0, 1, tzinfo=UTC)  # 30 days before deletion, just after
    page.update_view()
    assert page.milestone_notice.isVisible()
    assert page.milestone_notice.text == (
        "30 days left to export: Export anything you still need from Harbor & Finch LLP: its"
        " data is deleted at Tuesday, February 23, 2027, 12:00\u202fAM UTC."
    )
    assert page.notifier.delivered[0][0] == "window"
    page.update_view()
    assert len(page.notifier.delivered) == 1  # once


def test_the_minute_timer_stops_with_the_page(qtbot: QtBot, offline: OfflineSession) -> None:
    page = AvailabilityPage(
        offline,
        notifier=MilestoneNotifier(use_tray=False),
        tz=UTC,
        clock=lambda: datetime(2026, 1, 1, tzinfo=UTC),
    )
    page.show()
    settle(qtbot, page)
    timer = page._timer
    assert timer.isActive() and timer.interval() == 60_000
    page.close()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(timer)


def test_without_a_system_tray_milestones_go_to_the_window(qtbot: QtBot) -> None:
    shown: list[tuple[str, str]] = []
    notifier = MilestoneNotifier(lambda title, text: shown.append((title, text)))
    assert not notifier.uses_tray  # offscreen has no tray
    notifier.notify("7 days left to export", "Export anything you still need.")
    assert shown == [("7 days left to export", "Export anything you still need.")]
    assert notifier.delivered == [("window", *shown[0])]


def test_the_timeline_shows_every_line_of_from_then_on_at_the_default_window_size(
    qtbot: QtBot, offline: OfflineSession
) -> None:
    from PySide6.QtCore import QRect, Qt

    closed_at = datetime(2027, 1, 10, 15, 0, tzinfo=UTC)
    ClosingStore(ORIGIN).save_retention(closed_retention(closed_at), closed_at)
    now = datetime(2027, 3, 13, 1, 0, tzinfo=UTC)
    page = make_page(qtbot, offline, clock=lambda: now, tz=NEW_YORK)
    page.resize(740, 600)  # the page's share of the main window's default 980 x 640
    settle(qtbot, page)
    tree = page.timeline
    header = tree.header()
    qtbot.waitUntil(lambda: header.sectionSize(2) > 0)
    # Every column lies inside the visible width: nothing is cut off on the right.
    right = header.sectionViewportPosition(2) + header.sectionSize(2)
    assert right <= tree.viewport().width() + 1
    metrics = tree.fontMetrics()
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        for column in range(3):
            width = header.sectionSize(column) - 12  # the cell's margins
            needed = metrics.boundingRect(
                QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), item.text(column)
            ).height()
            shown = tree.visualItemRect(item).height()
            assert needed <= shown, (i, column, item.text(column), needed, shown)


def test_the_reminders_save_dialog_opens_in_documents_not_the_working_directory(
    qtbot: QtBot,
    offline: OfflineSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    closed_at = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    ClosingStore(ORIGIN).save_retention(closed_retention(closed_at), closed_at)
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("HOME", str(home))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    asked: list[str] = []
    monkeypatch.setattr(availability, "choose_calendar_file", lambda _p, s: asked.append(s) or "")
    page = make_page(qtbot, offline, clock=lambda: closed_at + timedelta(hours=1))
    settle(qtbot, page)
    page.reminders_button.click()
    folder = Path(asked[0]).parent
    assert Path(asked[0]).is_absolute() and folder.is_dir()
    assert folder != work
    if sys.platform.startswith("linux"):
        assert folder == home / "Documents"


def test_deadlines_before_closing_are_in_local_time_with_the_utc_day_beside(
    qtbot: QtBot, demo_backend: RunningBackend
) -> None:
    session = session_for(demo_backend, MARGARET)
    now = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    page = make_page(qtbot, session, clock=lambda: now, tz=NEW_YORK)
    settle(qtbot, page)
    # Deleted at 2027-02-23 00:00 UTC = 7 p.m. EST on 22 February.
    assert (
        "until Monday, February 22, 2027, 7:00\u202fPM EST"
        " (the end of Monday, February 22, 2027, UTC)" in page.status_label.text()
    )
    assert "EDT (the end of Monday, May 24, 2027, UTC)" in page.escrow_card.detail.text()
    session.close()
