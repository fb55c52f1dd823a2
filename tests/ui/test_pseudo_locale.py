"""A longer language does not cut text off. Every string is replaced by a pseudo-translation
40 % longer (accented letters and padding, placeholders and mnemonics kept), the main pages and
the dialogs are built at a normal window size against the demo firm, and every visible label,
button and check box must show its whole text: one-line text as wide as it needs, wrapped text
as tall as it needs."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from tests.support import screens
from tests.support.backend import RunningBackend
from tests.support.screens import MARGARET, Sessions

WIDTH, HEIGHT = 1100, 800
# Pixels of rounding a layout may lose without a letter being cut.
TOLERANCE = 2
_ACCENTS = str.maketrans(
    "AaCcEeIiNnOoUuYySs",
    "ÀáÇçÉéÎîÑñÖöÛûÝýŠš",
)
# Placeholders (%1, %L1, %n, %Ln), a mnemonic (&x, && is a literal &), or a line break.
_KEEP = re.compile(r"%L?\d|%L?n|&&|&.|\n")


def pseudo(text: str) -> str:
    """`text` 40 % longer, letters accented, placeholders, mnemonics and line breaks intact."""
    if not text.strip():
        return text
    parts = []
    position = 0
    for match in _KEEP.finditer(text):
        parts.append(text[position : match.start()].translate(_ACCENTS))
        kept = match.group()
        parts.append(kept[0] + kept[1:].translate(_ACCENTS) if kept.startswith("&") else kept)
        position = match.end()
    parts.append(text[position:].translate(_ACCENTS))
    padding = "~" * math.ceil(len(text) * 0.4)
    return "".join(parts) + padding


class PseudoTranslator(QTranslator):
    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return pseudo(source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


@pytest.fixture
def pseudo_locale(qapp: Any) -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    translator = PseudoTranslator(qapp)
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(previous)


@pytest.fixture
def sessions(demo_backend: RunningBackend) -> Iterator[Sessions]:
    with screens.sessions_on(demo_backend.url) as made:
        yield made


def _scrolls(widget: QWidget, root: QWidget) -> bool:
    """Inside a scroll area, text that does not fit is reached by scrolling, not lost."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons under `root` whose text does not fit their size."""
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisible():
            continue
        if not widget.text().strip() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + TOLERANCE and not _scrolls(widget, root):
                problems.append(
                    f"{type(widget).__name__} {widget.objectName()!r} {widget.text()[:50]!r}:"
                    f" needs {needed} px of height, has {widget.height()}"
                )
            continue
        needed = widget.minimumSizeHint().width()
        if isinstance(widget, QLabel):
            text = widget.text()
            if widget.buddy() is not None:  # the & of a mnemonic is not drawn
                text = re.sub(r"&(.)", r"\1", text)
            lines = text.split("\n")
            margins = widget.width() - widget.contentsRect().width()
            needed = max(widget.fontMetrics().horizontalAdvance(line) for line in lines) + margins
        if needed > widget.width() + TOLERANCE:
            problems.append(
                f"{type(widget).__name__} {widget.objectName()!r} {widget.text()[:50]!r}:"
                f" needs {needed} px of width, has {widget.width()}"
            )
    return problems


def test_the_pseudo_translation_is_longer_and_keeps_what_qt_needs() -> None:
    text = pseudo("&Close %1 of %n files && more")
    assert text.startswith("&Ç") and "%1" in text and "%n" in text and "&&" in text
    assert len(text) >= 1.4 * len("&Close %1 of %n files && more")


@pytest.mark.slow
@pytest.mark.parametrize("user", [MARGARET, screens.ELEANOR], ids=["primary", "attorney"])
def test_no_text_is_cut_off_on_the_main_window_pages(
    qtbot: Any, pseudo_locale: None, sessions: Sessions, user: int
) -> None:
    window = screens.main_window(sessions.signed_in(user))
    qtbot.addWidget(window)
    window.resize(WIDTH, HEIGHT)
    window.show()
    problems: dict[str, list[str]] = {}
    for key in screens.page_keys():
        screens.show_page(window, key)
        found = clipped(window)
        if found:
            problems[str(key)] = found
    assert not problems, problems
    window.close()


def test_no_text_is_cut_off_in_the_sign_in_dialog(qtbot: Any, pseudo_locale: None) -> None:
    dialog = screens.signin_dialog()
    qtbot.addWidget(dialog)
    dialog.show()  # at the size it asks for
    qtbot.waitExposed(dialog)
    assert clipped(dialog) == []


@pytest.mark.slow
def test_no_text_is_cut_off_on_the_closing_walkthrough_pages(
    qtbot: Any, pseudo_locale: None, sessions: Sessions
) -> None:
    from ui.closing.wizard import PageId

    wizard = screens.closing_wizard(sessions.signed_in(MARGARET))
    qtbot.addWidget(wizard)
    wizard.show()
    screens.settle(lambda: screens.closing_loaded(wizard))
    problems: dict[str, list[str]] = {}
    for page_id in (PageId.MEANING, PageId.CHECKLIST, PageId.ACCESS, PageId.REASON):
        wizard.setCurrentId(int(page_id))
        screens.settle()
        found = clipped(wizard)
        if found:
            problems[page_id.name] = found
    assert not problems, problems
    wizard.close()


@pytest.mark.slow
def test_no_text_is_cut_off_on_the_export_wizard_first_pages(
    qtbot: Any, pseudo_locale: None, sessions: Sessions, tmp_path: Any
) -> None:
    from PySide6.QtWidgets import QWizard

    wizard = screens.export_wizard(sessions.signed_in(MARGARET), tmp_path / "export")
    qtbot.addWidget(wizard)
    wizard.show()
    screens.settle()
    problems = {"destination": clipped(wizard)}
    wizard.button(QWizard.WizardButton.NextButton).click()
    screens.settle(lambda: wizard.include_page.isComplete() or wizard.plan_error is not None)
    problems["include"] = clipped(wizard)
    assert {k: v for k, v in problems.items() if v} == {}
    wizard.close()
