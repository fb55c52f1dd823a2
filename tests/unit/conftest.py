"""Fixtures for the core's unit tests: the misbehaving server (tests/support/faulty_server.py)."""

from tests.support.faulty_server import faulty_server, faulty_server_factory

__all__ = ["faulty_server", "faulty_server_factory"]
