"""The kinds of practice data an export takes home and, in one place, the fields asked for each.

Field names follow the Clio Manage API v4 schemas (a unit test checks every name against the
public reference document when it is present). Nested objects are asked for with a short list of
subfields, written the Clio way: ``client{id,name}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One requested field; ``subfields`` set for a nested object (or a list of objects)."""

    name: str
    subfields: tuple[str, ...] = ()
    is_list: bool = False

    @property
    def spec(self) -> str:
        """The field as written in a ``fields=`` query parameter."""
        if self.subfields:
            return f"{self.name}{{{','.join(self.subfields)}}}"
        return self.name

    @property
    def columns(self) -> tuple[str, ...]:
        """CSV columns: a nested object becomes dotted columns; a list stays one JSON cell."""
        if self.subfields and not self.is_list:
            return tuple(f"{self.name}.{sub}" for sub in self.subfields)
        return (self.name,)


@dataclass(frozen=True)
class Kind:
    """A kind of record as exported: its file name, where it is listed and what is asked for."""

    key: str  # file stem under records/, unique
    endpoint: str  # path under /api/v4/, without ".json"
    label: str  # plain words for people
    schema: str  # the Clio schema name the fields come from
    fields: tuple[Field, ...]
    params: tuple[tuple[str, str], ...] = ()  # extra query parameters (notes need a type)

    @property
    def fields_param(self) -> str:
        return ",".join(field.spec for field in self.fields)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column for field in self.fields for column in field.columns)


def _f(spec: str) -> Field:
    """Parse ``name``, ``name{a,b}`` or ``name[]{a,b}`` (a list of objects)."""
    if "{" not in spec:
        return Field(spec)
    head, _, rest = spec.partition("{")
    is_list = head.endswith("[]")
    name = head.removesuffix("[]")
    return Field(name, tuple(rest.rstrip("}").split(",")), is_list)


def _fields(*specs: str) -> tuple[Field, ...]:
    return tuple(_f(spec) for spec in specs)


_STAMP = ("etag", "created_at", "updated_at")

USERS = Kind(
    "users",
    "users",
    "Users",
    "User",
    _fields(
        "id",
        *_STAMP,
        "name",
        "first_name",
        "last_name",
        "initials",
        "email",
        "phone_number",
        "enabled",
        "account_owner",
        "roles",
        "subscription_type",
        "time_zone",
        "rate",
    ),
)

MATTERS = Kind(
    "matters",
    "matters",
    "Matters",
    "Matter",
    _fields(
        "id",
        *_STAMP,
        "number",
        "display_number",
        "custom_number",
        "description",
        "status",
        "location",
        "client_reference",
        "billable",
        "billing_method",
        "open_date",
        "close_date",
        "pending_date",
        "client{id,name}",
        "practice_area{id,name}",
        "responsible_attorney{id,name}",
        "originating_attorney{id,name}",
        "folder{id,name}",
        "custom_field_values[]{id,field_name,value}",
    ),
)

CONTACTS = Kind(
    "contacts",
    "contacts",
    "Contacts",
    "Contact",
    _fields(
        "id",
        *_STAMP,
        "name",
        "type",
        "prefix",
        "first_name",
        "middle_name",
        "last_name",
        "title",
        "initials",
        "date_of_birth",
        "primary_email_address",
        "primary_phone_number",
        "is_client",
        "company{id,name}",
        "primary_address{street,city,province,postal_code,country}",
        "email_addresses[]{id,name,address,primary}",
        "phone_numbers[]{id,name,number,primary}",
        "addresses[]{id,name,street,city,province,postal_code,country,primary}",
        "custom_field_values[]{id,field_name,value}",
    ),
)

ACTIVITIES = Kind(
    "activities",
    "activities",
    "Time and expense entries",
    "Activity",
    _fields(
        "id",
        *_STAMP,
        "type",
        "date",
        "quantity_in_hours",
        "quantity",
        "price",
        "total",
        "note",
        "billed",
        "non_billable",
        "no_charge",
        "reference",
        "matter{id,display_number}",
        "user{id,name}",
        "bill{id,number}",
        "activity_description{id,name}",
        "expense_category{id,name}",
    ),
)

BILLS = Kind(
    "bills",
    "bills",
    "Bills",
    "Bill",
    _fields(
        "id",
        *_STAMP,
        "number",
        "subject",
        "memo",
        "type",
        "kind",
        "state",
        "issued_at",
        "due_at",
        "start_at",
        "end_at",
        "paid_at",
        "sub_total",
        "tax_sum",
        "total",
        "paid",
        "due",
        "balance",
        "client{id,name}",
        "user{id,name}",
        "matters[]{id,display_number}",
    ),
)

