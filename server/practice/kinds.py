"""The kinds of practice data the API serves and the fields of each (Clio v4 names), with the
shapes of the objects nested in them."""

from __future__ import annotations

from dataclasses import dataclass

#: A field selection / shape: field name -> None for a plain value, or the shape of a nested
#: object (or of each object of a nested list).
Shape = dict[str, "Shape | None"]


def _shape(names: str, **nested: Shape) -> Shape:
    """A shape from space-separated plain field names and keyword nested shapes."""
    out: Shape = dict.fromkeys(names.split())
    out.update(nested)
    return out


# Nested shapes: subsets of the matching Clio *_base schemas.
USER_REF = _shape("id etag name first_name last_name initials email enabled subscription_type")
CONTACT_REF = _shape(
    "id etag name first_name last_name type initials is_client primary_email_address"
    " primary_phone_number"
)
MATTER_REF = _shape(
    "id etag number display_number description status client_id billable billing_method"
    " open_date close_date"
)
PRACTICE_AREA_REF = _shape("id etag name code category")
FOLDER_REF = _shape("id etag name type root locked created_at updated_at deleted_at")
BILL_REF = _shape("id etag number state issued_at due_at total balance")
PARTICIPANT = _shape("id etag type identifier name initials enabled")
CUSTOM_FIELD_REF = _shape("id etag name field_type parent_type")
CUSTOM_FIELD_VALUE = _shape(
    "id etag field_name field_type field_required field_displayed field_display_order value"
    " soft_deleted created_at updated_at",
    custom_field=CUSTOM_FIELD_REF,
)
ADDRESS = _shape(
    "id etag name street city province postal_code country primary created_at updated_at"
)
EMAIL_ADDRESS = _shape("id etag name address primary created_at updated_at")
PHONE_NUMBER = _shape("id etag name number primary created_at updated_at")
DOCUMENT_CATEGORY = _shape("id etag name created_at updated_at")
CREATOR = _shape("id etag type name first_name last_name initials email enabled")
DOCUMENT_VERSION = _shape(
    "id etag uuid document_id filename size version_number content_type fully_uploaded"
    " received_at created_at updated_at"
)
CALENDAR_REF = _shape("id etag name type color permission visible")
ATTENDEE = _shape("id etag type name email enabled")
EXPENSE_CATEGORY = _shape("id etag name rate entry_type created_at updated_at")
ACTIVITY_DESCRIPTION = _shape("id etag name default type")
TASK_TYPE = _shape("id etag name created_at updated_at")
PICKLIST_OPTION = _shape("id etag option deleted_at created_at updated_at")
BANK_ACCOUNT_REF = _shape(
    "id etag name type account_number institution holder currency default_account"
)
ACTIVITY_REF = _shape(
    "id etag type date quantity_in_hours price total note billed non_billable no_charge"
)
LINE_ITEM_TOTALS = _shape("quantity price discount_percent total sub_total")
DISCOUNT = _shape("rate type note early_payment_rate early_payment_period")
POLYMORPHIC_REF = _shape("id type identifier secondary_identifier tertiary_identifier")
CONVERSATION_MESSAGE = _shape("id etag date body created_at updated_at")
NOTIFICATION_METHOD = _shape(
    "id etag type email_address is_default_email_address created_at updated_at"
)
ALLOCATION_REF = _shape("id etag date amount description payment_type voided_at")
GROUP_REF = _shape("id etag name type client_connect_user updated_at")
BANK_TRANSACTION_REF = _shape(
    "id etag type bank_account_id date amount funds_in funds_out description transaction_type"
)
PAYMENT_LINK_REF = _shape("id etag active amount currency description url expires_at")
ONLINE_PAYMENT_REF = _shape("id amount confirmation_number currency state created_at updated_at")
JURISDICTION = _shape("id etag system_id description default display_timezone")
COURT_RULE_TRIGGER = _shape("id etag system_id description is_served")
SERVICE_TYPE = _shape("id etag system_id description default")
CALENDAR_ENTRY_REF = _shape("id etag summary start_at end_at all_day court_rule")
GRANT_FUNDING_SOURCE = _shape("id etag name created_at updated_at")
GRANT_REF = _shape("id etag name funding_code balance start_date end_date")
INTEREST_BALANCE = _shape("id amount type interest_amount due")
MEDICAL_BILL = _shape(
    "id etag name amount adjustment bill_date bill_received_date damage_type document_id"
    " created_at updated_at"
)
MEDICAL_RECORD = _shape("id etag document_id start_date end_date created_at updated_at")
CURRENCY = _shape("id etag code sign created_at updated_at")
TASK_TEMPLATE_LIST_REF = _shape("id etag name description templates_count created_at updated_at")
CASCADING_SOURCE = _shape("id name")
REMINDER_TEMPLATE = _shape("id etag duration notification_type created_at updated_at")
DOCUMENT_REF = _shape("id etag name filename size content_type")
CONVERSATION_REF = _shape(
    "id etag subject archived read_only read message_count time_entries_count created_at updated_at"
)


