"""Every field the published Clio Manage API v4 schemas define for the kinds this backend serves,
as `fields=` shapes: a plain name maps to None, a nested object (or list of objects) to the
shape of the schema it refers to. A client may ask for any of them; what the demo firm does not
store is answered as null, as the real service answers an empty value.

The names are facts of the published document (components.schemas: the kind's schema with its
allOf parts merged, and the `*_base` / embedded schemas its nested fields refer to). They are
kept here by hand rather than read from the document at run time, since the document is not part
of this repository; tests/server/test_published_fields.py checks this list against the document
whenever it is available beside the repository.

It stays one module, longer than most: it is a data table, and its nested shapes are shared by
kinds of every group, so a split by kind would only scatter the cross-references.
"""

from __future__ import annotations

Shape = dict[str, "Shape | None"]


def _shape(names: str, **nested: Shape) -> Shape:
    out: Shape = dict.fromkeys(names.split())
    out.update(nested)
    return out


# Nested schemas, each defined before the ones that refer to it.

ACTIVITY_DESCRIPTION_BASE = _shape(
    "id etag name visible_to_co_counsel created_at updated_at default type utbms_activity_id "
    "utbms_task_name utbms_task_id xero_service_code accessible_to_user category_type "
    "currency"
)

NOTIFICATION_METHOD_BASE = _shape(
    "id etag type email_address is_default_email_address created_at updated_at"
)

ACCOUNT_BASE = _shape("id etag name state created_at updated_at")

AVATAR_BASE = _shape("id etag created_at updated_at url _destroy")

CONTACT_BASE = _shape(
    "id etag name first_name middle_name last_name date_of_birth type created_at updated_at "
    "prefix title initials clio_connect_email locked_clio_connect_email "
    "client_connect_user_id primary_email_address secondary_email_address "
    "primary_phone_number secondary_phone_number ledes_client_id "
    "has_clio_for_clients_permission is_client is_clio_for_client_user is_co_counsel "
    "is_bill_recipient sales_tax_number currency"
)

JOB_TITLE_BASE = _shape("id etag name initials")

GROUP_BASE = _shape("client_connect_user etag id name type updated_at")

PICKLIST_OPTION_BASE = _shape("id etag created_at updated_at option deleted_at")

ACTIVITY_RATE_BASE = _shape(
    "id etag rate flat_rate created_at updated_at contact_id co_counsel_contact_id"
)

ADDRESS_BASE = _shape(
    "id etag street city province postal_code country name created_at updated_at primary"
)

CUSTOM_FIELD = _shape(
    "id etag created_at updated_at name parent_type field_type displayed deleted required "
    "display_order",
    picklist_options=PICKLIST_OPTION_BASE,
)

PICKLIST_OPTION = _shape("id etag created_at updated_at option deleted_at")

CUSTOM_FIELD_MATTER_SELECTION_BASE = _shape("id display_number")

CUSTOM_FIELD_VALUE = _shape(
    "id etag field_name created_at updated_at field_type field_required field_displayed "
    "field_display_order value soft_deleted",
    custom_field=CUSTOM_FIELD,
    picklist_option=PICKLIST_OPTION,
    matter=CUSTOM_FIELD_MATTER_SELECTION_BASE,
    contact=CONTACT_BASE,
)

CUSTOM_FIELD_SET_ASSOCIATION_BASE = _shape("id etag display_order created_at updated_at")

EMAIL_ADDRESS_BASE = _shape("id etag address name primary created_at updated_at")

INSTANT_MESSENGER_BASE = _shape("id etag address name created_at updated_at")

PHONE_NUMBER_BASE = _shape("id etag number name primary created_at updated_at")

WEB_SITE_BASE = _shape("id etag address name default_web_site created_at updated_at")

ACCOUNT_BALANCE_BASE = _shape("id balance type name currency_id")

PAYMENT_PROFILE_BASE = _shape(
    "id etag created_at updated_at billing_setting_id name terms discount_rate "
    "discount_period interest_rate interest_period interest_type"
)

FOLDER_BASE = _shape("id etag created_at updated_at deleted_at type locked name root")

LEGAL_AID_UK_CONTACT_BASE = _shape(
    "id disability disability_code ethnicity ethnicity_title financially_eligible gender "
    "gender_title national_insurance_number"
)

