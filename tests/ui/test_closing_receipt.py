"""The closing receipt: after the server confirms the closing, a JSON record and a PDF with the
server's reference number are saved beside the last export (else in Documents), and the last
page offers to print them."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
import requests
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.closing.checklist import LastExport
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.closing_ui import (
    DANIEL,
    FIRM,
    MARGARET,
    ClosingTestSession,
    closings,
    session_for,
    shown_wizard,
)
from ui.closing import receipt as closing_receipt
from ui.closing.wizard import ClosingWizard, PageId

WHEN = datetime(2026, 11, 24, 14, tzinfo=UTC)


@pytest.fixture
def closable(backend_factory: Callable[..., RunningBackend]) -> RunningBackend:
    return backend_factory("--seed", "demo", "--now", "2026-11-24T15:30:00Z")


@pytest.fixture
def sessions() -> Iterator[list[ClosingTestSession]]:
    opened: list[ClosingTestSession] = []
    yield opened
    for session in opened:
        session.close()


def close_through_the_walkthrough(
    qtbot: QtBot,
    session: ClosingTestSession,
    last_export: LastExport | None,
    *,
    designate: int | None = None,
    reason: str | None = None,
    wait_for_receipt: bool = True,
) -> ClosingWizard:
    wizard = shown_wizard(qtbot, session, last_export=lambda: last_export)
    qtbot.waitUntil(
        lambda: (
            all(i.loaded for i in wizard.checklist.items)
            and wizard.account is not None
            and wizard.alternatives_settled()
        ),
        timeout=20_000,
    )
    wizard.next()
    assert wizard.currentId() == PageId.ALTERNATIVES
    wizard.next()
    for item in wizard.checklist.items:
        if not item.satisfied:
            item.acknowledge.setChecked(True)
    wizard.next()
    if designate is not None:
        wizard.access.choice.setCurrentIndex(wizard.access.choice.findData(designate))
    wizard.next()
    if reason is not None:
        qtbot.waitUntil(lambda: len(wizard.reason.buttons) > 1, timeout=20_000)
        next(b for b in wizard.reason.buttons if b.objectName() == f"reason-{reason}").click()
    wizard.next()
    assert wizard.currentId() == PageId.WHEN
    wizard.when_page.now.setChecked(True)  # the receipt of a closing made at once
    wizard.next()
    wizard.confirm.firm_name.setText(FIRM)
    wizard.confirm.understand.setChecked(True)
    wizard.close_button.click()
    qtbot.waitUntil(lambda: wizard.currentId() == PageId.DONE, timeout=20_000)
    if wait_for_receipt:
        # The receipt is written in the background; the box says when it is done.
        qtbot.waitUntil(lambda: not wizard.done_page.receipt.saving, timeout=20_000)
    return wizard


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_the_receipt_is_saved_beside_the_verified_export_with_the_servers_reference(
    qtbot: QtBot,
    closable: RunningBackend,
    sessions: list[ClosingTestSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    export = tmp_path / "Harbor & Finch export"
    export.mkdir()
    manifest = export / "manifest.json"
    manifest.write_text('{"files": []}\n', encoding="utf-8")
    last = LastExport(
        when=WHEN,
        verified=True,
        kinds=("matters", "trust_line_items"),
        includes_trust_ledger=True,
        folder=export,
    )
    session = session_for(closable, MARGARET)
    sessions.append(session)
    wizard = close_through_the_walkthrough(
        qtbot, session, last, designate=DANIEL, reason="switched_service"
    )
    assert closings(closable) == 1
    # The closing is done: the last page offers no way forward or back, only its own buttons.
    assert not wizard.button(QWizard.WizardButton.NextButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()

    # What the server now states about this closing.
    server = requests.get(
        closable.url + "/self-service/v1/retention",
        headers=ob.bearer(ob.token_for(closable.url, MARGARET)),
        timeout=10,
    ).json()
    reference = server["reference"]
    assert reference
    record_path = export / f"closing-receipt-{reference}.json"
    pdf_path = export / f"closing-receipt-{reference}.pdf"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    assert record["reference"] == reference
    assert record["firm"] == FIRM
    assert record["closed_at"] == server["closed_at"]
    assert record["closed_by"] == server["closed_by"]
    assert record["closed_by"]["name"] == "Margaret Harbor"
    assert record["designated_user"] == server["designated_user"]
    assert record["designated_user"]["name"] == "Daniel Okafor"
    assert record["reason"] == {
        "code": "switched_service",
        "label": "We are switching to another service",
    }
    assert record["retention"]["content_last_day"] == server["content_last_day"] == "2027-02-22"
    assert record["retention"]["content_deleted_at"] == server["content_deleted_at"]
    assert record["retention"]["escrow_last_day"] == server["escrow_last_day"]
    assert record["server_time"].startswith("2026-11-24T15:")
    assert (
        record["last_verified_export"]["manifest_sha256"]
        == hashlib.sha256(manifest.read_bytes()).hexdigest()
    )

    assert pdf_path.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf_path)
    assert reference in text
    assert "Margaret Harbor" in text and "Daniel Okafor" in text
    # The manifest's hash, in groups that may wrap on paper.
    assert hashlib.sha256(manifest.read_bytes()).hexdigest() in text.replace(" ", "")

    box = wizard.done_page.receipt
    assert box.isVisible() and reference in box.text.text()
    assert str(export) in box.text.text()
    printed: list[str] = []
    monkeypatch.setattr(
        closing_receipt,
        "print_receipt",
        lambda _parent, receipt, _tz: printed.append(receipt.reference) or True,
    )
    box.print_button.click()
    assert printed == [reference]
    assert "sent to the printer" in box.status.text()


def test_without_an_export_the_receipt_goes_to_documents_and_names_no_export(
    qtbot: QtBot,
    closable: RunningBackend,
    sessions: list[ClosingTestSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    session = session_for(closable, MARGARET)
    sessions.append(session)
    close_through_the_walkthrough(qtbot, session, None)
    found = sorted(p.name for p in (home / "Documents").iterdir())
    assert len(found) == 2, found
    record = json.loads((home / "Documents" / found[0]).read_text(encoding="utf-8"))
    assert found == [
        f"closing-receipt-{record['reference']}.json",
        f"closing-receipt-{record['reference']}.pdf",
    ]
    assert record["last_verified_export"] is None and record["reason"] is None
    assert record["designated_user"] is None
    assert "none on record" in pdf_text(home / "Documents" / found[0].replace(".json", ".pdf"))


def test_the_receipt_is_written_off_the_gui_thread_while_the_box_says_it_is_saving(
    qtbot: QtBot,
    closable: RunningBackend,
    sessions: list[ClosingTestSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    # The writing waits until the test lets it go, as on a slow or busy drive.
    release = threading.Event()
    writers: list[threading.Thread] = []
    real_save = closing_receipt.save_receipt

    def slow_save(*args: object) -> closing_receipt.SavedReceipt:
        writers.append(threading.current_thread())
        assert release.wait(30)
        return real_save(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(closing_receipt, "save_receipt", slow_save)
    session = session_for(closable, MARGARET)
    sessions.append(session)
    box: closing_receipt.ReceiptBox | None = None
    try:
        wizard = close_through_the_walkthrough(qtbot, session, None, wait_for_receipt=False)
        box = wizard.done_page.receipt
        qtbot.waitUntil(lambda: bool(writers), timeout=20_000)
        # The window keeps answering while the receipt is written: timers fire, the box shows.
        assert box.saving and box.isVisible()
        assert "Saving the receipt" in box.text.text()
        ticks: list[int] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5_000)
        timer.stop()
        assert box.saving and not box.open_button.isEnabled()
    finally:
        release.set()
    assert box is not None
    written = box
    qtbot.waitUntil(lambda: not written.saving, timeout=20_000)
    assert writers[0] is not threading.main_thread()
    assert box.saved is not None and box.saved.pdf_path.is_file()
    assert box.saved.receipt.reference in box.text.text()
    assert str(home / "Documents") in box.text.text()
    assert box.open_button.isEnabled()
