"""Errors from app/ read in the person's language: each error has a stable code naming its
sentence (English in app/, for the command line and the logs), and ui/common/error_text.py shows the
translation of that sentence, with its values (a folder, a path) filled in. In Canadian
French an unreachable server is told in French on the Data availability page."""

from __future__ import annotations

import errno
import importlib
import pkgutil
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

import app
from app.account.selfservice import SelfServiceClient
from app.closing.store import ClosingStore
from app.errors import AccountDeskError, ConnectionFailed, PermissionDenied
from app.export.errors import NotAnExportFolder, destination_error, journal_error
from app.export.progress_lines import error_event, error_from_event
from app.net.http import HttpSession, RetryPolicy, Timeouts, check_url
from app.net.servers import local_server
from ui.closing.countdown_page import AvailabilityPage
from ui.closing.tray import MilestoneNotifier
from ui.common.error_text import TEXTS, error_text
from ui.shell import qt_app

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "http://127.0.0.1:9"  # nothing listens on the discard port


def _all_error_classes() -> list[type[AccountDeskError]]:
    for module in pkgutil.walk_packages(app.__path__, "app."):
        importlib.import_module(module.name)
    found: list[type[AccountDeskError]] = [AccountDeskError]
    for cls in found:
        found.extend(cls.__subclasses__())
    return found


@pytest.fixture
def french(qapp: Any) -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale("fr_CA"))
    installed: list[QTranslator] = qt_app.install_translators(qapp, QLocale("fr_CA"))
    yield
    for translator in installed:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(previous)


def test_every_error_sentence_has_its_own_code_and_a_text_in_the_interface() -> None:
    owners: dict[str, str] = {}
    for cls in _all_error_classes():
        if "default_message" not in cls.__dict__:
            continue  # says its parent's sentence, under its parent's code
        assert "code" in cls.__dict__, f"{cls.__name__} has a sentence of its own but no code"
        assert cls.code not in owners, f"{cls.__name__} and {owners[cls.code]} share a code"
        owners[cls.code] = cls.__name__
        assert TEXTS.get(cls.code) == cls.default_message, cls.__name__


def test_every_code_app_gives_a_sentence_has_a_text_in_the_interface() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app").rglob("*.py"))
    given = set(re.findall(r'code="(\w+)"', source))
    given |= set(re.findall(r'\.coded\(\s*"(\w+)"', source))
    assert len(given) >= 10
    assert given - set(TEXTS) == set()


def test_in_english_the_interface_says_what_app_says(tmp_path: Path) -> None:
    blocked = destination_error(OSError(errno.ENOTDIR, "Not a directory", "/x/documents"))
    denied = destination_error(OSError(errno.EACCES, "Permission denied", str(tmp_path)))
    import sqlite3

    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorcode = sqlite3.SQLITE_IOERR  # type: ignore[attr-defined]
    for error in (
        ConnectionFailed(),
        NotAnExportFolder(),
        PermissionDenied(status=403, error_type="not_primary_subscriber"),
        blocked,
        denied,
        journal_error(io, tmp_path),
    ):
        assert error.code in TEXTS
        assert error_text(error) == error.message
    # A sentence without a code (the service's own words) is shown as it is.
    assert error_text(AccountDeskError("The firm said no.")) == "The firm said no."


def test_in_french_app_errors_read_in_french_with_their_values(french: None) -> None:
    assert error_text(ConnectionFailed()) == (
        "Account Desk n'a pas pu joindre le serveur. Vérifiez votre connexion Internet et "
        "réessayez."
    )
    with pytest.raises(AccountDeskError) as raised:
        check_url("ftp://example.com")
    assert error_text(raised.value) == "Ce n'est pas une adresse de serveur valide."
    blocked = destination_error(OSError(errno.ENOTDIR, "Not a directory", "/x/documents"))
    assert error_text(blocked).startswith(
        "Un fichier se trouve là où l'exportation a besoin d'un dossier : /x/documents."
    )
    # Across the export's process boundary the code and its values come along.
    again = error_from_event(error_event(blocked))
    assert error_text(again) == error_text(blocked)
    assert blocked.message.startswith("A file stands where")  # the CLI keeps its English


def test_in_french_the_data_availability_page_says_the_server_is_unreachable_in_french(
    qtbot: Any, french: None
) -> None:
    http = HttpSession(
        UNREACHABLE, timeouts=Timeouts(connect=1.0, read=1.0), retry=RetryPolicy(max_attempts=1)
    )
    server = local_server(UNREACHABLE)

    class Session:
        def __init__(self) -> None:
            self.server = server
            self.selfservice = SelfServiceClient(http, server.self_service_base)
            self.firm_name = "Harbor & Finch LLP"

    ClosingStore(UNREACHABLE)  # nothing saved: the page has only the error to say
    page = AvailabilityPage(
        Session(),  # type: ignore[arg-type]
        notifier=MilestoneNotifier(use_tray=False),
        tz=UTC,
        clock=lambda: datetime(2027, 1, 10, tzinfo=UTC),
    )
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.refresh_button.isEnabled(), timeout=15_000)
    text = page.offline_notice.text
    assert "n'a pas pu joindre le serveur" in text, text
    assert "could not reach" not in text
    page.close()
    http.close()


def test_in_french_a_closing_whose_outcome_is_unknown_is_told_in_french(french: None) -> None:
    from app.account.models import ReasonCode
    from app.closing.sender import ClosingOutcome, ClosingRequest, ClosingSender
    from ui.common.error_text import coded_text

    http = HttpSession(
        UNREACHABLE, timeouts=Timeouts(connect=1.0, read=1.0), retry=RetryPolicy(max_attempts=1)
    )
    http.set_token("t")
    client = SelfServiceClient(http, local_server(UNREACHABLE).self_service_base)
    request = ClosingRequest("Harbor & Finch LLP", ReasonCode.UNUSED, "", None)
    result = ClosingSender(client, ClosingStore(UNREACHABLE)).send(request)
    http.close()
    assert result.outcome is ClosingOutcome.UNKNOWN
    assert result.message.startswith("Account Desk could not find out")  # English in app/
    assert coded_text(result.code, result.message, result.params).startswith(
        "Account Desk n'a pas pu savoir si le compte a été fermé."
    )
