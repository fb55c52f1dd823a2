"""The closing's reference number and who closed it, as the closing receipt quotes them: in the
answer to POST cancellation, and the same in every later GET retention."""

from __future__ import annotations

import re
from collections.abc import Callable

import requests

from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend
from tests.support.oauth_browser import token_for

V1 = "/self-service/v1"
MARGARET, DANIEL = 1, 2


def test_the_confirmation_carries_a_reference_that_retention_repeats(
    backend_factory: Callable[..., RunningBackend],
) -> None:
    backend = backend_factory("--seed", "demo", "--now", "2026-11-24T12:00:00Z")
    token = token_for(backend.url, MARGARET)
    before = requests.get(backend.url + V1 + "/retention", headers=ob.bearer(token), timeout=10)
    assert before.json()["reference"] is None and before.json()["closed_by"] is None

    headers = {**ob.bearer(token), "Idempotency-Key": "receipt-1"}
    body = {
        "confirm_firm_name": "Harbor & Finch LLP",
        "reason_code": "too_expensive",
        "designated_user_id": DANIEL,
    }
    closed = requests.post(
        backend.url + V1 + "/cancellation", json=body, headers=headers, timeout=10
    )
    assert closed.status_code == 200, closed.text
    answer = closed.json()
    assert re.fullmatch(r"CL-20261124-0001-\d{5}", answer["reference"])
    assert answer["closed_by"]["name"] == "Margaret Harbor"
    assert answer["reason_code"] == "too_expensive"

    later = requests.get(backend.url + V1 + "/retention", headers=ob.bearer(token), timeout=10)
    assert later.json()["reference"] == answer["reference"]
    assert later.json()["closed_by"] == answer["closed_by"]
    # A designated user reads the same reference.
    daniel = requests.get(
        backend.url + V1 + "/retention",
        headers=ob.bearer(token_for(backend.url, DANIEL)),
        timeout=10,
    )
    assert daniel.json()["reference"] == answer["reference"]
