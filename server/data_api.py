"""The practice-data API under /api/v4, with Clio v4 conventions: `fields=` selection, cursor and
offset paging, `updated_since`, ETags, document downloads by 303 to the file listener, and the
asynchronous document archives and reports."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

import orjson
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from server import files, jobs, published_filters
from server.auth import Principal, require_principal
from server.errors import ApiError
from server.field_selection import (
    default_nested,
    parse_fields,
    pick,
    render,
    selection_for,
    validate,
)
from server.filter_kinds import FilterError
from server.filter_kinds import instant as filter_instant
from server.practice.document_store import (
    document_file,
    is_latest_version,
    older_versions,
    template_file,
    version_file_by_id,
)
from server.practice.kinds import KINDS
from server.practice.records import (
    Filters,
    StoredRecord,
    count_records,
    get_record,
    page_after,
    page_at,
)
from server.published_fields import PUBLISHED_OTHER
from server.state import ServerState

API_VERSION = "4.0.9"
MAX_LIMIT = 200
# Clio refuses offset paging past 10,000 records; cursor paging (order=id(asc)) has no limit.
MAX_OFFSET = 10_000
MAX_ID = 2**62  # ids and offsets beyond what SQLite integers hold are simply not found

router = APIRouter()


def _state(request: Request) -> ServerState:
    return request.app.state.backend  # type: ignore[no-any-return]


def _json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _respond(content: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        content,
        status_code=status,
        media_type="application/json; charset=utf-8",
        headers={"X-API-VERSION": API_VERSION, **(headers or {})},
    )


def _bad(message: str, type_: str = "InvalidRequest") -> ApiError:
    return ApiError(400, type_, message)


# ---------------------------------------------------------------------------------------------
# paging


def _encode_token(kind: str, mode: str, value: int) -> str:
    raw = f"{kind}|{mode}|{value}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(kind: str, token: str) -> tuple[str, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        token_kind, mode, value = raw.split("|")
        number = int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _bad("page_token is not valid", "InvalidPageToken") from None
    if token_kind != kind or mode not in ("c", "o") or not 0 <= number <= MAX_ID:
        raise _bad("page_token is not valid for this list", "InvalidPageToken")
    return mode, number


def _limit(request: Request) -> int:
    text = request.query_params.get("limit")
    if text is None:
        return MAX_LIMIT
    try:
        limit = int(text)
    except ValueError:
        raise _bad("limit must be a whole number from 1 to 200") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise _bad("limit must be a whole number from 1 to 200")
    return limit


def _updated_since(request: Request) -> str | None:
    text = request.query_params.get("updated_since")
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "+"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        raise _bad("updated_since must be an ISO-8601 timestamp") from None


def _filters(kind: str, request: Request) -> Filters:
    """The published filters of the list (server.published_filters); parameters the published
    document does not define for it are ignored, as the real service ignores them."""
    sub = None
    required = KINDS[kind].required_param
    if required is not None and required not in request.query_params:
        raise _bad(f"{required} is required for {kind}")
    if kind == "notes":
        sub = request.query_params.get("type")
        if sub not in ("Matter", "Contact"):
            raise _bad("type is required for notes: Matter or Contact")
    today = _state(request).clock.now().date().isoformat()
    try:
        clauses = published_filters.clauses(kind, request.query_params.multi_items(), today)
    except FilterError as error:
        raise _bad(str(error)) from None
    return Filters(sub=sub, updated_since=_updated_since(request), clauses=clauses)


def _next_url(request: Request, token: str) -> str:
    # On the origin the request came to (its Host), so behind a proxy page 2 goes there too.
    base = str(request.base_url).rstrip("/")
    # Each parameter once: a client that sends its query again with the next URL (as some
    # do) must not get a next URL that grows with every page.
    kept = (pair for pair in request.query_params.multi_items() if pair[0] != "page_token")
    params = list(dict.fromkeys(kept))
    params.append(("page_token", token))
    return f"{base}{request.url.path}?{urlencode(params, quote_via=quote, safe=',()')}"


def _list_endpoint(kind: str) -> Callable[..., Response]:
    def list_records(request: Request) -> Response:
        state = _state(request)
        selection, mode = selection_for(kind, request.query_params.get("fields"))
        limit = _limit(request)
        filters = _filters(kind, request)
        order = request.query_params.get("order")
        if order is not None and order not in published_filters.orders(kind):
            raise _bad(f"order must be one of {', '.join(published_filters.orders(kind))}")
        path, descending = published_filters.order_path(kind, order or "id(asc)")
        token = request.query_params.get("page_token")
        cursor = order == "id(asc)"
        if cursor:
            after = 0
            if token:
                mode_, after = _decode_token(kind, token)
                if mode_ != "c":
                    raise _bad("page_token does not belong to cursor paging", "InvalidPageToken")
            records = page_after(state, kind, after, limit + 1, filters)
            more = len(records) > limit
            records = records[:limit]
            next_token = _encode_token(kind, "c", records[-1].id) if more and records else None
        else:
            offset = 0
            if token:
                mode_, offset = _decode_token(kind, token)
                if mode_ != "o":
                    raise _bad("page_token does not belong to offset paging", "InvalidPageToken")
            if offset >= MAX_OFFSET:
                raise ApiError(
                    422,
                    "InvalidPagination",
                    "Offset pagination is limited to 10,000 records; ask for order=id(asc) to"
                    " page through more with a cursor.",
                )
            records = page_at(state, kind, offset, limit + 1, descending, filters, order_path=path)
            more = len(records) > limit
            records = records[:limit]
            next_token = _encode_token(kind, "o", offset + limit) if more else None
        total = count_records(state, kind, filters)
        paging = {"next": _next_url(request, next_token)} if next_token else {}
        data = ",".join(render(kind, r, selection, mode) for r in records)
        meta = _json({"paging": paging, "records": total}).decode()
        return _respond(f'{{"data":[{data}],"meta":{meta}}}'.encode())

    list_records.__name__ = f"list_{kind.replace('/', '_')}"
    return list_records


def _record_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        raise ApiError(404, "NotFound", "No such record.")
    return int(text)


def _detail(request: Request, kind: str, record: StoredRecord) -> Response:
    selection, mode = selection_for(kind, request.query_params.get("fields"))
    headers = {"ETag": record.etag}
    wanted = request.headers.get("if-none-match")
    if wanted is not None:
        tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
        if record.etag in tags or "*" in tags:
            return Response(status_code=304, headers={"X-API-VERSION": API_VERSION, **headers})
    body = render(kind, record, selection, mode)
    return _respond(f'{{"data":{body}}}'.encode(), headers=headers)


def _detail_endpoint(kind: str) -> Callable[..., Response]:
    def show_record(record_id: str, request: Request) -> Response:
        record = get_record(_state(request), kind, _record_id(record_id))
        if record is None:
            raise ApiError(404, "NotFound", f"No {kind} record with id {record_id}.")
        return _detail(request, kind, record)

    show_record.__name__ = f"show_{kind.replace('/', '_')}"
    return show_record


# ---------------------------------------------------------------------------------------------
# routes


@router.get("/users/who_am_i.json")
def who_am_i(request: Request, principal: Principal = Depends(require_principal)) -> Response:  # noqa: B008
    record = get_record(_state(request), "users", principal.user_id)
    if record is None:
        raise ApiError(404, "NotFound", "The signed-in user has no user record.")
    return _detail(request, "users", record)


@router.get("/documents/{record_id}/download.json", dependencies=[Depends(require_principal)])
def download_document(record_id: str, request: Request) -> Response:
    state = _state(request)
    version = request.query_params.get("document_version_id")
    if version is not None:
        # one version of the document (its latest too): the file listener serves its bytes
        document_id = _record_id(record_id)
        version_id = _int_param("document_version_id", version)
        older = version_file_by_id(state, version_id)
        if older is not None and older.document_id == document_id and older.path.exists():
            return _see_other(files.signed_url(state, files.VERSION, version_id))
        if not is_latest_version(state, document_id, version_id):
            raise ApiError(
                404, "NotFound", f"Document {record_id} has no version with id {version}."
            )
    document = document_file(state, _record_id(record_id))
    if document is None or not document.path.exists():
        raise ApiError(404, "NotFound", f"No document with id {record_id}.")
    return _see_other(files.signed_url(state, "document", document.document_id))


@router.get(
    "/document_templates/{record_id}/download.json", dependencies=[Depends(require_principal)]
)
def download_document_template(record_id: str, request: Request) -> Response:
    state = _state(request)
    template = template_file(state, _record_id(record_id))
    if template is None:
        raise ApiError(404, "NotFound", f"No document template with id {record_id}.")
    return _see_other(files.signed_url(state, files.TEMPLATE, template.document_id))


def _see_other(url: str) -> Response:
    return RedirectResponse(url, status_code=303, headers={"X-API-VERSION": API_VERSION})


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        payload = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise _bad("the request body is not valid JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        raise _bad('the request body must be {"data": {...}}')
    return payload["data"]  # type: ignore[no-any-return]


# The published document has an archive item's `type` as an int32 without naming its values:
# 1 is a Document and 2 a Folder here (and in the client, app/export/documents/placement.py).
ARCHIVE_ITEM_TYPES = {1: "Document", 2: "Folder"}


@router.post("/document_archives.json", status_code=201)
async def create_archive(
    request: Request,
    principal: Principal = Depends(require_principal),  # noqa: B008
) -> Response:
    data = await _body(request)
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise _bad("data.items must be a non-empty list of {id, type}")
    wanted: list[tuple[str, int]] = []
    for item in items:
        if not isinstance(item, dict):
            raise _bad("each item must be an object {id, type}")
        item_id, item_type = item.get("id"), item.get("type")
        if isinstance(item_id, bool) or not isinstance(item_id, int) or not 0 < item_id <= MAX_ID:
            raise _bad("each item needs a positive integer id")
        if isinstance(item_type, bool) or not isinstance(item_type, int):
            raise _bad("each item needs an integer type: 1 (a document) or 2 (a folder)")
        if item_type not in ARCHIVE_ITEM_TYPES:
            raise ApiError(
                422,
                "InvalidItemType",
                f"Unknown item type {item_type}: 1 (a document) or 2 (a folder).",
            )
        wanted.append((ARCHIVE_ITEM_TYPES[item_type], item_id))
    resource = await run_in_threadpool(
        jobs.create_archive, _state(request), wanted, principal.user_id
    )
    return _respond(_json({"data": resource}), status=201)


@router.get("/document_archives/{job_id}.json", dependencies=[Depends(require_principal)])
def show_archive(job_id: str, request: Request) -> Response:
    resource = jobs.get_job(_state(request), jobs.ARCHIVE, _record_id(job_id))
    return _respond(_json({"data": resource}))


@router.get("/document_archives/{job_id}/download.json", dependencies=[Depends(require_principal)])
def download_archive(job_id: str, request: Request) -> Response:
    state = _state(request)
    job = jobs.finished_job_file(state, jobs.ARCHIVE, _record_id(job_id))
    return _see_other(files.signed_url(state, jobs.ARCHIVE, job.job_id))


@router.post("/reports.json", status_code=201)
async def create_report(
    request: Request,
    principal: Principal = Depends(require_principal),  # noqa: B008
) -> Response:
    data = await _body(request)
    kind, fmt = data.get("kind"), data.get("format", "csv")
    if kind not in jobs.REPORT_KINDS:
        raise _bad(f"kind must be one of {', '.join(jobs.REPORT_KINDS)}")
    if fmt != "csv":
        raise _bad("format must be csv")
    resource = await run_in_threadpool(jobs.create_report, _state(request), kind, principal.user_id)
    return _respond(_json({"data": resource}), status=201)


@router.get("/reports/{job_id}.json", dependencies=[Depends(require_principal)])
def show_report(job_id: str, request: Request) -> Response:
    resource = jobs.get_job(_state(request), jobs.REPORT, _record_id(job_id))
    return _respond(_json({"data": resource}))


@router.get("/reports/{job_id}/download.json", dependencies=[Depends(require_principal)])
def download_report(job_id: str, request: Request) -> Response:
    state = _state(request)
    job = jobs.finished_job_file(state, jobs.REPORT, _record_id(job_id))
    return _see_other(files.signed_url(state, jobs.REPORT, job.job_id))


# ---------------------------------------------------------------------------------------------
# sub-resources and other published lists, built from the stored records


def _plain_list(
    request: Request,
    name: str,
    records: list[dict[str, Any]],
    filters: dict[str, Callable[[dict[str, Any], str], bool]] | None = None,
    orders: dict[str, Callable[[dict[str, Any]], Any]] | None = None,
) -> Response:
    """A published list whose records are computed rather than stored: `fields=` (null where
    the demo has no value), `limit`, offset paging, `ids[]`, `created_since`, `updated_since`,
    the list's own filters and orders."""
    fields = request.query_params.get("fields")
    shape = PUBLISHED_OTHER[name]
    selection = (
        validate(parse_fields(fields.replace(" ", "")), shape, "")
        if fields and fields.strip()
        else {}
    ) or default_nested(shape)
    limit = _limit(request)
    params = request.query_params
    wanted_ids = params.getlist("ids[]")
    if wanted_ids:
        numbers = {_int_param("ids[]", text) for text in wanted_ids}
        records = [r for r in records if r.get("id") in numbers]
    for param, field in (("created_since", "created_at"), ("updated_since", "updated_at")):
        if param in params:
            since = _instant_param(param, params[param])
            records = [r for r in records if (r.get(field) or "") >= since]
    for param, keep in (filters or {}).items():
        if param in params:
            value = params[param]
            records = [r for r in records if keep(r, value)]
    order = params.get("order", "id(asc)")
    sort_keys: dict[str, Callable[[dict[str, Any]], Any]] = {"id": lambda r: r["id"]}
    sort_keys.update(orders or {})
    order_name, _, direction = order.partition("(")
    if order_name not in sort_keys or direction not in ("asc)", "desc)"):
        accepted = [f"{key}({d})" for key in sort_keys for d in ("asc", "desc")]
        raise _bad(f"order must be one of {', '.join(accepted)}")
    records = sorted(
        records,
        key=lambda r: (sort_keys[order_name](r), r["id"]),
        reverse=direction == "desc)",
    )
    offset = 0
    token = params.get("page_token")
    if token:
        mode, offset = _decode_token(name, token)
        if mode != "o":
            raise _bad("page_token does not belong to this list", "InvalidPageToken")
    page = records[offset : offset + limit]
    more = offset + limit < len(records)
    paging = {"next": _next_url(request, _encode_token(name, "o", offset + limit))} if more else {}
    return _respond(
        _json(
            {
                "data": [pick(r, selection) for r in page],
                "meta": {"paging": paging, "records": len(records)},
            }
        )
    )


