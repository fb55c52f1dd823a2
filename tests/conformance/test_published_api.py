"""The conformance gate: real traffic between the client and the reference backend, validated
against the published Clio Manage API v4 document (../shared/reference, not in the repository)
with openapi-core.

A fresh demo firm is exported with the CLI, the closing checklist's facts are read, and the
calls a third-party Clio client makes on the served kinds are made, all through a recording
proxy. Every request the client sent and every answer the backend served on a path the document
defines must then be valid, rate-limit headers included, but for the short list of tolerated
differences in tests/conformance_tolerated.py. Skips only when the document is absent."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from app.cli import TOKEN_ENV, Output, main
from app.closing.checklist import access_candidates, count_open_matters, unbilled_work
from app.net.http import HttpSession, forget_limiters
from server.practice.kinds import KINDS, full_fields_param
from tests.conformance_tolerated import TOLERATED, Tolerated
from tests.support.backend import start_backend
from tests.support.clio_schemas import list_params
from tests.support.conformance import (
    Exchange,
    RecordingProxy,
    check,
    rate_limit_problems,
    summary,
)

TIMEOUT = 30
# list parameters every other served list publishes, but not these
UNPUBLISHED_PARAMS = {
    "outstanding_client_balances": ("ids[]", "created_since"),
    "clio_payments/payments": ("created_since",),
}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Exchange]]:
    """Every exchange of the flows above, recorded once for the module."""
    backend = start_backend(tmp_path_factory.mktemp("conformance-backend"), "--seed", "demo")
    try:
        token = backend.issue_token()
        with RecordingProxy(backend) as proxy, pytest.MonkeyPatch.context() as patch:
            forget_limiters()
            patch.setenv(TOKEN_ENV, token)
            out = tmp_path_factory.mktemp("conformance-export") / "export"
            stdout, stderr = io.StringIO(), io.StringIO()
            status = main(
                ["export", "--server", proxy.url, "--out", str(out)], output=Output(stdout, stderr)
            )
            assert status == 0, stdout.getvalue() + stderr.getvalue()
            _closing_checklist(proxy.url, token)
            _third_party_calls(proxy.url, token)
            yield list(proxy.exchanges)
    finally:
        forget_limiters()
        backend.stop()


def _closing_checklist(url: str, token: str) -> None:
    http = HttpSession(url)
    http.set_token(token)
    try:
        api = url + "/api/v4/"
        assert count_open_matters(http, api).open > 0
        assert unbilled_work(http, api).entries > 0
        assert access_candidates(http, api)
    finally:
        http.close()


def _third_party_calls(url: str, token: str) -> None:
    """What a Clio client does on the served kinds: lists with fields, filters, orders and
    paging, single records, sub-resources, downloads."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"

    def get(path: str, params: Any = None) -> requests.Response:
        answer = session.get(
            f"{url}/api/v4/{path}", params=params, allow_redirects=False, timeout=TIMEOUT
        )
        assert answer.status_code in (200, 303), (path, answer.text)
        return answer

    for kind, spec in KINDS.items():
        extra = list_params(kind)
        fields = ",".join(f for f in ("id", "etag", "created_at", "updated_at") if f in spec.shape)
        page = get(f"{kind}.json", {"fields": fields, "limit": 2, **extra}).json()
        nxt = page["meta"]["paging"].get("next")
        if nxt:
            session.get(nxt, timeout=TIMEOUT).raise_for_status()
        first = page["data"][0]["id"]
        # the lists published without ids[] or created_since (client balances, payments)
        narrowed = [("ids[]", str(first)), ("created_since", "2020-01-01T00:00:00Z")]
        narrowed = [pair for pair in narrowed if pair[0] not in UNPUBLISHED_PARAMS.get(kind, ())]
        get(f"{kind}.json", [*narrowed, *extra.items()])
        # every field the demo stores, nested ones included, on a whole page
        get(f"{kind}.json", {"fields": full_fields_param(kind), "limit": 200, **extra})
        if kind != "trust_line_items" and spec.detail:  # published for PATCH only / not at all
            get(f"{kind}/{first}.json", {"fields": full_fields_param(kind)})
    get("matters.json", {"status": "open", "order": "display_number(asc)", "fields": "id,status"})
    get("activities.json", {"status": "unbilled", "order": "date(desc)", "fields": "id,total"})
    get("contacts.json", {"type": "Person", "order": "name(asc)", "fields": "id,name,company"})
    get("bills.json", {"state": "paid", "fields": "id,number,matters{id,display_number}"})
    get("tasks.json", {"status": "pending", "priority": "high", "fields": "id,name,status"})
    get("matters/1.json", {"fields": "id,display_number,matter_stage_updated_at,client{id,name}"})
    get("contacts/1/email_addresses.json", {"fields": "id,address,primary"})
    get("contacts/1/phone_numbers.json", {"fields": "id,number,primary"})
    get("matters/1/client.json", {"fields": "id,name,is_matter_client"})
    get("matters/1/contacts.json", {"fields": "id,name,is_client", "order": "is_client(desc)"})
    get("matters/1/related_contacts.json", {"fields": "id,contact_id,name"})
    get("documents/1/versions.json", {"id": "1", "fields": "id,filename,size,fully_uploaded"})
    get("documents/1/download.json")
    get("reports.json", {"fields": "id,name,kind,state"})
    get("users/who_am_i.json", {"fields": "id,name,email"})
    session.close()


