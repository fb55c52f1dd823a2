"""The self-service answers are parsed into typed values, and anything malformed, missing or
absurd is refused with an error that names the field instead of crashing a screen."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.account.models import (
    Account,
    AccountStatus,
    BillingCycle,
    CancellationReason,
    CancellationRefused,
    FeedbackReceipt,
    InvalidResponse,
    PaymentsSummary,
    Period,
    ReasonCode,
    Retention,
    SupportContact,
    TrustSummary,
)
from app.errors import BadResponse

ACCOUNT: dict[str, Any] = {
    "firm": {"id": 1, "name": "Harbor & Finch LLP"},
    "status": "active",
    "plan": {
        "name": "Boutique",
        "billing_cycle": "monthly",
        "seats": 6,
        "price_per_user_per_month": "89.00",
        "yearly_discount_per_user_per_month": "10.00",
        "currency": "USD",
    },
    "billing_day": 18,
    "current_period": {"start": "2026-11-18", "end": "2026-12-17"},
    "last_charge": {"date": "2026-11-18", "amount": "534.00"},
    "next_charge": {"date": "2026-12-18", "amount": "534.00"},
    "primary_subscriber": {
        "id": 1,
        "name": "Margaret Harbor",
        "email": "margaret.harbor@harborfinch.example",
    },
    "payments": {"enabled": True},
    "escrow": {"enabled": True},
    "self_service_cancellation": {"allowed": True, "reason": None},
    "closed_at": None,
    "closing_scheduled_at": None,
    "reopen_until": None,
    "server_time": "2026-11-24T15:04:05Z",
}

SUPPORT: dict[str, Any] = {
    "phone": "+1-888-858-2546",
    "option": "2",
    "hours": "Monday to Friday, 8 a.m. to 8 p.m. Eastern",
    "web_page": "https://support.example.com/contact",
}

RETENTION_CLOSED: dict[str, Any] = {
    "account_status": "closed",
    "closed_at": "2026-11-24T15:04:05Z",
    "content_last_day": "2027-02-22",
    "content_deleted_at": "2027-02-23T00:00:00Z",
    "content_deleted": False,
    "escrow_enabled": True,
    "escrow_last_day": "2027-05-24",
    "escrow_ends_at": "2027-05-25T00:00:00Z",
    "designated_user": {"id": 2, "name": "Daniel Okafor", "email": "daniel@example.com"},
    "closing_scheduled_at": None,
    "reopen_until": "2026-12-24T15:04:05Z",
    "server_time": "2026-11-24T15:04:06Z",
}


def changed(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `base` with the field at dotted `path` set to `value` (or removed when
    value is the DELETE marker)."""
    doc = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = doc
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return doc


DELETE = object()


def test_account_parses_the_contract_example() -> None:
    account = Account.from_json(ACCOUNT)
    assert account.firm.name == "Harbor & Finch LLP"
    assert account.status is AccountStatus.ACTIVE
    assert account.plan.billing_cycle is BillingCycle.MONTHLY
    assert account.plan.price_per_user_per_month == Decimal("89.00")
    assert account.plan.charge_per_period == Decimal("534.00")
    assert account.current_period == Period(date(2026, 11, 18), date(2026, 12, 17))
    assert account.current_period.days == 30
    assert date(2026, 12, 17) in account.current_period
    assert date(2026, 12, 18) not in account.current_period
    assert datetime(2026, 11, 20, tzinfo=UTC) not in account.current_period  # a date is needed
    assert account.last_charge is not None and account.last_charge.amount == Decimal("534.00")
    assert account.next_charge is not None and account.next_charge.date == date(2026, 12, 18)
    assert account.primary_subscriber.name == "Margaret Harbor"
    assert account.escrow_enabled and account.payments_enabled
    assert account.self_service_cancellation.allowed
    assert account.server_time == datetime(2026, 11, 24, 15, 4, 5, tzinfo=UTC)
    assert account.server_time.tzinfo is not None


def test_yearly_plan_charges_twelve_discounted_months() -> None:
    # The price stated is the monthly plan's; yearly plans pay $10 less per user per month.
    account = Account.from_json(changed(ACCOUNT, "plan.billing_cycle", "yearly"))
    assert account.plan.price_per_user_per_month == Decimal("89.00")
    assert account.plan.rate_per_user_per_month == Decimal("79.00")
    assert account.plan.charge_per_period == Decimal("5688.00")  # 6 x 79 x 12


