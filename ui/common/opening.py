"""Opening a folder or file of this computer with its own apps, and saying so when nothing
opens: Qt only reports whether a handler could be started, so when none could be, the person
gets the location to open by hand instead of a button that silently does nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices


def _t(text: str) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context.
    return QCoreApplication.translate("", text)


def open_local(path: Path) -> str:
    """Open `path` with the system's default app; "" when that started, else a sentence
    saying nothing opened and where the folder or file is (selectable, to copy)."""
    if not path.exists():
        return _t(
            "%1 is not there any more (moved, deleted, or on a drive that is not connected)."
        ).replace("%1", str(path))
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return ""
    return _t(
        "Nothing on this computer could open it. Open it by hand from this location: %1"
    ).replace("%1", str(path))
