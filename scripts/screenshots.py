"""Render the README screenshots headless: the Account and Payment Info screen as the Primary
Subscriber and as an attorney, and the Help page, inside the main window, against the demo firm
on a reference backend started for the purpose; with --all, every screen (each page of the main
window, the sign-in dialog and the Connect your firm's account assistant, each page of both
wizards) light and dark, at 100 %, 150 % and 200 %.

    .venv/bin/python scripts/screenshots.py --all            # make screenshots
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
from typing import Any

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
    parser.add_argument(
        "--all",
        action="store_true",
        help="every screen, light and dark, at 100 %%, 150 %% and 200 %% (make screenshots)",
    )
    parser.add_argument("--every-screen", action="store_true", help="every screen, one variant")
    parser.add_argument("--only", help="with --every-screen: these names only (comma-separated)")
    parser.add_argument(
        "--account-clio",
        action="store_true",
        help="the Account screen against a backend playing the real service (--style clio);"
        " ACCOUNT_DESK_SHOTS_LANGUAGE=fr_CA for French",
    )
    parser.add_argument(
        "--service-closing",
        action="store_true",
        help="only the screens of closing through the service's own page and after deletion,"
        " against the reference backend playing the real service (--style clio)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", args.platform)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.all:
        return capture_all_variants(args.out)
    if args.account_clio:
        capture_account_clio(args.out, args.suffix)
        return 0
    if args.service_closing:
        capture_service_closing(args.out, args.suffix)
        return 0
    if args.every_screen:
        only = set(args.only.split(",")) if args.only else None
        capture_every_screen(args.out, args.suffix, only)
        return 0

    from PySide6.QtCore import QCoreApplication, QEvent, QThread
    from PySide6.QtWidgets import QWidget

    from app.account.selfservice import SelfServiceClient
    from app.demo import DemoBackend
    from app.feedback import FeedbackQueue
    from app.net.http import HttpSession
    from app.net.servers import local_server
    from app.signin.oauth import Identity
    from app.state_cache import StateCache
    from ui.account.page import AccountPage, PageState
    from ui.common import background
    from ui.help.page import HelpPage
    from ui.shell.main_window import MainWindow, PageKey, PageRegistry, PageSpec
    from ui.shell.placeholder import system_pages

    app = english_application()
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


# --- the Account screen without the self-service API ---------------------------------------------


def capture_account_clio(out: Path, suffix: str) -> list[Path]:
    """The Account screen against a reference backend playing the real service (no
    self-service API): as the account owner before and after entering the billing facts and
    confirming the firm's name, with a refused entry, and as an administrator."""
    from PySide6.QtWidgets import QWidget

    from app import config
    from app.net.http import HttpSession
    from app.net.servers import local_server
    from app.signin.oauth import Identity
    from tests.support import screens
    from tests.support.backend import start_backend
    from ui.account.page import AccountPage
    from ui.common import background
    from ui.shell.main_window import MainWindow, PageKey, PageRegistry, PageSpec
    from ui.shell.placeholder import system_pages

    app = english_application()
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="account-desk-shots-") as tmp:
        config.use_profile(Path(tmp) / "profile")
        data_dir = Path(tmp) / "backend"
        backend = start_backend(
            data_dir,
            "--seed",
            "demo",
            "--style",
            "clio",
            "--register-client",
            "firm-desk:shots-secret:http://127.0.0.1:53682/callback",
        )
        server = local_server(backend.url)
        try:
            for role, name in (
                ("primary_subscriber", "account-clio-owner"),
                ("administrator", "account-clio-administrator"),
            ):
                http = HttpSession(server.origin)
                http.set_token(issue_token(data_dir, role))
                me = http.get_json("/api/v4/users/who_am_i.json", {"fields": "id,name,email"})
                me = me["data"]
                identity = Identity(me["email"], me["id"], me["name"], me["email"])
                source = Source(server, http, identity, None, None)

                def account_factory(source: Source = source) -> QWidget:
                    return AccountPage(source, None)  # type: ignore[arg-type]

                registry = PageRegistry(system_pages())
                spec = registry.get(PageKey.ACCOUNT)
                registry.register(PageSpec(spec.key, spec.group, spec.title, account_factory))
                window = MainWindow(registry, demo_mode=False)
                window.set_server("Clio (United States)")
                window.set_signed_in(identity.name)
                window.resize(1100, 1700)
                window.show()
                window.show_page(PageKey.ACCOUNT)
                page = window.page(PageKey.ACCOUNT)
                assert isinstance(page, AccountPage)
                screens.settle(lambda page=page: page.guide.facts is not None, 60)

                def save(shot: str, window: QWidget = window) -> None:
                    screens.settle()
                    path = out / f"{shot}{suffix}.png"
                    window.grab().save(str(path))
                    saved.append(path)
                    log.info("saved %s", path)

                save(name)
                if role == "primary_subscriber":
                    view = page.guide.billing_view
                    view.plan_edit.setText("Boutique")
                    view.price_edit.setText("eighty-nine")
                    view.save()
                    save("account-clio-billing-refused")
                    view.price_edit.setText("89")
                    view.users_spin.setValue(6)
                    view.day_spin.setValue(18)
                    view.save()
                    view.confirm_firm_name()
                    save("account-clio-billing-entered")
                window.close()
                window.deleteLater()
                background.wait_for_all(10)
                screens.settle()
                http.close()
        finally:
            background.shutdown()
            backend.stop()
            config.use_profile(None)
    del app
    return saved


