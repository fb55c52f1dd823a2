"""A file download whose body is read in chunks, resumable with a Range request."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import requests
import urllib3.exceptions

from app.errors import BadResponse, ConnectionFailed, TimedOut
from app.net.answers import is_timeout
from app.net.closing import Closable

DOWNLOAD_CHUNK = 256 * 1024


@dataclass
class Download(Closable):
    """An answered download whose body has not been read yet. Use as a context manager.

    `offset` is where the body starts in the whole file: the requested offset when the server
    honoured the Range (206), 0 when it sent the whole file (200) so the caller must start
    over. `total_size` is the whole file's size when known. `complete` is True when the Range
    started at or past the end (416): nothing more to fetch.
    """

    response: requests.Response = field(repr=False)
    status: int
    offset: int
    total_size: int | None
    etag: str | None
    content_type: str | None
    sha256: str | None
    complete: bool = False

    def iter_chunks(self, chunk_size: int = DOWNLOAD_CHUNK) -> Iterator[bytes]:
        """The body in chunks. A broken connection or a body shorter than announced raises
        `ConnectionFailed`, a stall past the read time-out `TimedOut` (resume from the bytes
        already received)."""
        if self.complete:
            return
        try:
            yield from self.response.iter_content(chunk_size)
        except requests.exceptions.ConnectionError as exc:
            if is_timeout(exc):
                raise TimedOut(detail=f"download stalled: {type(exc).__name__}") from None
            raise ConnectionFailed(
                "The connection broke off during the download.",
                detail=f"download broke: {type(exc).__name__}",
                code="download_broke_off",
            ) from None
        except (
            requests.exceptions.ChunkedEncodingError,
            urllib3.exceptions.ProtocolError,
        ) as exc:
            raise ConnectionFailed(
                "The connection broke off during the download.",
                detail=f"download broke: {type(exc).__name__}",
                code="download_broke_off",
            ) from None
        except (requests.exceptions.Timeout, urllib3.exceptions.ReadTimeoutError):
            raise TimedOut(detail="download stalled past the read time-out") from None

    def close(self) -> None:
        self.response.close()


def download_from(response: requests.Response, requested_offset: int) -> Download:
    headers = response.headers
    status = response.status_code
    total: int | None = None
    offset = 0
    complete = False
    content_range = headers.get("Content-Range", "")
    if status == 206 and content_range.startswith("bytes "):
        span, _, size = content_range[6:].partition("/")
        start = span.partition("-")[0]
        try:
            offset = int(start)
            total = int(size) if size != "*" else None
        except ValueError:
            response.close()
            raise BadResponse(detail="malformed Content-Range") from None
        if offset != requested_offset:
            response.close()
            raise BadResponse(detail="the server resumed at another offset")
    elif status == 416:
        complete = True
        offset = requested_offset
        size = content_range.rpartition("/")[2]
        total = int(size) if size.isdigit() else None
        response.close()
    else:
        length = headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
    return Download(
        response=response,
        status=status,
        offset=offset,
        total_size=total,
        etag=headers.get("ETag"),
        content_type=headers.get("Content-Type"),
        sha256=headers.get("X-Content-SHA256"),
        complete=complete,
    )
