"""One way to write money, dates, times and sizes (ui.common.formats), used by every page: under the
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

from app import formats as app_formats
from app.cli_output import size_text
from tests.support.backend import RunningBackend
from ui.closing.step_parts import money
from ui.common.formats import (
    count_formatter,
    format_date,
    format_instant,
    format_money,
    format_size,
)


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


SIZES = (0, 1, 2, 999, 1000, 1499, 750_000, 999_949, 999_999, 1_500_000, 2_000_000_000, 3 * 10**12)


@pytest.mark.parametrize("size", SIZES)
def test_the_command_line_and_the_window_write_the_same_size(c_locale: None, size: int) -> None:
    assert format_size(size) == size_text(size) == app_formats.format_size(size)


def test_sizes_use_decimal_units_labelled_kb_mb_gb(c_locale: None) -> None:
    assert format_size(1_500_000) == "1.5 MB"
    assert format_size(750_000) == "750.0 kB"
    assert format_size(999_999) == "1.0 MB"  # rounded up into the next unit, not "1,000.0 kB"
    assert format_size(2_000_000_000) == "2.0 GB"
    assert [format_size(n) for n in (0, 1, 2)] == ["0 bytes", "1 byte", "2 bytes"]


def test_in_french_sizes_have_french_digits_and_units(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from ui.shell import qt_app

    previous = QLocale()
    QLocale.setDefault(QLocale("fr_CA"))
    installed: list[QTranslator] = qt_app.install_translators(qapp, QLocale("fr_CA"))
    try:
        assert format_size(1_500_000) == "1,5 Mo"
        assert [format_size(n) for n in (0, 1, 2)] == ["0 octet", "1 octet", "2 octets"]
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(previous)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("534.00", "USD"), ("1234567.891", "USD"), ("-3.5", "CAD"), ("12.5", "EUR"), ("7", "JPY")],
)
def test_the_command_line_writes_money_as_the_window_does(
    c_locale: None, amount: str, currency: str
) -> None:
    assert app_formats.format_money(Decimal(amount), currency) == format_money(
        Decimal(amount), currency
    )


def test_the_command_line_writes_dates_as_the_window_does(c_locale: None) -> None:
    for day in (date(2026, 12, 7), date(2027, 2, 28), date(2030, 5, 1)):
        assert app_formats.format_date(day) == format_date(day)


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


@pytest.mark.parametrize(
    "name", ["en_US", "fr_CA", "de_CH", "hi_IN", "ar_EG", "fa_IR", "C", "pt_BR", "en_CA"]
)
def test_the_progress_screens_counts_read_as_the_locales_own(name: str) -> None:
    """The export's progress writes its counts without crossing into Qt where Python's grouping
    reads the same; where it does not (groups of two in India, other digits), the locale's own
    call does it. Either way a person sees their locale's number."""
    locale = QLocale(name)
    count = count_formatter(locale)
    for number in (0, 5, 999, 1_000, 12_345, 999_999, 1_000_000, 123_456_789, 20_000_000_000):
        assert count(number) == locale.toString(number), (name, number)
