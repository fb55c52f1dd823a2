"""`loads_exact` reads every value as the standard library does (integers of any width stay
integers, equal in value and type), whatever the text's layout, while long digit runs inside
strings (hex ETags) do not send it down the slow path."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.net import jsontext
from app.net.jsontext import loads_exact

_WIDE_INTS = st.integers(min_value=-(2**90), max_value=2**90) | st.sampled_from(
    [2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**19, 10**25]
)
_SCALARS = (
    st.none()
    | st.booleans()
    | _WIDE_INTS
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet="0123456789abcdef:,[ -", max_size=40)
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=20,
)


def _typed(value: Any) -> Any:
    """The value with each scalar's type beside it (1 and 1.0 and True differ)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, value)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([None, 1, "\t"]), st.booleans())
def test_values_read_exactly_as_the_standard_library_reads_them(
    value: Any, indent: int | str | None, compact: bool
) -> None:
    separators = (",", ":") if compact and indent is None else None
    text = json.dumps(value, indent=indent, separators=separators).encode()
    assert _typed(loads_exact(text)) == _typed(json.loads(text))


def test_a_wide_integer_is_kept_wherever_it_stands() -> None:
    for text in (
        b"123456789012345678901234",
        b"[1, 123456789012345678901234]",
        b'{"a":-123456789012345678901234}',
        b'{"a": {"b": [\n\t18446744073709551616]}}',
    ):
        assert _typed(loads_exact(text)) == _typed(json.loads(text)), text


def test_digit_runs_inside_strings_take_the_fast_path() -> None:
    etags = b'[{"id": 80, "etag": "\\"046179898576341693592224f0312834\\""}]'
    assert not jsontext._may_hold_wide_integer(etags)
    assert jsontext._may_hold_wide_integer(b'{"id": 12345678901234567890}')
    # A number's fraction is never an integer; a run after ":" inside a string may look like
    # one, which costs only the slow check.
    assert not jsontext._may_hold_wide_integer(b'{"x": 0.12345678901234567890123}')
    assert loads_exact(b'{"t": "at:12345678901234567890123"}') == {
        "t": "at:12345678901234567890123"
    }
