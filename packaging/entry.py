"""Entry point of the built application.

One executable serves as the desktop app and its command line, and, for demo mode, as the
embedded reference backend (a frozen app has no `python -m server`). It lives outside app/, ui/
and server/ so that none of those needs to import another against the project's rules.
"""

from __future__ import annotations

import multiprocessing
import sys

EMBEDDED_SERVER_FLAG = "--embedded-server"


def main() -> int:
    # The exporter's CSV worker processes start this same executable: let it become one.
    multiprocessing.freeze_support()
    if len(sys.argv) > 1 and sys.argv[1] == EMBEDDED_SERVER_FLAG:
        from server.cli import main as server_main

        return server_main(sys.argv[2:])
    from ui.shell.launcher import main as app_main

    return app_main()


if __name__ == "__main__":
    raise SystemExit(main())
