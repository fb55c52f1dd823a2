"""The command line: `account-desk export ...` and `account-desk verify DIR` (no Qt).

    account-desk export --server URL --out DIR [--kinds k1,k2] [--no-documents]
                        [--no-reports] [--workers N] [--firm-name NAME] [--profile DIR]
                        [--progress-json] [--control-stdin]
    account-desk verify DIR

`export` signs in with the profile's saved sign-in for that server (the OS keyring, as the
desktop app left it) or with an access token in the environment variable ACCOUNT_DESK_TOKEN.
A token is never taken as a command-line argument: argv shows up in process lists and shell
history. On a terminal it shows a live progress display (rich); otherwise plain lines, so logs
of scheduled runs stay readable. Ctrl+C cancels cleanly: the folder resumes on the next run.

Exit status: 0 complete and verified, 1 incomplete (cancelled, failed items, disk full, server
unreachable: the folder resumes), 2 usage error, 3 authentication error.
`verify` checks an export folder offline: 0 verified, 1 not, 2 usage error.

For a program that drives the export (the desktop app runs it as a child process so its window
never waits for the export's threads): `--progress-json` writes one JSON object a line to
stdout, `{"event": "progress", ...}` snapshots and a last `{"event": "result", ...}` or
`{"event": "error", ...}` (see `app.export.progress_lines`), with the human text and the
log on stderr; `--control-stdin` reads the lines `pause`, `resume` and `cancel` from stdin (the
end of stdin cancels too: the program that drove it is gone).

This module reads the arguments and runs the command; what it shows on the way is in
`app.cli_output`, and what it says at the end in `app.cli_summary`. A program's front end, so
it writes to stdout/stderr (library code logs).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from app.cli_output import JsonProgress, Output, PlainProgress, RichProgress, size_text
from app.cli_summary import (
    EXIT_AUTH,
    EXIT_INCOMPLETE,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    SUMMARY_LINES,
    report_error,
    report_result,
)
from app.errors import AuthenticationRequired
from app.export.control import ExportControl
from app.export.kinds import ALL_KINDS
from app.export.progress_lines import error_event, result_event

if TYPE_CHECKING:  # the HTTP stack (requests) is imported when a command needs it: the
    # export's worker processes import this module as their main one and need none of it
    from app.net.http import HttpSession

log = logging.getLogger(__name__)

TOKEN_ENV = "ACCOUNT_DESK_TOKEN"  # noqa: S105 - the variable's name, not a token

TOKEN_REFUSED = (
    "{prog}: --token is not accepted: a token on the command line would show up in process "
    "lists and shell history. Sign in with the Account Desk app (its sign-in is used), or put "
    f"the access token in the environment variable {TOKEN_ENV}."
)


class UsageError(Exception):
    """A mistake in the command line; the message says which."""


# --------------------------------------------------------------------------- parsing


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `main` returns the status."""

    def error(self, message: str) -> Any:  # argparse's signature
        raise UsageError(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


class _Exit(Exception):  # noqa: N818 - argparse asked to exit (--help)
    def __init__(self, status: int) -> None:
        self.status = status


def build_parser() -> argparse.ArgumentParser:
    root = _Parser(prog=PROG, description="Export or verify a firm's practice data.")
    commands = root.add_subparsers(dest="command", required=True, parser_class=_Parser)
    export = commands.add_parser(
        "export",
        help="export every record and document into a folder (resumes an unfinished one)",
        description=(
            "Export every record and document of the firm into DIR. Running it again on the "
            "same folder continues an unfinished export, or fetches only what changed since "
            f"a finished one. The sign-in is the app's, or the token in {TOKEN_ENV}."
        ),
    )
    export.add_argument("--server", required=True, metavar="URL", help="the server's address")
    export.add_argument("--out", required=True, type=Path, metavar="DIR", help="export folder")
    export.add_argument(
        "--kinds",
        metavar="K1,K2",
        help="only these kinds of records (default: all): "
        + ", ".join(kind.key for kind in ALL_KINDS),
    )
    export.add_argument(
        "--no-documents", action="store_true", help="records only, no document files"
    )
    export.add_argument(
        "--no-reports", action="store_true", help="no trust and client ledger reports"
    )
    export.add_argument(
        "--workers", type=int, default=4, metavar="N", help="parallel downloads (1-16)"
    )
    export.add_argument("--firm-name", metavar="NAME", help="the firm's name for index.html")
    export.add_argument(
        "--language",
        metavar="LANG",
        help="language of index.html and README.txt, e.g. fr_CA (default: the app's language)",
    )
    export.add_argument(
        "--progress-json",
        action="store_true",
        help="progress and the outcome as JSON lines on stdout (for a program driving it)",
    )
    export.add_argument(
        "--control-stdin",
        action="store_true",
        help="read pause, resume and cancel lines from stdin",
    )
    export.add_argument(
        "--profile", type=Path, metavar="DIR", help="use the app profile (sign-in, logs) in DIR"
    )
    verify = commands.add_parser(
        "verify",
        help="check an export folder offline",
        description="Check that every file of an export is there, intact and complete.",
    )
    verify.add_argument("folder", type=Path, metavar="DIR")
    return root


def _refuses_token(argv: Sequence[str]) -> bool:
    return any(arg == "--token" or arg.startswith("--token=") for arg in argv)


def _read_commands(control: ExportControl, stream: IO[str]) -> None:
    """`--control-stdin`: one command a line. The end of stdin means the program driving the
    export is gone, so nobody could resume or see it: cancel (the folder resumes)."""
    for line in stream:
        command = line.strip().lower()
        if command == "pause":
            control.pause()
        elif command == "resume":
            control.resume()
        elif command == "cancel":
            control.cancel()
        elif command:
            log.warning("unknown control command %r ignored", command[:40])
    if not control.cancelled:
        control.cancel()


# --------------------------------------------------------------------------- sign-in


@dataclass(frozen=True)
class SignIn:
    http: HttpSession
    source: str  # "environment" or "profile"


def _sign_in(server_text: str, output: Output) -> SignIn:
    """An HTTP session for the server with a token, or `AuthenticationRequired`."""
    from app import config
    from app.logs import register_secret
    from app.net.http import HttpSession
    from app.net.servers import InvalidAddress, validate_address

    try:
        server = validate_address(server_text)
    except InvalidAddress as exc:
        raise UsageError(f"{PROG} export: --server: {exc}") from None
    http = HttpSession(server.origin)
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        register_secret(token)  # never in the log, whatever prints it
        http.set_token(token)
        return SignIn(http, "environment")

    from app.signin.credentials import CredentialStore
    from app.signin.oauth import Authenticator, OAuthClient

    settings = config.load_settings()
    if settings.last_server == server.origin and settings.last_user:
        auth = Authenticator(server, http, CredentialStore(), OAuthClient(server, http))
        if auth.restore(settings.last_user):
            return SignIn(http, "profile")
    http.close()
    raise AuthenticationRequired(
        f"Not signed in to {server.origin}. Sign in with the Account Desk app first (with the "
        f"same --profile), or put an access token in the environment variable {TOKEN_ENV}.",
        status=401,
        error_type="not_signed_in",
    )


# --------------------------------------------------------------------------- commands


def _parse_kinds(text: str | None) -> tuple[str, ...]:
    known = tuple(kind.key for kind in ALL_KINDS)
    if text is None:
        return known
    wanted = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [key for key in wanted if key not in known]
    if unknown or not wanted:
        raise UsageError(
            f"{PROG} export: --kinds: unknown kind {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(known)}"
        )
    return tuple(dict.fromkeys(wanted))


@contextmanager
def _ctrl_c_cancels(control: ExportControl, output: Output) -> Iterator[None]:
    """The first Ctrl+C cancels (the engine stops at the next page or chunk and the folder
    resumes); a second one stops at once, which the journal also survives."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    presses = 0

    def handler(_signum: int, _frame: Any) -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            os._exit(EXIT_INCOMPLETE)  # the journal is crash-safe; the folder still resumes
        # Cancel from a thread: the signal may arrive while this thread holds a lock the
        # engine's listeners also take.
        threading.Thread(target=control.cancel, name="cancel", daemon=True).start()

    previous = signal.signal(signal.SIGINT, handler)
    terminate = signal.signal(signal.SIGTERM, handler) if os.name == "posix" else None
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)


def run_export(args: argparse.Namespace, output: Output, *, tty: bool) -> int:
    from app.export.engine import ExportEngine, ExportOptions
    from app.export.indexpage import app_language

    kinds = _parse_kinds(args.kinds)
    if not 1 <= args.workers <= 16:
        raise UsageError(f"{PROG} export: --workers must be from 1 to 16")
    out: Path = args.out.expanduser()
    if out.exists() and not out.is_dir():
        raise UsageError(f"{PROG} export: --out {out} is a file, not a folder")
    as_json: JsonProgress | None = None
    if args.progress_json:
        # stdout carries only JSON lines; the sentences for people go to stderr.
        as_json = JsonProgress(output)
        output = Output(output.err, output.err)
    try:
        sign_in = _sign_in(args.server, output)
    except AuthenticationRequired as exc:
        if as_json is not None:
            as_json.event(error_event(exc))
        raise
    control = ExportControl()
    display: PlainProgress | RichProgress | JsonProgress
    if as_json is not None:
        display = as_json
    else:
        display = RichProgress(output) if tty else PlainProgress(output)
    if args.control_stdin:
        threading.Thread(
            target=_read_commands, args=(control, sys.stdin), name="control", daemon=True
        ).start()
    options = ExportOptions(
        kinds=kinds,
        documents=not args.no_documents,
        reports=not args.no_reports,
        workers=args.workers,
        firm_name=args.firm_name,
        language=args.language or app_language(),
    )
    engine = ExportEngine(sign_in.http, out, options, control=control, on_progress=display)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = engine.run()
        except BaseException as exc:  # handed to the main thread, which reports it
            outcome["error"] = exc

    output.line(f"Exporting from {sign_in.http.origin} into {out}")
    started = time.monotonic()
    try:
        with _ctrl_c_cancels(control, output):
            # The engine runs on its own thread so the main thread stays free for Ctrl+C.
            worker = threading.Thread(target=work, name="export", daemon=True)
            worker.start()
            while worker.is_alive():
                worker.join(0.2)
    finally:
        display.close()
        sign_in.http.close()
    elapsed = time.monotonic() - started
    error = outcome.get("error")
    if error is not None:
        if as_json is not None:
            as_json.event(error_event(error))
        return report_error(error, output, out)
    if as_json is not None:
        as_json.event(result_event(outcome["result"]))
    return report_result(outcome["result"], output, elapsed)


def run_verify(args: argparse.Namespace, output: Output) -> int:
    from app.export.verify import verify

    folder: Path = args.folder.expanduser()
    if not folder.is_dir():
        raise UsageError(f"{PROG} verify: {folder} is not a folder")
    result = verify(folder, update_report=False)
    if result.verified:
        output.line(
            f"Verified: {result.files_checked} files ({size_text(result.bytes_checked)}) match the "
            "manifest, every kind has the server's record count, nothing failed."
        )
        return EXIT_OK
    output.line(f"NOT verified: {len(result.problems)} problem(s) in {folder}")
    for problem in result.problems[:SUMMARY_LINES]:
        output.line(f"  {problem}")
    if len(result.problems) > SUMMARY_LINES:
        output.line(f"  ... and {len(result.problems) - SUMMARY_LINES} more")
    return EXIT_INCOMPLETE


def main(argv: Sequence[str] | None = None, *, output: Output | None = None) -> int:
    """Run `export ...` or `verify DIR`; returns the exit status (see the module doc)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    output = output or Output()
    if _refuses_token(args_list):
        output.error(TOKEN_REFUSED.format(prog=PROG))
        return EXIT_USAGE
    try:
        args = build_parser().parse_args(args_list)
        if args.command == "export":
            _setup(args.profile, to_stderr=args.progress_json)
            return run_export(args, output, tty=_is_tty(output.out))
        return run_verify(args, output)
    except UsageError as exc:
        output.error(str(exc))
        return EXIT_USAGE
    except _Exit as exc:
        return exc.status
    except AuthenticationRequired as exc:
        output.error(f"{PROG}: {exc.message}")
        return EXIT_AUTH


def _setup(profile: Path | None, *, to_stderr: bool = False) -> None:
    from app import config, logs

    if profile is not None:
        config.use_profile(profile)
    if to_stderr:
        # Driven by a program (the desktop app): it reads stderr into its own log, so the two
        # processes never write (or rotate) one log file at once.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(logs.LOG_FORMAT))
        handler.addFilter(logs.RedactingFilter())
        root = logging.getLogger()
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        logging.getLogger("urllib3").setLevel(logging.WARNING)
        return
    logs.setup_logging()


def _is_tty(stream: IO[str]) -> bool:
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


if __name__ == "__main__":
    raise SystemExit(main())
