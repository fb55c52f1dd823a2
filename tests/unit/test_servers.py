"""Region presets and the custom server address a person may type."""

from __future__ import annotations

import pytest

from app.net.servers import PRESETS, InvalidAddress, Region, local_server, preset, validate_address


def test_presets_are_the_four_clio_regions() -> None:
    assert {s.region: s.origin for s in PRESETS} == {
        Region.US: "https://app.clio.com",
        Region.CA: "https://ca.app.clio.com",
        Region.EU: "https://eu.app.clio.com",
        Region.AU: "https://au.app.clio.com",
    }
    eu = preset(Region.EU)
    assert eu.api_base == "https://eu.app.clio.com/api/v4/"
    assert eu.token_url == "https://eu.app.clio.com/oauth/token"
    assert eu.self_service_base == "https://eu.app.clio.com/self-service/v1/"


@pytest.mark.parametrize(
    ("typed", "origin"),
    [
        ("eu.app.clio.com", "https://eu.app.clio.com"),
        ("  https://Firm.Example:8443/ ", "https://firm.example:8443"),
        ("https://firm.example:443", "https://firm.example"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://[::1]:9000", "http://[::1]:9000"),
    ],
)
def test_addresses_that_are_accepted(typed: str, origin: str) -> None:
    assert validate_address(typed).origin == origin


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter the server"),
        ("http://firm.example", r"secure \(https\)"),
        ("ftp://firm.example", "not a valid"),
        ("https://user:pw@firm.example", "user name or password"),
        ("https://firm.example/api/v4", "without a path"),
        ("https://firm.example/?x=1", "without a path"),
        ("https://firm.example:99999", "not a valid"),
        ("https://", "not a valid"),
    ],
)
def test_addresses_that_are_refused_say_why(typed: str, says: str) -> None:
    with pytest.raises(InvalidAddress, match=says):
        validate_address(typed)


def test_a_preset_typed_by_hand_is_the_preset() -> None:
    assert validate_address("app.clio.com") is preset(Region.US)
    assert local_server("http://127.0.0.1:4321").is_local
    assert not preset(Region.AU).is_local