CONTINGENCY_FEE_BASE = _shape("id etag created_at updated_at show_contingency_award")

POLYMORPHIC_CUSTOM_RATE_USER_BASE = _shape("enabled etag id name")

POLYMORPHIC_CUSTOM_RATE_GROUP_BASE = _shape("etag id name")

POLYMORPHIC_CUSTOM_RATE_ACTIVITY_DESCRIPTION_BASE = _shape("id etag name")

POLYMORPHIC_CUSTOM_RATE = _shape(
    "id etag created_at updated_at rate award note date",
    user=POLYMORPHIC_CUSTOM_RATE_USER_BASE,
    group=POLYMORPHIC_CUSTOM_RATE_GROUP_BASE,
    activity_description=POLYMORPHIC_CUSTOM_RATE_ACTIVITY_DESCRIPTION_BASE,
)

MATTER_CUSTOM_RATE = _shape(
    "type on_invoice",
    rates=POLYMORPHIC_CUSTOM_RATE,
)

EVERGREEN_RETAINER_BASE = _shape("id created_at updated_at etag minimum_threshold")

MATTER_BUDGET_BASE = _shape(
    "id etag budget include_expenses notification_threshold notify_users created_at updated_at"
)

MATTER_STAGE_BASE = _shape("id etag practice_area_id name order created_at updated_at")

USER_BASE = _shape(
    "account_owner clio_connect court_rules_default_attendee created_at default_calendar_id "
    "email enabled etag first_name id initials last_name name phone_number rate roles "
    "subscription_type time_zone updated_at"
)

PRACTICE_AREA_BASE = _shape("id etag created_at updated_at name category code")

TASK_BASE = _shape(
    "id etag name status description description_text_type priority due_at permission "
    "completed_at notify_completion statute_of_limitations time_estimated created_at "
    "updated_at time_entries_count"
)

LEGAL_AID_UK_MATTER_BASE = _shape(
    "access_point laa_office_number ait_hearing_centre "
    "attended_several_hearings_acting_for_multiple_clients bill_ho_ucn "
    "bill_number_of_attendances bill_outcome_for_the_client_code bill_stage_reached_code "
    "case_reference case_start_date category category_as_string certificate_effective_date "
    "certificate_expiration_date certificate_number certificate_scope certification_type "
    "change_of_solicitor client_equal_opportunity_monitoring client_type clr_start_date "
    "clr_total_profit_costs cost_limit counsel court court_id court_id_code created_at "
    "delivery_location dscc_number duty_solicitor etag exceptional_case_funding_reference "
    "expense_limit fee_scheme first_conducting_solicitor id irc_surgery legacy_case "
    "legal_representation_number lh_total_disbursements lh_start_date lh_total_profit_costs "
    "linked_matter_id local_authority_number maat_id matter_type matter_type_code "
    "matter_type_1 matter_type_1_code matter_type_1_title matter_type_2 matter_type_2_code "
    "matter_type_2_title matter_types_combined number_of_clients_seen_at_surgery "
    "number_of_clients party police_station post_transfer_clients_represented "
    "postal_application_accepted prior_authority_reference prison_id "
    "prison_law_prior_approval_number procurement_area region related_claims_number "
    "representation_order_date schedule_reference_number scheme_id session_type "
    "solicitor_type standard_fee_category "
    "surgery_clients_resulting_in_a_legal_help_matter_opened surgery_clients surgery_date "
    "transfer_date type_of_advice type_of_service ucn ufn undesignated_area_court updated_at "
    "user_type youth_court"
)

MATTER_BILL_RECIPIENT = _shape(
    "created_at etag id updated_at",
    recipient=CONTACT_BASE,
)

RELATIONSHIP_BASE = _shape("id etag description created_at updated_at")

TASK_TEMPLATE_LIST_INSTACE_BASE = _shape("id etag created_at updated_at")

SPLIT_INVOICE_PAYER_BASE = _shape(
    "id contact_id matter_id send_to_bill_recipients split_portion etag created_at updated_at"
)

CURRENCY_BASE = _shape("id etag code sign created_at updated_at")

EXPENSE_CATEGORY_BASE = _shape(
    "id etag name rate entry_type created_at updated_at xero_expense_code accessible_to_user "
    "tax_setting currency"
)

