"""The list filters and `order` values the published Clio Manage API v4 defines for each kind this
backend serves, translated into SQL over the stored JSON of each record.

Each published query parameter of a served list is handled here. A filter on a field the demo
firm has no value for (a grant, a group, an external property...) compares against null, so it
matches nothing, or everything for the keyword `null`: what the real service answers for a firm
without such data. A few parameters only change what Clio computes for records the demo does not
have (recurring occurrences, co-counsel users...) and are accepted without effect (`NO_EFFECT`).

Parameters the published document does not define for a list are ignored, as the real service
ignores query parameters it does not know; a published parameter with a value outside its
published form is a 400.

The kinds of filter these are built from are in server.filter_kinds. What is left is one data
table, kept whole although long: each kind's parameters are a few lines read beside the
published document, and a split by kind group would only add modules to look through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from server.filter_kinds import (
    NOTHING,
    Clause,
    FilterError,
    Handler,
    compare,
    date_operators,
    enum,
    eq_int,
    eq_text,
    flag,
    ids,
    in_list,
    instant,
    json_value,
    many_of,
    no_effect,
    one_of,
    parse_bool,
    parse_date,
    parse_int,
    raw,
    text_search,
    when_true,
)
from server.published_filters_more import FILTERS_MORE, ORDER_PATHS_MORE, SORTABLE_MORE

# --------------------------------------------------------------------------------------------
# the published parameters of each served list

_COMMON: dict[str, Handler] = {
    "ids[]": ids(),
    "created_since": compare("$.created_at", ">=", instant),
    # updated_since: the indexed column, handled by the list endpoint
}
_MATTER_STATUS = {"open": "Open", "closed": "Closed", "pending": "Pending"}
_TASK_STATUSES = ("pending", "in_progress", "in_review", "complete")
_DATE_OPS = date_operators


def _custom_field_values(name: str, values: Sequence[str]) -> Clause:
    """`custom_field_values[12]=>=105.4`: a custom field's value compared, as a number when
    the value given is one (currency, numeric), as text otherwise (dates, text, checkboxes)."""
    field_id = parse_int(name, name.removeprefix("custom_field_values[").removesuffix("]"))
    text = values[-1]
    operator = next((op for op in (">=", "<=", ">", "<", "=") if text.startswith(op)), "=")
    value: Any = text[len(operator) :] if text.startswith(operator) else text
    stored = "json_extract(value, '$.value')"
    try:
        value = float(value)
        stored = f"CAST({stored} AS REAL)"
    except ValueError:
        pass
    return (
        "EXISTS (SELECT 1 FROM json_each(body, '$.custom_field_values') WHERE"
        f" json_extract(value, '$.custom_field.id') = ? AND {stored} {operator} ?)",
        (field_id, value),
    )


FILTERS: dict[str, dict[str, Handler]] = {
    "users": {
        "enabled": flag("$.enabled"),
        "include_co_counsel": no_effect,
        "name": eq_text("$.name"),
        "pending_setup": flag("$.pending_setup"),
        "role": enum(
            {
                role: (
                    "EXISTS (SELECT 1 FROM json_each(body, '$.roles') WHERE value = ?)",
                    (stored,),
                )
                for role, stored in (
                    ("admin", "Administrator"),
                    ("accounts", "Accounts"),
                    ("billing", "Billing"),
                    ("reports", "Reports"),
                )
            }
        ),
        "subscription_type": one_of(
            "$.subscription_type", {"attorney": "Attorney", "nonattorney": "NonAttorney"}
        ),
    },
    "matters": {
        "billable": flag("$.billable"),
        "client_id": eq_int("$.client.id", null_ok=False),
        "close_date[]": _DATE_OPS("$.close_date"),
        "custom_field_ids[]": no_effect,  # narrows custom_field_values, not the records
        "grant_id": eq_int("$.grant.id"),
        "group_id": eq_int("$.group.id", null_ok=False),
        "notification_event_subscriber_user_id": eq_int("$.notification_event_subscriber.id"),
        "open_date[]": _DATE_OPS("$.open_date"),
        "originating_attorney_id": eq_int("$.originating_attorney.id"),
        "pending_date[]": _DATE_OPS("$.pending_date"),
        "practice_area_id": eq_int("$.practice_area.id", null_ok=False),
        "query": text_search("$.display_number", "$.description", "$.client.name"),
        "responsible_attorney_id": eq_int("$.responsible_attorney.id"),
        "responsible_staff_id": eq_int("$.responsible_staff.id"),
        # "It accepts comma-separated statuses, e.g. `open,pending`."
        "status": lambda name, values: many_of("$.status", _MATTER_STATUS)(
            name, values[-1].split(",")
        ),
        "subscriber_user_id": eq_int("$.subscriber_user.id"),
    },
    "contacts": {
        "client_only": when_true(f"IFNULL({json_value('$.is_client')}, 0) = 1"),
        "clio_connect_only": when_true(f"{json_value('$.clio_connect_email')} IS NOT NULL"),
        "custom_field_ids[]": no_effect,
        "email_only": when_true(f"{json_value('$.primary_email_address')} IS NOT NULL"),
        "exclude_ids[]": ids(negate=True),
        "initial": enum(
            {
                letter: (
                    f"upper(substr(IFNULL({json_value('$.last_name')},"
                    f" {json_value('$.name')}), 1, 1)) = ?",
                    (letter,),
                )
                for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            }
        ),
        "query": text_search(
            "$.name", "$.title", "$.primary_email_address", "$.primary_phone_number"
        ),
        "shared_resource_id": eq_int("$.shared_resource.id", null_ok=False),
        "type": one_of("$.type", {"Company": "Company", "Person": "Person"}),
    },
    "activities": {
        "activity_description_id": eq_int("$.activity_description.id"),
        "calendar_entry_id": eq_int("$.calendar_entry.id"),
        "communication_id": eq_int("$.communication.id"),
        "contact_note_id": eq_int("$.contact_note.id"),
        "end_date": compare("$.date", "<=", parse_date),
        "expense_category_id": eq_int("$.expense_category.id"),
        "flat_rate": flag("$.flat_rate"),
        "grant_id": eq_int("$.grant.id"),
        "matter_id": eq_int("$.matter.id"),
        "matter_note_id": eq_int("$.matter_note.id"),
        "only_unaccounted_for": no_effect,
        "query": text_search("$.note"),
        "start_date": compare("$.date", ">=", parse_date),
        "status": enum(
            {
                "billed": (f"IFNULL({json_value('$.billed')}, 0) = 1", ()),
                "unbilled": (
                    f"IFNULL({json_value('$.billed')}, 0) = 0"
                    f" AND IFNULL({json_value('$.non_billable')}, 0) = 0",
                    (),
                ),
                "non_billable": (f"IFNULL({json_value('$.non_billable')}, 0) = 1", ()),
                "billable": (f"IFNULL({json_value('$.non_billable')}, 0) = 0", ()),
                "draft": (f"{json_value('$.bill.state')} = 'draft'", ()),
                "written_off": (f"{json_value('$.bill.state')} = 'written_off'", ()),
            }
        ),
        "task_id": eq_int("$.task.id"),
        "type": one_of(
            "$.type",
            {
                name: name
                for name in ("TimeEntry", "ExpenseEntry", "HardCostEntry", "SoftCostEntry")
            },
        ),
        "user_id": eq_int("$.user.id"),
    },
    "bills": {
        "client_id": eq_int("$.client.id"),
        "currency_id": eq_int("$.currency.id"),
        "due_after": compare("$.due_at", ">", parse_date),
        "due_at": compare("$.due_at", "=", parse_date),
        "due_before": compare("$.due_at", "<", parse_date),
        "issued_after": compare("$.issued_at", ">", parse_date),
        "issued_before": compare("$.issued_at", "<", parse_date),
        "last_sent_end_date": compare("$.last_sent_at", "<=", parse_date),
        "last_sent_start_date": compare("$.last_sent_at", ">=", parse_date),
        "matter_id": in_list("$.matters"),
        "originating_attorney_id": eq_int("$.originating_attorney.id"),
        # overdue_only / status=overdue need today's date: see `overdue_clause`
        "query": raw(f"{json_value('$.number')} LIKE '%' || ? || '%'", parse_int),
        "responsible_attorney_id": eq_int("$.responsible_attorney.id"),
        "state": one_of(
            "$.state",
            {
                name: name
                for name in (
                    "draft",
                    "awaiting_approval",
                    "awaiting_payment",
                    "paid",
                    "void",
                    "deleted",
                )
            },
        ),
        "type": one_of("$.kind", {"revenue": "revenue_kind", "trust": "trust_kind"}),
    },
    "documents": {
        "contact_id": eq_int("$.contact.id"),
        "document_category_id": eq_int("$.document_category.id"),
        "external_property_name": raw(NOTHING),
        "external_property_value": raw(NOTHING),
        "include_deleted": no_effect,  # see `deleted_clause`
        "matter_id": eq_int("$.matter.id"),
        "parent_id": no_effect,  # with `scope`: see `folder_clause`
        "query": text_search("$.name", "$.filename"),
        "scope": enum({"children": ("1", ()), "descendants": ("1", ())}),
        "show_uncompleted": no_effect,
    },
    "folders": {
        "contact_id": eq_int("$.contact.id"),
        "document_category_id": eq_int("$.document_category.id"),
        "external_property_name": raw(NOTHING),
        "external_property_value": raw(NOTHING),
        "include_deleted": no_effect,
        "matter_id": eq_int("$.matter.id"),
        "parent_id": no_effect,
        "query": text_search("$.name"),
        "scope": enum({"children": ("1", ()), "descendants": ("1", ())}),
    },
    "calendar_entries": {
        "calendar_id": eq_int("$.calendar_owner.id", null_ok=False),
        "expanded": no_effect,
        "external_property_name": raw(NOTHING),
        "external_property_value": raw(NOTHING),
        "from": compare("$.end_at", ">=", instant),
        "has_court_rule": flag("$.court_rule"),
        "is_all_day": flag("$.all_day"),
        "matter_id": eq_int("$.matter.id"),
        "owner_entries_across_all_users": no_effect,
        "query": text_search("$.summary", "$.description", "$.location"),
        "source": enum({"web": ("1", ()), "mobile": ("1", ())}),
        "to": compare("$.start_at", "<=", instant),
        "visible": flag("$.calendar_owner.visible"),
    },
    "tasks": {
        "assignee_id": eq_int("$.assignee.id", null_ok=False),
        "assignee_type": one_of("$.assignee.type", {"user": "User", "contact": "Contact"}),
        "assigner_id": eq_int("$.assigner.id", null_ok=False),
        "cascading_source_id": eq_int("$.cascading_source.id"),
        "client_id": eq_int("$.matter.client_id"),
        "complete": enum(
            {
                "true": (f"{json_value('$.status')} = 'complete'", ()),
                "false": (f"IFNULL({json_value('$.status')}, '') != 'complete'", ()),
            }
        ),
        "due_at_from": compare("$.due_at", ">=", parse_date),
        "due_at_present": when_true(
            f"{json_value('$.due_at')} IS NOT NULL", f"{json_value('$.due_at')} IS NULL"
        ),
        "due_at_to": compare("$.due_at", "<=", parse_date),
        "matter_id": eq_int("$.matter.id"),
        "permission": one_of("$.permission", {"private": "private", "public": "public"}),
        "priority": one_of("$.priority", {"high": "High", "normal": "Normal", "low": "Low"}),
        "query": text_search("$.name", "$.description"),
        "responsible_attorney_id": raw(
            f"{json_value('$.matter.id')} IN (SELECT id FROM practice_matters"
            f" WHERE {json_value('$.responsible_attorney.id')} = ?)",
            parse_int,
        ),
        "status": one_of("$.status", {s: s for s in _TASK_STATUSES}),
        "statuses[]": many_of("$.status", {s: s for s in _TASK_STATUSES}),
        "statute_of_limitations": flag("$.statute_of_limitations"),
        "task_type_id": eq_int("$.task_type.id"),
        "time_entries_present": when_true(
            f"IFNULL({json_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({json_value('$.time_entries_count')}, 0) = 0",
        ),
    },
    "notes": {
        "contact_id": eq_int("$.contact.id"),
        "has_time_entries": when_true(
            f"IFNULL({json_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({json_value('$.time_entries_count')}, 0) = 0",
        ),
        "matter_id": eq_int("$.matter.id"),
        "query": text_search("$.subject", "$.detail"),
        # type (Matter / Contact) is required and handled by the list endpoint
    },
    "communications": {
        "contact_id": lambda name, values: (
            "EXISTS (SELECT 1 FROM json_each(body, '$.senders') WHERE"
            " json_extract(value, '$.type') != 'User' AND json_extract(value, '$.id') = ?"
            " UNION ALL SELECT 1 FROM json_each(body, '$.receivers') WHERE"
            " json_extract(value, '$.type') != 'User' AND json_extract(value, '$.id') = ?)",
            (parse_int(name, values[-1]),) * 2,
        ),
        "date": compare("$.date", "=", parse_date),
        "external_property_name": raw(NOTHING),
        "external_property_value": raw(NOTHING),
        "having_time_entries": when_true(
            f"IFNULL({json_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({json_value('$.time_entries_count')}, 0) = 0",
        ),
        "matter_id": eq_int("$.matter.id"),
        "query": text_search("$.subject", "$.body"),
        "received_at": compare("$.received_at", "=", parse_date),
        "received_before": compare("$.received_at", "<", instant),
        "received_since": compare("$.received_at", ">=", instant),
        "type": one_of(
            "$.type",
            {
                "EmailCommunication": "EmailCommunication",
                "PhoneCommunication": "PhoneCommunication",
            },
        ),
        "user_id": eq_int("$.user.id"),
    },
    "trust_line_items": {
        "bill_id": eq_int("$.bill.id"),
        "matter_id": eq_int("$.matter.id"),
    },
    "bank_accounts": {
        # an account with nothing in it and no transactions is left out unless asked for
        "show_empty_accounts": when_true(
            "",
            f"IFNULL({json_value('$.balance')}, 0) != 0"
            f" OR IFNULL({json_value('$.bank_transactions_count')}, 0) > 0",
        ),
        "type": one_of("$.type", {"OperatingAccount": "Operating", "TrustAccount": "Trust"}),
        "user_id": eq_int("$.user.id"),
    },
    "bank_transactions": {
        "bank_account_id": eq_int("$.bank_account_id"),
        "client_id": eq_int("$.client.id"),
        "matter_id": eq_int("$.matter.id"),
        # trust money is held for clients (a liability); the operating account is the firm's
        "type": one_of("$.bank_account.type", {"asset": "Operating", "liability": "Trust"}),
    },
    "line_items": {
        "activity_id": eq_int("$.activity.id"),
        "bill_id": eq_int("$.bill.id"),
        "display": no_effect,  # only hides lines of bill layouts the demo does not have
        "exclude_ids[]": ids(negate=True),
        "group_ordering": eq_int("$.group_ordering"),
        "kind": eq_text("$.kind"),
        "matter_id": eq_int("$.matter.id"),
        "query": text_search("$.description", "$.note"),
    },
    "allocations": {
        "bill_id": eq_int("$.bill.id"),
        "contact_id": eq_int("$.contact.id"),
        "matter_id": eq_int("$.matter.id"),
        "parent_id": eq_int("$.parent.id"),
        "parent_type": no_effect,  # published as a number; every parent here is a payment
        "status": enum(
            {
                "valid": (f"{json_value('$.voided_at')} IS NULL", ()),
                "invalid": (f"{json_value('$.voided_at')} IS NOT NULL", ()),
            }
        ),
    },
    "credit_memos": {
        "contact_id": eq_int("$.contact.id"),
    },
    "relationships": {
        "contact_id": eq_int("$.contact.id"),
        "matter_id": eq_int("$.matter.id"),
    },
    "conversations": {
        "archived": flag("$.archived"),
        "contact_id": eq_int("$.matter.client_id"),  # the client of the conversation's matter
        "date": no_effect,  # narrows by the reader's time zone; every conversation is kept
        "for_user": no_effect,  # the signed-in user is a member of every conversation here
        "matter_id": eq_int("$.matter.id"),
        "read_status": flag("$.read"),
        "time_entries": when_true(
            f"IFNULL({json_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({json_value('$.time_entries_count')}, 0) = 0",
        ),
    },
    "comments": {
        "item_id": eq_int("$.document_version.document_id"),  # the document commented on
    },
    "reminders": {
        "notification_method_id": eq_int("$.notification_method.id"),
        "state": one_of(
            "$.state",
            {
                name: name
                for name in (
                    "initializing scheduling rescheduling scheduled attempting_delivery"
                    " delivery_failed delivered delivery_skipped invalid_user"
                ).split()
            },
        ),
        "subject_id": eq_int("$.subject.id"),
        "subject_type": one_of(
            "$.subject.type", {"calendar_entry": "CalendarEntry", "task": "Task"}
        ),
        # each user has one notification method, numbered like the user
        "user_id": eq_int("$.notification_method.id"),
    },
    "matter_stages": {
        # stored as text, as published; compared as the number it is
        "practice_area_id": raw(
            f"CAST({json_value('$.practice_area_id')} AS INTEGER) = ?", parse_int
        ),
    },
    "document_categories": {
        "query": text_search("$.name"),
    },
    "task_types": {
        "enabled": when_true(
            f"{json_value('$.deleted_at')} IS NULL", f"{json_value('$.deleted_at')} IS NOT NULL"
        ),
        "name": eq_text("$.name"),
        "query": text_search("$.name"),
    },
    "expense_categories": {
        "entry_type": one_of(
            "$.entry_type", {name: name for name in ("hard_cost", "soft_cost", "unassociated")}
        ),
        "query": text_search("$.name"),
    },
    "activity_descriptions": {
        "flat_rate": no_effect,  # the rate the user would get: the demo stores no rates
        "rate_for[matter_id]": no_effect,
        "rate_for[user_id]": no_effect,
        "type": one_of("$.type", {"clio": "ActivityDescription", "utbms": "UtbmsActivity"}),
        "user_id": no_effect,  # every description is open to every user
    },
    "calendars": {
        "filter_inactive_users": no_effect,  # every user of the demo firm is active
        "owner": no_effect,  # asks for the signed-in user's view; every calendar is shown
        "source": one_of("$.source", {"web": "web", "mobile": "mobile"}),
        "type": one_of(
            "$.type", {name: name for name in ("AccountCalendar", "AdhocCalendar", "UserCalendar")}
        ),
        "visible": flag("$.visible"),
        "writeable": no_effect,  # the signed-in administrator may write to every calendar
    },
    "custom_fields": {
        "deleted": flag("$.deleted"),
        "field_type": one_of(
            "$.field_type",
            {
                name: name
                for name in (
                    "checkbox contact currency date time email matter numeric picklist"
                    " text_area text_line url"
                ).split()
            },
        ),
        "parent_type": one_of("$.parent_type", {"matter": "Matter", "contact": "Contact"}),
        "query": text_search("$.name"),
        "visible_and_required": when_true(
            f"IFNULL({json_value('$.displayed')}, 0) = 1"
            f" AND IFNULL({json_value('$.required')}, 0) = 1"
        ),
    },
    "practice_areas": {
        "code": eq_text("$.code"),
        "matter_id": no_effect,  # only hides Legal Aid UK practice areas, which the demo lacks
        "name": eq_text("$.name"),
    },
}

FILTERS.update(FILTERS_MORE)

#: Kinds whose lists take `custom_field_values[<custom field id>]=<operator><value>`.
CUSTOM_FIELD_FILTERS = ("matters", "contacts", "bills")

_SUBTREE = (
    "IN (WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT f.id FROM practice_folder_tree f"
    " JOIN tree ON f.parent_id = tree.id) SELECT id FROM tree)"
)


def _folder_clause(params: dict[str, list[str]]) -> Clause | None:
    """documents / folders: `parent_id` with `scope` (children by default, or descendants)."""
    if "parent_id" not in params:
        return None
    text = params["parent_id"][-1]
    if text == "null":
        return f"{json_value('$.parent.id')} IS NULL", ()
    parent = parse_int("parent_id", text)
    if params.get("scope", ["children"])[-1] == "descendants":
        return f"{json_value('$.parent.id')} {_SUBTREE}", (parent,)
    return f"{json_value('$.parent.id')} = ?", (parent,)


def _overdue_clause(params: dict[str, list[str]], today: str) -> Clause | None:
    overdue = params.get("status", ["all"])[-1] == "overdue"
    if "overdue_only" in params:
        overdue = overdue or parse_bool("overdue_only", params["overdue_only"][-1])
    if params.get("status", ["all"])[-1] not in ("all", "overdue"):
        raise FilterError("status must be one of all, overdue")
    if not overdue:
        return None
    return (
        f"IFNULL({json_value('$.balance')}, 0) > 0 AND {json_value('$.due_at')} < ?"
        f" AND IFNULL({json_value('$.state')}, '') NOT IN ('void', 'deleted', 'draft')",
        (today,),
    )


def clauses(kind: str, query: Sequence[tuple[str, str]], today: str) -> tuple[Clause, ...]:
    """The conditions the published filters in a list's query string ask for. `today` is the
    server's date (for overdue bills)."""
    params: dict[str, list[str]] = {}
    for name, value in query:
        params.setdefault(name, []).append(value)
    handlers = {**_COMMON, **FILTERS[kind]}
    found: list[Clause] = []
    for name, values in params.items():
        handler = handlers.get(name)
        if handler is None and kind in CUSTOM_FIELD_FILTERS:
            if name.startswith("custom_field_values[") and name.endswith("]"):
                handler = _custom_field_values
        if handler is not None:
            clause = handler(name, values)
            if clause is not None:
                found.append(clause)
    if kind in ("documents", "folders"):
        folder = _folder_clause(params)
        if folder is not None:
            found.append(folder)
        if not parse_bool("include_deleted", params.get("include_deleted", ["false"])[-1]):
            found.append((f"{json_value('$.deleted_at')} IS NULL", ()))
    if kind == "bills":
        overdue = _overdue_clause(params, today)
        if overdue is not None:
            found.append(overdue)
    return tuple(found)


