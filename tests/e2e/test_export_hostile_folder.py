"""The export folder as hostile ground: an unfinished export on a shared or synced drive may
hold links someone put where the export's files and folders go. Whatever stands there, the
export never writes outside its folder, and what it cannot take it refuses with a message that
says where and what to do."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.cli import Output, main
from app.export.control import ExportControl, ExportState, Progress
from app.export.engine import ExportEngine, ExportOptions
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend

ROOT = Path(__file__).resolve().parents[2]
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
    # The ledger fetched again (its bytes, then the copy for people), through their .part
    (out / "reports" / "raw" / "trust_ledger.csv.raw").unlink()
    for name in (
        "index.html.part",
        "manifest.json.part",
        "reports/trust_ledger.csv.part",
        "reports/raw/trust_ledger.csv.raw.part",
    ):
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


# --------------------------------------------------------------------------- clear messages


@pytest.fixture
def unfinished(http: HttpSession, tmp_path: Path) -> Path:
    """An export stopped part-way through its documents (it resumes on the next run)."""
    out = tmp_path / "export"
    control = ExportControl()

    def stop(progress: Progress) -> None:
        if progress.documents_done >= 10:
            control.cancel()

    options = ExportOptions(use_archives=False, workers=2, reports=False)
    result = ExportEngine(http, out, options, control=control, on_progress=stop).run()
    assert result.state is ExportState.CANCELLED
    return out


def _export(backend: RunningBackend, out: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("ACCOUNT_DESK_TOKEN", backend.issue_token())
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(
        ["export", "--server", backend.url, "--out", str(out), "--no-reports"],
        output=Output(stdout, stderr),
    )
    return status, stdout.getvalue() + stderr.getvalue()


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    return {
        str(path.relative_to(folder)): os.readlink(path) if path.is_symlink() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_symlink() or path.is_file()
    }


def _clear(status: int, text: str, *words: str) -> None:
    assert status in (1, 2), text
    assert "Traceback" not in text and "was the drive removed" not in text, text
    for word in words:
        assert word in text, text


@pytest.mark.slow
def test_documents_folder_replaced_by_a_link_in_a_resumed_export(
    demo_backend: RunningBackend, unfinished: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(unfinished / "documents", elsewhere)
    (unfinished / "documents").symlink_to(elsewhere, target_is_directory=True)
    before = _snapshot(elsewhere)

    status, text = _export(demo_backend, unfinished, monkeypatch)

    _clear(status, text, str(unfinished), "link", "Remove it")
    assert _snapshot(elsewhere) == before


@pytest.mark.slow
def test_a_document_replaced_by_a_link_in_a_resumed_export(
    demo_backend: RunningBackend, unfinished: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = next(
        path
        for path in sorted((unfinished / "documents").rglob("*"))
        if path.is_file() and path.suffix != ".part"
    )
    outside = _outside(tmp_path, "kept.txt")
    document.unlink()
    document.symlink_to(outside)

    status, text = _export(demo_backend, unfinished, monkeypatch)

    _clear(status, text, str(unfinished), "link", "Remove it")
    assert outside.read_bytes() == PRECIOUS and document.is_symlink()


@pytest.mark.slow
def test_a_file_where_a_folder_goes_says_which(
    demo_backend: RunningBackend, unfinished: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = unfinished / "documents"
    folder = next(path for path in sorted(documents.rglob("*")) if path.is_dir())
    shutil.rmtree(folder)
    folder.write_bytes(PRECIOUS)
    before = _snapshot(unfinished)

    status, text = _export(demo_backend, unfinished, monkeypatch)

    _clear(status, text, str(folder), "A file stands where the export needs a folder")
    after = _snapshot(unfinished)
    assert folder.read_bytes() == PRECIOUS
    kept = {
        name: content
        for name, content in before.items()
        if name.startswith("documents/") and not name.endswith(".part")
    }
    assert all(after.get(name) == content for name, content in kept.items())


@contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """``folder`` made read-only for real: a read-only mount as root (a mode does not stop
    root), its mode otherwise."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "--bind", str(folder), str(folder)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("as root, a read-only folder needs a bind mount, which is not allowed here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.slow
def test_a_read_only_export_folder_says_so(
    demo_backend: RunningBackend, unfinished: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    before = _snapshot(unfinished)
    with _read_only(fresh):
        status, text = _export(demo_backend, fresh, monkeypatch)
        _clear(status, text, str(fresh), "read-only")
    with _read_only(unfinished):
        status, text = _export(demo_backend, unfinished, monkeypatch)
        _clear(status, text, str(unfinished), "read-only")
    assert _snapshot(unfinished) == before


def _limit_file_size() -> None:
    # Files may grow to 8 KB: the journal's first writes fail as on a nearly full disk
    # (EFBIG instead of ENOSPC, which SQLite reports as "disk I/O error" alike).
    import resource  # POSIX only

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is a POSIX limit")
def test_a_nearly_full_disk_before_the_journal_opens(
    demo_backend: RunningBackend, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    env = {**os.environ, "ACCOUNT_DESK_TOKEN": demo_backend.issue_token()}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "export", "--server", demo_backend.url,
         "--out", str(out), "--profile", str(tmp_path / "profile")],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
        preexec_fn=_limit_file_size,
    )  # fmt: skip
    _clear(done.returncode, done.stdout + done.stderr, str(out), "Free some space")
    assert "disk" in done.stderr
