"""The one place where the app writes money, dates, times, counts and sizes for people, in the
person's locale. Every page and wizard goes through these functions, so the same amount or day
reads the same everywhere.

- The bare C/POSIX locale (no language set, as on servers, in CI and some terminals) reads as
  US English, not "534.00$" or "7 12 2026".
- Sizes use decimal units everywhere (1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes), as the
  command line and the operating systems' file managers on macOS do: never binary units
  labelled MB. The rules that do not depend on the language (units, rounding, currency
  signs) live in app.formats, which the command line uses too.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, QTime

from app.formats import currency_symbol, size_parts

# The unit names of app.formats.SIZE_UNITS, for translation ("Mo" in French).
_SIZE_UNITS = (
    QT_TRANSLATE_NOOP("Sizes", "kB"),
    QT_TRANSLATE_NOOP("Sizes", "MB"),
    QT_TRANSLATE_NOOP("Sizes", "GB"),
    QT_TRANSLATE_NOOP("Sizes", "TB"),
    QT_TRANSLATE_NOOP("Sizes", "PB"),
)


def _t(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context, and
    # sees the count of a plural (%Ln) only in tr-like calls such as this one.
    return QCoreApplication.translate("", text, disambiguation or None, n)


def app_locale() -> QLocale:
    """The person's locale; the C locale reads as US English."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def format_money(amount: Decimal, currency: str, locale: QLocale | None = None) -> str:
    """An amount with two decimals: the person's own symbol when the currency is theirs."""
    locale = locale or app_locale()
    own = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
    if own == currency:
        symbol = locale.currencySymbol(QLocale.CurrencySymbolFormat.CurrencySymbol)
    else:
        symbol = currency_symbol(currency)
    # Two decimal places always: a float holds 15 significant digits, far beyond any bill.
    return locale.toCurrencyString(float(amount), symbol, 2)


def format_date(day: date, locale: QLocale | None = None) -> str:
    """A date in the long format, without the weekday ("November 18, 2026")."""
    locale = locale or app_locale()
    pattern = locale.dateFormat(QLocale.FormatType.LongFormat)
    pattern = re.sub(r"d{4}[,.]?\s*", "", pattern).strip(" ,")
    return locale.toString(QDate(day.year, day.month, day.day), pattern)


def format_day(day: date, locale: QLocale | None = None) -> str:
    """A calendar day, long form with the weekday ("Monday, February 22, 2027")."""
    return (locale or app_locale()).toString(
        QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat
    )


def format_moment(moment: datetime, tz: tzinfo, locale: QLocale | None = None) -> str:
    """An instant as wall-clock date and time in `tz`, with the zone's abbreviation."""
    local = moment.astimezone(tz)
    loc = locale or app_locale()
    day = loc.toString(QDate(local.year, local.month, local.day), QLocale.FormatType.LongFormat)
    clock = loc.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    zone = local.tzname() or ""
    return f"{day}, {clock} {zone}".strip()


def format_instant(when: datetime, locale: QLocale | None = None) -> str:
    """An aware datetime as this computer's local date and time, short form."""
    moment = QDateTime.fromMSecsSinceEpoch(int(when.timestamp() * 1000)).toLocalTime()
    return (locale or app_locale()).toString(moment, QLocale.FormatType.ShortFormat)


def format_count(count: int, locale: QLocale | None = None) -> str:
    """A whole number with the locale's digit grouping ("5,000")."""
    return (locale or app_locale()).toString(int(count))


def format_size(size: int, locale: QLocale | None = None) -> str:
    """A size in decimal units ("1.5 MB" is 1,500,000 bytes), the units and rounding of
    app.formats (the command line's), with the locale's digits and unit names."""
    number, unit = size_parts(size)
    if unit == "bytes":
        count = int(number)
        # %Ln: the locale's digits and the language's plural ("1 byte", French "0 octet").
        return _t("%Ln byte(s)", "", count)
    loc = locale or app_locale()
    return f"{loc.toString(number, 'f', 1)} {QCoreApplication.translate('Sizes', unit)}"
