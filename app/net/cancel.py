"""What `cancel=` accepts everywhere in the network layer, and a token set by either of two."""

from __future__ import annotations

from typing import Protocol


class CancelToken(Protocol):
    """What `cancel=` accepts; `threading.Event` is one."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


class Either:
    """Set when either token is set (a call's cancel token, or its session closing)."""

    def __init__(self, first: CancelToken | None, second: CancelToken) -> None:
        self._first, self._second = first, second

    def is_set(self) -> bool:
        return (self._first is not None and self._first.is_set()) or self._second.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.is_set()
