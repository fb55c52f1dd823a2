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
        "activity_rates": QCoreApplication.translate("KindName", "Custom billing rates"),
        "online_payment_links": QCoreApplication.translate("KindName", "Online payment links"),
        "online_payments": QCoreApplication.translate("KindName", "Online payments"),
        "interest_charges": QCoreApplication.translate("KindName", "Interest charges"),
        "outstanding_client_balances": QCoreApplication.translate(
            "KindName", "Outstanding client balances"
        ),
        "custom_field_sets": QCoreApplication.translate("KindName", "Custom field sets"),
        "grants": QCoreApplication.translate("KindName", "Grants"),
        "grant_funding_sources": QCoreApplication.translate("KindName", "Grant funding sources"),
        "groups": QCoreApplication.translate("KindName", "Groups of users"),
        "task_template_lists": QCoreApplication.translate("KindName", "Task template lists"),
        "task_templates": QCoreApplication.translate("KindName", "Task templates"),
        "document_templates": QCoreApplication.translate("KindName", "Document templates"),
        "matter_dockets": QCoreApplication.translate("KindName", "Court-rule dockets"),
        "damages": QCoreApplication.translate("KindName", "Damages"),
        "medical_records": QCoreApplication.translate("KindName", "Medical records requests"),
        "log_entries": QCoreApplication.translate("KindName", "Log entries"),
        "conversation_messages": QCoreApplication.translate("KindName", "Conversation messages"),
    }
    return names.get(key) or key.replace("_", " ").capitalize()
