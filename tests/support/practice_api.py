"""A small HTTP helper for tests of the reference backend's data API: a bearer token, the
/api/v4 prefix, a time-out on every call, and polling of asynchronous jobs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

from tests.support.backend import RunningBackend

TIMEOUT = 30


@dataclass
class DataApi:
    backend: RunningBackend
    token: str
    session: requests.Session = field(default_factory=requests.Session)

    def url(self, path: str) -> str:
        return f"{self.backend.url}/api/v4/{path.lstrip('/')}"

    def get(
        self, path: str, *, headers: dict[str, str] | None = None, **params: Any
    ) -> requests.Response:
        return self.session.get(
            self.url(path),
            params=params or None,
            headers={"Authorization": f"Bearer {self.token}", **(headers or {})},
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def post(self, path: str, body: Any) -> requests.Response:
        return self.session.post(
            self.url(path),
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every page of a list, following meta.paging.next."""
        answer = self.get(path, **params)
        while True:
            assert answer.status_code == 200, answer.text
            page = answer.json()
            yield page
            next_url = page["meta"]["paging"].get("next")
            if not next_url:
                return
            answer = self.session.get(
                next_url, headers={"Authorization": f"Bearer {self.token}"}, timeout=TIMEOUT
            )

    def records(self, path: str, **params: Any) -> list[dict[str, Any]]:
        return [record for page in self.pages(path, **params) for record in page["data"]]

    def wait_for_job(self, path: str, deadline_seconds: float = 60.0) -> dict[str, Any]:
        """Poll a document archive or report until it is completed, empty or failed."""
        deadline = time.monotonic() + deadline_seconds
        while True:
            answer = self.get(path)
            assert answer.status_code == 200, answer.text
            job = answer.json()["data"]
            if job["state"] in ("completed", "empty", "failed"):
                return job
            assert time.monotonic() < deadline, f"job still {job['state']} at {job['progress']}%"
            time.sleep(0.05)  # polling interval, not a wait for a fixed outcome

    def follow_download(self, path: str) -> requests.Response:
        """GET a download.json (303), then fetch the Location without any Authorization."""
        answer = self.get(path)
        assert answer.status_code == 303, answer.text
        return requests.get(answer.headers["Location"], timeout=TIMEOUT)
