"""Which addresses plain http may go to: this computer only, whatever form the address takes."""

from __future__ import annotations

import pytest

from app.errors import InsecureURL
from app.net.urls import check_url, is_loopback_address, is_loopback_host

LOOPBACK_HOSTS = [
    "127.0.0.1",
    "127.0.0.2",
    "127.255.255.254",
    "127.1.2.3",
    "::1",
    "[::1]",
    "0:0:0:0:0:0:0:1",
    "localhost",
    "LOCALHOST",
    "LocalHost",
]

HOSTILE_HOSTS = [
    "127.evil.example",
    "127.0.0.1.evil.example",
    "127.0.0.1.nip.io",
    "localhost.evil",
    "localhost.evil.example",
    "evil.localhost",
    "localhostevil.example",
    "evil-localhost",
    "128.0.0.1",
    "126.255.255.255",
    "10.0.0.1",
    "192.168.1.1",
    "0.0.0.0",
    "::",
    "::2",
    "::ffff:127.0.0.1",
    "::1%eth0",
    "[::1",
    "::1]",
    "127.1",
    "0177.0.0.1",
    "2130706433",
    "0x7f.0.0.1",
    "127.0.0.1 ",
    " localhost",
    "localhost.",
    "",
    "example.com",
]


@pytest.mark.parametrize("host", LOOPBACK_HOSTS)
def test_this_computer_in_every_form_is_loopback(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", HOSTILE_HOSTS)
def test_a_host_that_only_looks_local_is_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("127.0.0.1:8000", True),
        ("localhost:5000", True),
        ("http://localhost/", True),
        ("http://[::1]:8443/api", True),
        ("[::1]:8443", True),
        ("http://127.evil.example:8000", False),
        ("127.evil.example", False),
        ("http://localhost.evil/", False),
        ("https://app.clio.com", False),
        ("http://user@127.0.0.1.evil.example/", False),
        ("http://[::1", False),
    ],
)
def test_an_address_as_typed_is_loopback_only_for_this_computer(
    address: str, loopback: bool
) -> None:
    assert is_loopback_address(address) is loopback


@pytest.mark.parametrize(
    "url", ["http://127.evil.example/", "http://localhost.evil:80/", "http://evil.localhost/"]
)
def test_plain_http_to_a_host_that_only_looks_local_is_refused(url: str) -> None:
    with pytest.raises(InsecureURL):
        check_url(url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/", "http://[::1]:9/", "http://localhost/"])
def test_plain_http_to_this_computer_is_allowed(url: str) -> None:
    assert check_url(url) == url
