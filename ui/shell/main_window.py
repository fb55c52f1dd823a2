"""The main window: Settings navigation grouped like the service's own settings, the pages,
notice banners, the status bar (server, user, connection, last refresh) and the menus.

Pages are pluggable: a `PageRegistry` of `PageSpec(key, group, title, factory)` (from
ui.shell.page_registry, also importable from here); a page is built the first time it is shown.
What the window does on sign-in, sign-out and demo clock moves is injected as plain callables
(`ShellActions`), so the window knows no client code.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import config
from ui.common import widgets
from ui.common.formats import format_instant
from ui.common.widgets import NoticeBanner, NoticeKind
from ui.shell import qt_app, window_geometry
from ui.shell.navigation import HEADER_ROLE, KEY_ROLE, NavigationDelegate
from ui.shell.page_registry import ConnectionState as ConnectionState
from ui.shell.page_registry import PageKey as PageKey
from ui.shell.page_registry import PageRegistry as PageRegistry
from ui.shell.page_registry import PageSpec as PageSpec
from ui.shell.page_registry import ShellActions as ShellActions
from ui.shell.placeholder import system_pages

if TYPE_CHECKING:
    # Only named in annotations: each Qt class costs start-up time the first time it is named.
    from PySide6.QtGui import QCloseEvent

log = logging.getLogger(__name__)

APP_TITLE = "Account Desk"
DEMO_CLOCK_STEPS = (1, 30, 90, 180)
# Ctrl+1..Ctrl+9 go to the pages in navigation order.
MAX_NUMBERED_SHORTCUTS = 9


def _tr(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context; it
    # sees the count of a plural (%Ln) only in tr-like calls such as this one.
    return QCoreApplication.translate("", text, disambiguation or None, n)


def describe_age(when: datetime, now: datetime | None = None) -> str:
    """How old data fetched at `when` is, in words ("3 hours old")."""
    seconds = ((now or datetime.now(when.tzinfo)) - when).total_seconds()
    minutes = max(0, int(seconds // 60))
    if minutes < 1:
        return QCoreApplication.translate("MainWindow", "less than a minute old")
    # (the counts are worked out first: lupdate reads "//" in a call as a comment)
    hours, days = divmod(minutes, 60)[0], divmod(minutes, 24 * 60)[0]
    if minutes < 60:
        return _tr("%Ln minute(s) old", "", minutes)
    if minutes < 48 * 60:
        return _tr("%Ln hour(s) old", "", hours)
    return _tr("%Ln day(s) old", "", days)


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(
        self,
        registry: PageRegistry,
        actions: ShellActions | None = None,
        *,
        demo_mode: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.registry = registry
        self.shell_actions = actions or ShellActions()
        self.demo_mode = demo_mode
        self._pages: dict[str, QWidget] = {}
        self._nav_items: dict[str, QTreeWidgetItem] = {}
        self._notices: dict[str, NoticeBanner] = {}
        self._connection = ConnectionState.ONLINE
        self._last_refresh: datetime | None = None
        self._user: str | None = None
        self._server_name: str | None = None

        self.setWindowTitle(
            self.tr("Account Desk (demo)") if demo_mode else self.tr("Account Desk")
        )
        self._build_central()
        self._build_status_bar()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.set_signed_in(None)
        self.resize(980, 640)
        first = self.registry.ordered()
        if first:
            self.show_page(first[0].key)

    # -- construction -------------------------------------------------------------------------

    def _build_central(self) -> None:
        self.navigation = QTreeWidget()
        self.navigation.setObjectName("settingsNavigation")
        self.navigation.setHeaderHidden(True)
        self.navigation.setRootIsDecorated(False)
        self.navigation.setItemsExpandable(False)
        self.navigation.setIndentation(0)
        self.navigation.setUniformRowHeights(False)
        self.navigation.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.navigation.setAccessibleName(self.tr("Settings sections"))
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.navigation.setMinimumWidth(200)

        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")
        self.stack.setAccessibleName(self.tr("Page"))

        # A flat list: group headers are disabled rows (arrow keys skip them), pages are indented
        # by the delegate. (Nested items would inherit the headers' disabled state.)
        self.navigation.setItemDelegate(NavigationDelegate(self.navigation))
        self._fill_navigation()
        self.navigation.currentItemChanged.connect(self._on_nav_current_changed)

        self.banner_area = QWidget()
        self.banner_area.setObjectName("noticeArea")
        self._banner_layout = QVBoxLayout(self.banner_area)
        self._banner_layout.setContentsMargins(8, 8, 8, 0)
        self._banner_layout.setSpacing(6)
        self.banner_area.hide()

        page_holder = QWidget()
        page_layout = QVBoxLayout(page_holder)
        page_layout.setContentsMargins(16, 12, 16, 12)
        page_layout.addWidget(self.stack)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.navigation)
        splitter.addWidget(page_holder)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 750])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner_area)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.navigation, self.stack)

    def _fill_navigation(self) -> None:
        header_font = QFont(self.navigation.font())
        header_font.setBold(True)
        for group, specs in self.registry.groups():
            header = QTreeWidgetItem([group])
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(0, header_font)
            header.setData(0, HEADER_ROLE, True)
            # Readable despite being disabled: the delegate paints it in the normal text colour.
            header.setData(0, Qt.ItemDataRole.AccessibleTextRole, group)
            self.navigation.addTopLevelItem(header)
            for spec in specs:
                item = QTreeWidgetItem([spec.title])
                item.setData(0, KEY_ROLE, spec.key)
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, spec.title)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.navigation.addTopLevelItem(item)
                self._nav_items[spec.key] = item

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.server_label = QLabel()
        self.server_label.setObjectName("statusServer")
        self.user_label = QLabel()
        self.user_label.setObjectName("statusUser")
        self.connection_label = QLabel()
        self.connection_label.setObjectName("statusConnection")
        self.refresh_label = QLabel()
        self.refresh_label.setObjectName("statusRefresh")
        labels = (self.server_label, self.user_label, self.connection_label, self.refresh_label)
        for index, label in enumerate(labels):
            label.setTextFormat(Qt.TextFormat.PlainText)
            if index:
                separator = QFrame()
                separator.setFrameShape(QFrame.Shape.VLine)
                separator.setFrameShadow(QFrame.Shadow.Sunken)
                bar.addPermanentWidget(separator)
            bar.addPermanentWidget(label)
        self.set_server(None)
        self.set_connection_state(ConnectionState.ONLINE)
        self.set_last_refresh(None)

    def _build_actions(self) -> None:
        self.sign_in_action = QAction(self.tr("Sign &in…"), self)
        self.sign_in_action.setObjectName("signInAction")
        self.sign_in_action.setToolTip(self.tr("Sign in with your browser"))
        self.sign_in_action.triggered.connect(self._sign_in)
        self.sign_out_action = QAction(self.tr("Sign &out…"), self)
        self.sign_out_action.setObjectName("signOutAction")
        self.sign_out_action.setToolTip(self.tr("Sign out and forget this computer's sign-in"))
        self.sign_out_action.triggered.connect(self._sign_out)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)

        self.page_actions: dict[str, QAction] = {}
        for number, spec in enumerate(self.registry.ordered(), start=1):
            action = QAction(spec.title, self)
            action.setObjectName(f"goTo-{spec.key}")
            if number <= MAX_NUMBERED_SHORTCUTS:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=spec.key: self._go_to(key))
            self.page_actions[spec.key] = action
        help_action = self.page_actions.get(PageKey.HELP)
        if help_action is not None:
            help_action.setShortcuts(
                [help_action.shortcut(), QKeySequence(QKeySequence.StandardKey.HelpContents)]
            )

        self.demo_clock_actions: dict[int, QAction] = {}
        if self.demo_mode:
            for days in DEMO_CLOCK_STEPS:
                text = self.tr("Move the clock on %Ln day(s)", "", days)
                action = QAction(text, self)
                action.setObjectName(f"demoClock{days}")
                action.triggered.connect(lambda _checked=False, d=days: self._advance_clock(d))
                self.demo_clock_actions[days] = action

        self.about_action = QAction(self.tr("&About Account Desk"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self._about)

    def _build_menus_and_toolbar(self) -> None:
        menu_bar = self.menuBar()
        account_menu = menu_bar.addMenu(self.tr("&Account"))
        account_menu.addAction(self.sign_in_action)
        account_menu.addAction(self.sign_out_action)
        account_menu.addSeparator()
        account_menu.addAction(self.quit_action)

        go_menu = menu_bar.addMenu(self.tr("&Go"))
        for spec in self.registry.ordered():
            go_menu.addAction(self.page_actions[spec.key])

        self.demo_menu = None
        if self.demo_mode:
            self.demo_menu = menu_bar.addMenu(self.tr("&Demo"))
            self.demo_menu.setObjectName("demoMenu")
            for action in self.demo_clock_actions.values():
                self.demo_menu.addAction(action)

        # Each language by its own name; the choice is remembered and applies at once.
        self.language_menu = menu_bar.addMenu(self.tr("&Language"))
        self.language_menu.setObjectName("languageMenu")
        group = QActionGroup(self.language_menu)
        chosen = (config.saved_language() or "").replace("-", "_")
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("", self.tr("&System language")), *qt_app.LANGUAGES):
            action = QAction(name, group)
            action.setObjectName(f"language-{code or 'system'}")
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c or None))
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        if PageKey.HELP in self.page_actions:
            help_menu.addAction(self.page_actions[PageKey.HELP])
        help_menu.addAction(self.about_action)

        self.toolbar = QToolBar(self.tr("Account"))
        self.toolbar.setObjectName("accountToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.sign_in_action)
        self.toolbar.addAction(self.sign_out_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    # -- language -----------------------------------------------------------------------------

    def choose_language(self, language: str | None) -> None:
        """Remember the interface language (None: the system's) and switch to it at once."""
        try:
            config.save_language(language)
        except OSError:
            log.warning("the language choice could not be saved", exc_info=True)
            self.show_notice(
                "language",
                self.tr("The language could not be remembered for the next start."),
                NoticeKind.WARNING,
            )
        qt_app.apply_language(language)
        self.retranslate()

    def retranslate(self) -> None:
        """Show everything again in the current language: titles, menus, navigation, status
        bar, and the pages (rebuilt)."""
        fresh = {spec.key: spec for spec in system_pages()}
        specs = self.registry.specs()
        groups = {spec.group: fresh[spec.key].group for spec in specs if spec.key in fresh}
        for spec in specs:
            title = fresh[spec.key].title if spec.key in fresh else spec.title
            self.registry.register(
                replace(spec, group=groups.get(spec.group, spec.group), title=title)
            )
        self.setWindowTitle(
            self.tr("Account Desk (demo)") if self.demo_mode else self.tr("Account Desk")
        )
        self.navigation.setAccessibleName(self.tr("Settings sections"))
        self.stack.setAccessibleName(self.tr("Page"))
        # Menus, toolbar and commands are built anew.
        old = [
            self.sign_in_action,
            self.sign_out_action,
            self.quit_action,
            self.about_action,
            *self.page_actions.values(),
            *self.demo_clock_actions.values(),
        ]
        menus = [action.menu() for action in self.menuBar().actions()]
        self.menuBar().clear()
        self.removeToolBar(self.toolbar)
        for thing in [*old, *menus, self.toolbar]:
            if thing is not None:
                thing.deleteLater()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.navigation.blockSignals(True)
        self.navigation.clear()
        self._nav_items.clear()
        self._fill_navigation()
        self.navigation.blockSignals(False)
        self.set_server(self._server_name)
        self.set_signed_in(self._user)
        self.set_connection_state(self._connection)
        self.set_last_refresh(self._last_refresh)
        if self.current_page_key is None and self.registry.ordered():
            self.show_page(self.registry.ordered()[0].key)
        self.discard_pages()

    # -- pages --------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for `key`, built on first use."""
        page = self._pages.get(key)
        if page is None:
            spec = self.registry.get(key)
            page = spec.factory()
            page.setObjectName(page.objectName() or f"page-{key}")
            if not page.accessibleName():
                page.setAccessibleName(spec.title)
            self.stack.addWidget(page)
            self._pages[key] = page
        return page

    def discard_pages(self) -> None:
        """Drop every built page (e.g. after signing in as someone else); the current one is
        rebuilt at once by its factory, the others when next shown."""
        current = self.current_page_key
        pages, self._pages = self._pages, {}
        for page in pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        if current is not None:
            self.show_page(current)

    def built_pages(self) -> dict[str, QWidget]:
        return dict(self._pages)

    @property
    def current_page_key(self) -> str | None:
        current = self.stack.currentWidget()
        for key, page in self._pages.items():
            if page is current:
                return key
        return None

    def show_page(self, key: str) -> QWidget:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        item = self._nav_items[key]
        if self.navigation.currentItem() is not item:
            self.navigation.setCurrentItem(item)
        self.page_changed.emit(key)
        return page

    def _go_to(self, key: str) -> None:
        self.show_page(key)
        self.navigation.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_nav_current_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is None:
            return
        key = current.data(0, KEY_ROLE)
        if key and key != self.current_page_key:
            self.show_page(str(key))

    # -- status bar ---------------------------------------------------------------------------

    def set_server(self, name: str | None) -> None:
        """Where the app is connected: a preset's name or the custom address."""
        self._server_name = name
        if name:  # a preset's name is translated (Servers); an address stays as it is
            name = QCoreApplication.translate("Servers", name)
        text = self.tr("Server: %1").replace("%1", name) if name else self.tr("No server chosen")
        self.server_label.setText(text)
        self.server_label.setAccessibleName(text)

    def set_signed_in(self, user_name: str | None) -> None:
        """Who is signed in (None: nobody); switches the Sign in / Sign out commands."""
        self._user = user_name
        text = (
            self.tr("Signed in as %1").replace("%1", user_name)
            if user_name
            else self.tr("Not signed in")
        )
        self.user_label.setText(text)
        self.user_label.setAccessibleName(text)
        self.sign_in_action.setEnabled(user_name is None)
        self.sign_out_action.setEnabled(user_name is not None)

    @property
    def signed_in_user(self) -> str | None:
        return self._user

    def set_connection_state(self, state: ConnectionState) -> None:
        """Online, offline or reconnecting; offline states also show the "as of" banner."""
        self._connection = state
        text = {
            ConnectionState.CONNECTING: self.tr("Connecting…"),
            ConnectionState.ONLINE: self.tr("Online"),
            ConnectionState.OFFLINE: self.tr("Offline"),
            ConnectionState.RECONNECTING: self.tr("Reconnecting…"),
        }[state]
        self.connection_label.setText(text)
        self.connection_label.setAccessibleName(self.tr("Connection: %1").replace("%1", text))
        self._update_offline_notice()

    @property
    def connection_state(self) -> ConnectionState:
        return self._connection

    def set_last_refresh(self, when: datetime | None) -> None:
        """When the data on screen was last fetched from the server (aware datetime)."""
        self._last_refresh = when
        text = (
            self.tr("As of %1").replace("%1", format_instant(when))
            if when is not None
            else self.tr("Not refreshed yet")
        )
        self.refresh_label.setText(text)
        self.refresh_label.setAccessibleName(text)
        self._update_offline_notice()

    def _update_offline_notice(self) -> None:
        if not hasattr(self, "_notices"):
            return
        if self._connection in (ConnectionState.ONLINE, ConnectionState.CONNECTING):
            self.hide_notice("offline")
            return
        if self._last_refresh is not None:
            # The age in words too: "as of" alone makes the reader do the arithmetic.
            when = f"{format_instant(self._last_refresh)} ({describe_age(self._last_refresh)})"
            text = (
                self.tr("Offline — showing data as of %1").replace("%1", when)
                if self._connection is ConnectionState.OFFLINE
                else self.tr("Reconnecting — showing data as of %1").replace("%1", when)
            )
        else:
            text = (
                self.tr("Offline — Account Desk cannot reach the server.")
                if self._connection is ConnectionState.OFFLINE
                else self.tr("Reconnecting to the server…")
            )
        self.show_notice("offline", text, NoticeKind.WARNING, dismissible=False)

    # -- notices ------------------------------------------------------------------------------

    def show_notice(
        self,
        key: str,
        text: str,
        kind: NoticeKind = NoticeKind.INFO,
        dismissible: bool = True,
    ) -> NoticeBanner:
        """Show (or update) the banner called `key` above the pages."""
        banner = self._notices.get(key)
        if banner is not None and banner.kind is kind:
            banner.set_text(text)
        else:
            if banner is not None:
                self.hide_notice(key)
            banner = NoticeBanner(text, kind, dismissible)
            banner.setObjectName(f"notice-{key}")
            banner.dismissed.connect(lambda k=key: self.hide_notice(k))
            self._banner_layout.addWidget(banner)
            self._notices[key] = banner
        banner.show()
        self.banner_area.show()
        return banner

    def hide_notice(self, key: str) -> None:
        banner = self._notices.pop(key, None)
        if banner is not None:
            self._banner_layout.removeWidget(banner)
            banner.hide()
            banner.deleteLater()
        if not self._notices:
            self.banner_area.hide()

    def notice(self, key: str) -> NoticeBanner | None:
        return self._notices.get(key)

    def show_keyring_unavailable_notice(self) -> NoticeBanner:
        """Credentials are kept in memory only (no usable system keyring)."""
        return self.show_notice(
            "keyring",
            self.tr(
                "Your system keyring is not available: you will have to sign in again next time."
            ),
            NoticeKind.WARNING,
        )

    # -- commands -----------------------------------------------------------------------------

    def _sign_in(self) -> None:
        self.shell_actions.sign_in()

    def _sign_out(self) -> None:
        confirmed = widgets.ask_confirmation(
            self,
            self.tr("Sign out"),
            self.tr("Sign out of Account Desk?"),
            self.tr("Sign out"),
            self.tr(
                "This computer forgets your sign-in. You will sign in again with your browser"
                " next time."
            ),
        )
        if confirmed:
            self.shell_actions.sign_out()

    def _advance_clock(self, days: int) -> None:
        if self.shell_actions.advance_clock is not None:
            self.shell_actions.advance_clock(days)

    def _about(self) -> None:
        # Imported when asked: the About box is not needed before the window is shown.
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About Account Desk"),
            self.tr(
                "Account Desk lets a firm's administrator review the subscription, export all"
                " practice data, close the account safely and see how long the data stays"
                " available."
            ),
        )

    # -- where the window was ------------------------------------------------------------------

    def restore_geometry(self) -> None:
        """Put the window where and as large as it was when last closed."""
        window_geometry.restore(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        log.debug("main window closing")
        window_geometry.save(self)
        super().closeEvent(event)
