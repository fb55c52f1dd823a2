"""The record of a closing done with the service itself (its own page or its support line, when
there is no self-service API): the day the person entered, who they asked to keep access, and the
reason they gave. Account Desk never sent these to the service, so they are kept on this
computer, as JSON beside the last export (or in Documents), like the closing receipt.

    record = EnteredClosingRecord.of(firm, day, escrow, designated="Daniel Okafor", ...)
    path = write_entered_record(folder, record)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app import config
from app.closing.retention import RetentionDates, retention_dates_for_day

RECORD_VERSION = 1
RECORD_PREFIX = "closing-record-entered-"


@dataclass(frozen=True)
class EnteredClosingRecord:
    firm: str
    closed_on: date
    entered_at: datetime
    escrow: bool
    dates: RetentionDates
    designated_user: str | None = None
    reason_code: str | None = None
    reason_label: str | None = None
    comment: str | None = None

    @classmethod
    def of(
        cls,
        firm: str,
        closed_on: date,
        escrow: bool,
        *,
        designated_user: str | None = None,
        reason_code: str | None = None,
        reason_label: str | None = None,
        comment: str | None = None,
        entered_at: datetime | None = None,
    ) -> EnteredClosingRecord:
        return cls(
            firm=firm,
            closed_on=closed_on,
            entered_at=entered_at or datetime.now(UTC),
            escrow=escrow,
            dates=retention_dates_for_day(closed_on, escrow),
            designated_user=designated_user,
            reason_code=reason_code,
            reason_label=reason_label if reason_code else None,
            comment=comment if reason_code else None,
        )

    @property
    def file_name(self) -> str:
        return f"{RECORD_PREFIX}{self.closed_on.isoformat()}.json"


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_to_json(record: EnteredClosingRecord) -> dict[str, Any]:
    """The record as written: dates as YYYY-MM-DD, instants in UTC with a Z."""
    dates = record.dates
    return {
        "version": RECORD_VERSION,
        "confirmed_by_service": False,
        "firm": record.firm,
        "closed_on": record.closed_on.isoformat(),
        "entered_at": _instant(record.entered_at),
        "designated_user": record.designated_user,
        "reason": (
            None
            if record.reason_code is None
            else {
                "code": record.reason_code,
                "label": record.reason_label,
                "comment": record.comment,
            }
        ),
        "retention_computed": {
            "content_last_day": dates.content_last_day.isoformat(),
            "content_deleted_at": _instant(dates.content_deleted_at),
            "escrow_last_day": dates.escrow_last_day.isoformat() if dates.escrow_last_day else None,
            "escrow_ends_at": _instant(dates.escrow_ends_at),
        },
    }


def write_entered_record(folder: Path, record: EnteredClosingRecord) -> Path:
    """Write `<folder>/closing-record-entered-<day>.json` atomically; returns its path."""
    path = folder / record.file_name
    text = json.dumps(record_to_json(record), ensure_ascii=False, indent=2) + "\n"
    config.atomic_write_text(path, text)
    return path
