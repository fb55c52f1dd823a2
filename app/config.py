"""Every path the app uses, and the small settings file.

All folders (config, cache, logs, state, the default export folder under the user's Documents)
are resolved here through platformdirs and nowhere else. `use_profile(DIR)` moves all of them
under DIR in one call (tests, and the `--profile DIR` option). Settings are a small JSON file
written atomically: known servers, last region/server, last user, the interface language.
Never tokens (those live in the OS keyring, see app.signin.credentials).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

# The atomic writes live with the JSON-file store; other modules have long found them here.
from app.jsonstore import atomic_write_bytes as atomic_write_bytes
from app.jsonstore import atomic_write_text as atomic_write_text
from app.jsonstore import fsync_dir as fsync_dir
from app.jsonstore import read_object, write_object

log = logging.getLogger(__name__)

APP_NAME = "AccountDesk"
APP_AUTHOR = "AccountDesk"
EXPORT_FOLDER_NAME = "Account Desk exports"
SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 1
# Settings.extra key naming the interface language the person chose ("fr_CA"); absent: the
# system's language.
LANGUAGE_KEY = "language"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    cache_dir: Path
    log_dir: Path
    state_dir: Path
    export_dir: Path  # the default destination offered for exports

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_FILE

    @property
    def log_file(self) -> Path:
        return self.log_dir / "account-desk.log"


def platform_paths() -> Paths:
    """The operating system's usual places for this app."""
    # Imported when needed (not under --profile): it costs start-up time.
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=True)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        state_dir=Path(platformdirs.user_state_dir(APP_NAME, APP_AUTHOR)),
        export_dir=Path(platformdirs.user_documents_dir()) / EXPORT_FOLDER_NAME,
    )


def profile_paths(directory: Path) -> Paths:
    """Everything under one folder (a profile)."""
    directory = directory.expanduser().resolve()
    return Paths(
        config_dir=directory / "config",
        cache_dir=directory / "cache",
        log_dir=directory / "logs",
        state_dir=directory / "state",
        export_dir=directory / "Documents" / EXPORT_FOLDER_NAME,
    )


_lock = threading.Lock()
_current: Paths | None = None


def paths() -> Paths:
    """The folders in use (platform defaults unless `use_profile` moved them)."""
    global _current
    with _lock:
        if _current is None:
            _current = platform_paths()
        return _current


def use_profile(directory: str | os.PathLike[str] | None) -> Paths:
    """Move every folder under `directory` (None: back to the platform defaults)."""
    global _current
    with _lock:
        _current = platform_paths() if directory is None else profile_paths(Path(directory))
        return _current


def ensure_dir(path: Path) -> Path:
    """Create `path` (user-only permissions where the OS has them) and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """What the app remembers between runs. No secrets here, ever."""

    # Custom server origins the person added (presets live in app.net.servers).
    known_servers: tuple[str, ...] = ()
    last_region: str | None = None  # a preset key from app.net.servers, e.g. "us"
    last_server: str | None = None  # origin of the server last signed in to
    last_user: str | None = None  # e-mail (or id) of the user last signed in
    export_dir: str | None = None  # the folder chosen last time, if any
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def with_server(self, origin: str) -> Settings:
        servers = (
            self.known_servers
            if origin in self.known_servers
            else (
                *self.known_servers,
                origin,
            )
        )
        return replace(self, known_servers=servers)


_FORBIDDEN_KEYS = ("token", "secret", "password", "verifier")


def load_settings() -> Settings:
    """The saved settings; defaults when the file is missing or unreadable (logged)."""
    raw = read_object(paths().settings_file, "settings file")
    if raw is None:
        return Settings()

    def text(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) else None

    servers = raw.get("known_servers")
    known = tuple(s for s in servers if isinstance(s, str)) if isinstance(servers, list) else ()
    extra = raw.get("extra")
    return Settings(
        known_servers=known,
        last_region=text("last_region"),
        last_server=text("last_server"),
        last_user=text("last_user"),
        export_dir=text("export_dir"),
        extra=extra if isinstance(extra, dict) else {},
    )


def save_settings(settings: Settings) -> None:
    """Write the settings atomically. Refuses keys that look like secrets in `extra`."""
    for key in _walk_keys(settings.extra):
        if any(word in key.lower() for word in _FORBIDDEN_KEYS):
            raise ValueError(
                f"settings must not hold secrets ({key!r}); use app.signin.credentials"
            )
    document = {
        "version": SETTINGS_VERSION,
        "known_servers": list(settings.known_servers),
        "last_region": settings.last_region,
        "last_server": settings.last_server,
        "last_user": settings.last_user,
        "export_dir": settings.export_dir,
        "extra": settings.extra,
    }
    write_object(paths().settings_file, document)


def _walk_keys(value: Any) -> list[str]:
    keys: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            keys.append(str(key))
            keys.extend(_walk_keys(inner))
    elif isinstance(value, list):
        for inner in value:
            keys.extend(_walk_keys(inner))
    return keys


# --------------------------------------------------------------------------- language


def saved_language() -> str | None:
    """The interface language the person chose ("fr_CA"), or None to follow the system."""
    value = load_settings().extra.get(LANGUAGE_KEY)
    return value if isinstance(value, str) and value else None


def save_language(language: str | None) -> None:
    """Remember the interface language (None: follow the system's)."""
    settings = load_settings()
    extra = {key: value for key, value in settings.extra.items() if key != LANGUAGE_KEY}
    if language:
        extra[LANGUAGE_KEY] = language
    save_settings(replace(settings, extra=extra))