BILL_BASE = _shape(
    "id etag number issued_at created_at due_at tax_rate secondary_tax_rate updated_at "
    "subject purchase_order type memo start_at end_at balance state kind total paid paid_at "
    "pending due discount_services_only can_update credits_issued shared last_sent_at "
    "services_secondary_tax services_sub_total services_tax services_taxable_sub_total "
    "services_secondary_taxable_sub_total taxable_sub_total secondary_taxable_sub_total "
    "sub_total tax_sum secondary_tax_sum total_tax available_state_transitions"
)

COMMUNICATION_BASE = _shape(
    "id etag subject body type date time_entries_count created_at updated_at received_at"
)

CLIENT_PORTAL_BASE = _shape("id etag created_at updated_at unread_count unread_notifiable_count")

MATTER_BASE = _shape(
    "id etag number display_number custom_number currency description status location "
    "client_reference client_id billable maildrop_address billing_method open_date close_date "
    "pending_date created_at updated_at shared has_tasks last_activity_date "
    "matter_stage_updated_at"
)

NOTE_BASE = _shape(
    "id etag type subject detail detail_text_type date created_at updated_at time_entries_count"
)

POLYMORPHIC_OBJECT_BASE = _shape("id type identifier secondary_identifier tertiary_identifier")

TIMER_BASE = _shape("id etag start_time elapsed_time created_at updated_at")

UTBMS_CODE_BASE = _shape("id etag name code description type utbms_set_id created_at updated_at")

ACTIVITY_CALENDAR_ENTRY_BASE = _shape("id etag calendar_owner_id")

ACTIVITY_TASK_BASE = _shape("id etag")

ACTIVITY_TEXT_MESSAGE_CONVERSATION_BASE = _shape("id etag")

DOCUMENT_VERSION_BASE = _shape(
    "id document_id etag uuid created_at updated_at filename size version_number content_type "
    "received_at put_url fully_uploaded"
)

LEGAL_AID_UK_ACTIVITY_BASE = _shape(
    "activity_sub_category advocacy base_rate bolt_ons bolt_ons_summary court "
    "eligible_for_sqm expert form_of_civil_legal_service id is_custom_rate json_key region "
    "tax_exclusive uplift user_type"
)

DISCOUNT_BASE = _shape("rate type note early_payment_rate early_payment_period")

INTEREST_BASE = _shape("balance period rate total type")

BILL_THEME_BASE = _shape("id etag created_at updated_at account_id default name config")

BANK_ACCOUNT_BASE = _shape(
    "account_number balance bank_transactions_count clio_payment_page_link "
    "clio_payment_page_qr_code clio_payments_enabled controlled_account created_at currency "
    "currency_symbol currency_id default_account domicile_branch etag general_ledger_number "
    "holder id institution name swift transit_number type updated_at"
)

BALANCE_BASE = _shape("id amount type interest_amount due")

MATTER_BALANCE_BASE = _shape("id amount")

BILLING_SETTING_BASE = _shape(
    "id etag rounded_duration rounding use_decimal_rounding currency currency_sign tax_rate "
    "tax_name apply_tax_by_default time_on_flat_rate_contingency_matters_is_non_billable "
    "use_secondary_tax secondary_tax_rate secondary_tax_rule secondary_tax_name "
    "notify_after_bill_created use_utbms_codes created_at updated_at"
)

LEGAL_AID_UK_BILL_BASE = _shape(
    "additional_travel_payment adjourned_hearing_fee advocacy_costs advice_time bill_type "
    "case_concluded case_stage_level cla_exemption_code cla_reference cmrh_oral "
    "cmrh_telephone cost_of_counsel costs_are_those_of court_location date_of_claim "
    "designated_accredited_representative detention_travel_and_waiting_costs "
    "disbursements_vat exceptional_case_funding_reference exemption_criteria_satisfied "
    "follow_on_work ho_interview ho_ucn id independent_medical_reports_claimed "
    "jr_form_filling maat_id meetings_attended mht_ref_no net_disbursements net_profit_costs "
    "niat_disbursement_prior_authority_number number_of_attendances outcome_for_the_client "
    "profit_costs_ex_vat prior_authority_reference representation_order_date stage_reached "
    "substantive_hearing travel_and_waiting_costs travel_time value_of_costs waiting_time"
)

SPLIT_INVOICE_BASE = _shape(
    "id bill_id linked_invoices_display_numbers linked_invoices_ids split_connection_id "
    "split_portion etag created_at updated_at"
)

