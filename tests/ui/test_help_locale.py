"""The Help article in the app's language: Canadian French for fr_CA (and for another French,
rather than English), English otherwise; the French article is the whole article (every
section, every point, the same facts and figures)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from app.net.servers import local_server
from tests.ui.test_help_page import Source, open_page
from ui.help.page import HELP_DIR, article_file, load_article

ENGLISH = HELP_DIR / "closing-your-account.md"
FRENCH = HELP_DIR / "closing-your-account.fr_CA.md"


@pytest.fixture
def locale() -> Iterator[Any]:
    previous = QLocale()
    yield lambda name: QLocale.setDefault(QLocale(name))
    QLocale.setDefault(previous)


def test_each_language_gets_its_article_with_english_as_the_fallback() -> None:
    assert article_file(QLocale("fr_CA")) == FRENCH
    assert article_file(QLocale("fr_FR")) == FRENCH  # French rather than English
    assert article_file(QLocale("en_US")) == ENGLISH
    assert article_file(QLocale("de_DE")) == ENGLISH
    assert article_file(QLocale.c()) == ENGLISH


def test_a_language_without_its_article_reads_english(tmp_path: Path) -> None:
    (tmp_path / "closing-your-account.md").write_text("# Closing your account\n", "utf-8")
    assert article_file(QLocale("fr_CA"), tmp_path) == tmp_path / "closing-your-account.md"


def _shape(text: str) -> tuple[int, int, list[str]]:
    """Headings, bullet points and the figures an article states."""
    lines = text.splitlines()
    headings = sum(1 for line in lines if line.startswith("#"))
    bullets = sum(1 for line in lines if line.startswith("- "))
    figures = re.findall(r"\d+", text.replace("\u00a0", "").replace(" 000", "000"))
    return headings, bullets, sorted(figures)


def test_the_french_article_says_everything_the_english_one_does() -> None:
    english, french = ENGLISH.read_text("utf-8"), FRENCH.read_text("utf-8")
    e_headings, e_bullets, e_figures = _shape(english.replace("5,000", "5000"))
    assert _shape(french) == (e_headings, e_bullets, e_figures)
    assert french.startswith("# Fermer votre compte\n")
    for term in ("Abonné principal", "Compte et paiement", "fidéicommis", "90 jours"):
        assert term in french


def test_the_help_page_shows_the_article_in_canadian_french(qtbot: Any, locale: Any) -> None:
    locale("fr_CA")
    assert load_article().startswith("# Fermer votre compte")
    page = open_page(qtbot, Source(local_server("http://127.0.0.1:9"), None))
    text = page.article.toPlainText()
    assert "Fermer votre compte" in text and "Qui peut fermer le compte" in text
    assert "Closing your account" not in text


def test_the_help_page_shows_the_english_article_in_english(qtbot: Any, locale: Any) -> None:
    locale("en_CA")
    page = open_page(qtbot, Source(local_server("http://127.0.0.1:9"), None))
    assert "Closing your account" in page.article.toPlainText()