# --------------------------------------------------------------------------------------------
# order

_SORTABLE: dict[str, str] = {
    "users": "email enabled id name first_name last_name initials subscription_type",
    "matters": (
        "display_number custom_number id client.name open_date practice_area.name"
        " matter_stage.name responsible_attorney.name close_date pending_date updated_at"
        " created_at statute_of_limitations.due_at originating_attorney.name grants"
        " matter_stage_updated_at"
    ),
    "contacts": "id name shared_at",
    "activities": (
        "id display_number user.name price total type date note updated_at vendor.name"
        " expense_category.name non_billable non_billable_total"
    ),
    "bills": (
        "id due_at issued_at paid_at last_sent_at client_name matter_display_number balance number"
    ),
    "documents": "created_at document_number id name received_at updated_at",
    "folders": "id name",
    "calendar_entries": "id",  # no order is published for calendar entries; id is accepted
    "tasks": (
        "name task_type.name id priority matter.display_number due_at due_at_strict completed_at"
    ),
    "notes": "id date author updated_at",
    "communications": "id date received_at matter",
    "trust_line_items": "id",
    "bank_accounts": ("id name institution account_number transit_number currency updated_at type"),
    "bank_transactions": "id",  # no order values are published; id is accepted
    "line_items": "id",  # no order values are published; id is accepted
    "allocations": "id date",
    "credit_memos": "id date",
    "relationships": "id",  # no order values are published; id is accepted
    "conversations": "id last_message_id matter_id",
    "comments": "id",  # no order values are published; id is accepted
    "reminders": "id next_delivery_at",
    "matter_stages": "id",  # no order values are published; id is accepted
    "document_categories": "id name",
    "task_types": "name id",
    "expense_categories": "id name rate entry_type",
    "activity_descriptions": "id",  # no order values are published; id is accepted
    "calendars": "name id",
    "custom_fields": "id name display_order",
    "practice_areas": "id name category code",
}
_SORTABLE.update(SORTABLE_MORE)
# published order names that are not the path of a field
_ORDER_PATHS = {
    **ORDER_PATHS_MORE,
    ("conversations", "last_message_id"): "$.last_message.id",
    ("conversations", "matter_id"): "$.matter.id",
    ("activities", "display_number"): "$.matter.display_number",
    ("bills", "client_name"): "$.client.name",
    ("bills", "matter_display_number"): "$.matters[0].display_number",
    ("tasks", "due_at_strict"): "$.due_at",
    ("notes", "author"): "$.author.name",
    ("communications", "matter"): "$.matter.display_number",
}


def orders(kind: str) -> tuple[str, ...]:
    """The `order` values a list accepts: the published ones of that kind."""
    return tuple(
        f"{name}({direction})" for name in _SORTABLE[kind].split() for direction in ("asc", "desc")
    )


def order_path(kind: str, order: str) -> tuple[str | None, bool]:
    """The JSON path an order sorts by (None for id) and whether it is descending."""
    name, _, direction = order.partition("(")
    descending = direction == "desc)"
    if name == "id":
        return None, descending
    return _ORDER_PATHS.get((kind, name), f"$.{name}"), descending
