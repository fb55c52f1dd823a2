"""The kinds of practice data an export takes home and, in one place, the fields asked for each
(the billing and trust kinds are in `kinds_money`, the field rules in `kind_fields`).

Field names follow the Clio Manage API v4 schemas (a unit test checks every name against the
public reference document when it is present). Nested objects are asked for with a short list of
subfields, written the Clio way: ``client{id,name}``.
"""

from __future__ import annotations

from app.export.kind_fields import Field, Kind, field_list, parse_fields
from app.export.kinds_matter_records import MATTER_RECORD_KINDS
from app.export.kinds_money import (
    ACTIVITY_RATES,
    ALLOCATIONS,
    BANK_ACCOUNTS,
    BANK_TRANSACTIONS,
    BILLS,
    CREDIT_MEMOS,
    INTEREST_CHARGES,
    LINE_ITEMS,
    ONLINE_PAYMENT_LINKS,
    ONLINE_PAYMENTS,
    OUTSTANDING_CLIENT_BALANCES,
    TRUST_LINE_ITEMS,
)
from app.export.kinds_setup import SETUP_KINDS

USERS = Kind(
    "users",
    "users",
    "Users",
    "User",
    field_list(
        "id",
        "etag",
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
        "rate",
        "time_zone",
        "default_calendar_id",
        "clio_connect",
        "court_rules_default_attendee",
        "created_at",
        "updated_at",
    ),
)

PRACTICE_AREAS = Kind(
    "practice_areas",
    "practice_areas",
    "Practice areas",
    "PracticeArea",
    field_list(
        "id",
        "etag",
        "name",
        "code",
        "category",
        "created_at",
        "updated_at",
    ),
)

CUSTOM_FIELDS = Kind(
    "custom_fields",
    "custom_fields",
    "Custom fields",
    "CustomField",
    field_list(
        "id",
        "etag",
        "name",
        "parent_type",
        "field_type",
        "displayed",
        "deleted",
        "required",
        "display_order",
        "created_at",
        "updated_at",
        "picklist_options[]{id,etag,option,deleted_at,created_at,updated_at}",
    ),
)

