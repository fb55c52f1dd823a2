"""The versions of the reference backend's documents, fetched independently of the app."""

from __future__ import annotations

import hashlib
from typing import Any

import requests

from tests.support.backend import RunningBackend

TIMEOUT = 30


def _get(backend: RunningBackend, token: str, path: str, **params: Any) -> requests.Response:
    return requests.get(
        f"{backend.url}/api/v4/{path}",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def server_versions(backend: RunningBackend, token: str) -> dict[tuple[int, int], tuple[int, str]]:
    """(document id, version number) -> (size, SHA-256) of the bytes, of every version of
    every document that has several, fetched independently of the app."""
    found: dict[tuple[int, int], tuple[int, str]] = {}
    fields = "id,latest_document_version{version_number}"
    url: str | None = f"{backend.url}/api/v4/documents.json"
    params: dict[str, Any] | None = {"fields": fields, "limit": 200}
    while url:
        page = requests.get(
            url, params=params, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
        ).json()
        for document in page["data"]:
            if document["latest_document_version"]["version_number"] < 2:
                continue
            listed = _get(
                backend,
                token,
                f"documents/{document['id']}/versions.json",
                id=document["id"],
                fields="id,version_number",
            ).json()["data"]
            for version in listed:
                first = _get(
                    backend,
                    token,
                    f"documents/{document['id']}/download.json",
                    document_version_id=version["id"],
                )
                body = requests.get(first.headers["Location"], timeout=TIMEOUT).content
                key = (document["id"], version["version_number"])
                found[key] = (len(body), hashlib.sha256(body).hexdigest())
        url, params = page["meta"]["paging"].get("next"), None
    return found
