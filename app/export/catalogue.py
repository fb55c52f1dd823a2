"""Every list endpoint of the Clio Manage API v4, in one place: whether an export takes it home
(and as which kinds) and, where it does not, why.

The list follows the published reference document; a unit test fails when the document has a
list endpoint this catalogue does not mention, or names one it no longer has. A firm-data list
that the export does not take yet says so (``Coverage.PENDING``) rather than hiding behind a
reason.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.export.kinds import Kind


class Coverage(enum.Enum):
    EXPORTED = "exported"  # taken home by every export, as the kinds named
    PENDING = "pending"  # the firm's data, not exported yet
    INSIDE_OTHERS = "inside_others"  # the same records already come inside exported ones
    DERIVED = "derived"  # computed by the service from records that are exported
    REFERENCE = "reference"  # a table published by the service or a third party, not firm data
    SETTINGS = "settings"  # configuration of the service or of one user, not practice records
    INTEGRATION = "integration"  # links to other software (webhooks, custom actions)


@dataclass(frozen=True)
class Endpoint:
    """One published list: its path, the schema of each item, and what the export does."""

    path: str  # as published, e.g. "/bank_accounts.json"
    schema: str  # the schema of each item of `data`
    coverage: Coverage
    reason: str = ""  # plain words; empty only when exported
    kinds: tuple[str, ...] = ()  # the export kinds' keys when exported


def _exported(path: str, schema: str, *kinds: str) -> Endpoint:
    return Endpoint(path, schema, Coverage.EXPORTED, "", kinds)


def _pending(path: str, schema: str, what: str) -> Endpoint:
    return Endpoint(path, schema, Coverage.PENDING, f"{what}: the firm's data, not exported yet.")


_INSIDE = Coverage.INSIDE_OTHERS
_DERIVED = Coverage.DERIVED
_REFERENCE = Coverage.REFERENCE
_SETTINGS = Coverage.SETTINGS
_INTEGRATION = Coverage.INTEGRATION

#: Every list endpoint of the published document, in its order.
CATALOGUE: tuple[Endpoint, ...] = (
    _exported("/activities.json", "Activity", "activities"),
    _exported("/activity_rates.json", "ActivityRate", "activity_rates"),
    _exported("/activity_descriptions.json", "ActivityDescription", "activity_descriptions"),
    _exported("/allocations.json", "Allocation", "allocations"),
    _exported("/bank_accounts.json", "BankAccount", "bank_accounts"),
    _exported("/bank_transactions.json", "BankTransaction", "bank_transactions"),
    Endpoint(
        "/bill_themes.json",
        "BillTheme",
        _SETTINGS,
        "Page designs for printing bills; the bills themselves are exported.",
    ),
    Endpoint(
        "/billable_clients.json",
        "BillableClient",
        _DERIVED,
        "Unbilled totals per client, computed from the time and expense entries (exported).",
    ),
    Endpoint(
        "/billable_matters.json",
        "BillableMatter",
        _DERIVED,
        "Unbilled totals per matter, computed from the time and expense entries (exported).",
    ),
    _exported("/bills.json", "Bill", "bills"),
    _exported("/calendar_entries.json", "CalendarEntry", "calendar_entries"),
    _exported("/calendars.json", "Calendar", "calendars"),
    _exported("/clio_payments/links.json", "ClioPaymentsLink", "online_payment_links"),
    _exported("/clio_payments/payments.json", "ClioPaymentsPayment", "online_payments"),
    _exported("/communications.json", "Communication", "communications"),
    Endpoint(
        "/contacts/{contact_id}/email_addresses.json",
        "EmailAddress",
        _INSIDE,
        "A contact's email addresses; every exported contact carries them (email_addresses).",
    ),
    Endpoint(
        "/contacts/{contact_id}/phone_numbers.json",
        "PhoneNumber",
        _INSIDE,
        "A contact's phone numbers; every exported contact carries them (phone_numbers).",
    ),
    _exported("/contacts.json", "Contact", "contacts"),
    # listed one conversation at a time (conversation_id is required)
    _exported("/conversation_messages.json", "ConversationMessage", "conversation_messages"),
    _exported("/conversations.json", "Conversation", "conversations"),
    Endpoint(
        "/court_rules/jurisdictions/{jurisdiction_id}/triggers.json",
        "JurisdictionsToTrigger",
        _REFERENCE,
        "Court-rule triggers of a jurisdiction, published by the court-rules provider.",
    ),
    Endpoint(
        "/court_rules/jurisdictions.json",
        "Jurisdiction",
        _REFERENCE,
        "Jurisdictions of the court-rules provider.",
    ),
    _exported("/court_rules/matter_dockets.json", "MatterDocket", "matter_dockets"),
    Endpoint(
        "/court_rules/service_types.json",
        "ServiceType",
        _REFERENCE,
        "Service types of the court-rules provider.",
    ),
    _exported("/credit_memos.json", "CreditMemo", "credit_memos"),
    Endpoint("/currencies.json", "Currency", _REFERENCE, "The currencies the service knows of."),
    _exported("/custom_fields.json", "CustomField", "custom_fields"),
    _exported("/custom_field_sets.json", "CustomFieldSet", "custom_field_sets"),
    Endpoint(
        "/custom_actions.json",
        "CustomAction",
        _INTEGRATION,
        "Menu links added by other applications; no practice records.",
    ),
    _exported("/damages.json", "Damage", "damages"),
    _exported("/expense_categories.json", "ExpenseCategory", "expense_categories"),
    _exported("/grants.json", "Grant", "grants"),
    _exported("/grant_funding_sources.json", "GrantFundingSource", "grant_funding_sources"),
    _exported("/groups.json", "Group", "groups"),
    Endpoint(
        "/internal_notifications/my_events.json",
        "MyEvent",
        _SETTINGS,
        "The signed-in user's own notification feed, not the firm's records.",
    ),
    _exported("/interest_charges.json", "InterestCharge", "interest_charges"),
    _exported("/line_items.json", "LineItem", "line_items"),
    _exported("/log_entries.json", "LogEntry", "log_entries"),
    Endpoint(
        "/matters/{matter_id}/related_contacts.json",
        "RelatedContacts",
        _INSIDE,
        "A per-matter view of contacts (exported) and their relationships to the matter.",
    ),
    Endpoint(
        "/matters/{matter_id}/contacts.json",
        "MatterContacts",
        _INSIDE,
        "A per-matter view of contacts (exported) and their relationships to the matter.",
    ),
    _exported("/matters.json", "Matter", "matters"),
    _exported("/matter_stages.json", "MatterStage", "matter_stages"),
    _exported("/medical_records_details.json", "MedicalRecordsRequest", "medical_records"),
    _exported("/notes.json", "Note", "matter_notes", "contact_notes"),
    _exported(
        "/outstanding_client_balances.json",
        "OutstandingClientBalance",
        "outstanding_client_balances",
    ),
    _exported("/practice_areas.json", "PracticeArea", "practice_areas"),
    _exported("/relationships.json", "Relationship", "relationships"),
    _exported("/reminders.json", "Reminder", "reminders"),
    Endpoint(
        "/reports.json",
        "Report",
        _DERIVED,
        "Reports people ran earlier on the service. The export has the service run the trust"
        " and client ledgers afresh and keeps those (reports/).",
    ),
    Endpoint("/report_presets.json", "ReportPreset", _SETTINGS, "Saved report settings of users."),
    Endpoint(
        "/report_schedules.json",
        "ReportSchedule",
        _SETTINGS,
        "Schedules for running reports; they stop with the account.",
    ),
    Endpoint(
        "/settings/text_snippets.json",
        "TextSnippet",
        _SETTINGS,
        "Typing shortcuts of the service's editor.",
    ),
    _exported("/tasks.json", "Task", "tasks"),
    Endpoint(
        "/task_calendars.json",
        "CalendarVisibility",
        _SETTINGS,
        "Which task calendars each user shows.",
    ),
    _exported("/task_templates.json", "TaskTemplate", "task_templates"),
    _exported("/task_template_lists.json", "TaskTemplateList", "task_template_lists"),
    _exported("/task_types.json", "TaskType", "task_types"),
    _exported("/trust_line_items.json", "TrustLineItem", "trust_line_items"),
    _exported("/users.json", "User", "users"),
    Endpoint(
        "/utbms/sets.json",
        "UtbmsSet",
        _REFERENCE,
        "The standard UTBMS code sets (billing codes of the legal industry).",
    ),
    Endpoint(
        "/utbms/codes.json",
        "UtbmsCode",
        _REFERENCE,
        "The standard UTBMS codes (billing codes of the legal industry).",
    ),
    Endpoint(
        "/webhooks.json",
        "Webhook",
        _INTEGRATION,
        "Notifications sent to other software; they stop with the account.",
    ),
    Endpoint(
        "/lauk_civil_certificated_rates.json",
        "LaukCivilCertificatedRate",
        _REFERENCE,
        "Legal Aid (England and Wales) rate table, published by the Legal Aid Agency.",
    ),
    Endpoint(
        "/lauk_civil_controlled_rates.json",
        "LaukCivilControlledRate",
        _REFERENCE,
        "Legal Aid (England and Wales) rate table, published by the Legal Aid Agency.",
    ),
    Endpoint(
        "/lauk_criminal_controlled_rates.json",
        "LaukCriminalControlledRate",
        _REFERENCE,
        "Legal Aid (England and Wales) rate table, published by the Legal Aid Agency.",
    ),
    Endpoint(
        "/lauk_expense_categories.json",
        "LaukExpenseCategory",
        _REFERENCE,
        "Legal Aid (England and Wales) expense categories, published by the Legal Aid Agency.",
    ),
    _exported("/comments.json", "Comment", "comments"),
    _exported("/documents.json", "Document", "documents"),
    Endpoint(
        "/document_automations.json",
        "DocumentAutomation",
        _DERIVED,
        "Jobs that fill templates; the documents they made are exported.",
    ),
    _exported("/document_categories.json", "DocumentCategory", "document_categories"),
    _exported("/document_templates.json", "DocumentTemplate", "document_templates"),
    Endpoint(
        "/folders/list.json",
        "Item",
        _INSIDE,
        "One folder's folders and documents together; both are exported.",
    ),
    _exported("/folders.json", "Folder", "folders"),
)

CATALOGUE_BY_PATH: dict[str, Endpoint] = {endpoint.path: endpoint for endpoint in CATALOGUE}


def endpoint_of(kind: Kind) -> Endpoint:
    """The catalogue's entry for an exported kind."""
    return CATALOGUE_BY_PATH[f"/{kind.endpoint}.json"]


def exported_kinds() -> tuple[str, ...]:
    """The keys of the kinds the catalogue marks exported, in catalogue order."""
    return tuple(key for endpoint in CATALOGUE for key in endpoint.kinds)