CONTACTS = Kind(
    "contacts",
    "contacts",
    "Contacts",
    "Contact",
    field_list(
        "id",
        "etag",
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
        "is_co_counsel",
        "is_bill_recipient",
        "ledes_client_id",
        "sales_tax_number",
        "created_at",
        "updated_at",
        "company{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "primary_address{id,etag,name,street,city,province,postal_code,country,primary,"
        "created_at,updated_at}",
        "addresses[]{id,etag,name,street,city,province,postal_code,country,primary,created_at,"
        "updated_at}",
        "email_addresses[]{id,etag,name,address,primary,created_at,updated_at}",
        "phone_numbers[]{id,etag,name,number,primary,created_at,updated_at}",
        "custom_field_values[]{id,etag,field_name,field_type,field_required,field_displayed,"
        "field_display_order,value,soft_deleted,created_at,updated_at,custom_field{id,etag,"
        "name,field_type,parent_type}}",
    ),
)

MATTERS = Kind(
    "matters",
    "matters",
    "Matters",
    "Matter",
    field_list(
        "id",
        "etag",
        "number",
        "display_number",
        "custom_number",
        "description",
        "status",
        "location",
        "client_reference",
        "client_id",
        "billable",
        "maildrop_address",
        "billing_method",
        "open_date",
        "close_date",
        "pending_date",
        "shared",
        "has_tasks",
        "last_activity_date",
        "created_at",
        "updated_at",
        "client{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "practice_area{id,etag,name,code,category}",
        "responsible_attorney{id,etag,name,first_name,last_name,initials,email,enabled,"
        "subscription_type}",
        "originating_attorney{id,etag,name,first_name,last_name,initials,email,enabled,"
        "subscription_type}",
        "folder{id,etag,name,type,root,locked,created_at,updated_at,deleted_at}",
        "custom_field_values[]{id,etag,field_name,field_type,field_required,field_displayed,"
        "field_display_order,value,soft_deleted,created_at,updated_at,custom_field{id,etag,"
        "name,field_type,parent_type}}",
    ),
)

ACTIVITIES = Kind(
    "activities",
    "activities",
    "Time and expense entries",
    "Activity",
    field_list(
        "id",
        "etag",
        "type",
        "date",
        "quantity_in_hours",
        "rounded_quantity_in_hours",
        "quantity",
        "rounded_quantity",
        "quantity_redacted",
        "price",
        "total",
        "note",
        "flat_rate",
        "billed",
        "on_bill",
        "non_billable",
        "non_billable_total",
        "no_charge",
        "tax_setting",
        "contingency_fee",
        "reference",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "activity_description{id,etag,name,default,type}",
        "expense_category{id,etag,name,rate,entry_type,created_at,updated_at}",
        "vendor{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
    ),
)


FOLDERS = Kind(
    "folders",
    "folders",
    "Folders",
    "Folder",
    field_list(
        "id",
        "etag",
        "type",
        "name",
        "root",
        "locked",
        "deleted_at",
        "created_at",
        "updated_at",
        "parent{id,etag,name,type,root,locked,created_at,updated_at,deleted_at}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "creator{id,etag,type,name,first_name,last_name,initials,email,enabled}",
    ),
)

DOCUMENTS = Kind(
    "documents",
    "documents",
    "Documents",
    "Document",
    field_list(
        "id",
        "etag",
        "type",
        "name",
        "filename",
        "size",
        "content_type",
        "locked",
        "received_at",
        "deleted_at",
        "created_at",
        "updated_at",
        "parent{id,etag,name,type,root,locked,created_at,updated_at,deleted_at}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "document_category{id,etag,name,created_at,updated_at}",
        "creator{id,etag,type,name,first_name,last_name,initials,email,enabled}",
        "latest_document_version{id,etag,uuid,document_id,filename,size,version_number,"
        "content_type,fully_uploaded,received_at,created_at,updated_at}",
    ),
)

CALENDAR_ENTRIES = Kind(
    "calendar_entries",
    "calendar_entries",
    "Calendar entries",
    "CalendarEntry",
    field_list(
        "id",
        "etag",
        "summary",
        "description",
        "location",
        "start_at",
        "end_at",
        "all_day",
        "recurrence_rule",
        "court_rule",
        "permission",
        "calendar_owner_id",
        "start_at_time_zone",
        "time_entries_count",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "calendar_owner{id,etag,name,type,color,permission,visible}",
        "attendees[]{id,etag,type,name,email,enabled}",
    ),
)

TASKS = Kind(
    "tasks",
    "tasks",
    "Tasks",
    "Task",
    field_list(
        "id",
        "etag",
        "name",
        "description",
        "description_text_type",
        "status",
        "priority",
        "due_at",
        "completed_at",
        "permission",
        "notify_completion",
        "statute_of_limitations",
        "time_estimated",
        "time_entries_count",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "assigner{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "assignee{id,etag,type,identifier,name,initials,enabled}",
        "task_type{id,etag,name,created_at,updated_at}",
    ),
)

_NOTE_FIELDS = field_list(
    "id",
    "etag",
    "type",
    "subject",
    "detail",
    "detail_text_type",
    "date",
    "time_entries_count",
    "created_at",
    "updated_at",
    "matter{id,etag,number,display_number,description,status,client_id,billable,"
    "billing_method,open_date,close_date}",
    "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
    "primary_email_address,primary_phone_number}",
    "author{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
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
    field_list(
        "id",
        "etag",
        "type",
        "subject",
        "body",
        "date",
        "received_at",
        "time_entries_count",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "senders[]{id,etag,type,identifier,name,initials,enabled}",
        "receivers[]{id,etag,type,identifier,name,initials,enabled}",
    ),
)


RELATIONSHIPS = Kind(
    "relationships",
    "relationships",
    "Relationships",
    "Relationship",
    field_list(
        "id",
        "etag",
        "description",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
    ),
)

CONVERSATIONS = Kind(
    "conversations",
    "conversations",
    "Conversations",
    "Conversation",
    field_list(
        "id",
        "etag",
        "subject",
        "archived",
        "read_only",
        "current_user_is_member",
        "read",
        "message_count",
        "time_entries_count",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "first_message{id,etag,date,body,created_at,updated_at}",
        "last_message{id,etag,date,body,created_at,updated_at}",
        "messages[]{id,etag,date,body,created_at,updated_at}",
    ),
)

COMMENTS = Kind(
    "comments",
    "comments",
    "Comments on documents",
    "Comment",
    field_list(
        "id",
        "etag",
        "message",
        "created_at",
        "updated_at",
        "creator{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "document_version{id,etag,uuid,document_id,filename,size,version_number,content_type,"
        "fully_uploaded,received_at,created_at,updated_at}",
    ),
)

REMINDERS = Kind(
    "reminders",
    "reminders",
    "Reminders",
    "Reminder",
    field_list(
        "id",
        "etag",
        "duration",
        "next_delivery_at",
        "state",
        "created_at",
        "updated_at",
        "notification_method{id,etag,type,email_address,is_default_email_address,created_at,"
        "updated_at}",
        "subject{id,type,identifier,secondary_identifier,tertiary_identifier}",
    ),
)

MATTER_STAGES = Kind(
    "matter_stages",
    "matter_stages",
    "Matter stages",
    "MatterStage",
    field_list("id", "etag", "practice_area_id", "name", "order", "created_at", "updated_at"),
)

DOCUMENT_CATEGORIES = Kind(
    "document_categories",
    "document_categories",
    "Document categories",
    "DocumentCategory",
    field_list("id", "etag", "name", "created_at", "updated_at"),
)

TASK_TYPES = Kind(
    "task_types",
    "task_types",
    "Task types",
    "TaskType",
    field_list("id", "etag", "name", "deleted_at", "created_at", "updated_at"),
)

EXPENSE_CATEGORIES = Kind(
    "expense_categories",
    "expense_categories",
    "Expense categories",
    "ExpenseCategory",
    field_list("id", "etag", "name", "rate", "entry_type", "created_at", "updated_at"),
)

ACTIVITY_DESCRIPTIONS = Kind(
    "activity_descriptions",
    "activity_descriptions",
    "Activity descriptions",
    "ActivityDescription",
    field_list(
        "id",
        "etag",
        "name",
        "default",
        "type",
        "visible_to_co_counsel",
        "accessible_to_user",
        "created_at",
        "updated_at",
    ),
)

CALENDARS = Kind(
    "calendars",
    "calendars",
    "Calendars",
    "Calendar",
    field_list(
        "id",
        "etag",
        "name",
        "type",
        "color",
        "light_color",
        "permission",
        "visible",
        "source",
        "court_rules_default_calendar",
        "created_at",
        "updated_at",
        "creator{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
    ),
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
    BANK_ACCOUNTS,
    BANK_TRANSACTIONS,
    LINE_ITEMS,
    ALLOCATIONS,
    CREDIT_MEMOS,
    RELATIONSHIPS,
    CONVERSATIONS,
    COMMENTS,
    REMINDERS,
    MATTER_STAGES,
    DOCUMENT_CATEGORIES,
    TASK_TYPES,
    EXPENSE_CATEGORIES,
    ACTIVITY_DESCRIPTIONS,
    CALENDARS,
    ACTIVITY_RATES,
    ONLINE_PAYMENT_LINKS,
    ONLINE_PAYMENTS,
    INTEREST_CHARGES,
    OUTSTANDING_CLIENT_BALANCES,
    *SETUP_KINDS,
    *MATTER_RECORD_KINDS,
)

KINDS_BY_KEY: dict[str, Kind] = {kind.key: kind for kind in ALL_KINDS}

#: The trust records a firm must keep for years after a matter ends: the trust ledger's lines
#: and the bank's own record of the accounts and their transactions.
TRUST_RECORD_KINDS: tuple[str, ...] = ("trust_line_items", "bank_accounts", "bank_transactions")


def kind_by_key(key: str) -> Kind:
    """The kind with that key; ``KeyError`` names the valid keys."""
    try:
        return KINDS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown kind {key!r}; known: {', '.join(KINDS_BY_KEY)}") from None


__all__ = [
    "ALL_KINDS",
    "KINDS_BY_KEY",
    "TRUST_RECORD_KINDS",
    "Field",
    "Kind",
    "kind_by_key",
    "parse_fields",
]