LINKED_FOLDER_BASE = _shape("id etag created_at updated_at deleted_at type locked name root")

DOCUMENT_CATEGORY_BASE = _shape("id etag name created_at updated_at")

CLIO_CREATOR_BASE = _shape(
    "account_owner clio_connect court_rules_default_attendee default_calendar_id email "
    "enabled etag id type initials first_name last_name name phone_number rate "
    "subscription_type time_zone roles created_at updated_at"
)

EXTERNAL_PROPERTY_BASE = _shape("id etag name value created_at updated_at")

MULTIPART_HEADER_BASE = _shape("name value")

MULTIPART = _shape(
    "part_number put_url",
    put_headers=MULTIPART_HEADER_BASE,
)

DOCUMENT_VERSION = _shape(
    "id document_id etag uuid created_at updated_at filename size version_number content_type "
    "received_at put_url fully_uploaded",
    creator=CLIO_CREATOR_BASE,
    put_headers=MULTIPART_HEADER_BASE,
    multiparts=MULTIPART,
)

ACTIVITY_BASE = _shape(
    "id etag type date quantity_in_hours rounded_quantity_in_hours quantity rounded_quantity "
    "quantity_redacted price note flat_rate billed on_bill total contingency_fee created_at "
    "updated_at reference non_billable non_billable_total no_charge tax_setting currency"
)

CONFERENCE_MEETING_BASE = _shape(
    "conference_id conference_password created_at etag id join_url type source_id updated_at"
)

MATTER_DOCKET_BASE = _shape(
    "id etag name start_date start_time status created_at updated_at deleted_at"
)

CALENDAR_BASE = _shape(
    "id etag color light_color court_rules_default_calendar name permission type visible "
    "created_at updated_at source"
)

CALENDAR_ENTRY_BASE = _shape(
    "id etag summary description location start_at end_at all_day recurrence_rule "
    "parent_calendar_entry_id court_rule created_at updated_at permission calendar_owner_id "
    "start_at_time_zone time_entries_count"
)

CALENDAR_ENTRY_EVENT_TYPE_BASE = _shape("id etag created_at updated_at color name")

ATTENDEE_BASE = _shape("id etag type name enabled email created_at updated_at")

REMINDER_BASE = _shape("id etag duration next_delivery_at state created_at updated_at")

TASK_TYPE_BASE = _shape("id etag name deleted_at created_at updated_at")

PARTICIPANT = _shape(
    "id etag created_at updated_at type identifier secondary_identifier enabled name initials "
    "job_title_name",
    avatar=AVATAR_BASE,
)

NOTIFICATION_EVENT_SUBSCRIBER_BASE = _shape("id etag user_id name created_at updated_at")

COMMUNICATION_EML_FILE_BASE = _shape("id")

DOCUMENT_BASE = _shape(
    "id etag created_at updated_at deleted_at type locked name received_at filename size "
    "content_type"
)

CUSTOM_FIELD_VALUE_BASE = _shape(
    "id etag field_name created_at updated_at field_type field_required field_displayed "
    "field_display_order value soft_deleted"
)

_USER = _shape(
    "account_owner clio_connect court_rules_default_attendee created_at default_calendar_id "
    "email enabled etag first_name id initials last_name name phone_number rate roles "
    "subscription_type time_zone updated_at",
    default_activity_description=ACTIVITY_DESCRIPTION_BASE,
    notification_methods=NOTIFICATION_METHOD_BASE,
    account=ACCOUNT_BASE,
    avatar=AVATAR_BASE,
    contact=CONTACT_BASE,
    job_title=JOB_TITLE_BASE,
    groups=GROUP_BASE,
)

_PRACTICE_AREA = _shape("id etag created_at updated_at name category code")

_CUSTOM_FIELD = _shape(
    "id etag created_at updated_at name parent_type field_type displayed deleted required "
    "display_order",
    picklist_options=PICKLIST_OPTION_BASE,
)

