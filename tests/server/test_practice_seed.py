"""The seeded firms are deterministic: the same seed gives byte-identical records and files (so
benchmarks compare like with like), and a bench firm has exactly the records asked for."""

from __future__ import annotations

import hashlib
from pathlib import Path

import server.app  # noqa: F401  (registers every table before a database opens)
from server.practice.kinds import KINDS
from server.practice.records import Filters, count_records
from server.practice.seeding import seed_practice
from server.practice.tables import table_name
from server.practice.trust import trust_balances
from server.state import Options, ServerState


def _seeded(path: Path, kind: str, **options: int) -> ServerState:
    state = ServerState.open(Options(data_dir=path))
    seed_practice(state, kind, **options)
    return state


def _fingerprint(state: ServerState) -> str:
    digest = hashlib.sha256()
    con = state.db.connect()
    for kind in KINDS:
        table = table_name(kind)
        for row in con.execute(f"SELECT id, sub, etag, body FROM {table} ORDER BY id"):  # noqa: S608
            digest.update(repr(tuple(row)).encode())
    for (sha,) in con.execute("SELECT sha256 FROM practice_files ORDER BY document_id"):
        digest.update(sha.encode())
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_firm(tmp_path: Path) -> None:
    options = {"records": 3000, "documents": 12, "document_bytes": 4096, "random_seed": 7}
    first = _seeded(tmp_path / "a", "bench", **options)
    second = _seeded(tmp_path / "b", "bench", **options)
    other = _seeded(tmp_path / "c", "bench", **{**options, "random_seed": 8})
    assert _fingerprint(first) == _fingerprint(second)
    assert _fingerprint(first) != _fingerprint(other)


def test_a_bench_firm_has_the_records_and_document_bytes_asked_for(tmp_path: Path) -> None:
    state = _seeded(tmp_path / "bench", "bench", records=5000, documents=40, document_bytes=10_000)
    totals = {kind: count_records(state, kind, Filters()) for kind in KINDS}
    assert sum(totals.values()) == 5000
    assert totals["documents"] == 40
    assert all(count > 0 for count in totals.values()), totals
    sizes = [
        row[0] for row in state.db.connect().execute("SELECT size FROM practice_files").fetchall()
    ]
    assert sizes == [10_000] * 40
    files = sorted(state.db.files_dir.glob("doc-*.bin"))
    assert len(files) == 40 and {f.stat().st_size for f in files} == {10_000}
    assert len({hashlib.sha256(f.read_bytes()).hexdigest() for f in files}) == 40


def test_the_demo_firm_holds_money_in_trust_and_never_less_than_nothing(tmp_path: Path) -> None:
    state = _seeded(tmp_path / "demo", "demo")
    balances = trust_balances(state)
    assert balances and all(b.balance_cents > 0 for b in balances)


def test_a_bench_firm_without_documents_still_has_the_records_asked_for(tmp_path: Path) -> None:
    state = _seeded(tmp_path / "bench", "bench", records=1500, documents=0, document_bytes=0)
    totals = {kind: count_records(state, kind, Filters()) for kind in KINDS}
    assert sum(totals.values()) == 1500
    assert totals["comments"] == 0  # nothing to comment on
    # one bank transaction at least for every trust line item
    assert totals["bank_transactions"] >= totals["trust_line_items"] > 0
