"""The app's log: a rotating file in the log folder, with secrets redacted, and crash hooks.

`setup_logging()` installs the rotating file handler (and a redacting filter on every handler
it adds). `redact()` removes bearer tokens and the values of `code`, `access_token`,
`refresh_token`, `client_secret`, `code_verifier` (and similar) from any text, and every
value passed to `register_secret()`. `install_excepthooks()` makes uncaught exceptions, on any
thread, get logged and then handed to the registered crash handler (the UI shows a dialog).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app import config

log = logging.getLogger(__name__)

REDACTED = "[redacted]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5

_SECRET_NAMES = (
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "code_verifier",
    "password",
    "token",
)
# name=value (query strings, forms), "name": "value" (JSON), name: value (headers, reprs)
_NAMED = re.compile(
    r"(?P<key>\b(?:" + "|".join(_SECRET_NAMES) + r")\b)"
    r"(?P<sep>\"?'?\s*[=:]\s*\"?'?)"
    r"(?P<value>[^\s\"'&,;}\])]+)",
    re.IGNORECASE,
)
# `code` only as a query/form value or a JSON string: "status code: 404" is not a secret.
_CODE = re.compile(r"(\bcode=|\"code\"\s*:\s*\")([^&\s\"]+)", re.IGNORECASE)
_BEARER = re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*", re.IGNORECASE)
_AUTH_HEADER = re.compile(
    r"(Authorization\"?'?\s*[:=]\s*\"?'?)(?!Bearer|Basic)[^\s\"',}]+", re.IGNORECASE
)

_secrets_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Redact this exact value wherever it appears from now on (live tokens)."""
    if value and len(value) >= 8:  # short strings would redact ordinary words
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """`text` with every secret replaced by [redacted]."""
    with _secrets_lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _AUTH_HEADER.sub(lambda m: m.group(1) + REDACTED, text)
    text = _CODE.sub(lambda m: m.group(1) + REDACTED, text)
    return _NAMED.sub(
        lambda m: (
            m.group("key") + m.group("sep") + REDACTED
            if m.group("value") != REDACTED
            else m.group(0)
        ),
        text,
    )


class RedactingFilter(logging.Filter):
    """Redacts the formatted message, the exception text and the stack of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_file_handler: logging.Handler | None = None


def setup_logging(level: int = logging.INFO, log_dir: Path | None = None) -> Path:
    """Log to a rotating file in the log folder (and keep stderr quiet). Returns the file.
    Calling it again (e.g. after `--profile`) moves the log."""
    global _file_handler
    folder = config.ensure_dir(log_dir or config.paths().log_dir)
    path = folder / config.paths().log_file.name
    root = logging.getLogger()
    if _file_handler is not None:
        root.removeHandler(_file_handler)
        _file_handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    root.setLevel(min(level, root.level) if root.level else level)
    handler.setLevel(level)
    # urllib3 logs full URLs (queries may hold codes or signatures) at DEBUG.
    logging.getLogger("urllib3").setLevel(max(level, logging.INFO))
    _file_handler = handler
    return path


def current_log_file() -> Path | None:
    handler = _file_handler
    if isinstance(handler, logging.handlers.RotatingFileHandler):
        return Path(handler.baseFilename)
    return None


def shutdown_logging() -> None:
    """Remove and close the file handler (tests; app exit)."""
    global _file_handler
    if _file_handler is not None:
        logging.getLogger().removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None


# --------------------------------------------------------------------------- crashes


@dataclass(frozen=True)
class CrashReport:
    """What the person sees (and can copy) after an unexpected error. Already redacted."""

    summary: str  # one line: the exception type and message
    details: str  # the traceback
    thread_name: str | None
    log_file: Path | None


CrashHandler = Callable[[CrashReport], None]
_crash_handler: CrashHandler | None = None


def set_crash_handler(handler: CrashHandler | None) -> None:
    """Who is told about crashes after they are logged (the UI's dialog)."""
    global _crash_handler
    _crash_handler = handler


def report_crash(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    thread_name: str | None = None,
) -> CrashReport:
    """Log the crash, build the report, hand it to the crash handler; returns the report."""
    details = redact("".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    summary = redact(f"{exc_type.__name__}: {exc}".strip().rstrip(":"))
    log.critical(
        "unexpected error%s:\n%s", f" in thread {thread_name}" if thread_name else "", details
    )
    report = CrashReport(summary, details, thread_name, current_log_file())
    handler = _crash_handler
    if handler is not None:
        try:
            handler(report)
        except Exception:
            log.exception("the crash handler itself failed")
    return report


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report_crash(exc_type, exc, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    exc = args.exc_value if args.exc_value is not None else args.exc_type()
    report_crash(args.exc_type, exc, args.exc_traceback, args.thread.name if args.thread else None)


def install_excepthooks(handler: CrashHandler | None = None) -> None:
    """Route uncaught exceptions (main thread and other threads) through `report_crash`."""
    if handler is not None:
        set_crash_handler(handler)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def uninstall_excepthooks() -> None:
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    set_crash_handler(None)