DOCUMENTS = Kind(
    "documents",
    "documents",
    "Documents",
    "Document",
    _fields(
        "id",
        *_STAMP,
        "name",
        "filename",
        "size",
        "content_type",
        "received_at",
        "parent{id,name}",
        "matter{id,display_number}",
        "contact{id,name}",
        "document_category{id,name}",
        "latest_document_version{id,etag,uuid,size,content_type,filename,version_number}",
    ),
)

FOLDERS = Kind(
    "folders",
    "folders",
    "Folders",
    "Folder",
    _fields(
        "id",
        *_STAMP,
        "name",
        "root",
        "parent{id,name}",
        "matter{id,display_number}",
        "contact{id,name}",
    ),
)

CALENDAR_ENTRIES = Kind(
    "calendar_entries",
    "calendar_entries",
    "Calendar entries",
    "CalendarEntry",
    _fields(
        "id",
        *_STAMP,
        "summary",
        "description",
        "location",
        "start_at",
        "end_at",
        "all_day",
        "recurrence_rule",
        "matter{id,display_number}",
        "calendar_owner{id,name}",
        "attendees[]{id,type,name,email}",
    ),
)

TASKS = Kind(
    "tasks",
    "tasks",
    "Tasks",
    "Task",
    _fields(
        "id",
        *_STAMP,
        "name",
        "description",
        "status",
        "priority",
        "due_at",
        "completed_at",
        "statute_of_limitations",
        "matter{id,display_number}",
        "assignee{id,type,name}",
        "assigner{id,name}",
    ),
)

_NOTE_FIELDS = _fields(
    "id",
    *_STAMP,
    "type",
    "subject",
    "detail",
    "date",
    "matter{id,display_number}",
    "contact{id,name}",
    "author{id,name}",
)

MATTER_NOTES = Kind(
    "matter_notes", "notes", "Notes on matters", "Note", _NOTE_FIELDS, (("type", "Matter"),)
)
CONTACT_NOTES = Kind(
    "contact_notes", "notes", "Notes on contacts", "Note", _NOTE_FIELDS, (("type", "Contact"),)
)

COMMUNICATIONS = Kind(
    "communications",
    "communications",
    "Communications",
    "Communication",
    _fields(
        "id",
        *_STAMP,
        "type",
        "date",
        "received_at",
        "subject",
        "body",
        "matter{id,display_number}",
        "user{id,name}",
        "senders[]{id,type,name}",
        "receivers[]{id,type,name}",
    ),
)

TRUST_LINE_ITEMS = Kind(
    "trust_line_items",
    "trust_line_items",
    "Trust line items",
    "TrustLineItem",
    _fields(
        "id",
        *_STAMP,
        "date",
        "total",
        "note",
        "matter{id,display_number}",
        "client{id,name}",
        "bill{id,number}",
    ),
)

CUSTOM_FIELDS = Kind(
    "custom_fields",
    "custom_fields",
    "Custom fields",
    "CustomField",
    _fields(
        "id",
        *_STAMP,
        "name",
        "parent_type",
        "field_type",
        "displayed",
        "deleted",
        "required",
        "display_order",
        "picklist_options[]{id,option}",
    ),
)

PRACTICE_AREAS = Kind(
    "practice_areas",
    "practice_areas",
    "Practice areas",
    "PracticeArea",
    _fields("id", *_STAMP, "name", "category", "code"),
)

#: Every kind, in the order an export fetches them (folders before documents: document paths
#: are built from the folder tree).
ALL_KINDS: tuple[Kind, ...] = (
    USERS,
    PRACTICE_AREAS,
    CUSTOM_FIELDS,
    CONTACTS,
    MATTERS,
    FOLDERS,
    DOCUMENTS,
    ACTIVITIES,
    BILLS,
    CALENDAR_ENTRIES,
    TASKS,
    MATTER_NOTES,
    CONTACT_NOTES,
    COMMUNICATIONS,
    TRUST_LINE_ITEMS,
)

KINDS_BY_KEY: dict[str, Kind] = {kind.key: kind for kind in ALL_KINDS}


def kind_by_key(key: str) -> Kind:
    """The kind with that key; ``KeyError`` names the valid keys."""
    try:
        return KINDS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown kind {key!r}; known: {', '.join(KINDS_BY_KEY)}") from None
