"""A finished export brought up to date: the firm changes on the server (a matter edited, one
added, a contact deleted, a document renamed), and the next run on the same folder fetches only
what changed, says what it was, and ends with files equal to the server's, verified. A run when
nothing changed only re-verifies."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from app.cli import Output, main
from app.export.control import ExportState
from app.export.engine import ExportEngine, ExportOptions
from app.export.kinds import kind_by_key
from app.export.verify import verify
from app.net.http import HttpSession, forget_limiters
from tests.support.backend import RunningBackend, start_backend
from tests.support.faulty_proxy import FaultyProxy

TIMEOUT = 30


def server_records(url: str, token: str, key: str) -> list[dict[str, Any]]:
    kind = kind_by_key(key)
    records: list[dict[str, Any]] = []
    next_url: str | None = f"{url}/api/v4/{kind.endpoint}.json"
    params: dict[str, Any] | None = {
        "fields": kind.fields_param,
        "limit": 200,
        "order": "id(asc)",
        **dict(kind.params),
    }
    while next_url:
        page = requests.get(
            next_url, params=params, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
        ).json()
        records.extend(page["data"])
        next_url, params = page["meta"]["paging"].get("next"), None
    return records


def jsonl(out: Path, key: str) -> list[dict[str, Any]]:
    path = out / "records" / f"{key}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def change_the_firm(database: Path) -> dict[str, int]:
    """Edit the stored practice data as the service would after people worked in it."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    con = sqlite3.connect(database)
    with con:

        def touch(table: str, record_id: int, change: Callable[[dict[str, Any]], None]) -> None:
            body = json.loads(
                con.execute(f"SELECT body FROM {table} WHERE id=?", (record_id,)).fetchone()[0]  # noqa: S608
            )
            change(body)
            etag = f'"{record_id}-edited"'
            body["etag"], body["updated_at"] = etag, now
            con.execute(
                f"UPDATE {table} SET body=?, etag=?, updated_at=? WHERE id=?",  # noqa: S608
                (json.dumps(body), etag, now, record_id),
            )

        first_matter = con.execute("SELECT min(id) FROM practice_matters").fetchone()[0]
        touch("practice_matters", first_matter, lambda b: b.update(description="Settled"))
        new_id = con.execute("SELECT max(id) FROM practice_matters").fetchone()[0] + 1
        sub, body = con.execute(
            "SELECT sub, body FROM practice_matters WHERE id=?", (first_matter,)
        ).fetchone()
        added = {**json.loads(body), "id": new_id, "etag": '"new"', "updated_at": now}
        added["description"] = "New engagement"
        con.execute(
            "INSERT INTO practice_matters(id, sub, updated_at, etag, body) VALUES (?, ?, ?, ?, ?)",
            (new_id, sub, now, '"new"', json.dumps(added)),
        )
        gone = con.execute("SELECT max(id) FROM practice_contacts").fetchone()[0]
        con.execute("DELETE FROM practice_contacts WHERE id=?", (gone,))
        document = con.execute("SELECT min(id) FROM practice_documents").fetchone()[0]
        touch("practice_documents", document, lambda b: b.update(name="Renamed.pdf"))
    con.close()
    return {"matter": first_matter, "new_matter": new_id, "contact": gone, "document": document}


