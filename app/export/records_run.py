"""The records part of an export run: each kind's list paged into its files, resumably,
with the kind's count taken from its first page."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

from app.errors import AccountDeskError, BadResponse
from app.export.control import KindPhase
from app.export.journal import KindState
from app.export.kinds import Kind
from app.export.pages import WrittenPage, without_records
from app.export.pagework import PageWork
from app.export.paging import PagePrefetcher
from app.export.parent_lists import (
    Parent,
    expected_records,
    first_url,
    following_url,
    parent_list,
    parent_of,
    parents_from_file,
    upcoming_urls,
)
from app.export.records import RECORDS_DIR, RecordSink, read_records
from app.export.run import FATAL, PERMANENT, RunPart, reason
from app.net.http import decode_json
from app.net.pager import PageGuard, PagingStopped

log = logging.getLogger(__name__)

# How often a kind's written pages are made durable and counted in the journal: fsyncs per page
# cost more than the page itself on a fast service, and a kill repeats at most this much.
COMMIT_SECONDS = 0.5
# Journal metadata: why a kind has no count (see `RecordsRun.take_count`).
UNCOUNTED = "uncounted:"


@dataclass(frozen=True)
class Opening:
    """A kind's first list page, fetched for its count (`meta.records`) before the kinds are
    ordered, and then written by the kind's export without being asked for again."""

    count: int | AccountDeskError  # the count, or the (not fatal) error that stood in its way
    body: bytes | None = None  # the page as received (None: the kind fetches it itself)
    source: str = ""  # where it came from (for messages)


