"""The main window's list of pages and the commands it is given: page keys, one navigation
entry per page (`PageSpec`), their ordered registry, the connection states the status bar
shows, and `ShellActions` (what sign-in, sign-out and the demo clock do, as plain callables).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class PageKey(enum.StrEnum):
    """Keys of the System group's pages (a registry accepts any string key)."""

    ACCOUNT = "account"
    EXPORT = "export"
    AVAILABILITY = "availability"
    HELP = "help"


class ConnectionState(enum.Enum):
    CONNECTING = "connecting"  # first contact after start or sign-in: no "as of" banner yet
    ONLINE = "online"
    OFFLINE = "offline"
    RECONNECTING = "reconnecting"


@dataclass(frozen=True)
class PageSpec:
    """One entry in the Settings navigation. `factory` builds the page on first display."""

    key: str
    group: str
    title: str
    factory: Callable[[], QWidget]


class PageRegistry:
    """Ordered pages; groups appear in the order their first page was registered. Registering
    an existing key replaces that page in place (a real screen replacing a placeholder)."""

    def __init__(self, specs: Iterable[PageSpec] = ()) -> None:
        self._specs: list[PageSpec] = []
        for spec in specs:
            self.register(spec)

    def register(self, spec: PageSpec) -> None:
        for index, existing in enumerate(self._specs):
            if existing.key == spec.key:
                self._specs[index] = spec
                return
        self._specs.append(spec)

    def specs(self) -> list[PageSpec]:
        return list(self._specs)

    def get(self, key: str) -> PageSpec:
        for spec in self._specs:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def groups(self) -> list[tuple[str, list[PageSpec]]]:
        grouped: dict[str, list[PageSpec]] = {}
        for spec in self._specs:
            grouped.setdefault(spec.group, []).append(spec)
        return list(grouped.items())

    def ordered(self) -> list[PageSpec]:
        """Pages in the order the navigation shows them (grouped)."""
        return [spec for _group, specs in self.groups() for spec in specs]


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class ShellActions:
    """What the window's commands do; all called on the GUI thread. They return at once and
    run any network work themselves through ui.common.background."""

    sign_in: Callable[[], None] = _nothing
    # Called only after the person confirmed.
    sign_out: Callable[[], None] = _nothing
    # Demo mode only: move the reference backend's clock on by this many days.
    advance_clock: Callable[[int], None] | None = None
