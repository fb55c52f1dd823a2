"""Builds the two ASGI apps of the reference backend: the API (data API, OAuth, self-service)
and the file listener that serves signed download URLs on another origin."""

from __future__ import annotations

from fastapi import FastAPI

from server import alternatives, data_api, files, oauth, ratelimit, selfservice
from server.bodylimit import BodyLimitMiddleware
from server.errors import install_error_handlers
from server.state import ServerState


def create_app(state: ServerState) -> FastAPI:
    app = FastAPI(title="Account Desk reference backend", docs_url=None, redoc_url=None)
    app.state.backend = state
    install_error_handlers(app)
    # inside the rate limiter (added later, so it runs first): refusals still carry its headers
    app.add_middleware(BodyLimitMiddleware)
    ratelimit.install(app, state)
    app.state.sign_in_guard = ratelimit.SignInGuard(*state.options.sign_in_limit)
    app.include_router(data_api.router, prefix="/api/v4")
    app.include_router(oauth.router, prefix="/oauth")
    # the real service has no self-service API: there, as here in the clio style, its paths
    # are unknown routes (404)
    if not state.options.no_self_service and state.options.style != "clio":
        app.include_router(selfservice.router, prefix="/self-service/v1")
        app.include_router(alternatives.router, prefix="/self-service/v1")
    return app


def create_files_app(state: ServerState) -> FastAPI:
    app = FastAPI(title="Account Desk reference backend files", docs_url=None, redoc_url=None)
    app.state.backend = state
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware)
    app.include_router(files.router)
    return app
