"""Reading untrusted JSON field by field: `_Reader` checks types, ranges and formats as it
goes and raises `InvalidResponse` naming the full path of the offending field. The typed values
of app.account.models (and app.closing.alternatives) are parsed with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from app.errors import BadResponse

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# Bounds that no real answer comes near; they keep a hostile answer from making us allocate or
# display absurd values.
MAX_ID = 2**53 - 1  # largest integer a JSON number holds exactly
MAX_TEXT = 1_000
MAX_LONG_TEXT = 10_000
MAX_LIST = 1_000
MAX_SEATS = 100_000
MAX_COUNT = 10_000_000
MIN_YEAR = 1990
MAX_YEAR = 2200

_MONEY = re.compile(r"-?[0-9]{1,13}\.[0-9]{2}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# ISO-8601 with an explicit offset; fractions of a second allowed (up to microseconds).
_INSTANT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_CURRENCY = re.compile(r"[A-Z]{3}")
# What may go into a `tel:` link: digits, a leading plus, and the usual separators.
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{2,30}")


class InvalidResponse(BadResponse):
    """The server answered with something the app cannot use. `field` says where; the person
    sees BadResponse's plain sentence, the log gets the field and the problem."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(detail=f"unexpected answer from the server: {field} {problem}")
        self.field = field
        self.problem = problem


# --- a reader that checks as it goes -----------------------------------------------------


class _Reader:
    """Reads fields out of one JSON object, naming the full path in every error."""

    def __init__(self, obj: object, path: str) -> None:
        if not isinstance(obj, Mapping):
            raise InvalidResponse(path or "answer", f"should be an object, got {_kind(obj)}")
        self._obj: Mapping[str, Any] = obj
        self._path = path

    def name(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def _raw(self, key: str, *, nullable: bool) -> Any:
        if key not in self._obj:
            raise InvalidResponse(self.name(key), "is missing")
        value = self._obj[key]
        if value is None and not nullable:
            raise InvalidResponse(self.name(key), "is null")
        return value

    def has(self, key: str) -> bool:
        return key in self._obj and self._obj[key] is not None

    def sub(self, key: str) -> _Reader:
        """A nested object, read with its own reader."""
        return _Reader(self._raw(key, nullable=False), self.name(key))

    def parse(self, key: str, parser: Callable[[object, str], T]) -> T:
        """A nested object parsed by another value's `from_json(obj, path)`."""
        return parser(self._raw(key, nullable=False), self.name(key))

    def opt_parse(self, key: str, parser: Callable[[object, str], T]) -> T | None:
        value = self._raw(key, nullable=True)
        return None if value is None else parser(value, self.name(key))

    def raw(self, key: str) -> object:
        return self._raw(key, nullable=True)

    def flag(self, key: str) -> bool:
        value = self._raw(key, nullable=False)
        if not isinstance(value, bool):
            raise InvalidResponse(self.name(key), f"should be true or false, got {_kind(value)}")
        return value

    def integer(self, key: str, low: int = 0, high: int = MAX_ID) -> int:
        value = self._raw(key, nullable=False)
        # bool is an int in Python; JSON true is not a number.
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidResponse(self.name(key), f"should be a whole number, got {_kind(value)}")
        if not low <= value <= high:
            raise InvalidResponse(self.name(key), f"is out of range ({low}..{high})")
        return value

    def text(self, key: str, max_len: int = MAX_TEXT, *, allow_empty: bool = False) -> str:
        return _check_str(self._raw(key, nullable=False), self.name(key), max_len, allow_empty)

    def opt_text(self, key: str, max_len: int = MAX_TEXT) -> str | None:
        if key not in self._obj or self._obj[key] is None:
            return None
        return self.text(key, max_len)

    def money(self, key: str, *, allow_negative: bool = False) -> Decimal:
        return _check_money(self._raw(key, nullable=False), self.name(key), allow_negative)

    def currency(self, key: str) -> str:
        value = self.text(key, 3)
        if not _CURRENCY.fullmatch(value):
            raise InvalidResponse(self.name(key), "is not a currency code")
        return value

    def day(self, key: str) -> date:
        return _check_date(self._raw(key, nullable=False), self.name(key))

    def opt_day(self, key: str) -> date | None:
        value = self._raw(key, nullable=True)
        return None if value is None else _check_date(value, self.name(key))

    def instant(self, key: str) -> datetime:
        return _check_instant(self._raw(key, nullable=False), self.name(key))

    def opt_instant(self, key: str) -> datetime | None:
        value = self._raw(key, nullable=True)
        return None if value is None else _check_instant(value, self.name(key))

    def items(self, key: str) -> list[Any]:
        value = self._raw(key, nullable=False)
        if not isinstance(value, list):
            raise InvalidResponse(self.name(key), f"should be a list, got {_kind(value)}")
        if len(value) > MAX_LIST:
            raise InvalidResponse(self.name(key), f"has more than {MAX_LIST} entries")
        return value

    def enum(self, key: str, kind: type[E]) -> E:
        value = self.text(key, 100)
        try:
            return kind(value)
        except ValueError:
            raise InvalidResponse(self.name(key), f"has an unknown value {value!r}") from None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "text", list: "a list"}.get(
        type(value), "an object" if isinstance(value, Mapping) else type(value).__name__
    )


def _check_str(value: object, where: str, max_len: int, allow_empty: bool) -> str:
    if not isinstance(value, str):
        raise InvalidResponse(where, f"should be text, got {_kind(value)}")
    if len(value) > max_len:
        raise InvalidResponse(where, f"is longer than {max_len} characters")
    if not allow_empty and not value.strip():
        raise InvalidResponse(where, "is empty")
    return value


def _check_money(value: object, where: str, allow_negative: bool) -> Decimal:
    # Money must be a string: a JSON number would already have passed through a binary float.
    if not isinstance(value, str):
        raise InvalidResponse(
            where, f'should be an amount as text like "12.50", got {_kind(value)}'
        )
    if len(value) > 20 or not _MONEY.fullmatch(value):
        raise InvalidResponse(where, f"is not an amount with two decimal places: {value[:20]!r}")
    amount = Decimal(value)
    if amount < 0 and not allow_negative:
        raise InvalidResponse(where, "is negative")
    return amount


def _check_date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise InvalidResponse(where, f"should be a date as text, got {_kind(value)}")
    if not _DATE.fullmatch(value):
        raise InvalidResponse(where, f"is not a date like 2026-11-18: {value[:30]!r}")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise InvalidResponse(where, f"is not a real date: {value!r}") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InvalidResponse(where, f"is outside {MIN_YEAR}..{MAX_YEAR}")
    return parsed


def _check_instant(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidResponse(where, f"should be a date and time as text, got {_kind(value)}")
    if not _INSTANT.fullmatch(value):
        raise InvalidResponse(
            where, f"is not a date and time like 2026-11-24T15:00:00Z: {value[:40]!r}"
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidResponse(where, f"is not a real date and time: {value!r}") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise InvalidResponse(where, f"is outside {MIN_YEAR}..{MAX_YEAR}")
    return parsed.astimezone(UTC)


def _check_url(value: str, where: str) -> str:
    parts = urlsplit(value)
    # Only web pages: the UI opens this in the browser, so no file:, javascript: or the like.
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidResponse(where, "is not a web address")
    return value


def instant_field(obj: object, key: str) -> datetime:
    """One instant field of a small answer (for example demo/clock's `server_time`)."""
    return _Reader(obj, "").instant(key)
