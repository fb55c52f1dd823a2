"""Calendar-month arithmetic shared by the billing and retention rules.

A day of the month that does not exist in a shorter month (29-31) is clamped to that month's
last day, as the contract says for billing days and for "six months after 31 August".
"""

from __future__ import annotations

import calendar
from datetime import date


def last_day_of_month(year: int, month: int) -> int:
    """The number of the month's last day (28..31)."""
    return calendar.monthrange(year, month)[1]


def clamped(year: int, month: int, day: int) -> date:
    """The date with that day number in that month, or the month's last day if it is shorter."""
    return date(year, month, min(day, last_day_of_month(year, month)))


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by a whole number of months, forwards or backwards."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_months(day: date, months: int) -> date:
    """The same day number `months` calendar months later (or earlier), clamped to month end."""
    year, month = shift_month(day.year, day.month, months)
    return clamped(year, month, day.day)
