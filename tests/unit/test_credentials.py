"""Tokens live in the keyring only; without a working keyring, in memory with a notice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null

from app import config
from app.signin.credentials import SERVICE, CredentialStore, TokenSet, entry_name
from tests.support.keyring_memory import BrokenKeyring, MemoryKeyring

ORIGIN = "https://app.clio.com"
TOKENS = TokenSet("access-123456789", "refresh-987654321", datetime(2030, 1, 1, tzinfo=UTC))


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def everything_written() -> str:
    root = config.paths().config_dir.parent
    return "".join(p.read_text(errors="replace") for p in files_under(root))


def test_tokens_are_one_json_secret_per_origin_and_user(
    isolated_user_state: MemoryKeyring,
) -> None:
    store = CredentialStore()
    assert store.persistent and store.notice is None
    store.save(ORIGIN, "a@firm.example", TOKENS)

    secret = isolated_user_state.secrets[(SERVICE, entry_name(ORIGIN, "a@firm.example"))]
    assert json.loads(secret) == {
        "access_token": "access-123456789",
        "refresh_token": "refresh-987654321",
        "expires_at": "2030-01-01T00:00:00+00:00",
    }
    # A new run reads it back from the keyring.
    assert CredentialStore().load(ORIGIN, "a@firm.example") == TOKENS
    assert CredentialStore().load("https://eu.app.clio.com", "a@firm.example") is None


def test_delete_forgets_and_tolerates_missing_entries(isolated_user_state: MemoryKeyring) -> None:
    store = CredentialStore()
    store.save(ORIGIN, "u", TOKENS)
    store.delete(ORIGIN, "u")
    store.delete(ORIGIN, "u")
    assert isolated_user_state.secrets == {}
    assert CredentialStore().load(ORIGIN, "u") is None
    assert store.persistent


def test_fail_and_null_backends_are_detected_up_front() -> None:
    for backend in (keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()):
        store = CredentialStore(backend)
        assert not store.persistent
        assert "only until you quit" in (store.notice or "")
        store.save(ORIGIN, "u", TOKENS)
        assert store.load(ORIGIN, "u") == TOKENS  # still signed in for this run


def test_the_default_fail_keyring_is_detected() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    assert not CredentialStore().persistent


def test_a_keyring_that_breaks_keeps_tokens_in_memory_never_in_a_file() -> None:
    broken = BrokenKeyring()
    store = CredentialStore(broken)
    assert store.persistent  # looked fine until used

    store.save(ORIGIN, "u", TOKENS)

    assert not store.persistent
    assert store.notice
    assert store.load(ORIGIN, "u") == TOKENS
    calls = broken.calls
    store.save(ORIGIN, "u", TOKENS)
    assert broken.calls == calls  # no more attempts once given up
    assert "access-123456789" not in everything_written()
    assert "refresh-987654321" not in everything_written()


def test_errors_on_get_and_delete_are_caught_too() -> None:
    store = CredentialStore(BrokenKeyring())
    assert store.load(ORIGIN, "u") is None
    assert not store.persistent
    store = CredentialStore(BrokenKeyring())
    store.delete(ORIGIN, "u")
    assert not store.persistent


def test_token_repr_hides_the_tokens() -> None:
    assert "access-123456789" not in repr(TOKENS)
    assert "refresh-987654321" not in repr(TOKENS)


def test_expiry_from_the_token_answer() -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    tokens = TokenSet.from_oauth(
        {"access_token": "a", "refresh_token": "r", "expires_in": 3600}, now=now
    )
    assert tokens.expires_at == now + timedelta(hours=1)
    assert not tokens.expired(now)
    assert tokens.expired(now + timedelta(minutes=59, seconds=45))
    assert TokenSet.from_secret("not json") is None
    assert TokenSet.from_secret('{"access_token": 5}') is None
