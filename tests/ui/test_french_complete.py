"""The app in Canadian French is French everywhere: every message of the French file is
translated (none unfinished, none empty), and walking the main window's pages and the two
wizards in fr_CA, no text asked of the translations goes unanswered and no visible label,
button or title reads as an English sentence."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTreeWidget,
    QWidget,
    QWizard,
)

from app.export.kinds import ALL_KINDS
from server.accounts import SUPPORT
from tests.support import screens
from tests.support.backend import RunningBackend
from tests.support.screens import MARGARET, Sessions
from ui.common.formats import format_seconds_left
from ui.common.kind_names import kind_name
from ui.shell import qt_app

ROOT = Path(__file__).resolve().parents[2]
FRENCH_TS = ROOT / "resources" / "i18n" / "account_desk_fr_CA.ts"

# Words of an English sentence that French never uses as words of its own.
ENGLISH_WORDS = re.compile(
    r"\b(the|and|your|you|this|that|with|will|what|which|when|have|has|from|not|"
    r"can|cannot|are|is|of|to|for|left|until|after|before|about|records?|files?)\b",
    re.IGNORECASE,
)


def test_every_french_message_is_translated_and_not_empty() -> None:
    root = ElementTree.parse(FRENCH_TS).getroot()  # noqa: S314 - the project's own file
    problems = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "vanished"):
                problems.append(f"{name}: {source!r} is not translated")
                continue
            if message.get("numerus") == "yes":
                forms = [form.text or "" for form in translation.iter("numerusform")]
                if len(forms) != 2 or not all(form.strip() for form in forms):
                    problems.append(f"{name}: {source!r} lacks a plural form")
            elif not (translation.text or "").strip() and source.strip():
                problems.append(f"{name}: {source!r} has an empty translation")
    assert problems == []


# Qt's own lookups that Qt answers itself when nothing is found.
QT_OWN = {("QGuiApplication", "QT_LAYOUT_DIRECTION"), ("QIODevice", "No such file or directory")}


def _same_in_french() -> set[str]:
    """Texts whose French is the English ("CSV", "&Pause"): PySide asks again under the base
    class's context for those, which is no miss."""
    root = ElementTree.parse(FRENCH_TS).getroot()  # noqa: S314 - the project's own file
    return {
        message.findtext("source") or ""
        for message in root.iter("message")
        if message.findtext("translation") == message.findtext("source")
    }


class MissRecorder(QTranslator):
    """Installed before the app's translators, so Qt asks it only for what they left
    unanswered; records those texts."""

    def __init__(self, parent: Any) -> None:
        super().__init__(parent)
        self.missed: set[tuple[str, str]] = set()
        self._same = _same_in_french()

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if (
            re.search(r"[A-Za-z]{2,}", source or "")
            and source not in self._same
            and (context, source) not in QT_OWN
        ):
            self.missed.add((context, source))
        return ""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


@pytest.fixture
def french(qapp: Any) -> Iterator[MissRecorder]:
    previous = QLocale()
    locale = QLocale("fr_CA")
    QLocale.setDefault(locale)
    recorder = MissRecorder(qapp)
    QCoreApplication.installTranslator(recorder)
    installed: list[QTranslator] = qt_app.install_translators(qapp, locale)
    yield recorder
    for translator in [*installed, recorder]:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(previous)


@pytest.fixture
def sessions(demo_backend: RunningBackend) -> Iterator[Sessions]:
    with screens.sessions_on(demo_backend.url) as made:
        yield made


def visible_texts(root: QWidget) -> list[str]:
    """What a person reads on `root`: labels, buttons, group titles, table and tree cells."""
    texts: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    texts.append(item.text() if item is not None else "")
        elif isinstance(widget, QTreeWidget):
            for index in range(widget.topLevelItemCount()):
                item = widget.topLevelItem(index)
                texts.extend(item.text(c) for c in range(widget.columnCount()))
    return [t for t in texts if t.strip()]


# Texts the service hands over as they are (its support hours): the service's words, not the app's.
SERVICE_TEXTS = (SUPPORT["hours"],)


