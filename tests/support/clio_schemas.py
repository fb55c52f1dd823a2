"""The schema of the published Clio Manage API v4 document that describes each kind the
reference backend serves (its list and detail answers), for the tests that check them."""

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
}
