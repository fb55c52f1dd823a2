"""Every version of every document exported from the real reference backend: each earlier
version a file of its own in `<name>.versions/`, its bytes the server's, the manifest saying
which file is the current one; verification notices a changed earlier version; a cancelled run
resumes mid-versions; an update fetches a version added since. Only the documents that have
several versions cost a request for their list."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from app.export.control import ExportControl, ExportState, Progress
from app.export.engine import ExportEngine, ExportOptions
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.versions import server_versions

TIMEOUT = 30


class _Watched(HttpSession):
    """An HttpSession that counts the engine's requests by kind, and can cancel ``control``
    just before the ``cancel_at``-th download of an earlier version."""

    def __init__(
        self, url: str, token: str, control: ExportControl | None = None, cancel_at: int = 0
    ) -> None:
        super().__init__(url)
        self.set_token(token)
        self._control, self._cancel_at = control, cancel_at
        self._lock = threading.Lock()
        self.counts: Counter[str] = Counter()

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        what = (
            "version download"
            if "document_version_id=" in url
            else "versions list"
            if url.split("?")[0].endswith("/versions.json")
            else "other"
        )
        with self._lock:
            self.counts[what] += 1
            if (
                what == "version download"
                and self._control is not None
                and self.counts[what] == self._cancel_at
            ):
                self._control.cancel()
        return super().request(method, url, **kwargs)


def _manifest(out: Path) -> list[dict[str, Any]]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]  # type: ignore[no-any-return]


def _document_files(out: Path) -> dict[tuple[int, int], dict[str, Any]]:
    return {
        (entry["document_id"], entry["version"]): entry
        for entry in _manifest(out)
        if "document_id" in entry
    }


@pytest.fixture
def watched(demo_backend: RunningBackend) -> Iterator[_Watched]:
    session = _Watched(demo_backend.url, demo_backend.issue_token())
    yield session
    session.close()


@pytest.mark.slow
def test_every_version_of_every_document_is_exported_beside_the_current_one(
    demo_backend: RunningBackend, watched: _Watched, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    seen: list[Progress] = []
    result = ExportEngine(watched, out, ExportOptions(), on_progress=seen.append).run()
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    # the progress counts the documents, and the bytes of every version
    assert seen[-1].documents_done == seen[-1].documents_total == 120
    assert (
        seen[-1].bytes_done
        == seen[-1].bytes_total
        == sum(
            e["size"]
            for e in _manifest(out)
            if e["kind"] in ("documents", "document_versions") and e["source_id"]
        )
    )

    expected = {
        key: sha
        for key, (_, sha) in server_versions(demo_backend, demo_backend.issue_token()).items()
    }
    several = {document_id for document_id, _ in expected}
    assert len(several) >= 10
    files = _document_files(out)
    latest = {d: max(n for i, n in expected if i == d) for d in several}
    for (document_id, number), sha256 in expected.items():
        entry = files[(document_id, number)]
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha256 == entry["sha256"]
        current = files[(document_id, latest[document_id])]
        assert entry["current"] is (number == latest[document_id])
        if not entry["current"]:
            # beside the current file, in a folder of its own named after it
            path = PurePosixPath(entry["path"])
            assert path.parent == PurePosixPath(current["path"] + ".versions")
            assert path.name.startswith(f"{number}-")
            assert entry["kind"] == "document_versions"
    # every document's current file is marked so, with its version number
    currents = [e for e in files.values() if e["current"]]
    assert len(currents) == 120
    assert all(e["kind"] == "documents" and e["version"] >= 1 for e in currents)
    assert len(files) == 120 + len(expected) - len(several)
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    assert report["complete"] and report["documents_exported"] == 120
    assert report["extra"]["document_versions"] == {
        "exported": len(expected) - len(several),
        "bytes": sum(e["size"] for e in files.values() if not e["current"]),
    }

    # A request for the list of versions of each document that has several, none for the
    # others; one download for each earlier version (a version cannot be an archive item).
    assert watched.counts["versions list"] == len(several)
    assert watched.counts["version download"] == len(expected) - len(several)

    # An earlier version changed after the export is noticed.
    older = next(e for e in files.values() if not e["current"])
    target = out / older["path"]
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    checked = verify(out)
    assert not checked.verified
    assert [p.where for p in checked.problems] == [older["path"]]

    # The next run fetches it again, and only it.
    before = Counter(watched.counts)
    repaired = ExportEngine(watched, out, ExportOptions()).run()
    assert repaired.state is ExportState.VERIFIED, (repaired.problems, repaired.failures)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == older["sha256"]
    assert watched.counts["version download"] - before["version download"] == 1
    assert watched.counts["versions list"] == before["versions list"]  # lists kept


@pytest.mark.slow
def test_an_export_cancelled_among_the_versions_resumes_without_fetching_them_again(
    demo_backend: RunningBackend, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    control = ExportControl()
    first = _Watched(demo_backend.url, demo_backend.issue_token(), control, cancel_at=4)
    try:
        stopped = ExportEngine(first, out, ExportOptions(workers=1), control=control).run()
    finally:
        first.close()
    assert stopped.state is ExportState.CANCELLED
    assert not (out / "manifest.json").exists()
    fetched_before = first.counts["version download"]
    assert fetched_before >= 3

    second = _Watched(demo_backend.url, demo_backend.issue_token())
    try:
        resumed = ExportEngine(second, out, ExportOptions(workers=1)).run()
    finally:
        second.close()
    assert resumed.state is ExportState.VERIFIED, (resumed.problems, resumed.failures)
    expected = {
        key: sha
        for key, (_, sha) in server_versions(demo_backend, demo_backend.issue_token()).items()
    }
    earlier = len(expected) - len({d for d, _ in expected})
    # the versions finished before the cancel are not fetched again, nor listed again
    assert second.counts["versions list"] == 0
    assert second.counts["version download"] <= earlier - 3
    files = _document_files(out)
    for key, sha256 in expected.items():
        assert files[key]["sha256"] == sha256
        assert hashlib.sha256((out / files[key]["path"]).read_bytes()).hexdigest() == sha256
    assert not [p for p in out.rglob("*.part") if ".account-desk" not in p.parts]


def _add_version(database: Path, files_dir: Path, document_id: int) -> bytes:
    """What the service does when someone uploads a new version of a document: the current
    bytes become an earlier version, the new ones the latest."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    content = b"a new version, uploaded after the export\n" * 50
    digest = hashlib.sha256(content).hexdigest()
    con = sqlite3.connect(database)
    with con:
        body = json.loads(
            con.execute(
                "SELECT body FROM practice_documents WHERE id = ?", (document_id,)
            ).fetchone()[0]
        )
        path, old_sha = con.execute(
            "SELECT path, sha256 FROM practice_files WHERE document_id = ?", (document_id,)
        ).fetchone()
        previous = body["latest_document_version"]
        new_id = con.execute("SELECT MAX(id) + 1 FROM practice_document_versions").fetchone()[0]
        con.execute(
            "INSERT INTO practice_document_versions(id, document_id, version_number, path,"
            " sha256, body) VALUES (?, ?, ?, ?, ?, ?)",
            (previous["id"], document_id, previous["version_number"], path, old_sha,
             json.dumps(previous)),
        )  # fmt: skip
        new_path = f"upload-{document_id}.bin"
        (files_dir / new_path).write_bytes(content)
        body["latest_document_version"] = {
            **previous,
            "id": new_id,
            "etag": f'"{digest}"',
            "size": len(content),
            "version_number": previous["version_number"] + 1,
            "created_at": now,
            "updated_at": now,
        }
        body["size"], body["updated_at"] = len(content), now
        body["etag"] = f'"{document_id}-{now}"'
        con.execute(
            "UPDATE practice_documents SET body = ?, updated_at = ?, etag = ? WHERE id = ?",
            (json.dumps(body), now, body["etag"], document_id),
        )
        con.execute(
            "UPDATE practice_files SET path = ?, size = ?, sha256 = ? WHERE document_id = ?",
            (new_path, len(content), digest, document_id),
        )
    con.close()
    return content


