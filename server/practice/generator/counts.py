"""How many records of each kind a generated firm has: the demo firm's fixed numbers, or a
bench firm's share of a total."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RecordCounts:
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
    # None: two to six per conversation (the demo); a number: that many, spread evenly
    conversation_messages: int | None = None
    clio_payments_links: int = 0  # on bills still owed
    clio_payments_payments: int = 0  # of paid bills
    interest_charges: int = 0  # on bills still owed
    log_entries: int = 0
    damages: int = 0
    medical_records_details: int = 0
    matter_dockets: int = 0
    # the client balances follow from the bills (one per client owing); a bench firm takes
    # them out of the bank transactions' share to keep its exact count


#: Records of a generated firm that do not depend on its size (see bench_counts).
FIXED_RECORDS = 128


def bench_counts(records: int, documents: int) -> RecordCounts:
    # users (6), practice areas (10), custom fields (6), bank accounts (2), matter stages
    # (4 per practice area), the firm's lists (23: document categories, task types, expense
    # categories, activity descriptions, calendars) and its templates and groups (41: groups,
    # activity rates, custom field sets, grants and their funding sources, task template lists,
    # task templates, document templates) are fixed;
    # documents are their own number; everything else shares what is left, in proportions like
    # a real firm's. Bank transactions take the remainder: at least one per trust line item.
    rest = max(records - documents - FIXED_RECORDS, 0)
    weights = {
        "contacts": 0.07, "matters": 0.06, "activities": 0.28, "bills": 0.05, "folders": 0.02,
        "calendar_entries": 0.05, "tasks": 0.05, "notes": 0.05, "communications": 0.05,
        "trust_line_items": 0.035, "line_items": 0.06, "allocations": 0.03,
        "credit_memos": 0.01, "relationships": 0.02, "conversations": 0.01,
        "comments": 0.01, "reminders": 0.01, "conversation_messages": 0.02,
        "clio_payments_links": 0.005, "clio_payments_payments": 0.005,
        "interest_charges": 0.005, "log_entries": 0.01, "damages": 0.003,
        "medical_records_details": 0.003, "matter_dockets": 0.003,
    }  # fmt: skip
    if documents == 0:  # comments are on documents
        del weights["comments"]
    counts = {kind: int(rest * weight) for kind, weight in weights.items()}
    used = sum(counts.values())
    counts["bank_transactions"] = rest - used
    counts["contacts"] = max(counts["contacts"], 3)
    counts["matters"] = max(counts["matters"], 1)
    counts["folders"] = max(counts["folders"], 1)
    return RecordCounts(documents=documents, **counts)


DEMO_COUNTS = RecordCounts(
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
    clio_payments_links=4,  # one per bill owed
    clio_payments_payments=12,
    interest_charges=4,  # two weeks on each of the two overdue bills
    log_entries=240,
    damages=18,
    medical_records_details=10,
    matter_dockets=12,
)