def english(texts: list[str], data: tuple[str, ...] = ()) -> list[str]:
    """The texts that read as English, leaving out `data` (the service's words, a folder)."""
    plain = [html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("&", "") for text in texts]
    for service_text in (*SERVICE_TEXTS, *data):
        plain = [text.replace(service_text, "") for text in plain]
    return sorted({text for text in plain if len(ENGLISH_WORDS.findall(text)) >= 1})


@pytest.mark.slow
def test_an_attorneys_pages_in_french_show_no_english(
    qtbot: Any, french: MissRecorder, sessions: Sessions
) -> None:
    window = screens.main_window(sessions.signed_in(screens.ELEANOR))
    qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    seen = {}
    for key in screens.page_keys():
        screens.show_page(window, key)
        seen[str(key)] = english(visible_texts(window))
    window.close()
    assert {page: found for page, found in seen.items() if found} == {}
    assert sorted(french.missed) == []


@pytest.mark.slow
def test_the_main_pages_and_wizards_in_french_show_no_english(
    qtbot: Any, french: MissRecorder, sessions: Sessions, tmp_path: Path
) -> None:
    window = screens.main_window(sessions.signed_in(MARGARET))
    qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    seen: dict[str, list[str]] = {}
    for key in screens.page_keys():
        screens.show_page(window, key)
        seen[str(key)] = english(visible_texts(window))
    window.close()

    from ui.closing.wizard import PageId

    closing = screens.closing_wizard(sessions.signed_in(MARGARET))
    qtbot.addWidget(closing)
    closing.show()
    screens.settle(lambda: screens.closing_loaded(closing))
    for page_id in (PageId.MEANING, PageId.CHECKLIST, PageId.ACCESS, PageId.REASON):
        closing.setCurrentId(int(page_id))
        screens.settle()
        seen[f"closing {page_id.name}"] = english(visible_texts(closing))
    closing.close()

    export = screens.export_wizard(sessions.signed_in(MARGARET), tmp_path / "export")
    qtbot.addWidget(export)
    export.show()
    screens.settle()
    seen["export destination"] = english(visible_texts(export))
    export.button(QWizard.WizardButton.NextButton).click()
    screens.settle(lambda: export.include_page.isComplete() or export.plan_error is not None)
    seen["export include"] = english(visible_texts(export))
    export.close()

    assert {page: found for page, found in seen.items() if found} == {}
    assert sorted(french.missed) == []


def test_the_kinds_of_records_and_the_time_left_are_in_french(french: MissRecorder) -> None:
    names = {kind.key: kind_name(kind.key) for kind in ALL_KINDS}
    assert names["matters"] == "Dossiers"
    assert names["activities"] == "Entrées de temps et de dépenses"
    assert all(name != key for key, name in names.items())
    assert format_seconds_left(20) == "Moins d'une minute restante"
    assert format_seconds_left(None) == "Calcul du temps restant…"
    assert sorted(french.missed) == []


@pytest.mark.slow
def test_an_export_run_to_its_end_in_french_shows_no_english(
    qtbot: Any,
    french: MissRecorder,
    sessions: Sessions,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtGui import QDesktopServices

    from ui.export.wizard import PageId

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    wizard = screens.export_wizard(sessions.signed_in(MARGARET), tmp_path / "export")
    folder = (str(tmp_path / "export"),)
    qtbot.addWidget(wizard)
    wizard.show()
    screens.settle()
    wizard.button(QWizard.WizardButton.NextButton).click()
    screens.settle(lambda: wizard.include_page.isComplete() or wizard.plan_error is not None)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    seen = {"progress": english(visible_texts(wizard), folder)}
    with qtbot.waitSignal(wizard.run_finished, timeout=120_000):
        pass
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.VERIFICATION, timeout=60_000)
    seen["verification"] = english(visible_texts(wizard), folder)
    wizard.button(QWizard.WizardButton.NextButton).click()
    screens.settle()
    assert wizard.currentId() == PageId.DONE
    seen["done"] = english(visible_texts(wizard), folder)
    wizard.close()
    assert {page: found for page, found in seen.items() if found} == {}
    assert sorted(french.missed) == []
