"""Generating the billing records: time and expense entries, bills, their line items, the
payments allocated to them and credit memos."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from server.practice.generator.builder import (
    LAST_MOMENT,
    FirmBuilderBase,
    instant,
    money,
    project,
    record_etag,
)
from server.practice.generator.vocabulary import (
    ACTIVITY_DESCRIPTIONS,
    ATTORNEYS,
    EXPENSE_CATEGORIES,
    EXPENSE_NOTES,
    TIME_NOTES,
    TIMEKEEPERS,
    USER_RATES,
)
from server.practice.kinds import (
    ACTIVITY_REF,
    BANK_ACCOUNT_REF,
    BILL_REF,
)


class BillingBuilder(FirmBuilderBase):
    """Activities, bills, line items, allocations and credit memos."""

    def activities_and_bills(self) -> None:
        """Time and expense entries, then the bills that gather the older ones."""
        rng = self.rng
        n_matters = len(self.matter_refs)
        expense_categories = [
            {
                "id": i,
                "etag": record_etag("expense_categories", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "rate": 0,
                "entry_type": "expense",
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for i, name in enumerate(EXPENSE_CATEGORIES, 1)
        ]
        descriptions = [
            {
                "id": i,
                "etag": record_etag("activity_descriptions", i, "2023-01-01T00:00:00Z"),
                "name": name,
                "default": i == 1,
                "type": "ActivityDescription",
            }
            for i, name in enumerate(ACTIVITY_DESCRIPTIONS, 1)
        ]
        self.firm_lists["expense_categories"] = expense_categories
        self.firm_lists["activity_descriptions"] = [
            {
                **d,
                "visible_to_co_counsel": False,
                "accessible_to_user": True,
                "created_at": "2023-01-01T00:00:00Z",
                "updated_at": "2023-01-01T00:00:00Z",
            }
            for d in descriptions
        ]
        # bills first as (matter index, issue date); activities attach to the first bill of
        # their matter issued after them
        bills_by_matter: dict[int, list[tuple[datetime, int]]] = {}
        bill_plan: list[tuple[int, datetime]] = []
        for bill_id in range(1, self.counts.bills + 1):
            matter_index = rng.randrange(n_matters)
            earliest = min(self.matter_open[matter_index] + timedelta(days=25), LAST_MOMENT)
            issued = min(self.moment(earliest), LAST_MOMENT - timedelta(days=1))
            bill_plan.append((matter_index, issued))
            bills_by_matter.setdefault(matter_index, []).append((issued, bill_id))
        for entries in bills_by_matter.values():
            entries.sort()
        latest_bill = {m: entries[-1][1] for m, entries in bills_by_matter.items()}
        totals: dict[int, float] = {}
        activity_rows: list[dict[str, Any]] = []
        for activity_id in range(1, self.counts.activities + 1):
            matter_index = rng.randrange(n_matters)
            day = self.moment(self.matter_open[matter_index])
            user_id = rng.choice(TIMEKEEPERS)
            is_time = rng.random() < 0.75
            entry_bill_id: int | None = None
            for issued, candidate in bills_by_matter.get(matter_index, ()):
                if issued >= day:
                    entry_bill_id = candidate
                    break
            if is_time:
                hours = round(rng.choice((0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 3.5)), 1)
                price = USER_RATES[user_id]
                total = money(hours * price)
                note = rng.choice(TIME_NOTES)
                category = None
                description = rng.choice(descriptions)
                quantity = hours * 3600
            else:
                note, category_index = rng.choice(EXPENSE_NOTES)
                hours = 1.0
                price = money(rng.choice((12.5, 25.0, 48.0, 75.0, 150.0, 320.0, 1200.0)))
                total = price
                category = expense_categories[category_index - 1]
                description = None
                quantity = 1.0
            non_billable = rng.random() < 0.05
            if entry_bill_id is not None and not non_billable:
                totals[entry_bill_id] = totals.get(entry_bill_id, 0.0) + total
            stamp = self.stamp("activities", activity_id, not_before=day)
            activity_rows.append(
                {
                    **stamp,
                    "type": "TimeEntry" if is_time else "ExpenseEntry",
                    "date": day.date().isoformat(),
                    "quantity_in_hours": hours if is_time else 0.0,
                    "rounded_quantity_in_hours": hours if is_time else 0.0,
                    "quantity": quantity,
                    "rounded_quantity": quantity,
                    "quantity_redacted": False,
                    "price": price,
                    "total": total,
                    "note": note,
                    "flat_rate": False,
                    "billed": entry_bill_id is not None and not non_billable,
                    "on_bill": entry_bill_id is not None and not non_billable,
                    "non_billable": non_billable,
                    "non_billable_total": total if non_billable else 0.0,
                    "no_charge": False,
                    "tax_setting": "no_tax",
                    "contingency_fee": False,
                    "reference": None,
                    "matter": self.matter_refs[matter_index],
                    "user": self.user_refs[user_id],
                    "bill": entry_bill_id,  # replaced by the bill's reference below
                    "activity_description": description,
                    "expense_category": category,
                    "vendor": None,
                }
            )
        for bill_id, (matter_index, issued) in enumerate(bill_plan, start=1):
            matter = self.matter_refs[matter_index]
            client = self.contact_refs[self.matter_client[matter_index]]
            total = money(totals.get(bill_id, 0.0) or rng.choice((350.0, 975.0, 1500.0)))
            age = (LAST_MOMENT - issued).days
            if bill_id == latest_bill.get(matter_index) and age < 30:
                state = "draft"
            elif age > 45:
                state = "paid"
            else:
                state = "awaiting_payment"
            paid = total if state == "paid" else 0.0
            paid_at = instant(issued + timedelta(days=rng.randrange(5, 40))) if paid else None
            stamp = self.stamp("bills", bill_id, not_before=issued)
            body = {
                **stamp,
                "number": f"{issued.year}-{bill_id:05d}",
                "type": "MatterBill",
                "kind": "revenue_kind",
                "state": state,
                "subject": f"Legal services – {matter['description']}",
                "memo": None,
                "purchase_order": None,
                "issued_at": issued.date().isoformat(),
                "due_at": (issued + timedelta(days=30)).date().isoformat(),
                "start_at": (issued - timedelta(days=30)).date().isoformat(),
                "end_at": issued.date().isoformat(),
                "tax_rate": 0.0,
                "secondary_tax_rate": 0.0,
                "sub_total": total,
                "tax_sum": 0.0,
                "secondary_tax_sum": 0.0,
                "total_tax": 0.0,
                "total": total,
                "paid": paid,
                "paid_at": paid_at,
                "pending": 0.0,
                "due": money(total - paid),
                "balance": money(total - paid),
                "credits_issued": 0.0,
                "shared": state != "draft",
                "last_sent_at": None if state == "draft" else instant(issued + timedelta(hours=3)),
                "can_update": state == "draft",
                "user": self.user_refs[ATTORNEYS[matter_index % len(ATTORNEYS)]],
                "client": client,
                "matters": [matter],
            }
            self.sink.record("bills", body)
            self.bill_refs[bill_id] = project(body, BILL_REF)
            if paid_at is not None:
                self.paid_bills.append((bill_id, paid_at, paid, matter_index))
            self.bill_totals[bill_id] = (total, body["issued_at"], matter_index)
            self.bill_matter[bill_id] = matter_index
            if state == "awaiting_payment":
                self.unpaid_bills.append(bill_id)
            self.bills_by_matter.setdefault(matter_index, []).append(bill_id)
        for row in activity_rows:
            bill_id = row["bill"]
            row["bill"] = self.bill_refs[bill_id] if bill_id and row["billed"] else None
            if row["bill"] is None:
                row["billed"] = row["on_bill"] = False
            elif row["bill"]["state"] == "draft":
                row["billed"] = False  # on a draft bill: on_bill but not yet billed
            self.sink.record("activities", row)
            if row["bill"] is not None:
                self.billed_entries.setdefault(row["bill"]["id"], []).append(row)

    def line_items(self) -> None:
        """Each bill's lines: one per time or expense entry on it (its total is the entry's),
        or one flat-fee line for a bill without entries, so a bill's lines add up to its
        total."""
        lines: list[dict[str, Any]] = []
        for bill_id, (total, issued_at, matter_index) in self.bill_totals.items():
            entries = self.billed_entries.get(bill_id, [])
            for order, entry in enumerate(entries, start=1):
                is_time = entry["type"] == "TimeEntry"
                lines.append(
                    {
                        "type": "ActivityLineItem",
                        "kind": "Service" if is_time else "Expense",
                        "description": (entry["activity_description"] or {}).get("name")
                        or (entry["expense_category"] or {}).get("name"),
                        "note": entry["note"],
                        "date": entry["date"],
                        "quantity": entry["quantity_in_hours"] if is_time else 1.0,
                        "price": entry["price"],
                        "total": entry["total"],
                        "group_ordering": order,
                        "bill": self.bill_refs[bill_id],
                        "activity": project(entry, ACTIVITY_REF),
                        "matter": entry["matter"],
                        "user": entry["user"],
                        "not_before": entry["created_at"],
                    }
                )
            if not entries:
                lines.append(
                    {
                        "type": "LineItem",
                        "kind": "Service",
                        "description": "Flat fee",
                        "note": f"Legal services – {self.matter_refs[matter_index]['description']}",
                        "date": issued_at,
                        "quantity": 1.0,
                        "price": total,
                        "total": total,
                        "group_ordering": 1,
                        "bill": self.bill_refs[bill_id],
                        "activity": None,
                        "matter": self.matter_refs[matter_index],
                        "user": self.user_refs[ATTORNEYS[matter_index % len(ATTORNEYS)]],
                        "not_before": issued_at + "T09:00:00Z",
                    }
                )
        wanted = self.counts.line_items
        if wanted is not None:
            lines = lines[:wanted]
            bills: list[dict[str, Any] | None] = [*self.bill_refs.values()] or [None]
            for extra in range(wanted - len(lines)):  # courtesy lines at no charge
                bill = bills[extra % len(bills)]
                lines.append(
                    {
                        "type": "NoChargeLineItem",
                        "kind": "Service",
                        "description": "Courtesy call",
                        "note": "No charge",
                        "date": bill["issued_at"] if bill else "2022-01-03",
                        "quantity": 0.1,
                        "price": 0.0,
                        "total": 0.0,
                        "group_ordering": 99,
                        "bill": bill,
                        "activity": None,
                        "matter": None,
                        "user": self.user_refs[1],
                        "not_before": "2022-01-03T09:00:00Z",
                    }
                )
        for index, line in enumerate(lines, start=1):
            not_before = datetime.fromisoformat(line.pop("not_before").removesuffix("Z"))
            body = {
                **self.stamp("line_items", index, not_before=not_before),
                **line,
                "sub_total": line["total"],
                "tax": 0.0,
                "secondary_tax": 0.0,
                "taxable": False,
                "secondary_taxable": False,
                "discount": None,
                "included_line_item_totals": None,
            }
            self.sink.record("line_items", body)

    def allocations(self) -> None:
        """The payments applied to bills: one per paid bill for what was paid, into the
        operating account, out of trust when the matter's trust money paid it. Each bill's
        valid allocations add up to what the bill says was paid."""
        rng = self.rng
        from_trust = {item["bill"]["id"] for item in self.trust_items if item["bill"] is not None}
        trust = project(self.bank_accounts[1], BANK_ACCOUNT_REF)
        operating = project(self.bank_accounts[2], BANK_ACCOUNT_REF)
        payments = list(self.paid_bills)
        wanted = self.counts.allocations
        if wanted is not None:
            payments = payments[:wanted]
        rows = [(*payment, False) for payment in payments]
        if wanted is not None and self.paid_bills:
            for extra in range(wanted - len(rows)):  # payments entered and later reversed
                rows.append((*self.paid_bills[extra % len(self.paid_bills)], True))
        for index, (bill_id, paid_at, paid, matter_index, voided) in enumerate(rows, start=1):
            paid_on = datetime.fromisoformat(paid_at.removesuffix("Z"))
            stamp = self.stamp("allocations", index, not_before=paid_on)
            by_trust = bill_id in from_trust and not voided
            method = "Trust transfer" if by_trust else rng.choice(("Check", "EFT", "Credit card"))
            bill = self.bill_refs[bill_id]
            body = {
                **stamp,
                "date": paid_at[:10],
                "amount": paid,
                "interest": False,
                "description": f"Payment of bill {bill['number']}"
                + (" (reversed: entered twice)" if voided else ""),
                "payment_type": method,
                "has_online_payment": False,
                "destroyable": not voided,
                "voided_at": stamp["updated_at"] if voided else None,
                "bill": bill,
                "matter": self.matter_refs[matter_index],
                "contact": self.contact_refs[self.matter_client[matter_index]],
                "source_bank_account": trust if by_trust else None,
                "destination_bank_account": operating,
                "parent": {
                    "id": index,
                    "type": "Payment",
                    "identifier": f"PMT-{index:06d}",
                    "secondary_identifier": method,
                    "tertiary_identifier": None,
                },
            }
            self.sink.record("allocations", body)
            self.allocations_by_bill.setdefault(bill_id, []).append(body)

    def credit_memos(self) -> None:
        """Credits given to clients of billed matters (courtesy discounts, overpayments), held
        on the client's account: not applied to a bill yet, so no allocation."""
        rng = self.rng
        billed = sorted(self.bills_by_matter) or [0]
        reasons = (
            ("Courtesy discount on the last bill", True),
            ("Overpayment held on account", False),
            ("Write-down agreed with the client", True),
            ("Refund of unused filing fee", False),
        )
        for index in range(1, self.counts.credit_memos + 1):
            matter_index = billed[(index * 7) % len(billed)]
            stamp = self.stamp("credit_memos", index, not_before=self.matter_open[matter_index])
            description, discount = rng.choice(reasons)
            body = {
                **stamp,
                "date": stamp["created_at"][:10],
                "amount": money(rng.choice((50.0, 125.0, 250.0, 375.5, 600.0))),
                "description": description,
                "discount": discount,
                "voided_at": stamp["updated_at"] if index % 9 == 0 else None,
                "user": self.user_refs[ATTORNEYS[matter_index % len(ATTORNEYS)]],
                "contact": self.contact_refs[self.matter_client[matter_index]],
                "allocations": [],
            }
            self.sink.record("credit_memos", body)
