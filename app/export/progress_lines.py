"""The lines an export child process writes on stdout for the program that drives it (the
desktop app): one JSON object a line, `{"event": "progress", ...}` snapshots, then a last
`{"event": "result", ...}` or `{"event": "error", ...}`. The command line writes them
(`app.cli`, `--progress-json`) and `app.export.child` reads them, both through this module."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.errors import AccountDeskError, AuthenticationRequired
from app.export.control import ExportState, KindPhase, KindProgressView, Progress
from app.export.errors import (
    DestinationUnavailable,
    DiskFull,
    DiskTrouble,
    FolderNotWritable,
    NotAnExportFolder,
    PathBlocked,
    UnsafeDestination,
)
from app.export.journal import Failure
from app.export.manifest import REPORT_NAME, ExportReport, read_report
from app.export.result import ExportResult

log = logging.getLogger(__name__)

PROGRESS = "progress"
RESULT = "result"
ERROR = "error"

#: The errors an export stops with that the window tells apart, by class name.
_ERRORS: Mapping[str, type[AccountDeskError]] = {
    "DiskFull": DiskFull,
    "DestinationUnavailable": DestinationUnavailable,
    "NotAnExportFolder": NotAnExportFolder,
    "DiskTrouble": DiskTrouble,
    "FolderNotWritable": FolderNotWritable,
    "PathBlocked": PathBlocked,
    "UnsafeDestination": UnsafeDestination,
}


def line(event: Mapping[str, Any]) -> str:
    """An event as one line of JSON (no newline)."""
    return json.dumps(event, separators=(",", ":"), default=str)


def read_line(text: str) -> dict[str, Any]:
    """A line back into its event; `ValueError` or `TypeError` when it is not one."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("not an object")
    return data


# --------------------------------------------------------------------------- writing


def progress_event(progress: Progress) -> dict[str, Any]:
    """A progress snapshot as JSON (`progress_from_event` reads it back)."""
    data = dataclasses.asdict(progress)
    data["event"] = PROGRESS
    return data


def result_event(result: ExportResult) -> dict[str, Any]:
    """How a run ended, as JSON: state, verified, problems, failures, report path, changes."""
    report = result.root / REPORT_NAME
    return {
        "event": RESULT,
        "state": result.state.value,
        "root": str(result.root),
        "verified": bool(result.verified),
        "problems": list(result.problems),
        "failures": [dataclasses.asdict(failure) for failure in result.failures],
        "report": str(report) if result.report is not None else None,
        "reused": bool(result.reused),
        "extra": dict(result.extra),
    }


def error_event(error: BaseException) -> dict[str, Any]:
    """A run that stopped with an error: its class name (the reader maps it back) and text."""
    return {
        "event": ERROR,
        "error": type(error).__name__,
        "message": getattr(error, "message", None) or str(error),
        "detail": getattr(error, "detail", ""),
        # The sentence's code and values, for the window's translation of it.
        "code": getattr(error, "code", ""),
        "params": dict(getattr(error, "params", {})),
    }


# --------------------------------------------------------------------------- reading


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def progress_from_event(data: Mapping[str, Any]) -> Progress:
    """A `progress` event (`progress_event`) back into a Progress."""
    left = data.get("seconds_left")
    return Progress(
        state=ExportState(data["state"]),
        records_done=int(data["records_done"]),
        records_total=int(data["records_total"]),
        bytes_done=int(data["bytes_done"]),
        bytes_total=int(data["bytes_total"]),
        documents_done=int(data["documents_done"]),
        documents_total=int(data["documents_total"]),
        kinds=tuple(
            KindProgressView(
                str(kind["key"]),
                str(kind["label"]),
                KindPhase(kind["phase"]),
                int(kind["done"]),
                _opt_int(kind.get("expected")),
            )
            for kind in data["kinds"]
        ),
        records_per_second=float(data["records_per_second"]),
        bytes_per_second=float(data["bytes_per_second"]),
        seconds_left=None if left is None else float(left),
    )


def result_from_event(data: Mapping[str, Any]) -> ExportResult:
    """A `result` event (`result_event`) back into an ExportResult; the report is read from
    the folder."""
    root = Path(str(data["root"]))
    report: ExportReport | None = None
    if data.get("report"):
        try:
            report = read_report(root)
        except ValueError as exc:
            log.warning("the export's report cannot be read: %s", exc)
    extra = data.get("extra")
    return ExportResult(
        state=ExportState(data["state"]),
        root=root,
        verified=bool(data["verified"]),
        problems=tuple(str(problem) for problem in data.get("problems", ())),
        failures=tuple(
            Failure(
                str(failure["kind"]),
                str(failure["item_id"]),
                str(failure["reason"]),
                bool(failure["permanent"]),
            )
            for failure in data.get("failures", ())
        ),
        report=report,
        reused=bool(data.get("reused", False)),
        extra=dict(extra) if isinstance(extra, Mapping) else {},
    )


def error_from_event(data: Mapping[str, Any]) -> AccountDeskError:
    """An `error` event (`error_event`) back into the error, with its sentence's code."""
    name = str(data.get("error", ""))
    message = str(data.get("message") or "") or None
    detail = str(data.get("detail") or "")
    code = str(data.get("code") or "") or None
    raw = data.get("params")
    params = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, Mapping) else {}
    error: AccountDeskError
    if name == "AuthenticationRequired":
        error = AuthenticationRequired(
            message, status=401, error_type="invalid_token", detail=detail
        )
    else:
        kind = _ERRORS.get(name)
        if kind is not None:
            error = kind(message, detail=detail)
        else:
            error = AccountDeskError(message, detail=f"{name}: {detail}")
    if code:  # the sentence keeps its code across the process boundary
        error.code, error.params = code, params
    return error
