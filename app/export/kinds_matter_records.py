"""The kinds kept about matters and the people on them (court-rule dockets, damages, medical
records requests, conversation messages, log entries) and their fields, in Clio v4 names.
Conversation messages are listed one conversation at a time. `app.export.kinds` has every kind
in the order an export takes them."""

from __future__ import annotations

from app.export.kind_fields import Kind, ParentList, field_list

MATTER_DOCKETS = Kind(
    "matter_dockets",
    "court_rules/matter_dockets",
    "Court-rule dockets",
    "MatterDocket",
    field_list(
        "id",
        "etag",
        "name",
        "start_date",
        "start_time",
        "status",
        "deleted_at",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "jurisdiction{id,etag,system_id,description,default,display_timezone}",
        "trigger{id,etag,system_id,description,is_served}",
        "service_type{id,etag,system_id,description,default}",
        "calendar_entries[]{id,etag,summary,start_at,end_at,all_day,court_rule}",
    ),
)

DAMAGES = Kind(
    "damages",
    "damages",
    "Damages",
    "Damage",
    field_list(
        "id",
        "etag",
        "amount",
        "damage_type",
        "description",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
    ),
)

MEDICAL_RECORDS = Kind(
    "medical_records",
    "medical_records_details",
    "Medical records requests",
    "MedicalRecordsRequest",
    field_list(
        "id",
        "etag",
        "description",
        "in_treatment",
        "treatment_start_date",
        "treatment_end_date",
        "records_request_date",
        "records_follow_up_date",
        "records_status",
        "bills_request_date",
        "bills_follow_up_date",
        "bills_status",
        "created_at",
        "updated_at",
        "matter{id,etag,number,display_number,description,status,client_id,billable,"
        "billing_method,open_date,close_date}",
        "medical_provider{id,etag,name,first_name,last_name,type,initials,is_client,"
        "primary_email_address,primary_phone_number}",
        "medical_bills[]{id,etag,name,amount,adjustment,bill_date,bill_received_date,"
        "damage_type,document_id,created_at,updated_at}",
        "medical_records[]{id,etag,document_id,start_date,end_date,created_at,updated_at}",
    ),
)

LOG_ENTRIES = Kind(
    "log_entries",
    "log_entries",
    "Log entries",
    "LogEntry",
    field_list(
        "id",
        "etag",
        "type",
        "accessed_at",
        "created_at",
        "updated_at",
        "item{id,type,identifier,secondary_identifier,tertiary_identifier}",
        "user{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
    ),
)

CONVERSATION_MESSAGES = Kind(
    "conversation_messages",
    "conversation_messages",
    "Conversation messages",
    "ConversationMessage",
    field_list(
        "id",
        "etag",
        "date",
        "body",
        "created_at",
        "updated_at",
        "sender{id,etag,type,identifier,name,initials,enabled}",
        "receivers[]{id,etag,type,identifier,name,initials,enabled}",
        "document{id,etag,name,filename,size,content_type}",
        "conversation{id,etag,subject,archived,read_only,read,message_count,"
        "time_entries_count,created_at,updated_at}",
    ),
    parent=ParentList("conversations", "conversation_id", "message_count"),
)

#: These kinds, in the order an export takes them.
MATTER_RECORD_KINDS: tuple[Kind, ...] = (
    MATTER_DOCKETS,
    DAMAGES,
    MEDICAL_RECORDS,
    LOG_ENTRIES,
    CONVERSATION_MESSAGES,
)
