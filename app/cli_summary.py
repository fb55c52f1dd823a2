"""What the command line says when an export ends: the outcome in a sentence, what changed
on the server, and what is missing and why (the report has the full list); and the exit
status that goes with it.

A program's front end, so it writes to stdout/stderr (library code logs).
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.cli_output import Output, size_text
from app.errors import AccountDeskError, AuthenticationRequired
from app.export.control import ExportState
from app.export.errors import DestinationUnavailable, DiskFull, NotAnExportFolder
from app.export.manifest import COUNT_ITEM, REPORT_NAME, ExportReport
from app.export.result import ExportResult

log = logging.getLogger(__name__)

PROG = "account-desk"

EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_USAGE = 2
EXIT_AUTH = 3

#: At most this many missing items are listed; the report has them all.
SUMMARY_LINES = 12


def report_error(error: BaseException, output: Output, out: Path) -> int:
    if isinstance(error, AuthenticationRequired):
        output.error(f"{PROG} export: {error.message}")
        return EXIT_AUTH
    if isinstance(error, NotAnExportFolder):
        output.error(f"{PROG} export: {error.message} ({out})")
        return EXIT_USAGE
    if isinstance(error, DiskFull | DestinationUnavailable):
        where = "" if str(out) in error.message else f" (export folder: {out})"
        output.error(f"{PROG} export: {error.message}{where}")
        output.error("Nothing was verified; the folder resumes when you run the same command.")
        return EXIT_INCOMPLETE
    if isinstance(error, AccountDeskError):
        log.warning("export stopped: %s", error.detail or error.message)
        output.error(f"{PROG} export: {error.message}")
        output.error("The export is not complete; run the same command again to continue.")
        return EXIT_INCOMPLETE
    raise error


def _changes_lines(result: ExportResult) -> list[str]:
    """What this run found changed on the server (an update of a finished export)."""
    changes = result.extra.get("changes")
    if not isinstance(changes, dict) or not changes:
        return []
    lines = ["Changes since the last export:"]
    for key, counts in sorted(changes.items()):
        if not isinstance(counts, dict):
            continue
        parts = [
            f"{counts.get(word, 0)} {word}"
            for word in ("added", "updated", "removed")
            if counts.get(word)
        ]
        if parts:
            lines.append(f"  {key}: {', '.join(parts)}")
    return lines if len(lines) > 1 else []


def report_result(result: ExportResult, output: Output, elapsed: float) -> int:
    report: ExportReport | None = result.report
    if result.state is ExportState.CANCELLED:
        output.line("Cancelled. Run the same command again to continue where it stopped.")
        return EXIT_INCOMPLETE
    if result.state is ExportState.VERIFIED:
        if result.reused:
            output.line("Nothing changed since the last export; every file was checked again.")
        for line in _changes_lines(result):
            output.line(line)
        if report is not None:
            records = sum(kind.exported for kind in report.kinds if kind.expected is not None)
            output.line(
                f"Export complete and verified: {records} records, "
                f"{report.documents_exported} documents ({size_text(report.document_bytes)}) "
                f"in {result.root} ({elapsed:.1f} s)."
            )
        else:
            output.line(f"Export complete and verified in {result.root} ({elapsed:.1f} s).")
        return EXIT_OK
    for line in _changes_lines(result):
        output.line(line)
    output.line("The export is NOT complete. What is missing:")
    for line in missing_summary(result, report)[:SUMMARY_LINES]:
        output.line(f"  {line}")
    output.line(
        f"The full list is in {result.root / REPORT_NAME}. Run the same command again to retry "
        "what failed."
    )
    return EXIT_INCOMPLETE


def missing_summary(result: ExportResult, report: ExportReport | None) -> list[str]:
    """Plain lines: what is missing and why (failed items first, then counts, then checks)."""
    lines: list[str] = []
    if report is not None:
        for kind in report.kinds:
            if kind.failed:
                shown = "; ".join(f"{_failed_what(f.id)}: {f.reason}" for f in kind.failed[:3])
                more = f" (and {len(kind.failed) - 3} more)" if len(kind.failed) > 3 else ""
                lines.append(f"{kind.label}: {len(kind.failed)} failed: {shown}{more}")
            elif kind.expected is not None and kind.exported < kind.expected:
                lines.append(f"{kind.label}: {kind.exported} of {kind.expected} records")
        if (
            report.documents_expected is not None
            and report.documents_exported < report.documents_expected
        ):
            lines.append(
                f"Documents: {report.documents_exported} of {report.documents_expected} files"
            )
    for problem in result.problems:
        if not problem.startswith("failed:"):
            lines.append(f"check failed: {problem}")
    return lines or ["(no details were recorded)"]


def _failed_what(item_id: str) -> str:
    if item_id == COUNT_ITEM:
        return "the count"
    return "the list" if item_id in ("*", "?") else f"item {item_id}"
