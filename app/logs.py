"""The app's log: a rotating file in the log folder, with secrets redacted, and crash hooks.

`setup_logging()` installs the rotating file handler (and a redacting filter on every handler
it adds); with `defer_file=True` it only checks the file can be written and keeps records in
memory until `open_log_file()` (the desktop app opens the file once its window is shown, so
start-up does not wait for it). `redact()` removes bearer tokens and the values of `code`,
`access_token`, `refresh_token`, `client_secret`, `code_verifier` (and similar) from any text,
and every value passed to `register_secret()`. `install_excepthooks()` makes uncaught
exceptions, on any thread, get logged and then handed to the registered crash handler (the UI
shows a dialog).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app import config
from app.printable import printable

if TYPE_CHECKING:
    import logging.handlers

log = logging.getLogger(__name__)

REDACTED = "[redacted]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
# Records kept in memory at most while the log file is not open yet (then the oldest go).
EARLY_RECORDS = 10_000

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
    """Redacts the formatted message, the exception text and the stack of every record, and
    escapes their control characters (`printable`): a server's text cannot forge a log line
    or drive the terminal that shows the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = printable(redact(message))
        record.args = None
        if record.exc_info:  # also when another handler's formatter set a raw one already
            record.exc_text = _traceback_text(record.exc_info)
        if record.exc_text:
            record.exc_text = printable(redact(record.exc_text), keep_newlines=True)
        if record.stack_info:
            record.stack_info = printable(redact(record.stack_info), keep_newlines=True)
        return True


def _traceback_text(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None]
    | tuple[None, None, None],
) -> str:
    """A traceback whose lines are its own: the frames keep theirs, while an exception's
    message (often the server's words) has its line breaks escaped like any control."""
    pieces = []
    for piece in traceback.format_exception(*exc_info):
        if piece.startswith("  File "):
            pieces.append(piece)
            continue
        text = piece.strip("\n")
        start = piece.index(text) if text else 0
        pieces.append(piece[:start] + printable(text) + piece[start + len(text) :])
    return "".join(pieces).rstrip()


class _EarlyRecords(logging.Handler):
    """Holds records (already redacted) until the log file is open, then hands them, and any
    record still arriving here, to the file handler."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []
        self.target: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.target is not None:
            self.target.handle(record)
            return
        if len(self.records) >= EARLY_RECORDS:
            del self.records[0]
        self.records.append(record)


_file_handler: logging.handlers.RotatingFileHandler | None = None
_early: _EarlyRecords | None = None
_pending_file: Path | None = None  # where the deferred file will be opened
_pending_level = logging.INFO


def setup_logging(
    level: int = logging.INFO, log_dir: Path | None = None, *, defer_file: bool = False
) -> Path:
    """Log to a rotating file in the log folder (and keep stderr quiet). Returns the file.
    Calling it again (e.g. after `--profile`) moves the log. With `defer_file`, the folder is
    created and the file checked now (OSError if it cannot be written), but records are kept
    in memory until `open_log_file()`."""
    global _early, _pending_file, _pending_level
    folder = config.ensure_dir(log_dir or config.paths().log_dir)
    path = folder / config.paths().log_file.name
    root = logging.getLogger()
    _close_file_handler()
    root.setLevel(min(level, root.level) if root.level else level)
    # urllib3 logs full URLs (queries may hold codes or signatures) at DEBUG.
    logging.getLogger("urllib3").setLevel(max(level, logging.INFO))
    _pending_file, _pending_level = path, level
    if not defer_file:
        open_log_file()
        return path
    # The same failure now that opening the file would raise later.
    os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666))  # as open() does
    if _early is None:
        _early = _EarlyRecords(level)
        _early.addFilter(RedactingFilter())
        root.addHandler(_early)
    _early.setLevel(level)
    return path


def open_log_file() -> Path | None:
    """Open the log file `setup_logging(defer_file=True)` chose and write the records kept so
    far into it. Does nothing when no file is waiting. Returns the file."""
    global _file_handler, _early, _pending_file
    path = _pending_file
    if path is None:
        return current_log_file()
    # Imported here: logging.handlers pulls in socket, pickle and queue.
    import logging.handlers

    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    handler.setLevel(_pending_level)
    root = logging.getLogger()
    early, _early = _early, None
    if early is None:
        root.addHandler(handler)
    else:
        # Under the buffer's lock, so no record overtakes the buffered ones; a record that
        # reaches the buffer after it left the root still goes to the file, once.
        early.acquire()
        try:
            for record in early.records:
                handler.handle(record)
            early.records.clear()
            early.target = handler
            root.addHandler(handler)
            root.removeHandler(early)
        finally:
            early.release()
    _file_handler, _pending_file = handler, None
    return path


def current_log_file() -> Path | None:
    """The log file (also while records still wait in memory for it), if any."""
    if _pending_file is not None:
        return _pending_file
    handler = _file_handler
    return Path(handler.baseFilename) if handler is not None else None


def _close_file_handler() -> None:
    global _file_handler
    if _file_handler is not None:
        logging.getLogger().removeHandler(_file_handler)
        _file_handler.close()
        _file_handler = None


def shutdown_logging() -> None:
    """Write out any records still waiting for the file, then remove and close the file
    handler (tests; app exit)."""
    open_log_file()
    _close_file_handler()


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
