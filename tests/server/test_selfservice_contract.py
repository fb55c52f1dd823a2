"""The reference backend honours the self-service contract (resources/openapi/self-service.yaml):
schemathesis generates valid and invalid requests for every operation and checks each answer
against the document, against a live backend over HTTP with a valid bearer token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from tests.support.backend import RunningBackend, start_backend
from tests.support.oauth_browser import bearer, token_for

CONTRACT = Path(__file__).resolve().parents[2] / "resources" / "openapi" / "self-service.yaml"
# bounded so the whole module stays well under a minute on the project machine
EXAMPLES_PER_OPERATION = 25

schema = schemathesis.openapi.from_path(
    CONTRACT,
    config=schemathesis.Config.from_dict({"generation": {"max-examples": EXAMPLES_PER_OPERATION}}),
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
        ("/retention", "get"),
        ("/support", "get"),
        ("/feedback", "post"),
        ("/demo/clock", "post"),
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
