"""The plain, translated name of each kind of record an export takes home, in one place for
every screen that names them (the export wizard, the export page, the closing checklist)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def kind_name(key: str) -> str:
    """The plain, translated name of a kind of record ("activities" is "Time and expense
    entries"); an unknown kind falls back to its key in words."""
    names = {
        "users": QCoreApplication.translate("KindName", "Users"),
        "practice_areas": QCoreApplication.translate("KindName", "Practice areas"),
        "custom_fields": QCoreApplication.translate("KindName", "Custom fields"),
        "contacts": QCoreApplication.translate("KindName", "Contacts"),
        "matters": QCoreApplication.translate("KindName", "Matters"),
        "folders": QCoreApplication.translate("KindName", "Folders"),
        "documents": QCoreApplication.translate("KindName", "Documents"),
        "activities": QCoreApplication.translate("KindName", "Time and expense entries"),
        "bills": QCoreApplication.translate("KindName", "Bills"),
        "calendar_entries": QCoreApplication.translate("KindName", "Calendar entries"),
        "tasks": QCoreApplication.translate("KindName", "Tasks"),
        "matter_notes": QCoreApplication.translate("KindName", "Notes on matters"),
        "contact_notes": QCoreApplication.translate("KindName", "Notes on contacts"),
        "communications": QCoreApplication.translate("KindName", "Communications"),
        "trust_line_items": QCoreApplication.translate("KindName", "Trust line items"),
        "bank_accounts": QCoreApplication.translate("KindName", "Bank accounts"),
        "bank_transactions": QCoreApplication.translate("KindName", "Bank transactions"),
        "line_items": QCoreApplication.translate("KindName", "Bill line items"),
        "allocations": QCoreApplication.translate("KindName", "Payment allocations"),
        "credit_memos": QCoreApplication.translate("KindName", "Credit memos"),
        "relationships": QCoreApplication.translate("KindName", "Relationships"),
        "conversations": QCoreApplication.translate("KindName", "Conversations"),
        "comments": QCoreApplication.translate("KindName", "Comments on documents"),
        "reminders": QCoreApplication.translate("KindName", "Reminders"),
        "matter_stages": QCoreApplication.translate("KindName", "Matter stages"),
        "document_categories": QCoreApplication.translate("KindName", "Document categories"),
        "task_types": QCoreApplication.translate("KindName", "Task types"),
        "expense_categories": QCoreApplication.translate("KindName", "Expense categories"),
        "activity_descriptions": QCoreApplication.translate("KindName", "Activity descriptions"),
        "calendars": QCoreApplication.translate("KindName", "Calendars"),
    }
    return names.get(key) or key.replace("_", " ").capitalize()
