"""Counts read right: "1 day" but "2 days" in English, and in Canadian French "0 jour" and
"1 jour" but "2 jours" (French counts 0 and 1 as singular). The plural forms come from the
translation files (Qt's %n plurals), English included, as the app loads them at start."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ui.common.formats import format_time_left
from ui.shell import qt_app
from ui.shell.main_window import describe_age

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


@pytest.fixture
def french(qapp: Any) -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale("fr_CA"))
    installed: list[QTranslator] = qt_app.install_translators(qapp, QLocale("fr_CA"))
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(previous)


def _left(days: int, hours: int) -> str:
    return format_time_left(NOW + timedelta(days=days, hours=hours), NOW, UTC)


def test_english_counts_say_one_day_and_two_days(qapp: Any) -> None:
    assert _left(1, 1) == "1 day and 1 hour"
    assert _left(2, 3) == "2 days and 3 hours"
    assert _left(0, 0) == "0 minutes"
    assert format_time_left(NOW + timedelta(minutes=1), NOW, UTC) == "1 minute"
    assert describe_age(NOW - timedelta(minutes=1), NOW) == "1 minute old"
    assert describe_age(NOW - timedelta(hours=5), NOW) == "5 hours old"
    assert describe_age(NOW - timedelta(days=3), NOW) == "3 days old"


def test_french_counts_zero_and_one_as_singular(french: None) -> None:
    assert _left(1, 1) == "1 jour et 1 heure"
    assert _left(2, 0) == "2 jours et 0 heure"
    assert _left(0, 2) == "0 jour et 2 heures"
    assert format_time_left(NOW + timedelta(minutes=1), NOW, UTC) == "1 minute"
    assert describe_age(NOW - timedelta(hours=1), NOW) == "il y a 1 heure"
    assert describe_age(NOW - timedelta(days=3), NOW) == "il y a 3 jours"


@pytest.mark.parametrize("language", ["en", "fr_CA"])
def test_every_plural_has_its_singular_and_plural_form(language: str) -> None:
    path = ROOT / "resources" / "i18n" / f"account_desk_{language}.ts"
    root = ElementTree.parse(path).getroot()  # noqa: S314 - the project's own file
    plurals = [m for m in root.iter("message") if m.get("numerus") == "yes"]
    assert len(plurals) >= 20
    for message in plurals:
        source = message.findtext("source") or ""
        forms = [f.text or "" for f in message.iter("numerusform")]
        assert len(forms) == 2 and forms[0] != forms[1], source
        assert all("%Ln" in form for form in forms), source


def test_the_export_counts_use_the_plural_forms_of_each_language(qapp: Any) -> None:
    from ui.common.formats import files_text, format_seconds_left, records_text

    # English: only 1 is singular.
    assert [records_text(n) for n in (0, 1, 2)] == ["0 records", "1 record", "2 records"]
    assert files_text(0) == "0 files"
    assert format_seconds_left(60) == "About 1 minute left"
    assert format_seconds_left(3 * 3600) == "About 3 hours left"


def test_in_french_the_export_counts_zero_and_one_as_singular(french: None) -> None:
    from ui.common.formats import document_files_text, files_text, format_seconds_left, records_text

    assert [records_text(n) for n in (0, 1, 2)] == [
        "0 enregistrement",
        "1 enregistrement",
        "2 enregistrements",
    ]
    assert [files_text(n) for n in (0, 1, 2)] == ["0 fichier", "1 fichier", "2 fichiers"]
    assert document_files_text(0) == "0 fichier de document"
    assert document_files_text(2) == "2 fichiers de documents"
    assert format_seconds_left(60) == "Environ 1 minute restante"
    assert format_seconds_left(2 * 3600) == "Environ 2 heures restantes"


def test_the_export_pages_verified_again_count_reads_right(qapp: Any) -> None:
    def verified(n: int) -> str:
        return QCoreApplication.translate(
            "ExportPage", "Verified again: all %Ln file(s) match the manifest.", None, n
        )

    assert verified(1) == "Verified again: the 1 file matches the manifest."
    assert verified(0) == "Verified again: all 0 files match the manifest."


def test_no_count_is_made_plural_by_hand() -> None:
    # A hand-made "1 x" / "%1 xs" choice gets French 0 wrong: counts go through %Ln.
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ui").rglob("*.py"))
    assert "def plural(" not in sources
    assert not re.search(r"\bif \w+ == 1\b.*\n?.*\belse _t\(", sources)