def test_the_recorded_traffic_follows_the_published_document(
    recorded: list[Exchange], clio_reference: dict[str, Any]
) -> None:
    verdict = check(recorded, clio_reference)
    assert verdict.validated > 100, (verdict.validated, sorted(verdict.outside))
    assert verdict.problems == [], summary(verdict)
    assert verdict.stale == [], f"tolerated entries no longer needed: {verdict.stale}"
    # the flows reached every kind and the sub-resources, not just a corner
    paths = {exchange.path for exchange in recorded}
    for kind in KINDS:
        assert f"/{kind}.json" in paths, kind
    assert "/document_archives.json" in paths or "/reports.json" in paths


def test_the_gate_catches_what_it_is_for(
    recorded: list[Exchange], clio_reference: dict[str, Any]
) -> None:
    """A wrong type, an invented enum value or field, a malformed request and a rate-limit
    header that does not mean what it says are each found."""
    sample = next(e for e in recorded if e.path == "/matters.json" and e.status == 200)

    broken = [
        dataclasses.replace(sample, response_body=b'{"data":[{"id":"one"}],"meta":{}}'),
        dataclasses.replace(sample, response_body=b'{"data":[{"id":1,"status":"Lost"}]}'),
        dataclasses.replace(sample, response_body=b'{"data":[{"id":1,"shoe_size":9}]}'),
        dataclasses.replace(sample, response_body=b'{"data":[{"id":1,"client":{"nick":"x"}}]}'),
        dataclasses.replace(sample, query=[("limit", "many")]),
        dataclasses.replace(
            sample,
            response_headers={
                **{
                    key: value
                    for key, value in sample.response_headers.items()
                    if not key.lower().startswith("x-ratelimit-")
                },
                "X-RateLimit-Limit": "50",
                "X-RateLimit-Remaining": "51",
                "X-RateLimit-Reset": str(int(sample.received_at) + 3600),
            },
        ),
    ]
    verdict = check(broken, clio_reference, tolerated=())
    messages = [str(problem) for problem in verdict.problems]
    assert any("'one' is not of type 'integer'" in m for m in messages), messages
    assert any("'Lost' is not one of" in m for m in messages), messages
    assert any("'shoe_size' was unexpected" in m for m in messages), messages
    assert any("'nick' was unexpected" in m for m in messages), messages
    assert any("[request]" in m and "limit" in m for m in messages), messages
    assert any("Remaining 51 is above the limit 50" in m for m in messages), messages
    assert any("not a Unix timestamp within the next 60 s" in m for m in messages), messages


def test_rate_limit_headers_are_read_for_their_documented_meaning() -> None:
    def answer(limit: str, remaining: str, reset: str, at: float = 1_800_000_000.0) -> Exchange:
        return Exchange(
            "GET", "/matters.json", [], {}, b"", 200,
            {"X-RateLimit-Limit": limit, "X-RateLimit-Remaining": remaining,
             "X-RateLimit-Reset": reset}, b"", at,
        )  # fmt: skip

    assert rate_limit_problems(answer("50", "49", "1800000042")) == []
    assert rate_limit_problems(answer("50", "0", "1800000060")) == []
    assert "seconds until" in " ".join(rate_limit_problems(answer("50", "49", "42")))
    assert rate_limit_problems(answer("50", "49", "1800000600"))  # ten minutes away
    assert rate_limit_problems(answer("50", "49", "1799999000"))  # in the past
    assert rate_limit_problems(answer("fifty", "49", "1800000042"))


def test_every_tolerated_difference_says_why() -> None:
    assert len({entry.id for entry in TOLERATED}) == len(TOLERATED)
    for entry in TOLERATED:
        assert isinstance(entry, Tolerated)
        assert entry.where in ("schema", "request", "response", "header"), entry.id
        assert len(entry.reason) > 40, entry.id
