"""`fields=` accepts every field the published Clio Manage v4 schemas define for each kind the
reference backend serves, nested selections `a{b,c}` included, and answers null where the demo
firm has no value, as a third-party Clio client expects. The check against the published document
skips when the document is not beside the repository."""

from __future__ import annotations

from typing import Any

import pytest

from server.practice.kinds import KINDS
from tests.support.backend import RunningBackend
from tests.support.clio_schemas import SCHEMA_OF_KIND, list_params
from tests.support.practice_api import DataApi

# one `fields=` value stays well under what a server accepts in a request line
MAX_FIELDS_PARAM = 3000

Selection = dict[str, "Selection | None"]


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _published(document: dict[str, Any], schema: dict[str, Any], trail: tuple[str, ...]) -> Any:
    """The published fields of a schema: name -> None (plain) or the nested selection."""
    schemas = document["components"]["schemas"]
    name = schema.get("$ref", "").rsplit("/", 1)[-1]
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        properties: dict[str, Any] = {}
        for part in schema["allOf"]:
            while "$ref" in part:
                part = schemas[part["$ref"].rsplit("/", 1)[-1]]
            properties.update(part.get("properties", {}))
    else:
        properties = schema.get("properties", {})
    out: Selection = {}
    for field, sub in properties.items():
        target = sub.get("items", {}) if sub.get("type") == "array" else sub
        nested = None
        if "$ref" in target and name not in trail:
            nested = _published(document, target, (*trail, name)) or None
        out[field] = nested
    return out


def _render(selection: Selection) -> str:
    return ",".join(
        name if sub is None else f"{name}{{{_render(sub)}}}" for name, sub in selection.items()
    )


def _chunks(selection: Selection) -> list[Selection]:
    """The top-level fields split so that each `fields=` value stays short."""
    chunks: list[Selection] = [{}]
    for name, sub in selection.items():
        if chunks[-1] and len(_render({**chunks[-1], name: sub})) > MAX_FIELDS_PARAM:
            chunks.append({})
        chunks[-1][name] = sub
    return chunks


def _check_shape(value: Any, selection: Selection | None, where: str) -> None:
    if selection is None or value is None:
        return
    items = value if isinstance(value, list) else [value]
    for item in items:
        assert set(item) == set(selection), where
        for name, sub in selection.items():
            _check_shape(item[name], sub, f"{where}.{name}")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_published_field_of_the_kind_is_accepted(
    api: DataApi, clio_reference: dict[str, Any], kind: str
) -> None:
    published = _published(
        clio_reference, {"$ref": f"#/components/schemas/{SCHEMA_OF_KIND[kind]}"}, ()
    )
    assert published, kind
    first_id = None
    for chunk in _chunks(published):
        fields = _render(chunk)
        page = api.get(f"{kind}.json", fields=fields, limit=3, **list_params(kind))
        assert page.status_code == 200, (kind, page.text)
        records = page.json()["data"]
        assert records, kind
        for record in records:
            _check_shape(record, chunk, kind)
        first_id = first_id or records[0]["id"]
        detail = api.get(f"{kind}/{first_id}.json", fields=fields)
        if not KINDS[kind].detail:  # no single-record path is published for the kind
            assert detail.status_code == 404, (kind, detail.text)
            continue
        assert detail.status_code == 200, (kind, detail.text)
        _check_shape(detail.json()["data"], chunk, kind)


@pytest.mark.parametrize(
    ("kind", "fields", "expected"),
    [
        ("matters", "id,matter_stage_updated_at", {"matter_stage_updated_at": None}),
        ("contacts", "id,clio_connect_email", {"clio_connect_email": None}),
        ("bills", "id,discount_services_only", {"discount_services_only": None}),
        ("calendar_entries", "id,parent_calendar_entry_id", {"parent_calendar_entry_id": None}),
        ("matters", "id,matter_stage{id,name}", {"matter_stage": None}),
        ("activities", "id,matter{id,matter_stage_updated_at}", None),
    ],
)
def test_published_fields_the_demo_has_no_value_for_come_back_null(
    api: DataApi, kind: str, fields: str, expected: dict[str, Any] | None
) -> None:
    answer = api.get(f"{kind}.json", fields=fields, limit=5)
    assert answer.status_code == 200, answer.text
    for record in answer.json()["data"]:
        if expected is not None:
            assert {name: record[name] for name in expected} == expected
        else:
            assert set(record["matter"]) == {"id", "matter_stage_updated_at"}
            assert record["matter"]["matter_stage_updated_at"] is None
            assert isinstance(record["matter"]["id"], int)


def test_stored_values_still_come_back_beside_published_fields_without_a_value(
    api: DataApi,
) -> None:
    matter = api.get("matters/1.json", fields="id,display_number,currency,client{id,name}")
    assert matter.status_code == 200, matter.text
    data = matter.json()["data"]
    assert data["id"] == 1 and data["display_number"] and data["client"]["name"]
    assert data["currency"] is None


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("reports.json", "Report"),
        ("documents/1/versions.json", "DocumentVersion"),
        ("contacts/1/email_addresses.json", "EmailAddress"),
        ("contacts/1/phone_numbers.json", "PhoneNumber"),
        ("matters/1/client.json", "Client"),
        ("matters/1/contacts.json", "MatterContacts"),
        ("matters/1/related_contacts.json", "RelatedContacts"),
    ],
)
def test_every_published_field_of_a_sub_resource_is_accepted(
    api: DataApi, clio_reference: dict[str, Any], path: str, schema: str
) -> None:
    if path == "reports.json":
        created = api.post("reports.json", {"data": {"kind": "trust_ledger", "format": "csv"}})
        assert created.status_code == 201
    published = _published(clio_reference, {"$ref": f"#/components/schemas/{schema}"}, ())
    for chunk in _chunks(published):
        # the published versions list also asks for the document's id as a query parameter
        extra = {"id": "1"} if path.endswith("versions.json") else {}
        answer = api.get(path, fields=_render(chunk), **extra)
        assert answer.status_code == 200, (path, answer.text)
        data = answer.json()["data"]
        records = data if isinstance(data, list) else [data]
        assert records, path
        for record in records:
            _check_shape(record, chunk, path)
