"""Generating what clients owe and how they pay online: each owing client's outstanding
balance, interest charged on overdue bills, online payment links sent for bills still owed and
the online payments that paid earlier bills."""

from __future__ import annotations

from datetime import date, timedelta

from server.practice.generator.builder import (
    LAST_MOMENT,
    FirmBuilderBase,
    money,
    project,
    record_etag,
)
from server.practice.kinds import (
    ALLOCATION_REF,
    BANK_ACCOUNT_REF,
    BANK_TRANSACTION_REF,
    MATTER_REF,
)

USD = {
    "id": 1,
    "etag": record_etag("currencies", 1, "2019-01-01T00:00:00Z"),
    "code": "USD",
    "sign": "$",
    "created_at": "2019-01-01T00:00:00Z",
    "updated_at": "2019-01-01T00:00:00Z",
}
YEARLY_INTEREST = 0.18  # on what is overdue, charged a week at a time


class ReceivablesBuilder(FirmBuilderBase):
    """Outstanding client balances, interest charges, payment links and online payments."""

    def client_balances(self) -> None:
        """One balance per client with bills sent and still owed. A bench firm takes them out
        of the bank transactions' share, so that it keeps the number of records asked for."""
        owed: dict[int, list[int]] = {}  # contact index -> unpaid bill ids
        for bill_id in self.unpaid_bills:
            owed.setdefault(self.matter_client[self.bill_matter[bill_id]], []).append(bill_id)
        last_paid: dict[int, str] = {}
        for _, paid_at, _, matter_index in self.paid_bills:
            client = self.matter_client[matter_index]
            last_paid[client] = max(last_paid.get(client, ""), paid_at[:10])
        if not self.demo:
            self.counts.bank_transactions = max(self.counts.bank_transactions - len(owed), 0)
        for client_index in sorted(owed, key=lambda index: self.contact_refs[index]["id"]):
            bills = [self.bill_refs[bill_id] for bill_id in sorted(owed[client_index])]
            contact = self.contact_refs[client_index]
            total = money(sum(bill["balance"] for bill in bills))
            newest = max(bills, key=lambda bill: bill["issued_at"])
            created_at = f"{min(bill['issued_at'] for bill in bills)}T18:00:00Z"
            updated_at = f"{newest['issued_at']}T18:00:00Z"
            matter_ids = sorted(
                {self.matter_refs[self.bill_matter[bill["id"]]]["id"] for bill in bills}
            )
            self.sink.record(
                "outstanding_client_balances",
                {
                    "id": contact["id"],
                    "etag": record_etag("outstanding_client_balances", contact["id"], updated_at),
                    "associated_matter_ids": matter_ids,
                    "last_payment_date": last_paid.get(client_index),
                    "last_shared_date": newest["issued_at"],
                    "newest_issued_bill_due_date": newest["due_at"],
                    "pending_payments_total": 0.0,
                    "reminders_enabled": True,
                    "total_outstanding_balance": total,
                    "total_outstanding_balance_by_currency": {"USD": total},
                    "created_at": created_at,
                    "updated_at": updated_at,
                    "contact": contact,
                    "currency": USD,
                    "outstanding_bills": bills,
                },
            )

    def interest_charges(self) -> None:
        """Interest on bills past their due date, charged the day after and then every week
        (never after today), the oldest overdue bills first."""
        today = LAST_MOMENT.date()
        overdue = sorted(
            (bill_id for bill_id in self.unpaid_bills if self._due(bill_id) < today),
            key=self._due,
        ) or list(self.unpaid_bills)
        if not overdue:
            return
        weeks: dict[int, int] = {}
        for index in range(1, self.counts.interest_charges + 1):
            bill_id = overdue[(index - 1) % len(overdue)]
            weeks[bill_id] = weeks.get(bill_id, 0) + 1
            bill = self.bill_refs[bill_id]
            charged_on = min(self._due(bill_id) + timedelta(days=7 * weeks[bill_id] - 6), today)
            interest = money(bill["balance"] * YEARLY_INTEREST * 7 / 365)
            moment = f"{charged_on.isoformat()}T08:00:00Z"
            matter = self.matter_refs[self.bill_matter[bill_id]]
            self.sink.record(
                "interest_charges",
                {
                    "id": index,
                    "etag": record_etag("interest_charges", index, moment),
                    "date": charged_on.isoformat(),
                    "description": f"A week's interest at 18 % a year on bill {bill['number']}",
                    "total": interest,
                    "created_at": moment,
                    "updated_at": moment,
                    "bill": bill,
                    "balances": [
                        {
                            "id": bill_id,
                            "amount": bill["balance"],
                            "type": "Matter",
                            "interest_amount": interest,
                            "due": money(bill["balance"] + interest),
                        }
                    ],
                    "matters": [matter],
                },
            )

    def _due(self, bill_id: int) -> date:
        return date.fromisoformat(self.bill_refs[bill_id]["due_at"])

    def online_payments(self) -> None:
        """Payment links sent for bills still owed (active, for the balance), and online
        payments of bills paid by card, each with its allocation and its deposit into the
        operating account."""
        operating = project(self.bank_accounts[2], BANK_ACCOUNT_REF)
        owed = self.unpaid_bills or list(self.bill_refs)
        for index in range(1, (self.counts.clio_payments_links if owed else 0) + 1):
            bill = self.bill_refs[owed[(index - 1) % len(owed)]]
            matter_index = self.bill_matter[bill["id"]]
            contact = self.contact_refs[self.matter_client[matter_index]]
            stamp = self.stamp("clio_payments/links", index, self.matter_open[matter_index])
            del stamp["updated_at"]  # not published for links
            self.sink.record(
                "clio_payments/links",
                {
                    **stamp,
                    "active": True,
                    "amount": bill["balance"],
                    "currency": "USD",
                    "description": f"Bill {bill['number']}",
                    "email_address": contact["primary_email_address"],
                    "expires_at": None,
                    "is_allocated_as_revenue": False,
                    "redirect_url": None,
                    "url": f"https://pay.example.com/l/{record_etag('link', index, '')[1:13]}",
                    "bank_account": operating,
                    "bill": bill,
                    "clio_payments_payment": None,
                    "contact": contact,
                    "destination_account": operating,
                    "destination_contact": contact,
                },
            )
        paid = self._card_payments_first()
        for index in range(1, (self.counts.clio_payments_payments if paid else 0) + 1):
            bill_id, paid_at, amount, matter_index = paid[(index - 1) % len(paid)]
            repeated = index > len(paid)  # a card declined before the payment went through
            contact = self.contact_refs[self.matter_client[matter_index]]
            allocations = [] if repeated else self.allocations_by_bill.get(bill_id, [])[:1]
            deposit = None if repeated else self.deposits_by_bill.get(bill_id)
            self.sink.record(
                "clio_payments/payments",
                {
                    "id": index,
                    "amount": amount,
                    "confirmation_number": f"CP-{index:07d}",
                    "currency": "USD",
                    "deposit_as_revenue": False,
                    "description": f"Payment of bill {self.bill_refs[bill_id]['number']}",
                    "email_address": contact["primary_email_address"],
                    "state": "failed" if repeated else "completed",
                    "created_at": paid_at,
                    "updated_at": paid_at,
                    "bank_transaction": project(deposit, BANK_TRANSACTION_REF) if deposit else None,
                    "clio_payments_link": None,
                    "contact": contact,
                    "destination_account": operating,
                    "user": self.user_refs[1],
                    "allocations": [project(a, ALLOCATION_REF) for a in allocations],
                    "bills": [self.bill_refs[bill_id]],
                    "matters": [project(self.matter_refs[matter_index], MATTER_REF)],
                },
                etag=record_etag("clio_payments/payments", index, paid_at),
            )

    def _card_payments_first(self) -> list[tuple[int, str, float, int]]:
        """The paid bills whose payment is both allocated and deposited, those paid by credit
        card first (the ones paid online); every paid bill when none is."""

        def recorded(payment: tuple[int, str, float, int]) -> bool:
            return bool(self.allocations_by_bill.get(payment[0])) and (
                payment[0] in self.deposits_by_bill
            )

        def by_card(payment: tuple[int, str, float, int]) -> bool:
            allocations = self.allocations_by_bill.get(payment[0], [])
            return not any(a["payment_type"] == "Credit card" for a in allocations)

        kept = [payment for payment in self.paid_bills if recorded(payment)]
        return sorted(kept or self.paid_bills, key=by_card)