# --- every screen -----------------------------------------------------------------------------

# (variant, environment, screens to keep): the light 100 % set has every screen; the others
# only some, to keep docs/screenshots small.
MAIN_SCREENS = (
    "account-primary-subscriber",
    "account-attorney",
    "export",
    "availability-before-closing",
    "availability-after-closing",
    "help",
)
# The picture of the time left on its own: if closed today (the walkthrough's first page) and
# after closing (Data availability).
TIMELINES = ("timeline-if-closed-today", "timeline-after-closing")
CLOSING_SCREENS = (
    "closing-1-meaning",
    "closing-1b-alternatives",
    "closing-2-checklist",
    "closing-3-access",
    "closing-4b-when",
    "closing-5-confirm",
    "closing-7-done",
    "availability-before-closing",
    "availability-after-closing",
    "account-primary-subscriber",
    "sign-in",
    *TIMELINES,
)
VARIANTS: tuple[tuple[str, dict[str, str], tuple[str, ...] | None], ...] = (
    ("", {}, None),
    ("@1.5x", {"QT_SCALE_FACTOR": "1.5"}, MAIN_SCREENS),
    (
        "-dark",
        {"ACCOUNT_DESK_SHOTS_DARK": "1"},
        (
            "account-primary-subscriber",
            "closing-1-meaning",
            "closing-5-confirm",
            "export-wizard-3-progress",
            "availability-before-closing",
            *TIMELINES,
        ),
    ),
    ("-dark@2x", {"ACCOUNT_DESK_SHOTS_DARK": "1", "QT_SCALE_FACTOR": "2"}, TIMELINES),
    # The closing walkthrough and the pages it changes, at 200 %, and every screen in French.
    ("@2x", {"QT_SCALE_FACTOR": "2"}, CLOSING_SCREENS),
    ("-fr", {"ACCOUNT_DESK_SHOTS_LANGUAGE": "fr_CA"}, None),
    ("-fr@2x", {"ACCOUNT_DESK_SHOTS_LANGUAGE": "fr_CA", "QT_SCALE_FACTOR": "2"}, CLOSING_SCREENS),
)


