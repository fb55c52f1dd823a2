"""The rules for writing sizes, money and dates that do not depend on the person's language,
shared by the command line and the window (ui/common/formats.py builds on them with the locale's
digits, separators and words).

- Sizes in decimal units: 1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes (as the operating
  systems' file managers on macOS and the command line count), one decimal, and the unit
  chosen so the number stays below 1,000 once rounded: "999.9 kB", then "1.0 MB".
- Money with two decimals; the currency's sign before the amount ("$534.00", "CA$12.50"),
  a negative amount (a credit) in parentheses as the window writes it in US English
  ("($3.00)"); the symbols that tell currencies apart are listed once here.
- Dates in the long US English form without the weekday ("December 7, 2026").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Decimal units above bytes, each 1,000 times the one before.
SIZE_UNITS = ("kB", "MB", "GB", "TB", "PB")
# Signs for currencies ("CA$" tells Canadian dollars apart); others are written by their code.
CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£"}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def size_parts(size: int) -> tuple[float, str]:
    """(number, unit) for `size` bytes: unit "bytes" (a whole number) below 1,000 bytes,
    else the decimal unit that keeps the number, rounded to one decimal, below 1,000."""
    size = max(0, int(size))
    if size < 1000:
        return float(size), "bytes"
    value = float(size)
    for unit in SIZE_UNITS:
        value /= 1000
        if round(value, 1) < 1000 or unit == SIZE_UNITS[-1]:
            return value, unit
    raise AssertionError("unreachable")  # pragma: no cover - the loop always returns


def format_size(size: int) -> str:
    """A size for the command line: "512 bytes", "1 byte", "1.5 MB"."""
    number, unit = size_parts(size)
    if unit == "bytes":
        count = int(number)
        return f"{count} byte" if count == 1 else f"{count} bytes"
    return f"{number:,.1f} {unit}"


def currency_symbol(currency: str) -> str:
    """The sign written before an amount in `currency` ("USD" -> "$"; unknown: "XYZ ")."""
    return CURRENCY_SYMBOLS.get(currency, currency + " ")


def format_money(amount: Decimal, currency: str) -> str:
    """An amount with two decimals and grouped thousands, its sign first: "$1,534.00",
    "(CA$3.50)" for a negative amount."""
    cents = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{currency_symbol(currency)}{abs(cents):,.2f}"
    return f"({text})" if cents < 0 else text


def format_date(day: date) -> str:
    """A date, long form, no weekday: "December 7, 2026"."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
