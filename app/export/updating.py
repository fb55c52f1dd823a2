"""Bringing a finished export up to date: what changed on the server since its last run is
merged into the kinds' files, and changed documents and ledgers are fetched again."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from app.errors import BadResponse
from app.export.control import ExportState
from app.export.incremental import KindChanges, id_key, merge_kind
from app.export.journal import Journal, KindState
from app.export.kinds import Kind
from app.export.manifest import VERSIONS_KIND
from app.export.reports_run import REPORT_KINDS
from app.export.run import FATAL, PERMANENT, ExportRun, RunPart, now, reason

log = logging.getLogger(__name__)

UPDATE_MARGIN = timedelta(minutes=10)
EPOCH = "1970-01-01T00:00:00Z"
# Journal metadata of an update in progress (see `UpdateRun.bring_up_to_date`).
UPDATE_SINCE = "update_since"
UPDATE_STARTED = "update_started_at"
UPDATE_MERGED = "update_merged:"


def start_update(journal: Journal) -> None:
    """A finished export is to be brought up to date: remember since when (the last
    run's start) before the folder stops counting as complete, so a kill from here on
    continues the update rather than forgetting it."""
    journal.set_meta(UPDATE_SINCE, journal.get_meta("started_at") or EPOCH)
    journal.set_meta(UPDATE_STARTED, now())
    journal.delete_meta("changes")
    journal.delete_meta("complete")


def update_pending(journal: Journal) -> bool:
    """Whether an update was started and not finished (a kill stopped it, or it is new)."""
    return journal.get_meta(UPDATE_SINCE) is not None


class UpdateRun(RunPart):
    """Brings the finished kinds of an export up to date with the server."""

    def __init__(self, run: ExportRun, kinds: tuple[Kind, ...]) -> None:
        super().__init__(run)
        self.kinds = kinds

    def bring_up_to_date(self) -> dict[str, dict[str, int]]:
        """Merge what changed on the server since the last run into the finished kinds;
        returns the changes per kind (empty: nothing changed, the files are untouched)."""
        journal = self.journal
        since = minus_margin(journal.get_meta(UPDATE_SINCE) or EPOCH)
        self.tracker.set_state(ExportState.PLANNING)
        changes: dict[str, dict[str, int]] = {}
        for kind in self.kinds:
            self.control.checkpoint()
            self.run.check_destination()
            marker = f"{UPDATE_MERGED}{kind.key}"
            stored = journal.get_meta(marker)
            if stored is not None:
                counts = json.loads(stored)
                if any(counts.values()):
                    changes[kind.key] = counts
                continue
            progress = journal.kind_progress(kind.key)
            if progress.state is not KindState.DONE:
                continue  # never finished: the normal run takes it
            try:
                total = self.lister.count(kind)
                changed = self.lister.count(kind, {"updated_since": since})
                result = KindChanges()
                if changed or total != progress.records:
                    fresh = self.lister.list_records(
                        kind, {"fields": kind.fields_param, "updated_since": since}
                    )
                    outcome = merge_kind(self.root, kind, fresh)
                    result = outcome.changes
                    if outcome.records != total:  # records were deleted on the server
                        ids = {
                            id_key(r.get("id"))
                            for r in self.lister.list_records(kind, {"fields": "id"})
                        }
                        outcome = merge_kind(self.root, kind, [], ids)
                        result = result.plus(outcome.changes)
                    if result.changed:
                        journal.commit_page(
                            kind.key,
                            next_url=None,
                            records=outcome.records,
                            jsonl_offset=outcome.jsonl_length,
                            csv_offset=outcome.csv_length,
                            done=True,
                        )
                    journal.set_expected(kind.key, total)
                    if kind.key == "documents":
                        # A changed document record may be a new version: fetch its file again.
                        for document_id in (*result.updated_ids, *result.removed_ids):
                            entry = journal.file_for("documents", document_id)
                            if entry is not None:
                                journal.forget_file(entry.path)
                        # The earlier versions of a deleted document leave the manifest too.
                        removed = set(result.removed_ids)
                        for source_id, entry in journal.files_of(VERSIONS_KIND).items():
                            if source_id.partition("/")[0] in removed:
                                journal.forget_file(entry.path)
            except FATAL:
                raise
            except (*PERMANENT, BadResponse) as exc:
                # Gone, refused, or listed in a way that cannot be merged (e.g. paging that
                # loops): the normal run takes the kind afresh, and says why if it fails again.
                journal.record_failure(kind.key, "*", reason(exc), permanent=True)
                journal.reset_kind(kind.key)
                self.run.update_left_kinds = True
                continue
            journal.set_meta(marker, json.dumps(result.counts()))
            if result.changed:
                changes[kind.key] = result.counts()
                log.info("%s changed since the last export: %s", kind.key, result.counts())
        for kind in self.kinds:
            journal.delete_meta(f"{UPDATE_MERGED}{kind.key}")
        journal.set_meta("started_at", journal.get_meta(UPDATE_STARTED) or now())
        if changes:
            journal.set_meta("changes", json.dumps(changes))
            for report_kind in REPORT_KINDS:  # the ledgers may have changed too
                entry = journal.file_for("reports", report_kind)
                if entry is not None:
                    journal.forget_file(entry.path)
        journal.delete_meta(UPDATE_STARTED)
        journal.delete_meta(UPDATE_SINCE)
        return changes


def minus_margin(instant: str) -> str:
    """`updated_since` a little before the last run's start: the server's clock may be a bit
    behind this computer's. Records changed in the overlap are compared, not counted twice."""
    try:
        moment = datetime.strptime(instant, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return EPOCH
    return (moment - UPDATE_MARGIN).strftime("%Y-%m-%dT%H:%M:%SZ")