def dark_palette() -> object:
    """A dark Fusion palette (what a dark desktop theme gives the app)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e8e8e8"),
        (role.Base, "#1f1f1f"),
        (role.AlternateBase, "#2f2f2f"),
        (role.ToolTipBase, "#3a3a3a"),
        (role.ToolTipText, "#e8e8e8"),
        (role.Text, "#e8e8e8"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e8e8e8"),
        (role.BrightText, "#ff6b6b"),
        (role.Link, "#7fb4ff"),
        (role.Highlight, "#3d6fb6"),
        (role.HighlightedText, "#ffffff"),
        (role.PlaceholderText, "#9a9a9a"),
    ):
        palette.setColor(name, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, name, QColor("#7a7a7a"))
    return palette


def english_application() -> Any:
    """The QApplication in US English with the app's own translators, as a user in that
    locale sees it (the English file holds the plural forms: "2 card authorisations")."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from ui.shell.qt_app import install_translators

    # ACCOUNT_DESK_SHOTS_LANGUAGE=fr_CA: the same screens as a user in Canadian French sees them.
    language = os.environ.get("ACCOUNT_DESK_SHOTS_LANGUAGE")
    locale = (
        QLocale(language)
        if language
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    QLocale.setDefault(locale)
    existing = QApplication.instance()
    app = existing or QApplication(sys.argv[:1])
    if existing is None:
        install_translators(app, locale)
    return app


def capture_every_screen(out: Path, suffix: str, only: set[str] | None) -> list[Path]:
    """Every screen against a fresh demo firm: the main window on each page (Account as the
    Primary Subscriber and as an attorney, Data export before and after an export, Data
    availability before and after closing, Help), the sign-in dialog, each page of the closing
    walkthrough (closing the demo firm for real) and of the export wizard (a real export)."""
    import shiboken6
    from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget, QWizard

    from app import config
    from app.demo import DemoBackend
    from tests.support import screens
    from tests.support.screens import ELEANOR, MARGARET
    from ui.closing.wizard import PageId as ClosingPage
    from ui.common import background
    from ui.export.wizard import PageId as ExportPage
    from ui.shell.main_window import PageKey

    app = english_application()
    if os.environ.get("ACCOUNT_DESK_SHOTS_DARK"):
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())  # type: ignore[arg-type]
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        if only is not None and name not in only:
            return
        screens.settle()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)
        log.info("saved %s", path)

    with tempfile.TemporaryDirectory(prefix="account-desk-shots-") as tmp:
        config.use_profile(Path(tmp) / "profile")
        # The walkthrough closes the demo firm for real: its receipt goes to this Documents.
        (Path(tmp) / "home" / "Documents").mkdir(parents=True)
        os.environ["HOME"] = str(Path(tmp) / "home")
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "home" / ".config")
        backend = DemoBackend(Path(tmp) / "backend")
        url = backend.start().api_url
        sessions = screens.Sessions(url)
        opened: list[QWidget] = []

        def shown(widget: QWidget, width: int = 1100, height: int = 800) -> QWidget:
            opened.append(widget)
            widget.resize(width, height)
            widget.show()
            return widget

        try:
            margaret = sessions.signed_in(MARGARET)
            window = shown(screens.main_window(margaret))
            for key, name in (
                (PageKey.ACCOUNT, "account-primary-subscriber"),
                (PageKey.EXPORT, "export-before"),
                (PageKey.AVAILABILITY, "availability-before-closing"),
                (PageKey.HELP, "help"),
            ):
                screens.show_page(window, key)
                save(window, name)
            attorney = shown(screens.main_window(sessions.signed_in(ELEANOR)))
            screens.show_page(attorney, PageKey.ACCOUNT)
            save(attorney, "account-attorney")

            dialog = screens.signin_dialog()
            hint = dialog.sizeHint()  # at the size it opens with
            save(shown(dialog, max(hint.width(), 520), hint.height()), "sign-in")
            # No browser could be opened: the address to open by hand.
            from ui.signin.dialog import SignInState

            dialog._set_state(SignInState.WAITING)
            dialog.browser_failed.emit(
                "https://app.clio.com/oauth/authorize?response_type=code&client_id=account-desk"
                "&redirect_uri=http%3A%2F%2F127.0.0.1%3A51234%2Fcallback&state=…"
            )
            QApplication.processEvents()
            save(shown(dialog, dialog.width(), dialog.sizeHint().height()), "sign-in-no-browser")
            dialog._set_state(SignInState.CHOOSING)

            # Connect your firm's account: the assistant for a Clio region, filled in, then
            # with the service's answer for a redirect address it does not know.
            connect_shots(shown, save)

            # The export wizard, a real export of the demo firm.
            # Started from the Data export page, which remembers the export afterwards.
            export_page = screens.show_page(window, PageKey.EXPORT)
            export_page.start_export()
            wizard = export_page.wizard
            opened.append(wizard)
            wizard.resize(760, 600)
            wizard.destination_page.folder_edit.setText(str(Path(tmp) / "Harbor & Finch export"))
            save(wizard, "export-wizard-1-destination")
            wizard.button(QWizard.WizardButton.NextButton).click()
            screens.settle(lambda: wizard.include_page.isComplete(), 60)
            save(wizard, "export-wizard-2-include")
            wizard.button(QWizard.WizardButton.CommitButton).click()
            progress = wizard.progress_page
            screens.settle(
                lambda: 0 < progress.bar.value() or wizard.currentId() != ExportPage.PROGRESS, 60
            )
            if wizard.currentId() == ExportPage.PROGRESS and progress.pause_button.isEnabled():
                progress.pause_button.click()  # a steady picture of a run under way
                screens.settle()
                save(wizard, "export-wizard-3-progress")
                progress.pause_button.click()
            screens.settle(lambda: wizard.currentId() == ExportPage.VERIFICATION, 120)
            save(wizard, "export-wizard-4-verification")
            wizard.button(QWizard.WizardButton.NextButton).click()
            save(wizard, "export-wizard-5-done")
            wizard.button(QWizard.WizardButton.FinishButton).click()
            save(window, "export")

            # The closing walkthrough, then the countdown after closing.
            closing = shown(screens.closing_wizard(margaret), 760, 640)
            screens.settle(lambda: screens.closing_loaded(closing))
            save(closing, "closing-1-meaning")
            save(closing.meaning.chart, "timeline-if-closed-today")  # type: ignore[attr-defined]
            for page_id, name in (
                (ClosingPage.ALTERNATIVES, "closing-1b-alternatives"),
                (ClosingPage.CHECKLIST, "closing-2-checklist"),
                (ClosingPage.ACCESS, "closing-3-access"),
                (ClosingPage.REASON, "closing-4-reason"),
                (ClosingPage.WHEN, "closing-4b-when"),
                (ClosingPage.CONFIRM, "closing-5-confirm"),
            ):
                if page_id == ClosingPage.CONFIRM:
                    # the countdown below needs a closed account: close now
                    closing.when_page.now.setChecked(True)
                closing.setCurrentId(int(page_id))
                save(closing, name)
            closing.confirm.firm_name.setText(screens.FIRM)
            closing.confirm.understand.setChecked(True)
            closing.close_button.click()
            receipt = closing.done_page.receipt  # type: ignore[attr-defined]
            # The receipt is written in the background: the picture shows where it was saved.
            screens.settle(
                lambda: closing.currentId() == ClosingPage.DONE and not receipt.saving, 60
            )
            save(closing, "closing-7-done")
            closing.close()
            assisted = shown(
                screens.closing_wizard(sessions.signed_in(MARGARET, self_service=False)), 760, 640
            )
            assisted.setCurrentId(int(ClosingPage.ASSISTED))
            save(assisted, "closing-6-with-the-service")
            assisted.close()
            after = shown(screens.main_window(sessions.signed_in(MARGARET)))
            countdown = screens.show_page(after, PageKey.AVAILABILITY)
            save(after, "availability-after-closing")
            save(countdown.timeline_chart, "timeline-after-closing")  # type: ignore[attr-defined]
        finally:
            for widget in opened:
                if shiboken6.isValid(widget):  # a wizard may have deleted itself on close
                    widget.close()
                    widget.deleteLater()
            background.wait_for_all(10)
            sessions.close()
            background.shutdown()
            backend.stop()
            config.use_profile(None)
    del app
    return saved


