"""The file listener: another origin that serves document, archive and report bytes behind
short-lived signed URLs (what the data API's 303 points to). It takes no bearer token at all and
refuses any request that carries an Authorization header, so a client leaking its token to a
redirect target fails loudly. Files are streamed from disk with Range support."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from server import jobs
from server.auth import ensure_content_available
from server.errors import ApiError
from server.practice import document_store
from server.state import ServerState

URL_LIFETIME_SECONDS = 300
VERSION = "document_version"
TEMPLATE = "document_template"
TARGETS = ("document", VERSION, TEMPLATE, jobs.ARCHIVE, jobs.REPORT)

router = APIRouter()


def _signature(state: ServerState, target: str, object_id: int, expires: int) -> str:
    message = f"{target}:{object_id}:{expires}".encode()
    return hmac.new(state.signing_key, message, hashlib.sha256).hexdigest()


def signed_url(state: ServerState, target: str, object_id: int) -> str:
    """A URL on the file listener, valid for a few minutes of server time."""
    expires = int(state.clock.timestamp()) + URL_LIFETIME_SECONDS
    signature = _signature(state, target, object_id, expires)
    return (
        f"{state.options.files_base_url}/download/{target}/{object_id}"
        f"?expires={expires}&signature={signature}"
    )


class _StreamedFile(FileResponse):
    # bigger reads than Starlette's 64 KiB: fewer round trips through the thread pool
    chunk_size = 1 << 20


def _disposition(name: str) -> str:
    ascii_name = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\' else "_" for ch in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.api_route("/download/{target}/{object_id}", methods=["GET", "HEAD"])
def download(target: str, object_id: str, request: Request) -> Response:
    state: ServerState = request.app.state.backend
    if "authorization" in request.headers:
        raise ApiError(
            400,
            "authorization_not_accepted",
            "This URL is already signed; requests to it must not carry an Authorization header.",
        )
    expires_text = request.query_params.get("expires", "")
    signature = request.query_params.get("signature", "")
    if (
        target not in TARGETS
        or not (object_id.isascii() and object_id.isdigit() and len(object_id) < 19)
        or not (expires_text.isascii() and expires_text.isdigit() and len(expires_text) < 19)
    ):
        raise ApiError(404, "NotFound", "No such file.")
    expected = _signature(state, target, int(object_id), int(expires_text))
    if not hmac.compare_digest(expected, signature):
        raise ApiError(403, "invalid_signature", "The download URL's signature is not valid.")
    # A URL signed shortly before deletion must not outlive the content it points to.
    ensure_content_available(state)
    if int(expires_text) < state.clock.timestamp():
        raise ApiError(
            403, "url_expired", "The download URL has expired; ask the API for a new one."
        )
    path, sha256, name, content_type = _locate(state, target, int(object_id))
    if not path.is_file():
        raise ApiError(404, "NotFound", "The file is no longer available.")
    headers = {
        "ETag": f'"{sha256}"',
        "X-Content-SHA256": sha256,
        "Content-Disposition": _disposition(name),
        "Cache-Control": "private, max-age=0",
    }
    return _StreamedFile(path, media_type=content_type, headers=headers)


def _locate(state: ServerState, target: str, object_id: int) -> tuple[Path, str, str, str]:
    if target == "document":
        document = document_store.document_file(state, object_id)
        if document is None:
            raise ApiError(404, "NotFound", "No such document.")
        return document.path, document.sha256, document.name, document.content_type
    if target == VERSION:
        version = document_store.version_file_by_id(state, object_id)
        if version is None:
            raise ApiError(404, "NotFound", "No such document version.")
        return version.path, version.sha256, version.name, version.content_type
    if target == TEMPLATE:
        template = document_store.template_file(state, object_id)
        if template is None:
            raise ApiError(404, "NotFound", "No such document template.")
        return template.path, template.sha256, template.name, template.content_type
    job = jobs.finished_job_file(state, target, object_id)
    return job.path, job.sha256, job.filename, job.content_type
