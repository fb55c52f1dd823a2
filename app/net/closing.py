"""Objects that hold a connection or threads open until closed, usable in a `with` block that
closes them at its end."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closable:
    """Closed at the end of a `with` block; subclasses say what closing lets go of."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
