"""Where the main window was and how large, kept in the settings between runs."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QWidget

from app import config

log = logging.getLogger(__name__)

GEOMETRY_KEY = "window_geometry"


def restore(window: QWidget) -> None:
    """Put `window` where and as large as it was when last closed (Qt keeps it on a screen
    that is still there)."""
    saved = config.load_settings().extra.get(GEOMETRY_KEY)
    if isinstance(saved, str):
        window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))


def save(window: QWidget) -> None:
    settings = config.load_settings()
    extra = dict(settings.extra)
    extra[GEOMETRY_KEY] = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    try:
        config.save_settings(replace(settings, extra=extra))
    except OSError as exc:  # a read-only profile: the window opens at its default next time
        log.warning("window position not saved: %s", exc.strerror)
