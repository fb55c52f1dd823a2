"""The main window as a person uses it: reach every System page by mouse and keyboard, read the
status bar, sign out (after confirming), see the demo menu only in demo mode, see notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QLabel, QWidget

from ui.common.formats import app_locale
from ui.shell import main_window as main_window_module
from ui.shell.main_window import (
    ConnectionState,
    MainWindow,
    PageKey,
    PageRegistry,
    PageSpec,
    ShellActions,
    format_instant,
)
from ui.shell.placeholder import PlaceholderPage, system_pages

SYSTEM_TITLES = ["Account and Payment Info", "Data export", "Data availability", "Help"]


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def actions(self) -> ShellActions:
        return ShellActions(
            sign_in=lambda: self.calls.append(("sign_in", None)),
            sign_out=lambda: self.calls.append(("sign_out", None)),
            advance_clock=lambda days: self.calls.append(("advance_clock", days)),
        )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def window(qtbot: Any, recorder: Recorder) -> MainWindow:
    win = MainWindow(PageRegistry(system_pages()), recorder.actions(), demo_mode=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _visible_page_title(win: MainWindow) -> str:
    page = win.stack.currentWidget()
    assert isinstance(page, PlaceholderPage)
    return page.header.title_label.text()


def _nav_rows(win: MainWindow) -> list[str]:
    nav = win.navigation
    return [nav.topLevelItem(i).text(0) for i in range(nav.topLevelItemCount())]


def test_navigation_shows_the_system_group_with_its_four_pages(window: MainWindow) -> None:
    assert _nav_rows(window) == ["System", *SYSTEM_TITLES]
    # The group header is a label, not a page: it cannot be selected.
    header = window.navigation.topLevelItem(0)
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable
    assert _visible_page_title(window) == "Account and Payment Info"


def test_every_system_page_is_reachable_by_mouse(qtbot: Any, window: MainWindow) -> None:
    nav = window.navigation
    for row, title in enumerate(SYSTEM_TITLES, start=1):
        rect = nav.visualItemRect(nav.topLevelItem(row))
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert _visible_page_title(window) == title
    # Clicking the group header changes nothing.
    rect = nav.visualItemRect(nav.topLevelItem(0))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert _visible_page_title(window) == "Help"


def test_every_system_page_is_reachable_with_arrow_keys(qtbot: Any, window: MainWindow) -> None:
    window.navigation.setFocus()
    seen = [_visible_page_title(window)]
    for _ in SYSTEM_TITLES[1:]:
        qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
        seen.append(_visible_page_title(window))
    assert seen == SYSTEM_TITLES
    # Up from the first page skips the header and stays on a page.
    for _ in SYSTEM_TITLES:
        qtbot.keyClick(window.navigation, Qt.Key.Key_Up)
    assert _visible_page_title(window) == "Account and Payment Info"


def test_ctrl_number_shortcuts_open_each_page(qtbot: Any, window: MainWindow) -> None:
    for number, title in reversed(list(enumerate(SYSTEM_TITLES, start=1))):
        action = window.page_actions[window.registry.ordered()[number - 1].key]
        assert action.shortcut().toString() == f"Ctrl+{number}"
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert _visible_page_title(window) == title
        assert window.navigation.currentItem().text(0) == title


def test_pages_are_built_only_when_first_shown(qtbot: Any, recorder: Recorder) -> None:
    built: list[str] = []

    def factory(key: str) -> QWidget:
        built.append(key)
        return QLabel(key)

    registry = PageRegistry(
        PageSpec(key, "System", key.title(), lambda key=key: factory(key)) for key in ("one", "two")
    )
    win = MainWindow(registry, recorder.actions())
    qtbot.addWidget(win)
    assert built == ["one"]
    win.show_page("two")
    win.show_page("one")
    assert built == ["one", "two"]


def test_registering_a_key_again_replaces_the_placeholder(qtbot: Any, recorder: Recorder) -> None:
    registry = PageRegistry(system_pages())
    real = QLabel("the real account screen")
    registry.register(PageSpec(PageKey.ACCOUNT, "System", "Account and Payment Info", lambda: real))
    win = MainWindow(registry, recorder.actions())
    qtbot.addWidget(win)
    assert _nav_rows(win) == ["System", *SYSTEM_TITLES]
    assert win.stack.currentWidget() is real


def test_pages_from_several_groups_keep_their_order(qtbot: Any, recorder: Recorder) -> None:
    registry = PageRegistry(
        [
            PageSpec("a", "Firm", "Firm details", QLabel),
            *system_pages(),
            PageSpec("b", "Firm", "Users", QLabel),
        ]
    )
    win = MainWindow(registry, recorder.actions())
    qtbot.addWidget(win)
    assert _nav_rows(win) == ["Firm", "Firm details", "Users", "System", *SYSTEM_TITLES]


def test_status_bar_tells_server_user_connection_and_last_refresh(window: MainWindow) -> None:
    assert window.user_label.text() == "Not signed in"
    window.set_server("This computer (reference backend)")
    window.set_signed_in("Margaret Harbor")
    refreshed = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    window.set_last_refresh(refreshed)
    window.set_connection_state(ConnectionState.RECONNECTING)

    assert window.server_label.text() == "Server: This computer (reference backend)"
    assert window.user_label.text() == "Signed in as Margaret Harbor"
    assert window.connection_label.text() == "Reconnecting…"
    expected_time = format_instant(refreshed)
    assert window.refresh_label.text() == f"As of {expected_time}"
    # Whatever the person's locale, the time is written the locale's way, in local time
    # (the bare C locale reads as US English, as everywhere in the app).
    assert expected_time == app_locale().toString(
        QDateTime.fromSecsSinceEpoch(int(refreshed.timestamp())),
        QLocale.FormatType.ShortFormat,
    )
    window.set_connection_state(ConnectionState.ONLINE)
    assert window.connection_label.text() == "Online"


def test_offline_banner_shows_the_time_of_the_data(window: MainWindow) -> None:
    refreshed = datetime.now(UTC) - timedelta(hours=3, minutes=10)
    window.set_last_refresh(refreshed)
    window.set_connection_state(ConnectionState.OFFLINE)
    banner = window.notice("offline")
    assert banner is not None and banner.isVisible()
    assert banner.text == (
        f"Offline — showing data as of {format_instant(refreshed)} (3 hours old)"
    )
    assert banner.close_button is None  # it goes away by itself when back online
    window.set_connection_state(ConnectionState.ONLINE)
    assert window.notice("offline") is None
    assert not window.banner_area.isVisible()


def test_keyring_notice_can_be_read_and_dismissed(qtbot: Any, window: MainWindow) -> None:
    banner = window.show_keyring_unavailable_notice()
    assert banner.isVisible()
    assert banner.text == (
        "Your system keyring is not available: you will have to sign in again next time."
    )
    assert banner.close_button is not None
    assert banner.close_button.accessibleName() == "Dismiss this notice"
    qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert window.notice("keyring") is None


def test_sign_in_and_out_follow_the_signed_in_state(window: MainWindow, recorder: Recorder) -> None:
    assert window.sign_in_action.isEnabled() and not window.sign_out_action.isEnabled()
    window.sign_in_action.trigger()
    assert recorder.calls == [("sign_in", None)]
    window.set_signed_in("Daniel Okafor")
    assert not window.sign_in_action.isEnabled() and window.sign_out_action.isEnabled()
    toolbar_texts = [a.text() for a in window.toolbar.actions()]
    assert toolbar_texts == ["Sign &in…", "Sign &out…"]


def test_sign_out_asks_first_and_does_nothing_when_declined(
    window: MainWindow, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[tuple[str, str]] = []

    def answer(parent: Any, title: str, text: str, confirm_label: str, info: str = "") -> bool:
        questions.append((text, confirm_label))
        return False

    monkeypatch.setattr(main_window_module.widgets, "ask_confirmation", answer)
    window.set_signed_in("Margaret Harbor")
    window.sign_out_action.trigger()
    assert questions == [("Sign out of Account Desk?", "Sign out")]
    assert recorder.calls == []


def test_sign_out_calls_the_action_once_confirmed(
    window: MainWindow, recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module.widgets, "ask_confirmation", lambda *a, **k: True)
    window.set_signed_in("Margaret Harbor")
    window.sign_out_action.trigger()
    assert recorder.calls == [("sign_out", None)]


def test_the_real_confirmation_has_cancel_as_the_safe_default(
    qtbot: Any, window: MainWindow, recorder: Recorder
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    window.set_signed_in("Margaret Harbor")
    answered: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answered.append(box.defaultButton().text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, press_enter)
    window.sign_out_action.trigger()
    assert answered == ["Cancel"]
    assert recorder.calls == []


def _menu_titles(win: MainWindow) -> list[str]:
    return [action.text() for action in win.menuBar().actions()]


def test_demo_menu_absent_outside_demo_mode(window: MainWindow) -> None:
    assert "&Demo" not in _menu_titles(window)
    assert window.demo_clock_actions == {}
    assert window.windowTitle() == "Account Desk"


def test_demo_menu_moves_the_clock(qtbot: Any, recorder: Recorder) -> None:
    win = MainWindow(PageRegistry(system_pages()), recorder.actions(), demo_mode=True)
    qtbot.addWidget(win)
    assert "&Demo" in _menu_titles(win)
    assert win.demo_menu is not None
    assert [a.text() for a in win.demo_menu.actions()] == [
        "Move the clock on 1 day",
        "Move the clock on 30 days",
        "Move the clock on 90 days",
        "Move the clock on 180 days",
    ]
    for action in win.demo_menu.actions():
        action.trigger()
    assert recorder.calls == [("advance_clock", d) for d in (1, 30, 90, 180)]
    assert win.windowTitle() == "Account Desk (demo)"


def test_controls_have_accessible_names(window: MainWindow) -> None:
    assert window.navigation.accessibleName() == "Settings sections"
    assert window.navigation.focusPolicy() & Qt.FocusPolicy.TabFocus
    for label in (window.server_label, window.user_label, window.refresh_label):
        assert label.accessibleName()
    assert window.connection_label.accessibleName() == "Connection: Online"
    for key in PageKey:
        assert window.page(key).accessibleName()


def test_help_has_the_standard_help_key_too(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    shortcuts = window.page_actions[PageKey.HELP].shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.HelpContents) in shortcuts


def test_navigation_fits_its_longest_entry(window: MainWindow) -> None:
    nav = window.navigation
    assert nav.sizeHintForColumn(0) <= nav.viewport().width()


def test_tab_reaches_every_control(qtbot: Any, recorder: Recorder) -> None:
    from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout

    def page_with_controls() -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLineEdit(objectName="pageField"))
        layout.addWidget(QPushButton("Close Account", objectName="pageButton"))
        return page

    registry = PageRegistry(system_pages())
    registry.register(
        PageSpec(PageKey.ACCOUNT, "System", "Account and Payment Info", page_with_controls)
    )
    win = MainWindow(registry, recorder.actions())
    qtbot.addWidget(win)
    win.show_keyring_unavailable_notice()
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.navigation.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.navigation)
    reached: list[str] = []
    for _ in range(8):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        reached.append(now.objectName() or type(now).__name__)
    assert {"pageField", "pageButton", "settingsNavigation"} <= set(reached)
    banner = win.notice("keyring")
    assert banner is not None and banner.close_button is not None
    assert banner.close_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert any(name == "QToolButton" for name in reached), reached


@pytest.mark.parametrize(
    ("age", "words"),
    [
        (timedelta(seconds=20), "less than a minute old"),
        (timedelta(minutes=1, seconds=5), "1 minute old"),
        (timedelta(minutes=59), "59 minutes old"),
        (timedelta(hours=1), "1 hour old"),
        (timedelta(hours=47, minutes=59), "47 hours old"),
        (timedelta(days=2), "2 days old"),
        (timedelta(days=400), "400 days old"),
    ],
)
def test_the_age_of_offline_data_in_words(age: timedelta, words: str) -> None:
    now = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    assert main_window_module.describe_age(now - age, now) == words


def test_the_window_opens_again_where_and_as_large_as_it_was(
    qtbot: Any, recorder: Recorder
) -> None:
    from app import config

    first = MainWindow(PageRegistry(system_pages()), recorder.actions(), demo_mode=False)
    qtbot.addWidget(first)
    first.restore_geometry()  # nothing saved yet: the default size
    first.show()
    qtbot.waitExposed(first)
    assert (first.width(), first.height()) == (980, 640)
    first.resize(760, 520)  # within the test screen (offscreen: 800 x 600)
    qtbot.waitUntil(lambda: first.width() == 760)
    first.close()
    assert "window_geometry" in config.load_settings().extra

    second = MainWindow(PageRegistry(system_pages()), recorder.actions(), demo_mode=False)
    qtbot.addWidget(second)
    second.restore_geometry()
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (760, 520)
    second.close()
