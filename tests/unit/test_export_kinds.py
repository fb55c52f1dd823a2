"""The exporter asks only for fields that exist in the Clio v4 schema of each kind."""

from __future__ import annotations

from typing import Any

import pytest

from app.export.kinds import ALL_KINDS, KINDS_BY_KEY, Field, kind_by_key, parse_fields


def _schema_properties(document: dict[str, Any], name: str) -> dict[str, Any]:
    schemas = document["components"]["schemas"]
    schema = schemas[name]
    properties: dict[str, Any] = {}
    for part in schema.get("allOf", [schema]):
        if "$ref" in part:
            properties.update(_schema_properties(document, part["$ref"].rsplit("/", 1)[-1]))
        else:
            properties.update(part.get("properties", {}))
    return properties


def _nested_schema(prop: dict[str, Any]) -> str | None:
    ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


def _check(document: dict[str, Any], schema: str, fields: Any, where: str) -> None:
    properties = _schema_properties(document, schema)
    for field in fields:
        assert field.name in properties, f"{where}.{field.name} is not in {schema}"
        prop = properties[field.name]
        if field.subfields:
            nested = _nested_schema(prop)
            assert nested, f"{where}.{field.name} is not a nested object"
            assert field.is_list == (prop.get("type") == "array"), f"{where}.{field.name}"
            if not _schema_properties(document, nested):
                continue  # published without members (a message's sender): none to check
            _check(document, nested, field.subfields, f"{where}.{field.name}")


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda kind: kind.key)
def test_every_requested_field_exists_in_the_reference_schema(
    kind: Any, clio_reference: dict[str, Any]
) -> None:
    _check(clio_reference, kind.schema, kind.fields, kind.key)


def test_the_export_covers_every_kind_the_product_promises() -> None:
    assert set(KINDS_BY_KEY) == {
        "users",
        "matters",
        "contacts",
        "activities",
        "bills",
        "documents",
        "folders",
        "calendar_entries",
        "tasks",
        "matter_notes",
        "contact_notes",
        "communications",
        "trust_line_items",
        "custom_fields",
        "practice_areas",
        "bank_accounts",
        "bank_transactions",
        "line_items",
        "allocations",
        "credit_memos",
        "relationships",
        "conversations",
        "comments",
        "reminders",
        "matter_stages",
        "document_categories",
        "task_types",
        "expense_categories",
        "activity_descriptions",
        "calendars",
        "activity_rates",
        "online_payment_links",
        "online_payments",
        "interest_charges",
        "outstanding_client_balances",
        "custom_field_sets",
        "grants",
        "grant_funding_sources",
        "groups",
        "task_template_lists",
        "task_templates",
        "document_templates",
        "matter_dockets",
        "damages",
        "medical_records",
        "log_entries",
        "conversation_messages",
    }
    # folders come before documents: document paths are built from the folder tree
    keys = [kind.key for kind in ALL_KINDS]
    assert keys.index("folders") < keys.index("documents")
    for kind in ALL_KINDS:
        assert kind.fields[0].name == "id"
        assert len({field.name for field in kind.fields}) == len(kind.fields), kind.key


def test_fields_are_written_the_clio_way() -> None:
    matters = kind_by_key("matters")
    assert ",client{id,etag,name," in matters.fields_param
    assert "client.id" in matters.columns and "client.name" in matters.columns
    assert Field("tags", (Field("id"),), is_list=True).columns == ("tags",)
    assert parse_fields("a,b{c,d{e}},f[]{g}") == (
        Field("a"),
        Field("b", (Field("c"), Field("d", (Field("e"),)))),
        Field("f", (Field("g"),), is_list=True),
    )
    assert Field("b", (Field("c"), Field("d", (Field("e"),)))).columns == ("b.c", "b.d.e")
    assert dict(kind_by_key("matter_notes").params) == {"type": "Matter"}
    assert dict(kind_by_key("contact_notes").params) == {"type": "Contact"}
    with pytest.raises(KeyError, match="unknown kind"):
        kind_by_key("invoices")
