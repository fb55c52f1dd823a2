"""The journal makes an export resumable: committed pages count, uncommitted bytes vanish."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from app.export.journal import FileEntry, Journal, KindState, journal_exists
from app.export.kinds import kind_by_key
from app.export.records import RecordSink


def _page(start: int, count: int) -> list[dict[str, object]]:
    return [
        {"id": i, "name": f"User {i}", "email": f"u{i}@example.test"}
        for i in range(start, start + count)
    ]


def test_a_page_written_but_not_committed_is_dropped_on_resume(tmp_path: Path) -> None:
    users = kind_by_key("users")
    with Journal(tmp_path) as journal:
        with RecordSink(tmp_path, users, jsonl_offset=0, csv_offset=0) as sink:
            jsonl, csv = sink.append(_page(1, 3))
            journal.commit_page(
                "users",
                next_url="http://x/api/v4/users.json?page_token=p2",
                records=3,
                jsonl_offset=jsonl,
                csv_offset=csv,
                done=False,
            )
            sink.append(_page(4, 3))  # the process dies before this page is committed
    # a new process
    with Journal(tmp_path) as journal:
        progress = journal.kind_progress("users")
        assert progress.state is KindState.RUNNING
        assert progress.records == 3
        assert progress.next_url is not None and progress.next_url.endswith("page_token=p2")
        with RecordSink(
            tmp_path, users, jsonl_offset=progress.jsonl_offset, csv_offset=progress.csv_offset
        ) as sink:
            jsonl, csv = sink.append(_page(4, 3))
            journal.commit_page(
                "users", next_url=None, records=6, jsonl_offset=jsonl, csv_offset=csv, done=True
            )
        assert journal.kind_progress("users").state is KindState.DONE
    lines = (tmp_path / "records" / "users.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 2, 3, 4, 5, 6]
    csv_lines = (tmp_path / "records" / "users.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(csv_lines) == 1 + 6
    assert csv_lines[0].startswith("id,etag,")


def test_files_paths_failures_and_metadata_survive_a_restart(tmp_path: Path) -> None:
    assert not journal_exists(tmp_path)
    with Journal(tmp_path) as journal:
        journal.set_meta("server", "http://127.0.0.1:1")
        journal.set_expected("documents", 120)
        journal.save_paths({"folder:1": PurePosixPath("documents/Matters")})
        journal.record_failure("documents", "7", "404 Not Found", permanent=True)
        journal.record_failure("documents", "8", "timed out", permanent=False)
        journal.finish_file(
            FileEntry("documents/Matters/a.pdf", "documents", "8", 3, "ab" * 32, '"e"')
        )
    assert journal_exists(tmp_path)
    with Journal(tmp_path) as journal:
        assert journal.get_meta("server") == "http://127.0.0.1:1"
        assert journal.kind_progress("documents").expected == 120
        assert journal.saved_paths() == {"folder:1": PurePosixPath("documents/Matters")}
        # finishing item 8 cleared its earlier failure; 7 stays failed with its reason
        assert [(f.item_id, f.reason, f.permanent) for f in journal.failures()] == [
            ("7", "404 Not Found", True)
        ]
        entry = journal.file_for("documents", "8")
        assert entry is not None and entry.size == 3 and entry.etag == '"e"'
        assert [f.path for f in journal.files()] == ["documents/Matters/a.pdf"]
        assert journal.files_of("documents") == {"8": entry}
        assert journal.files_of("reports") == {}
