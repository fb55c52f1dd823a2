"""A picture of the time left: the closing, today, each countdown milestone, the deletion of the
practice data and the end of escrow on one time axis, in the person's time zone, with today's
marker and what each stretch of time still allows.

It complements the timeline table (which stays, for screen readers and keyboard users): the
widget takes no keyboard focus, and its accessible description says the same in words. It
paints with the palette's colours (light and dark themes alike) in logical pixels, so Qt
scales it to the screen's device pixel ratio.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.closing.retention import MilestoneKind, RetentionDates, has_passed, milestones
from ui.closing.countdown_parts import milestone_title
from ui.common.formats import access_rule_text, format_date

MARGIN = 8.0
BAR_HEIGHT_LINES = 1.6  # the bar's height, in lines of text
TAIL_SHARE = 0.06  # the stretch after the last milestone ("nothing kept"), of the axis


def _t(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


def access_rule() -> str:
    """Who keeps access after closing, word for word as every other screen says it."""
    return access_rule_text()


@dataclass(frozen=True)
class Point:
    kind: MilestoneKind
    at: datetime
    label: str  # the milestone's name
    when: str  # its local date


@dataclass(frozen=True)
class Stretch:
    start: datetime
    end: datetime | None  # None: open-ended (after the last milestone)
    text: str
    style: str  # "access", "escrow" or "none"
    short: str = ""  # written inside the bar when it fits (the legend has `text`)


@dataclass(frozen=True)
class _Placed:
    point: Point
    x: float
    row: int


class TimelineChart(QWidget):
    """Call `set_timeline(dates, now, tz)`; `hypothetical=True` draws "if you close now"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineChart")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(_t("Picture of the time left"))
        self.points: tuple[Point, ...] = ()
        self.stretches: tuple[Stretch, ...] = ()
        self.now: datetime | None = None
        self.hypothetical = False
        self._start: datetime | None = None
        self._end: datetime | None = None

    # -- data

    def set_timeline(
        self, dates: RetentionDates, now: datetime, tz: tzinfo, *, hypothetical: bool = False
    ) -> None:
        self.hypothetical = hypothetical
        self.now = now
        found = milestones(dates, tz)
        self.points = tuple(
            Point(
                m.kind,
                m.at,
                _t("Closing today")
                if hypothetical and m.kind is MilestoneKind.CLOSED
                else (milestone_title(m.kind)),
                format_date(m.at.astimezone(tz).date()),
            )
            for m in found
        )
        escrow_end = dates.escrow_ends_at
        stretches = [
            Stretch(
                dates.closed_at,
                dates.content_deleted_at,
                access_rule(),
                "access",
                _t("Read only: sign in and export"),
            )
        ]
        if escrow_end is not None:
            stretches.append(
                Stretch(
                    dates.content_deleted_at, escrow_end, _t("Only escrowed data is kept"), "escrow"
                )
            )
        stretches.append(
            Stretch(escrow_end or dates.content_deleted_at, None, _t("Nothing is kept"), "none")
        )
        self.stretches = tuple(stretches)
        self._start = dates.closed_at
        self._end = escrow_end or dates.content_deleted_at
        self.setAccessibleDescription(self.description(tz))
        self.updateGeometry()
        self.update()

    def description(self, tz: tzinfo) -> str:
        """The picture in words (its accessible description)."""
        parts = [f"{p.label}: {p.when}" for p in self.points]
        if self.now is not None:
            parts.append(_t("Today: %1").replace("%1", format_date(self.now.astimezone(tz).date())))
        parts.extend(s.text for s in self.stretches)
        return ". ".join(parts) + "."

    # -- geometry (logical pixels; Qt scales them to the device pixel ratio)

    def _axis(self, width: float) -> tuple[float, float]:
        """The x of the first and the last milestone."""
        left = MARGIN
        right = max(left + 1.0, width - MARGIN - width * TAIL_SHARE)
        return left, right

    def x_of(self, moment: datetime, width: float | None = None) -> float:
        width = float(self.width() if width is None else width)
        left, right = self._axis(width)
        if self._start is None or self._end is None:
            return left
        span = (self._end - self._start).total_seconds() or 1.0
        share = (moment - self._start).total_seconds() / span
        return left + (right - left) * max(0.0, min(share, 1.0 + TAIL_SHARE))

    def marker_positions(self) -> dict[str, float]:
        """Where each milestone and today's marker stand (x in logical pixels)."""
        found = {p.kind.value: self.x_of(p.at) for p in self.points}
        if self.now is not None:
            found[MilestoneKind.TODAY.value] = self.today_x()
        return found

    def today_x(self) -> float:
        if self.now is None or self._start is None:
            return self.x_of(self._start) if self._start else MARGIN
        return self.x_of(max(self.now, self._start))

    def _fonts(self) -> tuple[QFont, QFont]:
        small = QFont(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        return small, bold

    def _place(self, width: float) -> list[_Placed]:
        """Milestone labels in rows under the axis, each starting at its tick. From right to
        left, a label takes the first row where it meets no other label and no tick that runs
        down past it: close milestones (30, 7 and 1 days, deletion) step down like stairs and
        every tick reaches its own label uncrossed."""
        small, bold = self._fonts()
        fm, fb = QFontMetricsF(small), QFontMetricsF(bold)
        placed: list[_Placed] = []
        for point in sorted(self.points, key=lambda p: p.at, reverse=True):
            x = self.x_of(point.at, width)
            w = max(fb.horizontalAdvance(point.label), fm.horizontalAdvance(point.when)) + 10
            left = max(MARGIN, min(x - 2, width - MARGIN - w))
            right = left + w
            row = 0
            for other in placed:
                other_x = self.x_of(other.point.at, width)
                other_w = (
                    max(
                        fb.horizontalAdvance(other.point.label),
                        fm.horizontalAdvance(other.point.when),
                    )
                    + 10
                )
                overlaps = other.x < right and left < other.x + other_w
                crosses = left <= other_x <= right
                if overlaps or crosses:
                    row = max(row, other.row + 1)
            placed.append(_Placed(point, left, row))
        return sorted(placed, key=lambda p: p.point.at)

    def _legend(self, width: float) -> list[tuple[Stretch, QRectF]]:
        """Each stretch's words beside its swatch, one under the other, wrapped to the width."""
        fm = QFontMetricsF(self.font())
        line = fm.height()
        text_left = MARGIN + line * 1.1 + 6
        available = max(40.0, width - text_left - MARGIN)
        flags = int(Qt.TextFlag.TextWordWrap)
        found: list[tuple[Stretch, QRectF]] = []
        y = 0.0
        for stretch in self.stretches:
            bound = fm.boundingRect(QRectF(0, 0, available, 10_000), flags, stretch.text)
            found.append((stretch, QRectF(text_left, y, available, bound.height())))
            y += bound.height() + line * 0.3
        return found

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        if not self.points:
            return 0
        line = self._line()
        label_rows = max((p.row for p in self._place(float(width))), default=0) + 1
        legend = self._legend(float(width))
        legend_height = legend[-1][1].bottom() if legend else 0.0
        height = (
            MARGIN
            + line * 1.3  # "Today" above the bar
            + line * BAR_HEIGHT_LINES
            + 6
            + label_rows * (line * 2 + 4)
            + 6
            + legend_height
            + MARGIN
        )
        return int(height + 0.999)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = max(self.width(), 560)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, self.heightForWidth(max(self.width(), 240)))

    # -- painting

    def _fill(self, style: str, palette: QPalette) -> QBrush:
        accent = palette.color(QPalette.ColorRole.Highlight)
        if style == "access":
            return QBrush(accent)
        if style == "escrow":
            return QBrush(accent, Qt.BrushStyle.BDiagPattern)
        return QBrush(Qt.BrushStyle.NoBrush)

    def _tick_colour(self, point: Point, text: QColor, faint: QColor) -> QColor:
        """Milestones already passed are drawn fainter (not in the "if you close now" view)."""
        passed = self.now is not None and has_passed(point.at, self.now)
        return faint if passed and not self.hypothetical else text

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.points or self._start is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = palette.color(QPalette.ColorRole.PlaceholderText)
        width = float(self.width())
        line = self._line()
        small, bold = self._fonts()
        top = MARGIN + line * 1.3
        bar = QRectF(0, top, 0, line * BAR_HEIGHT_LINES)

        # the stretches, each with what it allows written inside when it fits
        for stretch in self.stretches:
            x0 = self.x_of(stretch.start, width)
            x1 = width - MARGIN if stretch.end is None else self.x_of(stretch.end, width)
            rect = QRectF(x0, bar.top(), max(1.0, x1 - x0), bar.height())
            if stretch.style == "none":
                painter.setPen(QPen(faint, 1, Qt.PenStyle.DashLine))
                y = rect.center().y()
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
                continue
            painter.setPen(QPen(text, 1))
            painter.setBrush(self._fill(stretch.style, palette))
            painter.drawRect(rect)
            inside = rect.adjusted(6, 0, -6, 0)
            if stretch.style == "access" and inside.width() > line * 3:
                painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
                painter.setFont(small)
                elided = QFontMetricsF(small).elidedText(
                    stretch.short or stretch.text, Qt.TextElideMode.ElideRight, inside.width()
                )
                painter.drawText(inside, int(Qt.AlignmentFlag.AlignVCenter), elided)
        painter.setBrush(Qt.BrushStyle.NoBrush)

        # each milestone: a tick through the bar down to its name and local date; the ticks
        # first, so that a label drawn on its own background is never crossed by another's
        label_top = bar.bottom() + 6
        placed_labels = self._place(width)
        background = palette.color(QPalette.ColorRole.Window)
        fm_bold, fm_small = QFontMetricsF(bold), QFontMetricsF(small)
        for placed in placed_labels:
            x = self.x_of(placed.point.at, width)
            y = label_top + placed.row * (line * 2 + 4)
            painter.setPen(QPen(self._tick_colour(placed.point, text, faint), 1.5))
            painter.drawLine(QPointF(x, bar.top() - 3), QPointF(x, bar.top() + 3))
            painter.drawLine(QPointF(x, bar.bottom() - 3), QPointF(x, y + 2))
        for placed in placed_labels:
            colour = self._tick_colour(placed.point, text, faint)
            y = label_top + placed.row * (line * 2 + 4)
            w = max(
                fm_bold.horizontalAdvance(placed.point.label),
                fm_small.horizontalAdvance(placed.point.when),
            )
            painter.fillRect(QRectF(placed.x + 3, y + 2, w + 2, line * 2), background)
            painter.setPen(colour)
            painter.setFont(bold)
            painter.drawText(QPointF(placed.x + 4, y + line * 0.8), placed.point.label)
            painter.setFont(small)
            painter.drawText(QPointF(placed.x + 4, y + line * 1.8), placed.point.when)

        # today's marker: a line across the bar and a triangle with "Today" above it
        if self.now is not None:
            x = self.today_x()
            painter.setPen(QPen(text, 2.5))
            painter.drawLine(QPointF(x, bar.top() - 4), QPointF(x, bar.bottom() + 4))
            painter.setBrush(text)
            tip = bar.top() - 4
            painter.drawPolygon(
                QPolygonF([QPointF(x - 5, tip - 7), QPointF(x + 5, tip - 7), QPointF(x, tip)])
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setFont(bold)
            label = milestone_title(MilestoneKind.TODAY)
            w = QFontMetricsF(bold).horizontalAdvance(label)
            left = min(max(MARGIN, x + 8), width - MARGIN - w)
            painter.drawText(QPointF(left, MARGIN + line * 0.8), label)

        # the legend: every stretch in full words, beside its swatch
        rows = max((p.row for p in placed_labels), default=0) + 1
        top_of_legend = label_top + rows * (line * 2 + 4) + 6
        painter.setFont(self.font())
        for stretch, box in self._legend(width):
            box = box.translated(0, top_of_legend)
            swatch = QRectF(MARGIN, box.top() + line * 0.15, line * 1.1, line * 0.75)
            if stretch.style == "none":
                painter.setPen(QPen(faint, 1, Qt.PenStyle.DashLine))
                middle = swatch.center().y()
                painter.drawLine(QPointF(swatch.left(), middle), QPointF(swatch.right(), middle))
            else:
                painter.setPen(QPen(text, 1))
                painter.setBrush(self._fill(stretch.style, palette))
                painter.drawRect(swatch)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(text)
            painter.drawText(box, int(Qt.TextFlag.TextWordWrap), stretch.text)
        painter.end()
