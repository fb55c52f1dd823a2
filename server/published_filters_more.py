"""The published list filters and `order` values of the firm's remaining lists (custom rates,
online payments, court-rule dockets, custom field sets, damages, grants, groups, interest
charges, log entries, medical records, client balances, task and document templates, and
conversation messages), in the form of server.published_filters, which takes them in.

Where a published filter names something the demo firm does not record on that list (the
attorneys of a client balance), it compares against null and matches nothing, as the
published_filters module does for such fields.
"""

from __future__ import annotations

from server.filter_kinds import (
    NOTHING,
    Handler,
    compare,
    eq_int,
    eq_text,
    flag,
    ids,
    in_list,
    instant,
    json_value,
    one_of,
    parse_date,
    text_search,
    when_true,
)

_MATTER_STATUS = {"open": "Open", "closed": "Closed", "pending": "Pending"}
_PAYMENT_STATES = (
    "pending authorized completed voided failed canceled requires_confirmation"
    " completed_requiring_allocation"
).split()

_DOCKET_STATUSES = {
    **{f"{status},": status for status in ("not_started", "in_progress", "failed")},
    **{status: status for status in ("not_started", "in_progress", "failed", "completed")},
}

FILTERS_MORE: dict[str, dict[str, Handler]] = {
    "activity_rates": {
        "co_counsel_contact_id": eq_int("$.co_counsel_contact_id"),
        "contact_id": eq_int("$.contact_id"),
    },
    "clio_payments/links": {
        "active": flag("$.active"),
    },
    "clio_payments/payments": {
        "bill_id": in_list("$.bills"),
        "contact_id": eq_int("$.contact.id"),
        "state": one_of("$.state", {state: state for state in _PAYMENT_STATES}),
    },
    "court_rules/matter_dockets": {
        "matter_id": eq_int("$.matter.id"),
        "matter_status": one_of("$.matter.status", _MATTER_STATUS),
        "query": text_search("$.name"),
        "service_type_id": eq_int("$.service_type.id"),
        # the published values carry a trailing comma (all but the last); both forms are taken
        "status": one_of("$.status", _DOCKET_STATUSES),
    },
    "custom_field_sets": {
        "displayed": flag("$.displayed"),
        "parent_type": one_of("$.parent_type", {"Matter": "Matter", "Contact": "Contact"}),
        "query": text_search("$.name"),
    },
    "damages": {},
    "grants": {
        "name": eq_text("$.name"),
    },
    "grant_funding_sources": {
        "name": eq_text("$.name"),
    },
    "groups": {
        # no group of the demo firm is archived
        "archived": when_true(NOTHING),
        "name": eq_text("$.name"),
        "query": text_search("$.name"),
        "type": one_of(
            "$.type", {name: name for name in ("AccountGroup", "AdhocGroup", "UserGroup")}
        ),
        "user_id": in_list("$.users"),
    },
    "interest_charges": {
        "bill_id": eq_int("$.bill.id"),
        "exclude_ids[]": ids(negate=True),
    },
    "log_entries": {},
    "medical_records_details": {
        "treatment_start_date": compare("$.treatment_start_date", ">=", instant),
        "treatment_end_date": compare("$.treatment_end_date", "<=", instant),
    },
    "outstanding_client_balances": {
        "contact_id": eq_int("$.contact.id"),
        "last_paid_start_date": compare("$.last_payment_date", ">=", parse_date),
        "last_paid_end_date": compare("$.last_payment_date", "<=", parse_date),
        "newest_bill_due_start_date": compare("$.newest_issued_bill_due_date", ">=", parse_date),
        "newest_bill_due_end_date": compare("$.newest_issued_bill_due_date", "<=", parse_date),
        "originating_attorney_id": eq_int("$.originating_attorney.id"),
        "responsible_attorney_id": eq_int("$.responsible_attorney.id"),
    },
    "task_templates": {
        "priority": one_of("$.priority", {"high": "High", "normal": "Normal", "low": "Low"}),
        "query": text_search("$.name", "$.description"),
        "task_template_list_id": eq_int("$.task_template_list.id"),
    },
    "task_template_lists": {
        "empty": when_true(
            f"IFNULL({json_value('$.templates_count')}, 0) = 0",
            f"IFNULL({json_value('$.templates_count')}, 0) > 0",
        ),
        "practice_area_id": eq_int("$.practice_area.id"),
        "query": text_search("$.name"),
    },
    "document_templates": {},
    "conversation_messages": {
        "conversation_id": eq_int("$.conversation.id", null_ok=False),
        "query": text_search("$.body"),
    },
}

#: The published `order` names of each list ("id" where none is published: it is accepted).
SORTABLE_MORE: dict[str, str] = {
    "activity_rates": "id",
    "clio_payments/links": "id",
    "clio_payments/payments": "id",
    "court_rules/matter_dockets": "id date",
    "custom_field_sets": "name id parent_type",
    "damages": "id",
    "grants": "id",
    "grant_funding_sources": "id",
    "groups": "id name",
    "interest_charges": "id",
    "log_entries": "id accessed_at",
    "medical_records_details": "id",
    "outstanding_client_balances": "id",
    "task_templates": "assignee.name days_from_assignment id name permission priority",
    "task_template_lists": "id name practice_area.name",
    "document_templates": "id filename category.name last_modified last_modified_by.name",
    "conversation_messages": "id",
}

#: Published order names that are not the path of a field.
ORDER_PATHS_MORE = {
    ("court_rules/matter_dockets", "date"): "$.start_date",
    ("document_templates", "category.name"): "$.document_category.name",
    ("document_templates", "last_modified"): "$.updated_at",
}
