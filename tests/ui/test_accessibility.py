"""Every screen as a screen-reader user meets it: each control a person can use has a name
(its own accessible name, a button's words, or a label that is its buddy), every dialog has a
default button and a way out with Escape, and Tab reaches every control of the main window.

The screens are built against the real demo backend, signed in as the Primary Subscriber and as
an attorney, the way the app builds them (tests/support/screens.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from tests.support import screens
from tests.support.backend import RunningBackend
from tests.support.screens import ELEANOR, MARGARET, Sessions

# What a screen reader must be able to name: everything a person can operate or read a value
# from. A progress bar is included because its percentage is read out with its name.
CONTROLS: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
    QProgressBar,
)


def _inside_another_control(widget: QWidget, root: QWidget) -> bool:
    """Parts of a composite control (a combo's list, a spin box's editor, a line edit's clear
    button) are named through the control itself."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, CONTROLS):
            return True
        parent = parent.parentWidget()
    return False


def _words(text: str) -> str:
    """A button's text as it is read out: without the & of its mnemonic; symbols alone
    (✕, …, >) are no name."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()
    return plain if any(ch.isalnum() for ch in plain) else ""


def name_of(widget: QWidget, buddies: dict[int, QLabel]) -> str:
    """The name a screen reader announces for `widget` (empty when it has none).

    Decided here explicitly: a button's visible words are its name (Qt exposes them as the
    accessible name); any other control needs its own accessible name or a QLabel buddy."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and _words(widget.text()):
        return _words(widget.text())
    label = buddies.get(id(widget))
    if label is not None and _words(label.text()):
        return _words(label.text())
    return ""


def unnamed_controls(root: QWidget) -> list[str]:
    """Every control under `root` (shown now or in some other state of the screen) that a
    screen reader could not name."""
    buddies = {
        id(label.buddy()): label for label in root.findChildren(QLabel) if label.buddy() is not None
    }
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar):
            continue  # scroll bars are named by Qt ("Vertical", "Horizontal")
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts, e.g. a toolbar's extension button
        if _inside_another_control(widget, root):
            continue
        if not name_of(widget, buddies):
            where = widget.parentWidget()
            container = f"{type(where).__name__} {where.objectName()!r}" if where else "-"
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} in {container}")
    return problems


@pytest.fixture
def sessions(demo_backend: RunningBackend) -> Iterator[Sessions]:
    with screens.sessions_on(demo_backend.url) as made:
        yield made


def show(qtbot: Any, widget: QWidget, width: int = 1100, height: int = 800) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    return widget


@pytest.mark.slow
@pytest.mark.parametrize("user", [MARGARET, ELEANOR], ids=["primary-subscriber", "attorney"])
def test_every_control_of_the_main_window_and_its_pages_has_a_name(
    qtbot: Any, sessions: Sessions, user: int
) -> None:
    window = show(qtbot, screens.main_window(sessions.signed_in(user)))
    problems: dict[str, list[str]] = {}
    for key in screens.page_keys():
        page = screens.show_page(window, key)
        found = unnamed_controls(page)
        if found:
            problems[str(key)] = found
    found = unnamed_controls(window)
    if found:
        problems["window"] = found
    assert not problems, problems


def test_the_check_finds_a_control_without_a_name(qtbot: Any) -> None:
    from PySide6.QtWidgets import QToolButton, QVBoxLayout

    root = QWidget()
    layout = QVBoxLayout(root)
    for widget in (QLineEdit(), QComboBox(), QToolButton(), QPushButton("&Save")):
        layout.addWidget(widget)
    root.findChild(QLineEdit).setObjectName("bare")
    root.findChild(QToolButton).setText("✕")
    buddy = QLabel("&Kind:")
    buddy.setBuddy(root.findChild(QComboBox))
    layout.addWidget(buddy)
    show(qtbot, root, 200, 200)
    # The line edit and the symbol-only button are nameless; the combo has its buddy and the
    # push button its words.
    assert unnamed_controls(root) == [
        "QLineEdit 'bare' in QWidget ''",
        "QToolButton '' in QWidget ''",
    ]


