"""`account-desk`: the command-line subcommands (no Qt loaded) or the desktop app."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    print("Account Desk: the desktop app is not built yet.", file=sys.stderr)
    return 2 if args else 0


if __name__ == "__main__":
    raise SystemExit(main())
