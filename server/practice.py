"""The firm's practice data as the data API serves it: the kinds and their fields (Clio v4 names),
the tables, the queries behind paging, and the deterministic demo and bench firms.

Each record is stored once as the JSON text of all its fields (nested objects included) beside
the few columns that are filtered or sorted on, so a page is one indexed range scan.
"""

from __future__ import annotations

import hashlib
import logging
import random
import sqlite3
import threading
import time
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from server import samplefiles
from server.db import register_schema
from server.firm import FIRM_NAME, SEED_USERS, SeedUser
from server.state import ServerState

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Kinds and their fields

#: A field selection / shape: field name -> None for a plain value, or the shape of a nested
#: object (or of each object of a nested list).
Shape = dict[str, "Shape | None"]


def _shape(names: str, **nested: Shape) -> Shape:
    """A shape from space-separated plain field names and keyword nested shapes."""
    out: Shape = dict.fromkeys(names.split())
    out.update(nested)
    return out


# Nested shapes: subsets of the matching Clio *_base schemas.
USER_REF = _shape("id etag name first_name last_name initials email enabled subscription_type")
CONTACT_REF = _shape(
    "id etag name first_name last_name type initials is_client primary_email_address"
    " primary_phone_number"
)
MATTER_REF = _shape(
    "id etag number display_number description status client_id billable billing_method"
    " open_date close_date"
)
PRACTICE_AREA_REF = _shape("id etag name code category")
FOLDER_REF = _shape("id etag name type root locked created_at updated_at deleted_at")
BILL_REF = _shape("id etag number state issued_at due_at total balance")
PARTICIPANT = _shape("id etag type identifier name initials enabled")
CUSTOM_FIELD_REF = _shape("id etag name field_type parent_type")
CUSTOM_FIELD_VALUE = _shape(
    "id etag field_name field_type field_required field_displayed field_display_order value"
    " soft_deleted created_at updated_at",
    custom_field=CUSTOM_FIELD_REF,
)
ADDRESS = _shape(
    "id etag name street city province postal_code country primary created_at updated_at"
)
EMAIL_ADDRESS = _shape("id etag name address primary created_at updated_at")
PHONE_NUMBER = _shape("id etag name number primary created_at updated_at")
DOCUMENT_CATEGORY = _shape("id etag name created_at updated_at")
CREATOR = _shape("id etag type name first_name last_name initials email enabled")
DOCUMENT_VERSION = _shape(
    "id etag uuid document_id filename size version_number content_type fully_uploaded"
    " received_at created_at updated_at"
)
CALENDAR_REF = _shape("id etag name type color permission visible")
ATTENDEE = _shape("id etag type name email enabled")
EXPENSE_CATEGORY = _shape("id etag name rate entry_type created_at updated_at")
ACTIVITY_DESCRIPTION = _shape("id etag name default type")
TASK_TYPE = _shape("id etag name created_at updated_at")
PICKLIST_OPTION = _shape("id etag option deleted_at created_at updated_at")
BANK_ACCOUNT_REF = _shape(
    "id etag name type account_number institution holder currency default_account"
)
ACTIVITY_REF = _shape(
    "id etag type date quantity_in_hours price total note billed non_billable no_charge"
)
LINE_ITEM_TOTALS = _shape("quantity price discount_percent total sub_total")
DISCOUNT = _shape("rate type note early_payment_rate early_payment_period")
POLYMORPHIC_REF = _shape("id type identifier secondary_identifier tertiary_identifier")
CONVERSATION_MESSAGE = _shape("id etag date body created_at updated_at")
NOTIFICATION_METHOD = _shape(
    "id etag type email_address is_default_email_address created_at updated_at"
)
ALLOCATION_REF = _shape("id etag date amount description payment_type voided_at")


@dataclass(frozen=True)
class KindSpec:
    name: str  # the path segment: /api/v4/<name>.json
    shape: Shape  # every field served, with nested shapes
    string_ids: bool = False  # Clio gives calendar entries string ids


_KIND_SPECS = (
    KindSpec(
        "users",
        _shape(
            "id etag name first_name last_name initials email phone_number enabled account_owner"
            " roles subscription_type rate time_zone default_calendar_id clio_connect"
            " court_rules_default_attendee created_at updated_at"
        ),
    ),
    KindSpec("practice_areas", _shape("id etag name code category created_at updated_at")),
    KindSpec(
        "custom_fields",
        _shape(
            "id etag name parent_type field_type displayed deleted required display_order"
            " created_at updated_at",
            picklist_options=PICKLIST_OPTION,
        ),
    ),
    KindSpec(
        "contacts",
        _shape(
            "id etag name type prefix first_name middle_name last_name title initials"
            " date_of_birth primary_email_address primary_phone_number is_client is_co_counsel"
            " is_bill_recipient ledes_client_id sales_tax_number created_at updated_at",
            company=CONTACT_REF,
            primary_address=ADDRESS,
            addresses=ADDRESS,
            email_addresses=EMAIL_ADDRESS,
            phone_numbers=PHONE_NUMBER,
            custom_field_values=CUSTOM_FIELD_VALUE,
        ),
    ),
    KindSpec(
        "matters",
        _shape(
            "id etag number display_number custom_number description status location"
            " client_reference client_id billable maildrop_address billing_method open_date"
            " close_date pending_date shared has_tasks last_activity_date created_at updated_at",
            client=CONTACT_REF,
            practice_area=PRACTICE_AREA_REF,
            responsible_attorney=USER_REF,
            originating_attorney=USER_REF,
            folder=FOLDER_REF,
            custom_field_values=CUSTOM_FIELD_VALUE,
        ),
    ),
    KindSpec(
        "activities",
        _shape(
            "id etag type date quantity_in_hours rounded_quantity_in_hours quantity"
            " rounded_quantity quantity_redacted price total note flat_rate billed on_bill"
            " non_billable non_billable_total no_charge tax_setting contingency_fee reference"
            " created_at updated_at",
            matter=MATTER_REF,
            user=USER_REF,
            bill=BILL_REF,
            activity_description=ACTIVITY_DESCRIPTION,
            expense_category=EXPENSE_CATEGORY,
            vendor=CONTACT_REF,
        ),
    ),
    KindSpec(
        "bills",
        _shape(
            "id etag number type kind state subject memo purchase_order issued_at due_at"
            " start_at end_at tax_rate secondary_tax_rate sub_total tax_sum secondary_tax_sum"
            " total_tax total paid paid_at pending due balance credits_issued shared"
            " last_sent_at can_update created_at updated_at",
            user=USER_REF,
            client=CONTACT_REF,
            matters=MATTER_REF,
        ),
    ),
    KindSpec(
        "folders",
        _shape(
            "id etag type name root locked deleted_at created_at updated_at",
            parent=FOLDER_REF,
            matter=MATTER_REF,
            contact=CONTACT_REF,
            creator=CREATOR,
        ),
    ),
    KindSpec(
        "documents",
        _shape(
            "id etag type name filename size content_type locked received_at deleted_at"
            " created_at updated_at",
            parent=FOLDER_REF,
            matter=MATTER_REF,
            contact=CONTACT_REF,
            document_category=DOCUMENT_CATEGORY,
            creator=CREATOR,
            latest_document_version=DOCUMENT_VERSION,
        ),
    ),
    KindSpec(
        "calendar_entries",
        _shape(
            "id etag summary description location start_at end_at all_day recurrence_rule"
            " court_rule permission calendar_owner_id start_at_time_zone time_entries_count"
            " created_at updated_at",
            matter=MATTER_REF,
            calendar_owner=CALENDAR_REF,
            attendees=ATTENDEE,
        ),
        string_ids=True,
    ),
    KindSpec(
        "tasks",
        _shape(
            "id etag name description description_text_type status priority due_at"
            " completed_at permission notify_completion statute_of_limitations time_estimated"
            " time_entries_count created_at updated_at",
            matter=MATTER_REF,
            assigner=USER_REF,
            assignee=PARTICIPANT,
            task_type=TASK_TYPE,
        ),
    ),
    KindSpec(
        "notes",
        _shape(
            "id etag type subject detail detail_text_type date time_entries_count created_at"
            " updated_at",
            matter=MATTER_REF,
            contact=CONTACT_REF,
            author=USER_REF,
        ),
    ),
    KindSpec(
        "communications",
        _shape(
            "id etag type subject body date received_at time_entries_count created_at updated_at",
            matter=MATTER_REF,
            user=USER_REF,
            senders=PARTICIPANT,
            receivers=PARTICIPANT,
        ),
    ),
    KindSpec(
        "trust_line_items",
        _shape(
            "id etag date total note created_at updated_at",
            matter=MATTER_REF,
            client=CONTACT_REF,
            bill=BILL_REF,
        ),
    ),
    KindSpec(
        "bank_accounts",
        _shape(
            "id etag name type account_number transit_number swift institution domicile_branch"
            " holder general_ledger_number currency currency_symbol currency_id balance"
            " bank_transactions_count default_account controlled_account clio_payments_enabled"
            " clio_payment_page_link clio_payment_page_qr_code created_at updated_at",
            user=USER_REF,
        ),
    ),
    KindSpec(
        "bank_transactions",
        _shape(
            "id etag type bank_account_id source confirmation read_only_confirmation date amount"
            " funds_in funds_out current_account_balance currency currency_id exchange_rate"
            " description transaction_type clio_payments_transaction created_at updated_at",
            bank_account=BANK_ACCOUNT_REF,
            matter=MATTER_REF,
            client=CONTACT_REF,
            bill=BILL_REF,
            allocation=ALLOCATION_REF,
        ),
    ),
    KindSpec(
        "line_items",
        _shape(
            "id etag type kind description note date quantity price sub_total tax"
            " secondary_tax total taxable secondary_taxable group_ordering created_at"
            " updated_at",
            bill=BILL_REF,
            activity=ACTIVITY_REF,
            matter=MATTER_REF,
            user=USER_REF,
            discount=DISCOUNT,
            included_line_item_totals=LINE_ITEM_TOTALS,
        ),
    ),
    KindSpec(
        "allocations",
        _shape(
            "id etag date amount interest description payment_type has_online_payment"
            " destroyable voided_at created_at updated_at",
            bill=BILL_REF,
            matter=MATTER_REF,
            contact=CONTACT_REF,
            source_bank_account=BANK_ACCOUNT_REF,
            destination_bank_account=BANK_ACCOUNT_REF,
            parent=POLYMORPHIC_REF,
        ),
    ),
    KindSpec(
        "credit_memos",
        _shape(
            "id etag date amount description discount voided_at created_at updated_at",
            user=USER_REF,
            contact=CONTACT_REF,
            allocations=ALLOCATION_REF,
        ),
    ),
    KindSpec(
        "relationships",
        _shape("id etag description created_at updated_at", matter=MATTER_REF, contact=CONTACT_REF),
    ),
    KindSpec(
        "conversations",
        _shape(
            "id etag subject archived read_only current_user_is_member read message_count"
            " time_entries_count created_at updated_at",
            matter=MATTER_REF,
            first_message=CONVERSATION_MESSAGE,
            last_message=CONVERSATION_MESSAGE,
            messages=CONVERSATION_MESSAGE,
        ),
    ),
    KindSpec(
        "comments",
        _shape(
            "id etag message created_at updated_at",
            creator=USER_REF,
            document_version=DOCUMENT_VERSION,
        ),
    ),
    KindSpec(
        "reminders",
        _shape(
            "id etag duration next_delivery_at state created_at updated_at",
            notification_method=NOTIFICATION_METHOD,
            subject=POLYMORPHIC_REF,
        ),
    ),
    KindSpec(
        "matter_stages",
        _shape("id etag practice_area_id name order created_at updated_at"),
    ),
    KindSpec("document_categories", DOCUMENT_CATEGORY),
    KindSpec("task_types", _shape("id etag name deleted_at created_at updated_at")),
    KindSpec("expense_categories", EXPENSE_CATEGORY),
    KindSpec(
        "activity_descriptions",
        _shape(
            "id etag name default type visible_to_co_counsel accessible_to_user created_at"
            " updated_at"
        ),
    ),
    KindSpec(
        "calendars",
        _shape(
            "id etag name type color light_color permission visible source"
            " court_rules_default_calendar created_at updated_at",
            creator=USER_REF,
        ),
    ),
)
KINDS: dict[str, KindSpec] = {spec.name: spec for spec in _KIND_SPECS}


