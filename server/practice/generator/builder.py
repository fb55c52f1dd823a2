"""What every part of a generated firm shares: the random source, the row writer, the ids and
references the parts hand on to each other, and the way records get ids, etags and moments."""

from __future__ import annotations

import hashlib
import random
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from server.practice.generator.counts import RecordCounts
from server.practice.generator.row_writer import RowWriter
from server.practice.kinds import Shape
from server.state import ServerState

# Generated moments are naive datetimes in UTC, in whole seconds: isoformat() is then exactly
# the instant without an offset, and much faster than strftime over hundreds of thousands.
LAST_MOMENT = datetime(2026, 11, 20, 17, 0)
FIRST_MOMENT = datetime(2022, 1, 3, 9, 0)


def instant(moment: datetime) -> str:
    return moment.isoformat() + "Z"


def record_etag(kind: str, record_id: int, updated_at: str) -> str:
    digest = hashlib.blake2b(f"{kind}/{record_id}/{updated_at}".encode(), digest_size=16)
    return f'"{digest.hexdigest()}"'


def project(entity: dict[str, Any], shape: Shape) -> dict[str, Any]:
    return {
        name: (entity.get(name) if sub is None else project_value(entity.get(name), sub))
        for name, sub in shape.items()
    }


def project_value(value: Any, shape: Shape) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [project(item, shape) for item in value]
    return project(value, shape)


def money(value: float) -> float:
    return round(value + 1e-9, 2)


def random_date(rng: random.Random, first_year: int, end_year: int) -> str:
    year, month, day = (
        rng.randrange(first_year, end_year),
        rng.randrange(1, 13),
        rng.randrange(1, 29),
    )
    return f"{year}-{month:02d}-{day:02d}"


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum()) or "x"


class FirmBuilderBase:
    """The state the parts of a firm are built from and hand on to each other."""

    def __init__(
        self,
        state: ServerState,
        sink: RowWriter,
        rng: random.Random,
        counts: RecordCounts,
        demo: bool,
        document_bytes: int,
    ) -> None:
        self.state = state
        self.sink = sink
        self.rng = rng
        self.counts = counts
        self.demo = demo
        self.document_bytes = document_bytes
        self.next_version_id = 1  # older document versions are numbered after the documents
        self.user_refs: dict[int, dict[str, Any]] = {}
        self.participants: dict[int, dict[str, Any]] = {}
        self.creators: dict[int, dict[str, Any]] = {}
        self.contact_refs: list[dict[str, Any]] = []
        self.contact_participants: list[dict[str, Any]] = []
        self.client_ids: list[int] = []
        self.matter_refs: list[dict[str, Any]] = []
        self.matter_client: list[int] = []  # index -> contact index
        self.matter_open: list[datetime] = []
        self.matter_folder: dict[int, int] = {}  # matter id -> folder id
        self.bill_refs: dict[int, dict[str, Any]] = {}
        self.custom_field_refs: list[dict[str, Any]] = []
        self.practice_area_refs: list[dict[str, Any]] = []
        self.folder_refs: dict[int, dict[str, Any]] = {}
        self.folder_context: dict[int, tuple[dict[str, Any] | None, dict[str, Any] | None]] = {}
        self.pending_matters: list[dict[str, Any]] = []  # written once their folder exists
        self.bills_by_matter: dict[int, list[int]] = {}  # matter index -> bill ids
        self.paid_bills: list[tuple[int, str, float, int]] = []  # id, paid_at, paid, matter
        self.trust_items: list[dict[str, Any]] = []  # the trust line items, as written
        self.billed_entries: dict[int, list[dict[str, Any]]] = {}  # bill id -> its activities
        self.bank_accounts: dict[int, dict[str, Any]] = {}  # id -> the account as written
        self.document_versions: list[dict[str, Any]] = []  # each document's latest version
        # the firm's own lists, as nested in the records that use them: kind -> entries
        self.firm_lists: dict[str, list[dict[str, Any]]] = {}
        # what a reminder can be about: type, id, name, when, the user reminded
        self.remindable: list[tuple[str, int, str, datetime, int]] = []
        self.bill_totals: dict[int, tuple[float, str, int]] = {}  # total, issued_at, matter
        self.unpaid_bills: list[int] = []  # ids of the bills sent and still owed
        self.bill_matter: dict[int, int] = {}  # bill id -> matter index
        self.allocations_by_bill: dict[int, list[dict[str, Any]]] = {}  # the payments' records
        self.deposits_by_bill: dict[int, dict[str, Any]] = {}  # the operating account's deposit
        self.calendar_refs_by_matter: dict[int, list[dict[str, Any]]] = {}  # matter index ->
        self.groups: list[dict[str, Any]] = []  # the firm's groups of users, as written

    def stamp(
        self, kind: str, record_id: int, not_before: datetime | None = None
    ) -> dict[str, Any]:
        """id, etag, created_at and updated_at for a new record."""
        created = self.moment(not_before)
        # random() rather than randrange(): several times faster, and seeding is hot
        updated = min(created + timedelta(seconds=int(self.rng.random() * 30 * 86400)), LAST_MOMENT)
        updated_at = instant(updated)
        return {
            "id": record_id,
            "etag": record_etag(kind, record_id, updated_at),
            "created_at": instant(created),
            "updated_at": updated_at,
        }

    def moment(self, after: datetime | None = None) -> datetime:
        start = after or FIRST_MOMENT
        span = max((LAST_MOMENT - start).total_seconds(), 1.0)
        return start + timedelta(seconds=int(self.rng.random() * span))
