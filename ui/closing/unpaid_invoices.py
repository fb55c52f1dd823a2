"""The closing checklist's "Unpaid client invoices" item: bills awaiting payment and drafts,
counted with their totals and listed, because closing turns the payment links off."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.closing.invoices import UnpaidBill, UnpaidBills, UnpaidState
from ui.common.formats import format_date, format_money

# How many bills the item lists by name; the rest are counted.
LISTED = 8


def _t(text: str, disambiguation: str = "", n: int = -1) -> str:
    # lupdate files module-level strings (this helper's calls) under the empty context; with
    # `n`, %Ln is the count and the translation file picks the plural form.
    return QCoreApplication.translate("", text, disambiguation or None, n)


def _line(bill: UnpaidBill, currency: str) -> str:
    text = _t("%1 for %2: %3").replace("%1", bill.number)
    text = text.replace("%2", bill.client or _t("(no client)"))
    text = text.replace("%3", format_money(bill.amount, currency))
    if bill.state is UnpaidState.AWAITING_PAYMENT and bill.due_on is not None:
        text += _t(", due %1").replace("%1", format_date(bill.due_on))
    elif bill.state is UnpaidState.DRAFT:
        text += _t(" (draft)")
    return "  • " + text


def unpaid_detail(unpaid: UnpaidBills, currency: str) -> str:
    """What the checklist says about the unpaid bills (empty when there are none)."""
    if unpaid.empty:
        return ""
    lines: list[str] = []
    awaiting = unpaid.count(UnpaidState.AWAITING_PAYMENT)
    drafts = unpaid.count(UnpaidState.DRAFT)
    if awaiting:
        lines.append(
            _t("%Ln bill(s) awaiting payment, %1 in all.", "", awaiting).replace(
                "%1", format_money(unpaid.total(UnpaidState.AWAITING_PAYMENT), currency)
            )
            + " "
            + _t(
                "Closing turns the payment links off: clients can no longer pay them online."
                " Collect them, or tell the clients how to pay, before you close."
            )
        )
    if drafts:
        lines.append(
            _t("%Ln draft bill(s), %1 in all, never sent.", "", drafts).replace(
                "%1", format_money(unpaid.total(UnpaidState.DRAFT), currency)
            )
            + " "
            + _t("Issue them before closing, or bill this work elsewhere.")
        )
    lines.extend(_line(bill, currency) for bill in unpaid.bills[:LISTED])
    rest = len(unpaid.bills) - LISTED
    if rest > 0:
        lines.append("  " + _t("and %Ln more bill(s).", "", rest))
    return "\n".join(lines)


def no_unpaid_text() -> str:
    return _t("No bill is awaiting payment and there are no draft bills.")


def acknowledge_text() -> str:
    return _t("I close with these bills unpaid")


def what_text() -> str:
    return _t("the unpaid bills")


def title_text() -> str:
    return _t("Unpaid client invoices")
