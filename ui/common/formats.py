"""The one place where the app writes money, dates, times, counts and sizes for people, in the
person's locale. Every page and wizard goes through these functions, so the same amount or day
reads the same everywhere: also the person's time zone, the deadlines that end with a UTC day,
the time left before one, the counts of records and files, and the one sentence that states who
keeps access after closing.

- The bare C/POSIX locale (no language set, as on servers, in CI and some terminals) reads as
  US English, not "534.00$" or "7 12 2026".
- Sizes use decimal units everywhere (1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes), as the
  command line and the operating systems' file managers on macOS do: never binary units
  labelled MB. The rules that do not depend on the language (units, rounding, currency
  signs) live in app.formats, which the command line uses too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QTime,
    QTimeZone,
)

from app.closing.retention import time_left
from app.formats import currency_symbol, size_parts

log = logging.getLogger(__name__)

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


def count_formatter(locale: QLocale | None = None) -> Callable[[int], str]:
    """`format_count` for one locale, for a screen that writes many counts many times a second
    (the export's progress): Python's own grouping with the locale's separator and digits when
    that reads exactly as the locale's, so no call crosses into Qt (each one lets the export's
    threads hold the interpreter); the locale's own call otherwise (other digits, groups of
    two)."""
    loc = locale or app_locale()
    separator = loc.groupSeparator()
    probes = (0, 7, 999, 1_000, 65_536, 1_234_567, 9_876_543_210, -4_321)

    def fast(count: int) -> str:
        return f"{int(count):,}".replace(",", separator)

    if separator and all(fast(n) == loc.toString(n) for n in probes):
        return fast
    return lambda count: loc.toString(int(count))


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


# Counts go through Qt's plural forms (%Ln, the translation files' numerus forms): languages
# differ in which counts are singular (French: 0 and 1).


def records_text(count: int) -> str:
    """ "1 record", "2 records" (in French "0 enregistrement")."""
    return _t("%Ln record(s)", "", count)


def files_text(count: int) -> str:
    return _t("%Ln file(s)", "", count)


def document_files_text(count: int) -> str:
    return _t("%Ln document file(s)", "", count)


def format_seconds_left(seconds: float | None) -> str:
    if seconds is None:
        return _t("Working out the time left…")
    if seconds < 60:
        return _t("Less than a minute left")
    minutes = round(seconds / 60)
    if minutes < 90:
        return _t("About %Ln minute(s) left", "", minutes)
    return _t("About %Ln hour(s) left", "", round(seconds / 3600))


def local_zone() -> tzinfo:
    """The person's time zone as an IANA zone (so daylight-saving changes are known); a fixed
    offset only when the system's zone has no IANA name Python knows."""
    zone_id = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="ignore")
    if zone_id:
        try:
            return ZoneInfo(zone_id)
        except (ZoneInfoNotFoundError, ValueError):
            log.info("time zone %r unknown to Python; using a fixed offset", zone_id)
    fixed = datetime.now().astimezone().tzinfo
    return fixed if fixed is not None else UTC


def format_deadline(last_day: date, tz: tzinfo) -> str:
    """A deadline that ends with a UTC day, in the person's local time with the UTC day beside
    it: "Monday, February 22, 2027, 7:00 PM EST (the end of February 22, 2027, UTC)"."""
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    utc_day = format_day(last_day)
    if end.astimezone(tz).utcoffset() == timedelta(0) and end.astimezone(tz).tzname() in (
        "UTC",
        "GMT",
        "Z",
    ):
        return _t("the end of %1 (UTC)").replace("%1", utc_day)
    return (
        _t("%1 (the end of %2, UTC)").replace("%1", format_moment(end, tz)).replace("%2", utc_day)
    )


def format_time_left(until: datetime, now: datetime, tz: tzinfo) -> str:
    left = time_left(until, now, tz)
    days = _t("%Ln day(s)", "", left.days)
    hours = _t("%Ln hour(s)", "", left.hours)
    if left.days == 0 and left.hours == 0:
        return _t("%Ln minute(s)", "", left.minutes)
    return _t("%1 and %2").replace("%1", days).replace("%2", hours)


def access_rule_text() -> str:
    """Who keeps access after closing: the one statement of the rule the server enforces, used
    word for word by the walkthrough, the confirmation, the timeline and this page."""
    return _t(
        "After closing, only the Primary Subscriber, the administrators and the designated user"
        " (if one was chosen) can sign in, read only, to export the data."
    )
