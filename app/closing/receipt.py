"""The closing receipt: what the firm keeps to prove when and how its account was closed.

Built only from the server's confirmation (the answer to POST cancellation, or a later GET
retention that states the same closing): its reference number, the server's time, who closed,
the reason, the designated user and the retention dates. Beside them, the SHA-256 of the last
verified export's manifest, so the receipt names the copy of the data the firm kept.

This module writes the JSON record; the UI makes the printable PDF from the same
`ClosingReceipt`. File names come from the server's reference only after `safe_component`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app import config
from app.account.models import AccountStatus, Person, Retention, TermsReference
from app.closing.checklist import LastExport
from app.export.manifest import MANIFEST_NAME, sha256_file
from app.export.naming import safe_component

RECEIPT_VERSION = 1
RECEIPT_PREFIX = "closing-receipt-"


@dataclass(frozen=True)
class ExportEvidence:
    """The last verified export: where it is, when it finished, and its manifest's hash."""

    folder: Path
    finished_at: datetime
    manifest_sha256: str


@dataclass(frozen=True)
class ClosingReceipt:
    reference: str
    firm: str
    closed_at: datetime
    server_time: datetime
    closed_by: Person | None
    reason_code: str | None
    reason_label: str | None
    designated_user: Person | None
    content_last_day: date
    content_deleted_at: datetime
    escrow_last_day: date | None
    escrow_ends_at: datetime | None
    terms: TermsReference | None
    last_verified_export: ExportEvidence | None

    @property
    def file_stem(self) -> str:
        """`closing-receipt-<reference>`, safe as a file name whatever the server sent."""
        return safe_component(RECEIPT_PREFIX + self.reference, fallback="closing-receipt")


def export_evidence(last: LastExport | None) -> ExportEvidence | None:
    """The manifest hash of the last export, when it was verified and its folder still holds
    the manifest (None otherwise: the receipt then says no verified export is on record)."""
    if last is None or not last.verified or last.folder is None:
        return None
    try:
        _size, digest = sha256_file(last.folder / MANIFEST_NAME)
    except OSError:
        return None
    return ExportEvidence(last.folder, last.when, digest)


def build_receipt(
    retention: Retention,
    firm: str,
    *,
    reason_label: str | None = None,
    last_export: LastExport | None = None,
) -> ClosingReceipt:
    """The receipt of a closing the server confirmed. Raises ValueError when the answer does
    not confirm a closing or carries no reference number."""
    if retention.account_status is not AccountStatus.CLOSED:
        raise ValueError("the server does not say the account is closed")
    if not retention.reference:
        raise ValueError("the server's confirmation carries no reference number")
    if (
        retention.closed_at is None
        or retention.content_last_day is None
        or retention.content_deleted_at is None
    ):
        raise ValueError("the server's confirmation has no retention dates")
    return ClosingReceipt(
        reference=retention.reference,
        firm=firm,
        closed_at=retention.closed_at,
        server_time=retention.server_time,
        closed_by=retention.closed_by,
        reason_code=retention.reason_code,
        reason_label=reason_label if retention.reason_code else None,
        designated_user=retention.designated_user,
        content_last_day=retention.content_last_day,
        content_deleted_at=retention.content_deleted_at,
        escrow_last_day=retention.escrow_last_day if retention.escrow_enabled else None,
        escrow_ends_at=retention.escrow_ends_at if retention.escrow_enabled else None,
        terms=retention.terms,
        last_verified_export=export_evidence(last_export),
    )


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _person(value: Person | None) -> dict[str, Any] | None:
    return None if value is None else {"id": value.id, "name": value.name, "email": value.email}


def receipt_to_json(receipt: ClosingReceipt) -> dict[str, Any]:
    """The record as written: instants in UTC with a Z, dates as YYYY-MM-DD (the contract's)."""
    export = receipt.last_verified_export
    return {
        "version": RECEIPT_VERSION,
        "reference": receipt.reference,
        "firm": receipt.firm,
        "closed_at": _instant(receipt.closed_at),
        "server_time": _instant(receipt.server_time),
        "closed_by": _person(receipt.closed_by),
        "reason": (
            None
            if receipt.reason_code is None
            else {"code": receipt.reason_code, "label": receipt.reason_label}
        ),
        "designated_user": _person(receipt.designated_user),
        "retention": {
            "content_last_day": receipt.content_last_day.isoformat(),
            "content_deleted_at": _instant(receipt.content_deleted_at),
            "escrow_last_day": (
                receipt.escrow_last_day.isoformat() if receipt.escrow_last_day else None
            ),
            "escrow_ends_at": _instant(receipt.escrow_ends_at),
            "terms": (
                None
                if receipt.terms is None
                else {
                    "title": receipt.terms.title,
                    "section": receipt.terms.section,
                    "url": receipt.terms.url,
                }
            ),
        },
        "last_verified_export": (
            None
            if export is None
            else {
                "folder": str(export.folder),
                "finished_at": _instant(export.finished_at),
                "manifest": MANIFEST_NAME,
                "manifest_sha256": export.manifest_sha256,
            }
        ),
    }


def write_receipt_json(folder: Path, receipt: ClosingReceipt) -> Path:
    """Write `<folder>/closing-receipt-<reference>.json` atomically; returns its path."""
    path = folder / (receipt.file_stem + ".json")
    text = json.dumps(receipt_to_json(receipt), ensure_ascii=False, indent=2) + "\n"
    config.atomic_write_text(path, text)
    return path