@dataclass(frozen=True)
class KindSpec:
    name: str  # the path segment: /api/v4/<name>.json
    shape: Shape  # every field served, with nested shapes
    string_ids: bool = False  # Clio gives calendar entries string ids
    detail: bool = True  # whether one record is published at /api/v4/<name>/<id>.json
    # a query parameter the list requires (messages are listed one conversation at a time)
    required_param: str | None = None

    @property
    def table(self) -> str:
        """The key of the kind's table: its name with the path's slashes as underscores."""
        return self.name.replace("/", "_")


_KIND_SPECS = (
    KindSpec(
        "users",
        _shape(
            "id etag name first_name last_name initials email phone_number enabled account_owner"
            " roles subscription_type rate time_zone default_calendar_id clio_connect"
            " court_rules_default_attendee created_at updated_at"
        ),
    ),
    KindSpec("practice_areas", _shape("id etag name code category created_at updated_at")),
    KindSpec(
        "custom_fields",
        _shape(
            "id etag name parent_type field_type displayed deleted required display_order"
            " created_at updated_at",
            picklist_options=PICKLIST_OPTION,
        ),
    ),
    KindSpec(
        "contacts",
        _shape(
            "id etag name type prefix first_name middle_name last_name title initials"
            " date_of_birth primary_email_address primary_phone_number is_client is_co_counsel"
            " is_bill_recipient ledes_client_id sales_tax_number created_at updated_at",
            company=CONTACT_REF,
            primary_address=ADDRESS,
            addresses=ADDRESS,
            email_addresses=EMAIL_ADDRESS,
            phone_numbers=PHONE_NUMBER,
            custom_field_values=CUSTOM_FIELD_VALUE,
        ),
    ),
    KindSpec(
        "matters",
        _shape(
            "id etag number display_number custom_number description status location"
            " client_reference client_id billable maildrop_address billing_method open_date"
            " close_date pending_date shared has_tasks last_activity_date created_at updated_at",
            client=CONTACT_REF,
            practice_area=PRACTICE_AREA_REF,
            responsible_attorney=USER_REF,
            originating_attorney=USER_REF,
            folder=FOLDER_REF,
            custom_field_values=CUSTOM_FIELD_VALUE,
        ),
    ),
    KindSpec(
        "activities",
        _shape(
            "id etag type date quantity_in_hours rounded_quantity_in_hours quantity"
            " rounded_quantity quantity_redacted price total note flat_rate billed on_bill"
            " non_billable non_billable_total no_charge tax_setting contingency_fee reference"
            " created_at updated_at",
            matter=MATTER_REF,
            user=USER_REF,
            bill=BILL_REF,
            activity_description=ACTIVITY_DESCRIPTION,
            expense_category=EXPENSE_CATEGORY,
            vendor=CONTACT_REF,
        ),
    ),
    KindSpec(
        "bills",
        _shape(
            "id etag number type kind state subject memo purchase_order issued_at due_at"
            " start_at end_at tax_rate secondary_tax_rate sub_total tax_sum secondary_tax_sum"
            " total_tax total paid paid_at pending due balance credits_issued shared"
            " last_sent_at can_update created_at updated_at",
            user=USER_REF,
            client=CONTACT_REF,
            matters=MATTER_REF,
        ),
    ),
    KindSpec(
        "folders",
        _shape(
            "id etag type name root locked deleted_at created_at updated_at",
            parent=FOLDER_REF,
            matter=MATTER_REF,
            contact=CONTACT_REF,
            creator=CREATOR,
        ),
    ),
    KindSpec(
        "documents",
        _shape(
            "id etag type name filename size content_type locked received_at deleted_at"
            " created_at updated_at",
            parent=FOLDER_REF,
            matter=MATTER_REF,
            contact=CONTACT_REF,
            document_category=DOCUMENT_CATEGORY,
            creator=CREATOR,
            latest_document_version=DOCUMENT_VERSION,
        ),
    ),
    KindSpec(
        "calendar_entries",
        _shape(
            "id etag summary description location start_at end_at all_day recurrence_rule"
            " court_rule permission calendar_owner_id start_at_time_zone time_entries_count"
            " created_at updated_at",
            matter=MATTER_REF,
            calendar_owner=CALENDAR_REF,
            attendees=ATTENDEE,
        ),
        string_ids=True,
    ),
    KindSpec(
        "tasks",
        _shape(
            "id etag name description description_text_type status priority due_at"
            " completed_at permission notify_completion statute_of_limitations time_estimated"
            " time_entries_count created_at updated_at",
            matter=MATTER_REF,
            assigner=USER_REF,
            assignee=PARTICIPANT,
            task_type=TASK_TYPE,
        ),
    ),
    KindSpec(
        "notes",
        _shape(
            "id etag type subject detail detail_text_type date time_entries_count created_at"
            " updated_at",
            matter=MATTER_REF,
            contact=CONTACT_REF,
            author=USER_REF,
        ),
    ),
    KindSpec(
        "communications",
        _shape(
            "id etag type subject body date received_at time_entries_count created_at updated_at",
            matter=MATTER_REF,
            user=USER_REF,
            senders=PARTICIPANT,
            receivers=PARTICIPANT,
        ),
    ),
    KindSpec(
        "trust_line_items",
        _shape(
            "id etag date total note created_at updated_at",
            matter=MATTER_REF,
            client=CONTACT_REF,
            bill=BILL_REF,
        ),
    ),
    KindSpec(
        "bank_accounts",
        _shape(
            "id etag name type account_number transit_number swift institution domicile_branch"
            " holder general_ledger_number currency currency_symbol currency_id balance"
            " bank_transactions_count default_account controlled_account clio_payments_enabled"
            " clio_payment_page_link clio_payment_page_qr_code created_at updated_at",
            user=USER_REF,
        ),
    ),
    KindSpec(
        "bank_transactions",
        _shape(
            "id etag type bank_account_id source confirmation read_only_confirmation date amount"
            " funds_in funds_out current_account_balance currency currency_id exchange_rate"
            " description transaction_type clio_payments_transaction created_at updated_at",
            bank_account=BANK_ACCOUNT_REF,
            matter=MATTER_REF,
            client=CONTACT_REF,
            bill=BILL_REF,
            allocation=ALLOCATION_REF,
        ),
    ),
    KindSpec(
        "line_items",
        _shape(
            "id etag type kind description note date quantity price sub_total tax"
            " secondary_tax total taxable secondary_taxable group_ordering created_at"
            " updated_at",
            bill=BILL_REF,
            activity=ACTIVITY_REF,
            matter=MATTER_REF,
            user=USER_REF,
            discount=DISCOUNT,
            included_line_item_totals=LINE_ITEM_TOTALS,
        ),
    ),
    KindSpec(
        "allocations",
        _shape(
            "id etag date amount interest description payment_type has_online_payment"
            " destroyable voided_at created_at updated_at",
            bill=BILL_REF,
            matter=MATTER_REF,
            contact=CONTACT_REF,
            source_bank_account=BANK_ACCOUNT_REF,
            destination_bank_account=BANK_ACCOUNT_REF,
            parent=POLYMORPHIC_REF,
        ),
    ),
    KindSpec(
        "credit_memos",
        _shape(
            "id etag date amount description discount voided_at created_at updated_at",
            user=USER_REF,
            contact=CONTACT_REF,
            allocations=ALLOCATION_REF,
        ),
    ),
    KindSpec(
        "relationships",
        _shape("id etag description created_at updated_at", matter=MATTER_REF, contact=CONTACT_REF),
    ),
    KindSpec(
        "conversations",
        _shape(
            "id etag subject archived read_only current_user_is_member read message_count"
            " time_entries_count created_at updated_at",
            matter=MATTER_REF,
            first_message=CONVERSATION_MESSAGE,
            last_message=CONVERSATION_MESSAGE,
            messages=CONVERSATION_MESSAGE,
        ),
    ),
    KindSpec(
        "comments",
        _shape(
            "id etag message created_at updated_at",
            creator=USER_REF,
            document_version=DOCUMENT_VERSION,
        ),
    ),
    KindSpec(
        "reminders",
        _shape(
            "id etag duration next_delivery_at state created_at updated_at",
            notification_method=NOTIFICATION_METHOD,
            subject=POLYMORPHIC_REF,
        ),
    ),
    KindSpec(
        "matter_stages",
        _shape("id etag practice_area_id name order created_at updated_at"),
    ),
    KindSpec("document_categories", DOCUMENT_CATEGORY),
    KindSpec("task_types", _shape("id etag name deleted_at created_at updated_at")),
    KindSpec("expense_categories", EXPENSE_CATEGORY),
    KindSpec(
        "activity_descriptions",
        _shape(
            "id etag name default type visible_to_co_counsel accessible_to_user created_at"
            " updated_at"
        ),
    ),
    KindSpec(
        "calendars",
        _shape(
            "id etag name type color light_color permission visible source"
            " court_rules_default_calendar created_at updated_at",
            creator=USER_REF,
        ),
    ),
)
_MORE_KIND_SPECS = (
    KindSpec(
        "activity_rates",
        _shape(
            "id etag rate flat_rate contact_id co_counsel_contact_id created_at updated_at",
            user=USER_REF,
            group=GROUP_REF,
        ),
    ),
    KindSpec(
        # the published link has no updated_at
        "clio_payments/links",
        _shape(
            "id etag active amount currency description email_address expires_at"
            " is_allocated_as_revenue redirect_url url created_at",
            bank_account=BANK_ACCOUNT_REF,
            bill=BILL_REF,
            clio_payments_payment=ONLINE_PAYMENT_REF,
            contact=CONTACT_REF,
            destination_account=BANK_ACCOUNT_REF,
            destination_contact=CONTACT_REF,
        ),
    ),
    KindSpec(
        # the published payment has no etag
        "clio_payments/payments",
        _shape(
            "id amount confirmation_number currency deposit_as_revenue description email_address"
            " state created_at updated_at",
            bank_transaction=BANK_TRANSACTION_REF,
            clio_payments_link=PAYMENT_LINK_REF,
            contact=CONTACT_REF,
            destination_account=BANK_ACCOUNT_REF,
            user=USER_REF,
            allocations=ALLOCATION_REF,
            bills=BILL_REF,
            matters=MATTER_REF,
        ),
    ),
    KindSpec(
        "court_rules/matter_dockets",
        _shape(
            "id etag name start_date start_time status deleted_at created_at updated_at",
            matter=MATTER_REF,
            jurisdiction=JURISDICTION,
            trigger=COURT_RULE_TRIGGER,
            service_type=SERVICE_TYPE,
            calendar_entries=CALENDAR_ENTRY_REF,
        ),
    ),
    KindSpec(
        "custom_field_sets",
        _shape(
            "id etag name parent_type displayed created_at updated_at",
            custom_fields=CUSTOM_FIELD_REF,
        ),
    ),
    KindSpec(
        "damages",
        _shape("id etag amount damage_type description created_at updated_at", matter=MATTER_REF),
    ),
    KindSpec(
        "grants",
        _shape(
            "id etag name funding_code funding_code_and_name funding_source_name balance"
            " start_date end_date created_at updated_at",
            grant_funding_source=GRANT_FUNDING_SOURCE,
        ),
    ),
    KindSpec(
        "grant_funding_sources",
        _shape("id etag name created_at updated_at", grants=GRANT_REF),
    ),
    KindSpec(
        # the published group has no created_at
        "groups",
        _shape("id etag name type client_connect_user updated_at", users=USER_REF),
    ),
    KindSpec(
        "interest_charges",
        _shape(
            "id etag date description total created_at updated_at",
            bill=BILL_REF,
            balances=INTEREST_BALANCE,
            matters=MATTER_REF,
        ),
    ),
    KindSpec(
        "log_entries",
        _shape(
            "id etag type accessed_at created_at updated_at",
            item=POLYMORPHIC_REF,
            user=USER_REF,
        ),
        detail=False,
    ),
    KindSpec(
        "medical_records_details",
        _shape(
            "id etag description in_treatment treatment_start_date treatment_end_date"
            " records_request_date records_follow_up_date records_status bills_request_date"
            " bills_follow_up_date bills_status created_at updated_at",
            matter=MATTER_REF,
            medical_provider=CONTACT_REF,
            medical_bills=MEDICAL_BILL,
            medical_records=MEDICAL_RECORD,
        ),
    ),
    KindSpec(
        "outstanding_client_balances",
        _shape(
            "id etag associated_matter_ids last_payment_date last_shared_date"
            " newest_issued_bill_due_date pending_payments_total reminders_enabled"
            " total_outstanding_balance total_outstanding_balance_by_currency created_at"
            " updated_at",
            contact=CONTACT_REF,
            currency=CURRENCY,
            outstanding_bills=BILL_REF,
        ),
        detail=False,
    ),
    KindSpec(
        "task_template_lists",
        _shape(
            "id etag name description templates_count created_at updated_at",
            practice_area=PRACTICE_AREA_REF,
            creator=USER_REF,
        ),
    ),
    KindSpec(
        "task_templates",
        _shape(
            "id etag name description priority private created_at updated_at",
            assignee=USER_REF,
            task_template_list=TASK_TEMPLATE_LIST_REF,
            task_type=TASK_TYPE,
            template_creator=USER_REF,
            cascading_source=CASCADING_SOURCE,
            reminder_templates=REMINDER_TEMPLATE,
        ),
    ),
    KindSpec(
        "document_templates",
        _shape(
            "id etag filename size content_type created_at updated_at",
            document_category=DOCUMENT_CATEGORY,
            last_modified_by=USER_REF,
        ),
    ),
    KindSpec(
        "conversation_messages",
        _shape(
            "id etag date body created_at updated_at",
            sender=PARTICIPANT,
            receivers=PARTICIPANT,
            document=DOCUMENT_REF,
            conversation=CONVERSATION_REF,
        ),
        required_param="conversation_id",
    ),
)
KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (*_KIND_SPECS, *_MORE_KIND_SPECS)}


def full_fields_param(kind: str) -> str:
    """The `fields=` value that asks for every field the server has for that kind."""

    def render(shape: Shape) -> str:
        return ",".join(
            name if sub is None else f"{name}{{{render(sub)}}}" for name, sub in shape.items()
        )

    return render(KINDS[kind].shape)