_CONTACT = _shape(
    "id etag name first_name middle_name last_name date_of_birth type created_at updated_at "
    "prefix title initials clio_connect_email locked_clio_connect_email "
    "client_connect_user_id primary_email_address secondary_email_address "
    "primary_phone_number secondary_phone_number ledes_client_id "
    "has_clio_for_clients_permission is_client is_clio_for_client_user is_co_counsel "
    "is_bill_recipient sales_tax_number currency",
    activity_rates=ACTIVITY_RATE_BASE,
    addresses=ADDRESS_BASE,
    custom_field_values=CUSTOM_FIELD_VALUE,
    custom_field_set_associations=CUSTOM_FIELD_SET_ASSOCIATION_BASE,
    email_addresses=EMAIL_ADDRESS_BASE,
    instant_messengers=INSTANT_MESSENGER_BASE,
    phone_numbers=PHONE_NUMBER_BASE,
    web_sites=WEB_SITE_BASE,
    notification_methods=NOTIFICATION_METHOD_BASE,
    account_balances=ACCOUNT_BALANCE_BASE,
    related_contacts=CONTACT_BASE,
    primary_work_address=ADDRESS_BASE,
    primary_address=ADDRESS_BASE,
    secondary_address=ADDRESS_BASE,
    company=CONTACT_BASE,
    avatar=AVATAR_BASE,
    payment_profile=PAYMENT_PROFILE_BASE,
    folder=FOLDER_BASE,
    co_counsel_rate=ACTIVITY_RATE_BASE,
    primary_web_site=WEB_SITE_BASE,
    legal_aid_uk_contact=LEGAL_AID_UK_CONTACT_BASE,
)

_MATTER = _shape(
    "id etag number display_number custom_number currency description status location "
    "client_reference client_id billable maildrop_address billing_method open_date close_date "
    "pending_date created_at updated_at shared has_tasks last_activity_date "
    "matter_stage_updated_at",
    client=CONTACT_BASE,
    contingency_fee=CONTINGENCY_FEE_BASE,
    custom_rate=MATTER_CUSTOM_RATE,
    evergreen_retainer=EVERGREEN_RETAINER_BASE,
    folder=FOLDER_BASE,
    group=GROUP_BASE,
    matter_budget=MATTER_BUDGET_BASE,
    matter_stage=MATTER_STAGE_BASE,
    originating_attorney=USER_BASE,
    practice_area=PRACTICE_AREA_BASE,
    responsible_attorney=USER_BASE,
    statute_of_limitations=TASK_BASE,
    user=USER_BASE,
    legal_aid_uk_matter=LEGAL_AID_UK_MATTER_BASE,
    account_balances=ACCOUNT_BALANCE_BASE,
    custom_field_values=CUSTOM_FIELD_VALUE,
    custom_field_set_associations=CUSTOM_FIELD_SET_ASSOCIATION_BASE,
    matter_bill_recipients=MATTER_BILL_RECIPIENT,
    relationships=RELATIONSHIP_BASE,
    task_template_list_instances=TASK_TEMPLATE_LIST_INSTACE_BASE,
    split_invoice_payers=SPLIT_INVOICE_PAYER_BASE,
)

_ACTIVITY = _shape(
    "id etag type date quantity_in_hours rounded_quantity_in_hours quantity rounded_quantity "
    "quantity_redacted price note flat_rate billed on_bill total contingency_fee created_at "
    "updated_at reference non_billable non_billable_total no_charge tax_setting",
    currency=CURRENCY_BASE,
    activity_description=ACTIVITY_DESCRIPTION_BASE,
    expense_category=EXPENSE_CATEGORY_BASE,
    bill=BILL_BASE,
    communication=COMMUNICATION_BASE,
    client_portal=CLIENT_PORTAL_BASE,
    matter=MATTER_BASE,
    matter_note=NOTE_BASE,
    contact_note=NOTE_BASE,
    subject=POLYMORPHIC_OBJECT_BASE,
    timer=TIMER_BASE,
    user=USER_BASE,
    utbms_expense=UTBMS_CODE_BASE,
    vendor=CONTACT_BASE,
    calendar_entry=ACTIVITY_CALENDAR_ENTRY_BASE,
    task=ACTIVITY_TASK_BASE,
    text_message_conversation=ACTIVITY_TEXT_MESSAGE_CONVERSATION_BASE,
    document_version=DOCUMENT_VERSION_BASE,
    legal_aid_uk_activity=LEGAL_AID_UK_ACTIVITY_BASE,
)

