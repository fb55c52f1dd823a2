"""Filling the practice tables with the demo firm or a bench firm, in one transaction."""

from __future__ import annotations

import logging
import random
import sqlite3
import time

from server.practice.generator.banking import BankingBuilder
from server.practice.generator.billing import BillingBuilder
from server.practice.generator.calendar import CalendarBuilder
from server.practice.generator.clients import ClientsBuilder
from server.practice.generator.correspondence import CorrespondenceBuilder
from server.practice.generator.counts import DEMO_COUNTS, RecordCounts, bench_counts
from server.practice.generator.demo_files import make_demo_files
from server.practice.generator.documents import DocumentsBuilder
from server.practice.generator.firm_setup import FirmSetupBuilder
from server.practice.generator.firm_templates import FirmTemplatesBuilder
from server.practice.generator.matter_details import MatterDetailsBuilder
from server.practice.generator.receivables import ReceivablesBuilder
from server.practice.generator.row_writer import RowWriter
from server.state import ServerState

logger = logging.getLogger(__name__)


class FirmBuilder(
    FirmSetupBuilder,
    ClientsBuilder,
    DocumentsBuilder,
    BillingBuilder,
    BankingBuilder,
    CalendarBuilder,
    CorrespondenceBuilder,
    ReceivablesBuilder,
    MatterDetailsBuilder,
    FirmTemplatesBuilder,
):
    """Builds one firm: every kind, with consistent references between them."""


def seed_practice(
    state: ServerState,
    kind: str,
    *,
    records: int = 0,
    documents: int = 0,
    document_bytes: int = 0,
    random_seed: int = 1,
) -> dict[str, int]:
    """Fill the practice tables with the demo firm or a bench firm, in one transaction.
    Returns the number of records written per kind."""
    started = time.perf_counter()
    rng = random.Random(random_seed)
    demo = kind == "demo"
    counts = DEMO_COUNTS if demo else bench_counts(records, documents)
    con = state.db.connect()
    # A fresh data dir and no other connection yet: write the bulk straight into the database
    # file (no WAL copy, no fsync) and go back to WAL for serving.
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA synchronous=OFF")
    except sqlite3.OperationalError:  # someone else has it open: seed slower, in WAL
        logger.info("seeding in WAL mode: the database is in use")
    try:
        written = _seed_in_transaction(state, con, rng, counts, demo, document_bytes)
    finally:
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA journal_mode=WAL")
    logger.info(
        "seeded %s practice data: %d records in %.1f s",
        kind,
        sum(written.values()),
        time.perf_counter() - started,
    )
    return written


def _seed_in_transaction(
    state: ServerState,
    con: sqlite3.Connection,
    rng: random.Random,
    counts: RecordCounts,
    demo: bool,
    document_bytes: int,
) -> dict[str, int]:
    with con:
        sink = RowWriter(con)
        builder = FirmBuilder(state, sink, rng, counts, demo, document_bytes)
        builder.users()
        builder.practice_areas()
        builder.custom_fields()
        builder.contacts()
        builder.matters()
        leaves = builder.folders()
        demo_files = make_demo_files(rng, leaves, counts.documents) if demo else None
        builder.documents(leaves, demo_files)
        builder.activities_and_bills()
        builder.client_balances()
        builder.calendar_entries()
        builder.tasks()
        builder.notes()
        builder.communications()
        builder.trust_line_items()
        builder.bank_records()
        builder.line_items()
        builder.allocations()
        builder.credit_memos()
        builder.relationships()
        builder.conversations()
        builder.comments()
        builder.reminders()
        builder.matter_stages()
        builder.interest_charges()
        builder.online_payments()
        builder.damages()
        builder.medical_records_details()
        builder.matter_dockets()
        builder.log_entries()
        builder.firm_templates()
        builder.firm_list_records()
        sink.close()
    return {k: v for k, v in sink.totals.items() if not k.startswith("@")}
