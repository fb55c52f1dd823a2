"""Progress counts only the bytes that are kept: a corrupt archive or document is discarded
and fetched again, and its bytes are not counted twice ("9.3 MB of 4.7 MB")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.export.control import ExportState, Progress
from app.export.engine import ExportEngine, ExportOptions
from app.export.verify import verify
from app.net.http import HttpSession
from tests.support.backend import RunningBackend
from tests.support.faulty_proxy import Corrupt, FaultyProxy, Rule


@pytest.fixture
def http(proxy: FaultyProxy, demo_backend: RunningBackend) -> Iterator[HttpSession]:
    session = HttpSession(proxy.url)
    session.set_token(demo_backend.issue_token())
    yield session
    session.close()


def _export(http: HttpSession, out: Path, options: ExportOptions) -> list[Progress]:
    seen: list[Progress] = []
    result = ExportEngine(http, out, options, on_progress=seen.append).run()
    assert result.state is ExportState.VERIFIED, (result.problems, result.failures)
    assert verify(out).verified
    return seen


def _never_past_the_total(seen: list[Progress]) -> None:
    planned = [p for p in seen if p.bytes_total]
    assert planned
    worst = max(planned, key=lambda p: p.bytes_done - p.bytes_total)
    assert worst.bytes_done <= worst.bytes_total, f"{worst.bytes_done} of {worst.bytes_total}"
    assert planned[-1].bytes_done == planned[-1].bytes_total


@pytest.mark.slow
def test_a_corrupt_streamed_archive_is_not_counted_twice(
    proxy: FaultyProxy, http: HttpSession, tmp_path: Path
) -> None:
    # The archive's end (its directory) comes intact, the entries' bytes corrupt: every
    # document is written, found wrong and fetched again one by one.
    proxy.add(
        Rule(Corrupt(start=200), listener="files", path=r"^/download/document_archive/", skip=1)
    )
    options = ExportOptions(reports=False, archive_batch_bytes=64 * 1024 * 1024)
    seen = _export(http, tmp_path / "export", options)
    _never_past_the_total(seen)
    assert any(s.fault == "Corrupt" for s in proxy.seen("files"))


@pytest.mark.slow
def test_a_corrupt_document_fetched_again_is_not_counted_twice(
    proxy: FaultyProxy, http: HttpSession, tmp_path: Path
) -> None:
    proxy.add(Rule(Corrupt(start=10), listener="files", path=r"^/download/document/", times=1))
    seen = _export(http, tmp_path / "export", ExportOptions(reports=False, use_archives=False))
    _never_past_the_total(seen)
    assert any(s.fault == "Corrupt" for s in proxy.seen("files"))
