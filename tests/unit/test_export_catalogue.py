"""The catalogue says, for every list endpoint of the published Clio Manage v4 document, whether
an export takes it home and, where not, why. The checks against the document skip (through the
`clio_reference` fixture) when the document is not beside the repository."""

from __future__ import annotations

from typing import Any

import pytest

from app.export.catalogue import CATALOGUE, CATALOGUE_BY_PATH, Coverage, endpoint_of
from app.export.kinds import ALL_KINDS, KINDS_BY_KEY, Field


def _schema(document: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in ref:
        ref = document["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]
    return ref


def _properties(document: dict[str, Any], name: str) -> dict[str, Any]:
    schema = document["components"]["schemas"][name]
    properties: dict[str, Any] = {}
    for part in schema.get("allOf", [schema]):
        if "$ref" in part:
            properties.update(_properties(document, part["$ref"].rsplit("/", 1)[-1]))
        else:
            properties.update(part.get("properties", {}))
    return properties


def _published_lists(document: dict[str, Any]) -> dict[str, str]:
    """Every GET path of the document that answers a list (its `data` is an array), with the
    schema of the items: derived from the document, not written down."""
    lists: dict[str, str] = {}
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None or not path.endswith(".json") or "{id}" in path:
            continue
        for content in get.get("responses", {}).get("200", {}).get("content", {}).values():
            data = _schema(document, content.get("schema", {})).get("properties", {}).get("data")
            if data is not None and data.get("type") == "array":
                lists[path] = data.get("items", {}).get("$ref", "").rsplit("/", 1)[-1]
    return lists


def _unmentioned(published: dict[str, str]) -> list[str]:
    return sorted(set(published) - set(CATALOGUE_BY_PATH))


def test_a_published_list_the_catalogue_does_not_mention_is_found(
    clio_reference: dict[str, Any],
) -> None:
    paths = clio_reference["paths"]
    document = {**clio_reference, "paths": {**paths, "/widgets.json": paths["/damages.json"]}}
    assert _unmentioned(_published_lists(document)) == ["/widgets.json"]


def test_every_firm_data_list_is_exported_and_every_other_says_why() -> None:
    assert [e.path for e in CATALOGUE if e.coverage is Coverage.PENDING] == []
    exported = [e for e in CATALOGUE if e.coverage is Coverage.EXPORTED]
    assert len(exported) == 46 and len(KINDS_BY_KEY) == 47  # notes: two kinds, one list
    for path in (
        "/activity_rates.json", "/clio_payments/links.json", "/clio_payments/payments.json",
        "/court_rules/matter_dockets.json", "/custom_field_sets.json", "/damages.json",
        "/grants.json", "/grant_funding_sources.json", "/groups.json", "/interest_charges.json",
        "/log_entries.json", "/medical_records_details.json",
        "/outstanding_client_balances.json", "/task_templates.json",
        "/task_template_lists.json", "/document_templates.json", "/conversation_messages.json",
    ):  # fmt: skip
        assert CATALOGUE_BY_PATH[path].coverage is Coverage.EXPORTED, path


def test_every_published_list_endpoint_is_in_the_catalogue(
    clio_reference: dict[str, Any],
) -> None:
    published = _published_lists(clio_reference)
    assert len(published) > 40  # the derivation found the lists
    missing = _unmentioned(published)
    assert not missing, f"list endpoints the catalogue does not mention: {missing}"
    gone = sorted(set(CATALOGUE_BY_PATH) - set(published))
    assert not gone, f"catalogue entries the document does not publish as lists: {gone}"
    for path, schema in published.items():
        assert CATALOGUE_BY_PATH[path].schema == schema, path


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda kind: kind.key)
def test_every_field_an_exported_kind_asks_for_is_published(
    kind: Any, clio_reference: dict[str, Any]
) -> None:
    schema = endpoint_of(kind).schema
    assert kind.schema == schema, kind.key

    def check(name: str, fields: tuple[Field, ...], where: str) -> None:
        properties = _properties(clio_reference, name)
        for field in fields:
            assert field.name in properties, f"{where}.{field.name} is not in {name}"
            if field.subfields:
                prop = properties[field.name]
                nested = (prop.get("$ref") or prop.get("items", {}).get("$ref", "")).rsplit("/")
                assert nested[-1], f"{where}.{field.name} is not a nested object"
                if not _properties(clio_reference, nested[-1]):
                    continue  # published without members (a message's sender): none to check
                check(nested[-1], field.subfields, f"{where}.{field.name}")

    check(schema, kind.fields, kind.key)


def test_the_catalogue_names_each_exported_kind_once_and_gives_a_reason_otherwise() -> None:
    named = [key for endpoint in CATALOGUE for key in endpoint.kinds]
    assert sorted(named) == sorted(KINDS_BY_KEY), "every kind exported, under one entry"
    assert len(CATALOGUE_BY_PATH) == len(CATALOGUE), "each path once"
    for endpoint in CATALOGUE:
        if endpoint.coverage is Coverage.EXPORTED:
            assert endpoint.kinds and not endpoint.reason, endpoint.path
            for key in endpoint.kinds:
                assert endpoint_of(KINDS_BY_KEY[key]) is endpoint, key
        else:
            assert not endpoint.kinds, endpoint.path
            assert endpoint.reason.endswith(".") and len(endpoint.reason) > 15, endpoint.path
