"""The reports part of an export run: the trust and client ledgers, where the service offers
them (`reports/`), with the bytes it sent kept apart for the manifest (`reports/raw/`)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from app.errors import AccountDeskError, BadResponse, InvalidRequest, NotFound
from app.export.csvout import write_neutralised_csv
from app.export.documents.archives import wait_until_completed
from app.export.documents.download import CHUNK, finish_part
from app.export.journal import FileEntry
from app.export.manifest import sha256_file
from app.export.naming import inside_root, make_dirs_below
from app.export.run import FATAL, PERMANENT, ExportRun, reason
from app.export.safefiles import create_file, open_existing

log = logging.getLogger(__name__)

REPORT_KINDS = ("trust_ledger", "client_ledger")
REPORTS_DIR = "reports"
#: Where the ledgers' bytes are kept as the service sent them: a name no spreadsheet opens on
#: a double-click, beside the neutralised copy people open (`ReportsRun._people_copy`).
RAW_REPORTS_DIR = f"{REPORTS_DIR}/raw"
RAW_REPORT_SUFFIX = ".csv.raw"


class ReportsRun:
    """Fetches the trust and client ledgers the service offers: its bytes kept as sent, and a
    neutralised copy for people."""

    def __init__(self, run: ExportRun) -> None:
        self.run = run
        self.http = run.http
        self.root = run.root
        self.control = run.control
        self.journal = run.journal

    def export(self) -> None:
        directory = self.root / REPORTS_DIR
        for report_kind in REPORT_KINDS:
            self.control.checkpoint()
            existing = self.journal.file_for("reports", report_kind)
            if existing is not None and existing.path == raw_report(report_kind):
                if (self.root / existing.path).is_file():
                    self._people_copy(report_kind)  # written again: it is derived, and small
                    continue
            elif existing is not None:  # an export made before the raw bytes were kept apart
                self.journal.forget_file(existing.path)
            try:
                self._fetch_report(report_kind, directory)
            except FATAL:
                raise
            except ReportNotOffered as exc:
                self.run.reports_missing.append(report_kind)
                log.info("report %s not offered: %s", report_kind, exc.detail)
            except AccountDeskError as exc:
                # Refused (403, a 404 for the report made, a failed job...): a failure the
                # report and the command line name, never passed over as "not offered".
                self.journal.record_failure(
                    "reports",
                    report_kind,
                    f"the report could not be fetched: {reason(exc, detailed=True)}",
                    permanent=isinstance(exc, PERMANENT),
                )
                log.warning("report %s failed: %s", report_kind, exc.detail or exc.message)

    def _fetch_report(self, report_kind: str, directory: Path) -> None:
        try:
            created = self.http.post_json(
                "/api/v4/reports.json",
                {"data": {"kind": report_kind, "format": "csv"}},
                cancel=self.control,
            )
        except (NotFound, InvalidRequest) as exc:
            # The service's answer to asking for the report: it has no such report (404 Not
            # Found, or 400/422 refusing the kind). Any other refusal is a failure.
            raise ReportNotOffered(detail=exc.detail or exc.message) from None
        data = created.get("data") if isinstance(created, Mapping) else None
        report_id = data.get("id") if isinstance(data, Mapping) else None
        if not isinstance(report_id, int | str) or isinstance(report_id, bool):
            raise BadResponse(detail="report answer without an id")
        done = wait_until_completed(
            self.http,
            f"/api/v4/reports/{report_id}.json",
            self.control,
            2.0,
            600.0,
            finished=("completed", "empty"),
        )
        relative = raw_report(report_kind)
        make_dirs_below(self.root, self.root / RAW_REPORTS_DIR)
        target = inside_root(self.root, relative)
        part = target.with_name(target.name + ".part")
        etag: str | None = None
        if done.get("state") == "empty":
            # The server has no entries for it: an empty ledger, and the report says why.
            self.run.reports_empty.append(report_kind)
            with create_file(part) as handle:
                os.fsync(handle.fileno())
        else:
            with self.http.stream_download(
                f"/api/v4/reports/{report_id}/download.json", cancel=self.control
            ) as download:
                with create_file(part) as handle:
                    for chunk in download.iter_chunks(CHUNK):
                        handle.write(chunk)
                    handle.flush()
                    os.fsync(handle.fileno())
                etag = download.etag
        finish_part(part, target)
        size, digest = sha256_file(target)
        self._people_copy(report_kind)
        self.journal.finish_file(FileEntry(relative, "reports", report_kind, size, digest, etag))

    def _people_copy(self, report_kind: str) -> None:
        """The ledger people open, written from the service's bytes: a client named
        ``=HYPERLINK(...)`` must not become a live formula in the bookkeeper's spreadsheet."""
        raw = inside_root(self.root, raw_report(report_kind))
        target = inside_root(self.root, people_report(report_kind))
        part = target.with_name(target.name + ".part")
        with open_existing(raw, "rb") as source, create_file(part) as handle:
            write_neutralised_csv(source, handle)
            handle.flush()
            os.fsync(handle.fileno())
        finish_part(part, target)


def raw_report(report_kind: str) -> str:
    """Where a ledger's bytes, as the service sent them, are kept."""
    return f"{RAW_REPORTS_DIR}/{report_kind}{RAW_REPORT_SUFFIX}"


def people_report(report_kind: str) -> str:
    """Where a ledger's neutralised copy for people goes."""
    return f"{REPORTS_DIR}/{report_kind}.csv"


class ReportNotOffered(AccountDeskError):  # noqa: N818 - named like app.errors
    """The service says it does not offer a report (its answer to creating one)."""