def test_every_control_of_the_sign_in_dialog_and_the_crash_dialog_has_a_name(qtbot: Any) -> None:
    from ui.shell.crash import CrashDialog, build_report

    dialog = show(qtbot, screens.signin_dialog(), 500, 300)
    assert unnamed_controls(dialog) == []
    try:
        raise RuntimeError("a problem")
    except RuntimeError as error:
        report = build_report(type(error), error, error.__traceback__)
    crash = show(qtbot, CrashDialog(report), 600, 400)
    assert unnamed_controls(crash) == []
    assert [b.text() for b in _default_buttons(crash)] == ["Close"]


@pytest.mark.slow
def test_every_control_of_each_closing_walkthrough_page_has_a_name(
    qtbot: Any, sessions: Sessions
) -> None:
    wizard = show(qtbot, screens.closing_wizard(sessions.signed_in(MARGARET)), 720, 560)
    screens.settle(lambda: screens.closing_loaded(wizard))
    problems = {name: unnamed_controls(page) for name, page in screens.wizard_pages(wizard)}
    problems["buttons"] = unnamed_controls(wizard)
    assert {name: found for name, found in problems.items() if found} == {}
    wizard.close()


def test_every_control_of_each_export_wizard_page_has_a_name(
    qtbot: Any, sessions: Sessions, tmp_path: Path
) -> None:
    wizard = show(qtbot, screens.export_wizard(sessions.signed_in(MARGARET), tmp_path / "x"))
    problems = {name: unnamed_controls(page) for name, page in screens.wizard_pages(wizard)}
    problems["buttons"] = unnamed_controls(wizard)
    assert {name: found for name, found in problems.items() if found} == {}
    wizard.close()


def _default_buttons(dialog: QWidget) -> list[QPushButton]:
    return [b for b in dialog.findChildren(QPushButton) if b.isVisible() and b.isDefault()]


def test_the_sign_in_dialog_has_one_default_button_and_escape_cancels(qtbot: Any) -> None:
    dialog = show(qtbot, screens.signin_dialog(), 500, 300)
    assert isinstance(dialog, QDialog)
    defaults = _default_buttons(dialog)
    assert [b.objectName() for b in defaults] == ["signInButton"]
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.slow
@pytest.mark.parametrize("which", ["closing", "export"])
def test_each_wizard_has_one_default_button_and_escape_leaves_it_from_the_first_page(
    qtbot: Any, sessions: Sessions, tmp_path: Path, which: str
) -> None:
    session = sessions.signed_in(MARGARET)
    wizard = (
        screens.closing_wizard(session)
        if which == "closing"
        else screens.export_wizard(session, tmp_path / "x")
    )
    show(qtbot, wizard, 720, 560)
    if which == "closing":
        screens.settle(lambda: screens.closing_loaded(wizard))
    assert len(_default_buttons(wizard)) == 1, [b.text() for b in _default_buttons(wizard)]
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    QTest.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=5_000)


@pytest.mark.slow
def test_tab_reaches_every_control_of_the_main_window_navigation_first(
    qtbot: Any, sessions: Sessions
) -> None:
    from ui.shell.main_window import PageKey

    window = show(qtbot, screens.main_window(sessions.signed_in(MARGARET)))
    page = screens.show_page(window, PageKey.ACCOUNT)
    window.activateWindow()
    qtbot.waitActive(window)
    window.navigation.setFocus(Qt.FocusReason.TabFocusReason)  # type: ignore[attr-defined]
    wanted = [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, CONTROLS)
        and w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not _inside_another_control(w, page)
    ]
    assert wanted, "the Account page shows no control"
    reached: list[QWidget] = []
    for _ in range(60):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is window.navigation:  # type: ignore[attr-defined]
            break  # round the whole window
        if focus is not None and focus not in reached:
            reached.append(focus)
    missing = [w.objectName() or type(w).__name__ for w in wanted if w not in reached]
    assert not missing, missing
    # Tab goes from the navigation into the page, not to the toolbar or status bar first.
    assert reached[0] is page or page.isAncestorOf(reached[0])