def _int_param(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _bad(f"{name} must be a whole number") from None


def _instant_param(name: str, text: str) -> str:
    try:
        return filter_instant(name, text)
    except FilterError as error:
        raise _bad(str(error)) from None


def _stored(request: Request, kind: str, record_id: str) -> dict[str, Any]:
    record = get_record(_state(request), kind, _record_id(record_id))
    if record is None:
        raise ApiError(404, "NotFound", f"No {kind} record with id {record_id}.")
    return orjson.loads(record.body)  # type: ignore[no-any-return]


def _text_flag(value: str) -> bool:
    if value.lower() not in ("true", "false"):
        raise _bad("a boolean filter must be true or false")
    return value.lower() == "true"


@router.get("/reports.json", dependencies=[Depends(require_principal)])
def list_reports(request: Request) -> Response:
    state = _state(request)
    reports = [
        jobs.get_job(state, jobs.REPORT, job_id) for job_id in jobs.job_ids(state, jobs.REPORT)
    ]
    if "created_before" in request.query_params:
        before = _instant_param("created_before", request.query_params["created_before"])
        reports = [r for r in reports if r["created_at"] < before]
    return _plain_list(
        request,
        "reports",
        reports,
        filters={
            "category": lambda r, v: r.get("category") == v,
            "kind": lambda r, v: r.get("kind") == v,
            "output_format": lambda r, v: r.get("format") == v,
            "source": lambda r, v: r.get("source") == v,
            "state": lambda r, v: r.get("state") == v,
            "query": lambda r, v: v.lower() in (r.get("name") or "").lower(),
        },
    )


@router.get("/documents/{record_id}/versions.json", dependencies=[Depends(require_principal)])
def list_document_versions(record_id: str, request: Request) -> Response:
    document = _stored(request, "documents", record_id)
    latest = document.get("latest_document_version")
    versions = older_versions(_state(request), int(document["id"]))
    versions += [latest] if latest else []
    return _plain_list(
        request,
        "document_versions",
        versions,
        filters={"fully_uploaded": lambda r, v: bool(r.get("fully_uploaded")) == _text_flag(v)},
    )


@router.get("/contacts/{record_id}/email_addresses.json", dependencies=[Depends(require_principal)])
def list_email_addresses(record_id: str, request: Request) -> Response:
    contact = _stored(request, "contacts", record_id)
    return _plain_list(request, "email_addresses", list(contact.get("email_addresses") or []))


@router.get("/contacts/{record_id}/phone_numbers.json", dependencies=[Depends(require_principal)])
def list_phone_numbers(record_id: str, request: Request) -> Response:
    contact = _stored(request, "contacts", record_id)
    return _plain_list(request, "phone_numbers", list(contact.get("phone_numbers") or []))


def _matter_client(request: Request, record_id: str) -> StoredRecord | None:
    matter = _stored(request, "matters", record_id)
    client = matter.get("client") or {}
    if not client.get("id"):
        return None
    return get_record(_state(request), "contacts", int(client["id"]))


@router.get("/matters/{record_id}/client.json", dependencies=[Depends(require_principal)])
def show_matter_client(record_id: str, request: Request) -> Response:
    client = _matter_client(request, record_id)
    if client is None:
        raise ApiError(404, "NotFound", f"Matter {record_id} has no client.")
    headers = {"ETag": client.etag}
    wanted = request.headers.get("if-none-match")
    if wanted is not None:
        tags = {tag.strip().removeprefix("W/") for tag in wanted.split(",")}
        if client.etag in tags or "*" in tags:
            return Response(status_code=304, headers={"X-API-VERSION": API_VERSION, **headers})
    fields = request.query_params.get("fields")
    shape = PUBLISHED_OTHER["matter_client"]
    selection = (
        validate(parse_fields(fields.replace(" ", "")), shape, "")
        if fields and fields.strip()
        else {}
    ) or default_nested(shape)
    body = {**orjson.loads(client.body), "is_matter_client": True}
    return _respond(_json({"data": pick(body, selection)}), headers=headers)


def _matter_contacts(request: Request, record_id: str) -> list[dict[str, Any]]:
    """The contacts of a matter: in the demo firm, its client (it stores no relationships)."""
    matter = _stored(request, "matters", record_id)
    client = _matter_client(request, record_id)
    if client is None:
        return []
    contact = orjson.loads(client.body)
    return [
        {
            **contact,
            "contact_id": contact["id"],
            "contact_created_at": contact.get("created_at"),
            "contact_updated_at": contact.get("updated_at"),
            "matter_id": matter["id"],
            "matter_number": matter.get("display_number"),
            "is_client": True,
            "is_matter_client": True,
            "relationship_name": None,
            "relationship": None,
        }
    ]


@router.get("/matters/{record_id}/contacts.json", dependencies=[Depends(require_principal)])
def list_matter_contacts(record_id: str, request: Request) -> Response:
    return _plain_list(
        request,
        "matter_contacts",
        _matter_contacts(request, record_id),
        orders={"is_client": lambda r: bool(r.get("is_client"))},
    )


@router.get("/matters/{record_id}/related_contacts.json", dependencies=[Depends(require_principal)])
def list_related_contacts(record_id: str, request: Request) -> Response:
    return _plain_list(request, "related_contacts", _matter_contacts(request, record_id))


for _kind, _spec in KINDS.items():
    router.add_api_route(
        f"/{_kind}.json",
        _list_endpoint(_kind),
        methods=["GET"],
        dependencies=[Depends(require_principal)],
    )
    if not _spec.detail:  # the published document has no single-record path for it
        continue
    router.add_api_route(
        f"/{_kind}/{{record_id}}.json",
        _detail_endpoint(_kind),
        methods=["GET"],
        dependencies=[Depends(require_principal)],
    )
