"""An in-memory keyring backend so tests never touch the real OS keyring, plus a broken one
to exercise the app's fallback."""

from __future__ import annotations

from typing import Any

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Keeps secrets in a dict for the life of the test."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.secrets[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


class BrokenKeyring(KeyringBackend):
    """Looks usable but fails on every call (a locked or crashing keyring daemon)."""

    priority = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        raise KeyringError("the keyring daemon is not answering")

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        raise KeyringError("the keyring daemon is not answering")

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        raise KeyringError("the keyring daemon is not answering")
