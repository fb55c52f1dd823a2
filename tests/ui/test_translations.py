"""Translations: the app in Canadian French shows French on the main window and the Account
page, with dates and money in the French way; every string the interface shows goes through
Qt's translation functions, is in the French file and is translated there; the compiled files
the app loads match the translators' files; the language comes from --language or the
settings."""

from __future__ import annotations

import ast
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QGroupBox, QLabel

from app import config
from tests.support import screens
from tests.support.backend import RunningBackend
from tests.support.screens import MARGARET
from ui.shell import qt_app
from ui.shell.launcher import parse_options
from ui.shell.main_window import PageKey

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
FRENCH_TS = I18N / "account_desk_fr_CA.ts"
BIN = Path(ROOT / ".venv" / "bin")
# The same lupdate aliases as the Makefile's translations-update.
ALIASES = "tr+=_t,tr+=_tr,tr+=_translate,tr+=t"


@pytest.fixture
def french(qapp: Any) -> Iterator[QLocale]:
    previous = QLocale()
    locale = QLocale("fr_CA")
    QLocale.setDefault(locale)
    installed: list[QTranslator] = qt_app.install_translators(qapp, locale)
    yield locale
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(previous)


@pytest.mark.slow
def test_in_canadian_french_the_window_and_the_account_page_speak_french(
    qtbot: Any, french: QLocale, demo_backend: RunningBackend
) -> None:
    with screens.sessions_on(demo_backend.url) as sessions:
        window = screens.main_window(sessions.signed_in(MARGARET))
        qtbot.addWidget(window)
        window.resize(1100, 800)
        window.show()
        assert window.windowTitle() == "Account Desk (démonstration)"
        titles = [
            window.navigation.topLevelItem(i).text(0)
            for i in range(window.navigation.topLevelItemCount())
        ]
        assert titles == [
            "Système",
            "Compte et paiement",
            "Exportation des données",
            "Disponibilité des données",
            "Aide",
        ]
        assert [a.text() for a in window.menuBar().actions()] == [
            "&Compte",
            "&Aller à",
            "&Démonstration",
            "&Langue",
            "Aid&e",
        ]
        assert window.user_label.text() == "Connecté en tant que Margaret Harbor"

        page = screens.show_page(window, PageKey.ACCOUNT)
        assert page.close_button.text() == "Fermer le compte"
        shown = "\n".join(label.text() for label in page.findChildren(QLabel))
        assert page.findChild(QGroupBox, "subscriptionSection").title() == "Abonnement"
        assert "Abonné principal" in shown
        # Dates in French ("18 novembre 2026") and money with a decimal comma ("534,00").
        assert re.search(r"\d{1,2} (novembre|décembre) 20\d\d", shown), shown
        assert re.search(r"\d+,\d\d\s?\$", shown), shown
        # Nothing of the English interface is left on the page.
        for english in ("Close Account", "Primary Subscriber", "Subscription", "Trust accounts"):
            assert english not in shown
        window.close()


def _lupdate(tmp_path: Path, *extra: str) -> Path:
    target = tmp_path / "current.ts"
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    command = [str(BIN / "pyside6-lupdate"), "-tr-function-alias", ALIASES, *extra, *files]
    subprocess.run(
        [*command, "-ts", str(target)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target


def _messages(ts: Path) -> dict[tuple[str, str], ElementTree.Element]:
    root = ElementTree.parse(ts).getroot()  # noqa: S314 - the project's own file
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_string_the_interface_shows_is_translated_into_french(tmp_path: Path) -> None:
    current = _messages(_lupdate(tmp_path))
    french = _messages(FRENCH_TS)
    missing = [key for key in current if key not in french]
    assert not missing, f"run `make translations-update` and translate: {missing[:10]}"
    unfinished = [
        key
        for key in current
        if french[key].find("translation") is not None
        and french[key].find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert not unfinished, f"not translated yet: {unfinished[:10]}"


def test_the_compiled_files_match_the_translators_files(tmp_path: Path) -> None:
    for ts in sorted(I18N.glob("*.ts")):
        built = tmp_path / (ts.stem + ".qm")
        subprocess.run(
            [str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(built)],
            check=True,
            timeout=120,
        )
        committed = ts.with_suffix(".qm")
        assert committed.exists(), f"run `make translations-build` for {ts.name}"
        assert committed.read_bytes() == built.read_bytes(), (
            f"{committed.name} is older than {ts.name}: run `make translations-build`"
        )


# Calls whose first argument a person reads (or hears, for accessible names).
SHOWN = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setWhatsThis",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "setSubTitle",
    "setButtonText",
    "showMessage",
    "setInformativeText",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "addMenu",
}


def _bare_strings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in SHOWN:
            continue
        first = node.args[0]
        if isinstance(first, ast.JoinedStr):
            # An f-string may only join texts that were translated (no words of its own).
            words = "".join(part.value for part in first.values if isinstance(part, ast.Constant))
            if re.search(r"[A-Za-z]{2,}", words):
                found.append(f"{path.name}:{node.lineno} {name}(f-string with words)")
        elif isinstance(first, ast.Constant) and isinstance(first.value, str):
            text = first.value
            # A URL scheme as a placeholder ("https://") or a symbol are not words.
            if re.search(r"[A-Za-z]{2,}", text) and not re.fullmatch(r"[a-z]+://", text):
                found.append(f"{path.name}:{node.lineno} {name}({text!r})")
    return found


def test_no_text_is_shown_without_going_through_translation() -> None:
    found = [hit for path in sorted((ROOT / "ui").rglob("*.py")) for hit in _bare_strings(path)]
    assert found == []


def test_the_language_comes_from_the_option_then_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert parse_options(["--language", "fr_CA"]).language == "fr_CA"
    assert parse_options([]).language is None
    assert qt_app.chosen_locale("fr_CA").name() == "fr_CA"
    assert qt_app.chosen_locale("fr-CA").name() == "fr_CA"
    config.save_settings(config.Settings(extra={"language": "fr_CA"}))
    assert qt_app.chosen_locale(None).name() == "fr_CA"
    assert qt_app.chosen_locale("en_US").name() == "en_US"  # the option wins
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    config.save_settings(config.Settings())
    assert qt_app.chosen_locale(None).name() == "de_DE"
    assert qt_app.chosen_locale("zz").name() == "de_DE"
