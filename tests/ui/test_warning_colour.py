"""Warning text and the "Close account permanently" button stay readable in a light and in a
dark palette: their red has a WCAG contrast of at least 4.5 against the window and button
backgrounds in both (the dark palette is the one the README screenshots use)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from ui.common.widgets import MIN_TEXT_CONTRAST, contrast_ratio, use_warning_colour, warning_colour

ROOT = Path(__file__).resolve().parents[2]


def _dark_palette() -> QPalette:
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("screenshots", module)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    palette = module.dark_palette()
    assert isinstance(palette, QPalette)
    return palette


def _light_palette() -> QPalette:
    style = QApplication.style()
    assert style is not None
    return style.standardPalette()


PALETTES = {"light": _light_palette, "dark": _dark_palette}


@pytest.fixture
def app_palette(qapp: Any) -> Iterator[Any]:
    previous = QApplication.palette()
    yield lambda palette: QApplication.setPalette(palette)
    QApplication.setPalette(previous)


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_the_warning_red_reads_on_the_window_and_on_buttons(qapp: Any, name: str) -> None:
    palette = PALETTES[name]()
    red = warning_colour(palette)
    assert red.red() > 2 * max(red.green(), red.blue()) * 0.6  # still a red
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Button):
        assert contrast_ratio(red, palette.color(role)) >= MIN_TEXT_CONTRAST, (name, role)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_styled_widgets_use_the_red_of_their_palette_and_follow_a_change(
    qtbot: Any, app_palette: Any, name: str
) -> None:
    palette = PALETTES[name]()
    app_palette(palette)
    label = QLabel("The address is not valid")
    button = QPushButton("Close account permanently")
    qtbot.addWidget(label)
    qtbot.addWidget(button)
    use_warning_colour(label)
    use_warning_colour(button, "QPushButton:enabled { color: {colour}; font-weight: bold; }")
    red = warning_colour(palette).name()
    assert label.styleSheet() == f"color: {red};"
    assert f"color: {red};" in button.styleSheet()
    # What is drawn: the label's text colour against the window behind it.
    label.show()
    qtbot.waitExposed(label)
    shown = label.grab().toImage()
    text_colours = {
        shown.pixelColor(x, y).name() for x in range(shown.width()) for y in range(shown.height())
    }
    assert red in text_colours or any(
        contrast_ratio(QColor(c), palette.color(QPalette.ColorRole.Window)) >= MIN_TEXT_CONTRAST
        for c in text_colours
    )
    # A theme switch while the window is open: the red follows the new palette.
    other = PALETTES["light" if name == "dark" else "dark"]()
    app_palette(other)
    qtbot.waitUntil(lambda: label.styleSheet() == f"color: {warning_colour(other).name()};")
