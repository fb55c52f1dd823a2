"""Every field the published Clio Manage API v4 schemas define for the firm's remaining lists:
custom rates, online payment links and payments, court-rule dockets, custom field sets, damages,
grants and their funding sources, groups, interest charges, log entries, medical records, client
balances, task templates and their lists, document templates and conversation messages.

The same kind of data table as server.published_fields (whose nested `*_base` shapes it reuses),
kept apart so that neither grows past a readable length. Keys are the list's path under /api/v4.
"""

from __future__ import annotations

from server.published_fields import (
    ALLOCATION_BASE,
    BALANCE_BASE,
    BANK_ACCOUNT_BASE,
    BILL_BASE,
    CALENDAR_ENTRY_BASE,
    CONTACT_BASE,
    CURRENCY_BASE,
    DOCUMENT_BASE,
    DOCUMENT_CATEGORY_BASE,
    GROUP_BASE,
    MATTER_BASE,
    POLYMORPHIC_OBJECT_BASE,
    PRACTICE_AREA_BASE,
    TASK_TYPE_BASE,
    USER_BASE,
    Shape,
)


def _shape(names: str, **nested: Shape) -> Shape:
    out: Shape = dict.fromkeys(names.split())
    out.update(nested)
    return out


GRANT_FUNDING_SOURCE_BASE = _shape("id etag name created_at updated_at")

PUBLISHED_MORE: dict[str, Shape] = {
    "activity_rates": _shape(
        "id etag rate flat_rate created_at updated_at contact_id co_counsel_contact_id",
        user=USER_BASE,
        group=GROUP_BASE,
    ),
    "clio_payments/links": _shape(
        "active amount created_at currency description email_address etag expires_at id "
        "is_allocated_as_revenue redirect_url url",
        bank_account=BANK_ACCOUNT_BASE,
        bill=BILL_BASE,
        clio_payments_payment=_shape(
            "amount confirmation_number created_at currency deposit_as_revenue description "
            "email_address id state updated_at",
        ),
        contact=CONTACT_BASE,
        destination_account=BANK_ACCOUNT_BASE,
        destination_contact=CONTACT_BASE,
    ),
    "clio_payments/payments": _shape(
        "amount confirmation_number created_at currency deposit_as_revenue description "
        "email_address id state updated_at",
        bank_transaction=_shape(
            "id type etag created_at updated_at bank_account_id source confirmation date "
            "amount currency currency_id description exchange_rate transaction_type funds_in "
            "funds_out clio_payments_transaction current_account_balance "
            "read_only_confirmation",
        ),
        clio_payments_link=_shape(
            "active amount created_at currency description email_address etag expires_at id "
            "is_allocated_as_revenue redirect_url url",
        ),
        contact=CONTACT_BASE,
        destination_account=BANK_ACCOUNT_BASE,
        user=USER_BASE,
        allocations=ALLOCATION_BASE,
        bills=BILL_BASE,
        matters=MATTER_BASE,
    ),
    "court_rules/matter_dockets": _shape(
        "id etag name start_date start_time status created_at updated_at deleted_at",
        matter=MATTER_BASE,
        jurisdiction=_shape(
            "id etag created_at updated_at system_id description default display_timezone "
            "valid_subscription is_local_timezone",
        ),
        trigger=_shape(
            "id etag system_id description do_not_recalculate is_served "
            "is_requirements_required created_at updated_at",
        ),
        service_type=_shape(
            "id etag created_at updated_at system_id description default",
        ),
        calendar_entries=CALENDAR_ENTRY_BASE,
    ),
    "custom_field_sets": _shape(
        "id etag name parent_type displayed created_at updated_at",
        custom_fields=_shape(
            "id etag created_at updated_at name parent_type field_type displayed deleted "
            "required display_order",
        ),
    ),
    "damages": _shape(
        "id amount damage_type description etag created_at updated_at",
        matter=MATTER_BASE,
    ),
    "grants": _shape(
        "id etag name funding_code funding_code_and_name funding_source_name created_at "
        "updated_at balance start_date end_date",
        grant_funding_source=GRANT_FUNDING_SOURCE_BASE,
    ),
    "grant_funding_sources": _shape(
        "id etag name created_at updated_at",
        grants=_shape(
            "id etag name funding_code funding_code_and_name funding_source_name created_at "
            "updated_at balance start_date end_date",
        ),
    ),
    "groups": _shape(
        "client_connect_user etag id name type updated_at",
        users=USER_BASE,
    ),
    "interest_charges": _shape(
        "id etag date description total created_at updated_at",
        bill=BILL_BASE,
        balances=BALANCE_BASE,
        matters=MATTER_BASE,
    ),
    "log_entries": _shape(
        "id etag type accessed_at created_at updated_at",
        item=POLYMORPHIC_OBJECT_BASE,
        user=USER_BASE,
    ),
    "medical_records_details": _shape(
        "id etag bills_follow_up_date bills_request_date bills_status description "
        "in_treatment records_follow_up_date records_request_date records_status "
        "treatment_end_date treatment_start_date created_at updated_at",
        matter=MATTER_BASE,
        medical_provider=CONTACT_BASE,
        medical_bills=_shape(
            "id adjustment amount bill_date bill_received_date damage_type document_id etag "
            "name created_at updated_at",
        ),
        medical_records=_shape(
            "id document_id etag end_date start_date created_at updated_at",
        ),
    ),
    "outstanding_client_balances": _shape(
        "associated_matter_ids etag id last_payment_date last_shared_date "
        "newest_issued_bill_due_date pending_payments_total reminders_enabled "
        "total_outstanding_balance total_outstanding_balance_by_currency created_at "
        "updated_at",
        outstanding_bills=BILL_BASE,
        contact=CONTACT_BASE,
        currency=CURRENCY_BASE,
    ),
    "task_templates": _shape(
        "id etag name description priority private created_at updated_at",
        cascading_source=_shape(
            "id name",
        ),
        assignee=USER_BASE,
        task_template_list=_shape(
            "created_at description id etag name templates_count updated_at",
        ),
        task_type=TASK_TYPE_BASE,
        template_creator=USER_BASE,
        reminder_templates=_shape(
            "id etag duration notification_type created_at updated_at",
        ),
    ),
    "task_template_lists": _shape(
        "created_at description id etag name templates_count updated_at",
        practice_area=PRACTICE_AREA_BASE,
        creator=USER_BASE,
    ),
    "document_templates": _shape(
        "id etag size content_type filename created_at updated_at",
        document_category=DOCUMENT_CATEGORY_BASE,
        last_modified_by=USER_BASE,
    ),
    "conversation_messages": _shape(
        "id etag date body created_at updated_at sender receivers",
        document=DOCUMENT_BASE,
        conversation=_shape(
            "id etag archived read_only current_user_is_member subject message_count "
            "time_entries_count read created_at updated_at",
        ),
    ),
}
