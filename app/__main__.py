"""`python -m app export ...` / `python -m app verify DIR`: the command line (`app.cli`).

The export child starts this way rather than as `python -m app.cli`: its worker processes
(`app.export.pagework`, started with "spawn") import the main module of the process that
starts them again, unless it is a package's `__main__`. As `app.cli` every worker loaded the
whole command line, some 5 MiB each, for nothing.
"""

from __future__ import annotations

from app.cli import main

if __name__ == "__main__":  # not when a check imports every module of the package
    raise SystemExit(main())
