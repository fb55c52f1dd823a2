"""Which servers Account Desk can talk to: the Clio region presets, the local reference
backend, and validation of a custom address typed by the person.

A `Server` is an origin plus the addresses derived from it (data API, OAuth, self-service).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from app.net.urls import is_loopback_host, origin_of


class Region(Enum):
    US = "us"
    CA = "ca"
    EU = "eu"
    AU = "au"
    LOCAL = "local"  # the reference backend on this computer (demo, tests)
    CUSTOM = "custom"


@dataclass(frozen=True)
class Server:
    label: str
    origin: str  # scheme://host[:port], no trailing slash
    region: Region = Region.CUSTOM

    @property
    def api_base(self) -> str:
        return f"{self.origin}/api/v4/"

    @property
    def authorize_url(self) -> str:
        return f"{self.origin}/oauth/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.origin}/oauth/token"

    @property
    def deauthorize_url(self) -> str:
        return f"{self.origin}/oauth/deauthorize"

    @property
    def self_service_base(self) -> str:
        return f"{self.origin}/self-service/v1/"

    @property
    def is_local(self) -> bool:
        return is_loopback_host(urlsplit(self.origin).hostname or "")


PRESETS: tuple[Server, ...] = (
    Server("Clio (United States)", "https://app.clio.com", Region.US),
    Server("Clio (Canada)", "https://ca.app.clio.com", Region.CA),
    Server("Clio (Europe)", "https://eu.app.clio.com", Region.EU),
    Server("Clio (Australia)", "https://au.app.clio.com", Region.AU),
)


def preset(region: Region) -> Server:
    for server in PRESETS:
        if server.region is region:
            return server
    raise KeyError(region)


def local_server(origin: str) -> Server:
    """The reference backend running on this computer at `origin` (its port is dynamic)."""
    return Server(
        "Reference backend on this computer", validate_address(origin).origin, Region.LOCAL
    )


class InvalidAddress(ValueError):  # noqa: N818 - the name is what the person sees it as
    """The typed server address cannot be used; `str()` says why in plain words."""


def validate_address(text: str, label: str | None = None) -> Server:
    """A `Server` from what the person typed ("eu.app.clio.com", "https://host:8443", ...).

    Adds https:// when no scheme is given; refuses plain http except to this computer, user
    names or passwords in the address, and anything after the host (paths, queries).
    """
    text = text.strip()
    if not text:
        raise InvalidAddress("Enter the server's address, for example app.clio.com.")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        raise InvalidAddress("This is not a valid server address.") from None
    if parts.scheme not in ("https", "http") or not host:
        raise InvalidAddress("This is not a valid server address.")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise InvalidAddress(
            "Account Desk only connects over a secure (https) connection. "
            "Use an address starting with https://."
        )
    if parts.username is not None or parts.password is not None:
        raise InvalidAddress("Leave out any user name or password from the address.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InvalidAddress("Enter only the server's address, without a path after it.")
    if any(c.isspace() for c in host) or host.startswith(".") or ".." in host:
        raise InvalidAddress("This is not a valid server address.")
    origin = origin_of(text)
    for known in PRESETS:
        if known.origin == origin:
            return known
    return Server(label or (parts.hostname or origin), origin, Region.CUSTOM)