@pytest.mark.slow
def test_an_update_picks_up_a_version_added_since(
    backend_factory: Callable[..., RunningBackend], tmp_path: Path
) -> None:
    backend = backend_factory("--seed", "demo")
    session = _Watched(backend.url, backend.issue_token())
    out = tmp_path / "export"
    try:
        assert ExportEngine(session, out, ExportOptions()).run().state is ExportState.VERIFIED
        before = _document_files(out)
        single = next(d for (d, n), e in before.items() if e["current"] and n == 1)
        old_sha = before[(single, 1)]["sha256"]
        data_dir = backend.data_dir
        content = _add_version(data_dir / "backend.sqlite3", data_dir / "files", single)
        session.counts.clear()
        updated = ExportEngine(session, out, ExportOptions()).run()
    finally:
        session.close()
    assert updated.state is ExportState.VERIFIED, (updated.problems, updated.failures)
    after = _document_files(out)
    current, earlier = after[(single, 2)], after[(single, 1)]
    assert current["current"] and not earlier["current"]
    assert (out / current["path"]).read_bytes() == content
    assert earlier["sha256"] == old_sha
    assert hashlib.sha256((out / earlier["path"]).read_bytes()).hexdigest() == old_sha
    assert earlier["path"] == current["path"] + ".versions/1-" + PurePosixPath(current["path"]).name
    assert session.counts["versions list"] == 1  # only the changed document's
    assert session.counts["version download"] == 1
    assert verify(out).verified
