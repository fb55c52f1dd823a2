"""How the desktop app was asked to start (read from the command line by ui.shell.launcher,
used by ui.shell.application)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LaunchOptions:
    """How the desktop app was asked to start."""

    profile: Path | None = None
    demo: bool = False
    demo_reset: bool = False
    demo_role: str = "primary_subscriber"
    demo_style: str = "default"  # "clio": the demo service plays the real one
    server: str | None = None
    self_check: bool = False
    exit_when_shown: bool = False
    language: str | None = None  # e.g. "fr_CA"; None: the saved setting or the system's