def full_fields_param(kind: str) -> str:
    """The `fields=` value that asks for every field the server has for that kind."""

    def render(shape: Shape) -> str:
        return ",".join(
            name if sub is None else f"{name}{{{render(sub)}}}" for name, sub in shape.items()
        )

    return render(KINDS[kind].shape)


# --------------------------------------------------------------------------------------------
# Storage

_TABLE_DDL = "\n".join(
    f"""
    CREATE TABLE IF NOT EXISTS practice_{kind} (
        id INTEGER PRIMARY KEY,
        sub TEXT,
        updated_at TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS practice_{kind}_updated ON practice_{kind}(updated_at);
    """
    for kind in KINDS
)

register_schema(
    _TABLE_DDL
    + """
    CREATE TABLE IF NOT EXISTS practice_folder_tree (
        id INTEGER PRIMARY KEY,
        parent_id INTEGER,
        name TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS practice_files (
        document_id INTEGER PRIMARY KEY,
        folder_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        content_type TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS practice_files_folder ON practice_files(folder_id);
    CREATE TABLE IF NOT EXISTS practice_document_versions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL,
        version_number INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS practice_document_versions_document
        ON practice_document_versions(document_id, version_number);
    """
)


@dataclass(frozen=True)
class StoredRecord:
    id: int
    etag: str
    body: str  # JSON text of every field


@dataclass(frozen=True)
class DocumentFile:
    document_id: int
    folder_id: int
    name: str  # as stored: may be hostile
    path: Path
    size: int
    sha256: str
    content_type: str


@dataclass(frozen=True)
class Filters:
    sub: str | None = None  # notes: "Matter" or "Contact"
    updated_since: str | None = None  # the stored updated_at format
    # further conditions (SQL over the row's id and body, and their arguments): the published
    # filters of server.published_filters
    clauses: tuple[tuple[str, tuple[Any, ...]], ...] = ()


def _table(kind: str) -> str:
    if kind not in KINDS:  # table names come only from this fixed list
        raise KeyError(kind)
    return f"practice_{kind}"


