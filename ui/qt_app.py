"""Creates the one QApplication: names (which decide where Qt keeps its own settings), the
high-DPI policy, translations for the user's language, and shutdown of background jobs."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app import __version__ as APP_VERSION  # noqa: N812 - a constant

log = logging.getLogger(__name__)

APP_NAME = "Account Desk"
ORGANIZATION_NAME = "Account Desk"
ORGANIZATION_DOMAIN = "accountdesk.example"
DESKTOP_FILE_NAME = "account-desk"

# resources/translations/account_desk_<locale>.qm, produced by pyside6-lrelease.
TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "resources" / "translations"


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, directory: Path = TRANSLATIONS_DIR
) -> list[QTranslator]:
    """Load Qt's own strings and the app's for `locale` (default: the system's). Missing files
    are normal (English is the source language). Returns the installed translators."""
    locale = locale or QLocale.system()
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase", qt_dir), ("account_desk", str(directory))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    log.debug("translations for %s: %d loaded", locale.name(), len(installed))
    return installed


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication for the desktop app (or the existing one, e.g. under pytest-qt)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Before the application exists: fractional scaling (150 %) renders at its real size
    # instead of being rounded to 100 % or 200 %.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION_NAME)
    QCoreApplication.setOrganizationDomain(ORGANIZATION_DOMAIN)
    QCoreApplication.setApplicationVersion(APP_VERSION)
    app = QApplication(list(argv) if argv is not None else [APP_NAME])
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    install_translators(app)
    # Jobs get their cancel token set and a moment to stop before the interpreter tears down.
    app.aboutToQuit.connect(_shutdown_background_jobs)
    return app


def _shutdown_background_jobs() -> None:
    # Imported here so that showing the first window does not wait for the worker pool.
    from ui import background

    background.shutdown(timeout=5.0)
