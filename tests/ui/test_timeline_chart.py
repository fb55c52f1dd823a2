"""The picture of the time left (ui.closing.timeline_chart): milestones in date order on one
axis with
today's marker where today falls, local dates, what each stretch allows, a description for
screen readers, a rendering at 100 % and 200 %, and its place on the walkthrough's first page
and on the Data availability page (beside the table, which stays)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from app.account.models import AccountStatus, Retention
from app.closing.retention import retention_dates
from app.closing.store import ClosingStore
from tests.support.backend import RunningBackend
from tests.support.closing_ui import MARGARET, ClosingTestSession, session_for, shown_wizard
from ui.closing.countdown_page import AvailabilityPage
from ui.closing.timeline_chart import TimelineChart
from ui.closing.tray import MilestoneNotifier
from ui.common.formats import access_rule_text

ROOT = Path(__file__).resolve().parents[2]
CLOSED = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
ORDER = ["closed", "days_left_30", "days_left_7", "days_left_1", "content_deleted", "escrow_ended"]


def chart_at(qtbot: QtBot, now: datetime, *, width: int = 700) -> TimelineChart:
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.set_timeline(retention_dates(CLOSED, True), now, NEW_YORK)
    chart.resize(width, chart.heightForWidth(width))
    chart.show()
    return chart


@pytest.mark.parametrize(
    ("days", "after"),
    [(40, "closed"), (70, "days_left_30"), (120, "content_deleted")],
)
def test_milestones_stand_in_date_order_and_today_between_the_right_two(
    qtbot: QtBot, days: int, after: str
) -> None:
    chart = chart_at(qtbot, CLOSED + timedelta(days=days))
    where = chart.marker_positions()
    xs = [where[kind] for kind in ORDER]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    following = ORDER[ORDER.index(after) + 1]
    assert where[after] < where["today"] < where[following]
    assert 0 <= xs[0] and xs[-1] <= chart.width()


def test_dates_are_local_and_each_stretch_says_what_it_allows(qtbot: QtBot) -> None:
    chart = chart_at(qtbot, CLOSED + timedelta(days=10))
    labels = {p.kind.value: p.when for p in chart.points}
    # Deleted at 00:00 UTC on 23 February 2027: the evening of the 22nd in New York.
    assert labels["content_deleted"] == "February 22, 2027"
    assert labels["escrow_ended"] == "May 24, 2027"
    description = chart.accessibleDescription()
    assert "Practice data deleted: February 22, 2027" in description
    assert "Today: December 4, 2026" in description
    assert access_rule_text() in description  # the one rule, word for word
    assert "Only escrowed data is kept" in description
    assert chart.accessibleName()


RENDER = """
import json, sys
from datetime import UTC, datetime, timedelta
from PySide6.QtWidgets import QApplication
from app.closing.retention import retention_dates
from ui.closing.timeline_chart import TimelineChart
app = QApplication([])
closed = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
chart = TimelineChart()
chart.set_timeline(retention_dates(closed, True), closed + timedelta(days=40), UTC)
chart.resize(640, chart.heightForWidth(640))
chart.show()
app.processEvents()
image = chart.grab().toImage()
background = image.pixelColor(1, image.height() - 1).rgb()
colours, drawn = set(), 0
for y in range(0, image.height(), 2):
    for x in range(0, image.width(), 2):
        rgb = image.pixelColor(x, y).rgb()
        colours.add(rgb)
        drawn += rgb != background
print(json.dumps({"width": image.width(), "height": image.height(),
                  "logical": [chart.width(), chart.height()],
                  "colours": len(colours),
                  "drawn": drawn / ((image.width() // 2) * (image.height() // 2)),
                  "ratio": chart.devicePixelRatioF()}))
"""


@pytest.mark.parametrize("scale", ["1", "2"])
def test_the_picture_renders_at_100_and_200_percent(scale: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale}
    done = subprocess.run(
        [sys.executable, "-c", RENDER],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    factor = int(scale)
    assert shown["ratio"] == factor
    assert (shown["width"], shown["height"]) == (
        shown["logical"][0] * factor,
        shown["logical"][1] * factor,
    )
    assert shown["colours"] >= 4  # bar, hatching, text, marker: not a blank rectangle
    assert shown["drawn"] > 0.05


@pytest.fixture
def backend(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")


@pytest.fixture
def session(backend: RunningBackend) -> Iterator[ClosingTestSession]:
    opened = session_for(backend, MARGARET)
    yield opened
    opened.close()


def test_the_walkthroughs_first_page_draws_a_closing_today(
    qtbot: QtBot, session: ClosingTestSession
) -> None:
    wizard = shown_wizard(qtbot, session)
    qtbot.waitUntil(lambda: wizard.account is not None, timeout=20_000)
    chart = wizard.meaning.chart
    assert chart.isVisible() and chart.hypothetical
    where = chart.marker_positions()
    assert where["today"] == pytest.approx(where["closed"], abs=1)  # closing today
    labels = {p.kind.value: p.when for p in chart.points}
    assert labels["content_deleted"] == "February 23, 2027"  # 00:00 UTC, in UTC
    assert labels["escrow_ended"] == "May 25, 2027"
    assert "Closing today" in chart.accessibleDescription()


class _Offline:
    """A session whose server never answers: the page shows the saved dates."""

    def __init__(self) -> None:
        from app.account.selfservice import SelfServiceClient
        from app.net.http import HttpSession, RetryPolicy, Timeouts
        from app.net.servers import local_server

        origin = "http://127.0.0.1:9"
        self.http = HttpSession(
            origin, timeouts=Timeouts(connect=1.0, read=1.0), retry=RetryPolicy(max_attempts=1)
        )
        self.server = local_server(origin)
        self.selfservice = SelfServiceClient(self.http, self.server.self_service_base)
        self.firm_name = "Harbor & Finch LLP"


@pytest.fixture
def offline() -> Iterator[_Offline]:
    made = _Offline()
    yield made
    made.http.close()


def test_the_availability_page_draws_the_picture_beside_the_table(
    qtbot: QtBot, offline: _Offline
) -> None:
    dates = retention_dates(CLOSED, True)
    closed = Retention(
        account_status=AccountStatus.CLOSED,
        closed_at=dates.closed_at,
        content_last_day=dates.content_last_day,
        content_deleted_at=dates.content_deleted_at,
        content_deleted=False,
        escrow_enabled=True,
        escrow_last_day=dates.escrow_last_day,
        escrow_ends_at=dates.escrow_ends_at,
        designated_user=None,
        server_time=CLOSED,
    )
    now = CLOSED + timedelta(days=70)
    ClosingStore(offline.server.origin).save_retention(closed, CLOSED)
    page = AvailabilityPage(
        offline,  # type: ignore[arg-type]
        notifier=MilestoneNotifier(use_tray=False),
        tz=UTC,
        clock=lambda: now,
    )
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    qtbot.waitUntil(lambda: page.refresh_button.isEnabled(), timeout=20_000)
    assert page.timeline_chart.isVisible()
    assert page.timeline.isVisible() and page.timeline.topLevelItemCount() == 7
    where = page.timeline_chart.marker_positions()
    assert where["days_left_30"] < where["today"] < where["days_left_7"]
