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


def bench_counts(records: int, documents: int) -> RecordCounts:
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
)