def test_a_closed_account_and_charges_that_are_null() -> None:
    doc = changed(ACCOUNT, "status", "closed")
    doc = changed(doc, "closed_at", "2026-11-24T10:04:05-05:00")
    doc = changed(doc, "next_charge", None)
    doc = changed(doc, "last_charge", None)
    doc = changed(
        doc, "self_service_cancellation", {"allowed": False, "reason": "contract_account"}
    )
    account = Account.from_json(doc)
    assert account.status is AccountStatus.CLOSED
    # Offsets are turned into UTC instants.
    assert account.closed_at == datetime(2026, 11, 24, 15, 4, 5, tzinfo=UTC)
    assert account.closed_at.utcoffset() is not None
    assert account.next_charge is None and account.last_charge is None
    assert account.self_service_cancellation.reason == "contract_account"


BAD_ACCOUNT_FIELDS = [
    ("firm", DELETE),
    ("firm", "Harbor"),
    ("firm.id", "1"),
    ("firm.id", True),
    ("firm.id", 1.5),
    ("firm.id", 10**30),
    ("firm.name", ""),
    ("firm.name", "x" * 100_000),
    ("firm.name", None),
    ("status", "frozen"),
    ("status", 1),
    ("plan.billing_cycle", "weekly"),
    ("plan.seats", -1),
    ("plan.seats", 0),
    ("plan.seats", 10**9),
    ("plan.price_per_user_per_month", 89.0),
    ("plan.price_per_user_per_month", "89"),
    ("plan.price_per_user_per_month", "89.001"),
    ("plan.price_per_user_per_month", "-89.00"),
    ("plan.price_per_user_per_month", "1e5"),
    ("plan.price_per_user_per_month", "NaN"),
    ("plan.price_per_user_per_month", "9" * 40 + ".00"),
    ("plan.price_per_user_per_month", " 89.00"),
    ("plan.yearly_discount_per_user_per_month", "90.00"),
    ("plan.currency", "usd"),
    ("plan.currency", "DOLLARS"),
    ("billing_day", 0),
    ("billing_day", 32),
    ("billing_day", "18"),
    ("current_period.start", "2026-02-30"),
    ("current_period.start", "18/11/2026"),
    ("current_period.start", "20261118"),
    ("current_period.start", "0001-01-01"),
    ("current_period.start", 20261118),
    ("current_period.end", "2026-11-17"),
    ("current_period.end", "2028-12-17"),
    ("last_charge.amount", None),
    ("last_charge", []),
    ("next_charge.date", "tomorrow"),
    ("primary_subscriber.email", "nobody"),
    ("payments.enabled", "yes"),
    ("escrow", DELETE),
    ("self_service_cancellation.allowed", 1),
    ("closed_at", "2026-11-24T15:04:05"),  # no offset: ambiguous
    ("closed_at", "2026-11-24 15:04:05Z"),
    ("closed_at", "2026-11-24T25:04:05Z"),
    ("server_time", DELETE),
    ("server_time", "9999-12-31T23:59:59Z"),
]


def test_an_account_without_a_primary_subscriber() -> None:
    assert (
        Account.from_json(changed(ACCOUNT, "primary_subscriber", None)).primary_subscriber is None
    )


@pytest.mark.parametrize(("path", "value"), BAD_ACCOUNT_FIELDS)
def test_a_bad_account_field_is_refused_by_name(path: str, value: Any) -> None:
    with pytest.raises(InvalidResponse) as caught:
        Account.from_json(changed(ACCOUNT, path, value))
    # The error names the field (or its parent object when the whole object is wrong).
    assert caught.value.field.startswith(path.split(".")[0])
    assert path.split(".")[-1] in caught.value.field or caught.value.field == path
    # The person sees a plain sentence, the log the technical detail.
    assert isinstance(caught.value, BadResponse)
    assert "server" in caught.value.message
    assert caught.value.field in caught.value.detail


def test_a_closed_account_must_say_when() -> None:
    with pytest.raises(InvalidResponse) as caught:
        Account.from_json(changed(ACCOUNT, "status", "closed"))
    assert caught.value.field == "closed_at"


@pytest.mark.parametrize("answer", [None, [], "account", 42, True])
def test_an_answer_that_is_not_an_object_is_refused(answer: Any) -> None:
    with pytest.raises(InvalidResponse) as caught:
        Account.from_json(answer)
    assert caught.value.field == "answer"


def test_payments_summary() -> None:
    summary = PaymentsSummary.from_json(
        {
            "enabled": True,
            "pending_authorizations": {"count": 2, "total": "1250.00"},
            "payment_links": {"active": 3},
            "payment_plans": {"active": 1},
            "card_processor": {"connected": True, "name": "LawPay"},
            "currency": "USD",
        }
    )
    assert summary.pending_authorizations == 2
    assert summary.pending_authorizations_total == Decimal("1250.00")
    assert summary.active_payment_links == 3
    assert summary.active_payment_plans == 1
    assert summary.card_processor_name == "LawPay"
    assert summary.anything_affected