_BILL = _shape(
    "id etag number issued_at created_at due_at tax_rate secondary_tax_rate updated_at "
    "subject purchase_order type memo start_at end_at balance state kind total paid paid_at "
    "pending due discount_services_only can_update credits_issued shared last_sent_at "
    "services_secondary_tax services_sub_total services_tax services_taxable_sub_total "
    "services_secondary_taxable_sub_total taxable_sub_total secondary_taxable_sub_total "
    "sub_total tax_sum secondary_tax_sum total_tax available_state_transitions",
    user=USER_BASE,
    client=CONTACT_BASE,
    discount=DISCOUNT_BASE,
    interest=INTEREST_BASE,
    matters=MATTER_BASE,
    group=GROUP_BASE,
    bill_theme=BILL_THEME_BASE,
    original_bill=BILL_BASE,
    destination_account=BANK_ACCOUNT_BASE,
    balances=BALANCE_BASE,
    matter_totals=MATTER_BALANCE_BASE,
    currency=CURRENCY_BASE,
    billing_setting=BILLING_SETTING_BASE,
    client_addresses=ADDRESS_BASE,
    legal_aid_uk_bill=LEGAL_AID_UK_BILL_BASE,
    split_invoice=SPLIT_INVOICE_BASE,
)

_FOLDER = _shape(
    "id etag created_at updated_at deleted_at type locked name root",
    parent=LINKED_FOLDER_BASE,
    matter=MATTER_BASE,
    contact=CONTACT_BASE,
    document_category=DOCUMENT_CATEGORY_BASE,
    creator=CLIO_CREATOR_BASE,
    latest_document_version=DOCUMENT_VERSION_BASE,
    group=GROUP_BASE,
    external_properties=EXTERNAL_PROPERTY_BASE,
)

_DOCUMENT = _shape(
    "id etag created_at updated_at deleted_at type locked name received_at filename size "
    "content_type",
    parent=LINKED_FOLDER_BASE,
    matter=MATTER_BASE,
    contact=CONTACT_BASE,
    document_category=DOCUMENT_CATEGORY_BASE,
    creator=CLIO_CREATOR_BASE,
    latest_document_version=DOCUMENT_VERSION,
    group=GROUP_BASE,
    external_properties=EXTERNAL_PROPERTY_BASE,
    document_versions=DOCUMENT_VERSION_BASE,
)

_CALENDAR_ENTRY = _shape(
    "id etag summary description location start_at end_at all_day recurrence_rule "
    "parent_calendar_entry_id court_rule created_at updated_at permission calendar_owner_id "
    "start_at_time_zone time_entries_count",
    time_entries=ACTIVITY_BASE,
    conference_meeting=CONFERENCE_MEETING_BASE,
    matter=MATTER_BASE,
    matter_docket=MATTER_DOCKET_BASE,
    calendar_owner=CALENDAR_BASE,
    parent_calendar_entry=CALENDAR_ENTRY_BASE,
    calendar_entry_event_type=CALENDAR_ENTRY_EVENT_TYPE_BASE,
    attendees=ATTENDEE_BASE,
    calendars=CALENDAR_BASE,
    reminders=REMINDER_BASE,
    external_properties=EXTERNAL_PROPERTY_BASE,
)

_TASK = _shape(
    "id etag name status description description_text_type priority due_at permission "
    "completed_at notify_completion statute_of_limitations time_estimated created_at "
    "updated_at time_entries_count",
    time_entries=ACTIVITY_BASE,
    task_type=TASK_TYPE_BASE,
    assigner=USER_BASE,
    matter=MATTER_BASE,
    assignee=PARTICIPANT,
    reminders=REMINDER_BASE,
)

_NOTE = _shape(
    "id etag type subject detail detail_text_type date created_at updated_at time_entries_count",
    matter=MATTER_BASE,
    contact=CONTACT_BASE,
    author=USER_BASE,
    time_entries=ACTIVITY_BASE,
    notification_event_subscribers=NOTIFICATION_EVENT_SUBSCRIBER_BASE,
)

_COMMUNICATION = _shape(
    "id etag subject body type date time_entries_count created_at updated_at received_at",
    user=USER_BASE,
    matter=MATTER_BASE,
    communication_eml_file=COMMUNICATION_EML_FILE_BASE,
    senders=PARTICIPANT,
    receivers=PARTICIPANT,
    external_properties=EXTERNAL_PROPERTY_BASE,
    time_entries=ACTIVITY_BASE,
    documents=DOCUMENT_BASE,
    notification_event_subscribers=NOTIFICATION_EVENT_SUBSCRIBER_BASE,
)