@pytest.mark.slow
def test_an_update_fetches_only_what_changed_and_says_what(
    backend_factory: Callable[..., RunningBackend],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = backend_factory("--seed", "demo")
    token = backend.issue_token()
    out = tmp_path / "export"
    with FaultyProxy(backend) as proxy:
        http = HttpSession(proxy.url)
        http.set_token(token)
        first = ExportEngine(http, out, ExportOptions()).run()
        http.close()
        assert first.state is ExportState.VERIFIED, (first.problems, first.failures)
        before = {f["path"]: f for f in json.loads((out / "manifest.json").read_text())["files"]}

        backend.stop()
        changed = change_the_firm(backend.data_dir / "backend.sqlite3")
        restarted = start_backend(backend.data_dir)  # same data, new process and ports
        try:
            proxy.retarget(restarted)
            forget_limiters()
            proxy.requests.clear()
            monkeypatch.setenv("ACCOUNT_DESK_TOKEN", token)
            stdout, stderr = io.StringIO(), io.StringIO()
            status = main(
                ["export", "--server", proxy.url, "--out", str(out)],
                output=Output(stdout, stderr),
            )
            shown = stdout.getvalue()
            assert status == 0, shown + stderr.getvalue()
            assert "Changes since the last export:" in shown
            assert "matters: 1 added, 1 updated" in shown
            assert "contacts: 1 removed" in shown
            assert "documents: 1 updated" in shown
            assert "activities" not in shown.split("Changes since the last export:")[1]

            for key in ("matters", "contacts", "documents", "activities"):
                assert jsonl(out, key) == server_records(restarted.url, token, key), key
            matters = {m["id"]: m for m in jsonl(out, "matters")}
            assert matters[changed["matter"]]["description"] == "Settled"
            assert matters[changed["new_matter"]]["description"] == "New engagement"
            assert changed["contact"] not in {c["id"] for c in jsonl(out, "contacts")}
            csv_text = (out / "records" / "matters.csv").read_text(encoding="utf-8-sig")
            assert "Settled" in csv_text and "New engagement" in csv_text
            assert len(csv_text.strip().splitlines()) == 1 + 41

            report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
            assert report["verified"] and report["complete"]
            assert report["kinds"]["matters"]["expected"] == 41
            assert report["kinds"]["contacts"]["expected"] == 149
            assert report["extra"]["changes"]["matters"] == {
                "added": 1, "updated": 1, "removed": 0,
            }  # fmt: skip
            assert verify(out).verified

            # Only what changed travelled: unchanged kinds were counted, not listed again, and
            # one document file was fetched (the renamed one; its place and bytes are the same).
            asked = proxy.seen("api", r"^/api/v4/activities\.json$")
            assert len(asked) == 2 and all("limit=1&" in s.query + "&" for s in asked)
            assert any("updated_since=" in s.query for s in asked)
            assert len(proxy.seen("files", r"^/download/document/")) == 1
            after = {f["path"]: f for f in json.loads((out / "manifest.json").read_text())["files"]}

            def documents(files: dict[str, Any]) -> dict[str, tuple[int, str]]:
                return {
                    p: (f["size"], f["sha256"])
                    for p, f in files.items()
                    if f["kind"] == "documents" and f["source_id"]
                }

            assert documents(after) == documents(before)

            # Nothing changed since: only re-verified.
            again = io.StringIO()
            assert main(["export", "--server", proxy.url, "--out", str(out)],
                        output=Output(again, io.StringIO())) == 0  # fmt: skip
            assert "Nothing changed since the last export" in again.getvalue()
            assert "Changes since" not in again.getvalue()
            # ...and the report says so too, not the changes of the run before.
            report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
            assert report["extra"]["changes"] == {} and report["verified"]
        finally:
            restarted.stop()
            forget_limiters()


@pytest.mark.slow
def test_an_update_killed_midway_continues_on_the_next_run(
    backend_factory: Callable[..., RunningBackend], tmp_path: Path
) -> None:
    """The update's progress is in the journal: a cancel between kinds loses nothing."""
    backend = backend_factory("--seed", "demo")
    token = backend.issue_token()
    out = tmp_path / "export"
    options = ExportOptions(reports=False)
    with FaultyProxy(backend) as proxy:
        http = HttpSession(proxy.url)
        http.set_token(token)
        assert ExportEngine(http, out, options).run().state is ExportState.VERIFIED
        http.close()
        backend.stop()
        change_the_firm(backend.data_dir / "backend.sqlite3")
        restarted = start_backend(backend.data_dir)
        try:
            proxy.retarget(restarted)
            forget_limiters()
            from app.export.control import ExportControl

            http = HttpSession(proxy.url)
            http.set_token(token)
            control = ExportControl()
            calls = {"n": 0}
            real_get = http.get_json

            def cancel_after_a_few(*args: Any, **kwargs: Any) -> Any:
                calls["n"] += 1
                if calls["n"] == 12:  # in the middle of the update's counting
                    control.cancel()
                return real_get(*args, **kwargs)

            http.get_json = cancel_after_a_few  # type: ignore[method-assign]
            stopped = ExportEngine(http, out, options, control=control).run()
            assert stopped.state is ExportState.CANCELLED
            http.get_json = real_get  # type: ignore[method-assign]
            resumed = ExportEngine(http, out, options).run()
            http.close()
            assert resumed.state is ExportState.VERIFIED, (resumed.problems, resumed.failures)
            assert resumed.extra["changes"]["matters"]["added"] == 1
            assert resumed.extra["changes"]["contacts"]["removed"] == 1
            for key in ("matters", "contacts"):
                assert jsonl(out, key) == server_records(restarted.url, token, key), key
        finally:
            restarted.stop()
            forget_limiters()
