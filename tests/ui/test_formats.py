"""One way to write money, dates, times and sizes (ui.formats), used by every page: under the
bare C/POSIX locale it reads as US English on the Account page as in the walkthrough, and
sizes use the command line's decimal units."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from app.cli import _size
from tests.support.backend import RunningBackend
from ui.closing_wizard import money
from ui.formats import format_date, format_instant, format_money, format_size


@pytest.fixture
def c_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(previous)


def test_the_c_locale_reads_as_us_english(c_locale: None) -> None:
    assert format_money(Decimal("534.00"), "USD") == "$534.00"
    assert money(Decimal("534.00"), "USD") == "$534.00"  # the walkthrough writes the same
    assert format_date(date(2026, 12, 7)) == "December 7, 2026"
    shown = format_instant(datetime(2026, 12, 7, 15, 30, tzinfo=UTC))
    assert "7 12 2026" not in shown and re.match(r"\d{1,2}/\d{1,2}/\d\d ", shown)


def test_sizes_use_decimal_units_like_the_command_line(c_locale: None) -> None:
    for size in (1_500_000, 2_000_000_000, 750_000):
        assert format_size(size) == _size(size).replace("KB", "kB")
    assert format_size(1_500_000) == "1.5 MB"


def test_the_account_page_writes_money_and_dates_the_same_way_under_c(
    qtbot: Any, c_locale: None, demo_backend: RunningBackend
) -> None:
    from tests.ui.test_account_page import open_page, signed_in, value, wait_loaded

    source = signed_in(demo_backend, "primary_subscriber")
    try:
        page = open_page(qtbot, source)
        wait_loaded(qtbot, page)
        assert "$89.00 per user per month" in value(page, "priceValue")
        assert value(page, "nextChargeValue").startswith("$534.00 on ")
        assert "534.00$" not in page.closing.text()
        as_of = page.as_of_label.text()
        assert as_of.startswith("As of ") and "/" in as_of
    finally:
        source.http.close()
