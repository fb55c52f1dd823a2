"""The desktop app from start to quit: the QApplication, the `Application`, the event loop, and
quitting the normal way on Ctrl+C or SIGTERM (so the demo service stops too)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer

from ui.shell.application import Application
from ui.shell.options import LaunchOptions

log = logging.getLogger(__name__)


def run(options: LaunchOptions, *, on_shown: Callable[[], None] | None = None) -> int:
    """The desktop app until it quits. `on_shown` runs once the window is on screen."""
    from ui.shell.qt_app import create_application

    qt = create_application(language=options.language)
    application = Application(options)
    wake = _quit_on_signals()
    application.start(on_shown)
    try:
        return qt.exec()
    finally:
        wake.stop()
        application.shutdown()


def _quit_on_signals() -> QTimer:
    """Ctrl+C in a terminal, or SIGTERM when the desktop session ends, quit the app the normal
    way, so the demo service is stopped too. Python only runs signal handlers when it gets
    control, hence a timer that hands it control a few times a second."""
    import signal

    def quit_app(_signum: int, _frame: object) -> None:
        log.info("asked to quit by a signal")
        QCoreApplication.quit()

    for name in ("SIGINT", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, quit_app)
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(250)
    return wake
