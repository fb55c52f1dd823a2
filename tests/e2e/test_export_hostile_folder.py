"""The export folder as hostile ground: an unfinished export on a shared or synced drive may
hold links someone put where the export's files and folders go. Whatever stands there, the
export never writes outside its folder, and what it cannot take it refuses with a message that
says where and what to do."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.export.engine import ExportEngine, ExportOptions
from app.export.verify import verify
from app.http import HttpSession
from tests.support.backend import RunningBackend

PRECIOUS = b"a file of the person's own, outside the export\n" * 50


@pytest.fixture
def http(demo_backend: RunningBackend) -> Iterator[HttpSession]:
    session = HttpSession(demo_backend.url)
    session.set_token(demo_backend.issue_token())
    yield session
    session.close()


@pytest.fixture(scope="module")
def finished(demo_backend: RunningBackend, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One finished export of the demo firm, copied by each test that changes it."""
    out = tmp_path_factory.mktemp("finished") / "export"
    session = HttpSession(demo_backend.url)
    session.set_token(demo_backend.issue_token())
    try:
        result = ExportEngine(session, out, ExportOptions()).run()
    finally:
        session.close()
    assert result.verified, (result.problems, result.failures)
    return out


def _copy(finished: Path, tmp_path: Path) -> Path:
    out = tmp_path / "export"
    shutil.copytree(finished, out, symlinks=True)
    return out


def _documents(out: Path) -> list[dict[str, object]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [entry for entry in manifest["files"] if entry["kind"] == "documents"]


def _outside(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "outside" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(PRECIOUS)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("archives", [False, True], ids=["one-by-one", "archives"])
def test_links_at_the_part_paths_are_never_written_through(
    http: HttpSession, finished: Path, tmp_path: Path, archives: bool
) -> None:
    out = _copy(finished, tmp_path)
    # One document goes one by one, three go in an archive (both ways write `.part` files).
    gone = _documents(out)[: 3 if archives else 1]
    planted: list[Path] = []
    for number, entry in enumerate(gone):
        document = out / str(entry["path"])
        document.unlink()
        target = _outside(tmp_path, f"document-{number}")
        (document.parent / (document.name + ".part")).symlink_to(target)
        planted.append(target)
    (out / "reports" / "trust_ledger.csv").unlink()  # fetched again, through its .part
    for name in ("index.html.part", "manifest.json.part", "reports/trust_ledger.csv.part"):
        target = _outside(tmp_path, name.replace("/", "-"))
        (out / name).symlink_to(target)
        planted.append(target)

    result = ExportEngine(http, out, ExportOptions(use_archives=archives)).run()

    assert result.verified, (result.problems, result.failures)
    for target in planted:
        assert target.read_bytes() == PRECIOUS, f"{target.name} was written through a link"
    for entry in gone:
        document = out / str(entry["path"])
        assert not document.is_symlink() and document.is_file()
        assert hashlib.sha256(document.read_bytes()).hexdigest() == entry["sha256"]
    assert not [path for path in out.rglob("*") if path.is_symlink()]
    assert verify(out).verified
