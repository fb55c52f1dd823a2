"""Placeholder: per-token rate limiting and the X-RateLimit-* headers."""

from fastapi import FastAPI

from server.state import ServerState


def install(app: FastAPI, state: ServerState) -> None:
    return None
