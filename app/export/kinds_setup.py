"""The kinds of the firm's set-up (custom field sets, grants and their funding sources, groups
of users, task templates and their lists, document templates) and their fields, in Clio v4
names. `app.export.kinds` has every kind in the order an export takes them."""

from __future__ import annotations

from app.export.kind_fields import Kind, field_list

CUSTOM_FIELD_SETS = Kind(
    "custom_field_sets",
    "custom_field_sets",
    "Custom field sets",
    "CustomFieldSet",
    field_list(
        "id",
        "etag",
        "name",
        "parent_type",
        "displayed",
        "created_at",
        "updated_at",
        "custom_fields[]{id,etag,name,field_type,parent_type}",
    ),
)

GRANTS = Kind(
    "grants",
    "grants",
    "Grants",
    "Grant",
    field_list(
        "id",
        "etag",
        "name",
        "funding_code",
        "funding_code_and_name",
        "funding_source_name",
        "balance",
        "start_date",
        "end_date",
        "created_at",
        "updated_at",
        "grant_funding_source{id,etag,name,created_at,updated_at}",
    ),
)

GRANT_FUNDING_SOURCES = Kind(
    "grant_funding_sources",
    "grant_funding_sources",
    "Grant funding sources",
    "GrantFundingSource",
    field_list(
        "id",
        "etag",
        "name",
        "created_at",
        "updated_at",
        "grants[]{id,etag,name,funding_code,balance,start_date,end_date}",
    ),
)

GROUPS = Kind(
    "groups",
    "groups",
    "Groups of users",
    "Group",
    field_list(
        "id",
        "etag",
        "name",
        "type",
        "client_connect_user",
        "updated_at",
        "users[]{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
    ),
)

TASK_TEMPLATE_LISTS = Kind(
    "task_template_lists",
    "task_template_lists",
    "Task template lists",
    "TaskTemplateList",
    field_list(
        "id",
        "etag",
        "name",
        "description",
        "templates_count",
        "created_at",
        "updated_at",
        "practice_area{id,etag,name,code,category}",
        "creator{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
    ),
)

TASK_TEMPLATES = Kind(
    "task_templates",
    "task_templates",
    "Task templates",
    "TaskTemplate",
    field_list(
        "id",
        "etag",
        "name",
        "description",
        "priority",
        "private",
        "created_at",
        "updated_at",
        "assignee{id,etag,name,first_name,last_name,initials,email,enabled,subscription_type}",
        "task_template_list{id,etag,name,description,templates_count,created_at,updated_at}",
        "task_type{id,etag,name,created_at,updated_at}",
        "template_creator{id,etag,name,first_name,last_name,initials,email,enabled,"
        "subscription_type}",
        "cascading_source{id,name}",
        "reminder_templates[]{id,etag,duration,notification_type,created_at,updated_at}",
    ),
)

DOCUMENT_TEMPLATES = Kind(
    "document_templates",
    "document_templates",
    "Document templates",
    "DocumentTemplate",
    field_list(
        "id",
        "etag",
        "filename",
        "size",
        "content_type",
        "created_at",
        "updated_at",
        "document_category{id,etag,name,created_at,updated_at}",
        "last_modified_by{id,etag,name,first_name,last_name,initials,email,enabled,"
        "subscription_type}",
    ),
)

#: These kinds, in the order an export takes them.
SETUP_KINDS: tuple[Kind, ...] = (
    CUSTOM_FIELD_SETS,
    GRANTS,
    GRANT_FUNDING_SOURCES,
    GROUPS,
    TASK_TEMPLATE_LISTS,
    TASK_TEMPLATES,
    DOCUMENT_TEMPLATES,
)
