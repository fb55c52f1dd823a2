"""Which countdown milestone to announce now (pure logic; the UI shows it)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from app.closing.retention import Milestone, MilestoneKind, RetentionDates, milestones
from app.closing.store import ClosingStore

# --- milestone announcements -----------------------------------------------------------------


def milestone_id(milestone: Milestone, dates: RetentionDates) -> str:
    """Stable across runs: the kind and the closing day it belongs to."""
    return f"{milestone.kind.value}@{dates.closing_day.isoformat()}"


class MilestoneWatch:
    """Which milestone to announce. Every milestone that has passed and was not announced is
    marked announced, but only the latest is returned (after a week away the person hears
    "7 days left", not a backlog). The closing itself is never announced: the person did it."""

    def __init__(self, store: ClosingStore | None = None) -> None:
        self._store = store
        self._announced: set[str] = set(store.notified()) if store is not None else set()

    def due(self, dates: RetentionDates, now: datetime, tz: tzinfo) -> Milestone | None:
        passed = [m for m in milestones(dates, tz) if m.passed(now)]
        fresh = [m for m in passed if milestone_id(m, dates) not in self._announced]
        if not fresh:
            return None
        ids = frozenset(milestone_id(m, dates) for m in fresh)
        self._announced |= ids
        if self._store is not None:
            self._store.mark_notified(ids)
        latest = fresh[-1]
        return None if latest.kind is MilestoneKind.CLOSED else latest
