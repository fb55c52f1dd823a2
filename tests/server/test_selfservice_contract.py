"""The reference backend honours the self-service contract (resources/openapi/self-service.yaml):
schemathesis generates valid and invalid requests for every operation and checks each answer
against the document, against a live backend over HTTP with a valid bearer token.

The data API's POST operations (document archives, reports) have no contract document here;
hypothesis generates bodies for them, from well-formed to hostile (any JSON, deep nesting, raw
bytes, odd content types), and every answer must be one the API means to give, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from server.jobs import REPORT_KINDS
from tests.support.backend import RunningBackend, start_backend
from tests.support.oauth_browser import bearer, token_for

CONTRACT = Path(__file__).resolve().parents[2] / "resources" / "openapi" / "self-service.yaml"
# bounded so the whole module stays well under a minute on the project machine
EXAMPLES_PER_OPERATION = 25

# A schema-valid request may still break a business rule the schema cannot state (a user id that
# is no active user, fewer seats than active users): the contract answers those 422, which is
# accepted beside the statuses schemathesis expects by default for valid data.
VALID_DATA_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
schema = schemathesis.openapi.from_path(
    CONTRACT,
    config=schemathesis.Config.from_dict(
        {
            "generation": {"max-examples": EXAMPLES_PER_OPERATION},
            "checks": {"positive_data_acceptance": {"expected-statuses": VALID_DATA_STATUSES}},
        }
    ),
)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningBackend, str]]:
    # tokens outlive the demo clock moves schemathesis makes (up to ten years each)
    backend = start_backend(
        tmp_path_factory.mktemp("contract"),
        "--seed",
        "demo",
        "--demo-controls",
        "--token-lifetime",
        str(3000 * 365 * 86400),
    )
    yield backend, token_for(backend.url, 1)
    backend.stop()


def test_the_contract_is_a_valid_openapi_document_covering_every_route() -> None:
    document = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    routes = {(path, method) for path, item in document["paths"].items() for method in item}
    assert routes == {
        ("/account", "get"),
        ("/payments/summary", "get"),
        ("/trust/summary", "get"),
        ("/cancellation/reasons", "get"),
        ("/cancellation", "post"),
        ("/cancellation", "delete"),
        ("/reopening", "post"),
        ("/retention", "get"),
        ("/support", "get"),
        ("/feedback", "post"),
        ("/demo/clock", "post"),
        ("/alternatives", "get"),
        ("/alternatives/primary-subscriber", "post"),
        ("/alternatives/seats", "post"),
        ("/alternatives/billing-cycle", "post"),
    }
    for name, component in document["components"]["schemas"].items():
        try:
            Draft202012Validator.check_schema(component)
        except SchemaError as exc:  # pragma: no cover - names the broken schema
            pytest.fail(f"{name}: {exc.message}")


def test_the_server_publishes_the_contract_it_honours(
    live: tuple[RunningBackend, str],
) -> None:
    import requests

    backend, _ = live
    answer = requests.get(backend.url + "/self-service/v1/openapi.yaml", timeout=10)
    assert answer.status_code == 200
    assert answer.content == CONTRACT.read_bytes()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_every_answer_matches_the_contract(
    case: schemathesis.Case, live: tuple[RunningBackend, str]
) -> None:
    backend, token = live
    case.call_and_validate(
        base_url=backend.url + "/self-service/v1", headers=bearer(token), timeout=10
    )


# --- the data API's POST bodies ----------------------------------------------------------------

DATA_EXAMPLES = 60  # per operation: bounded, a few seconds each


@pytest.fixture(scope="module")
def data_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningBackend, str]]:
    """A firm of its own: the contract's fuzzing above closes its account."""
    backend = start_backend(tmp_path_factory.mktemp("data-fuzz"), "--seed", "demo")
    yield backend, token_for(backend.url, 1)
    backend.stop()


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_ids = st.integers(min_value=-2, max_value=30) | st.integers() | _json
_item = st.fixed_dictionaries(
    {"id": _ids, "type": st.sampled_from(["Document", "Folder"]) | _json},
    optional={"name": _json},
)
_archive = st.one_of(
    st.fixed_dictionaries(
        {"data": st.fixed_dictionaries({"items": st.lists(_item | _json, max_size=4)})}
    ),
    st.fixed_dictionaries({"data": _json}),
    _json,
)
_report = st.one_of(
    st.fixed_dictionaries(
        {
            "data": st.fixed_dictionaries(
                {},
                optional={
                    "kind": st.sampled_from(sorted(REPORT_KINDS)) | _json,
                    "format": st.sampled_from(["csv", "CSV", "pdf"]) | _json,
                },
            )
        }
    ),
    st.fixed_dictionaries({"data": _json}),
    _json,
)


def _deep(depth: int) -> bytes:
    return b'{"data": {"items": ' + b"[" * depth + b"]" * depth + b"}}"


def _encoded(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[tuple[bytes, str]]:
    as_json = strategy.map(lambda value: json.dumps(value).encode())
    hostile = st.one_of(
        st.binary(max_size=64),
        (st.sampled_from([65, 2_000, 100_000]) | st.integers(1, 100_000)).map(_deep),
        st.sampled_from([b"", b"NaN", b"[1e999999]", b'{"data": {"items": [{"id": 1e400}]}}']),
        st.integers(min_value=4300, max_value=6000).map(
            lambda n: b'{"data": {"items": [{"id": ' + b"9" * n + b', "type": "Document"}]}}'
        ),
    )
    content_types = st.sampled_from(
        ["application/json", "application/json; charset=latin-1", "text/plain", ""]
    )
    return st.tuples(as_json | hostile, content_types)


def _post_answers_without_a_500(
    data_live: tuple[RunningBackend, str], path: str, body: bytes, content_type: str
) -> None:
    backend, token = data_live
    headers = {**bearer(token), "Content-Type": content_type} if content_type else bearer(token)
    answer = requests.post(f"{backend.url}/api/v4/{path}", data=body, headers=headers, timeout=30)
    assert answer.status_code in (201, 400, 404, 413, 415), (answer.status_code, answer.text)
    shown = answer.json()
    if answer.status_code == 201:
        assert isinstance(shown["data"]["id"], int)
    else:
        assert set(shown["error"]) >= {"type", "message"}, shown


_FUZZ = settings(
    max_examples=DATA_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


@_FUZZ
@given(sent=_encoded(_archive))
def test_document_archive_bodies_never_answer_500(
    data_live: tuple[RunningBackend, str], sent: tuple[bytes, str]
) -> None:
    _post_answers_without_a_500(data_live, "document_archives.json", *sent)


@_FUZZ
@given(sent=_encoded(_report))
def test_report_bodies_never_answer_500(
    data_live: tuple[RunningBackend, str], sent: tuple[bytes, str]
) -> None:
    _post_answers_without_a_500(data_live, "reports.json", *sent)
