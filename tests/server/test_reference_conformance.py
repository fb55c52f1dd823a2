"""The reference backend answers in the shapes of the public Clio Manage v4 OpenAPI document: for
every kind, every field it serves exists in Clio's schema with the right type (the document has
no `nullable`, while the real service sends null for empty values, so null is accepted), list and
detail alike. Skips when the reference document is not beside the repository."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

from server.practice.kinds import KINDS, full_fields_param
from tests.support.backend import RunningBackend
from tests.support.clio_schemas import SCHEMA_OF_KIND, list_variants
from tests.support.practice_api import DataApi

INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
MAX_DEPTH = 6


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def strict(document: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """A self-contained JSON Schema: allOf merged, unknown properties refused, null allowed."""
    if depth > MAX_DEPTH:
        return {}
    schema = _resolve(document, schema)
    if "allOf" in schema:
        properties: dict[str, Any] = {}
        for part in schema["allOf"]:
            properties.update(_resolve(document, part).get("properties", {}))
        schema = {"type": "object", "properties": properties}
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if not schema.get("properties"):  # no members published (a message's sender): open
            return {"type": ["object", "null"]}
        return {
            "type": ["object", "null"],
            "properties": {
                name: strict(document, sub, depth + 1) for name, sub in schema["properties"].items()
            },
            "additionalProperties": False,
        }
    if kind == "array":
        return {
            "type": ["array", "null"],
            "items": strict(document, schema.get("items", {}), depth + 1),
        }
    out: dict[str, Any] = {"type": [kind, "null"]} if kind else {}
    if "enum" in schema:
        out["enum"] = [*schema["enum"], None]
    if "format" in schema and schema["format"] in ("date", "date-time"):
        out["format"] = schema["format"]
    return out


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date-time")
    def _instant(value: object) -> bool:
        return not isinstance(value, str) or bool(INSTANT.match(value))

    @checker.checks("date")
    def _date(value: object) -> bool:
        return not isinstance(value, str) or bool(DATE.match(value))

    return checker


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("administrator"))


def _validator(clio_reference: dict[str, Any], name: str) -> jsonschema.Draft202012Validator:
    schema = strict(clio_reference, {"$ref": f"#/components/schemas/{name}"})
    return jsonschema.Draft202012Validator(schema, format_checker=_format_checker())


def _problems(validator: jsonschema.Draft202012Validator, record: dict[str, Any]) -> list[str]:
    return [
        f"{'.'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(record)
    ]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_list_and_detail_match_the_clio_schema(
    api: DataApi, clio_reference: dict[str, Any], kind: str
) -> None:
    validator = _validator(clio_reference, SCHEMA_OF_KIND[kind])
    for extra in list_variants(kind):
        page = api.get(f"{kind}.json", fields=full_fields_param(kind), limit=200, **extra)
        assert page.status_code == 200, page.text
        records = page.json()["data"]
        assert records, kind
        for record in records:
            assert _problems(validator, record) == [], (kind, record["id"])
        # every field is there (null where empty), nested ones included
        assert set(records[0]) == set(KINDS[kind].shape)
        if not KINDS[kind].detail:  # no single-record path is published for the kind
            continue
        detail = api.get(f"{kind}/{records[-1]['id']}.json", fields=full_fields_param(kind))
        assert detail.status_code == 200
        assert detail.json()["data"] == records[-1]
        assert _problems(validator, detail.json()["data"]) == []


def test_the_check_itself_catches_a_wrong_type_and_an_invented_field(
    clio_reference: dict[str, Any],
) -> None:
    validator = _validator(clio_reference, "Matter")
    assert _problems(validator, {"id": 1, "display_number": "00001-Smith"}) == []
    assert _problems(validator, {"id": "one"}) != []
    assert _problems(validator, {"id": 1, "shoe_size": 9}) != []
    assert _problems(validator, {"id": 1, "client": {"id": 2, "nickname": "x"}}) != []
    assert _problems(validator, {"id": 1, "open_date": "yesterday"}) != []


def test_archives_and_reports_use_clio_field_names(
    api: DataApi, clio_reference: dict[str, Any]
) -> None:
    for name, path, body in (
        ("DocumentArchive", "document_archives", {"items": [{"id": 1, "type": 1}]}),
        ("Report", "reports", {"kind": "trust_ledger", "format": "csv"}),
    ):
        schema = strict(clio_reference, {"$ref": f"#/components/schemas/{name}"})
        created = api.post(f"{path}.json", {"data": body})
        assert created.status_code == 201
        resource = api.wait_for_job(f"{path}/{created.json()['data']['id']}.json")
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(resource)) == []


def test_every_field_the_exporter_asks_for_is_served(api: DataApi) -> None:
    from app.export.kinds import ALL_KINDS

    for kind in ALL_KINDS:
        # a list given one parent at a time, for its first parent
        parent = {kind.parent.param: "1"} if kind.parent is not None else {}
        answer = api.get(
            f"{kind.endpoint}.json",
            fields=kind.fields_param,
            limit=1,
            **dict(kind.params),
            **parent,
        )
        assert answer.status_code == 200, (kind.key, answer.text)
