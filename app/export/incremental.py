"""Bringing a finished export up to date with what changed on the server since.

The engine asks the server, per kind, how many records changed since the last run started
(`updated_since`) and how many there are now; a kind where neither moved costs two tiny
requests. For the others it fetches only the changed records and merges them into the kind's
files by id: a record whose content (and so its ETag) differs replaces the old one, a new id is
added, and when the count still does not match, an id-only listing finds the records deleted on
the server. Both files are rewritten beside the old ones and renamed into place, so a kill
leaves either the old or the new version, and merging the same changes again changes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import fsync_dir
from app.export.csvout import csv_header, csv_rows, jsonl_lines
from app.export.kinds import Kind
from app.export.records import RECORDS_DIR
from app.export.safefiles import create_file, open_existing, replace_file

#: Records written to the CSV per batch while rewriting (bounded memory).
BATCH = 500


@dataclass(frozen=True)
class KindChanges:
    """What one merge did to one kind."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    updated_ids: tuple[str, ...] = ()  # record ids as str(id), e.g. to re-fetch documents
    removed_ids: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def counts(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "removed": self.removed}

    def plus(self, other: KindChanges) -> KindChanges:
        return KindChanges(
            self.added + other.added,
            self.updated + other.updated,
            self.removed + other.removed,
            self.updated_ids + other.updated_ids,
            self.removed_ids + other.removed_ids,
        )


@dataclass(frozen=True)
class MergeOutcome:
    changes: KindChanges
    records: int  # records in the kind's files now
    jsonl_length: int
    csv_length: int


def id_key(value: Any) -> str:
    """A record id as the journal and the manifest write it (str of the JSON value)."""
    return value if isinstance(value, str) else str(value)


def merge_kind(
    root: Path,
    kind: Kind,
    changed: Sequence[Mapping[str, Any]],
    server_ids: set[str] | None = None,
) -> MergeOutcome:
    """Merge ``changed`` records into ``records/<kind>.jsonl`` and ``.csv`` by id; with
    ``server_ids`` also drop the records whose id is no longer on the server. Unchanged
    records keep their exact bytes. Nothing is rewritten when nothing differs."""
    directory = root / RECORDS_DIR
    jsonl = directory / f"{kind.key}.jsonl"
    csv_path = directory / f"{kind.key}.csv"
    jsonl_part = jsonl.with_name(jsonl.name + ".part")
    csv_part = csv_path.with_name(csv_path.name + ".part")
    pending: dict[str, Mapping[str, Any]] = {}
    for record in changed:
        pending[id_key(record.get("id"))] = record
    added = updated = removed = records = 0
    updated_ids: list[str] = []
    removed_ids: list[str] = []
    batch: list[Mapping[str, Any]] = []
    with (
        open_existing(jsonl, "rb") as source,
        create_file(jsonl_part) as jsonl_out,
        create_file(csv_part) as csv_out,
    ):
        csv_out.write(csv_header(kind.columns))
        for line in source:
            if not line.strip():
                continue
            record = json.loads(line)
            key = id_key(record.get("id") if isinstance(record, Mapping) else None)
            fresh = pending.pop(key, None)
            if fresh is None and server_ids is not None and key not in server_ids:
                removed += 1
                removed_ids.append(key)
                continue
            if fresh is not None and fresh != record:
                updated += 1
                updated_ids.append(key)
                record, line = fresh, jsonl_lines([fresh])
            jsonl_out.write(line)
            batch.append(record)
            records += 1
            if len(batch) >= BATCH:
                csv_out.write(csv_rows(batch, kind.columns))
                batch.clear()
        for fresh in pending.values():  # ids the files did not have
            added += 1
            jsonl_out.write(jsonl_lines([fresh]))
            batch.append(fresh)
            records += 1
        csv_out.write(csv_rows(batch, kind.columns))
        for handle in (jsonl_out, csv_out):
            handle.flush()
            os.fsync(handle.fileno())
    changes = KindChanges(added, updated, removed, tuple(updated_ids), tuple(removed_ids))
    if not changes.changed:
        jsonl_part.unlink()
        csv_part.unlink()
        return MergeOutcome(changes, records, jsonl.stat().st_size, csv_path.stat().st_size)
    replace_file(jsonl_part, jsonl)
    replace_file(csv_part, csv_path)
    fsync_dir(directory)
    return MergeOutcome(changes, records, jsonl.stat().st_size, csv_path.stat().st_size)
