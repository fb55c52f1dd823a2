"""A language chosen in the app: the Language menu offers the system's language, English and
Canadian French; a choice switches the window at once, is remembered in the settings, and the
next start opens in it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from app import config
from ui.shell import qt_app
from ui.shell.main_window import MainWindow, PageKey, PageRegistry
from ui.shell.placeholder import system_pages


@pytest.fixture
def restore_language(qapp: Any) -> Iterator[None]:
    previous = QLocale()
    yield
    qt_app.remove_translators()
    QLocale.setDefault(previous)


def _menus(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def _navigation(window: MainWindow) -> list[str]:
    return [
        window.navigation.topLevelItem(i).text(0)
        for i in range(window.navigation.topLevelItemCount())
    ]


def _new_window(qtbot: Any) -> MainWindow:
    window = MainWindow(PageRegistry(system_pages()))
    qtbot.addWidget(window)
    return window


def test_french_chosen_in_the_menu_applies_at_once_and_at_the_next_start(
    qtbot: Any, restore_language: None
) -> None:
    window = _new_window(qtbot)
    window.show_page(PageKey.EXPORT)
    names = [action.text() for action in window.language_menu.actions()]
    assert names == ["&System language", "English", "Français (Canada)"]
    assert window.language_actions[""].isChecked()

    window.language_actions["fr_CA"].trigger()

    assert config.saved_language() == "fr_CA"
    assert _menus(window) == ["&Compte", "&Aller à", "&Langue", "Aid&e"]
    assert _navigation(window) == [
        "Système",
        "Compte et paiement",
        "Exportation des données",
        "Disponibilité des données",
        "Aide",
    ]
    assert window.user_label.text() == "Non connecté"
    assert window.current_page_key == PageKey.EXPORT  # the same page, in French
    assert window.language_actions["fr_CA"].isChecked()
    window.close()

    # The next start reads the choice (as ui.shell.qt_app.create_application does).
    qt_app.remove_translators()
    QLocale.setDefault(QLocale.c())
    assert qt_app.apply_language(None).name() == "fr_CA"
    again = _new_window(qtbot)
    assert _menus(again) == ["&Compte", "&Aller à", "&Langue", "Aid&e"]
    assert again.windowTitle() == "Account Desk"
    assert again.language_actions["fr_CA"].isChecked()

    # Back to the system's language (US English here): forgotten, and English at once.
    again.language_actions[""].trigger()
    assert config.saved_language() is None
    assert _menus(again) == ["&Account", "&Go", "&Language", "&Help"]
    assert _navigation(again)[1] == "Account and Payment Info"
    again.close()


def test_the_language_is_kept_with_the_other_settings() -> None:
    config.save_settings(config.Settings(last_user="margaret@example.com"))
    config.save_language("fr_CA")
    assert config.saved_language() == "fr_CA"
    assert config.load_settings().last_user == "margaret@example.com"
    config.save_language(None)
    assert config.saved_language() is None
    assert "language" not in config.load_settings().extra
