"""Creates the one QApplication: names (which decide where Qt keeps its own settings), the
high-DPI policy, translations for the user's language, and shutdown of background jobs."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from app import __version__ as APP_VERSION  # noqa: N812 - a constant
from app.resource_files import missing_resources, resource_path, resource_root

log = logging.getLogger(__name__)

APP_NAME = "Account Desk"
ORGANIZATION_NAME = "Account Desk"
ORGANIZATION_DOMAIN = "accountdesk.example"
DESKTOP_FILE_NAME = "account-desk"

# resources/i18n/account_desk_<locale>.qm, compiled by `make translations-build` (committed).
TRANSLATIONS_DIR = resource_path("i18n")
APP_ICON = resource_path("icons", "account-desk.png")
# Settings key (app.config.Settings.extra) naming the interface language, e.g. "fr_CA".
LANGUAGE_SETTING = "language"
# The languages the app is translated into, by their own names (the Language menu); None
# follows the system's language.
LANGUAGES: tuple[tuple[str, str], ...] = (("en_US", "English"), ("fr_CA", "Français (Canada)"))

# The translators the app installed for its language (replaced on a language change).
_installed: list[QTranslator] = []


def chosen_locale(language: str | None = None) -> QLocale:
    """The interface language: `language` (the --language option), else the `language`
    setting, else the system's (US English for the bare C locale). A name Qt does not know
    falls back to the system's."""
    if not language:
        from app import config

        language = config.saved_language()
    if language:
        locale = QLocale(language.replace("-", "_"))
        if locale.language() != QLocale.Language.C:
            return locale
        log.warning("unknown language %r; using the system's", language)
    system = QLocale.system()
    if system.language() == QLocale.Language.C:
        # The bare C/POSIX locale reads as US English (as ui.common.formats does), so counts in
        # translated sentences ("%Ln records") are grouped like every other number.
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return system


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, directory: Path = TRANSLATIONS_DIR
) -> list[QTranslator]:
    """Load Qt's own strings and the app's for `locale` (default: the system's). English is
    the source language; its file only holds plural forms ("1 day", "2 days") and is loaded
    first, so any other language's file takes precedence. Missing files are normal.
    Returns the installed translators."""
    locale = locale or QLocale.system()
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    for name, folder, language in (
        ("account_desk", str(directory), english),
        ("qtbase", qt_dir, locale),
        ("account_desk", str(directory), locale),
    ):
        if language is locale and locale.language() == QLocale.Language.English:
            continue  # the English file is already in
        translator = QTranslator(app)
        if translator.load(language, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    log.debug("translations for %s: %d loaded", locale.name(), len(installed))
    return installed


def check_resources() -> str:
    """For the self-check: every essential file under resources/ is installed and the French
    translation loads. Returns where they are; raises when any is missing."""
    missing = missing_resources()
    if missing:
        where = resource_root()
        raise RuntimeError(f"missing from this install: {', '.join(missing)} (in {where})")
    french = QTranslator()
    if not french.load(QLocale("fr_CA"), "account_desk", "_", str(TRANSLATIONS_DIR)):
        raise RuntimeError(f"the French translation in {TRANSLATIONS_DIR} does not load")
    return str(resource_root())


def apply_language(language: str | None = None) -> QLocale:
    """Switch the interface to `language` (see chosen_locale: None reads the settings, then
    the system's): the app's translators are replaced, and dates, numbers and money follow.
    Qt tells every widget (QEvent.LanguageChange). Returns the locale now in use."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no application yet")
    remove_translators()
    locale = chosen_locale(language)
    # Dates, numbers and money follow the interface language too.
    QLocale.setDefault(locale)
    _installed.extend(install_translators(app, locale))
    return locale


def remove_translators() -> None:
    """Uninstall the translators apply_language installed."""
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())


def create_application(
    argv: Sequence[str] | None = None, language: str | None = None
) -> QApplication:
    """The QApplication for the desktop app (or the existing one, e.g. under pytest-qt), in
    `language` (see chosen_locale)."""
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
    if APP_ICON.is_file():
        QGuiApplication.setWindowIcon(QIcon(str(APP_ICON)))
    apply_language(language)
    # Jobs get their cancel token set and a moment to stop before the interpreter tears down.
    app.aboutToQuit.connect(_shutdown_background_jobs)
    return app


def _shutdown_background_jobs() -> None:
    # Imported here so that showing the first window does not wait for the worker pool.
    from ui.common import background

    background.shutdown(timeout=5.0)
