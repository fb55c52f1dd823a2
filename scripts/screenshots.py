"""Render the README screenshots headless: the Account and Payment Info screen as the Primary
Subscriber and as an attorney, and the Help page, inside the main window, against the demo firm
on a reference backend started for the purpose.

    .venv/bin/python scripts/screenshots.py                  # offscreen, into docs/screenshots/
    QT_SCALE_FACTOR=1.5 .venv/bin/python scripts/screenshots.py --suffix @1.5x
    xvfb-run -a .venv/bin/python scripts/screenshots.py --platform xcb
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

log = logging.getLogger("screenshots")


@dataclass
class Source:
    server: object
    http: object
    identity: object
    selfservice: object
    firm_name: str | None = None


def issue_token(data_dir: Path, role: str) -> str:
    """A token for the seeded user of `role`, read from the backend's stdout (never argv)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "server", "--data-dir", str(data_dir), "--issue-token", role],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=ROOT,
    )
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--platform", default="offscreen", help="Qt platform (offscreen, xcb)")
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. @1.5x")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", args.platform)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QThread
    from PySide6.QtWidgets import QApplication, QWidget

    from app.demo import DemoBackend
    from app.feedback import FeedbackQueue
    from app.http import HttpSession
    from app.oauth import Identity
    from app.selfservice import SelfServiceClient
    from app.servers import local_server
    from app.state_cache import StateCache
    from ui import background
    from ui.main_window import MainWindow, PageKey, PageRegistry, PageSpec
    from ui.pages import system_pages
    from ui.pages.account import AccountPage, PageState
    from ui.pages.help import HelpPage

    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)

    def settle(condition: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not finish loading")
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QThread.msleep(10)
        for _ in range(5):
            QCoreApplication.processEvents()

    with tempfile.TemporaryDirectory(prefix="account-desk-shots-") as tmp:
        from app import config

        config.use_profile(Path(tmp) / "profile")
        data_dir = Path(tmp) / "backend"
        backend = DemoBackend(data_dir)
        addresses = backend.start()
        try:
            server = local_server(addresses.api_url)
            for role, name in (
                ("primary_subscriber", "account-primary-subscriber"),
                ("attorney", "account-attorney"),
            ):
                http = HttpSession(server.origin)
                http.set_token(issue_token(data_dir, role))
                me = http.get_json("/api/v4/users/who_am_i.json", {"fields": "id,name,email"})
                me = me["data"]
                identity = Identity(me["email"], me["id"], me["name"], me["email"])
                source = Source(
                    server,
                    http,
                    identity,
                    SelfServiceClient(http, server.self_service_base),
                    "Harbor & Finch LLP",
                )
                cache = StateCache(server.origin, identity.key)

                def account_factory(source: Source = source, cache: StateCache = cache) -> QWidget:
                    return AccountPage(source, cache)

                def help_factory(source: Source = source) -> QWidget:
                    return HelpPage(source, FeedbackQueue())

                registry = PageRegistry(system_pages())
                spec = registry.get(PageKey.ACCOUNT)
                registry.register(PageSpec(spec.key, spec.group, spec.title, account_factory))
                spec = registry.get(PageKey.HELP)
                registry.register(PageSpec(spec.key, spec.group, spec.title, help_factory))
                window = MainWindow(registry, demo_mode=True)
                window.set_server(server.label)
                window.set_signed_in(identity.name)
                window.resize(args.width, args.height)
                window.show()
                window.show_page(PageKey.ACCOUNT)
                account = window.page(PageKey.ACCOUNT)
                assert isinstance(account, AccountPage)
                settle(lambda account=account: account.state is PageState.LIVE)
                path = args.out / f"{name}{args.suffix}.png"
                window.grab().save(str(path))
                log.info("saved %s", path)
                if role == "primary_subscriber":
                    window.show_page(PageKey.HELP)
                    settle(lambda: True, 1)
                    path = args.out / f"help{args.suffix}.png"
                    window.grab().save(str(path))
                    log.info("saved %s", path)
                window.close()
                window.deleteLater()
                background.wait_for_all(10)
                settle(lambda: True, 1)
                http.close()
        finally:
            background.shutdown()
            backend.stop()
            config.use_profile(None)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