def test_payments_summary_with_nothing_to_void() -> None:
    summary = PaymentsSummary.from_json(
        {
            "enabled": False,
            "pending_authorizations": {"count": 0, "total": "0.00"},
            "payment_links": {"active": 0},
            "payment_plans": {"active": 0},
            "card_processor": {"connected": False, "name": None},
            "currency": "USD",
        }
    )
    assert not summary.anything_affected
    assert summary.card_processor_name is None


def test_payments_summary_refuses_a_negative_count() -> None:
    with pytest.raises(InvalidResponse) as caught:
        PaymentsSummary.from_json(
            {
                "enabled": True,
                "pending_authorizations": {"count": -2, "total": "0.00"},
                "payment_links": {"active": 0},
                "payment_plans": {"active": 0},
                "card_processor": {"connected": False},
                "currency": "USD",
            }
        )
    assert caught.value.field == "pending_authorizations.count"


def test_trust_summary_and_an_overdrawn_account() -> None:
    summary = TrustSummary.from_json(
        {
            "accounts": [
                {"id": 1, "name": "IOLTA", "balance": "12345.67"},
                {"id": 2, "name": "Operating trust", "balance": "-5.00"},
            ],
            "total_balance": "12340.67",
            "clients_with_balance": 7,
            "currency": "USD",
        }
    )
    assert [a.balance for a in summary.accounts] == [Decimal("12345.67"), Decimal("-5.00")]
    assert summary.total_matches_accounts
    assert summary.clients_with_balance == 7


def test_trust_summary_total_that_does_not_add_up_is_flagged() -> None:
    summary = TrustSummary.from_json(
        {
            "accounts": [{"id": 1, "name": "IOLTA", "balance": "10.00"}],
            "total_balance": "11.00",
            "clients_with_balance": 1,
            "currency": "USD",
        }
    )
    assert not summary.total_matches_accounts


def test_trust_summary_names_the_bad_entry() -> None:
    with pytest.raises(InvalidResponse) as caught:
        TrustSummary.from_json(
            {
                "accounts": [{"id": 1, "name": "A", "balance": "1.00"}, {"id": 2, "name": "B"}],
                "total_balance": "1.00",
                "clients_with_balance": 1,
                "currency": "USD",
            }
        )
    assert caught.value.field == "accounts[1].balance"


def test_trust_summary_with_a_huge_list_is_refused() -> None:
    account = {"id": 1, "name": "A", "balance": "1.00"}
    with pytest.raises(InvalidResponse) as caught:
        TrustSummary.from_json(
            {
                "accounts": [account] * 100_000,
                "total_balance": "1.00",
                "clients_with_balance": 1,
                "currency": "USD",
            }
        )
    assert caught.value.field == "accounts"


def test_cancellation_reasons_in_order_and_unknown_codes_left_out() -> None:
    reasons = CancellationReason.list_from_json(
        {
            "reasons": [
                {"code": "too_expensive", "label": "Too expensive", "comment_allowed": False},
                {"code": "teleported", "label": "Future reason", "comment_allowed": False},
                {"code": "other", "label": "Other", "comment_allowed": True},
            ]
        }
    )
    assert [r.code for r in reasons] == [ReasonCode.TOO_EXPENSIVE, ReasonCode.OTHER]
    assert reasons[1].comment_allowed


def test_cancellation_reasons_repeated_code_is_refused() -> None:
    item = {"code": "unused", "label": "Not used", "comment_allowed": False}
    with pytest.raises(InvalidResponse) as caught:
        CancellationReason.list_from_json({"reasons": [item, item]})
    assert caught.value.field == "reasons[1].code"


def test_every_reason_code_of_the_contract_is_known() -> None:
    codes = (
        "too_expensive missing_features switched_service unused customer_service too_complex "
        "low_quality other"
    ).split()
    assert [c.value for c in ReasonCode] == codes


def test_retention_of_a_closed_account() -> None:
    retention = Retention.from_json(RETENTION_CLOSED)
    assert retention.account_status is AccountStatus.CLOSED
    assert retention.content_last_day == date(2027, 2, 22)
    assert retention.content_deleted_at == datetime(2027, 2, 23, tzinfo=UTC)
    assert retention.escrow_last_day == date(2027, 5, 24)
    assert retention.designated_user is not None
    assert retention.designated_user.name == "Daniel Okafor"