def connect_shots(shown: Callable[..., Any], save: Callable[[Any, str], None]) -> None:
    from PySide6.QtWidgets import QApplication

    from app.errors import SignInFailed
    from app.signin.firm_app import REDIRECT_NOT_REGISTERED
    from tests.support.screens import LOCAL_ORIGIN
    from ui.signin.connect_firm import ConnectFirmDialog
    from ui.signin.dialog import SignInDialog

    def never(*_args: object) -> None:  # the pictures never press a button that connects
        raise AssertionError("no connection in the screenshots")

    # The sign-in window as the app opens it: with the assistant offered.
    dialog = SignInDialog(
        never, local_origin=LOCAL_ORIGIN, connect_flow=never, save_connection=never
    )
    dialog.select_server("ca")
    QApplication.processEvents()
    hint = dialog.sizeHint()
    save(shown(dialog, max(hint.width(), 520), hint.height()), "sign-in-connect")

    assistant = ConnectFirmDialog(
        dialog.selected_option.server, never, never, client_id="aBc4De5fGh6iJk7LmN8oP9qR"
    )
    assistant.secret_edit.setText("s" * 40)
    assistant.setMinimumWidth(640)
    shown(assistant, 640, 100)
    assistant.fit()
    save(assistant, "connect-firm")
    application = assistant._entries()
    assert application is not None
    assistant._on_failed(
        SignInFailed(code=REDIRECT_NOT_REGISTERED, detail="screenshot"), application[0]
    )
    QApplication.processEvents()
    save(assistant, "connect-firm-problem")


