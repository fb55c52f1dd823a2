"""Generating the money held and moved: trust line items, the bank accounts and their
transactions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server.firm import FIRM_NAME
from server.practice.generator.builder import (
    FirmBuilderBase,
    instant,
    project,
    record_etag,
)
from server.practice.kinds import (
    BANK_ACCOUNT_REF,
)


class BankingBuilder(FirmBuilderBase):
    """Trust line items, bank accounts and bank transactions."""

    def trust_line_items(self) -> None:
        """Retainer deposits first, then transfers from trust that pay the matter's bills. A
        transfer never takes more than the matter holds, so no balance goes below zero and the
        firm ends with money in trust."""
        rng = self.rng
        count = self.counts.trust_line_items
        deposits = max(count - count // 3, 1) if count else 0
        held: dict[int, tuple[int, datetime]] = {}  # matter index -> (cents, deposited on)
        holding: list[int] = []  # the keys of `held`, for a quick random choice
        for index in range(1, count + 1):
            bill = None
            if index <= deposits or not holding:
                matter_index = rng.randrange(len(self.matter_refs))
                cents = rng.choice((1500, 2500, 5000, 7500, 10000)) * 100
                when = self.moment(self.matter_open[matter_index])
                if matter_index not in held:
                    holding.append(matter_index)
                before = held.get(matter_index, (0, when))
                held[matter_index] = (before[0] + cents, max(before[1], when))
                note = "Retainer deposit"
            else:
                slot = rng.randrange(len(holding))
                matter_index = holding[slot]
                balance, deposited = held[matter_index]
                cents = -min(balance, rng.choice((350, 975, 1500, 2500)) * 100)
                when = self.moment(deposited)
                if balance + cents > 0:
                    held[matter_index] = (balance + cents, deposited)
                else:
                    del held[matter_index]
                    holding[slot] = holding[-1]
                    holding.pop()
                bills = self.bills_by_matter.get(matter_index, [])
                bill = self.bill_refs[rng.choice(bills)] if bills else None
                note = f"Transfer to pay bill {bill['number']}" if bill else "Transfer to operating"
            matter = self.matter_refs[matter_index]
            client = self.contact_refs[self.matter_client[matter_index]]
            stamp = self.stamp("trust_line_items", index, not_before=when)
            body = {
                **stamp,
                "date": when.date().isoformat(),
                "total": cents / 100,
                "note": note,
                "matter": matter,
                "client": client,
                "bill": bill,
            }
            self.sink.record("trust_line_items", body)
            self.trust_items.append(body)

    def bank_records(self) -> None:
        """The firm's two bank accounts and their transactions. The trust account holds exactly
        the trust line items (one transaction each, same date, amount, matter and client), so
        the bank record and the trust ledger agree; the operating account receives the
        transfers from trust and the payments of paid bills. Transactions are numbered in date
        order, each with its account's balance after it."""
        trust_account = self._bank_account(1, "Trust Account (IOLTA)", "Trust", "4417-220391")
        operating = self._bank_account(2, "Operating Account", "Operating", "4417-118204")
        rows: list[tuple[str, int, int, dict[str, Any]]] = []  # date, account, order, fields
        for item in self.trust_items:
            cents = round(item["total"] * 100)
            rows.append(
                (
                    item["date"],
                    1,
                    len(rows),
                    {
                        "cents": cents,
                        "description": item["note"],
                        "transaction_type": "Deposit" if cents > 0 else "Withdrawal",
                        "matter": item["matter"],
                        "client": item["client"],
                        "bill": item["bill"],
                        "created_at": item["created_at"],
                    },
                )
            )
        budget = max(self.counts.bank_transactions - len(rows), 0)
        transfers = [item for item in self.trust_items if item["total"] < 0][:budget]
        for item in transfers:
            rows.append(
                (
                    item["date"],
                    2,
                    len(rows),
                    {
                        "cents": -round(item["total"] * 100),
                        "description": f"From trust: {item['note']}",
                        "transaction_type": "Transfer",
                        "matter": item["matter"],
                        "client": item["client"],
                        "bill": item["bill"],
                        "created_at": item["created_at"],
                    },
                )
            )
        payments = self.paid_bills
        for number in range(budget - len(transfers)):
            matter_index = self.rng.randrange(len(self.matter_refs))
            bill_id, paid_at, paid = 0, "", 0.0
            if payments:
                bill_id, paid_at, paid, matter_index = payments[number % len(payments)]
            when = paid_at[:10] if paid_at else self.moment().date().isoformat()
            rows.append(
                (
                    when,
                    2,
                    len(rows),
                    {
                        "cents": round(paid * 100) or 50000,
                        "description": "Payment received"
                        + (f" for bill {self.bill_refs[bill_id]['number']}" if bill_id else ""),
                        "transaction_type": "Deposit",
                        "matter": self.matter_refs[matter_index],
                        "client": self.contact_refs[self.matter_client[matter_index]],
                        "bill": self.bill_refs[bill_id] if bill_id else None,
                        "created_at": paid_at or instant(self.moment()),
                    },
                )
            )
        rows.sort(key=lambda row: (row[0], row[1], row[2]))
        balances = {1: 0, 2: 0}
        counts = {1: 0, 2: 0}
        last_update = {1: "2022-01-03T09:00:00Z", 2: "2022-01-03T09:00:00Z"}
        accounts = {1: trust_account, 2: operating}
        for index, (day, account_id, _, row) in enumerate(rows, start=1):
            cents = row["cents"]
            balances[account_id] += cents
            counts[account_id] += 1
            created = datetime.fromisoformat(row["created_at"].removesuffix("Z"))
            stamp = self.stamp("bank_transactions", index, not_before=created)
            last_update[account_id] = max(last_update[account_id], stamp["updated_at"])
            account = accounts[account_id]
            body = {
                **stamp,
                "type": "BankTransaction",
                "bank_account_id": account_id,
                "source": "manual",
                "confirmation": f"{'TR' if account_id == 1 else 'OP'}-{index:06d}",
                "read_only_confirmation": False,
                "date": day,
                "amount": cents / 100,
                "funds_in": max(cents, 0) / 100,
                "funds_out": max(-cents, 0) / 100,
                "current_account_balance": balances[account_id] / 100,
                "currency": "USD",
                "currency_id": 1,
                "exchange_rate": 1.0,
                "description": row["description"],
                "transaction_type": row["transaction_type"],
                "clio_payments_transaction": False,
                "bank_account": project(account, BANK_ACCOUNT_REF),
                "matter": row["matter"],
                "client": row["client"],
                "bill": row["bill"],
                "allocation": None,
            }
            self.sink.record("bank_transactions", body)
            if account_id == 2 and row["bill"] is not None and row["transaction_type"] == "Deposit":
                self.deposits_by_bill.setdefault(row["bill"]["id"], body)
        for account_id, account in accounts.items():
            account["balance"] = balances[account_id] / 100
            account["bank_transactions_count"] = counts[account_id]
            account["updated_at"] = last_update[account_id]
            account["etag"] = record_etag("bank_accounts", account_id, last_update[account_id])
            self.sink.record("bank_accounts", account)
            self.bank_accounts[account_id] = account

    def _bank_account(
        self, account_id: int, name: str, account_type: str, number: str
    ) -> dict[str, Any]:
        created_at = "2021-11-02T17:00:00Z"
        payments = account_type == "Operating"
        page = f"https://pay.harborfinch.example/accounts/{account_id}" if payments else None
        return {
            "id": account_id,
            "etag": record_etag("bank_accounts", account_id, created_at),
            "name": name,
            "type": account_type,
            "account_number": number,
            "transit_number": "123006800",
            "swift": "USBKUS44",
            "institution": "Columbia River Bank",
            "domicile_branch": "Portland – Pioneer Square",
            "holder": FIRM_NAME,
            "general_ledger_number": "1010" if account_type == "Trust" else "1000",
            "currency": "USD",
            "currency_symbol": "$",
            "currency_id": 1,
            "balance": 0.0,
            "bank_transactions_count": 0,
            "default_account": True,  # the default of its type
            "controlled_account": account_type == "Trust",
            # Clio Payments deposits the online payments of bills in the operating account,
            # which has the Single Payment Page (and its QR code) clients pay through.
            "clio_payments_enabled": payments,
            "clio_payment_page_link": page,
            "clio_payment_page_qr_code": f"{page}/qr.png" if page else None,
            "user": self.user_refs[1],
            "created_at": created_at,
            "updated_at": created_at,
        }