_TRUST_LINE_ITEM = _shape(
    "id etag date total note created_at updated_at",
    bill=BILL_BASE,
    matter=MATTER_BASE,
    client=CONTACT_BASE,
)

ALLOCATION_BASE = _shape(
    "id etag date amount interest voided_at created_at updated_at description "
    "has_online_payment destroyable payment_type"
)

_BANK_ACCOUNT = _shape(
    "account_number balance bank_transactions_count clio_payment_page_link "
    "clio_payment_page_qr_code clio_payments_enabled controlled_account created_at currency "
    "currency_symbol currency_id default_account domicile_branch etag general_ledger_number "
    "holder id institution name swift transit_number type updated_at",
    user=USER_BASE,
)

_BANK_TRANSACTION = _shape(
    "id type etag created_at updated_at bank_account_id source confirmation date amount "
    "currency currency_id description exchange_rate transaction_type funds_in funds_out "
    "clio_payments_transaction current_account_balance read_only_confirmation",
    client=CONTACT_BASE,
    matter=MATTER_BASE,
    bank_account=BANK_ACCOUNT_BASE,
    bill=BILL_BASE,
    allocation=ALLOCATION_BASE,
)

_LINE_ITEM = _shape(
    "id etag type description date price taxable kind note secondary_taxable total tax "
    "secondary_tax sub_total quantity group_ordering created_at updated_at",
    bill=BILL_BASE,
    activity=ACTIVITY_BASE,
    matter=MATTER_BASE,
    user=USER_BASE,
    discount=DISCOUNT_BASE,
    included_line_item_totals=_shape("quantity price discount_percent total sub_total"),
)

_ALLOCATION = _shape(
    "id etag date amount interest voided_at created_at updated_at description "
    "has_online_payment destroyable payment_type",
    bill=BILL_BASE,
    source_bank_account=BANK_ACCOUNT_BASE,
    destination_bank_account=BANK_ACCOUNT_BASE,
    matter=MATTER_BASE,
    contact=CONTACT_BASE,
    parent=POLYMORPHIC_OBJECT_BASE,
)

_CREDIT_MEMO = _shape(
    "id etag date amount description discount voided_at created_at updated_at",
    user=USER_BASE,
    contact=CONTACT_BASE,
    allocations=ALLOCATION_BASE,
)

_RELATIONSHIP = _shape(
    "id etag description created_at updated_at", matter=MATTER_BASE, contact=CONTACT_BASE
)

CONVERSATION_MESSAGE_BASE = _shape("id etag date body created_at updated_at")

_CONVERSATION = _shape(
    "id etag archived read_only current_user_is_member subject message_count "
    "time_entries_count read created_at updated_at",
    last_message=CONVERSATION_MESSAGE_BASE,
    first_message=CONVERSATION_MESSAGE_BASE,
    matter=MATTER_BASE,
    messages=CONVERSATION_MESSAGE_BASE,
    documents=DOCUMENT_BASE,
    # a membership's member is published without fields: asked for as a plain value
    memberships=_shape("id etag read archived created_at updated_at member"),
)

_COMMENT = _shape(
    "id etag message created_at updated_at",
    creator=USER_BASE,
    document_version=DOCUMENT_VERSION_BASE,
)

_REMINDER = _shape(
    "id etag duration next_delivery_at state created_at updated_at",
    notification_method=NOTIFICATION_METHOD_BASE,
    subject=POLYMORPHIC_OBJECT_BASE,
)

_MATTER_STAGE = _shape("id etag practice_area_id name order created_at updated_at")

_EXPENSE_CATEGORY = {**EXPENSE_CATEGORY_BASE, "groups": GROUP_BASE, "utbms_code": UTBMS_CODE_BASE}

_ACTIVITY_DESCRIPTION = {
    **ACTIVITY_DESCRIPTION_BASE,
    "groups": GROUP_BASE,
    "rate": _shape("amount non_billable_amount type hierarchy"),
    "utbms_task": UTBMS_CODE_BASE,
    "utbms_activity": UTBMS_CODE_BASE,
}

_CALENDAR = {**CALENDAR_BASE, "creator": USER_BASE}