def test_retention_of_an_active_account_has_no_dates() -> None:
    retention = Retention.from_json(
        {
            "account_status": "active",
            "closed_at": None,
            "content_last_day": None,
            "content_deleted_at": None,
            "content_deleted": False,
            "escrow_enabled": False,
            "escrow_last_day": None,
            "escrow_ends_at": None,
            "designated_user": None,
            "server_time": "2026-11-24T15:04:06.123456+00:00",
        }
    )
    assert retention.closed_at is None and retention.content_deleted_at is None


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("content_deleted_at", None),
        ("content_last_day", None),
        ("closed_at", None),
        ("escrow_ends_at", None),
        ("escrow_last_day", "2027-02-29"),
        ("content_deleted", "no"),
        ("designated_user.id", 0),
        ("account_status", "deleted"),
    ],
)
def test_retention_that_cannot_be_counted_down_is_refused(path: str, value: Any) -> None:
    with pytest.raises(InvalidResponse) as caught:
        Retention.from_json(changed(RETENTION_CLOSED, path, value))
    assert caught.value.field == path


def test_support_contact_and_its_tel_link() -> None:
    support = SupportContact.from_json(SUPPORT)
    assert support.tel_uri == "tel:+18888582546"
    assert support.option == "2"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("phone", "javascript:alert(1)"),
        ("phone", "+1 888; rm -rf"),
        ("web_page", "file:///etc/passwd"),
        ("web_page", "javascript:alert(1)"),
        ("web_page", "https://"),
        ("hours", 5),
    ],
)
def test_support_contact_refuses_what_the_app_would_open(path: str, value: Any) -> None:
    good = {"phone": "+1-888-858-2546", "option": "2", "hours": "9-5", "web_page": "https://x.io"}
    with pytest.raises(InvalidResponse) as caught:
        SupportContact.from_json(changed(good, path, value))
    assert caught.value.field == path


def test_a_refused_closing_says_whom_to_call() -> None:
    refused = CancellationRefused.from_json(
        {
            "error": {"type": "not_primary_subscriber", "message": "Ask Margaret Harbor."},
            "support": SUPPORT,
            "primary_subscriber": {"id": 1, "name": "Margaret Harbor", "email": "m@example.com"},
        }
    )
    assert refused.error_type == "not_primary_subscriber"
    assert refused.support.tel_uri == "tel:+18888582546"
    assert refused.primary_subscriber is not None
    assert refused.primary_subscriber.name == "Margaret Harbor"
    with pytest.raises(InvalidResponse) as caught:
        CancellationRefused.from_json(
            {"error": {"type": "x", "message": "y"}, "support": {**SUPPORT, "web_page": "file:/"}}
        )
    assert caught.value.field == "support.web_page"


@pytest.mark.parametrize(("raw", "expected"), [(17, "17"), ("fb_17", "fb_17")])
def test_feedback_receipt(raw: Any, expected: str) -> None:
    assert FeedbackReceipt.from_json({"id": raw}).id == expected


@pytest.mark.parametrize("raw", [None, True, 0, "", [1]])
def test_feedback_receipt_without_a_usable_id(raw: Any) -> None:
    with pytest.raises(InvalidResponse):
        FeedbackReceipt.from_json({"id": raw})


# --- whatever the server sends, the answer is parsed or refused, never a crash --------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.sampled_from(["2026-11-18", "2026-11-24T15:04:05Z", "534.00", "monthly", "closed"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def leaf_paths(doc: dict[str, Any], prefix: str = "") -> list[str]:
    paths = []
    for key, value in doc.items():
        path = f"{prefix}{key}"
        paths.append(path)
        if isinstance(value, dict):
            paths.extend(leaf_paths(value, path + "."))
    return paths


@settings(max_examples=300, deadline=None)
@given(
    path=st.sampled_from(leaf_paths(ACCOUNT)) | st.sampled_from(leaf_paths(RETENTION_CLOSED)),
    value=JSON_VALUES,
)
def test_any_value_in_any_field_is_parsed_or_refused(path: str, value: Any) -> None:
    for base, parse in ((ACCOUNT, Account.from_json), (RETENTION_CLOSED, Retention.from_json)):
        if path.split(".")[0] not in base:
            continue
        try:
            parse(changed(base, path, value))
        except InvalidResponse as error:
            assert error.field


# --- the examples above follow the project's OpenAPI contract --------------------------------

CONTRACT = Path(__file__).resolve().parents[2] / "resources" / "openapi" / "self-service.yaml"


@pytest.mark.parametrize(
    ("schema", "example"),
    [("Account", ACCOUNT), ("Retention", RETENTION_CLOSED), ("Support", SUPPORT)],
)
def test_the_examples_here_follow_the_contract(schema: str, example: dict[str, Any]) -> None:
    document = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    )
    assert list(validator.iter_errors(example)) == []
