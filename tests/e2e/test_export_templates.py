"""The firm's document templates come home as files, not only as records: each under its own
name in `document_templates/`, byte for byte what the service serves, in the manifest and
verified; fetched once (an update asks only for what changed), kept safe from hostile names,
and a refused template is named in the report and fetched by the next run. Over real HTTP, with
a proxy in front of the reference backend for the faults."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from app.export.control import ExportState
from app.export.engine import ExportEngine, ExportOptions, ExportResult
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.faulty_proxy import Answer, FaultyProxy, MutateJson, Rule

KINDS = ("document_templates",)
DOWNLOAD = r"^/api/v4/document_templates/\d+/download\.json$"
LIST = r"^/api/v4/document_templates\.json$"


@pytest.fixture
def http(proxy: FaultyProxy, demo_backend: RunningBackend) -> Iterator[HttpSession]:
    session = HttpSession(proxy.url)
    session.set_token(demo_backend.issue_token("administrator"))
    yield session
    session.close()


def export(http: HttpSession, out: Path, **options: Any) -> ExportResult:
    return ExportEngine(http, out, ExportOptions(kinds=KINDS, reports=False, **options)).run()


def served(backend: RunningBackend, template_id: int) -> bytes:
    """The template's bytes as the service gives them to anyone who asks (not the export)."""
    token = backend.issue_token("administrator")
    answer = requests.get(
        f"{backend.url}/api/v4/document_templates/{template_id}/download.json",
        headers={"Authorization": f"Bearer {token}"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303
    file = requests.get(answer.headers["Location"], timeout=10)
    assert file.status_code == 200
    return file.content


def template_files(out: Path) -> dict[str, dict[str, Any]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {
        f["source_id"]: f
        for f in manifest["files"]
        if f["kind"] == "document_templates" and f["source_id"]  # not the records' files
    }


@pytest.mark.slow
def test_every_template_is_exported_as_the_file_the_service_serves(
    proxy: FaultyProxy, http: HttpSession, demo_backend: RunningBackend, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    result = export(http, out)
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    records = [json.loads(line) for line in (out / "records/document_templates.jsonl").open()]
    files = template_files(out)
    assert len(records) >= 6 and set(files) == {str(r["id"]) for r in records}
    for record in records:
        entry = files[str(record["id"])]
        assert entry["path"] == f"document_templates/{record['filename']}"
        on_disk = (out / entry["path"]).read_bytes()
        assert on_disk == served(demo_backend, record["id"])
        assert len(on_disk) == record["size"] == entry["size"]
        assert hashlib.sha256(on_disk).hexdigest() == entry["sha256"]
    assert "document_templates/" in (out / "README.txt").read_text(encoding="utf-8")

    # A second run (an update) asks for no template it already has, and still verifies.
    asked = len(proxy.seen("api", DOWNLOAD))
    assert asked == len(records)
    again = export(http, out)
    assert again.state is ExportState.VERIFIED
    assert len(proxy.seen("api", DOWNLOAD)) == asked, "templates fetched again"

    # A template file changed by hand is reported by verification.
    first = out / files[str(records[0]["id"])]["path"]
    first.write_bytes(b"changed" + first.read_bytes()[7:])
    assert not verify(out).verified


@pytest.mark.slow
def test_a_refused_template_is_reported_then_fetched_by_the_next_run(
    proxy: FaultyProxy, http: HttpSession, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    proxy.add(Rule(Answer(404), path=r"^/api/v4/document_templates/2/download\.json$"))
    first = export(http, out)
    assert first.state is ExportState.INCOMPLETE
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    failed = report["kinds"]["document_templates"]["failed"]
    assert [f["id"] for f in failed] == ["2"], failed
    assert "2" not in template_files(out) and len(template_files(out)) >= 5

    second = export(http, out)
    assert second.state is ExportState.VERIFIED, (second.problems, second.failures)
    assert "2" in template_files(out)
    downloads = [s.path for s in proxy.seen("api", DOWNLOAD)]
    assert downloads.count("/api/v4/document_templates/2/download.json") == 2
    assert downloads.count("/api/v4/document_templates/1/download.json") == 1


# Six names for the demo firm's six templates: climbing out, absolute and reserved, Windows
# separators, empty, and two that differ only in case.
HOSTILE = ["../../escape.docx", "/etc/CON.docx", "a\\..\\b.docx", "", "Letter.DOCX", "letter.docx"]


@pytest.mark.slow
def test_hostile_template_names_stay_inside_the_folder_and_apart(
    proxy: FaultyProxy, http: HttpSession, tmp_path: Path
) -> None:
    def hostile(page: Any) -> Any:
        for record, name in zip(page["data"], HOSTILE, strict=False):
            record["filename"] = name
        return page

    proxy.add(Rule(MutateJson(hostile), path=LIST, times=None))
    parent = tmp_path / "parent"
    out = parent / "export"
    parent.mkdir()
    result = export(http, out)
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    paths = [entry["path"] for entry in template_files(out).values()]
    assert len(paths) == len(set(p.lower() for p in paths)) >= 6
    for path in paths:
        assert path.startswith("document_templates/") and path.count("/") == 1
        name = path.split("/", 1)[1]
        assert name and name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
        assert "\\" not in name and name not in (".", "..")
        assert (out / path).is_file()
    assert [p.name for p in parent.iterdir()] == ["export"], "written outside the export"
