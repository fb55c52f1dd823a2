"""Document downloads: a 303 from the API to a signed, short-lived URL on the file listener (another
origin), which refuses any Authorization header, serves ranges, and says the size and hash."""

from __future__ import annotations

import hashlib
from urllib.parse import urlparse

import pytest
import requests

from tests.support.backend import RunningBackend
from tests.support.practice_api import TIMEOUT, DataApi


@pytest.fixture(scope="module")
def api(demo_backend: RunningBackend) -> DataApi:
    return DataApi(demo_backend, demo_backend.issue_token("primary_subscriber"))


def _location(api: DataApi, document_id: int) -> str:
    answer = api.get(f"documents/{document_id}/download.json")
    assert answer.status_code == 303, answer.text
    return answer.headers["Location"]


def test_download_redirects_to_another_origin(api: DataApi) -> None:
    location = urlparse(_location(api, 1))
    assert f"{location.scheme}://{location.netloc}" == api.backend.files_url
    assert location.netloc != urlparse(api.backend.url).netloc


def test_the_file_matches_the_document_record(api: DataApi) -> None:
    for document_id in (1, 5, 20, 60):
        record = api.get(
            f"documents/{document_id}.json",
            fields="id,size,content_type,latest_document_version{etag,size}",
        ).json()["data"]
        answer = requests.get(_location(api, document_id), timeout=TIMEOUT)
        assert answer.status_code == 200
        digest = hashlib.sha256(answer.content).hexdigest()
        assert len(answer.content) == record["size"] == int(answer.headers["Content-Length"])
        assert answer.headers["X-Content-SHA256"] == digest
        assert answer.headers["ETag"] == f'"{digest}"'
        assert record["latest_document_version"]["etag"] == f'"{digest}"'
        assert answer.headers["Content-Type"].startswith(record["content_type"])


def test_the_demo_files_are_real_files_of_their_type(api: DataApi) -> None:
    documents = api.records("documents.json", fields="id,name,content_type")
    magic = {
        "application/pdf": b"%PDF-",
        "image/png": b"\x89PNG\r\n\x1a\n",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
    }
    checked = set()
    for document in documents:
        prefix = magic.get(document["content_type"])
        if prefix is None or document["content_type"] in checked:
            continue
        body = requests.get(_location(api, document["id"]), timeout=TIMEOUT).content
        assert body.startswith(prefix), document["name"]
        checked.add(document["content_type"])
    assert checked == set(magic)
    total = sum(d["size"] for d in api.records("documents.json", fields="size", order="id(asc)"))
    assert 1_000_000 < total < 20_000_000  # a few megabytes in all


def test_the_file_listener_refuses_a_bearer_token(api: DataApi) -> None:
    answer = requests.get(
        _location(api, 1), headers={"Authorization": f"Bearer {api.token}"}, timeout=TIMEOUT
    )
    assert answer.status_code in (400, 403)
    assert set(answer.json()["error"]) >= {"type", "message"}
    basic = requests.get(_location(api, 1), auth=("user", "pass"), timeout=TIMEOUT)
    assert basic.status_code in (400, 403)


def test_a_range_request_gets_206_with_exactly_those_bytes(api: DataApi) -> None:
    location = _location(api, 3)
    whole = requests.get(location, timeout=TIMEOUT).content
    part = requests.get(location, headers={"Range": "bytes=100-299"}, timeout=TIMEOUT)
    assert part.status_code == 206
    assert part.content == whole[100:300]
    assert part.headers["Content-Length"] == "200"
    assert part.headers["Content-Range"] == f"bytes 100-299/{len(whole)}"
    tail = requests.get(location, headers={"Range": f"bytes={len(whole) - 10}-"}, timeout=TIMEOUT)
    assert tail.status_code == 206 and tail.content == whole[-10:]
    beyond = requests.get(location, headers={"Range": f"bytes={len(whole)}-"}, timeout=TIMEOUT)
    assert beyond.status_code == 416


def test_a_tampered_signature_or_target_is_refused(api: DataApi) -> None:
    location = _location(api, 2)
    tampered = location.replace("/document/2?", "/document/3?")
    assert requests.get(tampered, timeout=TIMEOUT).status_code == 403
    no_signature = location.split("&signature=")[0]
    assert requests.get(no_signature, timeout=TIMEOUT).status_code == 403
    odd_id = location.replace("/document/2?", "/document/²?")
    assert requests.get(odd_id, timeout=TIMEOUT).status_code == 404


def test_an_expired_url_is_refused(backend_factory) -> None:  # type: ignore[no-untyped-def]
    backend = backend_factory("--seed", "demo", "--demo-controls")
    api = DataApi(backend, backend.issue_token("primary_subscriber"))
    location = _location(api, 1)
    assert requests.get(location, timeout=TIMEOUT).status_code == 200
    moved = requests.post(
        backend.url + "/self-service/v1/demo/clock",
        json={"advance_days": 1},
        headers={"Authorization": f"Bearer {api.token}"},
        timeout=TIMEOUT,
    )
    assert moved.status_code == 200
    expired = requests.get(location, timeout=TIMEOUT)
    assert expired.status_code == 403
    assert expired.json()["error"]["type"] == "url_expired"


def test_unknown_documents_have_no_download(api: DataApi) -> None:
    answer = api.get("documents/424242/download.json")
    assert answer.status_code == 404
    assert set(answer.json()["error"]) >= {"type", "message"}
