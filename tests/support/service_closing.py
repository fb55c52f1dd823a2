"""The reference backend playing the real service (`--style clio`, no self-service API), for
the tests and screenshots of closing through the service's own page and of what follows the
deletion: a signed-in session without a self-service client, and a firm whose account the
service closed (the reference backend's own closing stands in for the service's page) with the
server's clock past the deletion."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import requests

from app.net.http import HttpSession, RetryPolicy, Timeouts
from app.net.servers import local_server
from app.signin.oauth import Identity
from server.firm import SEED_USERS
from tests.support import oauth_browser as ob
from tests.support.backend import RunningBackend, start_backend
from tests.support.closing_ui import FIRM, ClosingTestSession

CLOSED_AT = "2026-08-03T15:30:00Z"
CLOSED_ON = date(2026, 8, 3)
# 90 days later the content is deleted (at the start of November 2, 2026, UTC): a week after.
AFTER_DELETION = "2026-11-09T12:00:00Z"


def clio_session(backend: RunningBackend, role: str = "primary_subscriber") -> ClosingTestSession:
    """Signed in to a `--style clio` backend: a data-API token and no self-service client."""
    http = HttpSession(
        backend.url,
        timeouts=Timeouts(connect=5.0, read=30.0),
        retry=RetryPolicy(max_attempts=3, backoff_base=0.05, backoff_max=0.2),
    )
    http.set_token(backend.issue_token(role))
    user = next(u for u in SEED_USERS if u.role.value == role)
    identity = Identity(key=user.email, user_id=user.id, name=user.name, email=user.email)
    return ClosingTestSession(local_server(backend.url), http, None, identity, FIRM)


def close_on_the_services_side(data_dir: Path) -> None:
    """Seed the demo firm in `data_dir` and let the service close its account at CLOSED_AT
    (the reference backend's own closing, as the service's Account and Payment Info page
    does); the backend stops afterwards."""
    backend = start_backend(data_dir, "--seed", "demo", "--now", CLOSED_AT)
    try:
        token = ob.token_for(backend.url, 1)
        closed = requests.post(
            backend.url + "/self-service/v1/cancellation",
            json={"confirm_firm_name": FIRM},
            headers={**ob.bearer(token), "Idempotency-Key": "closed-on-the-service-page"},
            timeout=10,
        )
        if closed.status_code != 200:
            raise RuntimeError(f"the service did not close the account: {closed.text}")
    finally:
        backend.stop()


def start_after_deletion(data_dir: Path) -> RunningBackend:
    """The service of `close_on_the_services_side` again, as the real service, a week after
    the content was deleted. Clio's rate limit (50 a minute) would only slow the export's
    counting down to its 410s, so it is raised."""
    return start_backend(
        data_dir, "--style", "clio", "--rate-limit", "1000/60", "--now", AFTER_DELETION
    )


def close_and_delete(backend: RunningBackend) -> None:
    """On a default-style backend with `--demo-controls`: the firm closes its account (the
    dates saved on this computer, as the countdown saves them), then 91 days pass."""
    from app.account.models import Retention
    from app.closing.store import ClosingStore

    token = ob.token_for(backend.url, 1)
    closed = requests.post(
        backend.url + "/self-service/v1/cancellation",
        json={"confirm_firm_name": FIRM},
        headers={**ob.bearer(token), "Idempotency-Key": "close"},
        timeout=10,
    )
    if closed.status_code != 200:
        raise RuntimeError(f"the account was not closed: {closed.text}")
    ClosingStore(local_server(backend.url).origin).save_retention(
        Retention.from_json(closed.json())
    )
    moved = requests.post(
        backend.url + "/self-service/v1/demo/clock",
        json={"advance_days": 91},
        headers=ob.bearer(token),
        timeout=10,
    )
    if moved.status_code != 200:
        raise RuntimeError(f"the clock did not move: {moved.text}")
