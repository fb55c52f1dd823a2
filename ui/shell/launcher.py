"""`account-desk`: the command-line subcommands (`export`, `verify`: handed to app.cli without
loading Qt), the packaging self-check, or the desktop app.

    account-desk [--profile DIR] [--demo [--demo-reset] [--demo-role ROLE] [--demo-style clio]]
                 [--server URL]
                 [--language LANG]
    account-desk --self-check
    account-desk export ... | account-desk verify DIR

This is the program's entry point, so it is the one place that writes to stdout/stderr.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ui.shell.options import LaunchOptions

CLI_COMMANDS = ("export", "verify")
DEMO_ROLES = ("primary_subscriber", "administrator", "attorney", "staff")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="account-desk",
        description=(
            "Review your firm's subscription, export all practice data, close the account"
            " safely and follow how long the data stays available. Subcommands: "
            "'export ...' and 'verify DIR' (run 'account-desk export --help')."
        ),
    )
    p.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="keep settings, cache, logs and demo data under DIR instead of the usual places",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="open on a built-in demo service with a demo firm (nothing leaves this computer)",
    )
    p.add_argument(
        "--demo-reset", action="store_true", help="with --demo: start the demo firm afresh"
    )
    p.add_argument(
        "--demo-role",
        choices=DEMO_ROLES,
        default="primary_subscriber",
        help="with --demo: sign in as a person with this role (default: the Primary Subscriber)",
    )
    p.add_argument(
        "--demo-style",
        choices=("default", "clio"),
        default="default",
        help="with --demo: clio plays the real service (no self-service API, the firm's own"
        " developer application, connected through the assistant)",
    )
    p.add_argument("--server", metavar="URL", help="preselect this server in the sign-in window")
    p.add_argument(
        "--language",
        metavar="LANG",
        help="interface language, e.g. fr_CA or en_US (default: the saved setting, else the"
        " system's)",
    )
    p.add_argument(
        "--self-check",
        action="store_true",
        help="check the installation: start the demo service, sign in, read the account, exit",
    )
    p.add_argument(
        "--exit-when-shown",
        action="store_true",
        help="print the time the window appeared and quit (start-up measurement)",
    )
    return p


def parse_options(argv: Sequence[str]) -> LaunchOptions:
    args = parser().parse_args(list(argv))
    demo_only = args.demo_reset or args.demo_role != "primary_subscriber"
    if (demo_only or args.demo_style != "default") and not args.demo:
        parser().error("--demo-reset, --demo-role and --demo-style go with --demo")
    return LaunchOptions(
        profile=args.profile,
        demo=args.demo,
        demo_reset=args.demo_reset,
        demo_role=args.demo_role,
        demo_style=args.demo_style,
        server=args.server,
        self_check=args.self_check,
        exit_when_shown=args.exit_when_shown,
        language=args.language,
    )


def run_cli(argv: list[str]) -> int:
    """The subcommands live in the core; nothing here may load Qt."""
    try:
        cli = importlib.import_module("app.cli")
    except ModuleNotFoundError as exc:
        if exc.name != "app.cli":
            raise
        print(
            f"account-desk {argv[0]}: the command-line export is not part of this build.",
            file=sys.stderr,
        )
        return 2
    result: int = cli.main(argv)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        return run_cli(args)
    options = parse_options(args)

    # Before anything else, so every path (log, settings, cache, demo data) is the profile's.
    from app import config, logs

    try:
        if options.profile is not None:
            config.use_profile(options.profile)
        # The desktop app opens the file itself once its window is shown (_when_shown);
        # until then records wait in memory.
        logs.setup_logging(defer_file=not options.self_check)
    except OSError as exc:
        where = options.profile if options.profile is not None else config.paths().log_dir
        print(
            f"account-desk: cannot use the folder {where}: {exc.strerror or exc}", file=sys.stderr
        )
        return 2

    if options.self_check:
        return self_check()

    # Thousands of Qt types and enums are created before the window shows; collecting garbage
    # meanwhile finds none worth the time. Collection resumes as soon as the window is shown.
    gc.disable()
    try:
        from ui.shell.event_loop import run

        return run(options, on_shown=lambda: _when_shown(options.exit_when_shown))
    finally:
        gc.enable()
        logs.open_log_file()  # records of a start that never showed the window


def _when_shown(exit_now: bool = False) -> None:
    """The window is on screen: what start-up put off happens now. With `exit_now`
    (--exit-when-shown) print the time first, then quit."""
    if exit_now:
        print(f"shown {time.time():.6f}", flush=True)
    gc.enable()
    from app import logs

    logs.open_log_file()
    if exit_now:
        from PySide6.QtWidgets import QApplication

        QApplication.quit()


def self_check() -> int:
    """Import everything, start the demo service, sign in as the Primary Subscriber through the
    real OAuth flow, read the account through the self-service client. Offscreen; one line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.monotonic()
    try:
        from ui.shell.self_check import self_check as check

        summary = check()
    except Exception as exc:  # the point is to report any failure as one line
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        print(f"account-desk self-check FAILED: {type(exc).__name__}: {message}", file=sys.stderr)
        return 1
    print(f"account-desk self-check OK: {summary} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
