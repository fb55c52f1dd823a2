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
    subfields: tuple[Field, ...] = ()
    is_list: bool = False

    @property
    def spec(self) -> str:
        """The field as written in a ``fields=`` query parameter."""
        if self.subfields:
            return f"{self.name}{{{','.join(sub.spec for sub in self.subfields)}}}"
        return self.name

    @property
    def columns(self) -> tuple[str, ...]:
        """CSV columns: a nested object becomes dotted columns (recursively); a list of objects
        stays one cell of JSON text."""
        if self.subfields and not self.is_list:
            return tuple(
                f"{self.name}.{column}" for sub in self.subfields for column in sub.columns
            )
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


def parse_fields(text: str) -> tuple[Field, ...]:
    """Parse ``a,b{c,d[]{e}}`` where ``name[]`` marks a list of objects."""
    fields, rest = _parse_list(text.replace(" ", "").replace("\n", ""))
    if rest:
        raise ValueError(f"unexpected {rest[:20]!r} in a field list")
    return fields


def _parse_list(text: str) -> tuple[tuple[Field, ...], str]:
    fields: list[Field] = []
    while text:
        index = 0
        while index < len(text) and text[index] not in ",{}":
            index += 1
        head, text = text[:index], text[index:]
        is_list = head.endswith("[]")
        name = head.removesuffix("[]")
        subfields: tuple[Field, ...] = ()
        if text.startswith("{"):
            subfields, text = _parse_list(text[1:])
            if not text.startswith("}"):
                raise ValueError(f"unclosed brace after {name!r}")
            text = text[1:]
        fields.append(Field(name, subfields, is_list))
        if text.startswith(","):
            text = text[1:]
            continue
        break
    return tuple(fields), text


def _fields(*specs: str) -> tuple[Field, ...]:
    return parse_fields(",".join(specs))


# Every field the reference backend serves for each kind, in Clio v4 names (the same
# selection works against the real service). `name[]{...}` marks a list of objects.

USERS = Kind(
    "users",
    "users",
    "Users",
    "User",
    _fields(
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
    _fields(
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
    _fields(
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
    _fields(
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
    _fields(
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
    _fields(
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

BILLS = Kind(
    "bills",
    "bills",
    "Bills",
    "Bill",
    _fields(
        "id",
        "etag",
        "number",
        "type",
        "kind",
        "state",
        "subject",
        "memo",
        "purchase_order",
        "issued_at",
        "due_at",
        "start_at",
        "end_at",
        "tax_rate",
        "secondary_tax_rate",
        "sub_total",
        "tax_sum",
        "secondary_tax_sum",
        "total_tax",
        "total",
        "paid",
        "paid_at",
        "pending",
        "due",
        "balance",
        "credits_issued",
        "shared",
        "last_sent_at",
        "can_update",
        "created_at",
        "updated_at",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "client{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "matters[]{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
    ),
)

FOLDERS = Kind(
    "folders",
    "folders",
    "Folders",
    "Folder",
    _fields(
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
    _fields(
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
    _fields(
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
    _fields(
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

_NOTE_FIELDS = _fields(
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
    _fields(
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

TRUST_LINE_ITEMS = Kind(
    "trust_line_items",
    "trust_line_items",
    "Trust line items",
    "TrustLineItem",
    _fields(
        "id",
        "etag",
        "date",
        "total",
        "note",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "client{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
    ),
)

BANK_ACCOUNTS = Kind(
    "bank_accounts",
    "bank_accounts",
    "Bank accounts",
    "BankAccount",
    _fields(
        "id",
        "etag",
        "name",
        "type",
        "account_number",
        "transit_number",
        "swift",
        "institution",
        "domicile_branch",
        "holder",
        "general_ledger_number",
        "currency",
        "currency_symbol",
        "currency_id",
        "balance",
        "bank_transactions_count",
        "default_account",
        "controlled_account",
        "clio_payments_enabled",
        "clio_payment_page_link",
        "clio_payment_page_qr_code",
        "created_at",
        "updated_at",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
    ),
)

BANK_TRANSACTIONS = Kind(
    "bank_transactions",
    "bank_transactions",
    "Bank transactions",
    "BankTransaction",
    _fields(
        "id",
        "etag",
        "type",
        "bank_account_id",
        "source",
        "confirmation",
        "read_only_confirmation",
        "date",
        "amount",
        "funds_in",
        "funds_out",
        "current_account_balance",
        "currency",
        "currency_id",
        "exchange_rate",
        "description",
        "transaction_type",
        "clio_payments_transaction",
        "created_at",
        "updated_at",
        "bank_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "client{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "allocation{id,etag,date,amount,description,payment_type,voided_at}",
    ),
)

LINE_ITEMS = Kind(
    "line_items",
    "line_items",
    "Bill line items",
    "LineItem",
    _fields(
        "id",
        "etag",
        "type",
        "kind",
        "description",
        "note",
        "date",
        "quantity",
        "price",
        "sub_total",
        "tax",
        "secondary_tax",
        "total",
        "taxable",
        "secondary_taxable",
        "group_ordering",
        "created_at",
        "updated_at",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "activity{id,etag,type,date,quantity_in_hours,price,total,note,billed,non_billable,"
        "no_charge}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "discount{rate,type,note,early_payment_rate,early_payment_period}",
        "included_line_item_totals{quantity,price,discount_percent,total,sub_total}",
    ),
)

ALLOCATIONS = Kind(
    "allocations",
    "allocations",
    "Payment allocations",
    "Allocation",
    _fields(
        "id",
        "etag",
        "date",
        "amount",
        "interest",
        "description",
        "payment_type",
        "has_online_payment",
        "destroyable",
        "voided_at",
        "created_at",
        "updated_at",
        "bill{id,etag,number,state,issued_at,due_at,total,balance}",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "source_bank_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "destination_bank_account{id,etag,name,type,account_number,institution,holder,currency,"
        "default_account}",
        "parent{id,type,identifier,secondary_identifier,tertiary_identifier}",
    ),
)

CREDIT_MEMOS = Kind(
    "credit_memos",
    "credit_memos",
    "Credit memos",
    "CreditMemo",
    _fields(
        "id",
        "etag",
        "date",
        "amount",
        "description",
        "discount",
        "voided_at",
        "created_at",
        "updated_at",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "contact{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "allocations[]{id,etag,date,amount,description,payment_type,voided_at}",
    ),
)

RELATIONSHIPS = Kind(
    "relationships",
    "relationships",
    "Relationships",
    "Relationship",
    _fields(
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
    _fields(
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
    _fields(
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
    _fields(
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
    _fields("id", "etag", "practice_area_id", "name", "order", "created_at", "updated_at"),
)

DOCUMENT_CATEGORIES = Kind(
    "document_categories",
    "document_categories",
    "Document categories",
    "DocumentCategory",
    _fields("id", "etag", "name", "created_at", "updated_at"),
)

TASK_TYPES = Kind(
    "task_types",
    "task_types",
    "Task types",
    "TaskType",
    _fields("id", "etag", "name", "deleted_at", "created_at", "updated_at"),
)

EXPENSE_CATEGORIES = Kind(
    "expense_categories",
    "expense_categories",
    "Expense categories",
    "ExpenseCategory",
    _fields("id", "etag", "name", "rate", "entry_type", "created_at", "updated_at"),
)

ACTIVITY_DESCRIPTIONS = Kind(
    "activity_descriptions",
    "activity_descriptions",
    "Activity descriptions",
    "ActivityDescription",
    _fields(
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
    _fields(
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
