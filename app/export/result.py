"""How an export run ended, as the wizard and the command line get it (and as an export child
process hands it over, `app.export.progress_lines`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.export.control import ExportState
from app.export.journal import Failure
from app.export.manifest import ExportReport


@dataclass(frozen=True)
class ExportResult:
    state: ExportState
    root: Path
    verified: bool
    problems: tuple[str, ...] = ()
    failures: tuple[Failure, ...] = ()
    report: ExportReport | None = None
    reused: bool = False  # nothing was fetched: the export was already complete
    extra: Mapping[str, Any] = field(default_factory=dict)
