"""What the end-to-end tests share: a proxy in front of the session's demo backend, for the
faults a correct server never produces (`tests/support/faulty_proxy.py`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.net.http import forget_limiters
from tests.support.backend import RunningBackend
from tests.support.faulty_proxy import FaultyProxy


@pytest.fixture
def proxy(demo_backend: RunningBackend) -> Iterator[FaultyProxy]:
    """A proxy in front of the demo backend, with no fault until a test adds one; the rate
    limiters learned through it are forgotten afterwards."""
    with FaultyProxy(demo_backend) as running:
        yield running
    forget_limiters()