def _where(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if filters.sub is not None:
        clauses.append("sub = ?")
        args.append(filters.sub)
    if filters.updated_since is not None:
        clauses.append("updated_at >= ?")
        args.append(filters.updated_since)
    for clause, clause_args in filters.clauses:
        clauses.append(f"({clause})")
        args.extend(clause_args)
    return "".join(f" AND {c}" for c in clauses), args


# Counts do not change while the server runs (practice data is read-only through the API), so
# they are computed once per filter; `meta.records` is then free on every page.
_count_cache: dict[tuple[str, str, str, Filters], int] = {}
_count_lock = threading.Lock()
MAX_CACHED_COUNTS = 4096


def count_records(state: ServerState, kind: str, filters: Filters) -> int:
    key = (str(state.db.path), state.db.get_meta("seed") or "", kind, filters)
    with _count_lock:
        if key in _count_cache:
            return _count_cache[key]
    where, args = _where(filters)
    sql = f"SELECT COUNT(*) FROM {_table(kind)} WHERE 1=1{where}"  # noqa: S608 - fixed names
    total = int(state.db.connect().execute(sql, args).fetchone()[0])
    with _count_lock:
        if len(_count_cache) > MAX_CACHED_COUNTS:  # filters come from requests: keep it bounded
            _count_cache.clear()
        _count_cache[key] = total
    return total


def page_after(
    state: ServerState, kind: str, after_id: int, limit: int, filters: Filters
) -> list[StoredRecord]:
    """Cursor paging: the next `limit` records with an id above `after_id`, in id order."""
    where, args = _where(filters)
    sql = (
        f"SELECT id, etag, body FROM {_table(kind)} WHERE id > ?{where}"  # noqa: S608
        " ORDER BY id LIMIT ?"
    )
    rows = state.db.connect().execute(sql, [after_id, *args, limit]).fetchall()
    return [StoredRecord(r[0], r[1], r[2]) for r in rows]


def page_at(
    state: ServerState,
    kind: str,
    offset: int,
    limit: int,
    descending: bool,
    filters: Filters,
    order_path: str | None = None,
) -> list[StoredRecord]:
    """Offset paging (what Clio does when no cursor order is asked for), by id or by the value
    at a JSON path of the record (then by id, so that pages never overlap)."""
    where, args = _where(filters)
    direction = "DESC" if descending else "ASC"
    order_args: list[Any] = []
    order = f"id {direction}"
    if order_path is not None:
        order = f"json_extract(body, ?) {direction}, id {direction}"
        order_args.append(order_path)
    sql = (
        f"SELECT id, etag, body FROM {_table(kind)} WHERE 1=1{where}"  # noqa: S608
        f" ORDER BY {order} LIMIT ? OFFSET ?"
    )
    rows = state.db.connect().execute(sql, [*args, *order_args, limit, offset]).fetchall()
    return [StoredRecord(r[0], r[1], r[2]) for r in rows]


def get_record(state: ServerState, kind: str, record_id: int) -> StoredRecord | None:
    sql = f"SELECT id, etag, body FROM {_table(kind)} WHERE id = ?"  # noqa: S608
    row = state.db.connect().execute(sql, (record_id,)).fetchone()
    return StoredRecord(row[0], row[1], row[2]) if row else None


def iter_bodies(state: ServerState, kind: str) -> Iterator[dict[str, Any]]:
    """Every record of a kind as a dict, in id order (for reports)."""
    sql = f"SELECT body FROM {_table(kind)} ORDER BY id"  # noqa: S608
    for (body,) in state.db.connect().execute(sql):
        yield orjson.loads(body)


def document_file(state: ServerState, document_id: int) -> DocumentFile | None:
    row = (
        state.db.connect()
        .execute(
            "SELECT document_id, folder_id, name, path, size, sha256, content_type"
            " FROM practice_files WHERE document_id = ?",
            (document_id,),
        )
        .fetchone()
    )
    return _document_file(state, row) if row else None


def older_versions(state: ServerState, document_id: int) -> list[dict[str, Any]]:
    """The DocumentVersion records of a document before its latest, oldest first."""
    rows = (
        state.db.connect()
        .execute(
            "SELECT body FROM practice_document_versions WHERE document_id = ?"
            " ORDER BY version_number",
            (document_id,),
        )
        .fetchall()
    )
    return [orjson.loads(row[0]) for row in rows]


def version_file_by_id(state: ServerState, version_id: int) -> DocumentFile | None:
    """The bytes of one earlier version of a document, or None when there is no such one."""
    row = (
        state.db.connect()
        .execute(
            "SELECT document_id, path, sha256, body FROM practice_document_versions WHERE id = ?",
            (version_id,),
        )
        .fetchone()
    )
    if row is None:
        return None
    current = document_file(state, row[0])
    if current is None:
        return None
    body = orjson.loads(row[3])
    return DocumentFile(
        document_id=row[0],
        folder_id=current.folder_id,
        name=str(body.get("filename") or current.name),
        path=state.db.files_dir / row[1],
        size=int(body.get("size") or 0),
        sha256=row[2],
        content_type=str(body.get("content_type") or current.content_type),
    )


def is_latest_version(state: ServerState, document_id: int, version_id: int) -> bool:
    record = get_record(state, "documents", document_id)
    latest = orjson.loads(record.body).get("latest_document_version") if record else None
    return isinstance(latest, dict) and latest.get("id") == version_id


def _document_file(state: ServerState, row: sqlite3.Row) -> DocumentFile:
    return DocumentFile(
        document_id=row[0],
        folder_id=row[1],
        name=row[2],
        path=state.db.files_dir / row[3],
        size=row[4],
        sha256=row[5],
        content_type=row[6],
    )


def folder_exists(state: ServerState, folder_id: int) -> bool:
    con = state.db.connect()
    return (
        con.execute("SELECT 1 FROM practice_folder_tree WHERE id = ?", (folder_id,)).fetchone()
        is not None
    )


def folder_paths(state: ServerState) -> dict[int, str]:
    """Each folder's path from the root folder (the root itself is ""), names as stored."""
    rows = (
        state.db.connect()
        .execute("SELECT id, parent_id, name FROM practice_folder_tree")
        .fetchall()
    )
    parents: dict[int, tuple[int | None, str]] = {r[0]: (r[1], r[2]) for r in rows}
    paths: dict[int, str] = {}
    for folder_id in parents:
        chain: list[int] = []
        current: int | None = folder_id
        # walk up to a folder whose path is known (or the root); the length check stops a cycle
        while current is not None and current not in paths and len(chain) <= len(parents):
            chain.append(current)
            current = parents.get(current, (None, ""))[0]
        for fid in reversed(chain):
            parent_id, name = parents[fid]
            if parent_id is None:
                paths[fid] = ""
            else:
                prefix = paths.get(parent_id, "")
                paths[fid] = f"{prefix}/{name}" if prefix else name
    return paths


def documents_in_folders(state: ServerState, folder_ids: Iterable[int]) -> list[DocumentFile]:
    """The documents in these folders and in all folders below them."""
    con = state.db.connect()
    children: dict[int, list[int]] = {}
    for fid, parent in con.execute("SELECT id, parent_id FROM practice_folder_tree"):
        if parent is not None:
            children.setdefault(parent, []).append(fid)
    todo = list(folder_ids)
    seen: set[int] = set()
    while todo:
        fid = todo.pop()
        if fid not in seen:
            seen.add(fid)
            todo.extend(children.get(fid, ()))
    found: list[DocumentFile] = []
    for fid in sorted(seen):
        rows = con.execute(
            "SELECT document_id, folder_id, name, path, size, sha256, content_type"
            " FROM practice_files WHERE folder_id = ? ORDER BY document_id",
            (fid,),
        ).fetchall()
        found.extend(_document_file(state, row) for row in rows)
    return found


@dataclass(frozen=True)
class TrustBalance:
    client_id: int
    client_name: str
    matter_id: int
    matter_display_number: str
    balance_cents: int


def trust_balances(state: ServerState) -> list[TrustBalance]:
    """Trust money held per client and matter (the sum of the trust line items), non-zero only."""
    sums: dict[tuple[int, int], int] = {}
    names: dict[tuple[int, int], tuple[str, str]] = {}
    for item in iter_bodies(state, "trust_line_items"):
        key = (item["client"]["id"], item["matter"]["id"])
        sums[key] = sums.get(key, 0) + round(item["total"] * 100)
        names[key] = (item["client"]["name"], item["matter"]["display_number"])
    return [
        TrustBalance(client, names[(client, matter)][0], matter, names[(client, matter)][1], cents)
        for (client, matter), cents in sorted(sums.items())
        if cents != 0
    ]


# --------------------------------------------------------------------------------------------
# Generating a firm

# Generated moments are naive datetimes in UTC, in whole seconds: isoformat() is then exactly
# the instant without an offset, and much faster than strftime over hundreds of thousands.
_END = datetime(2026, 11, 20, 17, 0)
_START = datetime(2022, 1, 3, 9, 0)


def _instant(moment: datetime) -> str:
    return moment.isoformat() + "Z"


def _etag(kind: str, record_id: int, updated_at: str) -> str:
    digest = hashlib.blake2b(f"{kind}/{record_id}/{updated_at}".encode(), digest_size=16)
    return f'"{digest.hexdigest()}"'


def _project(entity: dict[str, Any], shape: Shape) -> dict[str, Any]:
    return {
        name: (entity.get(name) if sub is None else _project_value(entity.get(name), sub))
        for name, sub in shape.items()
    }


def _project_value(value: Any, shape: Shape) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [_project(item, shape) for item in value]
    return _project(value, shape)


def _money(value: float) -> float:
    return round(value + 1e-9, 2)


FIRST_NAMES = (
    "Amelia", "Benjamin", "Chloé", "Dmitri", "Élodie", "Farah", "Gustavo", "Hannah", "Ibrahim",
    "Jürgen", "Kenji", "Léa", "Mateo", "Nadia", "Oluwaseun", "Pádraig", "Quentin", "Rosa",
    "Søren", "Tatiana", "Umar", "Valentina", "Wei", "Ximena", "Yusuf", "Zoë", "Grace", "Henry",
    "Isabel", "Jack", "Lucy", "Noah", "Olivia", "Samuel", "Sophie", "Thomas", "Aisha", "Carlos",
    "Mei", "Björn",
)  # fmt: skip
LAST_NAMES = (
    "Abernathy", "Bergström", "Castillo", "Dubois", "Eriksen", "Fitzgerald", "García", "Haddad",
    "Ivanova", "Jansen", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "O'Brien", "Petrović",
    "Quinn", "Rossi", "Schäfer", "Takahashi", "Underwood", "Van der Berg", "Whitaker", "Xu",
    "Yilmaz", "Zimmermann", "Nguyễn", "Müller", "Okonkwo", "Papadopoulos", "Sullivan", "Chen",
)  # fmt: skip
COMPANIES = (
    "Ålesund Shipping AS", "Blue Heron Bakery LLC", "Cascade Timber Co.",
    "Delgado & Sons Construction", "Evergreen Dental Group", "Foxglove Design Studio",
    "Granite Peak Holdings Inc.", "Harborview Property Management", "Indigo Software Ltd.",
    "Juniper Wellness Clinic", "Keystone Logistics", "Lakeside Veterinary PC",
    "Meridian Capital Partners", "Northwind Traders", "Orchard Lane Farms", "Pinnacle Roofing",
    "Quayside Marine Supply", "Riverbend Brewing Company", "Silver Birch Realty",
    "Tidewater Insurance Agency", "Umbra Lighting", "Vantage Point Media",
    "Willow Creek Apartments", "Zephyr Air Charter", "Café Olé Roasters", "Nordlys Fisheries",
)  # fmt: skip
CITIES = (
    ("Portland", "OR", "97205"), ("Seattle", "WA", "98101"), ("Tacoma", "WA", "98402"),
    ("Eugene", "OR", "97401"), ("Salem", "OR", "97301"), ("Vancouver", "WA", "98660"),
    ("Bend", "OR", "97701"), ("Olympia", "WA", "98501"),
)  # fmt: skip
STREETS = (
    "Elm Street", "Harbor Way", "Cedar Avenue", "Market Street", "Alder Lane", "Front Avenue",
    "Burnside Road", "Maple Court", "Pine Street", "Water Street",
)  # fmt: skip
PRACTICE_AREAS = (
    ("Family Law", "FAM", "family"),
    ("Wills & Estates", "EST", "wills_and_estates"),
    ("Real Estate", "RE", "real_estate"),
    ("Corporate", "CORP", "business_formation_and_compliance"),
    ("Employment", "EMP", "employment_and_labor"),
    ("Civil Litigation", "LIT", "civil_litigation"),
    ("Immigration", "IMM", "immigration"),
    ("Intellectual Property", "IP", "intellectual_property"),
    ("Personal Injury", "PI", "personal_injury"),
    ("Tax", "TAX", "tax"),
)
MATTER_TEMPLATES = {
    "family": ("Divorce proceedings – {last}", "Custody modification – {last}"),
    "wills_and_estates": ("Estate plan – {last} family", "Probate – Estate of {first} {last}"),
    "real_estate": ("Purchase of {n} {street}", "Commercial lease review – {company}"),
    "business_formation_and_compliance": (
        "Incorporation of {company}",
        "Shareholder agreement – {company}",
    ),
    "employment_and_labor": (
        "Wrongful dismissal claim – {last}",
        "Employment contracts review – {company}",
    ),
    "civil_litigation": ("{last} v. {company}", "Contract dispute – {company}"),
    "immigration": ("Work visa application – {first} {last}", "Permanent residence – {last}"),
    "intellectual_property": ("Trademark registration – {company}", "Licensing – {company}"),
    "personal_injury": ("Auto accident claim – {last}", "Slip and fall – {last}"),
    "tax": ("Tax audit defense – {company}", "Estate tax return – {last}"),
}
TIME_NOTES = (
    "Draft engagement letter", "Telephone call with client",
    "Review documents from opposing counsel", "Prepare motion and supporting affidavit",
    "Legal research re: limitation period", "Attend court hearing",
    "Email correspondence with client", "Revise agreement per client comments",
    "Meeting with client to review options", "Prepare closing documents", "Review title report",
    "Prepare discovery responses",
)  # fmt: skip
EXPENSE_NOTES = (
    ("Court filing fee", 1), ("Courier", 2), ("Photocopies", 3), ("Process server", 2),
    ("Mileage to courthouse", 4), ("Expert report", 5), ("Land title search", 1),
)  # fmt: skip
EXPENSE_CATEGORIES = ("Filing fees", "Delivery", "Copies", "Travel", "Experts")
ACTIVITY_DESCRIPTIONS = ("Drafting", "Correspondence", "Court attendance", "Research", "Meeting")
TASK_NAMES = (
    "File statement of claim", "Send engagement letter", "Calendar limitation date",
    "Request medical records", "Prepare closing agenda", "Follow up on unpaid invoice",
    "Conflict check", "Collect signed retainer", "Serve defendant", "Book mediator",
)  # fmt: skip
EVENT_NAMES = (
    "Client meeting", "Court hearing", "Mediation session", "Deposition", "Closing",
    "Settlement conference", "Filing deadline", "Call with opposing counsel",
)  # fmt: skip
NOTE_SUBJECTS = (
    "Initial consultation", "Conflict check cleared", "Client called re: status",
    "Strategy notes", "Settlement offer received", "Documents received", "Billing arrangement",
)  # fmt: skip
USER_RATES = {1: 450.0, 2: 0.0, 3: 375.0, 4: 325.0, 5: 150.0, 6: 125.0}
TIMEKEEPERS = (1, 3, 4, 5, 6)
ATTORNEYS = (1, 3, 4)


@dataclass
class _Counts:
    contacts: int
    matters: int
    activities: int
    bills: int
    folders: int
    documents: int
    calendar_entries: int
    tasks: int
    notes: int
    communications: int
    trust_line_items: int
    # every trust line item is a transaction of the trust account; the rest are deposits to
    # the operating account (transfers from trust, bill payments)
    bank_transactions: int
    # None: one line per billed entry and one per bill without entries (the demo); a number:
    # that many, the first ones of those, then no-charge lines (a bench firm's exact count)
    line_items: int | None = None
    # None: one per paid bill (the demo); a number: that many, then reversed (voided) payments
    allocations: int | None = None
    credit_memos: int = 0
    relationships: int = 0
    conversations: int = 0
    comments: int = 0
    reminders: int = 0


class _Sink:
    """Buffers rows per table and writes them with executemany inside the caller's transaction."""

    BATCH = 5000

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.rows: dict[str, list[tuple[Any, ...]]] = {}
        self.totals: dict[str, int] = {}

    def record(self, kind: str, body: dict[str, Any], sub: str | None = None) -> None:
        row = (
            int(body["id"]),
            sub,
            body["updated_at"],
            body["etag"],
            orjson.dumps(body).decode(),
        )
        self._add(kind, row)

    def _add(self, table: str, row: tuple[Any, ...]) -> None:
        batch = self.rows.setdefault(table, [])
        batch.append(row)
        if len(batch) >= self.BATCH:
            self._flush(table)

    def folder(self, folder_id: int, parent_id: int | None, name: str) -> None:
        self._add("@folders", (folder_id, parent_id, name))

    def file(self, row: tuple[Any, ...]) -> None:
        self._add("@files", row)

    def version(self, row: tuple[Any, ...]) -> None:
        self._add("@versions", row)

    def _flush(self, table: str) -> None:
        batch = self.rows.get(table)
        if not batch:
            return
        if table == "@folders":
            sql = "INSERT INTO practice_folder_tree(id, parent_id, name) VALUES (?, ?, ?)"
        elif table == "@files":
            sql = (
                "INSERT INTO practice_files(document_id, folder_id, name, path, size, sha256,"
                " content_type) VALUES (?, ?, ?, ?, ?, ?, ?)"
            )
        elif table == "@versions":
            sql = (
                "INSERT INTO practice_document_versions(id, document_id, version_number, path,"
                " sha256, body) VALUES (?, ?, ?, ?, ?, ?)"
            )
        else:
            sql = (
                f"INSERT INTO {_table(table)}(id, sub, updated_at, etag, body)"  # noqa: S608
                " VALUES (?, ?, ?, ?, ?)"
            )
        self.con.executemany(sql, batch)
        self.totals[table] = self.totals.get(table, 0) + len(batch)
        batch.clear()

    def close(self) -> None:
        for table in list(self.rows):
            self._flush(table)


class _FirmBuilder:
    """Builds one firm: every kind, with consistent references between them."""

    def __init__(
        self,
        state: ServerState,
        sink: _Sink,
        rng: random.Random,
        counts: _Counts,
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

    # -- helpers

    def stamp(
        self, kind: str, record_id: int, not_before: datetime | None = None
    ) -> dict[str, Any]:
        """id, etag, created_at and updated_at for a new record."""
        created = self.moment(not_before)
        # random() rather than randrange(): several times faster, and seeding is hot
        updated = min(created + timedelta(seconds=int(self.rng.random() * 30 * 86400)), _END)
        updated_at = _instant(updated)
        return {
            "id": record_id,
            "etag": _etag(kind, record_id, updated_at),
            "created_at": _instant(created),
            "updated_at": updated_at,
        }

    def moment(self, after: datetime | None = None) -> datetime:
        start = after or _START
        span = max((_END - start).total_seconds(), 1.0)
        return start + timedelta(seconds=int(self.rng.random() * span))

    # -- kinds

    def users(self) -> None:
        for user in SEED_USERS:
            body = self._user(user)
            self.sink.record("users", body)
            self.user_refs[user.id] = _project(body, USER_REF)
            self.participants[user.id] = {
                "id": user.id,
                "etag": body["etag"],
                "type": "User",
                "identifier": user.email,
                "name": user.name,
                "initials": body["initials"],
                "enabled": True,
            }
            self.creators[user.id] = {**_project(body, CREATOR), "type": "ManageUser"}

    def _user(self, user: SeedUser) -> dict[str, Any]:
        updated_at = "2026-01-05T16:20:00Z"
        attorney = user.id in ATTORNEYS
        roles = (
            ["Administrator"] if user.role.value in ("primary_subscriber", "administrator") else []
        )
        return {
            "id": user.id,
            "etag": _etag("users", user.id, updated_at),
            "name": user.name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "initials": user.first_name[0] + user.last_name[0],
            "email": user.email,
            "phone_number": f"+1 503 555 01{10 + user.id}",
            "enabled": True,
            "account_owner": user.id == 1,
            "roles": roles,
            "subscription_type": "Attorney" if attorney else "NonAttorney",
            "rate": USER_RATES[user.id],
            "time_zone": "America/Los_Angeles",
            "default_calendar_id": 100 + user.id,
            "clio_connect": False,
            "court_rules_default_attendee": attorney,
            "created_at": f"2019-0{user.id}-14T17:00:00Z",
            "updated_at": updated_at,
        }

    def practice_areas(self) -> None:
        for index, (name, code, category) in enumerate(PRACTICE_AREAS, start=1):
            body = {
                **self.stamp("practice_areas", index),
                "name": name,
                "code": code,
                "category": category,
            }
            self.sink.record("practice_areas", body)
            self.practice_area_refs.append(_project(body, PRACTICE_AREA_REF))

    def custom_fields(self) -> None:
        definitions = (
            ("Opposing counsel", "Matter", "text_line", ()),
            ("Court file number", "Matter", "text_line", ()),
            ("Conflict check completed", "Matter", "checkbox", ()),
            ("Retainer amount", "Matter", "currency", ()),
            ("Referral source", "Contact", "picklist", ("Website", "Referral", "Bar association")),
            ("Date of first contact", "Contact", "date", ()),
        )
        option_id = 1
        for index, (name, parent, field_type, options) in enumerate(definitions, start=1):
            stamp = self.stamp("custom_fields", index)
            picklist = []
            for option in options:
                picklist.append(
                    {
                        "id": option_id,
                        "etag": _etag("picklist_options", option_id, stamp["updated_at"]),
                        "option": option,
                        "deleted_at": None,
                        "created_at": stamp["created_at"],
                        "updated_at": stamp["updated_at"],
                    }
                )
                option_id += 1
            body = {
                **stamp,
                "name": name,
                "parent_type": parent,
                "field_type": field_type,
                "displayed": True,
                "deleted": False,
                "required": index == 3,
                "display_order": index,
                "picklist_options": picklist,
            }
            self.sink.record("custom_fields", body)
            self.custom_field_refs.append(
                {**_project(body, CUSTOM_FIELD_REF), "_options": options, "_order": index}
            )

    def _custom_values(
        self, parent: str, owner_id: int, stamp: dict[str, Any], value_for: dict[str, str]
    ) -> list[dict[str, Any]]:
        values = []
        for field in self.custom_field_refs:
            if field["parent_type"] != parent or field["name"] not in value_for:
                continue
            value_id = f"{field['id']}-{owner_id}"
            values.append(
                {
                    "id": value_id,
                    "etag": _etag(
                        "custom_field_values", owner_id * 100 + field["id"], stamp["updated_at"]
                    ),
                    "field_name": field["name"],
                    "field_type": field["field_type"],
                    "field_required": field["_order"] == 3,
                    "field_displayed": True,
                    "field_display_order": field["_order"],
                    "value": value_for[field["name"]],
                    "soft_deleted": False,
                    "created_at": stamp["created_at"],
                    "updated_at": stamp["updated_at"],
                    "custom_field": {k: field[k] for k in CUSTOM_FIELD_REF},
                }
            )
        return values

    def contacts(self) -> None:
        rng = self.rng
        count = self.counts.contacts
        companies: list[dict[str, Any]] = []
        for index in range(1, count + 1):
            stamp = self.stamp("contacts", index)
            is_company = index % 4 == 0
            city, province, postal = rng.choice(CITIES)
            if is_company:
                base = COMPANIES[(index // 4 - 1) % len(COMPANIES)]
                name = base if index <= 4 * len(COMPANIES) else f"{base} ({index})"
                first = last = middle = prefix = title = None
                initials = "".join(w[0] for w in name.split()[:2] if w[0].isalpha())
                email = f"office{index}@{_slug(base)}.example"
            else:
                first = rng.choice(FIRST_NAMES)
                last = rng.choice(LAST_NAMES)
                middle = rng.choice((None, None, "J.", "Marie", "A."))
                prefix = rng.choice((None, "Ms.", "Mr.", "Dr.", "Mx."))
                title = rng.choice((None, None, "Owner", "Director", "CFO"))
                name = f"{first} {last}"
                initials = first[0] + last[0]
                email = f"{_slug(first)}.{_slug(last)}{index}@mail.example"
            phone = f"+1 {rng.choice(('503', '206', '541', '360'))} 555 {rng.randrange(1000, 9999)}"
            address = {
                "id": index,
                "etag": _etag("addresses", index, stamp["updated_at"]),
                "name": "Work" if is_company else "Home",
                "street": f"{rng.randrange(1, 9999)} {rng.choice(STREETS)}",
                "city": city,
                "province": province,
                "postal_code": postal,
                "country": "United States",
                "primary": True,
                "created_at": stamp["created_at"],
                "updated_at": stamp["updated_at"],
            }
            company = None
            if not is_company and companies and rng.random() < 0.25:
                company = rng.choice(companies)
            is_client = index % 3 != 2
            custom = {"Referral source": rng.choice(("Website", "Referral", "Bar association"))}
            if rng.random() < 0.5:
                custom["Date of first contact"] = stamp["created_at"][:10]
            body = {
                **stamp,
                "name": name,
                "type": "Company" if is_company else "Person",
                "prefix": prefix,
                "first_name": first,
                "middle_name": middle,
                "last_name": last,
                "title": title,
                "initials": initials,
                "date_of_birth": None if is_company else _random_date(rng, 1940, 2004),
                "primary_email_address": email,
                "primary_phone_number": phone,
                "is_client": is_client,
                "is_co_counsel": False,
                "is_bill_recipient": is_client,
                "ledes_client_id": None,
                "sales_tax_number": None,
                "company": company,
                "primary_address": address,
                "addresses": [address],
                "email_addresses": [
                    {
                        "id": index,
                        "etag": _etag("email_addresses", index, stamp["updated_at"]),
                        "name": "Work" if is_company else "Home",
                        "address": email,
                        "primary": True,
                        "created_at": stamp["created_at"],
                        "updated_at": stamp["updated_at"],
                    }
                ],
                "phone_numbers": [
                    {
                        "id": index,
                        "etag": _etag("phone_numbers", index, stamp["updated_at"]),
                        "name": "Work" if is_company else "Personal",
                        "number": phone,
                        "primary": True,
                        "created_at": stamp["created_at"],
                        "updated_at": stamp["updated_at"],
                    }
                ],
                "custom_field_values": self._custom_values("Contact", index, stamp, custom),
            }
            self.sink.record("contacts", body)
            ref = _project(body, CONTACT_REF)
            self.contact_refs.append(ref)
            self.contact_participants.append(
                {
                    "id": index,
                    "etag": body["etag"],
                    "type": body["type"],
                    "identifier": email,
                    "name": name,
                    "initials": initials,
                    "enabled": None,
                }
            )
            if is_company:
                companies.append(ref)
            if is_client:
                self.client_ids.append(index - 1)

    def matters(self) -> None:
        rng = self.rng
        count = self.counts.matters
        for index in range(1, count + 1):
            client_index = self.client_ids[(index * 7) % len(self.client_ids)]
            client = self.contact_refs[client_index]
            area = self.practice_area_refs[index % len(self.practice_area_refs)]
            opened = self.moment()
            opened = min(opened, _END - timedelta(days=20))
            stamp = self.stamp("matters", index, not_before=opened)
            roll = rng.random()
            status = "Closed" if roll < 0.25 else ("Pending" if roll < 0.33 else "Open")
            closed = None
            if status == "Closed":
                closed = min(opened + timedelta(days=rng.randrange(30, 500)), _END)
            template = rng.choice(MATTER_TEMPLATES[area["category"]])
            last = client["last_name"] or client["name"].split()[0]
            description = template.format(
                last=last,
                first=client["first_name"] or "",
                company=rng.choice(COMPANIES),
                n=rng.randrange(1, 9999),
                street=rng.choice(STREETS),
            )
            display = f"{index:05d}-{_slug(last).capitalize()}"
            responsible = self.user_refs[ATTORNEYS[index % len(ATTORNEYS)]]
            originating = self.user_refs[rng.choice(ATTORNEYS)]
            custom = {
                "Conflict check completed": "true",
                "Retainer amount": f"{rng.choice((1500, 2500, 5000, 10000))}.00",
            }
            if area["category"] == "civil_litigation":
                custom["Court file number"] = f"{opened.year}-CV-{rng.randrange(1000, 99999)}"
                custom["Opposing counsel"] = f"{rng.choice(LAST_NAMES)} & Partners"
            body = {
                **stamp,
                "number": index,
                "display_number": display,
                "custom_number": None,
                "description": description,
                "status": status,
                "location": rng.choice(CITIES)[0],
                "client_reference": rng.choice((None, f"REF-{rng.randrange(100, 999)}")),
                "client_id": client["id"],
                "billable": True,
                "maildrop_address": f"{display.lower()}@maildrop.harborfinch.example",
                "billing_method": rng.choice(("hourly", "hourly", "hourly", "flat", "contingency")),
                "open_date": opened.date().isoformat(),
                "close_date": closed.date().isoformat() if closed else None,
                "pending_date": opened.date().isoformat() if status == "Pending" else None,
                "shared": False,
                "has_tasks": True,
                "last_activity_date": (closed or _END).date().isoformat(),
                "client": client,
                "practice_area": area,
                "responsible_attorney": responsible,
                "originating_attorney": originating,
                "folder": None,  # filled in once folders exist
                "custom_field_values": self._custom_values("Matter", index, stamp, custom),
            }
            self.matter_refs.append(_project(body, MATTER_REF))
            self.matter_client.append(client_index)
            self.matter_open.append(opened)
            self.pending_matters.append(body)

    def folders(self) -> list[int]:
        """The folder tree: root, one folder per matter (up to the folder budget), subfolders.
        Returns the folder ids documents may go into. Matter bodies are written here, once
        their folder is known."""
        rng = self.rng
        budget = max(self.counts.folders, 1)
        next_id = 1
        root_stamp = self.stamp("folders", 1)
        root = {
            **root_stamp,
            "type": "Folder",
            "name": "Documents",
            "root": True,
            "locked": False,
            "deleted_at": None,
            "parent": None,
            "matter": None,
            "contact": None,
            "creator": self.creators[1],
        }
        self._write_folder(root, None)
        next_id += 1
        leaves: list[int] = [1]
        matter_count = len(self.matter_refs)
        per_matter = min(matter_count, max((budget - 1) // 4, 1))
        subfolder_names = ("Correspondence", "Pleadings", "Billing", "Évidence & exhibits")
        for matter_index in range(per_matter):
            if next_id > budget:
                break
            matter = self.matter_refs[matter_index]
            client = self.contact_refs[self.matter_client[matter_index]]
            name = f"{matter['display_number']} {client['name']}"
            folder_id = next_id
            next_id += 1
            self._write_folder(self._folder_body(folder_id, name, 1, matter, None), 1)
            self.matter_folder[matter["id"]] = folder_id
            leaves.append(folder_id)
            for sub in subfolder_names:
                if next_id > budget or rng.random() < 0.3:
                    continue
                sub_id = next_id
                next_id += 1
                self._write_folder(
                    self._folder_body(sub_id, sub, folder_id, matter, None), folder_id
                )
                leaves.append(sub_id)
        # the rest of the budget: folders below random existing ones (deeper trees)
        first_extra = next_id
        while next_id <= budget:
            parent = rng.choice(leaves)
            folder_id = next_id
            next_id += 1
            extra = folder_id - first_extra
            if self.demo and extra < len(DEMO_EXTRA_FOLDERS):
                parent = 1
                name = DEMO_EXTRA_FOLDERS[extra]
            else:
                name = f"Folder {folder_id:05d}"
            matter, contact = self.folder_context.get(parent, (None, None))
            self._write_folder(self._folder_body(folder_id, name, parent, matter, contact), parent)
            leaves.append(folder_id)
        for body in self.pending_matters:
            folder_id = self.matter_folder.get(body["id"])
            body["folder"] = self.folder_refs[folder_id] if folder_id else None
            self.sink.record("matters", body)
        self.pending_matters = []
        return leaves

    def _folder_body(
        self,
        folder_id: int,
        name: str,
        parent_id: int,
        matter: dict[str, Any] | None,
        contact: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            **self.stamp("folders", folder_id),
            "type": "Folder",
            "name": name,
            "root": False,
            "locked": False,
            "deleted_at": None,
            "parent": self.folder_refs[parent_id],
            "matter": matter,
            "contact": contact,
            "creator": self.creators[self.rng.choice(TIMEKEEPERS)],
        }

    def _write_folder(self, body: dict[str, Any], parent_id: int | None) -> None:
        self.sink.record("folders", body)
        self.sink.folder(body["id"], parent_id, body["name"])
        self.folder_refs[body["id"]] = _project(body, FOLDER_REF)
        self.folder_context[body["id"]] = (body["matter"], body["contact"])

    def documents(self, leaves: list[int], demo_files: list[DemoFile] | None) -> None:
        rng = self.rng
        files_dir = self.state.db.files_dir
        categories = [
            {
                "id": i,
                "etag": _etag("document_categories", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for i, name in enumerate(("Correspondence", "Pleadings", "Contracts", "Evidence"), 1)
        ]
        self.firm_lists["document_categories"] = categories
        block = rng.randbytes(1 << 16) if demo_files is None else b""
        count = len(demo_files) if demo_files is not None else self.counts.documents
        for index in range(1, count + 1):
            if demo_files is not None:
                spec = demo_files[index - 1]
                folder_id = spec.folder_id if spec.folder_id in self.folder_refs else 1
                name, content_type, content = spec.name, spec.content_type, spec.content
                digest = hashlib.sha256(content).hexdigest()
                size = len(content)
                (files_dir / f"doc-{index}.bin").write_bytes(content)
            else:
                folder_id = rng.choice(leaves)
                name = f"Document {index:07d}.bin"
                content_type = "application/octet-stream"
                size, digest = _write_bench_file(
                    files_dir / f"doc-{index}.bin", index, block, self.document_bytes
                )
            matter, contact = self.folder_context.get(folder_id, (None, None))
            stamp = self.stamp("documents", index)
            version_uuid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            older = self._older_versions(index, name, content_type, size, block, count, stamp)
            body = {
                **stamp,
                "type": "Document",
                "name": name,
                "filename": name,
                "size": size,
                "content_type": content_type,
                "locked": False,
                "received_at": stamp["created_at"],
                "deleted_at": None,
                "parent": self.folder_refs[folder_id],
                "matter": matter,
                "contact": contact,
                "document_category": rng.choice(categories),
                "creator": self.creators[rng.choice(TIMEKEEPERS)],
                "latest_document_version": {
                    "id": index,
                    # the content's SHA-256: also the ETag of the download
                    "etag": f'"{digest}"',
                    "uuid": version_uuid,
                    "document_id": index,
                    "filename": name,
                    "size": size,
                    "version_number": len(older) + 1,
                    "content_type": content_type,
                    "fully_uploaded": True,
                    "received_at": stamp["created_at"],
                    "created_at": stamp["created_at"],
                    "updated_at": stamp["updated_at"],
                },
            }
            self.sink.record("documents", body)
            self.document_versions.append(body["latest_document_version"])
            self.sink.file((index, folder_id, name, f"doc-{index}.bin", size, digest, content_type))
            for row in older:
                self.sink.version(row)

    def _older_versions(
        self,
        index: int,
        name: str,
        content_type: str,
        size: int,
        block: bytes,
        count: int,
        stamp: dict[str, Any],
    ) -> list[tuple[Any, ...]]:
        """The earlier versions of document ``index`` (rows of practice_document_versions),
        oldest first: in the demo every sixth document has two or three versions, in a bench
        firm one in two hundred has two (the 25th, the 225th...: a firm of a few dozen
        documents has one too). Each version has its own bytes; the versions' own random
        numbers leave the rest of the firm as it was."""
        if self.demo:
            if index % 6:
                return []
            versions = 3 if index % 12 == 0 else 2
        elif index % 200 == 25:
            versions = 2
        else:
            return []
        rng = random.Random(index * 7919 + 17)
        rows: list[tuple[Any, ...]] = []
        for number in range(1, versions):
            version_id = count + self.next_version_id
            self.next_version_id += 1
            path = f"version-{index}-{number}.bin"
            target = self.state.db.files_dir / path
            if self.demo:
                content = _demo_content(rng, f"{name} (draft {number})", content_type, False)
                target.write_bytes(content)
                version_size, digest = len(content), hashlib.sha256(content).hexdigest()
            else:
                version_size, digest = _write_bench_file(
                    target, index + number * 10_000_019, block, max(1, size - number)
                )
            body = {
                "id": version_id,
                "etag": f'"{digest}"',
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "document_id": index,
                "filename": name,
                "size": version_size,
                "version_number": number,
                "content_type": content_type,
                "fully_uploaded": True,
                "received_at": stamp["created_at"],
                "created_at": stamp["created_at"],
                "updated_at": stamp["created_at"],
            }
            rows.append((version_id, index, number, path, digest, orjson.dumps(body).decode()))
        return rows

    def activities_and_bills(self) -> None:
        """Time and expense entries, then the bills that gather the older ones."""
        rng = self.rng
        n_matters = len(self.matter_refs)
        expense_categories = [
            {
                "id": i,
                "etag": _etag("expense_categories", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "rate": 0,
                "entry_type": "expense",
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for i, name in enumerate(EXPENSE_CATEGORIES, 1)
        ]
        descriptions = [
            {
                "id": i,
                "etag": _etag("activity_descriptions", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "default": i == 1,
                "type": "ActivityDescription",
            }
            for i, name in enumerate(ACTIVITY_DESCRIPTIONS, 1)
        ]
        self.firm_lists["expense_categories"] = expense_categories
        self.firm_lists["activity_descriptions"] = [
            {
                **d,
                "visible_to_co_counsel": False,
                "accessible_to_user": True,
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for d in descriptions
        ]
        # bills first as (matter index, issue date); activities attach to the first bill of
        # their matter issued after them
        bills_by_matter: dict[int, list[tuple[datetime, int]]] = {}
        bill_plan: list[tuple[int, datetime]] = []
        for bill_id in range(1, self.counts.bills + 1):
            matter_index = rng.randrange(n_matters)
            earliest = min(self.matter_open[matter_index] + timedelta(days=25), _END)
            issued = min(self.moment(earliest), _END - timedelta(days=1))
            bill_plan.append((matter_index, issued))
            bills_by_matter.setdefault(matter_index, []).append((issued, bill_id))
        for entries in bills_by_matter.values():
            entries.sort()
        latest_bill = {m: entries[-1][1] for m, entries in bills_by_matter.items()}
        totals: dict[int, float] = {}
        activity_rows: list[dict[str, Any]] = []
        for activity_id in range(1, self.counts.activities + 1):
            matter_index = rng.randrange(n_matters)
            day = self.moment(self.matter_open[matter_index])
            user_id = rng.choice(TIMEKEEPERS)
            is_time = rng.random() < 0.75
            bill_id = None
            for issued, candidate in bills_by_matter.get(matter_index, ()):
                if issued >= day:
                    bill_id = candidate
                    break
            if is_time:
                hours = round(rng.choice((0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 3.5)), 1)
                price = USER_RATES[user_id]
                total = _money(hours * price)
                note = rng.choice(TIME_NOTES)
                category = None
                description = rng.choice(descriptions)
                quantity = hours * 3600
            else:
                note, category_index = rng.choice(EXPENSE_NOTES)
                hours = 1.0
                price = _money(rng.choice((12.5, 25.0, 48.0, 75.0, 150.0, 320.0, 1200.0)))
                total = price
                category = expense_categories[category_index - 1]
                description = None
                quantity = 1.0
            non_billable = rng.random() < 0.05
            if bill_id is not None and not non_billable:
                totals[bill_id] = totals.get(bill_id, 0.0) + total
            stamp = self.stamp("activities", activity_id, not_before=day)
            activity_rows.append(
                {
                    **stamp,
                    "type": "TimeEntry" if is_time else "ExpenseEntry",
                    "date": day.date().isoformat(),
                    "quantity_in_hours": hours if is_time else 0.0,
                    "rounded_quantity_in_hours": hours if is_time else 0.0,
                    "quantity": quantity,
                    "rounded_quantity": quantity,
                    "quantity_redacted": False,
                    "price": price,
                    "total": total,
                    "note": note,
                    "flat_rate": False,
                    "billed": bill_id is not None and not non_billable,
                    "on_bill": bill_id is not None and not non_billable,
                    "non_billable": non_billable,
                    "non_billable_total": total if non_billable else 0.0,
                    "no_charge": False,
                    "tax_setting": "no_tax",
                    "contingency_fee": False,
                    "reference": None,
                    "matter": self.matter_refs[matter_index],
                    "user": self.user_refs[user_id],
                    "bill": bill_id,  # replaced by the bill's reference below
                    "activity_description": description,
                    "expense_category": category,
                    "vendor": None,
                }
            )
        for bill_id, (matter_index, issued) in enumerate(bill_plan, start=1):
            matter = self.matter_refs[matter_index]
            client = self.contact_refs[self.matter_client[matter_index]]
            total = _money(totals.get(bill_id, 0.0) or rng.choice((350.0, 975.0, 1500.0)))
            age = (_END - issued).days
            if bill_id == latest_bill.get(matter_index) and age < 30:
                state = "draft"
            elif age > 45:
                state = "paid"
            else:
                state = "awaiting_payment"
            paid = total if state == "paid" else 0.0
            paid_at = _instant(issued + timedelta(days=rng.randrange(5, 40))) if paid else None
            stamp = self.stamp("bills", bill_id, not_before=issued)
            body = {
                **stamp,
                "number": f"{issued.year}-{bill_id:05d}",
                "type": "MatterBill",
                "kind": "revenue_kind",
                "state": state,
                "subject": f"Legal services – {matter['description']}",
                "memo": None,
                "purchase_order": None,
                "issued_at": issued.date().isoformat(),
                "due_at": (issued + timedelta(days=30)).date().isoformat(),
                "start_at": (issued - timedelta(days=30)).date().isoformat(),
                "end_at": issued.date().isoformat(),
                "tax_rate": 0.0,
                "secondary_tax_rate": 0.0,
                "sub_total": total,
                "tax_sum": 0.0,
                "secondary_tax_sum": 0.0,
                "total_tax": 0.0,
                "total": total,
                "paid": paid,
                "paid_at": paid_at,
                "pending": 0.0,
                "due": _money(total - paid),
                "balance": _money(total - paid),
                "credits_issued": 0.0,
                "shared": state != "draft",
                "last_sent_at": None if state == "draft" else _instant(issued + timedelta(hours=3)),
                "can_update": state == "draft",
                "user": self.user_refs[ATTORNEYS[matter_index % len(ATTORNEYS)]],
                "client": client,
                "matters": [matter],
            }
            self.sink.record("bills", body)
            self.bill_refs[bill_id] = _project(body, BILL_REF)
            if paid_at is not None:
                self.paid_bills.append((bill_id, paid_at, paid, matter_index))
            self.bill_totals[bill_id] = (total, body["issued_at"], matter_index)
            self.bills_by_matter.setdefault(matter_index, []).append(bill_id)
        for row in activity_rows:
            bill_id = row["bill"]
            row["bill"] = self.bill_refs[bill_id] if bill_id and row["billed"] else None
            if row["bill"] is None:
                row["billed"] = row["on_bill"] = False
            elif row["bill"]["state"] == "draft":
                row["billed"] = False  # on a draft bill: on_bill but not yet billed
            self.sink.record("activities", row)
            if row["bill"] is not None:
                self.billed_entries.setdefault(row["bill"]["id"], []).append(row)

    def calendar_entries(self) -> None:
        rng = self.rng
        calendars = {
            uid: {
                "id": 100 + uid,
                "etag": _etag("calendars", 100 + uid, "2023-01-01T00:00:00Z"),
                "name": self.user_refs[uid]["name"],
                "type": "UserCalendar",
                "color": "#367B9C",
                "permission": "owner",
                "visible": True,
            }
            for uid in self.user_refs
        }
        self.firm_lists["calendars"] = [
            {
                **calendar,
                "light_color": "#5DA5C7",  # the published pair of the colour
                "source": "web",
                "court_rules_default_calendar": uid in ATTORNEYS,
                "creator": self.user_refs[uid],
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for uid, calendar in calendars.items()
        ]
        for index in range(1, self.counts.calendar_entries + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            start = self.moment(self.matter_open[matter_index]).replace(minute=0, second=0)
            all_day = rng.random() < 0.15
            end = start + timedelta(hours=rng.choice((1, 1, 2, 3)))
            owner = rng.choice(ATTORNEYS)
            client_index = self.matter_client[matter_index]
            client = self.contact_participants[client_index]
            matter = self.matter_refs[matter_index]
            stamp = self.stamp("calendar_entries", index)
            body = {
                **stamp,
                "id": str(index),  # Clio gives calendar entries string ids
                "summary": f"{rng.choice(EVENT_NAMES)} – {matter['display_number']}",
                "description": rng.choice((None, "Bring the file.", "Room 3B, second floor.")),
                "location": rng.choice(
                    (None, "Office", "Multnomah County Courthouse", "Video call")
                ),
                "start_at": _instant(start.replace(hour=0) if all_day else start),
                "end_at": _instant((start.replace(hour=0) + timedelta(days=1)) if all_day else end),
                "all_day": all_day,
                "recurrence_rule": None if rng.random() < 0.9 else "FREQ=WEEKLY;COUNT=4",
                "court_rule": False,
                "permission": "owner",
                "calendar_owner_id": 100 + owner,
                "start_at_time_zone": "America/Los_Angeles",
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "calendar_owner": calendars[owner],
                "attendees": [
                    {
                        "id": client["id"],
                        "etag": client["etag"],
                        "type": "Contact",
                        "name": client["name"],
                        "email": client["identifier"],
                        "enabled": True,
                    }
                ],
            }
            self.sink.record("calendar_entries", body)
            self.remindable.append(("CalendarEntry", index, body["summary"], start, owner))

    def tasks(self) -> None:
        rng = self.rng
        task_types = [
            {
                "id": i,
                "etag": _etag("task_types", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for i, name in enumerate(("Deadline", "Follow-up", "Filing"), 1)
        ]
        self.firm_lists["task_types"] = [{**t, "deleted_at": None} for t in task_types]
        for index in range(1, self.counts.tasks + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            stamp = self.stamp("tasks", index, not_before=self.matter_open[matter_index])
            status = rng.choice(("pending", "pending", "in_progress", "complete"))
            created = datetime.fromisoformat(stamp["created_at"].removesuffix("Z"))
            due = created + timedelta(days=rng.randrange(1, 60))
            body = {
                **stamp,
                "name": rng.choice(TASK_NAMES),
                "description": rng.choice((None, "See the notes on the matter.", "Urgent.")),
                "description_text_type": "plain_text",
                "status": status,
                "priority": rng.choice(("High", "Normal", "Normal", "Low")),
                "due_at": due.date().isoformat(),
                "completed_at": stamp["updated_at"] if status == "complete" else None,
                "permission": "public",
                "notify_completion": False,
                "statute_of_limitations": rng.random() < 0.05,
                "time_estimated": rng.choice((None, 1800, 3600)),
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "assigner": self.user_refs[rng.choice(ATTORNEYS)],
                "assignee": self.participants[rng.choice(TIMEKEEPERS)],
                "task_type": rng.choice(task_types),
            }
            self.sink.record("tasks", body)
            self.remindable.append(
                ("Task", index, body["name"], due.replace(hour=9, minute=0, second=0),
                 body["assignee"]["id"])
            )  # fmt: skip

    def notes(self) -> None:
        rng = self.rng
        for index in range(1, self.counts.notes + 1):
            on_matter = index % 3 != 0
            matter = contact = None
            if on_matter:
                matter_index = rng.randrange(len(self.matter_refs))
                matter = self.matter_refs[matter_index]
                stamp = self.stamp("notes", index, not_before=self.matter_open[matter_index])
            else:
                contact = rng.choice(self.contact_refs)
                stamp = self.stamp("notes", index)
            subject = rng.choice(NOTE_SUBJECTS)
            body = {
                **stamp,
                "type": "Matter" if on_matter else "Contact",
                "subject": subject,
                "detail": f"{subject}. "
                + rng.choice(
                    (
                        "Client prefers email; do not call before 10 a.m.",
                        "Discussed next steps and the fee estimate.",
                        "Follow up in two weeks.",
                        "Original documents returned to the client.",
                    )
                ),
                "detail_text_type": "plain_text",
                "date": stamp["created_at"][:10],
                "time_entries_count": 0,
                "matter": matter,
                "contact": contact,
                "author": self.user_refs[rng.choice(TIMEKEEPERS)],
            }
            self.sink.record("notes", body, sub=body["type"])

    def communications(self) -> None:
        rng = self.rng
        for index in range(1, self.counts.communications + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            stamp = self.stamp("communications", index, not_before=self.matter_open[matter_index])
            user_id = rng.choice(TIMEKEEPERS)
            client = self.contact_participants[self.matter_client[matter_index]]
            email = rng.random() < 0.7
            outgoing = rng.random() < 0.5
            user = self.participants[user_id]
            subject = rng.choice(
                ("Re: next steps", "Documents for signature", "Hearing date confirmed",
                 "Invoice question", "Call summary")
            )  # fmt: skip
            body = {
                **stamp,
                "type": "EmailCommunication" if email else "PhoneCommunication",
                "subject": subject,
                "body": f"{subject}\n\nThank you for your message. We will be in touch shortly.",
                "date": stamp["created_at"][:10],
                "received_at": stamp["created_at"],
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "user": self.user_refs[user_id],
                "senders": [user if outgoing else client],
                "receivers": [client if outgoing else user],
            }
            self.sink.record("communications", body)

    def trust_line_items(self) -> None:
        """Retainer deposits first, then transfers from trust that pay the matter's bills. A
        transfer never takes more than the matter holds, so no balance goes below zero and the
        firm ends with money in trust."""
        rng = self.rng
        count = self.counts.trust_line_items
        deposits = max(count - count // 3, 1) if count else 0
        held: dict[int, tuple[int, datetime]] = {}  # matter index -> (cents, deposited on)
        holding: list[int] = []  # the keys of `held`, for a quick random choice
        for index in range(1, count + 1):
            bill = None
            if index <= deposits or not holding:
                matter_index = rng.randrange(len(self.matter_refs))
                cents = rng.choice((1500, 2500, 5000, 7500, 10000)) * 100
                when = self.moment(self.matter_open[matter_index])
                if matter_index not in held:
                    holding.append(matter_index)
                before = held.get(matter_index, (0, when))
                held[matter_index] = (before[0] + cents, max(before[1], when))
                note = "Retainer deposit"
            else:
                slot = rng.randrange(len(holding))
                matter_index = holding[slot]
                balance, deposited = held[matter_index]
                cents = -min(balance, rng.choice((350, 975, 1500, 2500)) * 100)
                when = self.moment(deposited)
                if balance + cents > 0:
                    held[matter_index] = (balance + cents, deposited)
                else:
                    del held[matter_index]
                    holding[slot] = holding[-1]
                    holding.pop()
                bills = self.bills_by_matter.get(matter_index, [])
                bill = self.bill_refs[rng.choice(bills)] if bills else None
                note = f"Transfer to pay bill {bill['number']}" if bill else "Transfer to operating"
            matter = self.matter_refs[matter_index]
            client = self.contact_refs[self.matter_client[matter_index]]
            stamp = self.stamp("trust_line_items", index, not_before=when)
            body = {
                **stamp,
                "date": when.date().isoformat(),
                "total": cents / 100,
                "note": note,
                "matter": matter,
                "client": client,
                "bill": bill,
            }
            self.sink.record("trust_line_items", body)
            self.trust_items.append(body)

    def bank_records(self) -> None:
        """The firm's two bank accounts and their transactions. The trust account holds exactly
        the trust line items (one transaction each, same date, amount, matter and client), so
        the bank record and the trust ledger agree; the operating account receives the
        transfers from trust and the payments of paid bills. Transactions are numbered in date
        order, each with its account's balance after it."""
        trust_account = self._bank_account(1, "Trust Account (IOLTA)", "Trust", "4417-220391")
        operating = self._bank_account(2, "Operating Account", "Operating", "4417-118204")
        rows: list[tuple[str, int, int, dict[str, Any]]] = []  # date, account, order, fields
        for item in self.trust_items:
            cents = round(item["total"] * 100)
            rows.append(
                (
                    item["date"],
                    1,
                    len(rows),
                    {
                        "cents": cents,
                        "description": item["note"],
                        "transaction_type": "Deposit" if cents > 0 else "Withdrawal",
                        "matter": item["matter"],
                        "client": item["client"],
                        "bill": item["bill"],
                        "created_at": item["created_at"],
                    },
                )
            )
        budget = max(self.counts.bank_transactions - len(rows), 0)
        transfers = [item for item in self.trust_items if item["total"] < 0][:budget]
        for item in transfers:
            rows.append(
                (
                    item["date"],
                    2,
                    len(rows),
                    {
                        "cents": -round(item["total"] * 100),
                        "description": f"From trust: {item['note']}",
                        "transaction_type": "Transfer",
                        "matter": item["matter"],
                        "client": item["client"],
                        "bill": item["bill"],
                        "created_at": item["created_at"],
                    },
                )
            )
        payments = self.paid_bills
        for number in range(budget - len(transfers)):
            matter_index = self.rng.randrange(len(self.matter_refs))
            bill_id, paid_at, paid = 0, "", 0.0
            if payments:
                bill_id, paid_at, paid, matter_index = payments[number % len(payments)]
            when = paid_at[:10] if paid_at else self.moment().date().isoformat()
            rows.append(
                (
                    when,
                    2,
                    len(rows),
                    {
                        "cents": round(paid * 100) or 50000,
                        "description": "Payment received"
                        + (f" for bill {self.bill_refs[bill_id]['number']}" if bill_id else ""),
                        "transaction_type": "Deposit",
                        "matter": self.matter_refs[matter_index],
                        "client": self.contact_refs[self.matter_client[matter_index]],
                        "bill": self.bill_refs[bill_id] if bill_id else None,
                        "created_at": paid_at or _instant(self.moment()),
                    },
                )
            )
        rows.sort(key=lambda row: (row[0], row[1], row[2]))
        balances = {1: 0, 2: 0}
        counts = {1: 0, 2: 0}
        last_update = {1: "2022-01-03T09:00:00Z", 2: "2022-01-03T09:00:00Z"}
        accounts = {1: trust_account, 2: operating}
        for index, (day, account_id, _, row) in enumerate(rows, start=1):
            cents = row["cents"]
            balances[account_id] += cents
            counts[account_id] += 1
            created = datetime.fromisoformat(row["created_at"].removesuffix("Z"))
            stamp = self.stamp("bank_transactions", index, not_before=created)
            last_update[account_id] = max(last_update[account_id], stamp["updated_at"])
            account = accounts[account_id]
            body = {
                **stamp,
                "type": "BankTransaction",
                "bank_account_id": account_id,
                "source": "manual",
                "confirmation": f"{'TR' if account_id == 1 else 'OP'}-{index:06d}",
                "read_only_confirmation": False,
                "date": day,
                "amount": cents / 100,
                "funds_in": max(cents, 0) / 100,
                "funds_out": max(-cents, 0) / 100,
                "current_account_balance": balances[account_id] / 100,
                "currency": "USD",
                "currency_id": 1,
                "exchange_rate": 1.0,
                "description": row["description"],
                "transaction_type": row["transaction_type"],
                "clio_payments_transaction": False,
                "bank_account": _project(account, BANK_ACCOUNT_REF),
                "matter": row["matter"],
                "client": row["client"],
                "bill": row["bill"],
                "allocation": None,
            }
            self.sink.record("bank_transactions", body)
        for account_id, account in accounts.items():
            account["balance"] = balances[account_id] / 100
            account["bank_transactions_count"] = counts[account_id]
            account["updated_at"] = last_update[account_id]
            account["etag"] = _etag("bank_accounts", account_id, last_update[account_id])
            self.sink.record("bank_accounts", account)
            self.bank_accounts[account_id] = account

    def line_items(self) -> None:
        """Each bill's lines: one per time or expense entry on it (its total is the entry's),
        or one flat-fee line for a bill without entries, so a bill's lines add up to its
        total."""
        lines: list[dict[str, Any]] = []
        for bill_id, (total, issued_at, matter_index) in self.bill_totals.items():
            entries = self.billed_entries.get(bill_id, [])
            for order, entry in enumerate(entries, start=1):
                is_time = entry["type"] == "TimeEntry"
                lines.append(
                    {
                        "type": "ActivityLineItem",
                        "kind": "Service" if is_time else "Expense",
                        "description": (entry["activity_description"] or {}).get("name")
                        or (entry["expense_category"] or {}).get("name"),
                        "note": entry["note"],
                        "date": entry["date"],
                        "quantity": entry["quantity_in_hours"] if is_time else 1.0,
                        "price": entry["price"],
                        "total": entry["total"],
                        "group_ordering": order,
                        "bill": self.bill_refs[bill_id],
                        "activity": _project(entry, ACTIVITY_REF),
                        "matter": entry["matter"],
                        "user": entry["user"],
                        "not_before": entry["created_at"],
                    }
                )
            if not entries:
                lines.append(
                    {
                        "type": "LineItem",
                        "kind": "Service",
                        "description": "Flat fee",
                        "note": f"Legal services – {self.matter_refs[matter_index]['description']}",
                        "date": issued_at,
                        "quantity": 1.0,
                        "price": total,
                        "total": total,
                        "group_ordering": 1,
                        "bill": self.bill_refs[bill_id],
                        "activity": None,
                        "matter": self.matter_refs[matter_index],
                        "user": self.user_refs[ATTORNEYS[matter_index % len(ATTORNEYS)]],
                        "not_before": issued_at + "T09:00:00Z",
                    }
                )
        wanted = self.counts.line_items
        if wanted is not None:
            lines = lines[:wanted]
            bills = list(self.bill_refs.values()) or [None]
            for extra in range(wanted - len(lines)):  # courtesy lines at no charge
                bill = bills[extra % len(bills)]
                lines.append(
                    {
                        "type": "NoChargeLineItem",
                        "kind": "Service",
                        "description": "Courtesy call",
                        "note": "No charge",
                        "date": bill["issued_at"] if bill else "2022-01-03",
                        "quantity": 0.1,
                        "price": 0.0,
                        "total": 0.0,
                        "group_ordering": 99,
                        "bill": bill,
                        "activity": None,
                        "matter": None,
                        "user": self.user_refs[1],
                        "not_before": "2022-01-03T09:00:00Z",
                    }
                )
        for index, line in enumerate(lines, start=1):
            not_before = datetime.fromisoformat(line.pop("not_before").removesuffix("Z"))
            body = {
                **self.stamp("line_items", index, not_before=not_before),
                **line,
                "sub_total": line["total"],
                "tax": 0.0,
                "secondary_tax": 0.0,
                "taxable": False,
                "secondary_taxable": False,
                "discount": None,
                "included_line_item_totals": None,
            }
            self.sink.record("line_items", body)

    def allocations(self) -> None:
        """The payments applied to bills: one per paid bill for what was paid, into the
        operating account, out of trust when the matter's trust money paid it. Each bill's
        valid allocations add up to what the bill says was paid."""
        rng = self.rng
        from_trust = {item["bill"]["id"] for item in self.trust_items if item["bill"] is not None}
        trust = _project(self.bank_accounts[1], BANK_ACCOUNT_REF)
        operating = _project(self.bank_accounts[2], BANK_ACCOUNT_REF)
        payments = list(self.paid_bills)
        wanted = self.counts.allocations
        if wanted is not None:
            payments = payments[:wanted]
        rows = [(*payment, False) for payment in payments]
        if wanted is not None and self.paid_bills:
            for extra in range(wanted - len(rows)):  # payments entered and later reversed
                rows.append((*self.paid_bills[extra % len(self.paid_bills)], True))
        for index, (bill_id, paid_at, paid, matter_index, voided) in enumerate(rows, start=1):
            paid_on = datetime.fromisoformat(paid_at.removesuffix("Z"))
            stamp = self.stamp("allocations", index, not_before=paid_on)
            by_trust = bill_id in from_trust and not voided
            method = "Trust transfer" if by_trust else rng.choice(("Check", "EFT", "Credit card"))
            bill = self.bill_refs[bill_id]
            body = {
                **stamp,
                "date": paid_at[:10],
                "amount": paid,
                "interest": False,
                "description": f"Payment of bill {bill['number']}"
                + (" (reversed: entered twice)" if voided else ""),
                "payment_type": method,
                "has_online_payment": False,
                "destroyable": not voided,
                "voided_at": stamp["updated_at"] if voided else None,
                "bill": bill,
                "matter": self.matter_refs[matter_index],
                "contact": self.contact_refs[self.matter_client[matter_index]],
                "source_bank_account": trust if by_trust else None,
                "destination_bank_account": operating,
                "parent": {
                    "id": index,
                    "type": "Payment",
                    "identifier": f"PMT-{index:06d}",
                    "secondary_identifier": method,
                    "tertiary_identifier": None,
                },
            }
            self.sink.record("allocations", body)

    def credit_memos(self) -> None:
        """Credits given to clients of billed matters (courtesy discounts, overpayments), held
        on the client's account: not applied to a bill yet, so no allocation."""
        rng = self.rng
        billed = sorted(self.bills_by_matter) or [0]
        reasons = (
            ("Courtesy discount on the last bill", True),
            ("Overpayment held on account", False),
            ("Write-down agreed with the client", True),
            ("Refund of unused filing fee", False),
        )
        for index in range(1, self.counts.credit_memos + 1):
            matter_index = billed[(index * 7) % len(billed)]
            stamp = self.stamp("credit_memos", index, not_before=self.matter_open[matter_index])
            description, discount = rng.choice(reasons)
            body = {
                **stamp,
                "date": stamp["created_at"][:10],
                "amount": _money(rng.choice((50.0, 125.0, 250.0, 375.5, 600.0))),
                "description": description,
                "discount": discount,
                "voided_at": stamp["updated_at"] if index % 9 == 0 else None,
                "user": self.user_refs[ATTORNEYS[matter_index % len(ATTORNEYS)]],
                "contact": self.contact_refs[self.matter_client[matter_index]],
                "allocations": [],
            }
            self.sink.record("credit_memos", body)

    def relationships(self) -> None:
        """Other people and companies in a matter: the opposing party, a witness, an expert;
        never the matter's own client."""
        rng = self.rng
        roles = (
            "Opposing party", "Opposing counsel", "Witness", "Expert witness", "Spouse",
            "Insurance adjuster", "Guarantor", "Referring lawyer",
        )  # fmt: skip
        for index in range(1, self.counts.relationships + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            contact_index = rng.randrange(len(self.contact_refs))
            if contact_index == self.matter_client[matter_index]:
                contact_index = (contact_index + 1) % len(self.contact_refs)
            stamp = self.stamp("relationships", index, not_before=self.matter_open[matter_index])
            body = {
                **stamp,
                "description": rng.choice(roles),
                "matter": self.matter_refs[matter_index],
                "contact": self.contact_refs[contact_index],
            }
            self.sink.record("relationships", body)

    def conversations(self) -> None:
        """Secure conversations with clients about their matters, each with its messages."""
        rng = self.rng
        subjects = (
            "Documents you asked for", "Questions about the draft", "Next hearing date",
            "Signed copy attached", "Invoice question", "Update on your file",
        )  # fmt: skip
        lines = (
            "Thank you, I have read it and have two questions.",
            "Please find the signed copy attached.",
            "The hearing is confirmed; we will meet at the courthouse at 9:30.",
            "Could you send the bank statements for last year?",
            "Received, thank you. We will review it this week.",
            "Is there anything else you need from me?",
        )
        message_id = 0
        for index in range(1, self.counts.conversations + 1):
            matter_index = rng.randrange(len(self.matter_refs))
            when = self.moment(self.matter_open[matter_index])
            messages = []
            for _ in range(rng.randrange(2, 7)):
                message_id += 1
                when = min(when + timedelta(hours=rng.randrange(1, 96)), _END)
                at = _instant(when)
                messages.append(
                    {
                        "id": message_id,
                        "etag": _etag("conversation_messages", message_id, at),
                        "date": at[:10],
                        "body": rng.choice(lines),
                        "created_at": at,
                        "updated_at": at,
                    }
                )
            created = datetime.fromisoformat(messages[0]["created_at"].removesuffix("Z"))
            stamp = self.stamp("conversations", index, not_before=created)
            updated_at = max(stamp["updated_at"], messages[-1]["updated_at"])
            body = {
                **stamp,
                "etag": _etag("conversations", index, updated_at),
                "created_at": messages[0]["created_at"],
                "updated_at": updated_at,
                "subject": rng.choice(subjects),
                "archived": rng.random() < 0.2,
                "read_only": False,
                "current_user_is_member": True,
                "read": rng.random() < 0.8,
                "message_count": len(messages),
                "time_entries_count": 0,
                "matter": self.matter_refs[matter_index],
                "first_message": messages[0],
                "last_message": messages[-1],
                "messages": messages,
            }
            self.sink.record("conversations", body)

    def comments(self) -> None:
        """Remarks the firm's people leave on documents, each on the version it was about."""
        rng = self.rng
        remarks = (
            "Please check the dates in section 2.",
            "Client approved this version by phone.",
            "Signed original is in the safe.",
            "Opposing counsel has a copy.",
            "Use this one for the hearing binder.",
        )
        for index in range(1, (self.counts.comments if self.document_versions else 0) + 1):
            version = self.document_versions[rng.randrange(len(self.document_versions))]
            created = datetime.fromisoformat(version["created_at"].removesuffix("Z"))
            body = {
                **self.stamp("comments", index, not_before=created),
                "message": rng.choice(remarks),
                "creator": self.user_refs[rng.choice(TIMEKEEPERS)],
                "document_version": version,
            }
            self.sink.record("comments", body)

    def reminders(self) -> None:
        """Reminders of calendar entries and tasks, by email to the user concerned: delivered
        when their moment has passed, scheduled otherwise. Each user has one notification
        method, numbered like the user."""
        rng = self.rng
        count = self.counts.reminders if self.remindable else 0
        for index in range(1, count + 1):
            kind, subject_id, name, moment, user_id = self.remindable[
                rng.randrange(len(self.remindable))
            ]
            minutes = rng.choice((15, 30, 60, 1440))
            delivery = moment - timedelta(minutes=minutes)
            user = self.user_refs[user_id]
            set_up = min(delivery, _END) - timedelta(days=7)
            body = {
                **self.stamp("reminders", index, not_before=set_up),
                "duration": minutes,
                "next_delivery_at": _instant(delivery),
                "state": "delivered" if delivery <= _END else "scheduled",
                "notification_method": {
                    "id": user_id,
                    "etag": _etag("notification_methods", user_id, "2023-01-01T00:00:00Z"),
                    "type": "Email",
                    "email_address": user["email"],
                    "is_default_email_address": True,
                    "created_at": "2023-01-01T00:00:00Z",
                    "updated_at": "2023-01-01T00:00:00Z",
                },
                "subject": {
                    "id": subject_id,
                    "type": kind,
                    "identifier": name,
                    "secondary_identifier": _instant(moment),
                    "tertiary_identifier": None,
                },
            }
            self.sink.record("reminders", body)

    def matter_stages(self) -> None:
        """The stages a matter of each practice area goes through, in order."""
        stages = {
            "civil_litigation": ("Intake", "Pleadings", "Discovery", "Trial"),
            "personal_injury": ("Intake", "Medical records", "Negotiation", "Settlement"),
        }
        usual = ("Intake", "Work in progress", "Review", "Closing")
        index = 0
        for area in self.practice_area_refs:
            names = stages.get(area["category"], usual)
            for order, name in enumerate(names, start=1):
                index += 1
                self.sink.record(
                    "matter_stages",
                    {
                        **self.stamp("matter_stages", index),
                        "practice_area_id": str(area["id"]),
                        "name": name,
                        "order": order,
                    },
                )

    def firm_list_records(self) -> None:
        """The firm's own lists (document categories, task types, expense categories, activity
        descriptions, calendars) as records of their own, the same entries the records that
        use them carry."""
        for kind, entries in self.firm_lists.items():
            for entry in entries:
                self.sink.record(kind, entry)

    def _bank_account(
        self, account_id: int, name: str, account_type: str, number: str
    ) -> dict[str, Any]:
        created_at = "2021-11-02T17:00:00Z"
        return {
            "id": account_id,
            "etag": _etag("bank_accounts", account_id, created_at),
            "name": name,
            "type": account_type,
            "account_number": number,
            "transit_number": "123006800",
            "swift": "USBKUS44",
            "institution": "Columbia River Bank",
            "domicile_branch": "Portland – Pioneer Square",
            "holder": FIRM_NAME,
            "general_ledger_number": "1010" if account_type == "Trust" else "1000",
            "currency": "USD",
            "currency_symbol": "$",
            "currency_id": 1,
            "balance": 0.0,
            "bank_transactions_count": 0,
            "default_account": True,  # the default of its type
            "controlled_account": account_type == "Trust",
            "clio_payments_enabled": False,
            "clio_payment_page_link": None,
            "clio_payment_page_qr_code": None,
            "user": self.user_refs[1],
            "created_at": created_at,
            "updated_at": created_at,
        }


def _random_date(rng: random.Random, first_year: int, end_year: int) -> str:
    year, month, day = (
        rng.randrange(first_year, end_year),
        rng.randrange(1, 13),
        rng.randrange(1, 29),
    )
    return f"{year}-{month:02d}-{day:02d}"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum()) or "x"


def _write_bench_file(path: Path, index: int, block: bytes, size: int) -> tuple[int, str]:
    """`size` bytes, different for every document, made fast from one random block."""
    digest = hashlib.sha256()
    shift = (index * 7919) % len(block)
    rotated = block[shift:] + block[:shift]
    header = f"document {index}\n".encode()
    with path.open("wb") as out:
        remaining = size
        first = header[:remaining]
        out.write(first)
        digest.update(first)
        remaining -= len(first)
        while remaining > 0:
            chunk = rotated[: min(remaining, len(rotated))]
            out.write(chunk)
            digest.update(chunk)
            remaining -= len(chunk)
    return size, digest.hexdigest()


# --------------------------------------------------------------------------------------------
# The demo firm's documents


@dataclass(frozen=True)
class DemoFile:
    folder_id: int
    name: str
    content_type: str
    content: bytes


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
TXT = "text/plain"

# Names a careful client must make safe: characters illegal on Windows, reserved device names,
# trailing dots and spaces, case-only twins, Unicode normalisation twins, traversal, control
# characters and an over-long name. All are stored exactly like this.
HOSTILE_NAMES: tuple[tuple[str, str], ...] = (
    ("Engagement letter – Müller.pdf", PDF),
    ("Motion: to dismiss?.pdf", PDF),
    ("Scan *final*.png", PNG),
    ("Exhibit <A>.txt", TXT),
    ("Costs | summary.txt", TXT),
    ("Notes for file.", TXT),
    ("Draft agreement.docx ", DOCX),
    ("CON.txt", TXT),
    ("aux.pdf", PDF),
    ("Invoice.pdf", PDF),
    ("invoice.pdf", PDF),
    (unicodedata.normalize("NFC", "Résumé.txt"), TXT),
    (unicodedata.normalize("NFD", "Résumé.txt"), TXT),
    ("../../outside.txt", TXT),
    ("Memo\twith tab.txt", TXT),
    ("Photos 📷 site visit.png", PNG),
    ("Long name " + "x" * 230 + ".txt", TXT),
)

_REGULAR_DOCUMENTS = (
    ("Engagement letter", PDF), ("Retainer agreement", DOCX), ("Client intake notes", TXT),
    ("Site photo", PNG), ("Statement of claim", PDF), ("Letter to opposing counsel", DOCX),
    ("Settlement offer", PDF), ("Closing checklist", TXT), ("Title report", PDF),
    ("Signed affidavit", PDF), ("Witness list", DOCX), ("Scanned receipt", PNG),
    ("Meeting minutes", TXT), ("Court order", PDF), ("Draft will", DOCX),
)  # fmt: skip

# Firm-wide folders of the demo; two of them have names Windows cannot store as they are.
DEMO_EXTRA_FOLDERS = ("Firm administration", "Q4: review?", "Old files. ", "Templates")

_EXTENSION = {PDF: ".pdf", DOCX: ".docx", PNG: ".png", TXT: ".txt"}


def _demo_content(rng: random.Random, title: str, content_type: str, big: bool) -> bytes:
    lines = [
        "Harbor & Finch LLP – 200 Harbor Way, Suite 400, Portland, OR 97205",
        f"Re: {title}",
        "",
        "This document is part of the demonstration data of the Account Desk reference backend.",
        *(
            rng.choice(
                (
                    "The parties agree to the terms set out below.",
                    "Please find enclosed the documents discussed at our meeting.",
                    "We confirm receipt of your letter and will respond in due course.",
                    "The hearing has been scheduled for the date noted above.",
                )
            )
            for _ in range(rng.randrange(3, 25))
        ),
    ]
    if content_type == PDF:
        return samplefiles.make_pdf(title, lines)
    if content_type == DOCX:
        return samplefiles.make_docx(title, lines)
    if content_type == PNG:
        if big:
            return samplefiles.make_png(rng, rng.randrange(360, 560), rng.randrange(280, 420), True)
        return samplefiles.make_png(rng, rng.randrange(48, 200), rng.randrange(48, 160), False)
    return samplefiles.make_text(title, lines)


def _demo_files(rng: random.Random, leaves: list[int], total: int) -> list[DemoFile]:
    files: list[DemoFile] = []
    used: set[tuple[int, str]] = set()
    hostile_folder = leaves[min(2, len(leaves) - 1)]
    for name, content_type in HOSTILE_NAMES:
        files.append(
            DemoFile(
                hostile_folder, name, content_type, _demo_content(rng, name, content_type, False)
            )
        )
        used.add((hostile_folder, name))
    big_images = 0
    while len(files) < total:
        folder = rng.choice(leaves)
        base, content_type = rng.choice(_REGULAR_DOCUMENTS)
        name = f"{base} {_random_date(rng, 2022, 2027)}{_EXTENSION[content_type]}"
        if (folder, name) in used:
            continue
        used.add((folder, name))
        big = content_type == PNG and big_images < 9
        big_images += big
        files.append(
            DemoFile(folder, name, content_type, _demo_content(rng, base, content_type, big))
        )
    return files


# --------------------------------------------------------------------------------------------
# Seeding


def _bench_counts(records: int, documents: int) -> _Counts:
    # users (6), practice areas (10), custom fields (6), bank accounts (2), matter stages
    # (4 per practice area) and the firm's lists (23: document categories, task types, expense
    # categories, activity descriptions, calendars) are fixed;
    # documents are their own number; everything else shares what is left, in proportions like
    # a real firm's. Bank transactions take the remainder: at least one per trust line item.
    rest = max(records - documents - 87, 0)
    weights = {
        "contacts": 0.08, "matters": 0.06, "activities": 0.28, "bills": 0.05, "folders": 0.02,
        "calendar_entries": 0.06, "tasks": 0.06, "notes": 0.06, "communications": 0.07,
        "trust_line_items": 0.035, "line_items": 0.06, "allocations": 0.03,
        "credit_memos": 0.01, "relationships": 0.02, "conversations": 0.01,
        "comments": 0.01, "reminders": 0.01,
    }  # fmt: skip
    if documents == 0:  # comments are on documents
        del weights["comments"]
    counts = {kind: int(rest * weight) for kind, weight in weights.items()}
    used = sum(counts.values())
    counts["bank_transactions"] = rest - used
    counts["contacts"] = max(counts["contacts"], 3)
    counts["matters"] = max(counts["matters"], 1)
    counts["folders"] = max(counts["folders"], 1)
    return _Counts(documents=documents, **counts)


DEMO_COUNTS = _Counts(
    contacts=150,
    matters=40,
    activities=600,
    bills=60,
    folders=70,
    documents=120,
    calendar_entries=80,
    tasks=90,
    notes=75,
    communications=100,
    trust_line_items=90,
    bank_transactions=130,
    credit_memos=12,
    relationships=60,
    conversations=25,
    comments=40,
    reminders=50,
)


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
    counts = DEMO_COUNTS if demo else _bench_counts(records, documents)
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
    counts: _Counts,
    demo: bool,
    document_bytes: int,
) -> dict[str, int]:
    with con:
        sink = _Sink(con)
        builder = _FirmBuilder(state, sink, rng, counts, demo, document_bytes)
        builder.users()
        builder.practice_areas()
        builder.custom_fields()
        builder.contacts()
        builder.matters()
        leaves = builder.folders()
        demo_files = _demo_files(rng, leaves, counts.documents) if demo else None
        builder.documents(leaves, demo_files)
        builder.activities_and_bills()
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
        builder.firm_list_records()
        sink.close()
    return {k: v for k, v in sink.totals.items() if not k.startswith("@")}