_REPORT = _shape("id etag name state kind format progress created_at updated_at category source")

_EMAIL_ADDRESS = _shape("id etag address name primary created_at updated_at")

_PHONE_NUMBER = _shape("id etag number name primary created_at updated_at")

_CLIENT = _shape(
    "id name first_name middle_name last_name type created_at updated_at prefix title "
    "initials is_matter_client primary_email_address primary_phone_number "
    "client_connect_user_id date_of_birth",
    avatar=AVATAR_BASE,
    company=CONTACT_BASE,
    addresses=ADDRESS_BASE,
    email_addresses=EMAIL_ADDRESS_BASE,
    phone_numbers=PHONE_NUMBER_BASE,
    web_sites=WEB_SITE_BASE,
)

_MATTER_CONTACTS = _shape(
    "contact_created_at contact_updated_at created_at description etag first_name id initials "
    "is_client last_name matter_id matter_number middle_name name prefix "
    "primary_email_address primary_phone_number relationship_name secondary_email_address "
    "secondary_phone_number title type updated_at client_connect_user_id",
    avatar=AVATAR_BASE,
    company=CONTACT_BASE,
    primary_address=ADDRESS_BASE,
    primary_web_site=WEB_SITE_BASE,
    secondary_address=ADDRESS_BASE,
    secondary_web_site=WEB_SITE_BASE,
    addresses=ADDRESS_BASE,
    custom_field_values=CUSTOM_FIELD_VALUE_BASE,
    email_addresses=EMAIL_ADDRESS_BASE,
    phone_numbers=PHONE_NUMBER_BASE,
    web_sites=WEB_SITE_BASE,
    relationship=RELATIONSHIP_BASE,
)

_RELATED_CONTACTS = _shape(
    "id contact_id name first_name middle_name last_name type created_at updated_at prefix "
    "title initials is_matter_client primary_email_address primary_phone_number "
    "client_connect_user_id",
    avatar=AVATAR_BASE,
    company=CONTACT_BASE,
    primary_address=ADDRESS_BASE,
    primary_web_site=WEB_SITE_BASE,
    secondary_address=ADDRESS_BASE,
    secondary_web_site=WEB_SITE_BASE,
    addresses=ADDRESS_BASE,
    custom_field_values=CUSTOM_FIELD_VALUE_BASE,
    email_addresses=EMAIL_ADDRESS_BASE,
    phone_numbers=PHONE_NUMBER_BASE,
    web_sites=WEB_SITE_BASE,
    relationship=RELATIONSHIP_BASE,
)

PUBLISHED: dict[str, Shape] = {
    "users": _USER,
    "practice_areas": _PRACTICE_AREA,
    "custom_fields": _CUSTOM_FIELD,
    "contacts": _CONTACT,
    "matters": _MATTER,
    "activities": _ACTIVITY,
    "bills": _BILL,
    "folders": _FOLDER,
    "documents": _DOCUMENT,
    "calendar_entries": _CALENDAR_ENTRY,
    "tasks": _TASK,
    "notes": _NOTE,
    "communications": _COMMUNICATION,
    "trust_line_items": _TRUST_LINE_ITEM,
    "bank_accounts": _BANK_ACCOUNT,
    "bank_transactions": _BANK_TRANSACTION,
    "line_items": _LINE_ITEM,
    "allocations": _ALLOCATION,
    "credit_memos": _CREDIT_MEMO,
    "relationships": _RELATIONSHIP,
    "conversations": _CONVERSATION,
    "comments": _COMMENT,
    "reminders": _REMINDER,
    "matter_stages": _MATTER_STAGE,
    "document_categories": DOCUMENT_CATEGORY_BASE,
    "task_types": TASK_TYPE_BASE,
    "expense_categories": _EXPENSE_CATEGORY,
    "activity_descriptions": _ACTIVITY_DESCRIPTION,
    "calendars": _CALENDAR,
}

#: The published shapes of the sub-resources and other lists served.
PUBLISHED_OTHER: dict[str, Shape] = {
    "reports": _REPORT,
    "document_versions": DOCUMENT_VERSION,
    "email_addresses": _EMAIL_ADDRESS,
    "phone_numbers": _PHONE_NUMBER,
    "matter_client": _CLIENT,
    "matter_contacts": _MATTER_CONTACTS,
    "related_contacts": _RELATED_CONTACTS,
}
