"""What a server address may be, and how one is written down.

Plain http goes only to this computer (`is_loopback_host`); every other address must be https
(`check_url`). `origin_of` names a server for the per-origin rules (token, rate limit), and
`loggable_url` is the only form of a URL that reaches the log.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

from app.errors import InsecureURL

_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.IPv6Address("::1")


def is_loopback_host(host: str) -> bool:
    """True for an IPv4 literal in 127.0.0.0/8, ``::1`` (bracketed or not) and ``localhost``:
    the only hosts plain http may go to. Names that merely start with "127." or
    "localhost" (``127.evil.example``, ``localhost.evil``) are someone else's hosts."""
    host = host.lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv4Address):
        return address in _LOOPBACK_V4
    # a zone (``::1%eth0``) names an interface, not this computer's own address
    return address == _LOOPBACK_V6 and address.scope_id is None


def is_loopback_address(address: str) -> bool:
    """`is_loopback_host` for an address as a person types it: a URL or ``host[:port]``."""
    try:
        host = urlsplit(address if "://" in address else "//" + address).hostname
    except ValueError:
        return False
    return host is not None and is_loopback_host(host)


def check_url(url: str) -> str:
    """Return `url` if it is https, or http to loopback; otherwise raise `InsecureURL`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise InsecureURL(
            "This is not a valid server address.", detail="unparsable URL", code="invalid_address"
        ) from None
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host and is_loopback_host(host):
        return url
    if parts.scheme == "http":
        raise InsecureURL(detail=f"plain http to {host!r} refused")
    raise InsecureURL(
        "This is not a valid server address.",
        detail=f"scheme {parts.scheme!r}",
        code="invalid_address",
    )


def origin_of(url: str) -> str:
    """`scheme://host[:port]` with the default port left out, lower-cased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in {("https", 443), ("http", 80)}:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def loggable_url(url: str) -> str:
    """The URL without query or fragment (they can hold signatures or OAuth codes)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
