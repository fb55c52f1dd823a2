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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

#: One SQL condition on a record row (columns id, updated_at, body) and its bound arguments.
Clause = tuple[str, tuple[Any, ...]]


class FilterError(ValueError):
    """A published parameter with a value outside its published form."""


# --------------------------------------------------------------------------------------------
# value parsing


def _int(name: str, text: str) -> int:
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 19:
        raise FilterError(f"{name} must be a whole number")
    return int(text)


def _bool(name: str, text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise FilterError(f"{name} must be true or false")
    return text.lower() == "true"


def instant(name: str, text: str) -> str:
    """An ISO-8601 timestamp as the stored form (UTC, whole seconds, Z)."""
    try:
        moment = datetime.fromisoformat(text.replace(" ", "+"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        raise FilterError(f"{name} must be an ISO-8601 timestamp") from None


def _date(name: str, text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise FilterError(f"{name} must be an ISO-8601 date") from None


# --------------------------------------------------------------------------------------------
# filter kinds: each takes the parameter's name and its values (last one for a plain parameter)

Handler = Callable[[str, Sequence[str]], Clause | None]


def _value(path: str) -> str:
    # the path is always one of the fixed literals below, never taken from a request
    return f"json_extract(body, '{path}')"


def eq_int(path: str, null_ok: bool = True) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        text = values[-1]
        if text == "null" and null_ok:
            return f"{_value(path)} IS NULL", ()
        return f"{_value(path)} = ?", (_int(name, text),)

    return handle


def eq_text(path: str) -> Handler:
    return lambda name, values: (f"{_value(path)} = ?", (values[-1],))


def flag(path: str) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        wanted = _bool(name, values[-1])
        return f"IFNULL({_value(path)}, 0) = ?", (int(wanted),)

    return handle


def enum(published: dict[str, Clause]) -> Handler:
    """A published value -> its condition."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        if values[-1] not in published:
            raise FilterError(f"{name} must be one of {', '.join(published)}")
        return published[values[-1]]

    return handle


def one_of(path: str, published: dict[str, str]) -> Handler:
    """A published value -> the stored value it matches."""
    return enum({key: (f"{_value(path)} = ?", (stored,)) for key, stored in published.items()})


def many_of(path: str, published: dict[str, str]) -> Handler:
    """`statuses[]=a&statuses[]=b`: any of the values."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        unknown = [v for v in values if v not in published]
        if unknown:
            raise FilterError(f"{name} must be among {', '.join(published)}")
        marks = ",".join("?" * len(values))
        return f"{_value(path)} IN ({marks})", tuple(published[v] for v in values)

    return handle


def compare(path: str, operator: str, parse: Callable[[str, str], str]) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        value = parse(name, values[-1])
        # a date compared with a stored timestamp: compare the timestamp's date part
        stored = f"substr({_value(path)}, 1, {len(value)})"
        return f"{stored} {operator} ?", (value,)

    return handle


def date_operators(path: str) -> Handler:
    """`open_date[]=>=2020-01-01&open_date[]=<2021-01-01`: all conditions hold."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        parts: list[str] = []
        args: list[Any] = []
        for text in values:
            for operator in (">=", "<=", ">", "<", "="):
                if text.startswith(operator):
                    parts.append(f"{_value(path)} {operator} ?")
                    args.append(_date(name, text[len(operator) :]))
                    break
            else:
                raise FilterError(f"{name} must be an operator (>, >=, =, <=, <) and a date")
        return " AND ".join(parts), tuple(args)

    return handle


def ids(negate: bool = False) -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause:
        numbers = tuple(_int(name, text) for text in values)
        marks = ",".join("?" * len(numbers))
        return f"id {'NOT ' if negate else ''}IN ({marks})", numbers

    return handle


def in_list(path: str, item_path: str = "$.id") -> Handler:
    """An id among the objects of a nested list (a bill's matters)."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        return (
            f"EXISTS (SELECT 1 FROM json_each(body, '{path}')"
            f" WHERE json_extract(value, '{item_path}') = ?)",
            (_int(name, values[-1]),),
        )

    return handle


def text_search(*paths: str) -> Handler:
    """A wildcard search: the words appear in one of these fields (case-insensitive)."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        fields = " OR ".join(f"IFNULL({_value(p)}, '') LIKE ? ESCAPE '\\'" for p in paths)
        pattern = "%" + values[-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"({fields})", tuple([pattern + "%"] * len(paths))

    return handle


def raw(sql: str, parse: Callable[[str, str], Any] | None = None) -> Handler:
    """A fixed condition, with the value parsed into its one argument when `parse` is set."""

    def handle(name: str, values: Sequence[str]) -> Clause:
        return sql, ((parse(name, values[-1]),) if parse else ())

    return handle


def when_true(sql: str, otherwise: str = "") -> Handler:
    def handle(name: str, values: Sequence[str]) -> Clause | None:
        chosen = sql if _bool(name, values[-1]) else otherwise
        return (chosen, ()) if chosen else None

    return handle


def no_effect(name: str, values: Sequence[str]) -> None:
    return None


NOTHING = "0"  # a condition no record meets

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
    field_id = _int(name, name.removeprefix("custom_field_values[").removesuffix("]"))
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
        "client_only": when_true(f"IFNULL({_value('$.is_client')}, 0) = 1"),
        "clio_connect_only": when_true(f"{_value('$.clio_connect_email')} IS NOT NULL"),
        "custom_field_ids[]": no_effect,
        "email_only": when_true(f"{_value('$.primary_email_address')} IS NOT NULL"),
        "exclude_ids[]": ids(negate=True),
        "initial": enum(
            {
                letter: (
                    f"upper(substr(IFNULL({_value('$.last_name')}, {_value('$.name')}), 1, 1)) = ?",
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
        "end_date": compare("$.date", "<=", _date),
        "expense_category_id": eq_int("$.expense_category.id"),
        "flat_rate": flag("$.flat_rate"),
        "grant_id": eq_int("$.grant.id"),
        "matter_id": eq_int("$.matter.id"),
        "matter_note_id": eq_int("$.matter_note.id"),
        "only_unaccounted_for": no_effect,
        "query": text_search("$.note"),
        "start_date": compare("$.date", ">=", _date),
        "status": enum(
            {
                "billed": (f"IFNULL({_value('$.billed')}, 0) = 1", ()),
                "unbilled": (
                    f"IFNULL({_value('$.billed')}, 0) = 0"
                    f" AND IFNULL({_value('$.non_billable')}, 0) = 0",
                    (),
                ),
                "non_billable": (f"IFNULL({_value('$.non_billable')}, 0) = 1", ()),
                "billable": (f"IFNULL({_value('$.non_billable')}, 0) = 0", ()),
                "draft": (f"{_value('$.bill.state')} = 'draft'", ()),
                "written_off": (f"{_value('$.bill.state')} = 'written_off'", ()),
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
        "due_after": compare("$.due_at", ">", _date),
        "due_at": compare("$.due_at", "=", _date),
        "due_before": compare("$.due_at", "<", _date),
        "issued_after": compare("$.issued_at", ">", _date),
        "issued_before": compare("$.issued_at", "<", _date),
        "last_sent_end_date": compare("$.last_sent_at", "<=", _date),
        "last_sent_start_date": compare("$.last_sent_at", ">=", _date),
        "matter_id": in_list("$.matters"),
        "originating_attorney_id": eq_int("$.originating_attorney.id"),
        # overdue_only / status=overdue need today's date: see `overdue_clause`
        "query": raw(f"{_value('$.number')} LIKE '%' || ? || '%'", _int),
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
                "true": (f"{_value('$.status')} = 'complete'", ()),
                "false": (f"IFNULL({_value('$.status')}, '') != 'complete'", ()),
            }
        ),
        "due_at_from": compare("$.due_at", ">=", _date),
        "due_at_present": when_true(
            f"{_value('$.due_at')} IS NOT NULL", f"{_value('$.due_at')} IS NULL"
        ),
        "due_at_to": compare("$.due_at", "<=", _date),
        "matter_id": eq_int("$.matter.id"),
        "permission": one_of("$.permission", {"private": "private", "public": "public"}),
        "priority": one_of("$.priority", {"high": "High", "normal": "Normal", "low": "Low"}),
        "query": text_search("$.name", "$.description"),
        "responsible_attorney_id": raw(
            f"{_value('$.matter.id')} IN (SELECT id FROM practice_matters"
            f" WHERE {_value('$.responsible_attorney.id')} = ?)",
            _int,
        ),
        "status": one_of("$.status", {s: s for s in _TASK_STATUSES}),
        "statuses[]": many_of("$.status", {s: s for s in _TASK_STATUSES}),
        "statute_of_limitations": flag("$.statute_of_limitations"),
        "task_type_id": eq_int("$.task_type.id"),
        "time_entries_present": when_true(
            f"IFNULL({_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({_value('$.time_entries_count')}, 0) = 0",
        ),
    },
    "notes": {
        "contact_id": eq_int("$.contact.id"),
        "has_time_entries": when_true(
            f"IFNULL({_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({_value('$.time_entries_count')}, 0) = 0",
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
            (_int(name, values[-1]),) * 2,
        ),
        "date": compare("$.date", "=", _date),
        "external_property_name": raw(NOTHING),
        "external_property_value": raw(NOTHING),
        "having_time_entries": when_true(
            f"IFNULL({_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({_value('$.time_entries_count')}, 0) = 0",
        ),
        "matter_id": eq_int("$.matter.id"),
        "query": text_search("$.subject", "$.body"),
        "received_at": compare("$.received_at", "=", _date),
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
            f"IFNULL({_value('$.balance')}, 0) != 0"
            f" OR IFNULL({_value('$.bank_transactions_count')}, 0) > 0",
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
                "valid": (f"{_value('$.voided_at')} IS NULL", ()),
                "invalid": (f"{_value('$.voided_at')} IS NOT NULL", ()),
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
            f"IFNULL({_value('$.time_entries_count')}, 0) > 0",
            f"IFNULL({_value('$.time_entries_count')}, 0) = 0",
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
        "practice_area_id": raw(f"CAST({_value('$.practice_area_id')} AS INTEGER) = ?", _int),
    },
    "document_categories": {
        "query": text_search("$.name"),
    },
    "task_types": {
        "enabled": when_true(
            f"{_value('$.deleted_at')} IS NULL", f"{_value('$.deleted_at')} IS NOT NULL"
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
            f"IFNULL({_value('$.displayed')}, 0) = 1 AND IFNULL({_value('$.required')}, 0) = 1"
        ),
    },
    "practice_areas": {
        "code": eq_text("$.code"),
        "matter_id": no_effect,  # only hides Legal Aid UK practice areas, which the demo lacks
        "name": eq_text("$.name"),
    },
}

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
        return f"{_value('$.parent.id')} IS NULL", ()
    parent = _int("parent_id", text)
    if params.get("scope", ["children"])[-1] == "descendants":
        return f"{_value('$.parent.id')} {_SUBTREE}", (parent,)
    return f"{_value('$.parent.id')} = ?", (parent,)


def _overdue_clause(params: dict[str, list[str]], today: str) -> Clause | None:
    overdue = params.get("status", ["all"])[-1] == "overdue"
    if "overdue_only" in params:
        overdue = overdue or _bool("overdue_only", params["overdue_only"][-1])
    if params.get("status", ["all"])[-1] not in ("all", "overdue"):
        raise FilterError("status must be one of all, overdue")
    if not overdue:
        return None
    return (
        f"IFNULL({_value('$.balance')}, 0) > 0 AND {_value('$.due_at')} < ?"
        f" AND IFNULL({_value('$.state')}, '') NOT IN ('void', 'deleted', 'draft')",
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
        if not _bool("include_deleted", params.get("include_deleted", ["false"])[-1]):
            found.append((f"{_value('$.deleted_at')} IS NULL", ()))
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
# published order names that are not the path of a field
_ORDER_PATHS = {
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
