"""The log file: rotating, in the log folder, and never holding a secret; crashes reach the
registered handler after being logged."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import config, logs
from app.logs import CrashReport, redact


@pytest.fixture
def log_file() -> Iterator[Path]:
    path = logs.setup_logging(logging.DEBUG)
    yield path
    logs.shutdown_logging()
    logs.uninstall_excepthooks()


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: Bearer abc.DEF-123_xyz~",
        "GET /callback?code=SECRETCODE1&state=s",
        'body {"access_token": "SECRETCODE1", "token_type": "bearer"}',
        "grant_type=refresh_token&refresh_token=SECRETCODE1&client_id=account-desk",
        "client_secret=SECRETCODE1",
        'form {"client_id": "firm-desk", "client_secret": "SECRETCODE1"}',
        "Authorization: Basic ZmlybS1kZXNrOlNFQ1JFVENPREUx",
        "code_verifier=SECRETCODE1",
        "{'refresh_token': 'SECRETCODE1'}",
        '{"code": "SECRETCODE1"}',
    ],
)
def test_redact_removes_secret_values(text: str) -> None:
    cleaned = redact(text)
    assert "SECRETCODE1" not in cleaned
    assert "abc.DEF-123_xyz~" not in cleaned
    assert "[redacted]" in cleaned


def test_redact_keeps_ordinary_text() -> None:
    text = "GET /api/v4/users.json -> 404 (status code: 404) invalid_token token_type=bearer"
    assert redact(text) == text


def test_registered_secrets_are_redacted_in_any_shape() -> None:
    logs.register_secret("weird-token-value-42")
    assert "weird-token-value-42" not in redact("value is <weird-token-value-42>")


def test_the_firms_application_secret_is_redacted_once_read_from_the_keyring(
    log_file: Path,
) -> None:
    from app.net.http import HttpSession
    from app.net.servers import Region, preset
    from app.signin.credentials import CredentialStore
    from app.signin.firm_app import FirmApplication, save_application
    from app.signin.oauth import Authenticator, OAuthClient
    from tests.support.keyring_memory import MemoryKeyring

    secret = "firm-application-secret-" + "Q7" * 12
    server = preset(Region.CA)
    keyring = MemoryKeyring()
    CredentialStore(keyring).save_application_secret(server.origin, secret)
    save_application(FirmApplication(server.origin, "firm-desk", 53682))
    http = HttpSession(server.origin)
    try:
        auth = Authenticator(server, http, CredentialStore(keyring), OAuthClient(server, http))
        auth.settle_application()
        assert auth.oauth.settings.client_secret == secret
        logging.getLogger("app.test").warning("unlabelled: <%s>", secret)
    finally:
        http.close()
    assert secret not in redact(f"anything {secret} anywhere")
    logs.shutdown_logging()
    assert secret not in log_file.read_text(encoding="utf-8")
    assert "[redacted]" in log_file.read_text(encoding="utf-8")


def test_tokens_never_reach_the_log_file(log_file: Path) -> None:
    logger = logging.getLogger("app.test")
    token = "tok_" + "A" * 40
    logger.info("sending Authorization: Bearer %s", token)
    logger.debug("form %s", {"refresh_token": token, "client_secret": token})
    try:
        raise RuntimeError(f"failed with access_token={token}")
    except RuntimeError:
        logger.exception("while refreshing")
    logging.getLogger("urllib3.connectionpool").debug("GET /cb?code=%s HTTP/1.1", token)

    text = log_file.read_text(encoding="utf-8")
    assert token not in text
    assert "while refreshing" in text and "RuntimeError" in text
    assert log_file.parent == config.paths().log_dir


def test_the_log_rotates(log_file: Path) -> None:
    logger = logging.getLogger("app.test")
    for _ in range(logs.MAX_BYTES // 1000 + 50):
        logger.info("x" * 1000)
    assert log_file.with_name(log_file.name + ".1").exists()
    assert log_file.stat().st_size <= logs.MAX_BYTES


def test_crash_on_any_thread_is_logged_then_handed_to_the_handler(log_file: Path) -> None:
    reports: list[CrashReport] = []
    logs.install_excepthooks(reports.append)

    def boom() -> None:
        raise ValueError("refresh_token=LEAKYLEAKY1 broke")

    worker = threading.Thread(target=boom, name="export-worker")
    worker.start()
    worker.join(timeout=10)
    try:
        raise KeyError("main")
    except KeyError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]

    assert [r.thread_name for r in reports] == ["export-worker", None]
    assert "ValueError" in reports[0].summary
    assert "LEAKYLEAKY1" not in reports[0].summary + reports[0].details
    assert reports[0].log_file == log_file
    text = log_file.read_text(encoding="utf-8")
    assert "export-worker" in text and "LEAKYLEAKY1" not in text


def test_a_deferred_log_file_gets_every_early_record_redacted_in_order(tmp_path: Path) -> None:
    # The desktop app opens its log file only once the window is shown.
    path = logs.setup_logging(log_dir=tmp_path / "logs", defer_file=True)
    try:
        assert path.exists() and path.stat().st_size == 0
        assert logs.current_log_file() == path
        logger = logging.getLogger("app.test")
        logger.info("first, Authorization: Bearer %s", "tok_" + "B" * 30)
        logger.info("second")
        assert path.stat().st_size == 0
        assert logs.open_log_file() == path
        logger.info("third")
        text = path.read_text(encoding="utf-8")
        assert "tok_" not in text
        assert text.index("first") < text.index("second") < text.index("third")
    finally:
        logs.shutdown_logging()


def test_a_log_folder_that_cannot_be_written_fails_at_once_even_when_deferred(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "logs"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        logs.setup_logging(log_dir=blocked, defer_file=True)


def test_server_text_cannot_forge_or_colour_log_lines(log_file: Path) -> None:
    hostile = "\x1b[2J\x1b[32mExport complete and verified\u202e\r\nFORGED LINE"
    logging.getLogger("app.test").warning("server said %s", hostile)
    try:
        raise ValueError(hostile)
    except ValueError:
        logging.getLogger("app.test").exception("failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "server said \\x1b[2J\\x1b[32mExport complete" in written
    assert "\x1b" not in written and "\u202e" not in written and "\r" not in written
    assert "\nFORGED LINE" not in written
    assert "Traceback (most recent call last):\n" in written  # a traceback keeps its lines