# Closing through the service's own page (no self-service API) and the screens after deletion.
SERVICE_CLOSING_SCREENS = (
    "closing-6-with-the-service",
    "closing-6b-with-the-service-closed",
    "closing-7-done-entered",
    "after-deletion-export",
    "after-deletion-availability",
    "after-deletion-at-start",
)


def capture_service_closing(out: Path, suffix: str) -> list[Path]:
    """The screens of SERVICE_CLOSING_SCREENS against the reference backend in `--style clio`:
    the walkthrough's last step (Account and Payment Info, the support line, "Did you close
    it?"), the same step answered and the last page; then a firm whose data the service deleted,
    on the Data export and Data availability pages with the banner the app shows."""
    import shiboken6
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QWidget

    from app import config
    from app.closing.store import ClosingStore
    from app.export.kinds import ALL_KINDS
    from app.last_export import ExportRecord, LastExportStore
    from tests.support import screens
    from tests.support.backend import start_backend
    from tests.support.service_closing import (
        CLOSED_AT,
        CLOSED_ON,
        clio_session,
        close_and_delete,
        close_on_the_services_side,
        start_after_deletion,
    )
    from ui.closing.wizard import PageId as ClosingPage
    from ui.common import background
    from ui.common.service_refusal import probe_data_api, refusal_text
    from ui.common.widgets import NoticeKind
    from ui.shell.application import Application, AppState
    from ui.shell.main_window import PageKey
    from ui.shell.options import LaunchOptions

    english_application()
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        screens.settle()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)
        log.info("saved %s", path)

    with tempfile.TemporaryDirectory(prefix="account-desk-shots-") as tmp:
        config.use_profile(Path(tmp) / "profile")
        (Path(tmp) / "home" / "Documents").mkdir(parents=True)
        os.environ["HOME"] = str(Path(tmp) / "home")
        opened: list[QWidget] = []
        backends = []
        sessions = []
        try:
            clio = start_backend(Path(tmp) / "clio", "--seed", "demo", "--style", "clio")
            backends.append(clio)
            session = clio_session(clio)
            sessions.append(session)
            wizard = screens.closing_wizard(session)
            opened.append(wizard)
            wizard.resize(760, 760)
            wizard.show()
            checklist = wizard.checklist  # type: ignore[attr-defined]
            screens.settle(lambda: all(item.loaded for item in checklist.items))
            wizard.next()  # type: ignore[attr-defined]
            for item in checklist.items:
                if not item.satisfied:
                    item.acknowledge.setChecked(True)
            wizard.next()  # type: ignore[attr-defined]
            wizard.access.choice.setCurrentIndex(1)  # type: ignore[attr-defined]
            wizard.next()  # type: ignore[attr-defined]
            wizard.next()  # type: ignore[attr-defined]
            assert wizard.currentId() == ClosingPage.ASSISTED  # type: ignore[attr-defined]
            save(wizard, "closing-6-with-the-service")
            page = wizard.assisted_page  # type: ignore[attr-defined]
            page.closed_check.setChecked(True)
            page.closed_on.setDate(page.closed_on.date().addDays(-3))
            save(wizard, "closing-6b-with-the-service-closed")
            wizard.next()  # type: ignore[attr-defined]
            record = wizard.done_page.record  # type: ignore[attr-defined]
            screens.settle(record.isVisible)
            save(wizard, "closing-7-done-entered")
            wizard.close()

            close_on_the_services_side(Path(tmp) / "deleted")
            deleted = start_after_deletion(Path(tmp) / "deleted")
            backends.append(deleted)
            gone = clio_session(deleted)
            sessions.append(gone)
            ClosingStore(gone.server.origin).save_entered_closing(CLOSED_ON, True)
            folder = Path(tmp) / "home" / "Documents" / "Harbor & Finch LLP export"
            folder.mkdir()
            assert gone.identity is not None
            LastExportStore(gone.http.base_url, gone.identity.key).remember(
                ExportRecord(
                    folder,
                    QDate(2026, 8, 1).startOfDay().toPython().astimezone(),
                    True,
                    tuple(kind.key for kind in ALL_KINDS),
                    True,
                    documents=412,
                )
            )
            window = screens.main_window(gone)
            opened.append(window)
            window.resize(1100, 800)
            window.show()
            try:
                probe_data_api(gone.http)
            except Exception as error:  # the server's 410, worded as the app words it
                banner = refusal_text(error, gone.server.origin)
                if banner is not None:
                    window.show_notice("problem", banner, NoticeKind.ERROR)  # type: ignore[attr-defined]
            export = screens.show_page(window, PageKey.EXPORT)
            screens.settle(lambda: export.refusal is not None)  # type: ignore[attr-defined]
            save(window, "after-deletion-export")
            countdown = screens.show_page(window, PageKey.AVAILABILITY)
            screens.settle(lambda: countdown.refusal is not None)  # type: ignore[attr-defined]
            save(window, "after-deletion-availability")
            window.close()

            # The app started after the deletion: the sign-in is refused, every page says why.
            started = start_backend(
                Path(tmp) / "started", "--seed", "demo", "--demo-controls", "--now", CLOSED_AT
            )
            backends.append(started)
            close_and_delete(started)
            app = Application(LaunchOptions(demo=True), demo_server=started.url)
            opened.append(app.window)
            app.window.resize(1100, 700)
            app.start()
            screens.settle(lambda: app.state is AppState.FAILED, 60)
            app.window.show_page(PageKey.EXPORT)
            save(app.window, "after-deletion-at-start")
            app.shutdown()
        finally:
            for widget in opened:
                if shiboken6.isValid(widget):
                    widget.close()
                    widget.deleteLater()
            background.wait_for_all(10)
            for opened_session in sessions:
                opened_session.close()
            background.shutdown()
            for backend in backends:
                backend.stop()
            config.use_profile(None)
    return saved


def capture_all_variants(out: Path) -> int:
    """Every variant in its own process (the scale factor is read when Qt starts)."""
    total = 0
    for suffix, environment, only in VARIANTS:
        command = [sys.executable, __file__, "--out", str(out), "--every-screen"]
        command += [f"--suffix={suffix}"] if suffix else []
        command += ["--only", ",".join(only)] if only else []
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        env.update(environment)
        log.info("rendering%s", f" {suffix}" if suffix else " at 100 %")
        subprocess.run(command, env=env, check=True, timeout=600, cwd=ROOT)  # noqa: S603
    for path in sorted(out.glob("*.png")):
        total += path.stat().st_size
    log.info("docs/screenshots: %.1f MB", total / 1e6)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