class RecordsRun(RunPart):
    """Pages every kind of the run into its record files (`records/<kind>.jsonl` and `.csv`)."""

    def opening(self, kind: Kind) -> Opening:
        """The kind's first page (the one its export starts with) and the server's count read
        from it (`meta.records`). Where the server leaves the count out, the records are
        counted by paging their ids (`count_by_paging`); the page is kept all the same."""
        self.control.checkpoint()
        try:
            response = self.http.request(
                "GET", self._first_url(kind), params=self._first_params(kind), cancel=self.control
            )
        except FATAL:
            raise
        except AccountDeskError as exc:  # the kind's export asks again, and reports it
            return Opening(exc)
        opening = partial(Opening, body=response.content, source=response.url)
        try:
            page = decode_json(response)
        except BadResponse as exc:  # the kind's export writes it as the malformed page it is
            return opening(exc)
        try:
            return opening(self.lister.count_of_page(kind, page))
        except FATAL:
            raise
        except AccountDeskError as exc:
            return opening(exc)

    def _first_url(self, kind: Kind) -> str:
        return f"/api/v4/{kind.endpoint}.json"

    def _first_params(self, kind: Kind) -> dict[str, Any]:
        """The query of a kind's first page: every field, in id order, a full page."""
        return {
            "fields": kind.fields_param,
            "limit": self.options.page_size,
            "order": "id(asc)",
            **dict(kind.params),
        }

    def _failed(self, kind: Kind, exc: AccountDeskError) -> None:
        permanent = isinstance(exc, PERMANENT)
        self.journal.record_failure(kind.key, "*", reason(exc), permanent=permanent)
        self.tracker.kind_phase(kind.key, KindPhase.FAILED)
        log.warning("%s: %s", kind.key, exc.detail or exc.message)

    def _parents(self, kind: Kind) -> list[Parent]:
        """The parent records whose lists make up the kind: from the parent kind's finished
        file, or else listed from the service."""
        parent = parent_list(kind)
        exported = self.root / RECORDS_DIR / f"{parent.kind}.jsonl"
        if self.journal.kind_progress(parent.kind).state is KindState.DONE and exported.is_file():
            return parents_from_file(exported, parent)
        return self.lister.parents(kind)

    def take_count(self, kind: Kind, found: int | AccountDeskError | None) -> None:
        if isinstance(found, int):
            self.journal.set_expected(kind.key, found)
            self.journal.delete_meta(f"{UNCOUNTED}{kind.key}")
            self.tracker.set_expected(kind.key, found)
        elif found is not None:
            # Kept for the report: without a count the kind cannot be proved complete.
            self.journal.set_meta(f"{UNCOUNTED}{kind.key}", reason(found))
            # Not fatal: the kind's first page carries the count again (meta.records).
            permanent = isinstance(found, PERMANENT)
            self.journal.record_failure(kind.key, "*", reason(found), permanent=permanent)

    def count_and_export(self, kind: Kind) -> None:
        opening: Opening | None = None
        if self.journal.kind_progress(kind.key).expected is None:
            opening = self.opening(kind)
            self.take_count(kind, opening.count)
        self.export_kind(kind, opening)

    def export_kind(self, kind: Kind, opening: Opening | None = None) -> None:
        """Page the kind into its files; ``opening`` is its first page when planning fetched
        it already (used only when the kind starts from its first page)."""
        journal = self.journal
        progress = journal.kind_progress(kind.key)
        if progress.state is KindState.DONE:
            self.tracker.kind_phase(kind.key, KindPhase.DONE)
            return
        self.tracker.kind_phase(kind.key, KindPhase.RUNNING, progress.records)
        query = self._first_params(kind)  # the first page's; a parent's first page's too
        params: dict[str, Any] | None = dict(query)
        url: str | None = self._first_url(kind)
        parents: list[Parent] | None = None
        if kind.parent is not None:  # listed one parent at a time: each first page in its URL
            try:
                parents = self._parents(kind)
            except FATAL:
                raise
            except AccountDeskError as exc:
                self._failed(kind, exc)
                return
            first = parents[0].id if parents else None
            url, params = (None if first is None else first_url(kind, query, first)), None
        resumed = progress.state is KindState.RUNNING and bool(progress.next_url)
        if parents is not None and not resumed:  # counted afresh with the parents listed now
            self.take_count(kind, expected_records(parents))
        if resumed and progress.next_url:
            url, params = progress.next_url, None
        records = progress.records if resumed else 0
        offsets = (progress.jsonl_offset, progress.csv_offset) if resumed else (0, 0)
        # Every page goes through the guard: paging that loops or leaves the server stops the
        # kind with a failure, and no record is written twice.
        guard = PageGuard(self.http.resolve, where=kind.key, page_size=self.options.page_size)
        failed_pages: set[str] = set()  # this run's, kept when the kind finishes
        # A big kind's pages are decoded and written as bytes in a worker process, so this
        # process's threads (one interpreter lock) only fetch and write; a small one's here.
        expected = journal.kind_progress(kind.key).expected or 0
        work = PageWork(kind.columns, use_worker=expected > PageWork.MIN_RECORDS, kind_key=kind.key)
        # Pages written since the journal last counted them: (next url, records). They become
        # durable together (two fsyncs and one commit) at most every COMMIT_SECONDS; a kill
        # before that loses only them (the files are cut back to the journal's lengths).
        pending: tuple[str | None, int] | None = None
        committed_at = time.monotonic()

        def commit() -> None:
            nonlocal pending, committed_at
            if pending is None:
                return
            jsonl_offset, csv_offset = sink.sync()
            journal.commit_page(
                kind.key,
                next_url=pending[0],
                records=pending[1],
                jsonl_offset=jsonl_offset,
                csv_offset=csv_offset,
                done=pending[0] is None,
            )
            if pending[0] is None:
                sink.seal()  # index.html can take the kind's rows made on the way
            pending, committed_at = None, time.monotonic()

        with (
            work,
            RecordSink(self.root, kind, jsonl_offset=offsets[0], csv_offset=offsets[1]) as sink,
            PagePrefetcher(self.http, self.control, kind.key, work) as pages,
        ):
            if records:  # resumed: the records written before are the listing's already
                guard.remember(
                    r.get("id") for r in read_records(sink.jsonl_path) if isinstance(r, dict)
                )
            if parents is not None and url is not None:
                guard.next_listing(_count_of(kind, url, parents))
                # The next parents' first pages, a few at once (most lists are one page).
                upcoming = upcoming_urls(kind, query, url, parents)
                pages.plan(upcoming, at_once=self.options.kind_workers)
            if url is None:  # no parent to list records of: the kind is empty
                pending = (None, 0)
                commit()
            while url is not None:
                if self.control.paused or self.control.cancelled:
                    commit()  # what is written is kept before the run waits or stops
                self.control.checkpoint()
                self.run.check_destination()
                stopped: PagingStopped | None = None
                try:
                    if params is not None and opening is not None and opening.body is not None:
                        page: WrittenPage = pages.received(opening.body, opening.source)
                    else:
                        page = pages.get(url, params)
                    opening = None  # its memory goes with it
                    if params is not None and journal.kind_progress(kind.key).expected is None:
                        if page.total is not None:
                            journal.set_expected(kind.key, page.total)
                            self.tracker.set_expected(kind.key, page.total)
                    if parents is None:  # else each parent's own count (`next_listing`)
                        guard.set_expected(journal.kind_progress(kind.key).expected)
                    try:
                        repeated = guard.take(list(page.ids))
                    except PagingStopped as exc:  # nothing of this page is new: none written
                        stopped, repeated = exc, set(range(len(page.ids)))
                    if repeated:
                        page = without_records(page, kind.columns, kind.key, repeated)
                    if stopped is None:
                        try:
                            next_url = guard.next_page(url, page.next_url)
                        except PagingStopped as exc:  # this page is written, none after it
                            stopped, next_url = exc, None
                    else:
                        next_url = None
                    if next_url is None and stopped is None and parents is not None:
                        next_url = following_url(kind, query, url, parents)
                        if next_url is not None:  # the next parent's pages are its own
                            guard.next_listing(_count_of(kind, next_url, parents))
                except FATAL:
                    raise
                except AccountDeskError as exc:
                    commit()
                    self._failed(kind, exc)
                    return
                if page.good != page.received:
                    failed_pages.add(f"page-{records}")
                    journal.record_failure(
                        kind.key,
                        f"page-{records}",
                        f"{page.received - page.good} malformed record(s) in a page",
                        permanent=True,
                    )
                if stopped is not None:
                    journal.record_failure(kind.key, "*", reason(stopped), permanent=True)
                    failed_pages.add("*")
                    log.warning("%s: %s", kind.key, stopped.detail)
                if next_url is not None:
                    pages.prefetch(next_url)  # the server works on it while this page is written
                sink.write_page(page)
                records += page.good
                pending = (next_url, records)
                if (
                    next_url is None
                    or page.good != page.received
                    or time.monotonic() - committed_at >= COMMIT_SECONDS
                ):
                    commit()
                self.tracker.records(kind.key, page.good)
                if next_url is None:
                    break
                url, params = next_url, None
        # The list succeeded: clear its earlier failures, except the malformed pages of this
        # pass (and, when it resumed mid-way, those of the pages before). Failures of single
        # items of the kind (document files) are not the list's to clear.
        keep = set(failed_pages)
        for failure in journal.failures():
            if failure.kind != kind.key or failure.item_id == "*":
                continue
            if resumed or not failure.item_id.startswith("page-"):
                keep.add(failure.item_id)
        journal.resolve_failures(kind.key, keep=keep)
        if self.run.kind_hashes is not None:  # its files are final: hashed while others page
            for suffix in ("jsonl", "csv"):
                self.run.kind_hashes.add(f"{RECORDS_DIR}/{kind.key}.{suffix}")
        self.tracker.kind_phase(kind.key, KindPhase.DONE)


def _count_of(kind: Kind, url: str, parents: list[Parent]) -> int | None:
    """The count of the parent whose list `url` is a page of."""
    parent = parent_of(kind, url, parents)
    return None if parent is None else parent.count
