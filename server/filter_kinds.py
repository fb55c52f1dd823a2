"""The building blocks of the data API's list filters: parsing a parameter's value in its
published form, and the kinds of filter (equal, one of, compare, in a list, text search...) that
each turn a parameter into one SQL condition over the stored JSON of a record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

#: One SQL condition on a record row (columns id, updated_at, body) and its bound arguments.
Clause = tuple[str, tuple[Any, ...]]


class FilterError(ValueError):
    """A published parameter with a value outside its published form."""


# --------------------------------------------------------------------------------------------
# value parsing


def parse_int(name: str, text: str) -> int:
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 19:
        raise FilterError(f"{name} must be a whole number")
    return int(text)


def parse_bool(name: str, text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise FilterError(f"{name} must be true or false")
    return text.lower() == "true"


def instant(name: str, text: str) -> str:
    """An ISO-8601 timestamp as the stored form (UTC, whole seconds, Z)."""
    try:
        moment = datetime.fromisoformat(text.replace(" ", "+"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        raise FilterError(f"{name} must be an ISO-8601 timestamp") from None


def parse_date(name: str, text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise FilterError(f"{name} must be an ISO-8601 date") from None


# --------------------------------------------------------------------------------------------
# filter kinds: each takes the parameter's name and its values (last one for a plain parameter)

Handler = Callable[[str, Sequence[str]], Clause | None]


def json_value(path: str) -> str:
    # the path is always one of the fixed literals below, never taken from a request
    return f"json_extract(body, '{path}')"


def eq_int(path: str, null_ok: bool = True) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        text = values[-1]
        if text == "null" and null_ok:
            return f"{json_value(path)} IS NULL", ()
        return f"{json_value(path)} = ?", (parse_int(name, text),)

    return handle


def eq_text(path: str) -> Handler:
    return lambda name, values: (f"{json_value(path)} = ?", (values[-1],))


def flag(path: str) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        wanted = parse_bool(name, values[-1])
        return f"IFNULL({json_value(path)}, 0) = ?", (int(wanted),)

    return handle


def enum(published: dict[str, Clause]) -> Handler:
    """A published value -> its condition."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        if values[-1] not in published:
            raise FilterError(f"{name} must be one of {', '.join(published)}")
        return published[values[-1]]

    return handle


def one_of(path: str, published: dict[str, str]) -> Handler:
    """A published value -> the stored value it matches."""
    return enum({key: (f"{json_value(path)} = ?", (stored,)) for key, stored in published.items()})


def many_of(path: str, published: dict[str, str]) -> Handler:
    """`statuses[]=a&statuses[]=b`: any of the values."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        unknown = [v for v in values if v not in published]
        if unknown:
            raise FilterError(f"{name} must be among {', '.join(published)}")
        marks = ",".join("?" * len(values))
        return f"{json_value(path)} IN ({marks})", tuple(published[v] for v in values)

    return handle


def compare(path: str, operator: str, parse: Callable[[str, str], str]) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        value = parse(name, values[-1])
        # a date compared with a stored timestamp: compare the timestamp's date part
        stored = f"substr({json_value(path)}, 1, {len(value)})"
        return f"{stored} {operator} ?", (value,)

    return handle


def date_operators(path: str) -> Handler:
    """`open_date[]=>=2020-01-01&open_date[]=<2021-01-01`: all conditions hold."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        parts: list[str] = []
        args: list[Any] = []
        for text in values:
            for operator in (">=", "<=", ">", "<", "="):
                if text.startswith(operator):
                    parts.append(f"{json_value(path)} {operator} ?")
                    args.append(parse_date(name, text[len(operator) :]))
                    break
            else:
                raise FilterError(f"{name} must be an operator (>, >=, =, <=, <) and a date")
        return " AND ".join(parts), tuple(args)

    return handle


def ids(negate: bool = False) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        numbers = tuple(parse_int(name, text) for text in values)
        marks = ",".join("?" * len(numbers))
        return f"id {'NOT ' if negate else ''}IN ({marks})", numbers

    return handle


def in_list(path: str, item_path: str = "$.id") -> Handler:
    """An id among the objects of a nested list (a bill's matters)."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        return (
            # the paths are the fixed literals of server.published_filters; the id is bound
            f"EXISTS (SELECT 1 FROM json_each(body, '{path}')"  # noqa: S608
            f" WHERE json_extract(value, '{item_path}') = ?)",
            (parse_int(name, values[-1]),),
        )

    return handle


def text_search(*paths: str) -> Handler:
    """A wildcard search: the words appear in one of these fields (case-insensitive)."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        fields = " OR ".join(f"IFNULL({json_value(p)}, '') LIKE ? ESCAPE '\\'" for p in paths)
        pattern = "%" + values[-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"({fields})", tuple([pattern + "%"] * len(paths))

    return handle


def raw(sql: str, parse: Callable[[str, str], Any] | None = None) -> Handler:
    """A fixed condition, with the value parsed into its one argument when `parse` is set."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        return sql, ((parse(name, values[-1]),) if parse else ())

    return handle


def when_true(sql: str, otherwise: str = "") -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause | None:
        chosen = sql if parse_bool(name, values[-1]) else otherwise
        return (chosen, ()) if chosen else None

    return handle


def no_effect(name: str, values: Sequence[str]) -> None:
    return None


NOTHING = "0"  # a condition no record meets
