"""The schema of the published Clio Manage API v4 document that describes each kind the
reference backend serves (its list and detail answers), and the query parameters its list
requires, for the tests that check them."""

from __future__ import annotations

SCHEMA_OF_KIND = {
    "users": "User",
    "matters": "Matter",
    "contacts": "Contact",
    "activities": "Activity",
    "bills": "Bill",
    "documents": "Document",
    "folders": "Folder",
    "calendar_entries": "CalendarEntry",
    "tasks": "Task",
    "notes": "Note",
    "communications": "Communication",
    "trust_line_items": "TrustLineItem",
    "bank_accounts": "BankAccount",
    "bank_transactions": "BankTransaction",
    "line_items": "LineItem",
    "allocations": "Allocation",
    "credit_memos": "CreditMemo",
    "relationships": "Relationship",
    "conversations": "Conversation",
    "comments": "Comment",
    "reminders": "Reminder",
    "matter_stages": "MatterStage",
    "document_categories": "DocumentCategory",
    "task_types": "TaskType",
    "expense_categories": "ExpenseCategory",
    "activity_descriptions": "ActivityDescription",
    "calendars": "Calendar",
    "custom_fields": "CustomField",
    "practice_areas": "PracticeArea",
    "activity_rates": "ActivityRate",
    "clio_payments/links": "ClioPaymentsLink",
    "clio_payments/payments": "ClioPaymentsPayment",
    "court_rules/matter_dockets": "MatterDocket",
    "custom_field_sets": "CustomFieldSet",
    "damages": "Damage",
    "grants": "Grant",
    "grant_funding_sources": "GrantFundingSource",
    "groups": "Group",
    "interest_charges": "InterestCharge",
    "log_entries": "LogEntry",
    "medical_records_details": "MedicalRecordsRequest",
    "outstanding_client_balances": "OutstandingClientBalance",
    "task_templates": "TaskTemplate",
    "task_template_lists": "TaskTemplateList",
    "document_templates": "DocumentTemplate",
    "conversation_messages": "ConversationMessage",
}


def list_variants(kind: str) -> list[dict[str, str]]:
    """The query parameters a list of the kind needs, one set per way of listing it: notes of
    matters and of contacts, the messages of one conversation."""
    if kind == "notes":
        return [{"type": "Matter"}, {"type": "Contact"}]
    if kind == "conversation_messages":
        return [{"conversation_id": "1"}]
    return [{}]


def list_params(kind: str) -> dict[str, str]:
    """The query parameters the kind's list needs (the first way of listing it)."""
    return list_variants(kind)[0]
